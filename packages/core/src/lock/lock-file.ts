import { createHash, randomBytes } from 'node:crypto';
import { link, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deployError } from '../errors/deploy-error.js';
import { deadReason, processIdentity, type ProcessIdentity } from '../util/process-identity.js';

/** What a lock file holds: the holder's identity plus whatever the lock's user records. */
export type LockRecord = ProcessIdentity & Record<string, unknown>;

/** What {@link LockFile.tryAcquire} found when the lock is held by a live process. */
export interface HeldLock {
  /** The holder's record, or null when the file does not parse (written by something else). */
  record: LockRecord | null;
  /** The file's text. */
  raw: string;
}

/** An unparseable lock file younger than this may be a foreign writer at work; older, it is stale. */
const UNPARSEABLE_STALE_MS = 30_000;
/** How often acquisition retries after a takeover before it gives up (`LOCK_ERROR`). */
const ATTEMPTS = 20;

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function tempBeside(file: string, tag: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${tag}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function readRaw(file: string): Promise<{ raw: string } | { dir: true } | null> {
  try {
    return { raw: await readFile(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') return { dir: true };
    throw error;
  }
}

function parse(raw: string): LockRecord | null {
  try {
    const value = JSON.parse(raw) as unknown;
    return value !== null && typeof value === 'object' && typeof (value as { pid?: unknown }).pid === 'number' ? (value as LockRecord) : null;
  } catch {
    return null;
  }
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(file)).mtimeMs > ms;
  } catch {
    return true;
  }
}

/**
 * Why the holder of a lock file is gone, or null when it may still run (see
 * {@link deadReason}: gone, zombie, pid reused, rebooted; another host's holder is never gone).
 */
export async function staleLockReason(file: string, raw: string): Promise<string | null> {
  const record = parse(raw);
  if (record === null) return (await olderThan(file, UNPARSEABLE_STALE_MS)) ? 'the lock file does not parse and is old' : null;
  return deadReason(record);
}

/**
 * A lock held by one process at a time: a file created complete (written to a temp file, then
 * hard-linked into place, so no reader ever sees it empty) that records the holder's pid, start
 * time, boot id and host. A lock whose holder is dead ({@link staleLockReason}) is taken over
 * atomically: would-be takers of one stale lock race for a token file named after its content
 * (link(2) lets exactly one create it), and only the winner removes the lock, after checking it
 * still holds that same content. A taker that dies holding the token is itself taken over one
 * token further, so a crash at any point never blocks the lock for good.
 */
export class LockFile {
  readonly #file: string;
  readonly #raw: string;
  #released = false;

  private constructor(file: string, raw: string) {
    this.#file = file;
    this.#raw = raw;
  }

  /** The lock file's path. */
  get file(): string {
    return this.#file;
  }

  /**
   * Takes the lock at `file` for this process, recording `extra` beside its identity, or
   * returns who holds it (a live holder). Throws `LOCK_ERROR` when the file cannot be written.
   */
  static async tryAcquire(file: string, extra: Record<string, unknown> = {}): Promise<LockFile | HeldLock> {
    const self = processIdentity() ?? { pid: process.pid, host: '' };
    const raw = `${JSON.stringify({ ...extra, ...self })}\n`;
    const temp = tempBeside(file, 'new');
    try {
      await writeFile(temp, raw, { flag: 'wx' });
    } catch (error) {
      throw deployError('LOCK_ERROR', `Cannot write beside ${file}: ${(error as Error).message}`, { cause: error });
    }
    try {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        try {
          await link(temp, file);
          return new LockFile(file, raw);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
            throw deployError('LOCK_ERROR', `Cannot create ${file}: ${(error as Error).message}`, { cause: error });
          }
        }
        const seen = await readRaw(file);
        if (seen === null) continue; // released between our attempt and the read
        if ('dir' in seen) {
          await removeLegacyDirLock(file);
          continue;
        }
        if ((await staleLockReason(file, seen.raw)) === null) return { record: parse(seen.raw), raw: seen.raw };
        if (!(await takeOver(file, seen.raw))) await new Promise((resolve) => setTimeout(resolve, 20 + attempt * 20));
      }
    } finally {
      await rm(temp, { force: true });
    }
    throw deployError('LOCK_ERROR', `Could not take ${file}: its stale holder was removed ${ATTEMPTS} times and others kept taking it.`);
  }

  /** The record of the lock at `file` and why it is stale (null: the holder may run); null when unlocked. */
  static async inspect(file: string): Promise<{ record: LockRecord | null; raw: string; stale: string | null } | null> {
    const seen = await readRaw(file);
    if (seen === null || 'dir' in seen) return null;
    return { record: parse(seen.raw), raw: seen.raw, stale: await staleLockReason(file, seen.raw) };
  }

  /** Releases the lock if this process still holds it. Safe to call twice. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    const seen = await readRaw(this.#file);
    if (seen !== null && 'raw' in seen && seen.raw === this.#raw) await unlink(this.#file).catch(() => undefined);
  }
}

/**
 * Removes the stale lock `file` whose content was `raw`, unless another taker does. Returns true
 * when this call removed it (or found it already replaced), false when another live taker holds
 * the takeover token (the caller waits and looks again).
 */
async function takeOver(file: string, raw: string): Promise<boolean> {
  const base = `${file}.takeover-${shortHash(raw)}`;
  let token = base;
  const me = `${JSON.stringify(processIdentity() ?? { pid: process.pid })}\n`;
  const temp = tempBeside(file, 'token');
  await writeFile(temp, me, { flag: 'wx' });
  try {
    for (let depth = 0; depth < 16; depth++) {
      try {
        await link(temp, token);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const held = await readRaw(token);
        if (held === null) continue; // removed by the winner meanwhile: try again at this depth
        if ('dir' in held || (await staleLockReason(token, held.raw)) === null) return false;
        token = `${token}-${shortHash(held.raw).slice(0, 8)}`; // its taker died: take over its token
        continue;
      }
      // Only the token's holder removes the lock, and only if it is still the stale one.
      const again = await readRaw(file);
      if (again !== null && 'raw' in again && again.raw === raw) await unlink(file).catch(() => undefined);
      await removeTokens(file, base);
      return true;
    }
    return false;
  } finally {
    await rm(temp, { force: true });
  }
}

/** Removes every takeover token of one stale generation (`<base>`, `<base>-…`). */
async function removeTokens(file: string, base: string): Promise<void> {
  const prefix = path.basename(base);
  const names = await readdir(path.dirname(file)).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n === prefix || n.startsWith(`${prefix}-`)).map((n) => rm(path.join(path.dirname(file), n), { force: true })));
}

/** A lock directory written by an older version (`<lock>/pid`): removed once its owner is gone. */
async function removeLegacyDirLock(dir: string): Promise<void> {
  const pid = Number(await readFile(path.join(dir, 'pid'), 'utf8').catch(() => 'NaN'));
  const gone = Number.isInteger(pid) && pid > 0 ? deadReason({ pid }) !== null : await olderThan(dir, 60_000);
  if (gone) await rm(dir, { recursive: true, force: true });
  else await new Promise((resolve) => setTimeout(resolve, 250));
}
