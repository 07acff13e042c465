import { cp, mkdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentLayout, ReleaseStore } from '@exec-automator/core';
import { runCli, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs();

/** An environment with two releases made by the release store (no deployment needed): dep-1 good, dep-2 current. */
async function twoReleases(): Promise<{ dir: string; root: string; layout: EnvironmentLayout; store: ReleaseStore }> {
  const dir = await tempDir();
  const root = path.join(dir, 'root');
  const layout = new EnvironmentLayout(root, 'dev');
  const store = new ReleaseStore(layout);
  for (const id of ['dep-1', 'dep-2']) {
    await store.create({ id, environment: 'dev', workflows: [] });
    await store.activate(id);
    await store.mark(id, 'good');
  }
  return { dir, root, layout, store };
}

describe('ids and paths that cannot escape (CLI)', () => {
  it('refuses a rollback to a release copied outside the root, and current stays where it was', async () => {
    const { dir, root, layout } = await twoReleases();
    const copy = path.join(dir, 'outside', 'rel-copy', 'r2');
    await mkdir(path.dirname(copy), { recursive: true });
    await cp(layout.release('dep-1').dir, copy, { recursive: true });
    const traversal = path.relative(layout.releasesDir, copy);
    expect(traversal.startsWith('..')).toBe(true);
    const before = await readlink(layout.current);
    const run = await runCli(['rollback', traversal, '--environment=dev', '--root', root]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('INVALID_ARGUMENT');
    expect(await readlink(layout.current)).toBe(before);
    expect(await readFile(layout.history, 'utf8').catch(() => '')).toBe('');
  });

  it('never rolls back to, or marks bad, the current release named by a second spelling', async () => {
    const { root, layout, store } = await twoReleases();
    for (const spelling of ['../releases/dep-2', './dep-2', 'dep-1/../dep-2']) {
      const run = await runCli(['rollback', spelling, '--environment=dev', '--root', root, '--json']);
      expect(run.code, run.stdout).toBe(2);
      expect(JSON.parse(run.stdout).error.code).toBe('INVALID_ARGUMENT');
    }
    expect(await readlink(layout.current)).toBe(path.join('releases', 'dep-2'));
    expect((await store.read('dep-2')).status).toBe('good');
  });

  it('gives INVALID_ARGUMENT (exit 2) for ".." in every id argument', async () => {
    const { root } = await twoReleases();
    const common = ['--root', root];
    const cases: string[][] = [
      ['rollback', '..', '--environment=dev'],
      ['rollback', '../dep-1', '--environment=dev'],
      ['cancel', '../exe-1', '--environment=dev'],
      ['cancel', '..', '--environment=dev'],
      ['invoke', '../workflow', '--environment=dev'],
      ['invoke', 'workflow', '--thread', '../t', '--environment=dev'],
      ['executions', '--workflow', '../w', '--environment=dev'],
      ['executions', '../exe-1', '--environment=dev'],
      ['reviews', 'approve', '../rev-1', '--environment=dev'],
      ['reviews', 'edit', '..', '--payload', '"x"', '--environment=dev'],
      ['deploy', '../workflow', '--source', root, '--environment=dev'],
      ['status', '--environment=../dev'],
      ['history', '--environment=..'],
    ];
    for (const args of cases) {
      const run = await runCli([...args, ...common]);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr + run.stdout).toContain('INVALID_ARGUMENT');
    }
  });

  it('shows an offending value escaped and truncated', async () => {
    const { root } = await twoReleases();
    const run = await runCli(['cancel', `\u001b[31m../${'x'.repeat(300)}`, '--environment=dev', '--root', root]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('\u001b');
    expect(run.stderr).toContain('…');
    expect(run.stderr.length).toBeLessThan(400);
  });
});
