import { spawn } from 'node:child_process';
import { mkdtemp, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
let root = '';

afterAll(async () => {
  if (root) await rm(path.dirname(root), { recursive: true, force: true });
});

describe('examples/embed/deploy-with-sdk.ts', () => {
  it('deploys the examples through the SDK and prints its events as they happen', async () => {
    root = path.join(await mkdtemp(path.join(os.tmpdir(), 'exec-automator-embed-')), 'root');
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(path.join(repo, 'node_modules', '.bin', 'tsx'), [path.join(here, 'deploy-with-sdk.ts'), root], { cwd: repo });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
    });
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/#\d+ ▶ Pre-Deployment Validation/);
    expect(stdout).toMatch(/✓ Health Checks & Verification: 2\/2 workflows healthy/);
    expect(stdout).toMatch(/release dep-\S+ is good/);
    const id = /SUCCESS: 2 workflow\(s\) in [\d.]+ s, release (dep-\S+)/.exec(stdout)?.[1];
    expect(id).toBeDefined();
    expect(await readlink(path.join(root, 'dev', 'current'))).toBe(path.join('releases', id as string));
  });
});
