import type { EnvironmentSettings } from '../config/config.js';
import { toDeployError } from '../errors/deploy-error.js';
import type { EnvironmentLayout } from '../environment/layout.js';
import { DeployLock } from '../lock/deploy-lock.js';
import type { Phase } from '../phase/phase.js';
import type { Archiver } from '../plugins/archiver.js';
import type { Notifier } from '../plugins/notifier.js';
import type { PythonBridge } from '../python/python-bridge.js';
import { ReleaseStore } from '../release/release-store.js';
import type { Redactor } from '../secrets/redactor.js';
import type { SecretsBackend } from '../secrets/secrets-backend.js';
import { assertDeploymentId } from '../util/identifiers.js';
import type { PathPolicy } from '../source/path-policy.js';
import { newOperationId } from '../util/time.js';
import { journal } from './journal.js';
import type { Emit } from './operation.js';
import { reconcileEnvironment, type Reconciliation } from './reconcile.js';
import type { RollbackRequest } from './request.js';
import { restoreRelease } from './restore.js';
import type { RollbackResult } from './result.js';
import { resolveRollbackTarget } from './status.js';
import { SwitchJournal } from './switch-journal.js';

/** What a manual rollback needs from its Deployer. */
export interface RollbackServices {
  /** The environment's paths. */
  layout: EnvironmentLayout;
  /** The pipeline (its verifying phases re-run on the restored release). */
  phases: readonly Phase[];
  /** The environment's settings. */
  settings: EnvironmentSettings;
  /** Python bridge (closed by the caller). */
  python: PythonBridge;
  /** Secrets backend. */
  secrets: SecretsBackend;
  /** Notifiers and archivers of the environment. */
  plugins: { notifiers: readonly Notifier[]; archivers: readonly Archiver[] };
  /** Masks secret values. */
  redactor: Redactor;
  /** Emits events under `id`. */
  emit: Emit;
  /** The rollback's id. */
  id: string;
  /** Where a rollback target may lead (checked as a path below `releases/` before its id grammar). */
  pathPolicy?: PathPolicy;
}

/** A new rollback id (`rb-…`). */
export function newRollbackId(): string {
  return newOperationId('rb');
}

/**
 * A manual rollback under the environment's lock: reconcile what a killed operation left,
 * switch `current` back (its intent journaled first), verify, mark the release rolled back from
 * as bad, journal the outcome. Resolves with the result for every outcome.
 */
export async function runRollback(s: RollbackServices, request: RollbackRequest): Promise<RollbackResult> {
  const { layout, id, emit } = s;
  const store = new ReleaseStore(layout);
  const reason = request.reason ?? 'manual rollback';
  const started = performance.now();
  let from: string | null = null;
  let lock: DeployLock | undefined;
  let reconciled: Reconciliation | null = null;
  try {
    // Checked before anything else: a bad id never takes the lock or reads a release.
    if (request.to !== undefined) {
      await s.pathPolicy?.checkReleaseTarget(layout.releasesDir, request.to);
      assertDeploymentId(request.to, 'release id');
    }
    lock = await DeployLock.acquire(layout, 'rollback', id);
    reconciled = await reconcileEnvironment(layout, store, emit);
    from = await store.currentId();
    const target = await resolveRollbackTarget(store, layout.environment, from, request.to);
    const restored = await restoreRelease({
      store, layout, target, from, reason, automatic: false, phases: s.phases, operationId: id,
      settings: s.settings, python: s.python, secrets: s.secrets, ...s.plugins, redactor: s.redactor, emit, signal: request.signal,
    });
    // Marked only once `current` has moved away from it: a rollback that could not switch changes nothing.
    if (from) {
      await store.mark(from, 'bad', `rolled back: ${reason}`);
      emit('release:mark', { release: from, status: 'bad', reason: `rolled back: ${reason}` });
    }
    const status = restored.verified ? 'SUCCESS' : 'FAILED';
    await journal(layout, {
      event: 'rollback', operationId: id, status, from, to: target.id, reason, automatic: false,
      durationMs: Math.round(performance.now() - started),
      ...(restored.failure ? { code: restored.failure.code } : {}),
    });
    await new SwitchJournal(layout).end(id);
    return s.redactor.redactDeep({
      id, environment: layout.environment, status, from, to: target.id, reason, verified: restored.verified, switchMs: restored.switchMs,
      durationMs: Math.round(performance.now() - started), phases: restored.outcomes,
      ...(restored.venvRebuilt ? { venvRebuilt: restored.venvRebuilt } : {}),
      ...(reconciled ? { reconciled } : {}),
      ...(restored.failure ? { error: restored.failure.toJSON() } : {}),
    });
  } catch (error) {
    return s.redactor.redactDeep({
      id, environment: layout.environment, status: 'FAILED', from, to: '', reason, verified: false, switchMs: 0,
      durationMs: Math.round(performance.now() - started), phases: [], ...(reconciled ? { reconciled } : {}), error: toDeployError(error).toJSON(),
    });
  } finally {
    await lock?.release();
  }
}
