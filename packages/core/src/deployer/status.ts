import { errors } from '../errors/factories.js';
import { assertDeploymentId } from '../util/identifiers.js';
import type { LockHolder } from '../errors/factories.js';
import type { EnvironmentLayout } from '../environment/layout.js';
import { HistoryJournal, type HistoryEntry } from '../history/history-journal.js';
import { DeployLock } from '../lock/deploy-lock.js';
import type { ReleaseMeta } from '../release/release-meta.js';
import type { ReleaseStore } from '../release/release-store.js';
import { ReleaseStore as Store } from '../release/release-store.js';
import { diskUsage, type DiskUsage } from '../util/disk-usage.js';

/** What {@link Deployer.status} reports about an environment. */
export interface EnvironmentStatus {
  /** Environment. */
  environment: string;
  /** Environment directory. */
  dir: string;
  /** The current release, or null before the first deployment. */
  current: ReleaseMeta | null;
  /** All releases, oldest first. */
  releases: ReleaseMeta[];
  /** Where a rollback without an id would go. */
  rollbackTarget: string | null;
  /** The lock holder, if locked (`stale` says why it is stale, when it is). */
  lock: { holder: LockHolder; stale: string | null } | null;
  /** The last history entry. */
  lastOperation: HistoryEntry | null;
}

/** Reads an environment's status (nothing is written). */
export async function environmentStatus(layout: EnvironmentLayout): Promise<EnvironmentStatus> {
  const store = new Store(layout);
  const currentId = await store.currentId().catch(() => null);
  const releases = await store.list();
  const history = await new HistoryJournal(layout.history).read();
  return {
    environment: layout.environment,
    dir: layout.dir,
    current: releases.find((r) => r.id === currentId) ?? null,
    releases,
    rollbackTarget: (await store.rollbackTarget())?.id ?? null,
    lock: await DeployLock.inspect(layout),
    lastOperation: history.at(-1) ?? null,
  };
}

/**
 * The release a rollback goes to: `to` when given (any existing release but the current one,
 * even a bad one: an explicit id is the operator's call), else the newest good release before
 * the current one. Throws `NO_ROLLBACK_TARGET` / `RELEASE_NOT_FOUND`.
 */
export async function resolveRollbackTarget(
  store: ReleaseStore,
  environment: string,
  current: string | null,
  to: string | undefined,
): Promise<ReleaseMeta> {
  // Compared by id after the grammar check: a second spelling (`../releases/<current>`) never gets past it.
  if (to !== undefined) assertDeploymentId(to, 'release id');
  if (current === null) throw errors.noRollbackTarget(environment, `nothing has been deployed there yet (deploy first: \`exec-automator deploy all --source <dir> --environment=${environment}\`).`);
  if (to !== undefined) {
    if (to === current) throw errors.noRollbackTarget(environment, `${to} is already the current release.`);
    const target = await store.read(to);
    if (target.id !== to) throw errors.releaseNotFound(environment, to);
    return target;
  }
  const target = await store.rollbackTarget();
  if (!target) throw errors.noRollbackTarget(environment, `no good release older than ${current}. Choose one explicitly: \`exec-automator status --environment=${environment}\` lists the releases, \`exec-automator rollback <deployment-id> --environment=${environment}\` restores one.`);
  return target;
}

/** What {@link Deployer.diskUsage} reports: the root's size and where an environment's bytes are. */
export interface RootDiskUsage {
  /** Everything under the root (every environment). */
  root: DiskUsage;
  /** Everything under the environment's directory. */
  environment: DiskUsage;
  /** Bytes of the environment's parts (a file hard-linked into two parts counts in the first). */
  parts: { releases: number; venvs: number; checkpoints: number; logs: number; metrics: number; other: number };
}

/** Sizes of the root and of one environment's parts (reads only). */
export async function rootDiskUsage(layout: EnvironmentLayout): Promise<RootDiskUsage> {
  const seen = new Set<string>();
  const [releases, venvs, checkpoints, logs, metrics] = [
    await diskUsage(layout.releasesDir, seen),
    await diskUsage(layout.venvs, seen),
    await diskUsage(layout.checkpoints, seen),
    await diskUsage(layout.logs, seen),
    await diskUsage(layout.metrics, seen),
  ];
  const environment = await diskUsage(layout.dir);
  const counted = releases.bytes + venvs.bytes + checkpoints.bytes + logs.bytes + metrics.bytes;
  return {
    root: await diskUsage(layout.root),
    environment,
    parts: { releases: releases.bytes, venvs: venvs.bytes, checkpoints: checkpoints.bytes, logs: logs.bytes, metrics: metrics.bytes, other: Math.max(0, environment.bytes - counted) },
  };
}
