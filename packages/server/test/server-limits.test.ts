import http from 'node:http';
import path from 'node:path';
import { Client } from '@langchain/langgraph-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '@exec-automator/core/config';
import { EncryptedFileSecretsBackend } from '@exec-automator/core/secrets';
import { ApiKeys } from '@exec-automator/executions';
import { DEFAULT_SERVER_LIMITS, startServer, TRUNCATED_HEADER, TRUNCATED_KEY, type RunningServer } from '@exec-automator/server';
import { deployFixture, OPS_WORKFLOW, type DeployedFixture } from '../../executions/test/helpers/deployed-fixture.js';

// Request limits, reply limits and id grammars of the HTTP server, in process on port 0, against
// the real deployed ops fixture (real venv, SQLite checkpointer), driven by fetch, raw node:http
// (chunked bodies) and the official SDK client.

/** Small limits, so the tests send and read little. */
const LIMITS = { maxRequestBytes: 1024 * 1024, maxRequestDepth: 32, maxReplyBytes: 64 * 1024 };
/** A state value larger than the reply limit (the ops workflow keeps `check_env` in its state). */
const BIG = 'x'.repeat(200 * 1024);

interface ErrorBody {
  error: string;
  code?: string;
  message: string;
  detail: string;
  field?: string;
}

