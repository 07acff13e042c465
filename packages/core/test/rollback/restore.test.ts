import { mkdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Deployer, ENVIRONMENT_SETUP, type PhaseContext, ReleaseStore } from '@exec-automator/core';
import { DeployLock } from '@exec-automator/core/state';
import { parseEnvFile } from '../../src/deployer/release-environment.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { testPhases, type TestPipelineOptions } from '../helpers/test-phases.js';

const tempDir = useTempDirs();

async function setup() {
  const base = await tempDir();
  const source = path.join(base, 'src');
  await mkdir(source);
  await writeFile(path.join(source, 'workflow-a_001-alpha.py'), 'graph = None\n');
  const root = path.join(base, 'root');
  const deployer = (options: TestPipelineOptions = {}) => new Deployer({ root, phases: testPhases(options) });
  return { source, root, deployer };
}

/** Data the running workflows write: it belongs to the environment, not to a release. */
async function writeData(envDir: string): Promise<Record<string, { content: string; mtimeMs: number }>> {
  const files = {
    'checkpoints/checkpoints.sqlite': 'SQLite format 3 (thread t-1 at step 4)',
    'logs/workflows.log': '{"level":"INFO","message":"run 1"}\n',
    'metrics/executions.jsonl': '{"workflow_id":"workflow_a_001","status":"success"}\n',
  };
  const out: Record<string, { content: string; mtimeMs: number }> = {};
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(envDir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    out[rel] = { content, mtimeMs: (await stat(file)).mtimeMs };
  }
  return out;
}

describe('rollback', () => {
  it("brings back the release's own files and settings and leaves checkpoints, logs and metrics as they are", async () => {
    const { source, deployer } = await setup();
    const seen: Array<{ operation: string; release: string | undefined; deploymentId: string | undefined }> = [];
    const d = deployer({ onVerify: (ctx: PhaseContext) => seen.push({ operation: ctx.operation, release: ctx.release?.id, deploymentId: ctx.get(ENVIRONMENT_SETUP)?.variables.DEPLOYMENT_ID }) });
    const first = await d.deploy({ source });
    const second = await d.deploy({ source });
    const envDir = d.layout('dev').dir;
    const data = await writeData(envDir);
    const result = await d.rollback({ environment: 'dev', reason: 'bad prompt in the new release' });
    expect(result).toMatchObject({ status: 'SUCCESS', from: second.id, to: first.id, verified: true });
    expect(await readFile(path.join(envDir, 'current', 'marker.txt'), 'utf8')).toBe(first.id);
    expect(await readFile(path.join(envDir, '.env'), 'utf8')).toContain(`DEPLOYMENT_ID=${first.id}`);
    // The restored release was verified with its own settings, read back from its .env.
    expect(seen.at(-1)).toEqual({ operation: 'rollback', release: first.id, deploymentId: first.id });
    for (const [rel, before] of Object.entries(data)) {
      const file = path.join(envDir, rel);
      expect(await readFile(file, 'utf8')).toBe(before.content);
      expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    }
    const entry = (await d.history('dev')).at(-1);
    expect(entry).toMatchObject({ event: 'rollback', status: 'SUCCESS', from: second.id, to: first.id, reason: 'bad prompt in the new release', automatic: false });
    expect(Date.parse(entry?.timestamp ?? '')).toBeGreaterThan(0);
    expect(entry?.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.switchMs).toBeGreaterThan(0);
  });

  it('skips bad releases without an explicit id, and goes to a bad one only when named', async () => {
    const { source, deployer } = await setup();
    const a = await deployer().deploy({ source, environment: 'staging' });
    const b = await deployer({ verifyFailsWhen: (ctx) => ctx.operation === 'deploy' }).deploy({ source, environment: 'staging' });
    expect(b).toMatchObject({ status: 'FAILED', rollback: { to: a.id, verified: true } });
    const c = await deployer().deploy({ source, environment: 'staging' });
    const d = deployer();
    const store = new ReleaseStore(d.layout('staging'));
    expect((await store.read(b.id)).status).toBe('bad');
    const plain = await d.rollback({ environment: 'staging' });
    expect(plain).toMatchObject({ status: 'SUCCESS', from: c.id, to: a.id });
    const explicit = await d.rollback({ environment: 'staging', to: b.id, reason: 'inspect the bad release' });
    expect(explicit).toMatchObject({ from: a.id, to: b.id });
    expect(await store.currentId()).toBe(b.id);
  });

  it('marks a restored release that fails its checks bad and reports FAILED, so no later rollback picks it', async () => {
    const { source, deployer } = await setup();
    const first = await deployer().deploy({ source });
    const second = await deployer().deploy({ source });
    const failing = deployer({ verifyFailsWhen: (ctx) => ctx.operation === 'rollback' });
    const result = await failing.rollback({ environment: 'dev' });
    expect(result).toMatchObject({ status: 'FAILED', from: second.id, to: first.id, verified: false, error: { code: 'SMOKE_TEST_FAILED' } });
    const store = new ReleaseStore(failing.layout('dev'));
    expect(await store.currentId()).toBe(first.id); // switched: the operator sees where it stands
    expect((await store.read(first.id)).status).toBe('bad');
    expect((await store.read(second.id)).status).toBe('bad');
    expect((await failing.history('dev')).at(-1)).toMatchObject({ event: 'rollback', status: 'FAILED', code: 'SMOKE_TEST_FAILED' });
    expect((await failing.rollback({ environment: 'dev' })).error?.code).toBe('NO_ROLLBACK_TARGET');
  });

  it('changes nothing when the named release does not exist or the environment is locked', async () => {
    const { source, deployer } = await setup();
    const d = deployer();
    await d.deploy({ source });
    const second = await d.deploy({ source });
    const store = new ReleaseStore(d.layout('dev'));
    const missing = await d.rollback({ environment: 'dev', to: 'dep-20200101T000000000Z-0000' });
    expect(missing).toMatchObject({ status: 'FAILED', error: { code: 'RELEASE_NOT_FOUND' } });
    expect(await store.currentId()).toBe(second.id);
    expect((await store.read(second.id)).status).toBe('good');
    const lock = await DeployLock.acquire(d.layout('dev'), 'deploy', 'dep-other');
    try {
      expect((await d.rollback({ environment: 'dev' })).error?.code).toBe('DEPLOY_LOCKED');
    } finally {
      await lock.release();
    }
    expect(await readlink(d.layout('dev').current)).toBe(path.join('releases', second.id));
    expect((await d.history('dev')).map((h) => h.event)).toEqual(['deploy', 'deploy']);
  });

  it('leaves a release that fails its checks current and bad when there is no good release to go back to', async () => {
    const { source, deployer } = await setup();
    const result = await deployer({ failIn: 'verify' }).deploy({ source, environment: 'production' });
    expect(result.status).toBe('FAILED');
    expect(result.rollback).toBeUndefined();
    const status = await deployer().status('production');
    expect(status.current).toMatchObject({ id: result.id, status: 'bad' });
    expect(status.rollbackTarget).toBeNull();
  });
});

describe('parseEnvFile', () => {
  it('reads plain and JSON-quoted values and skips comments', () => {
    expect(parseEnvFile('# Environment: dev\n\nA=1\nB="two words"\nC=file:///x=y\nbad line\n')).toEqual({ A: '1', B: 'two words', C: 'file:///x=y' });
  });
});
