import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentLayout, isDeployError } from '@exec-automator/core';
import { DeployLock, processIdentity, readProcStat } from '@exec-automator/core/state';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

const CORE_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'index.js');
const CORE_STATE_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'entries', 'state.js');

/** A Python process that forks a child, lets it exit and never reaps it: the child stays a zombie. */
async function zombie(): Promise<number> {
  const parent = spawn('python3', ['-c', 'import os, sys, time\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nprint(pid, flush=True)\ntime.sleep(120)\n'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(parent);
  const pid = await new Promise<number>((resolve) => parent.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  for (let i = 0; i < 100 && readProcStat(pid)?.state !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
  return pid;
}

function sleeper(): number {
  const child = spawn('sleep', ['120'], { stdio: 'ignore' });
  started.push(child);
  return child.pid as number;
}

function holderRecord(identity: { pid: number; startTime?: string; bootId?: string }, operationId = 'dep-old'): string {
  return `${JSON.stringify({ operationId, operation: 'deploy', user: 'x', startedAt: new Date().toISOString(), host: os.hostname(), ...identity })}\n`;
}

async function lockedLayout(raw: string): Promise<EnvironmentLayout> {
  const layout = new EnvironmentLayout(await tempDir(), 'dev');
  await mkdir(layout.dir, { recursive: true });
  await writeFile(layout.lock, raw);
  return layout;
}

describe.skipIf(process.platform !== 'linux')('lock liveness (pid, start time, boot id, zombie)', () => {
  it('takes over a lock whose holder is a zombie', async () => {
    const pid = await zombie();
    const stat = readProcStat(pid);
    expect(stat?.state).toBe('Z');
    // kill(pid, 0) succeeds on a zombie: only /proc tells it is dead.
    expect(() => process.kill(pid, 0)).not.toThrow();
    const layout = await lockedLayout(holderRecord({ pid, startTime: stat?.startTime as string }));
    expect((await DeployLock.inspect(layout))?.stale).toContain('zombie');
    const lock = await DeployLock.acquire(layout, 'deploy', 'dep-new');
    expect(lock.holder.operationId).toBe('dep-new');
    await lock.release();
  });

  it('takes over a lock whose pid now belongs to another process (start time differs)', async () => {
    const pid = sleeper();
    const layout = await lockedLayout(holderRecord({ pid, startTime: '1' }));
    expect((await DeployLock.inspect(layout))?.stale).toContain('another process');
    const lock = await DeployLock.acquire(layout, 'rollback', 'rb-new');
    expect(JSON.parse(await readFile(layout.lock, 'utf8'))).toMatchObject({ operationId: 'rb-new', pid: process.pid });
    await lock.release();
  });

  it('takes over a lock taken before a reboot (boot id differs)', async () => {
    const identity = processIdentity(sleeper());
    const layout = await lockedLayout(holderRecord({ ...identity, pid: identity?.pid as number, bootId: '00000000-0000-0000-0000-000000000000' }));
    expect((await DeployLock.inspect(layout))?.stale).toContain('rebooted');
    await (await DeployLock.acquire(layout, 'deploy', 'dep-new')).release();
  });

  it('keeps a lock whose holder runs (same pid and start time): DEPLOY_LOCKED', async () => {
    const identity = processIdentity(sleeper());
    const layout = await lockedLayout(holderRecord({ ...identity, pid: identity?.pid as number }));
    const error = await DeployLock.acquire(layout, 'deploy', 'dep-mine').catch((e: unknown) => e);
    expect(isDeployError(error) && error.code).toBe('DEPLOY_LOCKED');
  });

  it('records pid, start time, boot id and host in the lock file', async () => {
    const layout = new EnvironmentLayout(await tempDir(), 'dev');
    const lock = await DeployLock.acquire(layout, 'deploy', 'dep-1');
    const record = JSON.parse(await readFile(layout.lock, 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ pid: process.pid, host: os.hostname(), startTime: readProcStat(process.pid)?.startTime });
    expect(typeof record.bootId).toBe('string');
    await lock.release();
  });

  it('takes over when the taker before died holding the takeover token', async () => {
    const pid = await zombie();
    const raw = holderRecord({ pid });
    const layout = await lockedLayout(raw);
    const token = `${layout.lock}.takeover-${createHash('sha256').update(raw).digest('hex').slice(0, 16)}`;
    await writeFile(token, `${JSON.stringify({ pid, host: os.hostname() })}\n`);
    const lock = await DeployLock.acquire(layout, 'deploy', 'dep-new');
    expect(lock.holder.operationId).toBe('dep-new');
    await lock.release();
    expect((await readdir(layout.dir)).filter((n) => n.includes('takeover'))).toEqual([]);
  });

  it('lets exactly one of several processes racing for a stale lock win', async () => {
    const pid = await zombie();
    const layout = await lockedLayout(holderRecord({ pid }));
    const at = Date.now() + 1500;
    const script = `
      import { EnvironmentLayout } from ${JSON.stringify(CORE_DIST)};
      import { DeployLock } from ${JSON.stringify(CORE_STATE_DIST)};
      const layout = new EnvironmentLayout(${JSON.stringify(layout.root)}, 'dev');
      while (Date.now() < ${at}) {}
      try { await DeployLock.acquire(layout, 'deploy', 'dep-' + process.pid); console.log('WON'); await new Promise((r) => setTimeout(r, 800)); }
      catch (e) { console.log(e.code); }`;
    const runs = Array.from({ length: 4 }, () =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.on('close', () => resolve(out.trim()));
      }),
    );
    const outcomes = await Promise.all(runs);
    expect(outcomes.filter((o) => o === 'WON')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'WON').every((o) => o === 'DEPLOY_LOCKED')).toBe(true);
  });
});