/** POSTs `chunks` with `Transfer-Encoding: chunked` (no Content-Length) and reads the answer. */
function postChunked(url: string, key: string, chunks: Iterable<Buffer>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (response) => {
      let body = '';
      response.on('data', (c: Buffer) => (body += c.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    // The server answers (and may close) before every chunk is written: that is the point.
    request.on('error', reject);
    const it = chunks[Symbol.iterator]();
    const write = (): void => {
      for (;;) {
        const next = it.next();
        if (next.done) return void request.end();
        if (request.destroyed) return;
        if (!request.write(next.value)) return void request.once('drain', write);
      }
    };
    write();
  });
}

describe('HTTP request and reply limits, and id grammars (real venv, in-process server)', () => {
  let fixture: DeployedFixture;
  let server: RunningServer;
  let client: Client;
  let key: string;
  let headers: Record<string, string>;
  let secrets: EncryptedFileSecretsBackend;

  beforeAll(async () => {
    fixture = await deployFixture('dev');
    secrets = new EncryptedFileSecretsBackend({ file: path.join(fixture.root, 'secrets.enc'), keyFile: path.join(fixture.root, 'secrets.key') });
    key = (await new ApiKeys(secrets, 'dev').create('test')).key;
    server = await startServer({ root: fixture.root, environment: 'dev', secrets, settings: { ...defaultSettings('dev'), maxConcurrentWorkflows: 2 }, port: 0, limits: LIMITS });
    client = new Client({ apiUrl: server.url, apiKey: key });
    headers = { 'x-api-key': key, 'content-type': 'application/json' };
  });

  afterAll(async () => {
    await server?.close(5000);
    await fixture?.cleanup();
  });

  const stillServing = async (): Promise<void> => {
    expect((await fetch(`${server.url}/ok`)).status).toBe(200);
    expect(await client.runs.wait(null, OPS_WORKFLOW, { input: {} })).toMatchObject({ result: 'ok' });
  };

  it('has documented defaults and rejects a limit that is not a positive integer (INVALID_ARGUMENT)', async () => {
    expect(DEFAULT_SERVER_LIMITS).toEqual({ maxRequestBytes: 4194304, maxRequestDepth: 64, maxReplyBytes: 8388608 });
    expect(server.limits).toEqual(LIMITS);
    const secrets = new EncryptedFileSecretsBackend({ file: path.join(fixture.root, 'other.enc'), keyFile: path.join(fixture.root, 'other.key') });
    await expect(startServer({ root: fixture.root, environment: 'dev', secrets, settings: defaultSettings('dev'), port: 0, limits: { maxRequestDepth: 0 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('answers a 20 MB body with Content-Length 413 naming the limit, and keeps serving', async () => {
    const body = JSON.stringify({ assistant_id: OPS_WORKFLOW, input: { check_env: 'y'.repeat(20 * 1024 * 1024) } });
    const response = await fetch(`${server.url}/runs/wait`, { method: 'POST', headers, body });
    expect(response.status).toBe(413);
    const error = (await response.json()) as ErrorBody;
    expect(error).toMatchObject({ error: 'REQUEST_TOO_LARGE', code: 'REQUEST_TOO_LARGE' });
    expect(error.message).toContain(`${LIMITS.maxRequestBytes}-byte limit`);
    expect(error.detail).toBe(error.message);
    // Just over the limit, again and again on kept-alive connections: each answered 413, none
    // breaking the next request (the refused body is never read, so its connection is not reused).
    const justOver = 'z'.repeat(LIMITS.maxRequestBytes + 10_000);
    for (let i = 0; i < 4; i++) {
      const again = await fetch(`${server.url}/threads`, { method: 'POST', headers, body: justOver });
      expect(again.status).toBe(413);
      expect(again.headers.get('connection')).toBe('close');
      await again.text();
      expect((await fetch(`${server.url}/ok`)).status).toBe(200);
    }
    await stillServing();
  });

  it('counts the bytes of a chunked body (no Content-Length): 413 once past the limit, and keeps serving', async () => {
    function* chunks(): Generator<Buffer> {
      yield Buffer.from('{"assistant_id": "x", "input": {"a": "');
      for (let i = 0; i < 20 * 16; i++) yield Buffer.alloc(64 * 1024, 0x61);
      yield Buffer.from('"}}');
    }
    const answer = await postChunked(`${server.url}/runs/wait`, key, chunks());
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'REQUEST_TOO_LARGE', code: 'REQUEST_TOO_LARGE' });
    // A chunked body within the limit still reaches the route.
    const small = await postChunked(`${server.url}/runs/wait`, key, [Buffer.from(JSON.stringify({ assistant_id: OPS_WORKFLOW, input: {} }))]);
    expect(small.status).toBe(200);
    expect(JSON.parse(small.body)).toMatchObject({ result: 'ok' });
    await stillServing();
  });

  it('answers a 100k-deep JSON body 422 REQUEST_TOO_LARGE before parsing it, and keeps serving', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    for (const route of ['/runs/wait', '/threads', '/api/workflows/ops_901/invoke']) {
      const response = await fetch(`${server.url}${route}`, { method: 'POST', headers, body: `{"assistant_id": "${OPS_WORKFLOW}", "input": {"a": ${deep}}}` });
      expect(response.status, route).toBe(422);
      const error = (await response.json()) as ErrorBody;
      expect(error).toMatchObject({ code: 'REQUEST_TOO_LARGE', field: '(body)' });
      expect(error.message).toContain(`more than ${LIMITS.maxRequestDepth} levels`);
    }
    // Just within the limit: the run goes through to Python and completes.
    const nested = `${'['.repeat(LIMITS.maxRequestDepth - 2)}${']'.repeat(LIMITS.maxRequestDepth - 2)}`;
    const within = await fetch(`${server.url}/runs/wait`, { method: 'POST', headers, body: `{"assistant_id": "${OPS_WORKFLOW}", "input": {"check_env": "A", "x": ${nested}}}` });
    expect(within.status).toBe(200);
    await stillServing();
  });

  it('cuts run output, thread state, history and SSE values over the reply limit, saying so', async () => {
    const thread = await client.threads.create();
    const waited = await fetch(`${server.url}/threads/${thread.thread_id}/runs/wait`, { method: 'POST', headers, body: JSON.stringify({ assistant_id: OPS_WORKFLOW, input: { check_env: BIG } }) });
    const text = await waited.text();
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(LIMITS.maxReplyBytes);
    const output = JSON.parse(text) as Record<string, unknown>;
    expect(output).toMatchObject({ result: 'ok', env_present: false, [TRUNCATED_KEY]: { limit: LIMITS.maxReplyBytes } });
    expect(String(output.check_env)).toMatch(/…\[cut \d+ characters\]$/);

    for (const route of [`/threads/${thread.thread_id}/state`, `/threads/${thread.thread_id}/history?limit=10`, `/threads/${thread.thread_id}`]) {
      const response = await fetch(`${server.url}${route}`, { headers });
      expect(response.status, route).toBe(200);
      const body = await response.text();
      expect(Buffer.byteLength(body), route).toBeLessThanOrEqual(LIMITS.maxReplyBytes);
      expect(response.headers.get(TRUNCATED_HEADER), route).toMatch(/^original_bytes=\d+; bytes=\d+; limit=65536$/);
      expect(body, route).toContain('…[cut ');
    }
    // The SDK reads the cut replies as it reads any other.
    const state = await client.threads.getState(thread.thread_id);
    expect(state.values).toMatchObject({ result: 'ok' });
    expect((await client.threads.getHistory(thread.thread_id, { limit: 10 })).length).toBeGreaterThan(0);

    const values: Array<Record<string, unknown>> = [];
    for await (const chunk of client.runs.stream(thread.thread_id, OPS_WORKFLOW, { input: { check_env: BIG }, streamMode: ['values'] })) {
      if (chunk.event === 'values') values.push(chunk.data as Record<string, unknown>);
    }
    expect(values.length).toBeGreaterThan(0);
    for (const data of values) {
      expect(Buffer.byteLength(JSON.stringify(data))).toBeLessThanOrEqual(LIMITS.maxReplyBytes);
      expect(data[TRUNCATED_KEY]).toMatchObject({ limit: LIMITS.maxReplyBytes });
    }
    // A reply within the limit is sent as it is.
    const small = await fetch(`${server.url}/runs/wait`, { method: 'POST', headers, body: JSON.stringify({ assistant_id: OPS_WORKFLOW, input: {} }) });
    expect(await small.json()).not.toHaveProperty(TRUNCATED_KEY);
  });

  it("masks a secret stored while the server runs (within 2 s) in every reply, errors included", async () => {
    const late = 'late-secret-value-4e1f0c';
    const before = await fetch(`${server.url}/assistants/${late}`, { headers });
    expect(await before.text()).toContain(late);
    await secrets.set('LATE_SERVICE_TOKEN', late);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const after = await fetch(`${server.url}/assistants/${late}`, { headers });
    expect(after.status).toBe(404);
    const text = await after.text();
    expect(text).not.toContain(late);
    expect(text).toContain('Assistant \\"***\\" not found');
    // A value the client sends comes back masked too (the run object echoes its input).
    const thread = await client.threads.create();
    const run = await fetch(`${server.url}/threads/${thread.thread_id}/runs`, { method: 'POST', headers, body: JSON.stringify({ assistant_id: OPS_WORKFLOW, input: { check_env: late } }) });
    const runText = await run.text();
    expect(runText).not.toContain(late);
    expect(JSON.parse(runText)).toMatchObject({ kwargs: { input: { check_env: '***' } } });
    const joined = await fetch(`${server.url}/threads/${thread.thread_id}/runs/${(JSON.parse(runText) as { run_id: string }).run_id}/join`, { headers });
    expect(JSON.parse(await joined.text())).toMatchObject({ check_env: '***', result: 'ok' });
  });

  it('refuses path-like and NUL ids with 422 validation_error naming the field, never a 500', async () => {
    const thread = await client.threads.create();
    const cases: Array<[string, string, string, string?]> = [
      ['GET', `/threads/${encodeURIComponent('../../etc/passwd')}`, 'thread_id'],
      ['GET', `/threads/${encodeURIComponent('../../etc/passwd')}/state`, 'thread_id'],
      ['GET', `/threads/abc%00def/history`, 'thread_id'],
      ['GET', `/threads/${thread.thread_id}/state/${encodeURIComponent('../../etc/passwd')}`, 'checkpoint_id'],
      ['GET', `/threads/${thread.thread_id}/state/abc%00`, 'checkpoint_id'],
      ['GET', `/threads/${thread.thread_id}/runs/${encodeURIComponent('../../x')}`, 'run_id'],
      ['GET', `/assistants/${encodeURIComponent('../../etc/passwd')}`, 'assistant_id'],
      ['GET', `/assistants/ops%00901/graph`, 'assistant_id'],
      ['GET', `/api/workflows/${encodeURIComponent('../../etc/passwd')}/status`, 'workflow_id'],
      ['GET', `/api/workflows/ops_901/status/${encodeURIComponent('../../../executions/x')}`, 'execution_id'],
      ['POST', `/api/workflows/ops_901/cancel/%00`, 'execution_id'],
      ['POST', `/api/workflows/ops%2F..%2F901/invoke`, 'workflow_id', '{}'],
      ['POST', '/runs/wait', 'assistant_id', JSON.stringify({ assistant_id: '../../etc/passwd' })],
      ['POST', '/runs/wait', 'assistant_id', JSON.stringify({ assistant_id: 'ops\u0000' })],
      ['POST', '/threads', 'thread_id', JSON.stringify({ thread_id: '../../etc/passwd' })],
      ['POST', '/threads', 'graph_id', JSON.stringify({ graph_id: '../x' })],
      ['POST', `/threads/${thread.thread_id}/state/checkpoint`, 'checkpoint.checkpoint_id', JSON.stringify({ checkpoint: { checkpoint_id: '../../x' } })],
      ['POST', `/api/workflows/ops_901/invoke`, 'thread_id', JSON.stringify({ thread_id: '../../etc/passwd', input: {} })],
    ];
    for (const [method, route, field, body] of cases) {
      const response = await fetch(`${server.url}${route}`, { method, headers, ...(body === undefined ? {} : { body }) });
      const answer = (await response.json()) as ErrorBody;
      expect(response.status, `${method} ${route}`).toBe(422);
      expect(answer, `${method} ${route}`).toMatchObject({ error: 'validation_error', field });
    }
    await stillServing();
  });
});
