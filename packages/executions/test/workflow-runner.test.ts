import { spawnSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDeployError } from '@exec-automator/core';
import { defaultSettings } from '@exec-automator/core/config';
import {
  cancelExecution,
  ExecutionJournal,
  ExecutionRegistry,
  listExecutions,
  METRICS_PROM_FILE,
  type RunningExecution,
  WorkflowRunner,
} from '@exec-automator/executions';
import { EnvSecretsBackend } from '@exec-automator/core/secrets';
import { deployFixture, OPS_WORKFLOW, OPS_WORKFLOW_ID, type DeployedFixture } from './helpers/deployed-fixture.js';
import { runPromtool } from './helpers/promtool.js';

const MARKER = 'sk-ant-api03-RUNNER-MARKER-51d0';

describe('WorkflowRunner (real venv, real langgraph, SQLite checkpointer)', () => {
  let fixture: DeployedFixture;
  let runner: WorkflowRunner;
  const logs: string[] = [];

  beforeAll(async () => {
    fixture = await deployFixture('dev');
    runner = new WorkflowRunner({
      root: fixture.root,
      environment: 'dev',
      secrets: new EnvSecretsBackend({ ANTHROPIC_API_KEY: MARKER }),
      onLog: (line) => logs.push(line),
    });
  });

  afterAll(async () => {
    await runner?.close();
    await fixture?.cleanup();
  });

  it('records completed, failed and interrupted-then-resumed executions with release, thread and status', async () => {
    const ok = await runner.invoke({ workflow: OPS_WORKFLOW, input: {} });
    expect(ok.record).toMatchObject({ status: 'completed', workflow_id: OPS_WORKFLOW_ID, release_id: fixture.releaseId, resumed: false });
    expect(ok.output).toMatchObject({ result: 'ok' });

    const failed = await runner.invoke({ workflow: OPS_WORKFLOW_ID, input: { fail: true } });
    expect(failed.record).toMatchObject({ status: 'error', error_type: 'RuntimeError', error_node: 'work', release_id: fixture.releaseId });
    expect(failed.error?.type).toBe('RuntimeError');

    const paused = await runner.invoke({ workflow: OPS_WORKFLOW, input: { review: true } });
    expect(paused.record).toMatchObject({ status: 'interrupted', interrupt_node: 'approval' });
    const resumed = await runner.invoke({ workflow: OPS_WORKFLOW, threadId: paused.record.thread_id, resume: { approved: true } });
    expect(resumed.record).toMatchObject({ status: 'completed', resumed: true, thread_id: paused.record.thread_id });
    expect(resumed.output).toMatchObject({ result: 'ok', approved: true });

    const journal = await new ExecutionJournal(fixture.layout).readAll();
    const ids = [ok, failed, paused, resumed].map((r) => r.record.execution_id);
    expect(journal.map((r) => r.execution_id)).toEqual(expect.arrayContaining(ids));
    for (const record of journal) {
      expect(record.release_id).toBe(fixture.releaseId);
      expect(Number.isNaN(Date.parse(record.timestamp))).toBe(false);
    }
    // Nothing is left registered as running.
    expect(await new ExecutionRegistry(fixture.layout).list()).toEqual([]);
    // The release's logging config applied: JSON lines with the run's ids in <env>/logs.
    const log = (await readFile(path.join(fixture.layout.logs, 'workflows.log'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log.some((l) => l.workflow_id === OPS_WORKFLOW_ID && l.deployment_id === fixture.releaseId)).toBe(true);
  });

  it('counts tokens by model and node and prices them (fake chat models, overridable prices)', async () => {
    const responses = [{ content: 'fine', usage: { input_tokens: 1000, output_tokens: 500 } }];
    const run = await runner.invoke({ workflow: OPS_WORKFLOW, input: { ask: 'status?' }, fakeResponses: responses });
    expect(run.record).toMatchObject({ status: 'completed', simulated: true });
    expect(run.record.tokens).toEqual([{ model: 'claude-haiku-4-5', node: 'work', input_tokens: 1000, output_tokens: 500, calls: 1 }]);
    // claude-haiku-4: $1 / $5 per million tokens.
    expect(run.record.cost_usd).toBeCloseTo(0.0035, 10);

    const pricey = new WorkflowRunner({ root: fixture.root, environment: 'dev', modelPrices: { 'claude-haiku-4-5': { input: 100, output: 100 } } });
    try {
      const again = await pricey.invoke({ workflow: OPS_WORKFLOW, input: { ask: 'status?' }, fakeResponses: responses });
      expect(again.record.cost_usd).toBeCloseTo(0.15, 10);
    } finally {
      await pricey.close();
    }
  });

  it('passes the model key from the secrets backend to the workflow and writes it nowhere', async () => {
    const run = await runner.invoke({ workflow: OPS_WORKFLOW, input: { check_env: 'ANTHROPIC_API_KEY' } });
    expect(run.output).toMatchObject({ env_present: true });
    const files = await filesUnder(fixture.layout.dir);
    for (const file of files) expect((await readFile(file)).includes(MARKER), file).toBe(false);
    expect(logs.join('\n')).not.toContain(MARKER);
  });

  it('writes Prometheus metrics that promtool accepts, with every execution counted', async () => {
    const prom = await readFile(path.join(fixture.layout.metrics, METRICS_PROM_FILE), 'utf8');
    const check = await runPromtool(['check', 'metrics'], prom);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const journal = await new ExecutionJournal(fixture.layout).readAll();
    const count = (status: string): number => journal.filter((r) => r.status === status).length;
    const sample = (series: string): number => Number(prom.split('\n').find((l) => l.startsWith(series))?.split(' ').pop());
    const labels = `environment="dev",workflow_id="${OPS_WORKFLOW_ID}"`;
    expect(sample(`exec_automator_executions_total{${labels},status="error"}`)).toBe(count('error'));
    expect(sample(`exec_automator_executions_total{${labels},status="completed"}`)).toBe(count('completed'));
    expect(sample(`exec_automator_execution_duration_seconds_count{${labels}}`)).toBe(journal.length);
    expect(sample(`exec_automator_errors_total{${labels},error_type="RuntimeError",node="work"}`)).toBe(1);
    expect(prom).toContain(`exec_automator_tokens_used_total{${labels},model="claude-haiku-4-5",node="work",direction="output"}`);
    expect(prom).toContain(`exec_automator_workflow_info{environment="dev",workflow_id="${OPS_WORKFLOW_ID}",release_id="${fixture.releaseId}"} 1`);
  });

  it('kills a run that exceeds its time limit, records it as timeout, and runs the next one', async () => {
    const slow = await runner.invoke({ workflow: OPS_WORKFLOW, input: { sleep: 30 }, timeoutMs: 1500 });
    expect(slow.record).toMatchObject({ status: 'timeout', error_type: 'Timeout' });
    const next = await runner.invoke({ workflow: OPS_WORKFLOW, input: {} });
    expect(next.record.status).toBe('completed');
  });

  it('cancels a running execution through its registry entry and records it as cancelled', async () => {
    let started: RunningExecution | undefined;
    const run = runner.invoke({ workflow: OPS_WORKFLOW, input: { sleep: 60 }, onStart: (e) => (started = e) });
    while (!started) await new Promise((resolve) => setTimeout(resolve, 20));
    const listing = await listExecutions(fixture.layout);
    expect(listing.running.map((e) => e.execution_id)).toEqual([started.execution_id]);
    expect(listing.running[0]?.state).toBe('running');
    const cancelled = await cancelExecution(fixture.layout, started.execution_id, { graceMs: 1000 });
    expect(cancelled).toMatchObject({ signalled: true, recorded_by: 'owner' });
    expect((await run).record).toMatchObject({ status: 'cancelled', execution_id: started.execution_id });

    const again = await cancelExecution(fixture.layout, started.execution_id).catch((e: unknown) => e);
    expect(isDeployError(again) && again.code).toBe('EXECUTION_NOT_FOUND');
    expect(isDeployError(again) && again.details.finishedStatus).toBe('cancelled');
  });

  it('records the cancellation itself when the invoking process died without recording (stale entry)', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    const registry = new ExecutionRegistry(fixture.layout);
    await registry.register({
      execution_id: 'exe-stale-0001',
      environment: 'dev',
      workflow: OPS_WORKFLOW,
      workflow_id: OPS_WORKFLOW_ID,
      release_id: fixture.releaseId,
      thread_id: 'thread-stale',
      resumed: false,
      simulated: false,
      started_at: new Date(Date.now() - 5000).toISOString(),
      owner_pid: deadPid,
      runner_pid: deadPid,
    });
    expect((await listExecutions(fixture.layout)).running).toEqual([expect.objectContaining({ execution_id: 'exe-stale-0001', state: 'stale' })]);
    const result = await cancelExecution(fixture.layout, 'exe-stale-0001');
    expect(result).toMatchObject({ signalled: false, recorded_by: 'cancel', record: { status: 'cancelled', release_id: fixture.releaseId } });
    expect(await registry.list()).toEqual([]);
    expect((await new ExecutionJournal(fixture.layout).find('exe-stale-0001'))?.status).toBe('cancelled');
  });

  it('refuses a workflow the current release does not hold (NOT_DEPLOYED) and resuming without a thread', async () => {
    const missing = await runner.invoke({ workflow: 'workflow-nope', input: {} }).catch((e: unknown) => e);
    expect(isDeployError(missing) && missing.code).toBe('NOT_DEPLOYED');
    const noThread = await runner.invoke({ workflow: OPS_WORKFLOW, resume: true }).catch((e: unknown) => e);
    expect(isDeployError(noThread) && noThread.code).toBe('INVALID_ARGUMENT');
    const empty = new WorkflowRunner({ root: fixture.root, environment: 'staging', settings: defaultSettings('staging') });
    const nothing = await empty.invoke({ workflow: OPS_WORKFLOW }).catch((e: unknown) => e);
    expect(isDeployError(nothing) && nothing.code).toBe('NOT_DEPLOYED');
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
