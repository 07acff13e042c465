import { isFailedExecution, type ExecutionRecord, type ExecutionStatus } from './execution-record.js';
import { DURATION_BUCKETS, METRIC_NAMES } from './metric-names.js';
import type { PrometheusFamily, PrometheusSample } from './prometheus-text.js';

const STATUSES: readonly ExecutionStatus[] = ['completed', 'interrupted', 'error', 'cancelled', 'timeout'];

/** Aggregates of one workflow's executions (what the metrics file and `monitor` report). */
export interface WorkflowExecutionStats {
  /** Environment. */
  environment: string;
  /** Seed workflow id. */
  workflow_id: string;
  /** Workflow name (of the newest execution). */
  workflow: string;
  /** Executions. */
  executions: number;
  /** Executions by status. */
  by_status: Record<ExecutionStatus, number>;
  /** `error` + `timeout`. */
  failures: number;
  /** failures / executions (0 without executions). */
  error_rate: number;
  /** (completed + interrupted) / executions × 100; 100 without executions. */
  success_rate_percent: number;
  /** Mean duration in seconds (0 without executions). */
  avg_duration_seconds: number;
  /** Sum of durations. */
  duration_sum_seconds: number;
  /** Cumulative histogram counts per upper bound in {@link DURATION_BUCKETS}. */
  duration_buckets: number[];
  /** Failures by `error_type` and node. */
  errors: Array<{ error_type: string; node: string; count: number }>;
  /** Tokens by model and node. */
  tokens: Array<{ model: string; node: string; input: number; output: number }>;
  /** Sum of estimated costs, USD. */
  cost_usd: number;
  /** ISO time of the newest execution. */
  last_execution_at: string | null;
  /** Status of the newest execution. */
  last_status: ExecutionStatus | null;
}

/** Rounds away float noise from sums of many small numbers. */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** Aggregates `records` per workflow (in the order workflows first appear). */
export function executionStats(records: readonly ExecutionRecord[]): WorkflowExecutionStats[] {
  const byWorkflow = new Map<string, WorkflowExecutionStats>();
  const errorMaps = new Map<string, Map<string, { error_type: string; node: string; count: number }>>();
  const tokenMaps = new Map<string, Map<string, { model: string; node: string; input: number; output: number }>>();
  for (const r of records) {
    const key = `${r.environment}\u0000${r.workflow_id}`;
    let s = byWorkflow.get(key);
    if (!s) {
      s = {
        environment: r.environment,
        workflow_id: r.workflow_id,
        workflow: r.workflow,
        executions: 0,
        by_status: { completed: 0, interrupted: 0, error: 0, cancelled: 0, timeout: 0 },
        failures: 0,
        error_rate: 0,
        success_rate_percent: 100,
        avg_duration_seconds: 0,
        duration_sum_seconds: 0,
        duration_buckets: DURATION_BUCKETS.map(() => 0),
        errors: [],
        tokens: [],
        cost_usd: 0,
        last_execution_at: null,
        last_status: null,
      };
      byWorkflow.set(key, s);
      errorMaps.set(key, new Map());
      tokenMaps.set(key, new Map());
    }
    s.executions += 1;
    if (r.status in s.by_status) s.by_status[r.status] += 1;
    s.duration_sum_seconds += r.duration_seconds;
    DURATION_BUCKETS.forEach((bound, i) => {
      if (r.duration_seconds <= bound) s.duration_buckets[i] = (s.duration_buckets[i] ?? 0) + 1;
    });
    if (isFailedExecution(r)) {
      s.failures += 1;
      const type = r.error_type ?? (r.status === 'timeout' ? 'Timeout' : 'unknown');
      const node = r.error_node ?? 'unknown';
      const errors = errorMaps.get(key) as Map<string, { error_type: string; node: string; count: number }>;
      const entry = errors.get(`${type}\u0000${node}`) ?? { error_type: type, node, count: 0 };
      entry.count += 1;
      errors.set(`${type}\u0000${node}`, entry);
    }
    const tokens = tokenMaps.get(key) as Map<string, { model: string; node: string; input: number; output: number }>;
    for (const t of r.tokens ?? []) {
      const entry = tokens.get(`${t.model}\u0000${t.node}`) ?? { model: t.model, node: t.node, input: 0, output: 0 };
      entry.input += t.input_tokens;
      entry.output += t.output_tokens;
      tokens.set(`${t.model}\u0000${t.node}`, entry);
    }
    s.cost_usd += r.cost_usd ?? 0;
    if (s.last_execution_at === null || r.timestamp >= s.last_execution_at) {
      s.last_execution_at = r.timestamp;
      s.last_status = r.status;
      s.workflow = r.workflow;
    }
  }
  for (const [key, s] of byWorkflow) {
    s.error_rate = s.executions === 0 ? 0 : tidy(s.failures / s.executions);
    s.success_rate_percent = s.executions === 0 ? 100 : tidy(((s.by_status.completed + s.by_status.interrupted) / s.executions) * 100);
    s.avg_duration_seconds = s.executions === 0 ? 0 : tidy(s.duration_sum_seconds / s.executions);
    s.duration_sum_seconds = tidy(s.duration_sum_seconds);
    s.cost_usd = tidy(s.cost_usd);
    s.errors = [...(errorMaps.get(key)?.values() ?? [])];
    s.tokens = [...(tokenMaps.get(key)?.values() ?? [])];
  }
  return [...byWorkflow.values()];
}

