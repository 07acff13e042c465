import type { DeployError } from '../errors/deploy-error.js';
import type { EnvironmentName } from '../environment/environments.js';
import type { EnvironmentLayout, ReleasePaths } from '../environment/layout.js';
import type { FactKey } from './facts.js';
import type { PythonBridge } from '../python/python-bridge.js';
import type { SecretsBackend } from '../secrets/secrets-backend.js';
import type { WorkflowSpec } from '../source/workflow-spec.js';
import type { EnvironmentSettings } from '../config/config.js';
import type { PhaseKind } from './phase-rules.js';
import type { DeployMode, PhaseOutcome, PlannedAction } from './phase-outcome.js';
import type { ReleaseStore } from '../release/release-store.js';
import type { Notifier } from '../plugins/notifier.js';
import type { Archiver } from '../plugins/archiver.js';

export type { DeployMode, PhaseOutcome, PlannedAction, PlannedActionKind } from './phase-outcome.js';

/** What a phase returns from `run()`. */
export interface PhaseOutput {
  /** One line for progress output and reports. */
  summary: string;
  /** Absolute paths of files the phase wrote. */
  files?: string[];
  /** Absolute paths of reports the phase wrote (they are listed in the result). */
  reports?: string[];
  /** Non-fatal findings. */
  warnings?: string[];
  /** The Markdown report a report phase rendered: the result's `reportMarkdown` (the last report phase's wins). */
  markdown?: string;
  /** Structured data for reports and `--json` output. */
  data?: Record<string, unknown>;
}

/** The release being built by a deployment, or restored by a rollback. */
export interface ReleaseHandle {
  /** The release id (= deployment id for deployments). */
  readonly id: string;
  /** Paths inside the release. */
  readonly paths: ReleasePaths;
  /** The release `current` pointed at before this operation, if any. */
  readonly previousId: string | null;
}

/** Levels for {@link PhaseContext.log}. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What a phase sees: the request, the environment, shared services and earlier phases' facts. */
export interface PhaseContext {
  /** `deploy` or `rollback`. */
  readonly operation: 'deploy' | 'rollback';
  /** Deployment (or rollback) id. */
  readonly operationId: string;
  /** Target environment. */
  readonly environment: EnvironmentName;
  /** Settings for the environment (organization, thresholds, log level, ...). */
  readonly settings: EnvironmentSettings;
  /** Modes of this operation. */
  readonly mode: DeployMode;
  /** The source directory (absolute); for rollbacks, the restored release directory. */
  readonly sourceDir: string;
  /** The workflows this operation deploys or verifies. */
  readonly workflows: readonly WorkflowSpec[];
  /** Paths of the environment. */
  readonly layout: EnvironmentLayout;
  /** The release being built or restored; undefined in dry-run and validate-only. */
  readonly release: ReleaseHandle | undefined;
  /** Python discovery, venvs and runner workers. */
  readonly python: PythonBridge;
  /** Where secret values live. */
  readonly secrets: SecretsBackend;
  /** Notification channels configured for the environment (never used in a dry-run). */
  readonly notifiers: readonly Notifier[];
  /** Archivers configured for the environment (never used in a dry-run). */
  readonly archivers: readonly Archiver[];
  /** Cancellation of the whole operation. */
  readonly signal: AbortSignal;
  /** When the operation started. */
  readonly startedAt: Date;
  /** Outcomes of the phases before this one, in order (a live view). */
  readonly outcomes: readonly PhaseOutcome[];
  /** The error that failed the operation, for phases that run after a failure (`report` kind). */
  readonly failure: DeployError | undefined;
  /** The environment's releases (for reading metadata; switching goes through {@link PhaseContext.activateRelease}). */
  readonly releases: ReleaseStore;
  /**
   * Makes this operation's release current (atomic switch of `current`). The release phase calls
   * it once every file of the release is in place.
   */
  activateRelease(): Promise<void>;
  /** Reads a fact published by an earlier phase (or by the Deployer). */
  get<T>(key: FactKey<T>): T | undefined;
  /** Reads a fact that must exist; throws `INTERNAL` naming the missing fact otherwise. */
  require<T>(key: FactKey<T>): T;
  /** Publishes a fact for later phases. */
  set<T>(key: FactKey<T>, value: T): void;
  /** Reports progress on long work (emitted as `phase:progress`). */
  progress(message: string, counts?: { current: number; total: number }): void;
  /** Writes a log line (emitted as `phase:log`, secret values masked). */
  log(level: LogLevel, message: string): void;
  /** Masks every known secret value in `text`. */
  redact(text: string): string;
}

/**
 * A step of the deployment pipeline. Phases read the context, return their output, and never
 * call each other; what one produces for another goes through facts ({@link PhaseContext.set}).
 *
 * How a phase behaves in each mode (dry-run, validate-only, rollback, after a failure) follows
 * from its {@link PhaseKind}; see {@link PHASE_KIND_RULES}.
 */
export interface Phase {
  /** Short id, e.g. `validate`. */
  readonly name: string;
  /** Title for progress and reports, e.g. `Pre-Deployment Validation`. */
  readonly title: string;
  /** What role the phase plays; selects its rules in {@link PHASE_KIND_RULES}. */
  readonly kind: PhaseKind;
  /** When false, a failure is reported and the deployment continues (status PARTIAL). Default true. */
  readonly critical?: boolean;
  /** What the phase would do (dry-run). */
  plan?(ctx: PhaseContext): Promise<PlannedAction[]>;
  /** Does the work. */
  run(ctx: PhaseContext): Promise<PhaseOutput>;
  /** Compensates a completed run when a later phase fails before the release switch. */
  undo?(ctx: PhaseContext, cause: DeployError): Promise<void>;
}
