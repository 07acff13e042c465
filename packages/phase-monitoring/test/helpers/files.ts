import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every regular file under `dir` with its text, without following symlinks (the release's
 * `venv` link and the environment's stable links would lead into the venv or loop).
 */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (current: string): Promise<void> => {
    for (const name of await readdir(current)) {
      const full = path.join(current, name);
      const info = await lstat(full);
      if (info.isDirectory()) await walk(full);
      else if (info.isFile()) files.set(full, await readFile(full, 'utf8'));
    }
  };
  await walk(dir);
  return files;
}
