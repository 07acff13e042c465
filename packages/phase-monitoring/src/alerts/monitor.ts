import { type AlertNotification, type EnvironmentLayout, type EnvironmentSettings, type Notifier } from '@exec-automator/core';
import { ExecutionJournal } from '@exec-automator/executions';
import { notifyAll } from '../notifiers/notify-all.js';
import { alertStateFile, readAlertState, withMonitorLock, writeAlertState, type AlertStateEntry } from './alert-state.js';
import { evaluateAlerts, type EvaluatedAlert, type EvaluationWindow } from './evaluate-alerts.js';

/** Options of {@link runMonitor}. */
export interface MonitorOptions {
  /** The environment. */
  layout: EnvironmentLayout;
  /** Its settings (thresholds). */
  settings: Pick<EnvironmentSettings, 'thresholds'>;
  /** Where alerts go. */
  notifiers: readonly Notifier[];
  /** Which executions count. */
  window?: EvaluationWindow;
  /** Evaluation time. Default now. */
  now?: Date;
  /** Evaluate only: send nothing, change no state. */
  dryRun?: boolean;
  /** Cancels deliveries. */
  signal?: AbortSignal;
  /** Masks secret values in delivery errors. Default: unchanged. */
  redact?: (text: string) => string;
}

/** One delivery made by a monitor run. */
export interface MonitorDelivery {
  /** The alert episode. */
  dedup_key: string;
  /** Alert name. */
  alert: string;
  /** Workflow. */
  workflow_id: string;
  /** What was sent. */
  kind: 'firing' | 'resolved';
  /** Channel name. */
  channel: string;
  /** Accepted. */
  ok: boolean;
  /** Attempts made. */
  attempts: number;
  /** Last HTTP status or SMTP code. */
  status?: number;
  /** Why it failed. */
  error?: string;
}

/** What a monitor run found and sent. */
export interface MonitorResult {
  /** Environment. */
  environment: string;
  /** Evaluation time. */
  evaluated_at: string;
  /** Executions in the journal. */
  executions: number;
  /** Every alert of every workflow, firing or not. */
  alerts: EvaluatedAlert[];
  /** The firing ones. */
  firing: EvaluatedAlert[];
  /** Deliveries made this run (none for an alert already notified: dedup). */
  deliveries: MonitorDelivery[];
  /** Dedup keys whose episode ended this run (every channel took the resolve). */
  resolved: string[];
  /** Channels left out (not set up, or not routed that alert). */
  skipped: Array<{ dedup_key: string; channel: string; reason: 'unavailable' | 'filtered' }>;
  /** The dedup state file. */
  state_file: string;
  /** True when nothing was sent (`dryRun`). */
  dry_run: boolean;
}

function notificationOf(kind: 'firing' | 'resolved', key: string, entry: AlertStateEntry, environment: string): AlertNotification {
  return {
    kind,
    alert: entry.alert,
    severity: entry.severity,
    environment,
    workflowId: entry.workflow_id,
    summary: entry.summary,
    description: entry.description,
    dedupKey: key,
    startsAt: entry.started_at,
    ...(kind === 'resolved' && entry.resolved_at ? { endsAt: entry.resolved_at } : {}),
    labels: { alertname: entry.alert, environment, workflow_id: entry.workflow_id, severity: entry.severity },
    value: entry.value,
    ...(entry.threshold === null ? {} : { threshold: entry.threshold }),
  };
}

/**
 * Evaluates the alerts over the environment's recorded executions and notifies, once per
 * alert episode per channel: a firing alert is sent to each routed channel that has not taken
 * it yet (a failed delivery is retried on the next run), and when the condition clears a
 * resolve goes to every channel that took the firing one. The episodes live in
 * `<env>/monitoring-state/alerts-state.json`; runs are serialized by a lock file. Delivery
 * failures are reported in the result, never thrown.
 */
export async function runMonitor(options: MonitorOptions): Promise<MonitorResult> {
  const { layout } = options;
  const now = options.now ?? new Date();
  const redact = options.redact ?? ((text: string) => text);
  const records = await new ExecutionJournal(layout).readAll();
  const alerts = evaluateAlerts(records, { environment: layout.environment, thresholds: options.settings.thresholds, now, ...(options.window ? { window: options.window } : {}) });
  const firing = alerts.filter((a) => a.firing);
  const result: MonitorResult = {
    environment: layout.environment,
    evaluated_at: now.toISOString(),
    executions: records.length,
    alerts,
    firing,
    deliveries: [],
    resolved: [],
    skipped: [],
    state_file: alertStateFile(layout),
    dry_run: options.dryRun ?? false,
  };
  if (options.dryRun) return result;

  await withMonitorLock(layout, async () => {
    const state = await readAlertState(layout);
    const send = async (kind: 'firing' | 'resolved', key: string, entry: AlertStateEntry, only: Set<string>, routed: boolean): Promise<void> => {
      if (only.size === 0) return;
      const fanOut = await notifyAll(options.notifiers, notificationOf(kind, key, entry, layout.environment), {
        only,
        routed,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      for (const s of fanOut.skipped) result.skipped.push({ dedup_key: key, channel: s.notifier, reason: s.reason });
      for (const r of fanOut.results) {
        const error = r.error === undefined ? undefined : redact(r.error);
        result.deliveries.push({
          dedup_key: key, alert: entry.alert, workflow_id: entry.workflow_id, kind, channel: r.notifier, ok: r.ok, attempts: r.attempts,
          ...(r.status === undefined ? {} : { status: r.status }), ...(error === undefined ? {} : { error }),
        });
        const stamp = new Date().toISOString();
        if (r.ok) {
          (kind === 'firing' ? entry.notified : entry.resolve_notified)[r.notifier] = stamp;
          delete entry.errors[r.notifier];
        } else entry.errors[r.notifier] = error ?? 'failed';
      }
    };

    const firingKeys = new Set(firing.map((a) => a.dedup_key));
    for (const alert of firing) {
      const previous = state.alerts[alert.dedup_key];
      const entry: AlertStateEntry =
        previous && previous.status === 'firing'
          ? { ...previous, value: alert.value, description: alert.description }
          : {
              alert: alert.alert, workflow_id: alert.workflow_id, severity: alert.severity, summary: alert.summary, description: alert.description,
              value: alert.value, threshold: alert.threshold, started_at: now.toISOString(), status: 'firing', notified: {}, resolve_notified: {}, errors: {},
            };
      state.alerts[alert.dedup_key] = entry;
      const pending = new Set(options.notifiers.map((n) => n.name).filter((name) => entry.notified[name] === undefined));
      await send('firing', alert.dedup_key, entry, pending, true);
    }
    for (const [key, entry] of Object.entries(state.alerts)) {
      if (firingKeys.has(key)) continue;
      entry.status = 'resolving';
      entry.resolved_at ??= now.toISOString();
      const known = new Set(options.notifiers.map((n) => n.name));
      const pending = new Set(Object.keys(entry.notified).filter((name) => entry.resolve_notified[name] === undefined && known.has(name)));
      await send('resolved', key, entry, pending, false);
      if ([...pending].every((name) => entry.resolve_notified[name] !== undefined)) {
        delete state.alerts[key];
        result.resolved.push(key);
      }
    }
    await writeAlertState(layout, state);
  });
  return result;
}
