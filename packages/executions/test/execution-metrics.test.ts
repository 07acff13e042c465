import { describe, expect, it } from 'vitest';
import { estimateCost, priceFor, tokenUsage } from '@exec-automator/core/models';
import {
  executionFamilies,
  executionRecord,
  type ExecutionRecord,
  executionStats,
  type ExecutionStatus,
  renderPrometheusText,
} from '@exec-automator/executions';
import { runPromtool } from './helpers/promtool.js';

let n = 0;
function record(status: ExecutionStatus, duration: number, extra: Partial<ExecutionRecord> = {}): ExecutionRecord {
  n += 1;
  const finished = new Date(Date.UTC(2026, 10, 25, 12, 0, n));
  return {
    ...executionRecord(
      {
        execution_id: `exe-${n}`,
        environment: 'production',
        workflow_id: 'workflow_resp_002',
        workflow: 'workflow-resp_002-member-communication',
        release_id: 'dep-1',
        thread_id: `t-${n}`,
        resumed: false,
        simulated: false,
        started_at: new Date(finished.getTime() - duration * 1000).toISOString(),
      },
      { status },
      finished,
    ),
    ...extra,
  };
}

describe('execution metrics', () => {
  const records = [
    record('completed', 0.5, { tokens: [{ model: 'claude-sonnet-4-5', node: 'draft', input_tokens: 100, output_tokens: 50, calls: 1 }], cost_usd: 0.00105 }),
    record('completed', 7),
    record('interrupted', 45),
    record('error', 200, { error_type: 'ValueError', error_node: 'validate "input"\nline', error_message: 'bad' }),
    record('timeout', 301, { error_type: 'Timeout' }),
    record('cancelled', 2),
  ];

  it('aggregates counts, error rate, success rate, cumulative duration buckets, errors, tokens and cost per workflow', () => {
    const [stats] = executionStats(records);
    expect(stats).toMatchObject({
      workflow_id: 'workflow_resp_002',
      executions: 6,
      by_status: { completed: 2, interrupted: 1, error: 1, timeout: 1, cancelled: 1 },
      failures: 2,
      error_rate: 0.333333333333,
      success_rate_percent: 50,
      duration_sum_seconds: 555.5,
      // <=1, <=5, <=10, <=30, <=60, <=120, <=300
      duration_buckets: [1, 2, 3, 3, 4, 4, 5],
      cost_usd: 0.00105,
      last_status: 'cancelled',
    });
    expect(stats?.errors).toEqual([
      { error_type: 'ValueError', node: 'validate "input"\nline', count: 1 },
      { error_type: 'Timeout', node: 'unknown', count: 1 },
    ]);
    expect(stats?.tokens).toEqual([{ model: 'claude-sonnet-4-5', node: 'draft', input: 100, output: 50 }]);
  });

  it('renders Prometheus text that promtool accepts, with escaped label values and a complete histogram', async () => {
    const text = renderPrometheusText(executionFamilies(executionStats(records), { environment: 'production', release_id: 'dep-1', workflow_ids: ['workflow_resp_002'] }));
    const check = await runPromtool(['check', 'metrics'], text);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const labels = 'environment="production",workflow_id="workflow_resp_002"';
    expect(text).toContain(`exec_automator_execution_duration_seconds_bucket{${labels},le="+Inf"} 6`);
    expect(text).toContain(`exec_automator_execution_duration_seconds_count{${labels}} 6`);
    expect(text).toContain(`exec_automator_executions_total{${labels},status="timeout"} 1`);
    expect(text).toContain(`exec_automator_errors_total{${labels},error_type="ValueError",node="validate \\"input\\"\\nline"} 1`);
    expect(text).toContain(`exec_automator_tokens_used_total{${labels},model="claude-sonnet-4-5",node="draft",direction="input"} 100`);
    expect(text).toContain('# TYPE exec_automator_execution_duration_seconds histogram');
    expect(text).not.toMatch(/ \d{13}$/m); // no timestamps (textfile collector rule)
  });

  it('refuses invalid metric and label names instead of writing a file Prometheus rejects', () => {
    expect(() => renderPrometheusText([{ name: 'bad-name', help: 'x', type: 'gauge', samples: [{ labels: {}, value: 1 }] }])).toThrow(TypeError);
    expect(() => renderPrometheusText([{ name: 'ok', help: 'x', type: 'gauge', samples: [{ labels: { 'bad-label': 'v' }, value: 1 }] }])).toThrow(TypeError);
  });
});

describe('price table', () => {
  it('matches the longest model prefix, strips provider prefixes, and lets overrides win', () => {
    expect(priceFor('claude-sonnet-4-5-20250929')).toEqual({ input: 3, output: 15 });
    expect(priceFor('anthropic:claude-haiku-4-5')).toEqual({ input: 1, output: 5 });
    expect(priceFor('gpt-5-mini')).toEqual({ input: 0.25, output: 2 });
    expect(priceFor('my-local-llama')).toBeUndefined();
    expect(priceFor('claude-sonnet-4-5', { 'claude-sonnet-4-5': { input: 1, output: 1 } })).toEqual({ input: 1, output: 1 });
  });

  it('sums tokens by model and node and prices them, naming models without a price', () => {
    const usage = tokenUsage([
      { model: 'gpt-4o', node: 'a', input_tokens: 1_000_000, output_tokens: 0 },
      { model: 'gpt-4o', node: 'a', input_tokens: 0, output_tokens: 100_000 },
      { model: 'mystery', node: null, input_tokens: 10, output_tokens: 10 },
    ]);
    expect(usage).toEqual([
      { model: 'gpt-4o', node: 'a', input_tokens: 1_000_000, output_tokens: 100_000, calls: 2 },
      { model: 'mystery', node: 'unknown', input_tokens: 10, output_tokens: 10, calls: 1 },
    ]);
    expect(estimateCost(usage)).toEqual({ costUsd: 3.5, unpriced: ['mystery'] });
  });
});
