import { cp, mkdir, mkdtemp, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The MCP server's --allow boundary against a source that tries to reach outside it through
// the files it names: a langgraph.json graph reference, a symlinked test file, a rollback target.
// Every outside module writes a marker file when imported, so "imports nothing" is observable.

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const examples = path.join(repo, 'examples', 'workflows');
const server = path.join(repo, 'packages', 'mcp', 'dist', 'main.js');

let workdir = '';
let allowed = '';
let outside = '';
let client: Client;

type Structured = Record<string, unknown>;

async function call(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; data: Structured; text: string; code?: string; details?: Structured }> {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 600_000, resetTimeoutOnProgress: true });
  const content = result.content as Array<{ type: string; text?: string }>;
  const error = (result._meta as Structured | undefined)?.['exec-automator/error'] as { code: string; details?: Structured } | undefined;
  return {
    isError: result.isError === true,
    data: (result.structuredContent ?? {}) as Structured,
    text: content.map((c) => c.text ?? '').join('\n'),
    ...(error ? { code: error.code, ...(error.details ? { details: error.details } : {}) } : {}),
  };
}

/** A Python module that proves it ran by writing `marker`. */
function markerModule(marker: string): string {
  return [
    'import pathlib',
    `pathlib.Path(${JSON.stringify(marker)}).write_text("imported")`,
    'from typing import TypedDict',
    'from langgraph.graph import StateGraph, START, END',
    'class S(TypedDict):',
    '    x: int',
    'def step(state: S) -> S:',
    '    return {"x": state["x"] + 1}',
    'b = StateGraph(S)',
    'b.add_node("step", step)',
    'b.add_edge(START, "step")',
    'b.add_edge("step", END)',
    'graph = b.compile()',
    '',
  ].join('\n');
}

beforeAll(async () => {
  workdir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-mcp-policy-'));
  allowed = path.join(workdir, 'allowed');
  outside = path.join(workdir, 'outside');
  await mkdir(allowed, { recursive: true });
  await mkdir(path.join(outside, 'lg'), { recursive: true });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [server, '--allow', allowed, '--root', path.join(allowed, 'root')],
    env: { ...(process.env as Record<string, string>) },
    stderr: 'ignore',
  });
  client = new Client({ name: 'exec-automator-policy-test', version: '1.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  await rm(workdir, { recursive: true, force: true });
});

