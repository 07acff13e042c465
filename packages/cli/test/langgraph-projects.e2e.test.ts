import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '@exec-automator/core/python';
import { json, REPO, runCli, tempDirs } from './helpers/cli.js';
import { langgraphCli, run, startLanggraphDev, uvInstall } from './helpers/langgraph-cli.js';

const tempDir = tempDirs();
const PROJECTS = path.join(REPO, 'packages', 'cli', 'test', 'fixtures', 'projects');

interface DeployResult {
  id: string;
  status: string;
  error?: { code: string; message: string };
}

interface Invoked {
  execution: { status: string; workflow: string; workflow_id: string; release_id: string };
  output: Record<string, unknown>;
}

/** A fake secret value: it must never land in a release (the project's .env holds it). */
const SECRET = 'sk-ant-fixture-not-a-real-key-5c1d8e2f';

/** Copies a fixture project to a temp dir (the test adds files to some). */
async function project(name: string): Promise<string> {
  const target = path.join(await tempDir(), name);
  await cp(path.join(PROJECTS, name), target, { recursive: true });
  return target;
}

async function deploy(source: string, root: string): Promise<DeployResult> {
  const result = await runCli(['deploy', 'all', '--source', source, '--environment=dev', '--root', root, '--json']);
  const parsed = json<DeployResult>(result);
  expect(result.code, `${parsed.error?.message ?? ''}\n${result.stderr.slice(-3000)}`).toBe(0);
  expect(parsed.status).toBe('SUCCESS');
  return parsed;
}

async function invoke(root: string, workflow: string, extra: string[] = []): Promise<Invoked> {
  const result = await runCli(['invoke', workflow, '--environment=dev', '--root', root, '--json', ...extra]);
  expect(result.code, result.stderr.slice(-3000)).toBe(0);
  return json<Invoked>(result);
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  }
  return out;
}

async function validationReport(root: string): Promise<{ workflows_validated: Array<{ warnings: Array<{ code: string }>; errors: unknown[] }>; global_warnings?: Array<{ code: string }> }> {
  return JSON.parse(await readFile(path.join(root, 'dev', 'configs', 'validation-report.json'), 'utf8'));
}

/** Every deployed root, for the checks with the official LangGraph CLI at the end. */
const deployed = new Map<string, string>();

