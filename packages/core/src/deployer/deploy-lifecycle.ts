import type { EnvironmentSettings } from '../config/config.js';
import type { DeployError } from '../errors/deploy-error.js';
import type { EnvironmentLayout } from '../environment/layout.js';
import type { Phase, PlannedAction, ReleaseHandle } from '../phase/phase.js';
import { PHASE_KIND_RULES } from '../phase/phase-rules.js';
import { ENVIRONMENT_SETUP } from '../phase/well-known-facts.js';
import type { ReleaseStore } from '../release/release-store.js';
import { autoRollback, type AutoRollbackInput } from './auto-rollback.js';
import { journal } from './journal.js';
import type { Emit, Operation } from './operation.js';
import type { DeploymentResult, ReleaseOutcome } from './result.js';
import type { SwitchJournal } from './switch-journal.js';

/** What {@link DeployLifecycle} needs to know about its deployment. */
export interface DeployLifecycleInit {
  /** The deployment id (= the release id). */
  readonly id: string;
  /** The source directory (absolute), recorded in the release metadata. */
  readonly source: string;
  /** The environment's paths. */
  readonly layout: EnvironmentLayout;
  /** Its releases. */
  readonly store: ReleaseStore;
  /** Its write-ahead switch journal. */
  readonly switches: SwitchJournal;
  /** The release `current` pointed at before. */
  readonly previousId: string | null;
  /** The workflows deployed. */
  readonly names: readonly string[];
  /** The environment's settings (keep, auto-rollback). */
  readonly settings: EnvironmentSettings;
  /** `performance.now()` when the deployment started. */
  readonly started: number;
  /** Event emitter of the operation. */
  readonly emit: Emit;
  /** What an automatic rollback needs beyond the release (phases, services, plugins). */
  readonly rollbackServices: Omit<AutoRollbackInput, 'store' | 'layout' | 'target' | 'release' | 'failed' | 'cause' | 'settings' | 'emit'>;
}

/**
 * The state transitions of one deployment's release, in one place: create (and plan), switch
 * (journaled write-ahead), discard before the switch, mark bad after it (with the history entry
 * and, where the phase kind and settings ask for it, the automatic rollback), and settle at the
 * end (mark good, journal, prune). The Deployer calls these in order; nothing else moves a
 * deployment's release.
 */
export class DeployLifecycle {
  /** Where the release stands. */
  status: ReleaseOutcome['status'] = 'pending';
  /** The automatic rollback, when one ran. */
  rollback: DeploymentResult['rollback'];
  #journaled = false;
  readonly #init: DeployLifecycleInit;

  /** @param init - the deployment this lifecycle belongs to */
  constructor(init: DeployLifecycleInit) {
    this.#init = init;
  }

  /** Creates the release directory (empty, `pending`). */
  async create(): Promise<ReleaseHandle> {
    const { id, layout, store, previousId, source } = this.#init;
    await store.create({ id, environment: layout.environment, workflows: [], source });
    return { id, paths: layout.release(id), previousId };
  }

  /** What {@link create} would write (dry-run). */
  plan(): PlannedAction[] {
    const { id, layout, store } = this.#init;
    return [
      { kind: 'create-dir', description: `Create the release directory releases/${id}`, target: layout.release(id).dir },
      { kind: 'write-file', description: 'Write the release metadata', target: layout.release(id).meta },
      { kind: 'write-file', description: 'Write the release state (pending until verified)', target: store.statePath(id) },
    ];
  }

  /** Points `current` at `release`, the intent made durable first (the outcome clears it). */
  async activate(release: ReleaseHandle): Promise<void> {
    const { id, switches, previousId, names, store, emit } = this.#init;
    await switches.begin({ operationId: id, operation: 'deploy', from: previousId, to: release.id, workflows: [...names] });
    const from = await store.activate(release.id);
    emit('release:switch', { from, to: release.id });
  }

  /** A failure before the switch: the release is removed. */
  async discard(op: Operation): Promise<void> {
    if (!op.release) return;
    await this.#init.store.discard(op.release.id);
    this.status = 'discarded';
  }

  /**
   * A failure after the switch: the release is marked bad and journaled (before the rollback it
   * causes, so history reads in order), then rolled back automatically when `failed`'s kind and
   * the settings ask for it and there is a good release to go back to.
   */
  async failedAfterSwitch(op: Operation, failed: Phase, cause: DeployError): Promise<void> {
    const { id, layout, store, switches, previousId, names, settings, emit } = this.#init;
    const release = op.release as ReleaseHandle;
    await store.mark(release.id, 'bad', cause.message);
    this.status = 'bad';
    emit('release:mark', { release: release.id, status: 'bad', reason: cause.message });
    await journal(layout, {
      event: 'failure', operationId: id, status: 'FAILED', from: previousId, to: release.id, workflows: [...names],
      durationMs: this.#elapsed(), reason: cause.message, code: cause.code,
    });
    await switches.end(id);
    this.#journaled = true;
    if (!PHASE_KIND_RULES[failed.kind].failureTriggersRollback || !settings.autoRollback) return;
    const target = await store.rollbackTarget();
    if (!target) return;
    this.rollback = await autoRollback(op, { ...this.#init.rollbackServices, store, layout, target, release, failed, cause, settings, emit });
  }

  /**
   * After the pipeline: a switched release remembers the secrets it needs (a later rollback
   * verifies it without re-reading its configs) and, without failure, is marked good; the
   * outcome is journaled (unless a failure after the switch did already) and old releases pruned.
   */
  async settle(op: Operation, status: DeploymentResult['status']): Promise<void> {
    const { id, layout, store, switches, previousId, names, settings, emit } = this.#init;
    const release = op.release;
    if (!release) return;
    const setup = op.facts.get(ENVIRONMENT_SETUP);
    if (op.switched && setup) await store.update(release.id, { secretNames: setup.secretNames });
    if (op.switched && !op.failure) {
      await store.mark(release.id, 'good');
      this.status = 'good';
      emit('release:mark', { release: release.id, status: 'good' });
    }
    if (!this.#journaled) {
      await journal(layout, {
        event: op.failure ? 'failure' : 'deploy', operationId: id, status, from: previousId, to: op.switched ? release.id : null,
        workflows: [...names], durationMs: this.#elapsed(), ...(op.failure ? { reason: op.failure.message, code: op.failure.code } : {}),
      });
      await switches.end(id);
    }
    if (!op.failure) await store.prune(settings.keepReleases);
  }

  /** The release part of the result (null when none was created). */
  outcome(op: Operation): ReleaseOutcome | null {
    if (!op.release) return null;
    return {
      id: op.release.id, path: op.release.paths.dir, previousId: this.#init.previousId, switched: op.switched, status: this.status,
      ...(op.switchMs === undefined ? {} : { switchMs: op.switchMs }),
    };
  }

  #elapsed(): number {
    return Math.round(performance.now() - this.#init.started);
  }
}
