import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentLayout } from '@exec-automator/core';
import { defaultSettings } from '@exec-automator/core/config';
import { ExecutionJournal, executionRecord, type ExecutionRecord, type ExecutionStatus } from '@exec-automator/executions';
import { EnvSecretsBackend } from '@exec-automator/core/secrets';
import { alertStateFile, createNotifiers, evaluateAlerts, runMonitor } from '../src/index.js';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver } from './helpers/receivers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const thresholds = defaultSettings('staging').thresholds;
let counter = 0;

/** A journal record as the workflow runner writes it, finished `secondsAgo` before `now`. */
function record(status: ExecutionStatus, options: { workflow?: string; now?: Date; secondsAgo?: number; duration?: number; cost?: number } = {}): ExecutionRecord {
  const finished = new Date((options.now ?? new Date()).getTime() - (options.secondsAgo ?? 0) * 1000);
  const duration = options.duration ?? 2;
  const workflowId = options.workflow ?? 'workflow_ops_901';
  counter += 1;
  return executionRecord(
    {
      execution_id: `exe-test-${String(counter).padStart(4, '0')}`,
      environment: 'staging',
      workflow_id: workflowId,
      workflow: workflowId.replace('workflow_', 'workflow-'),
      release_id: 'dep-test',
      thread_id: `t-${counter}`,
      resumed: false,
      simulated: false,
      started_at: new Date(finished.getTime() - duration * 1000).toISOString(),
    },
    status === 'error'
      ? { status, error_type: 'RuntimeError', error_node: 'work', error_message: 'failing by design', cost_usd: options.cost ?? 0 }
      : { status, cost_usd: options.cost ?? 0 },
    finished,
  );
}

/** `count` records, one second apart, the newest last. */
function series(statuses: ExecutionStatus[], now: Date, extra: Parameters<typeof record>[1] = {}): ExecutionRecord[] {
  return statuses.map((status, i) => record(status, { ...extra, now, secondsAgo: statuses.length - i }));
}

describe('evaluateAlerts', () => {
  const now = new Date('2026-11-25T12:00:00Z');

  it('fires the error-rate alert above the threshold and clears it once enough good runs fill the window', () => {
    const failing = series([...Array(15).fill('completed'), ...Array(5).fill('error')] as ExecutionStatus[], now);
    const alerts = evaluateAlerts(failing, { environment: 'staging', thresholds, now });
    const rate = alerts.find((a) => a.alert === 'HighErrorRate');
    expect(rate).toMatchObject({ firing: true, value: 0.25, threshold: 0.05, dedup_key: 'exec-automator/staging/HighErrorRate/workflow_ops_901' });
    expect(alerts.find((a) => a.alert === 'WorkflowFailure')?.firing).toBe(true);

    const later = new Date(now.getTime() + 60_000);
    const recovered = [...failing, ...series(Array(20).fill('completed') as ExecutionStatus[], later)];
    const after = evaluateAlerts(recovered, { environment: 'staging', thresholds, now: later });
    expect(after.filter((a) => a.firing)).toEqual([]);
  });

  it('needs a minimum of executions for rate alerts, ignores old ones, and counts timeouts as failures', () => {
    const few = series(['timeout', 'completed'], now);
    expect(evaluateAlerts(few, { environment: 'staging', thresholds, now }).find((a) => a.alert === 'HighErrorRate')?.firing).toBe(false);
    const old = [...Array(10)].map(() => record('error', { now, secondsAgo: 2 * 3600 }));
    const fresh = series(['completed', 'completed', 'completed'], now);
    const alerts = evaluateAlerts([...old, ...fresh], { environment: 'staging', thresholds, now });
    expect(alerts.find((a) => a.alert === 'HighErrorRate')).toMatchObject({ firing: false, value: 0 });
    const timeouts = series(['timeout', 'timeout', 'completed'], now);
    expect(evaluateAlerts(timeouts, { environment: 'staging', thresholds, now }).find((a) => a.alert === 'HighErrorRate')?.firing).toBe(true);
  });

  it('fires the slow and cost alerts from durations and the last 24 hours of cost, per workflow', () => {
    const slow = series(['completed', 'completed', 'completed'], now, { workflow: 'workflow_slow', duration: 90 });
    const pricey = [record('completed', { workflow: 'workflow_pricey', now, secondsAgo: 3600, cost: 60 }), record('completed', { workflow: 'workflow_pricey', now, cost: 50 })];
    const yesterday = record('completed', { workflow: 'workflow_cheap', now, secondsAgo: 25 * 3600, cost: 500 });
    const alerts = evaluateAlerts([...slow, ...pricey, yesterday], { environment: 'staging', thresholds, now });
    const firing = alerts.filter((a) => a.firing).map((a) => `${a.alert}:${a.workflow_id}`);
    expect(firing.sort()).toEqual(['HighApiCost:workflow_pricey', 'SlowExecution:workflow_slow']);
    expect(alerts.find((a) => a.alert === 'HighApiCost' && a.workflow_id === 'workflow_pricey')?.value).toBe(110);
  });
});

