import { mkdir, readFile, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { DeployError } from '../errors/deploy-error.js';
import { errors, type LockHolder } from '../errors/factories.js';
import type { EnvironmentLayout } from '../environment/layout.js';

/** A takeover guard older than this is itself left over by a dead process. */
const TAKEOVER_GUARD_STALE_MS = 30_000;

function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Why a lock holder is stale, or null when it may still be running. Only a holder on this host
 * can be checked; a lock from another host is never taken over automatically.
 */
export function staleReason(holder: LockHolder): string | null {
  if (holder.host !== os.hostname()) return null;
  if (!processAlive(holder.pid)) return `process ${holder.pid} is not running`;
  return null;
}

async function readHolder(file: string): Promise<{ holder: LockHolder | null; raw: string } | null> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return { holder: JSON.parse(raw) as LockHolder, raw };
  } catch {
    // A lock whose writer died between create and write is empty or truncated.
    return { holder: null, raw };
  }
}

/**
 * The per-environment deploy lock (`<env>/.lock`). Created with O_EXCL so exactly one process
 * wins; a lock whose holder process is gone is taken over under a guard directory, so two
 * processes that both see the stale lock cannot both take it.
 */
export class DeployLock {
  readonly #file: string;
  readonly #holder: LockHolder;
  #released = false;

  private constructor(file: string, holder: LockHolder) {
    this.#file = file;
    this.#holder = holder;
  }

  /** Who holds this lock. */
  get holder(): LockHolder {
    return this.#holder;
  }

  /**
   * Takes the environment's lock or fails at once with `DEPLOY_LOCKED` naming the holder.
   * The environment directory is created if needed.
   */
  static async acquire(
    layout: EnvironmentLayout,
    operation: string,
    operationId: string,
  ): Promise<DeployLock> {
    await mkdir(layout.dir, { recursive: true });
    const holder: LockHolder = {
      operationId,
      operation,
      pid: process.pid,
      host: os.hostname(),
      user: currentUser(),
      startedAt: new Date().toISOString(),
    };
    const content = `${JSON.stringify(holder)}\n`;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await writeFile(layout.lock, content, { flag: 'wx' });
        return new DeployLock(layout.lock, holder);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new DeployError('LOCK_ERROR', `Cannot create ${layout.lock}: ${(error as Error).message}`, { cause: error });
        }
      }
      const seen = await readHolder(layout.lock);
      if (seen === null) continue; // released between our attempt and the read
      if (seen.holder !== null && staleReason(seen.holder) === null) {
        throw errors.deployLocked(layout.environment, seen.holder, layout.lock);
      }
      if (seen.holder === null && !(await olderThan(layout.lock, TAKEOVER_GUARD_STALE_MS))) {
        // Being written right now by a live process.
        throw new DeployError('DEPLOY_LOCKED', `Environment ${layout.environment} is being locked by another process (${layout.lock}).`, {
          details: { environment: layout.environment, lockPath: layout.lock },
        });
      }
      if (!(await takeOver(layout.lock, seen.raw))) await delay(50 * (attempt + 1));
    }
    throw new DeployError('LOCK_ERROR', `Could not take ${layout.lock} after removing a stale lock three times.`);
  }

  /** The current holder of an environment's lock, with staleness, or null when unlocked. */
  static async inspect(layout: EnvironmentLayout): Promise<{ holder: LockHolder; stale: string | null } | null> {
    const seen = await readHolder(layout.lock);
    if (seen === null || seen.holder === null) return null;
    return { holder: seen.holder, stale: staleReason(seen.holder) };
  }

  /** Releases the lock if this process still owns it. Safe to call twice. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    const seen = await readHolder(this.#file);
    if (seen?.holder?.operationId === this.#holder.operationId && seen.holder.pid === this.#holder.pid) {
      await rm(this.#file, { force: true });
    }
  }
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  try {
    const info = await stat(file);
    return Date.now() - info.mtimeMs > ms;
  } catch {
    return true;
  }
}

/**
 * Removes a stale lock file, but only if it still holds `expectedRaw`: the check and the unlink
 * happen under a guard directory created with mkdir (atomic), so a fresh lock taken by another
 * process in between is never removed.
 */
async function takeOver(lockFile: string, expectedRaw: string): Promise<boolean> {
  const guard = `${lockFile}.takeover`;
  try {
    await mkdir(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (await olderThan(guard, TAKEOVER_GUARD_STALE_MS)) await rm(guard, { recursive: true, force: true });
    return false; // someone else is taking over; the caller retries and sees their result
  }
  try {
    const again = await readHolder(lockFile);
    if (again !== null && again.raw === expectedRaw) await unlink(lockFile);
    return true;
  } finally {
    await rmdir(guard).catch(() => undefined);
  }
}
