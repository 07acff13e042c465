import { type ExecutionRecord, isFailedExecution } from '@exec-automator/executions';
import { alertDedupKey, ALERT_DEFINITIONS, percent, type AlertName, type AlertThresholds } from './alert-definitions.js';

/** Which executions the local evaluation looks at (no Prometheus needed). */
export interface EvaluationWindow {
  /** The newest this many executions of each workflow. Default 20. */
  executions?: number;
  /** ...that finished within this many minutes. Default 60. */
  minutes?: number;
  /** Rate and average alerts need at least this many executions in the window. Default 3. */
  minExecutions?: number;
}

/** The state of one alert for one workflow, as evaluated now. */
export interface EvaluatedAlert {
  /** Alert name. */
  alert: AlertName;
  /** The seed's name. */
  seed_alert: string;
  /** Severity. */
  severity: 'critical' | 'warning';
  /** Environment. */
  environment: string;
  /** Seed workflow id. */
  workflow_id: string;
  /** True when the condition holds. */
  firing: boolean;
  /** Observed value (error ratio, mean seconds, failures in the window, USD in 24 h). */
  value: number;
  /** Threshold compared with; null for the failure alert. */
  threshold: number | null;
  /** The seed's message. */
  summary: string;
  /** What was measured, over what. */
  description: string;
  /** Stable key (dedup state, PagerDuty `dedup_key`). */
  dedup_key: string;
}

/** Options of {@link evaluateAlerts}. */
export interface EvaluateOptions {
  /** Environment whose executions count. */
  environment: string;
  /** The environment's thresholds. */
  thresholds: AlertThresholds;
  /** Evaluation time. Default now. */
  now?: Date;
  /** The window. */
  window?: EvaluationWindow;
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}

/**
 * Evaluates the seed's four alerts per workflow over recorded executions, the way
 * `exec-automator monitor` does without a Prometheus server:
 *
 * - HighErrorRate: failed (error, timeout) / all executions in the window > `errorRate`;
 * - SlowExecution: mean duration in the window > `avgDurationSeconds`;
 * - WorkflowFailure: the newest execution in the window failed (clears when one succeeds);
 * - HighApiCost: estimated cost of the last 24 hours > `dailyCost`.
 *
 * The window is the newest `executions` runs that finished within `minutes`, so an alert
 * clears after enough good runs. Returns every alert of every workflow, firing or not.
 */
export function evaluateAlerts(records: readonly ExecutionRecord[], options: EvaluateOptions): EvaluatedAlert[] {
  const now = (options.now ?? new Date()).getTime();
  const size = options.window?.executions ?? 20;
  const since = now - (options.window?.minutes ?? 60) * 60_000;
  const minExecutions = options.window?.minExecutions ?? 3;
  const dayAgo = now - 24 * 3_600_000;
  const t = options.thresholds;
  const byWorkflow = new Map<string, ExecutionRecord[]>();
  for (const record of records) {
    if (record.environment !== options.environment) continue;
    const list = byWorkflow.get(record.workflow_id) ?? [];
    list.push(record);
    byWorkflow.set(record.workflow_id, list);
  }
  const out: EvaluatedAlert[] = [];
  for (const [workflowId, all] of byWorkflow) {
    const sorted = [...all].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
    const recent = sorted.filter((r) => Date.parse(r.timestamp) >= since).slice(-size);
    const failures = recent.filter(isFailedExecution);
    const errorRate = recent.length === 0 ? 0 : failures.length / recent.length;
    const meanDuration = recent.length === 0 ? 0 : recent.reduce((sum, r) => sum + r.duration_seconds, 0) / recent.length;
    const newest = recent.at(-1);
    const dailyCost = sorted.filter((r) => Date.parse(r.timestamp) >= dayAgo).reduce((sum, r) => sum + (r.cost_usd ?? 0), 0);
    const enough = recent.length >= minExecutions;
    const facts: Record<AlertName, { firing: boolean; value: number; description: string }> = {
      HighErrorRate: {
        firing: enough && errorRate > t.errorRate,
        value: round(errorRate),
        description: `${failures.length} of the last ${recent.length} executions failed (${percent(round(errorRate))}%; threshold ${percent(t.errorRate)}%)`,
      },
      SlowExecution: {
        firing: enough && meanDuration > t.avgDurationSeconds,
        value: round(meanDuration),
        description: `mean duration of the last ${recent.length} executions: ${round(meanDuration)} s (threshold ${t.avgDurationSeconds} s)`,
      },
      WorkflowFailure: {
        firing: newest !== undefined && isFailedExecution(newest),
        value: failures.length,
        description: newest && isFailedExecution(newest)
          ? `execution ${newest.execution_id} ended ${newest.status}${newest.error_type ? ` (${newest.error_type}${newest.error_node ? ` in ${newest.error_node}` : ''})` : ''} at ${newest.timestamp}`
          : 'the newest execution did not fail',
      },
      HighApiCost: {
        firing: dailyCost > t.dailyCost,
        value: round(dailyCost),
        description: `estimated cost of the last 24 hours: $${round(dailyCost)} (threshold $${t.dailyCost})`,
      },
    };
    for (const definition of ALERT_DEFINITIONS) {
      const fact = facts[definition.name];
      out.push({
        alert: definition.name,
        seed_alert: definition.seedName,
        severity: definition.severity,
        environment: options.environment,
        workflow_id: workflowId,
        firing: fact.firing,
        value: fact.value,
        threshold: definition.threshold(t),
        summary: definition.summary(workflowId, t, newest?.error_message ?? newest?.error_type ?? undefined),
        description: fact.description,
        dedup_key: alertDedupKey(options.environment, definition.name, workflowId),
      });
    }
  }
  return out;
}
