/**
 * `@exec-automator/executions`: running deployed workflows, shared by the CLI (`invoke`, `executions`, `cancel`), the MCP server and the HTTP server: the workflow runner and its warm worker pool, execution records, the executions journal and registry, metrics, and the seed's endpoint URLs.
 *
 * @packageDocumentation
 */
export {
  WorkflowRunner,
  invokeWorkflow,
  type ExecutionResult,
  type InvokeOptions,
  type WorkflowRunnerOptions,
} from './workflow-runner.js';
export { cancelExecution, type CancelOptions, type CancelResult } from './cancel-execution.js';
export { listExecutions, type ExecutionListing } from './list-executions.js';
export {
  executionRecord,
  isFailedExecution,
  type ExecutionOutcome,
  type ExecutionRecord,
  type ExecutionStart,
  type ExecutionStatus,
} from './execution-record.js';
export { ExecutionJournal, type ExecutionQuery } from './execution-journal.js';
export { ExecutionRegistry, executionsDir, type RegisteredExecution, type RunningExecution } from './execution-registry.js';
export { checkpointerForRelease, readReleaseEnv, resolveDeployedWorkflow, type DeployedWorkflow } from './deployed-workflow.js';
export { DURATION_BUCKETS, EXECUTIONS_JOURNAL_FILE, METRIC_NAMES, METRICS_PROM_FILE } from './metric-names.js';
export { executionFamilies, executionStats, type DeployedWorkflowInfo, type WorkflowExecutionStats } from './execution-metrics.js';
export { formatValue, renderPrometheusText, type PrometheusFamily, type PrometheusSample } from './prometheus-text.js';
export { METRICS_SUMMARY_FILE, writeExecutionMetrics, type WrittenMetrics } from './metrics-writer.js';
export { RunnerPool, type RunnerPoolStats } from './runner-pool.js';
export { DEFAULT_SERVER_URL, workflowEndpoints, type WorkflowEndpoints } from './endpoints.js';
export { ApiKeys, keyMatches, type ApiKeyInfo } from './api-keys.js';
export { readServerState, serverStateFile, type ServerStateFile } from './server-state.js';
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
} from './review-model.js';
export { ReviewStore, reviewsDir } from './review-store.js';
export { environmentReviewers, HITL_SLACK_SECRET, reviewPolicy, type ReviewPolicy } from './review-policy.js';
export { REVIEW_ALERTS, reviewChannels, reviewLinks, reviewNotification } from './review-notification.js';
export { ReviewInbox, resumePayload, type DecideOptions, type ReviewInboxOptions, type ReviewNotifierFactory, type ReviewResumer } from './review-inbox.js';
export { ReviewingWorkflowRunner, type ReviewingWorkflowRunnerOptions } from './reviewing-runner.js';
