import { EventEmitter } from 'eventemitter3';
import path from 'node:path';
import { resolveSettings, type ConfigFile, type EnvironmentSettings, type EnvironmentSettingsInput } from '../config/config.js';
import { toDeployError, type DeployError } from '../errors/deploy-error.js';
import type { EnvironmentName } from '../environment/environments.js';
import { EnvironmentLayout } from '../environment/layout.js';
import type { DeployerEventPayloads, DeployerEvents, DeployerEventType, DeployerEvent } from '../events/events.js';
import { HistoryJournal, type HistoryEntry } from '../history/history-journal.js';
import { DeployLock } from '../lock/deploy-lock.js';
import type { Phase, ReleaseHandle } from '../phase/phase.js';
import { PHASE_KIND_RULES } from '../phase/phase-rules.js';
import { Facts } from '../phase/well-known-facts.js';
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
import { normalizeDeployRequest, type DeployRequest, type RollbackRequest } from './request.js';
import { deploymentStatus, type DeploymentResult, type ReleaseOutcome, type RollbackResult } from './result.js';
import { reconcileEnvironment, type Reconciliation } from './reconcile.js';
import { newRollbackId, runRollback } from './rollback-operation.js';
import { SwitchJournal } from './switch-journal.js';
import { autoRollback } from './auto-rollback.js';
import { missingAncestors, removeEmptyDirs } from './fs-cleanup.js';
import { inertPlugins } from './inert-plugins.js';
import { journal } from './journal.js';
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
    const id = newOperationId('dep');
    const environment = req.environment;
    const layout = this.layout(environment);
    const settings = this.settings(environment);
    const secrets = this.#secrets(environment);
    const redactor = await buildRedactor(secrets);
    const emit = this.#emitter(id, environment, redactor);
    const mode = { dryRun: req.dryRun, validateOnly: req.validateOnly, skipTests: req.skipTests, force: req.force, noCache: req.noCache };
    const writes = !mode.dryRun && !mode.validateOnly;
    // An operation that writes nothing sends and archives nothing either, whatever a phase does.
    const plugins = writes ? this.#plugins(environment) : inertPlugins(this.#plugins(environment));
    const source = path.resolve(req.source);
    const store = new ReleaseStore(layout);
    const runnerStarts: Record<string, number> = {};
    const python = new PythonBridge(withInstallEvents(this.#options.python, emit, runnerStarts));
    const startedAt = new Date();
    const started = performance.now();
    let workflows: WorkflowSpec[] = [];
    const finish = (partial: Pick<DeploymentResult, 'status' | 'phases' | 'reports' | 'release'> & Partial<DeploymentResult>): DeploymentResult => {
      const result: DeploymentResult = {
        id,
        environment,
        mode,
        source,
        root: this.root,
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        durationMs: Math.round(performance.now() - started),
        workflows: workflows.map((w) => ({ name: w.name, workflowId: w.workflowId, file: w.file })),
        runnerStarts,
        ...partial,
      };
      const safe = redactor.redactDeep(result);
      emit('deployment:complete', { result: safe });
      return safe;
    };

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
    let releaseStatus: ReleaseOutcome['status'] = 'pending';
    let rollback: DeploymentResult['rollback'];
    let journaled = false;
    const names = workflows.map((w) => w.name);
    const op = new Operation({
      operation: 'deploy',
      operationId: id,
      environment,
      settings,
      mode,
      sourceDir: source,
      workflows,
      layout,
      releases: store,
      python,
      secrets,
      ...plugins,
      redactor,
      signal: req.signal ?? new AbortController().signal,
      emit,
      startedAt,
      createRelease: async (): Promise<ReleaseHandle> => {
        await store.create({ id, environment, workflows: [], source });
        return { id, paths: layout.release(id), previousId };
      },
      planRelease: () => [
        { kind: 'create-dir', description: `Create the release directory releases/${id}`, target: layout.release(id).dir },
        { kind: 'write-file', description: 'Write the release metadata', target: layout.release(id).meta },
        { kind: 'write-file', description: 'Write the release state (pending until verified)', target: store.statePath(id) },
      ],
      activate: async (release) => {
        // Write-ahead: the intent is durable before `current` moves; the outcome clears it.
        await switches.begin({ operationId: id, operation: 'deploy', from: previousId, to: release.id, workflows: names });
        const from = await store.activate(release.id);
        emit('release:switch', { from, to: release.id });
      },
    });

    try {
      await runPipeline(this.#phases, op, {
        beforeSwitch: async (_failed, cause, completed) => {
          await this.#undo(op, completed, cause, emit);
          if (op.release) {
            await store.discard(op.release.id);
            releaseStatus = 'discarded';
          }
        },
        afterSwitch: async (failed, cause) => {
          const release = op.release as ReleaseHandle;
          await store.mark(release.id, 'bad', cause.message);
          releaseStatus = 'bad';
          emit('release:mark', { release: release.id, status: 'bad', reason: cause.message });
          // The failed deployment is journaled before the rollback it causes: history reads in order.
          await journal(layout, {
            event: 'failure', operationId: id, status: 'FAILED', from: previousId, to: release.id, workflows: names,
            durationMs: Math.round(performance.now() - started), reason: cause.message, code: cause.code,
          });
          await switches.end(id);
          journaled = true;
          if (!PHASE_KIND_RULES[failed.kind].failureTriggersRollback || !settings.autoRollback) return;
          const target = await store.rollbackTarget();
          if (!target) return;
          rollback = await autoRollback(op, { phases: this.#phases, store, layout, target, release, failed, cause, settings, python, secrets, plugins, redactor, emit, signal: req.signal });
        },
      });
      const setup = op.facts.get(Facts.environmentSetup);
      // A later rollback verifies this release with the secrets it needs, without re-reading its configs.
      if (op.release && op.switched && setup) await store.update(op.release.id, { secretNames: setup.secretNames });
      if (op.release && op.switched && !op.failure) {
        await store.mark(op.release.id, 'good');
        releaseStatus = 'good';
        emit('release:mark', { release: op.release.id, status: 'good' });
      }
      const status = deploymentStatus(op.outcomes);
      if (op.release && !journaled) {
        await journal(layout, {
          event: op.failure ? 'failure' : 'deploy',
          operationId: id,
          status,
          from: previousId,
          to: op.switched ? op.release.id : null,
          workflows: names,
          durationMs: Math.round(performance.now() - started),
          ...(op.failure ? { reason: op.failure.message, code: op.failure.code } : {}),
        });
        await switches.end(id);
      }
      if (op.release && !op.failure) await store.prune(settings.keepReleases);
      const reportOutcome = [...op.outcomes].reverse().find((o) => o.kind === 'report' && typeof o.data?.markdown === 'string');
      return finish({
        status,
        phases: op.outcomes,
        reports: op.outcomes.flatMap((o) => (Array.isArray(o.data?.reports) ? (o.data.reports as string[]) : [])),
        release: op.release
          ? {
              id: op.release.id, path: op.release.paths.dir, previousId, switched: op.switched, status: releaseStatus,
              ...(op.switchMs === undefined ? {} : { switchMs: op.switchMs }),
            }
          : null,
        ...(rollback ? { rollback } : {}),
        ...(reconciled ? { reconciled } : {}),
        ...(op.failure ? { error: op.failure.toJSON() } : {}),
        ...(reportOutcome ? { reportMarkdown: reportOutcome.data?.markdown as string } : {}),
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
