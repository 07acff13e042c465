import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import { errors, type LockHolder } from '../errors/factories.js';
import type { EnvironmentLayout } from '../environment/layout.js';
import { deadReason } from '../util/process-identity.js';
import { LockFile } from './lock-file.js';

function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/**
 * Why a lock holder is stale, or null when it may still be running: its process is gone, a
 * zombie, or another process under a reused pid, or the machine rebooted since. A lock from
 * another host is never taken over automatically.
 */
export function staleReason(holder: LockHolder): string | null {
  return deadReason(holder);
}

/**
 * The per-environment deploy lock (`<env>/.lock`), a {@link LockFile}: exactly one process
 * holds it; a lock whose holder is dead is taken over atomically by exactly one of the processes
 * that find it.
 */
export class DeployLock {
  readonly #lock: LockFile;
  readonly #holder: LockHolder;

  private constructor(lock: LockFile, holder: LockHolder) {
    this.#lock = lock;
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
  static async acquire(layout: EnvironmentLayout, operation: string, operationId: string): Promise<DeployLock> {
    await mkdir(layout.dir, { recursive: true });
    const extra = { operationId, operation, user: currentUser(), startedAt: new Date().toISOString() };
    const taken = await LockFile.tryAcquire(layout.lock, extra);
    if (taken instanceof LockFile) {
      const inspected = await LockFile.inspect(layout.lock);
      return new DeployLock(taken, (inspected?.record ?? { ...extra, pid: process.pid, host: os.hostname() }) as unknown as LockHolder);
    }
    const holder = (taken.record ?? { operationId: 'unknown', operation: 'unknown', pid: 0, host: 'unknown', user: 'unknown', startedAt: 'unknown' }) as unknown as LockHolder;
    throw errors.deployLocked(layout.environment, holder, layout.lock);
  }

  /** The current holder of an environment's lock, with staleness, or null when unlocked. */
  static async inspect(layout: EnvironmentLayout): Promise<{ holder: LockHolder; stale: string | null } | null> {
    const seen = await LockFile.inspect(layout.lock);
    if (seen === null || seen.record === null) return null;
    return { holder: seen.record as unknown as LockHolder, stale: seen.stale };
  }

  /** Releases the lock if this process still owns it. Safe to call twice. */
  async release(): Promise<void> {
    await this.#lock.release();
  }
}
