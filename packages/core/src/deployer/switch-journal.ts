import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { EnvironmentLayout } from '../environment/layout.js';
import { writeJsonAtomic } from '../util/atomic-fs.js';

/** An operation's intent to switch `current`, written (and fsynced) before the switch. */
export interface SwitchIntent {
  /** The deployment or rollback id (an automatic rollback carries its deployment's id). */
  operationId: string;
  /** What switches: a deploy (to its new release) or a rollback (manual or automatic). */
  operation: 'deploy' | 'rollback';
  /** True for the rollback a failed check started. */
  automatic?: boolean;
  /** Release `current` pointed at before. */
  from: string | null;
  /** Release `current` is switched to. */
  to: string;
  /** The rollback's reason. */
  reason?: string;
  /** Workflows of the deployment. */
  workflows?: string[];
  /** ISO time the intent was written. */
  writtenAt: string;
}

/**
 * The environment's write-ahead journal of switches (`<env>/switch-intent.json`): an operation
 * records its intent (switch `current` from A to B) before it switches, and clears it once its
 * outcome is in `history.jsonl`. An intent still there when the next operation takes the lock
 * belongs to an operation that died in between; {@link reconcileEnvironment} completes or
 * corrects its history and release state.
 */
export class SwitchJournal {
  readonly #file: string;

  /** @param layout - the environment */
  constructor(layout: EnvironmentLayout) {
    this.#file = path.join(layout.dir, 'switch-intent.json');
  }

  /** The journal file. */
  get file(): string {
    return this.#file;
  }

  /** Records `intent` durably (atomic write, fsynced) before the switch. */
  async begin(intent: Omit<SwitchIntent, 'writtenAt'>): Promise<void> {
    await writeJsonAtomic(this.#file, { ...intent, writtenAt: new Date().toISOString() });
  }

  /** Clears the intent of `operationId` (its outcome is journaled); another operation's is kept. */
  async end(operationId: string): Promise<void> {
    const pending = await this.pending();
    if (pending?.operationId === operationId) await rm(this.#file, { force: true });
  }

  /** Clears whatever intent is recorded (after reconciling it). */
  async clear(): Promise<void> {
    await rm(this.#file, { force: true });
  }

  /** The unfinished intent, or null. An unreadable file (torn: impossible with atomic writes) is null. */
  async pending(): Promise<SwitchIntent | null> {
    try {
      const value = JSON.parse(await readFile(this.#file, 'utf8')) as SwitchIntent;
      return typeof value.operationId === 'string' && typeof value.to === 'string' ? value : null;
    } catch {
      return null;
    }
  }
}
