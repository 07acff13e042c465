import { access } from 'node:fs/promises';

/** True when `target` exists (file, directory or a link that resolves). */
export async function pathExists(target: string): Promise<boolean> {
  try {
    await access(target);
    return true;
  } catch {
    return false;
  }
}
