import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { access, appendFile, copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@langchain/langgraph-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, copyExamples, json, REPO, runCli, tempDirs } from '../../cli/test/helpers/cli.js';
import { OPS_WORKFLOW, OPS_WORKFLOWS } from '../../executions/test/helpers/deployed-fixture.js';

const tempDir = tempDirs();
const MEMBER = 'workflow-resp_002-member-communication';
const BOARD = 'workflow-resp_005-board-coordination';
/** SIMULATION: the recorded model answers of the member-communication workflow's first test case (no LLM here). */
const RENEWAL = ['renewal', 'Subject: Your membership renewal\n\nDear Dana,\n\nYou can renew online.\n\nMember Services'];

interface Serving {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `exec-automator serve` as a subprocess on a free port and reads its address line. */
async function serve(args: string[], env: NodeJS.ProcessEnv): Promise<Serving> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { cwd: REPO, env: { ...process.env, ...env } });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) resolve((JSON.parse(line) as { url: string }).url);
    });
    void exited.then((code) => reject(new Error(`serve exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}

describe('exec-automator serve (real CLI subprocesses, examples deployed, official @langchain/langgraph-sdk client)', () => {
  let root: string;
  let config: string;
  let env: NodeJS.ProcessEnv;
  let key: string;
  let server: Serving;
  let client: Client;
  let source: string;
  const cli = (args: string[]) => runCli([...args, '--environment=dev', '--root', root, '--config', config], { env });

  beforeAll(async () => {
    const dir = await tempDir();
    root = path.join(dir, 'root');
    config = path.join(dir, 'exec-automator.config.json');
    // API keys need a persistent secrets backend: the encrypted file, its key under a temp XDG_CONFIG_HOME.
    await writeFile(config, JSON.stringify({ environments: { dev: { secrets: { backend: 'encrypted-file' } } } }));
    env = { XDG_CONFIG_HOME: path.join(dir, 'xdg') };
    source = await copyExamples(dir);
    await mkdir(path.join(source, 'tests'), { recursive: true });
    await copyFile(path.join(OPS_WORKFLOWS, `${OPS_WORKFLOW}.py`), path.join(source, `${OPS_WORKFLOW}.py`));
    await copyFile(path.join(OPS_WORKFLOWS, 'agent-ops_901-config.json'), path.join(source, 'agent-ops_901-config.json'));
    await copyFile(path.join(OPS_WORKFLOWS, 'tests', `${OPS_WORKFLOW}.tests.json`), path.join(source, 'tests', `${OPS_WORKFLOW}.tests.json`));
    const deploy = await cli(['deploy', 'all', '--source', source, '--json']);
    expect(json<{ status: string }>(deploy).status, deploy.stderr).toBe('SUCCESS');
    const created = await cli(['api-keys', 'create', '--name', 'e2e', '--json']);
    expect(created.code, created.stderr).toBe(0);
    key = json<{ key: string }>(created).key;
    server = await serve(['--environment=dev', '--root', root, '--config', config, '--simulate'], env);
    client = new Client({ apiUrl: server.url, apiKey: key });
  });

  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it('lists keys without the key itself; 401 without a key, 200 with Bearer and with x-api-key', async () => {
    const listed = await cli(['api-keys', 'list', '--json']);
    expect(json<{ keys: Array<{ name: string; revoked_at: null }> }>(listed).keys).toEqual([expect.objectContaining({ name: 'e2e', revoked_at: null })]);
    expect(listed.stdout).not.toContain(key);
    expect((await fetch(`${server.url}/ok`)).status).toBe(200);
    expect((await fetch(`${server.url}/info`)).status).toBe(401);
    expect((await fetch(`${server.url}/assistants/search`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${server.url}/info`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect((await fetch(`${server.url}/info`, { headers: { 'x-api-key': key } })).status).toBe(200);
    expect(server.stderr()).toContain('API keys required');
  });

  it('--no-auth: refused in staging (exit 2, SERVE_REFUSED); in dev on loopback it says so and serves without keys', async () => {
    const refused = await runCli(['serve', '--no-auth', '--port', '0', '--environment=staging', '--root', root, '--config', config], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('SERVE_REFUSED');
    // Another root: a second server of the same environment would take over its server.json.
    const open = await serve(['--no-auth', '--environment=dev', '--root', `${root}-open`, '--config', config], env);
    try {
      expect((await fetch(`${open.url}/info`)).status).toBe(200);
      expect(open.stderr()).toContain('WITHOUT authentication');
    } finally {
      open.child.kill('SIGTERM');
      expect(await open.exited).toBe(0);
    }
  });

  it('assistants.search lists both example graphs; runs.wait completes; runs.stream yields metadata first, then values and updates', async () => {
    const graphs = (await client.assistants.search({ limit: 50 })).map((a) => a.graph_id);
    expect(graphs).toEqual(expect.arrayContaining([MEMBER, BOARD, OPS_WORKFLOW]));
    const thread = await client.threads.create();
    expect(await client.runs.wait(thread.thread_id, OPS_WORKFLOW, { input: {} })).toMatchObject({ result: 'ok' });
    const events: string[] = [];
    for await (const chunk of client.runs.stream(thread.thread_id, OPS_WORKFLOW, { input: {}, streamMode: ['values', 'updates'] })) events.push(chunk.event);
    expect(events[0]).toBe('metadata');
    expect(events).toEqual(expect.arrayContaining(['values', 'updates']));
  });

  it("the member-communication workflow stops at human review (thread interrupted) and resumes with command.resume", async () => {
    const thread = await client.threads.create();
    const configurable = { exec_automator_fake_responses: RENEWAL };
    const input = { member_name: 'Dana Whitfield', member_email: 'dana@example.org', request_text: 'How do I renew my membership?' };
    const paused = (await client.runs.wait(thread.thread_id, MEMBER, { input, config: { configurable } })) as Record<string, unknown>;
    expect(paused).toMatchObject({ status: 'pending_review', category: 'renewal' });
    expect((paused.__interrupt__ as Array<{ value: { type: string } }>)[0]?.value.type).toBe('member_reply_approval');
    expect((await client.threads.get(thread.thread_id)).status).toBe('interrupted');
    expect((await client.threads.getState(thread.thread_id)).next).toEqual(['human_review']);
    const done = (await client.runs.wait(thread.thread_id, MEMBER, { command: { resume: { approved: true, edits: '' } }, config: { configurable: { exec_automator_fake_responses: [] } } })) as Record<string, unknown>;
    expect(done).toMatchObject({ status: 'sent', review: { approved: true } });
    expect((await client.threads.get(thread.thread_id)).status).toBe('idle');
  });

  it('reject on a busy thread answers 422; cancel stops a long run; joinStream re-attaches', async () => {
    const thread = await client.threads.create();
    const long = await client.runs.create(thread.thread_id, OPS_WORKFLOW, { input: { sleep: 120 } });
    await expect(client.runs.create(thread.thread_id, OPS_WORKFLOW, { input: {}, multitaskStrategy: 'reject' })).rejects.toThrow(/422/);
    const joined: string[] = [];
    const join = (async () => {
      for await (const chunk of client.runs.joinStream(thread.thread_id, long.run_id, { lastEventId: '0' })) joined.push(chunk.event);
    })();
    await waitFor(async () => (await client.runs.get(thread.thread_id, long.run_id)).status === 'running');
    const started = Date.now();
    await client.runs.cancel(thread.thread_id, long.run_id, true);
    expect(Date.now() - started).toBeLessThan(15_000);
    await join;
    expect(joined[0]).toBe('metadata');
    expect((await client.runs.get(thread.thread_id, long.run_id)).status).toBe('interrupted');
  });

  it('the seed routes with plain HTTP: invoke, status, cancel', async () => {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const started = await fetch(`${server.url}/api/workflows/ops_901/invoke`, { method: 'POST', headers, body: JSON.stringify({ input: { sleep: 120 }, wait: false }) });
    expect(started.status).toBe(202);
    const { execution_id: id, status_url: statusUrl, cancel_url: cancelUrl } = (await started.json()) as { execution_id: string; status_url: string; cancel_url: string };
    await waitFor(async () => ((await (await fetch(`${server.url}${statusUrl}`, { headers })).json()) as { status: string }).status === 'running');
    const status = (await (await fetch(`${server.url}/api/workflows/ops_901/status`, { headers })).json()) as { workflow_id: string; status: string };
    expect(status).toMatchObject({ workflow_id: 'workflow_ops_901', status: 'active' });
    const cancelled = await fetch(`${server.url}${cancelUrl}`, { method: 'POST', headers });
    expect(await cancelled.json()).toMatchObject({ execution_id: id, cancelled: true, status: 'interrupted' });
    const executions = json<{ recent: Array<{ execution_id: string; status: string }> }>(await cli(['executions', '--json']));
    expect(executions.recent.find((e) => e.execution_id === id)?.status).toBe('cancelled');
  });

  it('a deploy and a rollback while client loops run: no request fails; runs after each switch report the new release', async () => {
    const first = json<{ current: { id: string } }>(await cli(['status', '--json'])).current.id;
    const results: Array<{ ok: boolean; release?: unknown; error?: string }> = [];
    let stop = false;
    const loop = async (): Promise<void> => {
      while (!stop) {
        try {
          const thread = await client.threads.create();
          const values = (await client.runs.wait(thread.thread_id, OPS_WORKFLOW, { input: {} })) as { result?: string };
          const [run] = await client.runs.list(thread.thread_id);
          results.push({ ok: values.result === 'ok' && run?.status === 'success', release: run?.metadata?.release_id });
        } catch (error) {
          results.push({ ok: false, error: String(error) });
        }
      }
    };
    const loops = [loop(), loop()];
    try {
      await appendFile(path.join(source, `${OPS_WORKFLOW}.py`), '\n# second release\n');
      const deploy = await cli(['deploy', OPS_WORKFLOW, '--source', source, '--json']);
      const second = json<{ status: string; id: string }>(deploy);
      expect(second.status, deploy.stderr).toBe('SUCCESS');
      // The health phase probed the running server.
      const monitoring = path.join(root, 'dev', 'releases', second.id, 'monitoring');
      const reportFile = (await readdir(monitoring)).find((f) => f.startsWith('health-report') && f.endsWith('.json'));
      const health = JSON.parse(await readFile(path.join(monitoring, reportFile as string), 'utf8')) as { server?: { url: string; ok: boolean; smoke?: Record<string, unknown> } };
      expect(health.server).toMatchObject({ url: server.url, ok: true });
      // ... and made one smoke run through its API, on the new release, with its own key.
      expect(health.server?.smoke).toMatchObject({ ran: true, ok: true, workflow: OPS_WORKFLOW, case: 'a plain run completes', release_id: second.id });
      const keys = json<{ keys: Array<{ name: string; revoked_at: string | null }> }>(await cli(['api-keys', 'list', '--json'])).keys;
      expect(keys.filter((k) => k.name === 'health-check' && k.revoked_at === null)).toHaveLength(1);
      const reports = (await readdir(path.join(root, 'dev'))).filter((n) => /^DEPLOYMENT-REPORT-.+\.md$/.test(n)).sort();
      expect(await readFile(path.join(root, 'dev', reports.at(-1) as string), 'utf8')).toContain(`**Server:** ✓ \`${server.url}\``);
      await waitFor(async () => results.some((r) => r.release === second.id), 60_000);
      const rollback = await cli(['rollback', '--json']);
      expect(json<{ to: string }>(rollback).to, rollback.stderr).toBe(first);
      const afterRollback = results.length;
      await waitFor(async () => results.slice(afterRollback).some((r) => r.release === first), 60_000);
    } finally {
      stop = true;
      await Promise.all(loops);
    }
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.length).toBeGreaterThan(4);
  });

  it('status shows the running server', async () => {
    const status = json<{ server: { url: string; running: boolean; auth: boolean } | null }>(await cli(['status', '--json']));
    expect(status.server).toMatchObject({ url: server.url, running: true, auth: true });
    expect((await cli(['status'])).stdout).toContain(`Server: ${server.url}`);
  });

  it('a revoked key is refused; SIGKILL mid-run, restart: the threads keep their state and continue; SIGTERM exits 0', async () => {
    const revoked = await cli(['api-keys', 'create', '--name', 'short-lived', '--json']);
    const shortKey = json<{ key: string }>(revoked).key;
    await waitFor(async () => (await fetch(`${server.url}/info`, { headers: { 'x-api-key': shortKey } })).status === 200, 5000);
    expect((await cli(['api-keys', 'revoke', 'short-lived'])).code).toBe(0);
    await waitFor(async () => (await fetch(`${server.url}/info`, { headers: { 'x-api-key': shortKey } })).status === 401, 10_000);

    const paused = await client.threads.create();
    await client.runs.wait(paused.thread_id, OPS_WORKFLOW, { input: { review: true } });
    const busy = await client.threads.create();
    const long = await client.runs.create(busy.thread_id, OPS_WORKFLOW, { input: { sleep: 120 } });
    await waitFor(async () => (await client.runs.get(busy.thread_id, long.run_id)).status === 'running');
    server.child.kill('SIGKILL');
    await server.exited;

    server = await serve(['--environment=dev', '--root', root, '--config', config], env);
    client = new Client({ apiUrl: server.url, apiKey: key });
    expect((await client.threads.get(paused.thread_id)).status).toBe('interrupted');
    expect((await client.threads.getState(paused.thread_id)).next).toEqual(['approval']);
    expect(await client.runs.wait(paused.thread_id, OPS_WORKFLOW, { command: { resume: { approved: true } } })).toMatchObject({ review: true, approved: true, result: 'ok' });
    expect((await client.runs.get(busy.thread_id, long.run_id)).status).toBe('error');
    expect(await client.runs.wait(busy.thread_id, OPS_WORKFLOW, { input: { sleep: 0 } })).toMatchObject({ result: 'ok' });

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await expect(access(path.join(root, 'dev', 'server.json'))).rejects.toThrow();
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
