import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentLayout, isDeployError, ReleaseStore } from '@exec-automator/core';
import { cancelExecution, ExecutionRegistry, listExecutions, WorkflowRunner } from '@exec-automator/executions';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-test-'));
  dirs.push(dir);
  return dir;
}

const BAD = ['a\u0000b', '\u0000', '..', '../x', 'x/../y', 'a..b'];

async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return isDeployError(error) ? error.code : `untyped: ${(error as Error).message}`;
  }
}

describe('NUL and ".." in every id argument of the execution layer give INVALID_ARGUMENT', () => {
  it('refuses them as execution ids, workflow names and thread ids', async () => {
    const root = await tempDir();
    const layout = new EnvironmentLayout(root, 'dev');
    const store = new ReleaseStore(layout);
    await store.create({ id: 'dep-1', environment: 'dev', workflows: [] });
    await store.activate('dep-1');
    const runner = new WorkflowRunner({ root, environment: 'dev' });
    try {
      for (const bad of BAD) {
        expect([bad, await codeOf(() => cancelExecution(layout, bad))]).toEqual([bad, 'INVALID_ARGUMENT']);
        expect(await codeOf(() => new ExecutionRegistry(layout).read(bad))).toBe('INVALID_ARGUMENT');
        expect(await codeOf(() => runner.invoke({ workflow: bad }))).toBe('INVALID_ARGUMENT');
        expect(await codeOf(() => runner.invoke({ workflow: 'w', threadId: bad }))).toBe('INVALID_ARGUMENT');
        expect(await codeOf(() => listExecutions(layout, { workflow: bad }))).toBe('INVALID_ARGUMENT');
      }
    } finally {
      await runner.close();
    }
  });

  it('accepts graph ids with spaces as workflow names', async () => {
    const runner = new WorkflowRunner({ root: await tempDir(), environment: 'dev' });
    try {
      // Valid name, nothing deployed: the name passes its grammar and the lookup says so.
      expect(await codeOf(() => runner.invoke({ workflow: 'Deep Researcher' }))).toBe('NOT_DEPLOYED');
    } finally {
      await runner.close();
    }
  });
});
