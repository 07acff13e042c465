import { EventEmitter } from 'eventemitter3';
import path from 'node:path';
import { resolveSettings, type ConfigFile, type EnvironmentSettings, type EnvironmentSettingsInput } from '../config/config.js';
import { toDeployError, type DeployError } from '../errors/deploy-error.js';
import type { EnvironmentName } from '../environment/environments.js';
import { EnvironmentLayout } from '../environment/layout.js';
import type { DeployerEventPayloads, DeployerEvents, DeployerEventType, DeployerEvent } from '../events/events.js';
import { HistoryJournal, type HistoryEntry } from '../history/history-journal.js';
import { DeployLock } from '../lock/deploy-lock.js';
import type { DeployMode, Phase } from '../phase/phase.js';
import { PythonBridge, type PythonBridgeOptions } from '../python/python-bridge.js';
import { ReleaseStore } from '../release/release-store.js';
import { Redactor } from '../secrets/redactor.js';
import type { SecretsBackend } from '../secrets/secrets-backend.js';
import { secretsBackendFor } from '../secrets/secrets-factory.js';
import type { Notifier } from '../plugins/notifier.js';
import type { Archiver } from '../plugins/archiver.js';
import { discoverWorkflows } from '../source/discover.js';
import { PathPolicy } from '../source/path-policy.js';
import type { WorkflowSpec } from '../source/workflow-spec.js';
import { newOperationId } from '../util/time.js';
import { Operation, type Emit } from './operation.js';
import { runPipeline } from './pipeline.js';
import { normalizeDeployRequest, type DeployRequest, type NormalizedDeployRequest, type RollbackRequest } from './request.js';
import { deploymentStatus, type DeploymentResult, type RollbackResult } from './result.js';
import { reconcileEnvironment, type Reconciliation } from './reconcile.js';
import { newRollbackId, runRollback } from './rollback-operation.js';
import { SwitchJournal } from './switch-journal.js';
import { DeployLifecycle } from './deploy-lifecycle.js';
import { missingAncestors, removeEmptyDirs } from './fs-cleanup.js';
import { inertPlugins } from './inert-plugins.js';
import { buildRedactor, withInstallEvents } from './operation-services.js';
import { validatePhases } from './validate-phases.js';
import { environmentStatus, rootDiskUsage, type EnvironmentStatus, type RootDiskUsage } from './status.js';

/** Options of {@link Deployer}. */
export interface DeployerOptions {
  /** Directory holding the environments. Default `./.exec-automator`. */
  root?: string;
  /** The pipeline, in order (the CLI's default is the seven seed phases plus the report). */
  phases: readonly Phase[];
  /** Python interpreter, installer and cache directory. */
  python?: PythonBridgeOptions;
  /** Secrets backend per environment. Default: environment variables. */
  secrets?: SecretsBackend | ((environment: EnvironmentName) => SecretsBackend);
  /** Notification channels per environment. Default none. */
  notifiers?: readonly Notifier[] | ((environment: EnvironmentName) => readonly Notifier[]);
  /** Archivers per environment (e.g. an Obsidian vault). Default none. */
  archivers?: readonly Archiver[] | ((environment: EnvironmentName) => readonly Archiver[]);
  /** Parsed `exec-automator.config.json`. */
  config?: ConfigFile;
  /** Settings that override the configuration file for every environment. */
  settings?: EnvironmentSettingsInput;
  /**
   * Which paths a request may reach. Default: an unrestricted {@link PathPolicy} (links that
   * leave the source are still refused in staging and production); a server for remote clients
   * passes one with its allowed directories, so sources, the files they name and rollback
   * targets outside them are `PATH_NOT_ALLOWED`.
   */
  pathPolicy?: PathPolicy;
}

/** What the result of a deployment is made of, besides what every result has. */
type ResultPart = Pick<DeploymentResult, 'status' | 'phases' | 'reports' | 'release'> & Partial<DeploymentResult>;

