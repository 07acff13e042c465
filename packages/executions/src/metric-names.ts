/**
 * The Prometheus series exec-automator writes for workflow executions. One list, used by the
 * metrics writer (core), and by the metrics config, the alert rules and the Grafana dashboard
 * (phase-monitoring), so a name changes everywhere or nowhere.
 */
export const METRIC_NAMES = {
  /** Counter of finished executions; labels `environment`, `workflow_id`, `status`. */
  executions: 'exec_automator_executions_total',
  /** Histogram of execution wall time; labels `environment`, `workflow_id`. */
  duration: 'exec_automator_execution_duration_seconds',
  /** Gauge, completed / finished executions × 100; labels `environment`, `workflow_id`. */
  successRate: 'exec_automator_success_rate_percent',
  /** Counter of failed executions by exception type and node; labels `environment`, `workflow_id`, `error_type`, `node`. */
  errors: 'exec_automator_errors_total',
  /** Counter of chat-model tokens; labels `environment`, `workflow_id`, `model`, `node`, `direction` (`input`/`output`). */
  tokens: 'exec_automator_tokens_used_total',
  /** Gauge, estimated cost of all executions / executions, in USD; labels `environment`, `workflow_id`. */
  costPerExecution: 'exec_automator_cost_per_execution_dollars',
  /** Counter of estimated cost in USD (daily cost = `increase(...[1d])`); labels `environment`, `workflow_id`. */
  cost: 'exec_automator_cost_dollars_total',
  /** Gauge, Unix time of the last finished execution; labels `environment`, `workflow_id`. */
  lastExecution: 'exec_automator_last_execution_timestamp_seconds',
  /** Gauge, 1 per workflow of the current release; labels `environment`, `workflow_id`, `release_id`. */
  workflowInfo: 'exec_automator_workflow_info',
} as const;

/** The seed's duration histogram buckets, in seconds (`+Inf` is implied). */
export const DURATION_BUCKETS: readonly number[] = [1, 5, 10, 30, 60, 120, 300];

/** The file name of the Prometheus textfile under `<env>/metrics/` (node_exporter textfile collector). */
export const METRICS_PROM_FILE = 'exec_automator.prom';

/** The JSON-lines journal of executions under `<env>/metrics/` (one line per finished execution). */
export const EXECUTIONS_JOURNAL_FILE = 'executions.jsonl';
