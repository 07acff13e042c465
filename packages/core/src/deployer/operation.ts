import { DeployError, deployError, toDeployError } from '../errors/deploy-error.js';
import type { EnvironmentName } from '../environment/environments.js';
import type { EnvironmentLayout } from '../environment/layout.js';
import type { EnvironmentSettings } from '../config/config.js';
import type { DeployerEventPayloads, DeployerEventType } from '../events/events.js';
import { FactStore, type FactKey } from '../phase/facts.js';
import { RELEASE_SWITCH } from '../phase/well-known-facts.js';
import type { DeployMode, LogLevel, Phase, PhaseContext, PhaseOutput, PlannedAction, ReleaseHandle } from '../phase/phase.js';
import type { PythonBridge } from '../python/python-bridge.js';
import type { ReleaseStore } from '../release/release-store.js';
import type { SecretsBackend } from '../secrets/secrets-backend.js';
import type { Notifier } from '../plugins/notifier.js';
import type { Archiver } from '../plugins/archiver.js';
import type { Redactor } from '../secrets/redactor.js';
import type { WorkflowSpec } from '../source/workflow-spec.js';
import type { PhaseOutcome } from './result.js';

/** Emits one event of the operation (the Deployer adds sequence, time, ids and redaction). */
export type Emit = <K extends DeployerEventType>(type: K, payload: DeployerEventPayloads[K]) => void;

/** Everything an operation (deploy or rollback) shares across its phases. */
export interface OperationInit {
  operation: 'deploy' | 'rollback';
  operationId: string;
  environment: EnvironmentName;
  settings: EnvironmentSettings;
  mode: DeployMode;
  sourceDir: string;
  workflows: readonly WorkflowSpec[];
  layout: EnvironmentLayout;
  releases: ReleaseStore;
  python: PythonBridge;
  secrets: SecretsBackend;
  notifiers: readonly Notifier[];
  archivers: readonly Archiver[];
  redactor: Redactor;
  signal: AbortSignal;
  emit: Emit;
  /** Creates the release directory the first time a phase needs it. */
  createRelease?: () => Promise<ReleaseHandle>;
  /** What {@link OperationInit.createRelease} would write (dry-run), listed once before the first phase that needs it. */
  planRelease?: () => PlannedAction[];
  /** Switches `current` to this operation's release. */
  activate?: (release: ReleaseHandle) => Promise<void>;
  /** An existing release (rollbacks verify the restored one). */
  release?: ReleaseHandle;
  /** When the operation started (the result's `startedAt`, so file names derived from it match). */
  startedAt?: Date;
}

/**
 * The state of one running operation and the {@link PhaseContext} each phase receives. Every
 * phase outcome is recorded here, from one place per state change.
 */
export class Operation {
  readonly init: OperationInit;
  readonly facts = new FactStore();
  readonly outcomes: PhaseOutcome[] = [];
  readonly startedAt: Date;
  failure: DeployError | undefined;
  release: ReleaseHandle | undefined;
  switched = false;
  /** Wall time of this operation's own switch of `current`, in milliseconds. */
  switchMs: number | undefined;
  #releasePlanned = false;

  constructor(init: OperationInit) {
    this.init = init;
    this.release = init.release;
    this.startedAt = init.startedAt ?? new Date();
  }

  /** Creates the release directory unless it exists. */
  async ensureRelease(): Promise<void> {
    if (this.release || !this.init.createRelease) return;
    this.release = await this.init.createRelease();
  }

