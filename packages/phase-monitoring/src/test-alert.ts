import type { AlertNotification, PhaseContext } from '@exec-automator/core';
import type { AlertTestRecord } from './health-report.js';
import { notifyAll } from './notifiers/notify-all.js';

/** What sending the post-deployment test alert found. */
export interface TestAlertOutcome {
  /** True when at least one channel is set up and every set-up channel took the test alert. */
  functional: boolean;
  /** One line for the health report. */
  detail: string;
  /** Per channel. */
  results: AlertTestRecord[];
  /** One warning per channel that failed. */
  warnings: string[];
}

/**
 * The seed's "verify alert system functional": sends a `test` notification (severity info) to
 * every configured channel. PagerDuty resolves its test incident at once. A failure is a
 * warning, never a failed health check: monitoring is not critical to a deployment.
 */
export async function sendTestAlerts(ctx: PhaseContext, releaseId: string): Promise<TestAlertOutcome> {
  if (ctx.notifiers.length === 0) {
    return { functional: false, detail: 'no notification channels configured', results: [], warnings: [] };
  }
  const now = new Date().toISOString();
  const notification: AlertNotification = {
    kind: 'test',
    alert: 'ExecAutomatorTestAlert',
    severity: 'info',
    environment: ctx.environment,
    summary: `Test alert: release ${releaseId} of ${ctx.environment} was ${ctx.operation === 'rollback' ? 'restored' : 'deployed'}; this channel receives exec-automator alerts`,
    description: `Sent by the health checks of ${ctx.operation} ${ctx.operationId}. No action needed.`,
    dedupKey: `exec-automator/${ctx.environment}/test/${ctx.operationId}`,
    startsAt: now,
    labels: { alertname: 'ExecAutomatorTestAlert', environment: ctx.environment, release_id: releaseId },
  };
  const { results, skipped } = await notifyAll(ctx.notifiers, notification, { signal: ctx.signal });
  const records: AlertTestRecord[] = [
    ...results.map((r) => ({
      channel: r.notifier,
      ok: r.ok,
      attempts: r.attempts,
      ...(r.status === undefined ? {} : { status: r.status }),
      ...(r.error === undefined ? {} : { error: ctx.redact(r.error) }),
    })),
    ...skipped.map((s) => ({ channel: s.notifier, ok: false, attempts: 0, error: `skipped: ${s.reason}` })),
  ];
  const failed = records.filter((r) => !r.ok && r.attempts > 0);
  const delivered = records.filter((r) => r.ok).map((r) => r.channel);
  const warnings = failed.map((r) => `test alert to ${r.channel} failed after ${r.attempts} attempt(s): ${r.error ?? 'not accepted'}`);
  if (results.length === 0) {
    return { functional: false, detail: `no channel is set up (skipped: ${skipped.map((s) => s.notifier).join(', ')})`, results: records, warnings };
  }
  const detail =
    failed.length === 0
      ? `test alert delivered to ${delivered.join(', ')}`
      : `test alert delivered to ${delivered.join(', ') || 'no channel'}; failed: ${failed.map((r) => r.channel).join(', ')}`;
  return { functional: failed.length === 0, detail, results: records, warnings };
}
