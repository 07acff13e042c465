import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** How much a directory holds on disk. */
export interface DiskUsage {
  /** The directory (absolute). */
  path: string;
  /** Bytes of its files (apparent sizes; a file hard-linked several times counts once; links are not followed). */
  bytes: number;
  /** Regular files counted. */
  files: number;
}

/**
 * The size of everything under `dir` (0 when it does not exist). Hard links count once — venvs
 * adopted from the cache by hard link share their files — across one call; pass the same
 * `seen` set to several calls to count a file once across them.
 */
export async function diskUsage(dir: string, seen: Set<string> = new Set()): Promise<DiskUsage> {
  const root = path.resolve(dir);
  let bytes = 0;
  let files = 0;
  async function walk(current: string): Promise<void> {
    let names: string[];
    try {
      names = await readdir(current);
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(current, name);
      const info = await lstat(full).catch(() => undefined);
      if (!info) continue;
      if (info.isDirectory()) await walk(full);
      else if (info.isFile()) {
        const key = `${info.dev}:${info.ino}`;
        if (info.nlink > 1) {
          if (seen.has(key)) continue;
          seen.add(key);
        }
        bytes += info.size;
        files += 1;
      }
    }
  }
  await walk(root);
  return { path: root, bytes, files };
}

/** `bytes` for people: `812.4 MB`, `3.1 kB`, `12 B` (powers of 1000). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
