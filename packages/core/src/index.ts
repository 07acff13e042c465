export { Deployer, type DeployerOptions } from './deployer/deployer.js';
export type { DeployRequest, RollbackRequest, NormalizedDeployRequest } from './deployer/request.js';
export { normalizeDeployRequest } from './deployer/request.js';
export {
  deploymentStatus,
  type DeploymentResult,
  type DeploymentStatus,
  type PhaseOutcome,
  type ReleaseOutcome,
  type RollbackResult,
} from './deployer/result.js';
export { environmentStatus, resolveRollbackTarget, type EnvironmentStatus } from './deployer/status.js';

export {
  DeployError,
  ERROR_CODES,
  errorClassOf,
  isDeployError,
  toDeployError,
  type BuiltinErrorCode,
  type DeployErrorCode,
  type DeployErrorOptions,
  type PluginErrorCode,
  type ErrorClass,
  type SerializedDeployError,
} from './errors/deploy-error.js';
export { errors, type LockHolder } from './errors/factories.js';

export type {
  DeployerEvent,
  DeployerEventOf,
  DeployerEventPayloads,
  DeployerEventType,
  DeployerEvents,
  EventBase,
} from './events/events.js';
export { DEPLOYER_EVENT_TYPES } from './events/events.js';

export type {
  DeployMode,
  LogLevel,
  Phase,
  PhaseContext,
  PhaseOutput,
  PlannedAction,
  PlannedActionKind,
  ReleaseHandle,
} from './phase/phase.js';
export { PHASE_KIND_RULES, type PhaseKind, type PhaseKindRule } from './phase/phase-rules.js';
export { defineFact, FactStore, type FactKey } from './phase/facts.js';
export {
  AUTO_ROLLBACK,
  RELEASE_SWITCH,
  Facts,
  type DependencyPlan,
  type EnvironmentSetup,
  type MonitoringSetup,
  type PythonEnvironment,
} from './phase/well-known-facts.js';

export { ENVIRONMENTS, environmentNameSchema, isEnvironmentName, type EnvironmentName } from './environment/environments.js';
export { EnvironmentLayout, STABLE_PATHS, type ReleasePaths, type StablePath } from './environment/layout.js';

export {
  CONFIG_FILE_NAME,
  checkEnvironmentSettings,
  configFileSchema,
  defaultSettings,
  environmentSettingsInputSchema,
  loadConfigFile,
  resolveSettings,
  type ConfigFile,
  type EnvironmentSettings,
  type EnvironmentSettingsInput,
} from './config/config.js';
export {
  CHECKPOINT_BACKENDS,
  checkpointSettingsInputSchema,
  defaultCheckpointSettings,
  defaultSecretsSettings,
  SECRETS_BACKENDS,
  secretsSettingsInputSchema,
  type CheckpointBackend,
  type CheckpointSettings,
  type CheckpointSettingsInput,
  type PostgresSettings,
  type RedisSettings,
  type SecretsBackendName,
  type SecretsSettings,
  type SecretsSettingsInput,
} from './config/storage-settings.js';
export {
  CHECKPOINT_KEY_SECRET,
  checkpointConfigFileSchema,
  checkpointConfigFor,
  checkpointerSpec,
  checkpointRequirements,
  checkpointRuntime,
  checkpointSecretNames,
  checkpointSecretsEnv,
  readCheckpointConfig,
  type CheckpointConfigFile,
  type CheckpointRuntime,
} from './config/checkpoint-config.js';

export { RELEASE_STATE_FILE, ReleaseStore, type PruneResult } from './release/release-store.js';
export type { ReleaseMeta, ReleaseStatus, ReleasedProject, ReleasedWorkflow } from './release/release-meta.js';
export { DeployLock, staleReason } from './lock/deploy-lock.js';
export {
  assertDeploymentId,
  assertEnvironmentName,
  assertExecutionId,
  assertPathArgument,
  assertThreadId,
  assertWorkflowName,
  ID_PATTERN,
  idProblem,
  isInside,
  resolveInside,
  showValue,
  workflowNameProblem,
} from './util/identifiers.js';
export { reconcileEnvironment, type Reconciliation } from './deployer/reconcile.js';
export { SwitchJournal, type SwitchIntent } from './deployer/switch-journal.js';
export { LockFile, staleLockReason, type HeldLock, type LockRecord } from './lock/lock-file.js';
export { bootId, deadReason, isAlive, processIdentity, readProcStat, type ProcessIdentity, type ProcStat } from './util/process-identity.js';
export { HistoryJournal, type HistoryEntry } from './history/history-journal.js';