describe('real LangGraph project shapes deploy unchanged (CLI subprocess, real venvs, fake chat models)', () => {
  it('a src-layout package with pyproject.toml and dependencies ["."]: init_chat_model + bind_tools, tools in their own module, an async node with Runtime[Context]', async () => {
    const source = await project('src-package');
    // the project's .env: a setting for the release's .env, a secret that must never be released
    await writeFile(path.join(source, '.env'), `DESK_REGION=emea\nANTHROPIC_API_KEY=${SECRET}\n`);
    const root = path.join(await tempDir(), 'root');
    const result = await deploy(source, root);
    deployed.set('src-package', root);
    const release = path.join(root, 'dev', 'releases', result.id);
    // the layout is kept, the graph reference keeps its path
    const meta = JSON.parse(await readFile(path.join(release, 'release.json'), 'utf8'));
    expect(meta.workflows.map((w: { name: string; graph: string }) => [w.name, w.graph])).toEqual([['desk', './workflows/src/member_desk/graph.py:graph']]);
    // FAKE LLM: recorded responses stand in for the model (a tool call, then an answer); the tool runs for real
    const invoked = await invoke(root, 'desk', [
      '--input', JSON.stringify({ messages: [{ role: 'user', content: 'Is Ada a member?' }] }),
      '--context', JSON.stringify({ desk_name: 'night desk' }),
      '--fake-responses', JSON.stringify([{ content: '', tool_calls: [{ name: 'find_member', args: { name: 'Ada' } }] }, 'Yes, Ada is a member.']),
    ]);
    expect(invoked.execution.status).toBe('completed');
    expect(invoked.output.desk).toBe('night desk');
    const messages = invoked.output.messages as Array<{ type: string; content: string }>;
    expect(messages.map((m) => m.type)).toEqual(['human', 'ai', 'tool', 'ai']);
    // the tool of the project's own package ran: its marker is in the tool's answer
    expect(messages[2]?.content).toContain('member-desk-local-code-7f3a');
    // the package was installed from the project, never editable, and nothing was written into the source
    const installed = await runCommand(path.join(root, 'dev', 'venv', 'bin', 'python'), ['-c', 'import member_desk, json; print(json.dumps(member_desk.__file__))']);
    expect(JSON.parse(installed.stdout)).toContain(`${path.sep}site-packages${path.sep}member_desk${path.sep}`);
    expect((await readdir(path.join(source, 'src'))).sort()).toEqual(['member_desk']);
    expect(await readdir(source)).not.toContain('build');
    // the project's env: its setting in the release's .env, its secret nowhere in the release
    const envFile = await readFile(path.join(release, '.env'), 'utf8');
    expect(envFile).toContain('DESK_REGION=emea');
    for (const file of await filesUnder(release)) expect(await readFile(file, 'utf8').catch(() => ''), file).not.toContain(SECRET);
    expect(await readdir(path.join(release, 'workflows'))).not.toContain('.env');
  });

  it('a subdirectory package with its own requirements.txt (dependencies ["./pkg"]) and a sibling module', async () => {
    const root = path.join(await tempDir(), 'root');
    await deploy(await project('subdir-package'), root);
    deployed.set('subdir-package', root);
    const invoked = await invoke(root, 'notes', ['--input', JSON.stringify({ text: '  call the chair ' })]);
    expect(invoked.output).toEqual({ text: 'Call the chair', marker: 'notes-helpers-local-code-19bd' });
    const packages = JSON.parse(await readFile(path.join(root, 'dev', 'installed-packages.json'), 'utf8')) as Array<{ name: string }>;
    expect(packages.map((p) => p.name.toLowerCase())).toContain('six');
  });

  it('async nodes reading a pydantic Runtime[Context]: the context of a run, else its defaults', async () => {
    const root = path.join(await tempDir(), 'root');
    await deploy(await project('async-context'), root);
    deployed.set('async-context', root);
    const given = await invoke(root, 'greeter', ['--input', '{"name": "ada"}', '--context', '{"salutation": "Welcome", "punctuation": "!"}']);
    expect(given.output).toMatchObject({ text: 'Welcome, Ada!', steps: ['prepare', 'greet'] });
    const defaults = await invoke(root, 'greeter', ['--input', '{"name": "ada"}']);
    expect(defaults.output).toMatchObject({ text: 'Hello, Ada.' });
  });

  it('nodes without outgoing edges end the run (no dead-end finding); chained builder calls and add_node(func) are read', async () => {
    const root = path.join(await tempDir(), 'root');
    await deploy(await project('open-ended'), root);
    deployed.set('open-ended', root);
    const report = await validationReport(root);
    const codes = report.workflows_validated.flatMap((w) => [...w.warnings, ...(w.errors as Array<{ code: string }>)].map((i) => i.code));
    expect(codes).not.toContain('NODE_DEAD_END');
    expect(codes).not.toContain('NODE_UNREACHABLE');
    const invoked = await invoke(root, 'triage', ['--input', '{"subject": "Invoice 42 is wrong"}']);
    expect(invoked.output).toMatchObject({ route: 'billing', handled_by: ['billing'] });
    // its state (a dataclass with defaults) allows an empty input: the health check ran it once
    const health = (await readdir(path.join(root, 'dev', 'monitoring'))).find((f) => f.startsWith('health-report-')) as string;
    const healthReport = JSON.parse(await readFile(path.join(root, 'dev', 'monitoring', health), 'utf8'));
    expect(healthReport.smoke_tests_passed).toBe(1);
  });

  it('two graphs in files with the same basename are both released, each with its own code', async () => {
    const root = path.join(await tempDir(), 'root');
    const result = await deploy(await project('same-basename'), root);
    deployed.set('same-basename', root);
    const release = path.join(root, 'dev', 'releases', result.id);
    expect((await readFile(path.join(release, 'workflows', 'intake', 'graph.py'), 'utf8'))).toContain('"intake"');
    expect((await readFile(path.join(release, 'workflows', 'review', 'graph.py'), 'utf8'))).toContain('"review"');
    expect((await invoke(root, 'intake')).output).toEqual({ stage: 'intake' });
    expect((await invoke(root, 'review')).output).toEqual({ stage: 'review' });
  });

  it('a graph id with a space is kept verbatim in the registry, langgraph.json and invoke', async () => {
    const root = path.join(await tempDir(), 'root');
    await deploy(await project('spaced-id'), root);
    deployed.set('spaced-id', root);
    const registry = JSON.parse(await readFile(path.join(root, 'dev', 'configs', 'workflow-registry.json'), 'utf8'));
    expect(registry.workflows.map((w: { workflow_id: string; graph_id: string }) => [w.workflow_id, w.graph_id])).toEqual([['Deep Researcher', 'Deep Researcher']]);
    const released = JSON.parse(await readFile(path.join(root, 'dev', 'langgraph.json'), 'utf8'));
    expect(Object.keys(released.graphs)).toEqual(['Deep Researcher']);
    const invoked = await invoke(root, 'Deep Researcher', ['--input', '{"question": "why"}']);
    expect(invoked.execution.workflow_id).toBe('Deep Researcher');
    expect(invoked.output).toEqual({ question: 'why', answer: 'researched: why' });
  });

  it('auth, store, http and Docker-only keys are kept in the released langgraph.json, paths rewritten; the env object becomes settings', async () => {
    const root = path.join(await tempDir(), 'root');
    await deploy(await project('auth-store'), root);
    deployed.set('auth-store', root);
    const released = JSON.parse(await readFile(path.join(root, 'dev', 'langgraph.json'), 'utf8'));
    expect(released).toMatchObject({
      $schema: 'https://langgra.ph/schema.json',
      dependencies: ['./workflows'],
      graphs: { memo: './workflows/service/memo.py:graph' },
      auth: { path: './workflows/service/auth.py:auth' },
      store: { ttl: { refresh_on_read: true, default_ttl: 120 } },
      http: { cors: { allow_origins: ['http://127.0.0.1'] } },
      image_distro: 'wolfi',
      env: '.env',
    });
    const report = await validationReport(root);
    expect((report.global_warnings ?? []).filter((w) => w.code === 'LANGGRAPH_KEY_NOT_APPLIED')).toHaveLength(1);
    expect((await invoke(root, 'memo', ['--input', '{"body": "budget"}'])).output).toEqual({ body: 'budget', memo: 'memo:budget' });
  });

  it('a project package named like a PyPI distribution ("agent") is installed from the project, never from the index', async () => {
    const root = path.join(await tempDir(), 'root');
    await deploy(await project('pypi-name'), root);
    deployed.set('pypi-name', root);
    expect((await invoke(root, 'agent')).output).toEqual({ origin: 'local-agent-package-c41e' });
    const python = path.join(root, 'dev', 'venv', 'bin', 'python');
    const origin = await runCommand(python, [
      '-c',
      'import importlib.metadata as m, json; d = m.distribution("agent"); print(json.dumps([d.version, json.loads(d.read_text("direct_url.json") or "{}").get("url", "")]))',
    ]);
    const [version, url] = JSON.parse(origin.stdout) as [string, string];
    expect(version).toBe('0.0.1');
    expect(url).toMatch(/^file:\/\/.*local-packages/);
  });

  it('every released langgraph.json passes the official `langgraph validate`', async () => {
    const bin = await langgraphCli();
    expect(deployed.size).toBe(8);
    for (const [name, root] of deployed) {
      const checked = await run(bin, ['validate'], { cwd: path.join(root, 'dev') });
      expect(checked.code, `${name}: ${checked.out}`).toBe(0);
      expect(checked.out).toMatch(/is valid/);
    }
  });

  it('a release is served by the official `langgraph dev` with its own venv: /ok answers, every graph id is an assistant, its auth applies', async () => {
    for (const name of ['same-basename', 'auth-store']) {
      const root = deployed.get(name) as string;
      const python = path.join(root, 'dev', 'venv', 'bin', 'python');
      await uvInstall(python, ['langgraph-cli[inmem]']);
      const server = await startLanggraphDev(path.join(root, 'dev', 'venv', 'bin', 'langgraph'), path.join(root, 'dev', 'current'));
      try {
        const search = (headers: Record<string, string> = {}): Promise<Response> =>
          fetch(`${server.url}/assistants/search`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
        if (name === 'same-basename') {
          const assistants = (await (await search()).json()) as Array<{ graph_id: string }>;
          expect(assistants.map((a) => a.graph_id).sort()).toEqual(['intake', 'review']);
        } else {
          // the project's auth handler, kept in the released langgraph.json, guards the API
          expect((await search()).status).toBe(401);
          const assistants = (await (await search({ authorization: 'Bearer fixture-token-alpha' })).json()) as Array<{ graph_id: string }>;
          expect(assistants.map((a) => a.graph_id)).toEqual(['memo']);
        }
      } finally {
        await server.stop();
      }
    }
  });
});