describe('MCP --allow holds for every path a request or its files can reach', () => {
  it('refuses a langgraph.json graph reference outside the allowed directories, importing nothing', async () => {
    const marker = path.join(outside, 'graph-ran.txt');
    await writeFile(path.join(outside, 'lg', 'agent.py'), markerModule(marker));
    const source = path.join(allowed, 'proj', 'app');
    await mkdir(source, { recursive: true });
    for (const [name, ref] of [
      ['relative', '../../../outside/lg/agent.py:graph'],
      ['absolute', `${path.join(outside, 'lg', 'agent.py')}:graph`],
    ] as const) {
      await writeFile(path.join(source, 'langgraph.json'), JSON.stringify({ dependencies: ['.'], graphs: { agent: ref } }));
      const result = await call('deploy_agent', { workflow: 'all', source, environment: 'dev', validate_only: true });
      expect([name, result.code]).toEqual([name, 'PATH_NOT_ALLOWED']);
      expect(result.text).toContain(path.join(outside, 'lg', 'agent.py'));
      expect(existsSync(marker), 'the outside module must not have been imported').toBe(false);
    }
  });

  it('refuses a local dependency of langgraph.json outside the allowed directories', async () => {
    const source = path.join(allowed, 'dep-proj');
    await mkdir(source, { recursive: true });
    await writeFile(path.join(source, 'agent.py'), markerModule(path.join(allowed, 'dep-proj-ran.txt')));
    await writeFile(path.join(source, 'langgraph.json'), JSON.stringify({ dependencies: ['.', path.join(outside, 'pkg')], graphs: { agent: './agent.py:graph' } }));
    const result = await call('deploy_agent', { workflow: 'all', source, environment: 'dev', validate_only: true });
    expect(result.code).toBe('PATH_NOT_ALLOWED');
    expect(existsSync(path.join(allowed, 'dep-proj-ran.txt'))).toBe(false);
  });

  it('refuses a workflow source whose test file is a symlink out of the allowed directories', async () => {
    const source = path.join(allowed, 'seed');
    await cp(examples, source, { recursive: true });
    const outsideTests = path.join(outside, 'stolen.tests.json');
    await cp(path.join(examples, 'tests', 'workflow-resp_005-board-coordination.tests.json'), outsideTests);
    const link = path.join(source, 'tests', 'workflow-resp_005-board-coordination.tests.json');
    await rm(link);
    await symlink(outsideTests, link);
    const marker = path.join(outside, 'module-ran.txt');
    await writeFile(path.join(outside, 'evil.py'), markerModule(marker));
    const result = await call('deploy_agent', { workflow: 'all', source, environment: 'dev', validate_only: true });
    expect(result.code).toBe('PATH_NOT_ALLOWED');
    expect(result.text).toContain(link);
    // A workflow file linked outside: refused before validation imports it.
    await rm(link);
    await cp(outsideTests, link);
    await symlink(path.join(outside, 'evil.py'), path.join(source, 'workflow-evil_001-outside.py'));
    const linked = await call('deploy_agent', { workflow: 'all', source, environment: 'dev', validate_only: true });
    expect(linked.code).toBe('PATH_NOT_ALLOWED');
    expect(existsSync(marker), 'the linked outside module must not have been imported').toBe(false);
    await rm(path.join(source, 'workflow-evil_001-outside.py'));
  });

  it('refuses a simulate_workflow file, or its test file, linked out of the allowed directories, importing nothing', async () => {
    const marker = path.join(outside, 'simulated-ran.txt');
    await writeFile(path.join(outside, 'sim.py'), markerModule(marker));
    const dir = path.join(allowed, 'sim');
    await mkdir(path.join(dir, 'tests'), { recursive: true });
    await symlink(path.join(outside, 'sim.py'), path.join(dir, 'workflow-sim_001-linked.py'));
    const linked = await call('simulate_workflow', { workflow_file: path.join(dir, 'workflow-sim_001-linked.py'), test_input: { x: 1 } });
    expect(linked.code).toBe('PATH_NOT_ALLOWED');
    expect(existsSync(marker), 'the linked outside module must not have been imported').toBe(false);
    // The workflow inside, its test cases linked outside: refused before they are read or run.
    await writeFile(path.join(dir, 'workflow-sim_002-inside.py'), markerModule(path.join(dir, 'inside-ran.txt')));
    await writeFile(path.join(outside, 'cases.tests.json'), JSON.stringify({ workflow: 'workflow-sim_002-inside', cases: [{ name: 'c', input: { x: 1 }, responses: [] }] }));
    await symlink(path.join(outside, 'cases.tests.json'), path.join(dir, 'tests', 'workflow-sim_002-inside.tests.json'));
    const cases = await call('simulate_workflow', { workflow_file: path.join(dir, 'workflow-sim_002-inside.py'), test_case: 'c' });
    expect(cases.code).toBe('PATH_NOT_ALLOWED');
    expect(cases.text).toContain(path.join(dir, 'tests', 'workflow-sim_002-inside.tests.json'));
  });

  it('refuses a source whose configuration file names a path outside the allowed directories', async () => {
    const source = path.join(allowed, 'configured');
    await cp(examples, source, { recursive: true });
    await writeFile(path.join(source, 'exec-automator.config.json'), JSON.stringify({ archive: { obsidianVault: path.join(outside, 'vault') } }));
    const result = await call('deploy_agent', { workflow: 'workflow-resp_002-member-communication', source, environment: 'dev', skip_tests: true });
    expect(result.code).toBe('PATH_NOT_ALLOWED');
    expect(result.text).toContain('archive.obsidianVault');
    expect(existsSync(path.join(outside, 'vault'))).toBe(false);
  });

  it('refuses a rollback target outside the allowed directories and leaves current where it was', async () => {
    const root = path.join(allowed, 'root');
    const first = await call('deploy_agent', { workflow: 'workflow-resp_002-member-communication', source: examples_in_allowed(), environment: 'dev', skip_tests: true });
    expect(first.isError, first.text).toBe(false);
    const before = await readlink(path.join(root, 'dev', 'current'));
    const crafted = path.join(outside, 'crafted-rel');
    await cp(path.join(root, 'dev', 'releases', first.data.deployment_id as string), crafted, { recursive: true, verbatimSymlinks: true });
    for (const to of ['../../../../outside/crafted-rel', crafted]) {
      const result = await call('rollback', { environment: 'dev', to });
      expect([to, result.code]).toEqual([to, 'PATH_NOT_ALLOWED']);
    }
    expect(await readlink(path.join(root, 'dev', 'current'))).toBe(before);
  });

  it('refuses a root with a NUL byte as INVALID_ARGUMENT and a root outside as PATH_NOT_ALLOWED', async () => {
    const nul = await call('deployment_status', { environment: 'dev', root: `${allowed}/root\u0000x` });
    expect(nul.code).toBe('INVALID_ARGUMENT');
    const nulDeploy = await call('deploy_agent', { workflow: 'all', source: path.join(allowed, 'seed'), root: `${allowed}/r\u0000`, validate_only: true });
    expect(nulDeploy.code).toBe('INVALID_ARGUMENT');
    const out = await call('deployment_status', { environment: 'dev', root: outside });
    expect(out.code).toBe('PATH_NOT_ALLOWED');
  });
});

function examples_in_allowed(): string {
  return path.join(allowed, 'seed');
}
