import type { EnvironmentSettings } from '@exec-automator/core';

/** The seed's four alerts, by their Prometheus alert names. */
export type AlertName = 'HighErrorRate' | 'SlowExecution' | 'WorkflowFailure' | 'HighApiCost';

/** Alert thresholds of an environment (settings `thresholds`). */
export type AlertThresholds = EnvironmentSettings['thresholds'];

/** One of the seed's alerts: names, severity, threshold and messages, shared by every place that uses it. */
export interface AlertDefinition {
  /** Prometheus alert name. */
  readonly name: AlertName;
  /** The seed's name (`High Error Rate`), used in `alert-rules.yaml` and the runbook. */
  readonly seedName: string;
  /** Severity label. */
  readonly severity: 'critical' | 'warning';
  /** The seed's condition, with the threshold filled in. */
  condition(thresholds: AlertThresholds): string;
  /** The metric the seed's condition compares, if any. */
  readonly metric: 'error_rate' | 'avg_duration_seconds' | 'daily_cost' | null;
  /** The threshold it compares with, if any. */
  threshold(thresholds: AlertThresholds): number | null;
  /** The seed's message for one workflow. */
  summary(workflowId: string, thresholds: AlertThresholds, errorMessage?: string): string;
}

/** Formats a ratio as a percentage without float noise (0.07 → `7`). */
export function percent(ratio: number): string {
  return String(Number((ratio * 100).toPrecision(12)));
}

/** The seed's four alerts, in the seed's order. */
export const ALERT_DEFINITIONS: readonly AlertDefinition[] = [
  {
    name: 'HighErrorRate',
    seedName: 'High Error Rate',
    severity: 'critical',
    metric: 'error_rate',
    condition: (t) => `error_rate > ${t.errorRate}`,
    threshold: (t) => t.errorRate,
    summary: (id, t) => `Workflow ${id} error rate exceeded ${percent(t.errorRate)}% threshold`,
  },
  {
    name: 'SlowExecution',
    seedName: 'Slow Execution',
    severity: 'warning',
    metric: 'avg_duration_seconds',
    condition: (t) => `avg_duration_seconds > ${t.avgDurationSeconds}`,
    threshold: (t) => t.avgDurationSeconds,
    summary: (id, t) => `Workflow ${id} average execution time exceeded ${t.avgDurationSeconds} seconds`,
  },
  {
    name: 'WorkflowFailure',
    seedName: 'Workflow Failure',
    severity: 'critical',
    metric: null,
    condition: () => 'execution_failed',
    threshold: () => null,
    summary: (id, _t, message) => `Workflow ${id} execution failed: ${message ?? 'see the error log'}`,
  },
  {
    name: 'HighApiCost',
    seedName: 'High API Cost',
    severity: 'warning',
    metric: 'daily_cost',
    condition: (t) => `daily_cost > ${t.dailyCost}`,
    threshold: (t) => t.dailyCost,
    summary: (id, t) => `Daily API costs exceeded $${t.dailyCost} for workflow ${id}`,
  },
];

/** The definition of `name`. */
export function alertDefinition(name: AlertName): AlertDefinition {
  return ALERT_DEFINITIONS.find((d) => d.name === name) as AlertDefinition;
}

/** The stable key of one alert about one workflow: same alert, same subject, same key (dedup, resolve). */
export function alertDedupKey(environment: string, alert: AlertName, workflowId: string): string {
  return `exec-automator/${environment}/${alert}/${workflowId}`;
}
