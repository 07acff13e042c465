import type { EnvironmentSettings } from '../config/config.js';
import { toDeployError, type DeployError } from '../errors/deploy-error.js';
import type { EnvironmentLayout } from '../environment/layout.js';
import type { Phase, ReleaseHandle } from '../phase/phase.js';
import { AUTO_ROLLBACK } from '../phase/well-known-facts.js';
import type { Archiver } from '../plugins/archiver.js';
import type { Notifier } from '../plugins/notifier.js';
import type { PythonBridge } from '../python/python-bridge.js';
import type { ReleaseMeta } from '../release/release-meta.js';
import type { ReleaseStore } from '../release/release-store.js';
import type { Redactor } from '../secrets/redactor.js';
import type { SecretsBackend } from '../secrets/secrets-backend.js';
import { journal } from './journal.js';
import type { Emit, Operation } from './operation.js';
import { firstLine, restoreRelease } from './restore.js';
import { SwitchJournal } from './switch-journal.js';
import type { DeploymentResult } from './result.js';

/** What the automatic rollback needs from the failed deployment. */
export interface AutoRollbackInput {
  /** The pipeline (its verifying phases re-run on the restored release). */
  phases: readonly Phase[];
  /** The environment's releases. */
  store: ReleaseStore;
  /** The environment's paths. */
  layout: EnvironmentLayout;
  /** The release to go back to. */
  target: ReleaseMeta;
  /** The release that failed its checks after the switch. */
  release: ReleaseHandle;
  /** The phase that failed. */
  failed: Phase;
  /** Its error. */
  cause: DeployError;
  /** The environment's settings. */
  settings: EnvironmentSettings;
  /** Python bridge. */
  python: PythonBridge;
  /** Secrets backend. */
  secrets: SecretsBackend;
  /** Notifiers and archivers of the environment. */
  plugins: { notifiers: readonly Notifier[]; archivers: readonly Archiver[] };
  /** Masks secret values. */
  redactor: Redactor;
  /** Emits the deployment's events. */
  emit: Emit;
  /** Cancellation. */
  signal: AbortSignal | undefined;
}

/**
 * The automatic rollback of a deployment whose verifying phase failed after the switch: restore
 * the newest good release, verify it, journal it, and publish {@link AUTO_ROLLBACK} for the
 * report. Never throws: a rollback that cannot even switch is reported (`verified: false` with
 * its error), and `current` then still points at the failed release, marked bad.
 */
export async function autoRollback(op: Operation, a: AutoRollbackInput): Promise<NonNullable<DeploymentResult['rollback']>> {
  const reason = `automatic: ${a.failed.title} failed (${a.cause.code}): ${firstLine(a.cause.message)}`;
  const started = performance.now();
  let restored: Awaited<ReturnType<typeof restoreRelease>> | undefined;
  let error: DeployError | undefined;
  try {
    restored = await restoreRelease({
      store: a.store, layout: a.layout, target: a.target, from: a.release.id, reason, automatic: true, phases: a.phases,
      operationId: op.init.operationId, settings: a.settings, python: a.python, secrets: a.secrets, ...a.plugins,
      redactor: a.redactor, emit: a.emit, signal: a.signal,
    });
    error = restored.failure;
  } catch (cause) {
    error = toDeployError(cause, 'RELEASE_FAILED');
  }
  const verified = restored?.verified ?? false;
  op.facts.set(AUTO_ROLLBACK, { from: a.release.id, to: a.target.id, verified, reason: a.cause.message });
  await journal(a.layout, {
    event: 'rollback', operationId: op.init.operationId, status: verified ? 'SUCCESS' : 'FAILED', from: a.release.id,
    to: restored ? a.target.id : a.release.id, reason, automatic: true, durationMs: Math.round(performance.now() - started),
    ...(error ? { code: error.code } : {}),
  });
  await new SwitchJournal(a.layout).end(op.init.operationId);
  return {
    to: a.target.id, verified, reason: `${a.failed.title} failed`,
    ...(restored ? { switchMs: restored.switchMs } : {}),
    ...(error ? { error: error.toJSON() } : {}),
  };
}