  /**
   * The dry-run counterpart of {@link Operation.ensureRelease}: what creating the release would
   * write, the first time only (later phases find it created).
   */
  planRelease(): PlannedAction[] {
    if (this.#releasePlanned || !this.init.planRelease) return [];
    this.#releasePlanned = true;
    return this.init.planRelease();
  }

  /** The context handed to `phase`. */
  context(phase: Phase): PhaseContext {
    // the context's getters read the operation's live state
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const op = this;
    const { init } = this;
    return {
      operation: init.operation,
      operationId: init.operationId,
      environment: init.environment,
      settings: init.settings,
      mode: init.mode,
      sourceDir: init.sourceDir,
      workflows: init.workflows,
      layout: init.layout,
      get release() {
        return op.release;
      },
      python: init.python,
      secrets: init.secrets,
      notifiers: init.notifiers,
      archivers: init.archivers,
      signal: init.signal,
      startedAt: op.startedAt,
      outcomes: op.outcomes,
      get failure() {
        return op.failure;
      },
      releases: init.releases,
      async activateRelease() {
        const release = op.release;
        if (!release || !init.activate) {
          throw deployError('INTERNAL', `Phase ${phase.name} asked to activate a release, but this operation has none.`);
        }
        const started = performance.now();
        try {
          await init.activate(release);
        } catch (error) {
          // The rename may have happened before a later step failed: what counts is where
          // `current` points, so the failure is handled as after-switch when it moved.
          if ((await init.releases.currentId().catch(() => null)) === release.id) op.switched = true;
          throw error;
        }
        op.switched = true;
        op.switchMs = Math.round((performance.now() - started) * 100) / 100;
        op.facts.set(RELEASE_SWITCH, { from: release.previousId, to: release.id, switchMs: op.switchMs });
      },
      get: <T>(key: FactKey<T>) => op.facts.get(key),
      require: <T>(key: FactKey<T>): T => {
        const value = op.facts.get(key);
        if (value === undefined) {
          throw deployError('INTERNAL', `Phase ${phase.name} needs "${key.name}", which no earlier phase published. Check the pipeline order.`, {
            phase: phase.name,
          });
        }
        return value;
      },
      set: <T>(key: FactKey<T>, value: T) => op.facts.set(key, value),
      progress: (message: string, counts?: { current: number; total: number }) =>
        init.emit('phase:progress', { phase: phase.name, message, ...(counts ?? {}) }),
      log: (level: LogLevel, message: string) => init.emit('phase:log', { phase: phase.name, level, message }),
      redact: (text: string) => init.redactor.redact(text),
    };
  }

  /** Records a phase that does not run in this situation. */
  skip(phase: Phase, reason: string): void {
    this.outcomes.push({ ...identity(phase), status: 'skipped', durationMs: 0, summary: reason });
    this.init.emit('phase:skip', { phase: phase.name, title: phase.title, reason });
  }

  /**
   * Asks a phase what it would do (dry-run) and records the plan, after `preparation`: what
   * the Deployer itself would do for it first (create the release).
   */
  async plan(phase: Phase, preparation: readonly PlannedAction[] = []): Promise<void> {
    const started = performance.now();
    let actions: PlannedAction[];
    try {
      actions = [...preparation, ...(phase.plan ? await phase.plan(this.context(phase)) : [{ kind: 'run' as const, description: phase.title }])];
    } catch (error) {
      this.#fail(phase, toDeployError(error, 'PHASE_FAILED', phase.name), started);
      return;
    }
    this.outcomes.push({
      ...identity(phase),
      status: 'planned',
      durationMs: Math.round(performance.now() - started),
      summary: `${actions.length} planned action${actions.length === 1 ? '' : 's'}`,
      plan: actions,
    });
    this.init.emit('phase:plan', { phase: phase.name, title: phase.title, actions });
  }

  /**
   * Runs a phase (after `prepare`, whose failure counts as the phase's) and records its outcome.
   * In a dry-run, a phase that runs for real (report, check) and has `plan()` also records what
   * it would write in a real run, so the dry-run's plan covers every file.
   */
  async run(phase: Phase, index: number, total: number, prepare?: () => Promise<void>): Promise<PhaseOutcome> {
    this.init.emit('phase:start', { phase: phase.name, title: phase.title, index, total });
    const started = performance.now();
    let output: PhaseOutput;
    let plan: PlannedAction[] | undefined;
    try {
      if (this.init.signal.aborted) throw deployError('ABORTED', 'The operation was cancelled.');
      await prepare?.();
      if (this.init.mode.dryRun && phase.plan) plan = await phase.plan(this.context(phase));
      output = await phase.run(this.context(phase));
    } catch (error) {
      return this.#fail(phase, toDeployError(error, 'PHASE_FAILED', phase.name), started);
    }
    const outcome: PhaseOutcome = {
      ...identity(phase),
      status: 'succeeded',
      durationMs: Math.round(performance.now() - started),
      summary: output.summary,
      ...(plan ? { plan } : {}),
      ...(output.warnings?.length ? { warnings: output.warnings } : {}),
      ...(output.files?.length ? { files: output.files } : {}),
      ...(output.reports?.length ? { reports: output.reports } : {}),
      ...(output.markdown === undefined ? {} : { markdown: output.markdown }),
      ...(output.data ? { data: output.data } : {}),
    };
    this.outcomes.push(outcome);
    this.init.emit('phase:complete', { phase: phase.name, title: phase.title, durationMs: outcome.durationMs, summary: outcome.summary });
    return outcome;
  }

  #fail(phase: Phase, error: DeployError, started: number): PhaseOutcome {
    const critical = phase.critical !== false;
    const outcome: PhaseOutcome = {
      ...identity(phase),
      status: 'failed',
      durationMs: Math.round(performance.now() - started),
      summary: error.message,
      error: error.toJSON(),
    };
    this.outcomes.push(outcome);
    if (critical && !this.failure) this.failure = error;
    this.init.emit('phase:fail', { phase: phase.name, title: phase.title, durationMs: outcome.durationMs, critical, error: error.toJSON() });
    return outcome;
  }
}

function identity(phase: Phase): Pick<PhaseOutcome, 'name' | 'title' | 'kind' | 'critical'> {
  return { name: phase.name, title: phase.title, kind: phase.kind, critical: phase.critical !== false };
}