export { PythonBridge, defaultCacheDir, type PythonBridgeOptions } from './python/python-bridge.js';
export { findPython, isSupportedPython, MIN_PYTHON, PYTHON_CANDIDATES, probePython, type PythonInfo } from './python/find-python.js';
export {
  ensureVenv,
  resolveInstaller,
  venvHash,
  VENV_MARKER,
  type EnsureVenvOptions,
  type Installer,
  type InstallerChoice,
  type InstallerRun,
  type Venv,
} from './python/venv-manager.js';
export { lockHeader, lockPins, lockRequirements, type LockOptions } from './python/lock.js';
export { RunnerWorker, runnerScriptPath, runnerVersion, type RequestOptions, type RunnerWorkerOptions } from './python/runner-worker.js';
export { cacheKey, filesUnder, ResultCache, type CachedResultKind, type CacheHit } from './cache/result-cache.js';
export { analysisKey, inspectionKey, testCaseKey, venvQueryKey, workflowDependencyFiles, type GraphIdentity } from './cache/check-keys.js';
export type * from './python/runner-protocol.js';
export {
  BASE_REQUIREMENTS,
  buildRequirements,
  distributionFor,
  WELL_KNOWN_DISTRIBUTIONS,
  requirementName,
  type Requirements,
  type RequirementsInput,
} from './python/requirements.js';
export { runCommand, killGroup, type CommandResult, type RunCommandOptions } from './python/process.js';
export { childGroupCount, endChildGroups, trackChildGroup, untrackChildGroup } from './python/child-groups.js';
export { checkpointRunnerSecrets, workflowProcessEnv, workflowRequestEnv } from './python/runtime-env.js';
export { inheritedEnv, installerEnv, INHERITED_PREFIXES, INHERITED_VARIABLES, NEVER_INHERITED } from './python/process-env.js';

export { discoverWorkflows } from './source/discover.js';
export {
  LANGGRAPH_CONFIG_FILE,
  LANGGRAPH_CONFIG_KEYS,
  LANGGRAPH_DOCKER_ONLY_KEYS,
  readLanggraphConfig,
  type LanggraphConfigIssue,
  type LanggraphGraph,
  type LanggraphProject,
} from './source/langgraph-config.js';
export { jsonErrorLocation, lineOfKey } from './source/json-location.js';
export { specsFromRelease } from './source/release-source.js';
export {
  agentConfigFileName,
  keyOf,
  parseWorkflowFileName,
  releasedWorkflowFile,
  slugOf,
  testsFileName,
  type WorkflowSpec,
} from './source/workflow-spec.js';
export { readSourceProject, readUvLockPins, type LocalDependency, type ProjectIssue, type SourceProject } from './source/project.js';
export { readRequirementsFile, type DeclaredRequirement, type RequirementsFileContent } from './source/requirements-file.js';
export {
  filesHoldingSecrets,
  hashProjectFiles,
  listProjectFiles,
  type ExcludedPath,
  type ExclusionReason,
  type ListProjectFilesOptions,
  type ProjectFiles,
} from './source/project-tree.js';
export {
  planReleaseFiles,
  planReleaseFilesFor,
  releasedAgentConfig,
  releasedTests,
  type ReleaseFileCopy,
  type ReleaseFilePlan,
  type ReleaseFilePlanInput,
  type ReleasePathConflict,
} from './source/release-plan.js';
export { stageLocalPackage, type StagedPackage } from './source/local-packages.js';
export { readProjectEnv, type ProjectEnv } from './source/project-env.js';

export {
  AGENT_CONFIG_FIELD_FORMS,
  agentConfigSchema,
  agentToolSchema,
  hitlCheckpointSchema,
  MONITORING_METRICS,
  REQUIRED_AGENT_FIELDS,
  type AgentConfig,
} from './schemas/agent-config.js';
export {
  recordedResponseSchema,
  runConfigSchema,
  testCaseSchema,
  testExpectationSchema,
  testSuiteSchema,
  type TestCase,
  type TestSuite,
} from './schemas/test-case.js';
export { checkExpectations, loadTestSuite, runTestCase, type RunTestCaseOptions, type TestCaseResult } from './testing/test-runner.js';
export { partialMismatches, readPath } from './testing/expectations.js';

