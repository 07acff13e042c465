import { mkdir, readlink, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Deployer, EnvironmentLayout, type EnvironmentName, isDeployError, ReleaseStore } from '@exec-automator/core';
import { readLanggraphConfig } from '@exec-automator/core/source';
import { testPhases } from '../helpers/test-phases.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const BAD = ['a\u0000b', '\u0000', '..', '../x', 'x/../y', 'a..b'];

async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return isDeployError(error) ? error.code : `untyped: ${(error as Error).message}`;
  }
}

describe('NUL and ".." in every id argument of the SDK give INVALID_ARGUMENT', () => {
  it('refuses them as release ids, workflow names and environments (execution and thread ids: packages/executions/test/id-arguments.test.ts)', async () => {
    const root = await tempDir();
    const layout = new EnvironmentLayout(root, 'dev');
    const store = new ReleaseStore(layout);
    await store.create({ id: 'dep-1', environment: 'dev', workflows: [] });
    await store.activate('dep-1');
    const deployer = new Deployer({ root, phases: testPhases() });
    for (const bad of BAD) {
      const rollback = await deployer.rollback({ environment: 'dev', to: bad });
      expect([bad, rollback.error?.code]).toEqual([bad, 'INVALID_ARGUMENT']);
      expect(await codeOf(() => store.read(bad))).toBe('INVALID_ARGUMENT');
      expect(await codeOf(() => layout.release(bad))).toBe('INVALID_ARGUMENT');
      expect(await codeOf(() => deployer.deploy({ source: root, workflows: [bad] }))).toBe('INVALID_ARGUMENT');
      expect(await codeOf(() => new EnvironmentLayout(root, bad as EnvironmentName))).toBe('INVALID_ARGUMENT');
    }
    expect(await codeOf(() => deployer.deploy({ source: `${root}\u0000x` }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => new EnvironmentLayout(`${root}\u0000`, 'dev'))).toBe('INVALID_ARGUMENT');
    expect(await readlink(layout.current)).toBe(path.join('releases', 'dep-1'));
  });

  it('checks the release id before anything else, even where nothing is deployed', async () => {
    const deployer = new Deployer({ root: await tempDir(), phases: testPhases() });
    for (const bad of BAD) expect((await deployer.rollback({ environment: 'staging', to: bad })).error?.code).toBe('INVALID_ARGUMENT');
  });
});

describe('langgraph.json graphs that cannot escape', () => {
  it('reports graph ids with separators or "..", and graph files outside the project, as invalid', async () => {
    const dir = await tempDir();
    const project = path.join(dir, 'project');
    await mkdir(project);
    await writeFile(path.join(dir, 'outside.py'), 'graph = None\n');
    await writeFile(path.join(project, 'agent.py'), 'graph = None\n');
    await symlink(path.join(dir, 'outside.py'), path.join(project, 'linked.py'));
    await writeFile(
      path.join(project, 'langgraph.json'),
      JSON.stringify({ graphs: { '../evil': './agent.py:graph', 'a/b': './agent.py:graph', outside: '../outside.py:graph', linked: './linked.py:graph', 'Deep Researcher': './agent.py:graph' } }),
    );
    const config = await readLanggraphConfig(project);
    expect(config?.graphs.map((g) => g.id)).toEqual(['Deep Researcher']);
    expect(config?.issues.filter((i) => i.code === 'LANGGRAPH_GRAPH_REF_INVALID')).toHaveLength(4);
  });
});