/** The workflows of the current release, for the `workflow_info` series. */
export interface DeployedWorkflowInfo {
  /** Environment. */
  environment: string;
  /** Release id. */
  release_id: string;
  /** Seed workflow ids. */
  workflow_ids: readonly string[];
}

/**
 * The Prometheus families of the execution metrics (names in {@link METRIC_NAMES}). Every
 * status series of a workflow is present, zeros included, so `rate()` ratios have a
 * denominator from the first scrape on.
 */
export function executionFamilies(stats: readonly WorkflowExecutionStats[], deployed?: DeployedWorkflowInfo): PrometheusFamily[] {
  const base = (s: WorkflowExecutionStats): Record<string, string> => ({ environment: s.environment, workflow_id: s.workflow_id });
  const each = (fn: (s: WorkflowExecutionStats) => PrometheusSample[]): PrometheusSample[] => stats.flatMap(fn);
  return [
    {
      name: METRIC_NAMES.executions,
      help: 'Total number of workflow executions by final status',
      type: 'counter',
      samples: each((s) => STATUSES.map((status) => ({ labels: { ...base(s), status }, value: s.by_status[status] }))),
    },
    {
      name: METRIC_NAMES.duration,
      help: 'Workflow execution time in seconds',
      type: 'histogram',
      samples: each((s) => [
        ...DURATION_BUCKETS.map((bound, i) => ({ suffix: '_bucket' as const, labels: { ...base(s), le: String(bound) }, value: s.duration_buckets[i] ?? 0 })),
        { suffix: '_bucket' as const, labels: { ...base(s), le: '+Inf' }, value: s.executions },
        { suffix: '_sum' as const, labels: base(s), value: s.duration_sum_seconds },
        { suffix: '_count' as const, labels: base(s), value: s.executions },
      ]),
    },
    {
      name: METRIC_NAMES.successRate,
      help: 'Percentage of executions that completed or stopped for a human',
      type: 'gauge',
      samples: each((s) => [{ labels: base(s), value: s.success_rate_percent }]),
    },
    {
      name: METRIC_NAMES.errors,
      help: 'Total number of failed executions by exception type and node',
      type: 'counter',
      samples: each((s) => s.errors.map((e) => ({ labels: { ...base(s), error_type: e.error_type, node: e.node }, value: e.count }))),
    },
    {
      name: METRIC_NAMES.tokens,
      help: 'Total LLM tokens consumed by model, node and direction',
      type: 'counter',
      samples: each((s) =>
        s.tokens.flatMap((t) => [
          { labels: { ...base(s), model: t.model, node: t.node, direction: 'input' }, value: t.input },
          { labels: { ...base(s), model: t.model, node: t.node, direction: 'output' }, value: t.output },
        ]),
      ),
    },
    {
      name: METRIC_NAMES.cost,
      help: 'Estimated LLM cost of all executions in USD',
      type: 'counter',
      samples: each((s) => [{ labels: base(s), value: s.cost_usd }]),
    },
    {
      name: METRIC_NAMES.costPerExecution,
      help: 'Estimated cost per execution in USD (mean)',
      type: 'gauge',
      samples: each((s) => [{ labels: base(s), value: s.executions === 0 ? 0 : tidy(s.cost_usd / s.executions) }]),
    },
    {
      name: METRIC_NAMES.lastExecution,
      help: 'Unix time of the last finished execution',
      type: 'gauge',
      samples: each((s) => (s.last_execution_at ? [{ labels: base(s), value: Date.parse(s.last_execution_at) / 1000 }] : [])),
    },
    {
      name: METRIC_NAMES.workflowInfo,
      help: 'Workflows of the current release (value 1)',
      type: 'gauge',
      samples: (deployed?.workflow_ids ?? []).map((id) => ({
        labels: { environment: deployed?.environment ?? '', workflow_id: id, release_id: deployed?.release_id ?? '' },
        value: 1,
      })),
    },
  ];
}
