import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, symlink, writeFile, open } from 'node:fs/promises';
import path from 'node:path';

function tempName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode. Default 0o644. */
  mode?: number;
  /** fsync the file before the rename. Default true. */
  fsync?: boolean;
}

/**
 * Writes `target` so that readers see either the old or the new content, never a part:
 * write a temp file beside it, fsync, rename over.
 */
export async function writeFileAtomic(
  target: string,
  content: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = tempName(target);
  const handle = await open(temp, 'w', options.mode ?? 0o644);
  try {
    try {
      await handle.writeFile(content);
      if (options.fsync ?? true) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    // a failed write, fsync or rename leaves no temp file behind
    await rm(temp, { force: true });
    throw error;
  }
}

/** Writes `value` as pretty JSON (2 spaces, trailing newline), atomically. */
export async function writeJsonAtomic(target: string, value: unknown, options: AtomicWriteOptions = {}): Promise<void> {
  await writeFileAtomic(target, `${JSON.stringify(value, null, 2)}\n`, options);
}

/**
 * Points the symlink `link` at `target` atomically: create a temp link beside it, rename it
 * over `link` (rename(2) replaces a symlink in one step).
 */
export async function replaceSymlink(target: string, link: string): Promise<void> {
  const temp = tempName(link);
  await symlink(target, temp);
  try {
    await rename(temp, link);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Writes a file that must not exist yet; fails with EEXIST otherwise. */
export async function writeFileExclusive(target: string, content: string): Promise<void> {
  await writeFile(target, content, { flag: 'wx' });
}
