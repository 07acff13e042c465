import { rmdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Directories from `dir` up to (and including) `root` that do not exist yet, deepest first. */
export async function missingAncestors(dir: string, root: string): Promise<string[]> {
  const missing: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      await stat(current);
      break;
    } catch {
      missing.push(current);
    }
    if (current === root || path.dirname(current) === current) break;
  }
  return missing;
}

/** Removes directories an operation created, deepest first, only while they are empty. */
export async function removeEmptyDirs(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
  }
}
