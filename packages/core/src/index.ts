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
  Facts,
  type EnvironmentSetup,
  type MonitoringSetup,
  type PythonEnvironment,
} from './phase/well-known-facts.js';

export { ENVIRONMENTS, environmentNameSchema, isEnvironmentName, type EnvironmentName } from './environment/environments.js';
export { EnvironmentLayout, STABLE_PATHS, type ReleasePaths, type StablePath } from './environment/layout.js';

export {
  CONFIG_FILE_NAME,
  configFileSchema,
  defaultSettings,
  environmentSettingsInputSchema,
  loadConfigFile,
  resolveSettings,
  type ConfigFile,
  type EnvironmentSettings,
  type EnvironmentSettingsInput,
} from './config/config.js';

export { ReleaseStore, type PruneResult } from './release/release-store.js';
export type { ReleaseMeta, ReleaseStatus, ReleasedWorkflow } from './release/release-meta.js';
export { DeployLock, staleReason } from './lock/deploy-lock.js';
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
  type Venv,
} from './python/venv-manager.js';
export { RunnerWorker, runnerScriptPath, type RequestOptions, type RunnerWorkerOptions } from './python/runner-worker.js';
export type * from './python/runner-protocol.js';
export {
  BASE_REQUIREMENTS,
  buildRequirements,
  distributionFor,
  IMPORT_TO_DISTRIBUTION,
  requirementName,
  type Requirements,
  type RequirementsInput,
} from './python/requirements.js';
export { runCommand, killGroup, type CommandResult, type RunCommandOptions } from './python/process.js';
export { workflowProcessEnv } from './python/runtime-env.js';

export { discoverWorkflows } from './source/discover.js';
export { specsFromRelease } from './source/release-source.js';
export {
  agentConfigFileName,
  parseWorkflowFileName,
  testsFileName,
  type WorkflowSpec,
} from './source/workflow-spec.js';

export { agentConfigSchema, agentToolSchema, hitlCheckpointSchema, REQUIRED_AGENT_FIELDS, type AgentConfig } from './schemas/agent-config.js';
export {
  recordedResponseSchema,
  testCaseSchema,
  testExpectationSchema,
  testSuiteSchema,
  type TestCase,
  type TestSuite,
} from './schemas/test-case.js';
export { checkExpectations, loadTestSuite, runTestCase, type RunTestCaseOptions, type TestCaseResult } from './testing/test-runner.js';
export { partialMismatches, readPath } from './testing/expectations.js';

export type { HealthReport, ValidationIssue, ValidationReport, WorkflowValidation } from './reports/report-types.js';

export { EnvSecretsBackend, SECRET_NAME_PATTERN, type SecretsBackend } from './secrets/secrets-backend.js';
export { Redactor, REDACTED } from './secrets/redactor.js';

export { replaceSymlink, writeFileAtomic, writeJsonAtomic, type AtomicWriteOptions } from './util/atomic-fs.js';
export { compactTimestamp, newOperationId } from './util/time.js';
export { MODEL_FAMILIES, modelFamily, requiredSecretsForModels, type ModelFamily } from './models/model-families.js';
export type { AlertNotification, Notifier, NotifyResult } from './plugins/notifier.js';
export type { ArchiveEntry, ArchiveResult, Archiver } from './plugins/archiver.js';
