/**
 * `@exec-automator/core/executions`: Running deployed workflows: the workflow runner, execution records, journal and registry, metrics and prices.
 *
 * @packageDocumentation
 */
export {
  WorkflowRunner,
  invokeWorkflow,
  type ExecutionResult,
  type InvokeOptions,
  type WorkflowRunnerOptions,
} from '../executions/workflow-runner.js';
export { cancelExecution, type CancelOptions, type CancelResult } from '../executions/cancel-execution.js';
export { listExecutions, type ExecutionListing } from '../executions/list-executions.js';
export {
  executionRecord,
  isFailedExecution,
  type ExecutionOutcome,
  type ExecutionRecord,
  type ExecutionStart,
  type ExecutionStatus,
  type TokenUsage,
} from '../executions/execution-record.js';
export { ExecutionJournal, type ExecutionQuery } from '../executions/execution-journal.js';
export { ExecutionRegistry, executionsDir, type RegisteredExecution, type RunningExecution } from '../executions/execution-registry.js';
export { checkpointerForRelease, readReleaseEnv, resolveDeployedWorkflow, type DeployedWorkflow } from '../executions/deployed-workflow.js';
export {
  DEFAULT_MODEL_PRICES,
  estimateCost,
  modelPricesSchema,
  priceFor,
  tokenUsage,
  type ModelPrice,
} from '../executions/price-table.js';
export { DURATION_BUCKETS, EXECUTIONS_JOURNAL_FILE, METRIC_NAMES, METRICS_PROM_FILE } from '../executions/metric-names.js';
export { executionFamilies, executionStats, type DeployedWorkflowInfo, type WorkflowExecutionStats } from '../executions/execution-metrics.js';
export { formatValue, renderPrometheusText, type PrometheusFamily, type PrometheusSample } from '../executions/prometheus-text.js';
export { METRICS_SUMMARY_FILE, writeExecutionMetrics, type WrittenMetrics } from '../executions/metrics-writer.js';
export { type RunnerPoolStats } from '../executions/workflow-runner.js';
export { DEFAULT_SERVER_URL, workflowEndpoints, type WorkflowEndpoints } from '../executions/endpoints.js';
export {
  DEFAULT_REVIEW_PAYLOADS,
  STATUS_OF_ACTION,
  type Review,
  type ReviewAction,
  type ReviewChannel,
  type ReviewDecision,
  type ReviewerTargets,
  type ReviewNotificationOutcome,
  type ReviewStatus,
  type ReviewTimeoutAction,
} from '../executions/review-model.js';
export { ReviewStore, reviewsDir } from '../executions/review-store.js';
export { environmentReviewers, HITL_SLACK_SECRET, reviewPolicy, type ReviewPolicy } from '../executions/review-policy.js';
export { REVIEW_ALERTS, reviewChannels, reviewLinks, reviewNotification } from '../executions/review-notification.js';
export { ReviewInbox, resumePayload, type DecideOptions, type ReviewInboxOptions, type ReviewNotifierFactory, type ReviewResumer } from '../executions/review-inbox.js';
export { ReviewingWorkflowRunner, type ReviewingWorkflowRunnerOptions } from '../executions/reviewing-runner.js';
