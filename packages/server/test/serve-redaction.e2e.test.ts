import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@langchain/langgraph-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, filesUnder, json, REPO, runCli, tempDirs } from '../../cli/test/helpers/cli.js';

// A served workflow that reads its model's API key from its environment, puts it in its state,
// its custom stream and its logs, and raises with it in another run; plus the CLI's fixture that
// logs, prints and raises with it. The key lives only in the environment's encrypted secrets
// store (not in the server's process environment): the server must learn it from the backend.
// No HTTP reply (JSON, SSE, seed routes, errors) may carry it; `***` stands in its place.

const tempDir = tempDirs();
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ECHO = 'workflow-leak_002-secret-echo';
const LOGGER = 'workflow-leak_001-secret-logger';
const MARKER = 'sk-ant-api03-LEAKMARKER-http-7d31a9';
/** `serve --max-body-bytes` of this server. */
const BODY_LIMIT = 256 * 1024;

/** Every text of every table of a SQLite file, zlib-compressed blobs decompressed (system python3). */
async function sqliteTexts(file: string): Promise<string> {
  const script = [
    'import sqlite3, sys, zlib',
    'conn = sqlite3.connect(sys.argv[1])',
    'for (table,) in conn.execute("select name from sqlite_master where type=\'table\'").fetchall():',
    '    for row in conn.execute(f"select * from {table}"):',
    '        for value in row:',
    '            if isinstance(value, bytes):',
    '                try: value = zlib.decompress(value)',
    '                except zlib.error: pass',
    '                print(value.decode("utf-8", "replace"))',
    '            elif value is not None: print(value)',
  ].join('\n');
  const { stdout } = await promisify(execFile)('python3', ['-c', script, file], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The files under `root` (venvs aside) whose bytes, or decompressed SQLite rows, hold the marker. */
async function filesHoldingMarker(root: string): Promise<string[]> {
  const holding: string[] = [];
  for (const file of await filesUnder(root, (rel) => rel.split(path.sep).includes('venvs'))) {
    if (file.content.includes(MARKER)) holding.push(file.path);
    else if (file.path.endsWith('.sqlite') && (await sqliteTexts(path.join(root, file.path))).includes(MARKER)) holding.push(`${file.path} (decompressed)`);
  }
  return holding;
}

describe('secret values in HTTP replies of exec-automator serve (real CLI subprocess, deployed leaky workflows)', () => {
  let root: string;
  let server: ChildProcessWithoutNullStreams;
  let stderr = '';
  let url: string;
  let key: string;
  let client: Client;
  /** Every reply the test read: status and raw body (not the route: some routes name the marker). */
  const replies: string[] = [];

  beforeAll(async () => {
    const dir = await tempDir();
    root = path.join(dir, 'root');
    const config = path.join(dir, 'exec-automator.config.json');
    await writeFile(config, JSON.stringify({ environments: { dev: { secrets: { backend: 'encrypted-file' } } } }));
    // The key is in the store only: the server's own environment does not hold it.
    const env = { XDG_CONFIG_HOME: path.join(dir, 'xdg'), ANTHROPIC_API_KEY: '' };
    const common = ['--environment=dev', '--root', root, '--config', config];
    const source = path.join(dir, 'src');
    await cp(path.join(REPO, 'packages', 'cli', 'test', 'fixtures', 'leaky-workflows'), source, { recursive: true });
    await cp(path.join(HERE, 'fixtures', 'leaky-server'), source, { recursive: true });
    const set = await runCli(['secrets', 'set', 'ANTHROPIC_API_KEY', '--from-env', 'LEAK_VALUE', ...common], { env: { ...env, LEAK_VALUE: MARKER } });
    expect(set.code, set.stderr).toBe(0);
    const deploy = await runCli(['deploy', 'all', '--source', source, '--json', ...common], { env });
    expect(json<{ status: string }>(deploy).status, deploy.stderr).toBe('SUCCESS');
    const created = await runCli(['api-keys', 'create', '--name', 'leak', '--json', ...common], { env });
    key = json<{ key: string }>(created).key;
    for (const run of [set, deploy, created]) expect(run.stdout + run.stderr).not.toContain(MARKER);

    server = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--max-body-bytes', String(BODY_LIMIT), ...common], { cwd: REPO, env: { ...process.env, ...env } });
    server.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      server.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.includes('\n')) resolve((JSON.parse(stdout.split('\n')[0] as string) as { url: string }).url);
      });
      server.on('close', (code) => reject(new Error(`serve exited (${code}):\n${stderr}`)));
    });
    client = new Client({ apiUrl: url, apiKey: key });
  });

  afterAll(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
  });

  const headers = (): Record<string, string> => ({ 'x-api-key': key, 'content-type': 'application/json' });
  const read = async (route: string, init: RequestInit = {}): Promise<{ status: number; text: string }> => {
    const response = await fetch(`${url}${route}`, { ...init, headers: { ...headers(), ...(init.headers as Record<string, string> | undefined) } });
    const text = await response.text();
    replies.push(`${response.status} ${text}`);
    return { status: response.status, text };
  };
  const post = (route: string, body: unknown) => read(route, { method: 'POST', body: JSON.stringify(body) });

  it('the logging and raising workflow: replies masked, and the whole root, checkpoints included, holds no marker', async () => {
    const thread = JSON.parse((await post('/threads', {})).text) as { thread_id: string };
    const failed = await post(`/threads/${thread.thread_id}/runs/wait`, { assistant_id: LOGGER, input: { fail: true } });
    expect(failed.text).toContain('the model refused key ***');
    // `fail` stays in the thread's state: this run says false.
    const done = await post(`/threads/${thread.thread_id}/runs/wait`, { assistant_id: LOGGER, input: { fail: false } });
    expect(JSON.parse(done.text)).toMatchObject({ echoed: 'done' });
    const streamed = await post(`/threads/${thread.thread_id}/runs/stream`, { assistant_id: LOGGER, input: { fail: true }, stream_mode: ['values', 'updates', 'debug'] });
    expect(streamed.text).toContain('event: error');
    expect(streamed.text).toContain('***');
    await read(`/threads/${thread.thread_id}/history?limit=20`);
    for (const reply of replies) expect(reply).not.toContain(MARKER);
    expect(await filesHoldingMarker(root)).toEqual([]);
  });

  it('the echoing workflow: no JSON reply, SSE event, seed-route answer or error carries the key, `***` stands in', async () => {
    const start = replies.length;
    const thread = JSON.parse((await post('/threads', {})).text) as { thread_id: string };
    const t = thread.thread_id;
    const waited = JSON.parse((await post(`/threads/${t}/runs/wait`, { assistant_id: ECHO, input: {} })).text) as { echoed: string; keys: unknown[] };
    expect(waited).toEqual({ echoed: 'key=***', keys: ['***', { nested: '***' }] });
    const sse = await post(`/threads/${t}/runs/stream`, { assistant_id: ECHO, input: {}, stream_mode: ['values', 'updates', 'custom', 'debug', 'tasks', 'checkpoints'] });
    expect(sse.text).toContain('event: custom\ndata: {"custom_key":"***"}');
    expect(sse.text).toContain('"echoed":"key=***"');
    const background = JSON.parse((await post(`/threads/${t}/runs`, { assistant_id: ECHO, input: {} })).text) as { run_id: string };
    await read(`/threads/${t}/runs/${background.run_id}/join`);
    await read(`/threads/${t}/runs/${background.run_id}/stream`, { headers: { 'Last-Event-ID': '0' } });
    await read(`/threads/${t}/runs/${background.run_id}`);
    await read(`/threads/${t}/runs`);
    for (const route of [`/threads/${t}`, `/threads/${t}/state`, `/threads/${t}/history?limit=20`]) {
      const reply = await read(route);
      expect(reply.status, route).toBe(200);
      expect(reply.text, route).toContain('key=***');
    }
    await post(`/threads/${t}/history`, { limit: 20 });
    await post('/threads/search', { limit: 100 });
    // The official client reads the same masked values.
    expect((await client.threads.getState(t)).values).toMatchObject({ echoed: 'key=***' });
    const chunks: unknown[] = [];
    for await (const chunk of client.runs.stream(null, ECHO, { input: {}, streamMode: ['values', 'custom'] })) chunks.push(chunk);
    replies.push(JSON.stringify(chunks));
    expect(JSON.stringify(chunks)).toContain('"custom_key":"***"');

    // A second run raises with the key: its error, its events and the thread's state masked.
    const failed = await post(`/threads/${t}/runs/wait`, { assistant_id: ECHO, input: { fail: true } });
    expect(JSON.parse(failed.text)).toMatchObject({ __error__: { message: expect.stringContaining('the model refused key ***') } });
    const failedStream = await post('/runs/stream', { assistant_id: ECHO, input: { fail: true } });
    expect(failedStream.text).toMatch(/event: error\ndata: \{[^\n]*the model refused key \*\*\*/);
    await read(`/threads/${t}/state`);

    // The seed's routes.
    const invoked = JSON.parse((await post('/api/workflows/leak_002/invoke', { input: {} })).text) as { execution_id: string; output: unknown };
    expect(invoked.output).toMatchObject({ echoed: 'key=***' });
    const seedFailed = await post('/api/workflows/leak_002/invoke', { input: { fail: true } });
    expect(seedFailed.text).toContain('***');
    await read(`/api/workflows/leak_002/status/${invoked.execution_id}`);
    await read('/api/workflows/leak_002/status');
    // Error messages naming what the client sent: masked too (the server learned the value from the store).
    const missing = await read(`/assistants/${MARKER}`);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Assistant \\"***\\" not found');
    expect((await read(`/api/workflows/${MARKER}/status`)).text).toContain('***');

    const texts = replies.slice(start);
    expect(texts.length).toBeGreaterThan(20);
    for (const reply of texts) expect(reply, reply.slice(0, 200)).not.toContain(MARKER);
    expect(texts.join('\n')).toContain('***');
  });

  it('serve --max-body-bytes bounds the bodies (413 naming the limit; the server keeps serving); a limit of 0 is refused (exit 2)', async () => {
    const over = await post('/runs/wait', { assistant_id: ECHO, input: { fail: false, echoed: 'z'.repeat(BODY_LIMIT) } });
    expect(over.status).toBe(413);
    expect(JSON.parse(over.text)).toMatchObject({ error: 'REQUEST_TOO_LARGE', message: expect.stringContaining(`${BODY_LIMIT}-byte limit`) });
    expect((await fetch(`${url}/ok`)).status).toBe(200);
    expect(JSON.parse((await post('/runs/wait', { assistant_id: ECHO, input: { fail: false } })).text)).toMatchObject({ echoed: 'key=***' });
    const refused = await runCli(['serve', '--port', '0', '--max-body-depth', '0', '--environment=dev', '--root', root]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('INVALID_ARGUMENT');
  });

  it('the server log (its stderr) and the root hold the key only where the graph itself put it: the checkpointed state', async () => {
    expect(stderr).toContain('printed key ***');
    expect(stderr).not.toContain(MARKER);
    // Logs, execution records, the server's thread and run records: masked. The checkpointer
    // keeps the state as the graph wrote it (a resumed run must see its real values), so the
    // echoing workflow's state holds the key there, and only there.
    const holding = await filesHoldingMarker(root);
    expect(holding.length).toBeGreaterThan(0);
    for (const file of holding) expect(file).toMatch(/^dev[\\/]checkpoints[\\/]checkpoints\.sqlite(-wal)?( \(decompressed\))?$/);
  });
});
