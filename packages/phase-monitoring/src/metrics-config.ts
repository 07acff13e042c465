import { type WorkflowSpec } from '@exec-automator/core';
import { DURATION_BUCKETS, METRIC_NAMES } from '@exec-automator/executions';

/** Prefix of every Prometheus metric exec-automator emits. */
export const METRIC_PREFIX = 'exec_automator_';

/** Labels every series carries in addition to a metric's own labels. */
export const COMMON_METRIC_LABELS = ['environment', 'workflow_id'] as const;

/** One metric of the seed's `metrics_config`, with the Prometheus name it is emitted under. */
export interface MetricDefinition {
  /** The seed's name (`execution_count`). */
  readonly name: string;
  /** The Prometheus series name (`exec_automator_executions_total`). */
  readonly prometheus_name: string;
  /** Prometheus metric type. */
  readonly type: 'counter' | 'gauge' | 'histogram';
  /** What it measures. */
  readonly description: string;
  /** Labels of its own (besides {@link COMMON_METRIC_LABELS}). */
  readonly labels?: readonly string[];
  /** Histogram bucket upper bounds. */
  readonly buckets?: readonly number[];
  /** Unit, when the name does not say it. */
  readonly unit?: string;
}

/**
 * The seed's six workflow metrics, plus the cost counter the daily-cost alert needs. Names come
 * from core's {@link METRIC_NAMES} (what the metrics writer emits): counters end in `_total`
 * and units end the name, following the Prometheus naming guide; the seed's `name` is kept
 * beside it.
 */
export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
  {
    name: 'execution_count',
    prometheus_name: METRIC_NAMES.executions,
    type: 'counter',
    description: 'Total number of workflow executions by final status',
    labels: ['status'],
  },
  {
    name: 'execution_duration_seconds',
    prometheus_name: METRIC_NAMES.duration,
    type: 'histogram',
    description: 'Workflow execution time in seconds',
    buckets: DURATION_BUCKETS,
  },
  {
    name: 'success_rate',
    prometheus_name: METRIC_NAMES.successRate,
    type: 'gauge',
    description: 'Percentage of executions that completed or stopped for a human',
    unit: 'percent',
  },
  {
    name: 'error_count',
    prometheus_name: METRIC_NAMES.errors,
    type: 'counter',
    description: 'Total number of failed executions by exception type and node',
    labels: ['error_type', 'node'],
  },
  {
    name: 'tokens_used',
    prometheus_name: METRIC_NAMES.tokens,
    type: 'counter',
    description: 'Total LLM tokens consumed',
    labels: ['model', 'node', 'direction'],
  },
  {
    name: 'cost_per_execution',
    prometheus_name: METRIC_NAMES.costPerExecution,
    type: 'gauge',
    description: 'Estimated cost per execution in USD',
    unit: 'dollars',
  },
  {
    name: 'total_cost',
    prometheus_name: METRIC_NAMES.cost,
    type: 'counter',
    description: 'Estimated LLM cost of all executions in USD (daily cost: increase over 1d)',
    unit: 'dollars',
  },
];

/** `metrics-config.json`: the seed's `metrics_config`, one entry per deployed workflow. */
export interface MetricsConfigFile {
  /** Environment. */
  environment: string;
  /** The deployment (release) the file belongs to. */
  deployment_id: string;
  /** Prefix of every Prometheus name. */
  metric_prefix: string;
  /** Labels on every series. */
  common_labels: readonly string[];
  /** Per-workflow metrics. */
  workflows: Array<{ workflow_id: string; workflow: string; metrics: readonly MetricDefinition[] }>;
}

/** Builds `metrics-config.json` for `workflows`. */
export function buildMetricsConfig(input: {
  environment: string;
  deploymentId: string;
  workflows: readonly Pick<WorkflowSpec, 'workflowId' | 'name'>[];
}): MetricsConfigFile {
  return {
    environment: input.environment,
    deployment_id: input.deploymentId,
    metric_prefix: METRIC_PREFIX,
    common_labels: COMMON_METRIC_LABELS,
    workflows: input.workflows.map((wf) => ({ workflow_id: wf.workflowId, workflow: wf.name, metrics: METRIC_DEFINITIONS })),
  };
}
