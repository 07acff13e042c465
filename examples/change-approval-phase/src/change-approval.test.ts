import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Deployer, type DeployerEvent, type Phase } from '@exec-automator/core';
import { changeApprovalPhase } from './index.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** A minimal pipeline around the gate: one phase that releases, so we can see what the gate holds back. */
function pipeline(gate: Phase): Phase[] {
  return [
    { name: 'validate', title: 'Validate', kind: 'check', run: async () => ({ summary: 'ok' }) },
    gate,
    {
      name: 'release',
      title: 'Release',
      kind: 'release',
      async run(ctx) {
        await ctx.activateRelease();
        return { summary: 'switched' };
      },
    },
  ];
}

async function setup() {
  const base = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-approval-'));
  dirs.push(base);
  const source = path.join(base, 'src');
  await mkdir(source);
  await writeFile(path.join(source, 'workflow-x_001-demo.py'), 'graph = None\n');
  return { base, source, root: path.join(base, 'root') };
}

describe('changeApprovalPhase (example plugin)', () => {
  it('holds a production deployment until the approval file appears', async () => {
    const { source, root } = await setup();
    const deployer = new Deployer({ root, phases: pipeline(changeApprovalPhase({ pollMs: 20, timeoutMs: 10_000 })) });
    deployer.on('event', (event: DeployerEvent) => {
      if (event.type === 'phase:progress' && event.phase === 'change-approval') {
        const file = /create (\S+) to continue/.exec(event.message)?.[1] as string;
        void mkdir(path.dirname(file), { recursive: true }).then(() => writeFile(file, 'approved by test\n'));
      }
    });
    const result = await deployer.deploy({ source, environment: 'production', skipTests: true, force: true });
    expect(result.status).toBe('SUCCESS');
    expect(result.phases.find((p) => p.name === 'change-approval')?.summary).toMatch(/^approved/);
    expect(result.release?.switched).toBe(true);
  });

  it('fails with its own code after the timeout and releases nothing', async () => {
    const { source, root } = await setup();
    const deployer = new Deployer({ root, phases: pipeline(changeApprovalPhase({ pollMs: 20, timeoutMs: 200 })) });
    const result = await deployer.deploy({ source, environment: 'production' });
    expect(result.status).toBe('FAILED');
    expect(result.error?.code).toBe('PLUGIN_APPROVAL_TIMEOUT');
    expect(result.release?.status).toBe('discarded');
    expect(await readdir(path.join(root, 'production', 'releases'))).toEqual([]);
  });

  it('does not wait in other environments', async () => {
    const { source, root } = await setup();
    const deployer = new Deployer({ root, phases: pipeline(changeApprovalPhase({ timeoutMs: 50 })) });
    const result = await deployer.deploy({ source, environment: 'dev' });
    expect(result.status).toBe('SUCCESS');
  });
});