export type { HealthReport, ValidationIssue, ValidationReport, WorkflowValidation } from './reports/report-types.js';
export {
  VALIDATION_CODES,
  validationCodeInfo,
  type ValidationCode,
  type ValidationCodeInfo,
  type ValidationSection,
} from './reports/validation-codes.js';

export { EnvSecretsBackend, SECRET_NAME_PATTERN, type SecretsBackend } from './secrets/secrets-backend.js';
export { EncryptedFileSecretsBackend, type EncryptedFileSecretsOptions } from './secrets/encrypted-file-backend.js';
export { decodeSecretKey, defaultKeyFile, loadSecretKey, type SecretKeySource } from './secrets/secret-key.js';
export { assertNoPlaintextSecrets, FallbackSecretsBackend, secretsBackendFor, secretsStoreFile } from './secrets/secrets-factory.js';
export { Redactor, REDACTED } from './secrets/redactor.js';
export { DEFAULT_ROOT_DIR, environmentFlags, setSecretCommand } from './secrets/secret-commands.js';

export { replaceSymlink, writeFileAtomic, writeJsonAtomic, type AtomicWriteOptions } from './util/atomic-fs.js';
export { compactTimestamp, newOperationId } from './util/time.js';
export {
  MODEL_FAMILIES,
  modelFamily,
  requiredSecretsForModels,
  resolveModel,
  similarModels,
  type ModelFamily,
  type ResolvedModel,
  type SupportedModel,
} from './models/model-families.js';
export type { AlertNotification, Notifier, NotifyOptions, NotifyResult } from './plugins/notifier.js';
export { channelName, notificationChannelSchema, type NotificationChannelConfig } from './plugins/notification-channels.js';
export type { ArchiveEntry, ArchiveResult, Archiver } from './plugins/archiver.js';
export { demoteHeadings, noteSlug, ObsidianArchiver, type ObsidianArchiverOptions } from './archive/obsidian-archiver.js';

export { WorkflowRunner, invokeWorkflow, type ExecutionResult, type InvokeOptions, type RunnerPoolStats, type WorkflowRunnerOptions } from './executions/workflow-runner.js';
export { DEFAULT_SERVER_URL, workflowEndpoints, type WorkflowEndpoints } from './executions/endpoints.js';
export { cancelExecution, type CancelOptions, type CancelResult } from './executions/cancel-execution.js';
export { listExecutions, type ExecutionListing } from './executions/list-executions.js';
export {
  executionRecord,
  isFailedExecution,
  type ExecutionOutcome,
  type ExecutionRecord,
  type ExecutionStart,
  type ExecutionStatus,
  type TokenUsage,
} from './executions/execution-record.js';
export { ExecutionJournal, type ExecutionQuery } from './executions/execution-journal.js';
export { ExecutionRegistry, executionsDir, type RegisteredExecution, type RunningExecution } from './executions/execution-registry.js';
export { checkpointerForRelease, readReleaseEnv, resolveDeployedWorkflow, type DeployedWorkflow } from './executions/deployed-workflow.js';
export { DEFAULT_MODEL_PRICES, estimateCost, modelPricesSchema, priceFor, tokenUsage, type ModelPrice } from './executions/price-table.js';
export { DURATION_BUCKETS, EXECUTIONS_JOURNAL_FILE, METRIC_NAMES, METRICS_PROM_FILE } from './executions/metric-names.js';
export { executionFamilies, executionStats, type DeployedWorkflowInfo, type WorkflowExecutionStats } from './executions/execution-metrics.js';
export { formatValue, renderPrometheusText, type PrometheusFamily, type PrometheusSample } from './executions/prometheus-text.js';
export { METRICS_SUMMARY_FILE, writeExecutionMetrics, type WrittenMetrics } from './executions/metrics-writer.js';
export { configJsonSchema } from './config/json-schema.js';
export { pathExists } from './util/path-exists.js';