/** The identity and services of one deployment. */
interface DeployRun {
  id: string;
  environment: EnvironmentName;
  layout: EnvironmentLayout;
  settings: EnvironmentSettings;
  secrets: SecretsBackend;
  redactor: Redactor;
  emit: Emit;
  mode: DeployMode;
  writes: boolean;
  plugins: { notifiers: readonly Notifier[]; archivers: readonly Archiver[] };
  source: string;
  store: ReleaseStore;
  python: PythonBridge;
  runnerStarts: Record<string, number>;
  startedAt: Date;
  started: number;
}

/**
 * Deploys LangGraph workflows through a pipeline of {@link Phase}s, rolls environments back,
 * and reports their state. Emits typed events ({@link DeployerEvents}) for every state change.
 *
 * @example
 * ```ts
 * const deployer = new Deployer({ phases: defaultPhases() });
 * deployer.on('phase:complete', (e) => console.log(e.title, e.summary));
 * const result = await deployer.deploy({ source: './workflows', environment: 'dev' });
 * ```
 */
export class Deployer extends EventEmitter<DeployerEvents> {
  readonly #options: DeployerOptions;
  readonly #phases: readonly Phase[];
  readonly #pathPolicy: PathPolicy;
  #sequence = 0;

  /** @param options - root, phases, Python, secrets and settings */
  constructor(options: DeployerOptions) {
    super();
    this.#phases = validatePhases(options.phases);
    this.#options = options;
    this.#pathPolicy = options.pathPolicy ?? new PathPolicy();
  }

  /** The path policy requests are checked against. */
  get pathPolicy(): PathPolicy {
    return this.#pathPolicy;
  }

