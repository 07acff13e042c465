import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type WorkflowSpec } from '../../src/index.js';
import { listProjectFiles, planReleaseFiles, readSourceProject, readUvLockPins } from '../../src/entries/source.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

const UV_LOCK = `version = 1
requires-python = ">=3.10"

[[package]]
name = "my-agent"
version = "0.1.0"
source = { editable = "." }

[[package]]
name = "langgraph"
version = "1.0.3"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "numpy"
version = "2.2.6"
source = { registry = "https://pypi.org/simple" }
resolution-markers = ["python_full_version < '3.11'"]

[[package]]
name = "numpy"
version = "2.3.4"
source = { registry = "https://pypi.org/simple" }
resolution-markers = ["python_full_version >= '3.11'"]
`;

describe('reading what a LangGraph project declares', () => {
  it('takes local packages, faux module directories, requirement strings, requirements files and uv.lock pins', async () => {
    const dir = await tree({
      'langgraph.json': JSON.stringify({ dependencies: ['.', './tools_dir', 'langchain-tavily>=0.1'], graphs: { a: './src/my_agent/graph.py:graph' } }),
      'pyproject.toml': '[project]\nname = "my-agent"\nversion = "0.1.0"\ndependencies = ["langgraph>=1.0"]\n',
      'src/my_agent/graph.py': 'graph = None\n',
      'tools_dir/requirements.txt': '# tools\nsix>=1.16 --hash=sha256:abc\n-r more.txt\n--index-url https://example.invalid/simple\n',
      'tools_dir/more.txt': 'PyYAML>=6\n',
      'tools_dir/search.py': 'x = 1\n',
      'uv.lock': UV_LOCK,
    });
    const project = await readSourceProject(dir);
    expect(project.langgraph).toBe(true);
    expect(project.localDependencies.map((d) => [d.spec, d.relative, d.kind, d.name ?? null])).toEqual([
      ['.', '', 'package', 'my-agent'],
      ['./tools_dir', 'tools_dir', 'faux', null],
    ]);
    expect(project.requirements.map((r) => [r.line, path.basename(r.from)])).toEqual([
      ['langchain-tavily>=0.1', 'langgraph.json'],
      ['six>=1.16', 'requirements.txt'],
      ['PyYAML>=6', 'more.txt'],
    ]);
    // one pin per package resolved to a single version; the project's own package is not pinned
    expect(project.constraints.map((c) => c.line)).toEqual(['langgraph==1.0.3']);
    // static reading resolves imports from src/; runs get the root and the module directory on sys.path
    expect(project.importRoots).toEqual([dir, path.join(dir, 'src'), path.join(dir, 'tools_dir')]);
    expect(project.sysPath).toEqual([dir, path.join(dir, 'tools_dir')]);
    expect(project.issues.map((i) => [i.code, i.severity])).toEqual([['DEPENDENCY_OPTION_IGNORED', 'warning']]);
  });

  it('reports a missing local dependency and one outside the project', async () => {
    const outside = await tree({ 'pkg/__init__.py': '' });
    const dir = await tree({});
    await writeFile(path.join(dir, 'langgraph.json'), JSON.stringify({ dependencies: ['./gone', `./${path.relative(dir, path.join(outside, 'pkg'))}`], graphs: {} }));
    const project = await readSourceProject(dir);
    expect(project.issues.map((i) => i.code)).toEqual(['DEPENDENCY_NOT_FOUND', 'DEPENDENCY_NOT_FOUND']);
  });

  it('reads uv.lock pins without the ambiguous ones', async () => {
    const dir = await tree({ 'uv.lock': UV_LOCK });
    expect(await readUvLockPins(path.join(dir, 'uv.lock'))).toEqual(['langgraph==1.0.3']);
  });
});

describe('what a release of a project holds', () => {
  it('keeps the layout and leaves out version control, virtualenvs, caches, build output, .env files and links out', async () => {
    const outside = await tree({ 'secret.txt': 'x' });
    const dir = await tree({
      'langgraph.json': '{}',
      'src/agent/graph.py': 'graph = None\n',
      'src/agent/__pycache__/graph.cpython-311.pyc': 'x',
      'src/agent.egg-info/PKG-INFO': 'x',
      '.git/HEAD': 'ref',
      '.venv/pyvenv.cfg': 'home = /usr',
      'env2/pyvenv.cfg': 'home = /usr',
      'env2/lib/x.py': '',
      'node_modules/a/index.js': '',
      'build/lib/x.py': '',
      '.env': 'KEY=1',
      '.env.local': 'KEY=2',
      '.env.example': 'KEY=',
      'data/prompts.txt': 'hello',
    });
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'data', 'linked.txt'));
    const listing = await listProjectFiles(dir);
    expect(listing.files).toEqual(['.env.example', 'data/prompts.txt', 'langgraph.json', 'src/agent/graph.py']);
    expect(listing.excluded.map((e) => [e.path, e.reason]).sort()).toEqual(
      [
        ['.env', 'secret-file'],
        ['.env.local', 'secret-file'],
        ['.git', 'skipped-directory'],
        ['.venv', 'skipped-directory'],
        ['build', 'skipped-directory'],
        ['data/linked.txt', 'symlink-outside'],
        ['env2', 'virtualenv'],
        ['node_modules', 'skipped-directory'],
        ['src/agent.egg-info', 'skipped-directory'],
        ['src/agent/__pycache__', 'skipped-directory'],
      ].sort(),
    );
  });

  it('refuses two sources that would land on one release path', async () => {
    const dir = await tree({ 'a/agent-x-config.json': '{}', 'b/agent-x-config.json': '{}', 'a/g.py': '', 'b/g.py': '' });
    const spec = (id: string, sub: string): WorkflowSpec => ({
      name: id, key: 'x', workflowId: id, slug: id, fileName: 'g.py', file: path.join(dir, sub, 'g.py'), relativePath: `${sub}/g.py`,
      agentConfigFile: path.join(dir, sub, 'agent-x-config.json'), testsFile: undefined, graphVariable: 'graph',
    });
    const plan = await planReleaseFiles({ sourceDir: dir, langgraph: true, workflows: [spec('x', 'a'), spec('x', 'b')] });
    expect(plan.conflicts).toEqual([{ to: 'configs/agent-x-config.json', from: [path.join(dir, 'a', 'agent-x-config.json'), path.join(dir, 'b', 'agent-x-config.json')] }]);
  });
});
