import { readFile, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EnvironmentLayout, isDeployError } from '@exec-automator/core';
import { DeployLock } from '@exec-automator/core/state';
import { useTempDirs } from './helpers/temp-dir.js';

const tempDir = useTempDirs();

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid as number;
}

describe('DeployLock', () => {
  it('fails a second acquire at once with DEPLOY_LOCKED naming the holder', async () => {
    const layout = new EnvironmentLayout(await tempDir(), 'dev');
    const first = await DeployLock.acquire(layout, 'deploy', 'dep-1');
    const error = await DeployLock.acquire(layout, 'deploy', 'dep-2').catch((e: unknown) => e);
    expect(isDeployError(error) && error.code).toBe('DEPLOY_LOCKED');
    expect((error as Error).message).toContain('dep-1');
    expect((error as { details: { holder: { pid: number } } }).details.holder.pid).toBe(process.pid);
    await first.release();
    const again = await DeployLock.acquire(layout, 'deploy', 'dep-3');
    expect(JSON.parse(await readFile(layout.lock, 'utf8')).operationId).toBe('dep-3');
    await again.release();
  });

  it('takes over a lock left by a dead process on this host', async () => {
    const layout = new EnvironmentLayout(await tempDir(), 'staging');
    await mkdir(layout.dir, { recursive: true });
    const pid = await deadPid();
    await writeFile(layout.lock, JSON.stringify({ operationId: 'dep-old', operation: 'deploy', pid, host: os.hostname(), user: 'x', startedAt: new Date().toISOString() }));
    expect((await DeployLock.inspect(layout))?.stale).toContain(String(pid));
    const lock = await DeployLock.acquire(layout, 'deploy', 'dep-new');
    expect(lock.holder.operationId).toBe('dep-new');
    await lock.release();
    expect(await DeployLock.inspect(layout)).toBeNull();
  });

  it('never takes over a lock held by another host', async () => {
    const layout = new EnvironmentLayout(await tempDir(), 'production');
    await mkdir(layout.dir, { recursive: true });
    await writeFile(layout.lock, JSON.stringify({ operationId: 'dep-remote', operation: 'deploy', pid: 1, host: 'some-other-host', user: 'x', startedAt: new Date().toISOString() }));
    const error = await DeployLock.acquire(layout, 'deploy', 'dep-mine').catch((e: unknown) => e);
    expect(isDeployError(error) && error.code).toBe('DEPLOY_LOCKED');
  });

  it('lets exactly one of many concurrent takers win a stale lock', async () => {
    const layout = new EnvironmentLayout(await tempDir(), 'dev');
    await mkdir(layout.dir, { recursive: true });
    const pid = await deadPid();
    await writeFile(layout.lock, JSON.stringify({ operationId: 'dep-old', operation: 'deploy', pid, host: os.hostname(), user: 'x', startedAt: new Date().toISOString() }));
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => DeployLock.acquire(layout, 'deploy', `dep-${i}`)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(isDeployError(r.reason) && ['DEPLOY_LOCKED', 'LOCK_ERROR'].includes(r.reason.code)).toBe(true);
  });
});