  /** The absolute root directory. */
  get root(): string {
    return path.resolve(this.#options.root ?? '.exec-automator');
  }

  /** The pipeline. */
  get phases(): readonly Phase[] {
    return this.#phases;
  }

  /** The resolved settings of an environment. */
  settings(environment: EnvironmentName): EnvironmentSettings {
    return resolveSettings(environment, this.#options.config, this.#options.settings);
  }

  /** The paths of an environment. */
  layout(environment: EnvironmentName): EnvironmentLayout {
    return new EnvironmentLayout(this.root, environment);
  }

  /**
   * Runs the pipeline. Resolves with the result for every outcome of the operation itself
   * (including validation failures and a held lock: status FAILED with `error`); rejects only
   * for an invalid request (`INVALID_ARGUMENT`, `SKIP_TESTS_REQUIRES_FORCE`).
   */
  async deploy(request: DeployRequest): Promise<DeploymentResult> {
    const req = normalizeDeployRequest(request);
    const run = await this.#deployRun(req);
    const { id, environment, layout, settings, secrets, redactor, emit, mode, writes, plugins, source, store, python, startedAt, started } = run;
    let workflows: WorkflowSpec[] = [];
    const finish = (partial: ResultPart): DeploymentResult => this.#finish(run, workflows, partial);
    try {
      // Before anything of the source is read or imported: every path it names, every link in it.
      await this.#pathPolicy.checkSource(source, environment, { exclude: [this.root, python.cacheDir] });
      workflows = await discoverWorkflows(source, req.workflows);
    } catch (error) {
      return finish({ status: 'FAILED', phases: [], reports: [], release: null, error: toDeployError(error).toJSON() });
    }
    emit('deployment:start', { workflows: workflows.map((w) => w.name), mode });

    const missingDirs = writes ? await missingAncestors(layout.dir, layout.root) : [];
    let lock: DeployLock | undefined;
    let reconciled: Reconciliation | null = null;
    const switches = new SwitchJournal(layout);
    if (writes) {
      try {
        lock = await DeployLock.acquire(layout, 'deploy', id);
        // Under the lock, before anything of ours exists: finish what a killed operation left.
        reconciled = await reconcileEnvironment(layout, store, emit);
      } catch (error) {
        await lock?.release();
        await removeEmptyDirs(missingDirs);
        return finish({ status: 'FAILED', phases: [], reports: [], release: null, error: toDeployError(error, 'LOCK_ERROR').toJSON() });
      }
    }

    const previousId = await store.currentId().catch(() => null);
    const lifecycle = new DeployLifecycle({
      id, source, layout, store, switches, previousId, names: workflows.map((w) => w.name), settings, started, emit,
      rollbackServices: { phases: this.#phases, python, secrets, plugins, redactor, signal: req.signal },
    });
    const op = new Operation({
      operation: 'deploy', operationId: id, environment, settings, mode, sourceDir: source, workflows, layout, releases: store,
      python, secrets, ...plugins, redactor, signal: req.signal ?? new AbortController().signal, emit, startedAt,
      createRelease: () => lifecycle.create(),
      planRelease: () => lifecycle.plan(),
      activate: (release) => lifecycle.activate(release),
    });

    try {
      await runPipeline(this.#phases, op, {
        beforeSwitch: async (_failed, cause, completed) => {
          await this.#undo(op, completed, cause, emit);
          await lifecycle.discard(op);
        },
        afterSwitch: (failed, cause) => lifecycle.failedAfterSwitch(op, failed, cause),
      });
      const status = deploymentStatus(op.outcomes);
      await lifecycle.settle(op, status);
      const report = [...op.outcomes].reverse().find((o) => o.kind === 'report' && o.markdown !== undefined);
      return finish({
        status,
        phases: op.outcomes,
        reports: op.outcomes.flatMap((o) => o.reports ?? []),
        release: lifecycle.outcome(op),
        ...(lifecycle.rollback ? { rollback: lifecycle.rollback } : {}),
        ...(reconciled ? { reconciled } : {}),
        ...(op.failure ? { error: op.failure.toJSON() } : {}),
        ...(report?.markdown === undefined ? {} : { reportMarkdown: report.markdown }),
      });
    } finally {
      await python.closeAll();
      await lock?.release();
      // Nothing was written (e.g. validation failed): leave the root exactly as it was.
      if (!op.release) await removeEmptyDirs(missingDirs);
    }
  }

  /**
   * Switches `current` back to the newest good release before it (or to `request.to`), marks
   * the release rolled back from as bad, and re-runs the verifying phases on the restored
   * release. Resolves with the result; `NO_ROLLBACK_TARGET`, `RELEASE_NOT_FOUND` and
   * `DEPLOY_LOCKED` are reported as FAILED results.
   */
  async rollback(request: RollbackRequest): Promise<RollbackResult> {
    const { environment } = request;
    const id = newRollbackId();
    const layout = this.layout(environment);
    const secrets = this.#secrets(environment);
    const redactor = await buildRedactor(secrets);
    const python = new PythonBridge(withInstallEvents(this.#options.python, this.#emitter(id, environment, redactor)));
    try {
      return await runRollback(
        {
          layout, id, phases: this.#phases, settings: this.settings(environment), python, secrets, plugins: this.#plugins(environment), redactor,
          emit: this.#emitter(id, environment, redactor), pathPolicy: this.#pathPolicy,
        },
        request,
      );
    } finally {
      await python.closeAll();
    }
  }

  /** The state of an environment: current release, releases, lock, last operation. */
  async status(environment: EnvironmentName): Promise<EnvironmentStatus> {
    return environmentStatus(this.layout(environment));
  }

  /** How much the root holds on disk, and where the environment's bytes are (reads every file's metadata). */
  async diskUsage(environment: EnvironmentName): Promise<RootDiskUsage> {
    return rootDiskUsage(this.layout(environment));
  }

  /** The environment's history, oldest first. */
  async history(environment: EnvironmentName): Promise<HistoryEntry[]> {
    return new HistoryJournal(this.layout(environment).history).read();
  }

  /** The secrets backend of an environment (what phases, workflow runs and notifiers read secret values from). */
  secretsBackend(environment: EnvironmentName): SecretsBackend {
    return this.#secrets(environment);
  }

  /** The notification channels configured for an environment. */
  notifiers(environment: EnvironmentName): readonly Notifier[] {
    return this.#plugins(environment).notifiers;
  }

  /** The services and identity of one deployment, made before anything else happens. */
  async #deployRun(req: NormalizedDeployRequest): Promise<DeployRun> {
    const id = newOperationId('dep');
    const environment = req.environment;
    const layout = this.layout(environment);
    const secrets = this.#secrets(environment);
    const redactor = await buildRedactor(secrets);
    const emit = this.#emitter(id, environment, redactor);
    const mode = { dryRun: req.dryRun, validateOnly: req.validateOnly, skipTests: req.skipTests, force: req.force, noCache: req.noCache };
    const writes = !mode.dryRun && !mode.validateOnly;
    // An operation that writes nothing sends and archives nothing either, whatever a phase does.
    const plugins = writes ? this.#plugins(environment) : inertPlugins(this.#plugins(environment));
    const runnerStarts: Record<string, number> = {};
    return {
      id, environment, layout, settings: this.settings(environment), secrets, redactor, emit, mode, writes, plugins,
      source: path.resolve(req.source), store: new ReleaseStore(layout), runnerStarts,
      python: new PythonBridge(withInstallEvents(this.#options.python, emit, runnerStarts)),
      startedAt: new Date(), started: performance.now(),
    };
  }

  /** The deployment's result, redacted, announced with `deployment:complete`. */
  #finish(run: DeployRun, workflows: readonly WorkflowSpec[], partial: ResultPart): DeploymentResult {
    const result: DeploymentResult = {
      id: run.id,
      environment: run.environment,
      mode: run.mode,
      source: run.source,
      root: this.root,
      startedAt: run.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - run.started),
      workflows: workflows.map((w) => ({ name: w.name, workflowId: w.workflowId, file: w.file })),
      runnerStarts: run.runnerStarts,
      ...partial,
    };
    const safe = run.redactor.redactDeep(result);
    run.emit('deployment:complete', { result: safe });
    return safe;
  }

  async #undo(op: Operation, completed: readonly Phase[], cause: DeployError, emit: Emit): Promise<void> {
    for (const phase of [...completed].reverse()) {
      if (!phase.undo) continue;
      try {
        await phase.undo(op.context(phase), cause);
        const outcome = op.outcomes.find((o) => o.name === phase.name);
        if (outcome) outcome.undone = true;
        emit('phase:undo', { phase: phase.name, title: phase.title, ok: true });
      } catch (error) {
        emit('phase:undo', { phase: phase.name, title: phase.title, ok: false, message: (error as Error).message });
      }
    }
  }

  #plugins(environment: EnvironmentName): { notifiers: readonly Notifier[]; archivers: readonly Archiver[] } {
    const pick = <T>(option: readonly T[] | ((e: EnvironmentName) => readonly T[]) | undefined): readonly T[] =>
      typeof option === 'function' ? option(environment) : (option ?? []);
    return { notifiers: pick(this.#options.notifiers), archivers: pick(this.#options.archivers) };
  }

  #secrets(environment: EnvironmentName): SecretsBackend {
    const option = this.#options.secrets;
    if (typeof option === 'function') return option(environment);
    // Default: what the environment's settings choose (env in dev, the encrypted store elsewhere).
    return option ?? secretsBackendFor(environment, this.settings(environment).secrets, this.layout(environment));
  }

  #emitter(operationId: string, environment: string, redactor: Redactor): Emit {
    return <K extends DeployerEventType>(type: K, payload: DeployerEventPayloads[K]) => {
      const event = redactor.redactDeep({
        type,
        sequence: ++this.#sequence,
        timestamp: new Date().toISOString(),
        operationId,
        environment,
        ...payload,
      }) as unknown as DeployerEvent;
      // One emission per state change: typed listeners by type, and `event` for all of them.
      (this.emit as (name: string, e: DeployerEvent) => boolean)(type, event);
      this.emit('event', event);
    };
  }
}