describe('runMonitor (real receivers on 127.0.0.1)', () => {
  async function environment(): Promise<EnvironmentLayout> {
    const root = await mkdtemp(path.join(os.tmpdir(), 'ea-monitor-'));
    closers.push(() => rm(root, { recursive: true, force: true }));
    return new EnvironmentLayout(root, 'staging');
  }

  async function receiver(): Promise<HttpReceiver> {
    const r = await startHttpReceiver({ status: 200, body: 'ok' });
    closers.push(r.close);
    return r;
  }

  it('notifies a firing alert once per channel, retries a failed channel on the next run, and resolves where it notified', async () => {
    const layout = await environment();
    const journal = new ExecutionJournal(layout);
    const hooks = await receiver();
    const flaky = await receiver();
    const mail = await startSmtpReceiver();
    closers.push(mail.close);
    const notifiers = createNotifiers(
      [
        { type: 'webhook', name: 'hooks', url: `${hooks.url}/hooks` },
        { type: 'webhook', name: 'flaky', url: `${flaky.url}/flaky`, retries: 0 },
        { type: 'email', host: '127.0.0.1', port: mail.port, to: ['oncall@example.org'], minSeverity: 'critical' },
      ],
      { secrets: new EnvSecretsBackend({}), environment: 'staging' },
    );
    const t0 = new Date();
    for (const r of series(['completed', 'completed', 'error', 'error'], t0)) await journal.append(r);
    flaky.replies.push({ status: 500 });

    const first = await runMonitor({ layout, settings: { thresholds }, notifiers, now: t0 });
    expect(first.firing.map((a) => a.alert).sort()).toEqual(['HighErrorRate', 'WorkflowFailure']);
    const firstSent = first.deliveries.map((d) => `${d.alert}>${d.channel}:${d.ok}`).sort();
    expect(firstSent).toEqual([
      'HighErrorRate>email:true',
      'HighErrorRate>flaky:false',
      'HighErrorRate>hooks:true',
      'WorkflowFailure>email:true',
      'WorkflowFailure>flaky:true',
      'WorkflowFailure>hooks:true',
    ]);

    // Same condition, next run: only the channel that failed gets it.
    const second = await runMonitor({ layout, settings: { thresholds }, notifiers, now: new Date(t0.getTime() + 60_000) });
    expect(second.deliveries.map((d) => `${d.alert}>${d.channel}:${d.ok}`)).toEqual(['HighErrorRate>flaky:true']);
    const third = await runMonitor({ layout, settings: { thresholds }, notifiers, now: new Date(t0.getTime() + 120_000) });
    expect(third.deliveries).toEqual([]);
    const state = JSON.parse(await readFile(alertStateFile(layout), 'utf8'));
    expect(Object.keys(state.alerts).sort()).toEqual(['exec-automator/staging/HighErrorRate/workflow_ops_901', 'exec-automator/staging/WorkflowFailure/workflow_ops_901']);

    // Twenty good runs: both clear, and each channel that took a firing alert gets its resolve.
    const t1 = new Date(t0.getTime() + 180_000);
    for (const r of series(Array(20).fill('completed') as ExecutionStatus[], t1)) await journal.append(r);
    const fourth = await runMonitor({ layout, settings: { thresholds }, notifiers, now: t1 });
    expect(fourth.firing).toEqual([]);
    expect(fourth.deliveries.every((d) => d.kind === 'resolved' && d.ok)).toBe(true);
    expect(fourth.deliveries).toHaveLength(6);
    expect(fourth.resolved).toHaveLength(2);
    const fifth = await runMonitor({ layout, settings: { thresholds }, notifiers, now: new Date(t1.getTime() + 60_000) });
    expect(fifth.deliveries).toEqual([]);

    const hookStatuses = hooks.requests.map((r) => `${(r.body as { alerts: Array<{ labels: { alertname: string } }> }).alerts[0]?.labels.alertname}:${(r.body as { status: string }).status}`);
    expect(hookStatuses.sort()).toEqual(['HighErrorRate:firing', 'HighErrorRate:resolved', 'WorkflowFailure:firing', 'WorkflowFailure:resolved']);
    expect(mail.messages.map((m) => m.subject.slice(0, 30)).sort()).toEqual([
      '[FIRING] HighErrorRate (stagin',
      '[FIRING] WorkflowFailure (stag',
      '[RESOLVED] HighErrorRate (stag',
      '[RESOLVED] WorkflowFailure (st',
    ]);
  });

  it('sends nothing and keeps no state in a dry run', async () => {
    const layout = await environment();
    const hooks = await receiver();
    for (const r of series(['error', 'error', 'error'], new Date())) await new ExecutionJournal(layout).append(r);
    const notifiers = createNotifiers([{ type: 'webhook', url: `${hooks.url}/x` }], { secrets: new EnvSecretsBackend({}), environment: 'staging' });
    const result = await runMonitor({ layout, settings: { thresholds }, notifiers, dryRun: true });
    expect(result.firing.length).toBeGreaterThan(0);
    expect(result.deliveries).toEqual([]);
    expect(hooks.requests).toEqual([]);
    await expect(readFile(alertStateFile(layout), 'utf8')).rejects.toThrow();
  });
});
