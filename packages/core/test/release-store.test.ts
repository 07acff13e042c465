import { lstat, mkdir, readFile, readlink, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentLayout, isDeployError, ReleaseStore, STABLE_PATHS } from '@exec-automator/core';
import { useTempDirs } from './helpers/temp-dir.js';

const tempDir = useTempDirs();

async function store(): Promise<{ layout: EnvironmentLayout; store: ReleaseStore }> {
  const layout = new EnvironmentLayout(await tempDir(), 'dev');
  return { layout, store: new ReleaseStore(layout) };
}

async function release(s: ReleaseStore, layout: EnvironmentLayout, id: string, status?: 'good' | 'bad', venvHash?: string): Promise<void> {
  await s.create({ id, environment: 'dev', workflows: [], ...(venvHash ? { venvHash } : {}) });
  await mkdir(layout.release(id).workflows, { recursive: true });
  await writeFile(path.join(layout.release(id).workflows, 'wf.py'), `# ${id}\n`);
  if (status) await s.mark(id, status);
}

describe('ReleaseStore', () => {
  it('switches current by rename and exposes the seed paths through it', async () => {
    const { layout, store: s } = await store();
    await release(s, layout, 'dep-1');
    expect(await s.currentId()).toBeNull();
    expect(await s.activate('dep-1')).toBeNull();
    expect(await readlink(layout.current)).toBe(path.join('releases', 'dep-1'));
    for (const name of STABLE_PATHS) {
      expect((await lstat(layout.stable(name))).isSymbolicLink()).toBe(true);
      expect(await readlink(layout.stable(name))).toBe(path.join('current', name));
    }
    await release(s, layout, 'dep-2');
    expect(await s.activate('dep-2')).toBe('dep-1');
    expect(await s.currentId()).toBe('dep-2');
    expect(await readdir(layout.stable('workflows'))).toEqual(['wf.py']);
  });

  it('chooses the newest good release before current as rollback target, skipping bad ones', async () => {
    const { layout, store: s } = await store();
    await release(s, layout, 'dep-1', 'good');
    await release(s, layout, 'dep-2', 'good');
    await release(s, layout, 'dep-3', 'bad');
    await release(s, layout, 'dep-4', 'good');
    await s.activate('dep-4');
    expect((await s.rollbackTarget())?.id).toBe('dep-2');
    await s.activate('dep-1');
    expect(await s.rollbackTarget()).toBeNull();
  });

  it('keeps the last N releases but never deletes current or the newest good one, and drops unused venvs', async () => {
    const { layout, store: s } = await store();
    await release(s, layout, 'dep-1', 'good', 'aaaa');
    for (const id of ['dep-2', 'dep-3', 'dep-4']) await release(s, layout, id, 'bad', 'bbbb');
    await release(s, layout, 'dep-5', undefined, 'cccc');
    for (const hash of ['aaaa', 'bbbb', 'cccc', 'dddd']) await mkdir(path.join(layout.venvs, hash), { recursive: true });
    await s.activate('dep-5');
    const pruned = await s.prune(2);
    expect(pruned.releases.sort()).toEqual(['dep-2', 'dep-3']);
    expect((await s.list()).map((r) => r.id)).toEqual(['dep-1', 'dep-4', 'dep-5']);
    expect((await readdir(layout.venvs)).sort()).toEqual(['aaaa', 'bbbb', 'cccc']);
  });

  it('refuses to discard the current release', async () => {
    const { layout, store: s } = await store();
    await release(s, layout, 'dep-1');
    await s.activate('dep-1');
    const error = await s.discard('dep-1').catch((e: unknown) => e);
    expect(isDeployError(error) && error.code).toBe('INTERNAL');
  });

  it('reports RELEASE_NOT_FOUND for an unknown id', async () => {
    const { store: s } = await store();
    const error = await s.read('dep-nope').catch((e: unknown) => e);
    expect(isDeployError(error) && error.code).toBe('RELEASE_NOT_FOUND');
  });
});

describe('ReleaseStore state file', () => {
  it('keeps status and activation in release-state.json, so marking and switching never rewrite release.json', async () => {
    const { layout, store: s } = await store();
    await release(s, layout, 'dep-1');
    await s.update('dep-1', { workflows: [{ name: 'wf', workflowId: 'workflow_wf', file: 'workflows/wf.py', graph: './workflows/wf.py:graph' }] });
    const metaFile = layout.release('dep-1').meta;
    const before = await readFile(metaFile, 'utf8');
    await s.mark('dep-1', 'good', 'verified');
    await s.activate('dep-1');
    expect(await readFile(metaFile, 'utf8')).toBe(before);
    expect(JSON.parse(before)).not.toHaveProperty('status');
    const state = JSON.parse(await readFile(s.statePath('dep-1'), 'utf8'));
    expect(state).toMatchObject({ status: 'good', statusReason: 'verified' });
    expect(typeof state.activatedAt).toBe('string');
    expect(await s.read('dep-1')).toMatchObject({ id: 'dep-1', status: 'good', workflows: [{ name: 'wf' }] });
  });

  it('reads releases written before the state file existed', async () => {
    const { layout, store: s } = await store();
    await mkdir(layout.release('dep-old').dir, { recursive: true });
    await writeFile(layout.release('dep-old').meta, JSON.stringify({ id: 'dep-old', environment: 'dev', status: 'good', createdAt: '2026-01-01T00:00:00.000Z', workflows: [] }));
    expect((await s.read('dep-old')).status).toBe('good');
    await s.activate('dep-old');
    expect(await s.currentId()).toBe('dep-old');
    expect((await s.read('dep-old')).status).toBe('good');
  });

  it('refuses to activate a release that does not exist, leaving current as it was', async () => {
    const { layout, store: s } = await store();
    await release(s, layout, 'dep-1');
    await s.activate('dep-1');
    const error = await s.activate('dep-missing').catch((e: unknown) => e);
    expect(isDeployError(error) && error.code).toBe('RELEASE_NOT_FOUND');
    expect(await s.currentId()).toBe('dep-1');
  });
});
