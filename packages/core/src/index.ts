/**
 * `@exec-automator/core`: the engine — the Deployer, the Phase contract and facts, events, errors,
 * plugin interfaces, the release store and the environment layout. Everything else a package
 * needs from core is in a documented subpath (`@exec-automator/core/python`, `/source`, …; see
 * the package README).
 *
 * @packageDocumentation
 */
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
export { type EnvironmentStatus, type RootDiskUsage } from './deployer/status.js';
export {
  DeployError,
  ERROR_CODES,
  deployError,
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
export { ERROR_CATALOGUE, errorDefinition, errorDocsAnchor, type ErrorDefinition } from './errors/catalogue.js';
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
export { defineFact, factKey, type FactKey } from './phase/facts.js';
export { AUTO_ROLLBACK, ENVIRONMENT_SETUP, RELEASE_SWITCH, type EnvironmentSetup } from './phase/well-known-facts.js';
export { ENVIRONMENTS, type EnvironmentName } from './environment/environments.js';
export { EnvironmentLayout, STABLE_PATHS, type ReleasePaths, type StablePath } from './environment/layout.js';
export { type ConfigFile, type EnvironmentSettings, type EnvironmentSettingsInput } from './config/config.js';
export { ReleaseStore } from './release/release-store.js';
export type { ReleaseMeta, ReleaseStatus } from './release/release-meta.js';
export { type HistoryEntry } from './history/history-journal.js';
export { type WorkflowSpec } from './source/workflow-spec.js';
export { type SecretsBackend } from './secrets/secrets-backend.js';
export type { AlertNotification, Notifier, NotifyOptions, NotifyResult } from './plugins/notifier.js';
export type { ArchiveEntry, ArchiveResult, Archiver } from './plugins/archiver.js';
