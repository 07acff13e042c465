import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/atomic-fs.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('leaves no temp file behind when the write fails', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-atomic-'));
    dirs.push(dir);
    // a value writeFile rejects after the temp file was opened
    await expect(writeFileAtomic(path.join(dir, 'state.json'), 42 as unknown as string)).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves no temp file behind when the rename fails', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-atomic-'));
    dirs.push(dir);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(dir, 'taken', 'inside'), { recursive: true });
    // renaming a file over a non-empty directory fails
    await expect(writeFileAtomic(path.join(dir, 'taken'), 'x')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['taken']);
  });
});
