import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeployError } from '../../src/index.js';
import { discoverWorkflows, readLanggraphConfig } from '../../src/entries/source.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

async function project(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

describe('langgraph.json as a source', () => {
  it('turns each graphs entry into a workflow named by its graph id, verbatim, keeping workflow-<key>-<name>.py naming, beside plain workflow files', async () => {
    const dir = await project({
      'langgraph.json': JSON.stringify({
        graphs: { support: './src/support.py:app', intake: { path: './workflow-resp_009-intake.py:graph' }, 'Deep Researcher': './src/deep/graph.py:graph' },
      }),
      'src/deep/graph.py': 'graph = None\n',
      'src/deep/agent-Deep_Researcher-config.json': '{}',
      'src/support.py': 'app = None\n',
      'workflow-resp_009-intake.py': 'graph = None\n',
      'workflow-resp_010-other.py': 'graph = None\n',
      'agent-support-config.json': '{}',
      'tests/support.tests.json': '{}',
    });
    const specs = await discoverWorkflows(dir, 'all');
    expect(specs.map((s) => [s.name, s.key, s.workflowId, s.fileName, s.graphVariable, s.langgraphGraph?.id])).toEqual([
      ['Deep Researcher', 'Deep_Researcher', 'Deep Researcher', 'graph.py', 'graph', 'Deep Researcher'],
      ['support', 'support', 'support', 'support.py', 'app', 'support'],
      ['workflow-resp_009-intake', 'resp_009', 'workflow_resp_009', 'workflow-resp_009-intake.py', 'graph', 'intake'],
      ['workflow-resp_010-other', 'resp_010', 'workflow_resp_010', 'workflow-resp_010-other.py', undefined, undefined],
    ]);
    // a filesystem-safe slug for file names only; the file keeps its path in the project
    expect(specs.map((s) => [s.slug, s.relativePath])).toEqual([
      ['Deep-Researcher', 'src/deep/graph.py'],
      ['support', 'src/support.py'],
      ['workflow-resp_009-intake', 'workflow-resp_009-intake.py'],
      ['workflow-resp_010-other', 'workflow-resp_010-other.py'],
    ]);
    // an agent config may sit beside the graph's file
    expect(specs[0]?.agentConfigFile).toBe(path.join(dir, 'src', 'deep', 'agent-Deep_Researcher-config.json'));
    expect(specs[1]?.agentConfigFile).toBe(path.join(dir, 'agent-support-config.json'));
    expect(specs[1]?.testsFile).toBe(path.join(dir, 'tests', 'support.tests.json'));
    expect((await discoverWorkflows(dir, ['Deep Researcher'])).map((s) => s.workflowId)).toEqual(['Deep Researcher']);
    expect((await discoverWorkflows(dir, ['intake'])).map((s) => s.name)).toEqual(['workflow-resp_009-intake']);
  });

  it('reports unknown keys and bad references as langgraph validate words them, keeping the usable graphs', async () => {
    const dir = await project({
      'langgraph.json': '{\n  "graphs": {\n    "ok": "./a.py:graph",\n    "gone": "./nope.py:graph",\n    "bare": "a.py"\n  },\n  "dependecies": ["."]\n}\n',
      'a.py': 'graph = None\n',
    });
    const config = await readLanggraphConfig(dir);
    expect(config?.graphs.map((g) => [g.id, g.variable, g.line])).toEqual([['ok', 'graph', 3]]);
    expect(config?.issues).toEqual([
      { code: 'LANGGRAPH_CONFIG_UNKNOWN_KEY', severity: 'warning', message: "Unknown key 'dependecies' — did you mean 'dependencies'?", line: 7, fix: 'remove the key or correct its spelling' },
      expect.objectContaining({ code: 'LANGGRAPH_GRAPH_FILE_MISSING', message: `Could not find local module: ${path.join(dir, 'nope.py')}`, line: 4 }),
      expect.objectContaining({ code: 'LANGGRAPH_GRAPH_REF_INVALID', message: 'Import string "a.py" must be in format "<module>:<attribute>".', line: 5 }),
    ]);
    expect(await readLanggraphConfig(await tempDir())).toBeUndefined();
  });

  it('resolves a dotted module reference relative to langgraph.json', async () => {
    const dir = await project({ 'langgraph.json': JSON.stringify({ graphs: { agent: 'my_agent.graph:graph' } }), 'my_agent/graph.py': 'graph = None\n' });
    expect((await readLanggraphConfig(dir))?.graphs[0]?.file).toBe(path.join(dir, 'my_agent', 'graph.py'));
  });

  it('fails with LANGGRAPH_CONFIG_INVALID when a broken langgraph.json is the only source', async () => {
    const dir = await project({ 'langgraph.json': '{"graphs": {"agent": "./agent.py:graph",}}' });
    const error = await discoverWorkflows(dir, 'all').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as DeployError).code).toBe('LANGGRAPH_CONFIG_INVALID');
    expect((error as DeployError).details).toMatchObject({ file: path.join(dir, 'langgraph.json') });
  });
});
