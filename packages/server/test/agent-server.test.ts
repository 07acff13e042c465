import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { Client } from '@langchain/langgraph-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '@exec-automator/core/config';
import { ExecutionJournal, ExecutionRegistry, ApiKeys } from '@exec-automator/executions';
import { EncryptedFileSecretsBackend } from '@exec-automator/core/secrets';
import { startServer, type RunningServer } from '@exec-automator/server';
import { deployFixture, OPS_WORKFLOW, OPS_WORKFLOW_ID, type DeployedFixture } from '../../executions/test/helpers/deployed-fixture.js';

describe('the Agent Server API with the official @langchain/langgraph-sdk client (real venv, SQLite checkpointer)', () => {
  let fixture: DeployedFixture;
  let server: RunningServer;
  let client: Client;
  let key: string;

  beforeAll(async () => {
    fixture = await deployFixture('dev');
    const secrets = new EncryptedFileSecretsBackend({ file: path.join(fixture.root, 'secrets.enc'), keyFile: path.join(fixture.root, 'secrets.key') });
    key = (await new ApiKeys(secrets, 'dev').create('test')).key;
    server = await startServer({ root: fixture.root, environment: 'dev', secrets, settings: { ...defaultSettings('dev'), maxConcurrentWorkflows: 2 }, port: 0 });
    client = new Client({ apiUrl: server.url, apiKey: key });
  });

  afterAll(async () => {
    await server?.close(5000);
    await fixture?.cleanup();
  });

  it('answers /ok without a key and 401 elsewhere without one; Bearer and x-api-key both work', async () => {
    expect((await fetch(`${server.url}/ok`)).status).toBe(200);
    const denied = await fetch(`${server.url}/assistants/search`, { method: 'POST', body: '{}' });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ error: 'unauthorized' });
    expect((await fetch(`${server.url}/info`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await fetch(`${server.url}/info`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect((await fetch(`${server.url}/info`, { headers: { 'x-api-key': key } })).status).toBe(200);
  });

  it('refuses --no-auth outside dev or off loopback, and simulation in production (SERVE_REFUSED)', async () => {
    const secrets = new EncryptedFileSecretsBackend({ file: path.join(fixture.root, 'other.enc'), keyFile: path.join(fixture.root, 'other.key') });
    const base = { root: fixture.root, secrets, port: 0, auth: false } as const;
    await expect(startServer({ ...base, environment: 'staging', settings: defaultSettings('staging') })).rejects.toMatchObject({ code: 'SERVE_REFUSED' });
    await expect(startServer({ ...base, environment: 'dev', settings: defaultSettings('dev'), host: '0.0.0.0' })).rejects.toMatchObject({ code: 'SERVE_REFUSED' });
    await expect(startServer({ ...base, auth: true, simulate: true, environment: 'production', settings: defaultSettings('production') })).rejects.toMatchObject({ code: 'SERVE_REFUSED' });
  });

  it('refuses recorded responses unless the server simulates (422 naming the field)', async () => {
    const response = await fetch(`${server.url}/runs/wait`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ assistant_id: OPS_WORKFLOW, input: {}, config: { configurable: { exec_automator_fake_responses: ['hi'] } } }),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ field: 'config.configurable.exec_automator_fake_responses' });
  });

  it('lists the release graph as an assistant and serves its graph and schemas', async () => {
    const assistants = await client.assistants.search();
    expect(assistants.map((a) => a.graph_id)).toEqual([OPS_WORKFLOW]);
    const [assistant] = assistants;
    expect(assistant?.metadata).toMatchObject({ workflow_id: OPS_WORKFLOW_ID, release_id: fixture.releaseId });
    expect((await client.assistants.get(assistant!.assistant_id)).graph_id).toBe(OPS_WORKFLOW);
    const graph = await client.assistants.getGraph(OPS_WORKFLOW);
    expect(graph.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['work', 'approval', 'finish']));
    const schemas = await client.assistants.getSchemas(OPS_WORKFLOW);
    expect(Object.keys((schemas.input_schema as { properties: object }).properties)).toEqual(expect.arrayContaining(['fail', 'sleep', 'review']));
  });

  it('runs.wait completes on a thread and the run is in the executions journal with the run id', async () => {
    const thread = await client.threads.create();
    const values = (await client.runs.wait(thread.thread_id, OPS_WORKFLOW, { input: {} })) as Record<string, unknown>;
    expect(values).toMatchObject({ result: 'ok' });
    const [run] = await client.runs.list(thread.thread_id);
    expect(run).toMatchObject({ status: 'success', thread_id: thread.thread_id });
    const extra = await client.runs.create(thread.thread_id, OPS_WORKFLOW, { input: {} });
    await client.runs.join(thread.thread_id, extra.run_id);
    await client.runs.delete(thread.thread_id, extra.run_id);
    expect((await client.runs.list(thread.thread_id)).map((r) => r.run_id)).toEqual([run!.run_id]);
    expect((await client.threads.get(thread.thread_id)).status).toBe('idle');
    const records = await new ExecutionJournal(fixture.layout).read({ workflow: OPS_WORKFLOW });
    expect(records.find((r) => r.execution_id === run!.run_id)).toMatchObject({ status: 'completed', thread_id: thread.thread_id, release_id: fixture.releaseId });
  });

  it('runs.stream yields metadata first, then values and updates', async () => {
    const thread = await client.threads.create();
    const events: Array<{ event: string; data: unknown }> = [];
    for await (const chunk of client.runs.stream(thread.thread_id, OPS_WORKFLOW, { input: {}, streamMode: ['values', 'updates'] })) events.push(chunk);
    expect(events[0]?.event).toBe('metadata');
    expect(events[0]?.data).toMatchObject({ run_id: expect.any(String), attempt: 1 });
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['values', 'updates']));
    expect(events.filter((e) => e.event === 'values').at(-1)?.data).toMatchObject({ result: 'ok' });
    expect(events.filter((e) => e.event === 'updates').map((e) => e.data)).toContainEqual({ finish: { result: 'ok' } });
  });

  it('stateless runs: /runs/wait and /runs/stream', async () => {
    expect(await client.runs.wait(null, OPS_WORKFLOW, { input: {} })).toMatchObject({ result: 'ok' });
    const events: string[] = [];
    for await (const chunk of client.runs.stream(null, OPS_WORKFLOW, { input: {} })) events.push(chunk.event);
    expect(events[0]).toBe('metadata');
    expect(events).toContain('values');
  });

  it('an interrupt leaves the thread interrupted with its state; command.resume continues it', async () => {
    const thread = await client.threads.create();
    const paused = (await client.runs.wait(thread.thread_id, OPS_WORKFLOW, { input: { review: true } })) as Record<string, unknown>;
    expect(paused.__interrupt__).toEqual([expect.objectContaining({ value: { question: 'approve this run?' } })]);
    expect((await client.threads.get(thread.thread_id)).status).toBe('interrupted');
    const state = await client.threads.getState(thread.thread_id);
    expect(state.next).toEqual(['approval']);
    expect(state.tasks[0]?.interrupts[0]?.value).toEqual({ question: 'approve this run?' });
    const done = await client.runs.wait(thread.thread_id, OPS_WORKFLOW, { command: { resume: { approved: true } } });
    expect(done).toMatchObject({ approved: true, result: 'ok' });
    expect((await client.threads.get(thread.thread_id)).status).toBe('idle');
    const history = await client.threads.getHistory(thread.thread_id, { limit: 3 });
    expect(history).toHaveLength(3);
    await client.threads.updateState(thread.thread_id, { values: { result: 'edited' }, asNode: 'finish' });
    expect((await client.threads.getState(thread.thread_id)).values).toMatchObject({ result: 'edited', approved: true });
    expect((await client.threads.get(thread.thread_id)).values).toMatchObject({ result: 'edited' });
    const found = await client.threads.search({ values: { result: 'edited' }, status: 'idle' });
    expect(found.map((t) => t.thread_id)).toEqual([thread.thread_id]);
  });

  it('multitask reject answers 422 on a busy thread; enqueue runs after; cancel stops a long run; joinStream re-attaches', async () => {
    const thread = await client.threads.create();
    const long = await client.runs.create(thread.thread_id, OPS_WORKFLOW, { input: { sleep: 60 } });
    const rejected = await fetch(`${server.url}/threads/${thread.thread_id}/runs`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ assistant_id: OPS_WORKFLOW, input: {}, multitask_strategy: 'reject' }),
    });
    expect(rejected.status).toBe(422);
    const queued = await client.runs.create(thread.thread_id, OPS_WORKFLOW, { input: {}, multitaskStrategy: 'enqueue' });
    expect(queued.status).toBe('pending');
    // Re-attach to the long run while it runs, then cancel it: the joined stream ends.
    const joined: string[] = [];
    const join = (async () => {
      for await (const chunk of client.runs.joinStream(thread.thread_id, long.run_id, { lastEventId: '0' })) joined.push(chunk.event);
    })();
    await waitFor(async () => (await client.runs.get(thread.thread_id, long.run_id)).status === 'running');
    const started = Date.now();
    await client.runs.cancel(thread.thread_id, long.run_id, true);
    expect(Date.now() - started).toBeLessThan(20_000);
    await join;
    expect(joined[0]).toBe('metadata');
    expect((await client.runs.get(thread.thread_id, long.run_id)).status).toBe('interrupted');
    expect(await client.runs.join(thread.thread_id, queued.run_id)).toMatchObject({ result: 'ok' });
    const records = await new ExecutionJournal(fixture.layout).read({ workflow: OPS_WORKFLOW });
    expect(records.find((r) => r.execution_id === long.run_id)?.status).toBe('cancelled');
  });

  it('retries a run whose runner process died (MAX_RETRIES): a second attempt on a fresh worker completes it', async () => {
    const thread = await client.threads.create();
    const events: Array<{ event: string; data: unknown }> = [];
    const streamed = (async () => {
      for await (const chunk of client.runs.stream(thread.thread_id, OPS_WORKFLOW, { input: { sleep: 2 }, streamMode: ['values'] })) events.push(chunk);
    })();
    await waitFor(async () => events.length > 0);
    const runId = (events[0]?.data as { run_id: string }).run_id;
    let pid: number | undefined;
    await waitFor(async () => (pid = (await new ExecutionRegistry(fixture.layout).read(runId))?.runner_pid ?? undefined) !== undefined);
    process.kill(pid as number, 'SIGKILL');
    await streamed;
    expect(events.filter((e) => e.event === 'metadata').map((e) => (e.data as { attempt: number }).attempt)).toEqual([1, 2]);
    expect(events.at(-1)).toMatchObject({ event: 'values', data: { result: 'ok' } });
    expect((await client.runs.get(thread.thread_id, runId)).status).toBe('success');
    const records = await new ExecutionJournal(fixture.layout).read({ workflow: OPS_WORKFLOW });
    expect(records.find((r) => r.execution_id === runId)).toMatchObject({ status: 'error', error_type: 'RUNNER_FAILED' });
    expect(records.find((r) => r.execution_id === `${runId}.2`)).toMatchObject({ status: 'completed' });
  });

  it('reads thread state while every pool worker runs (MAX_CONCURRENT_WORKFLOWS=2): reads never wait for runs', async () => {
    const done = await client.threads.create();
    await client.runs.wait(done.thread_id, OPS_WORKFLOW, { input: {} });
    const busy = await Promise.all([client.threads.create(), client.threads.create()]);
    const runs = await Promise.all(busy.map((t) => client.runs.create(t.thread_id, OPS_WORKFLOW, { input: { sleep: 120 } })));
    try {
      await waitFor(async () => (await Promise.all(runs.map((r) => client.runs.get(r.thread_id, r.run_id)))).every((r) => r.status === 'running'), 60_000);
      const busyWorkers = async () => (await (await fetch(`${server.url}/metrics`, { headers: { 'x-api-key': key } })).text()).includes('exec_automator_server_workers{environment="dev",state="busy"} 2');
      await waitFor(busyWorkers, 60_000);
      expect((await client.threads.getState(done.thread_id)).values).toMatchObject({ result: 'ok' });
      expect(await busyWorkers()).toBe(true);
    } finally {
      await Promise.all(runs.map((r) => client.runs.cancel(r.thread_id, r.run_id, true)));
    }
  });

  it('a malformed body gets a 4xx JSON naming the field', async () => {
    const thread = await client.threads.create();
    const response = await fetch(`${server.url}/threads/${thread.thread_id}/runs/wait`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ assistant_id: OPS_WORKFLOW, stream_mode: ['bogus'] }),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: 'validation_error', field: 'stream_mode' });
    const notJson = await fetch(`${server.url}/threads`, { method: 'POST', headers: { 'x-api-key': key }, body: '{' });
    expect(notJson.status).toBe(400);
    const badThread = await fetch(`${server.url}/threads/not-a-uuid`, { headers: { 'x-api-key': key } });
    expect(badThread.status).toBe(422);
    expect(await badThread.json()).toMatchObject({ field: 'thread_id' });
  });

  it('the seed routes: invoke, status, cancel', async () => {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const ok = await fetch(`${server.url}/api/workflows/ops_901/invoke`, { method: 'POST', headers, body: JSON.stringify({ input: {} }) });
    expect(ok.status).toBe(200);
    const done = (await ok.json()) as { execution_id: string; status: string; output: unknown };
    expect(done).toMatchObject({ status: 'success', output: { result: 'ok' } });
    const started = await fetch(`${server.url}/api/workflows/ops_901/invoke`, { method: 'POST', headers, body: JSON.stringify({ input: { sleep: 60 }, wait: false }) });
    expect(started.status).toBe(202);
    const { execution_id: id } = (await started.json()) as { execution_id: string };
    await waitFor(async () => ((await (await fetch(`${server.url}/api/workflows/ops_901/status/${id}`, { headers })).json()) as { status: string }).status === 'running');
    const status = (await (await fetch(`${server.url}/api/workflows/ops_901/status`, { headers })).json()) as { release_id: string; recent_executions: Array<{ execution_id: string }> };
    expect(status.release_id).toBe(fixture.releaseId);
    expect(status.recent_executions.map((e) => e.execution_id)).toContain(done.execution_id);
    const cancel = await fetch(`${server.url}/api/workflows/ops_901/cancel/${id}`, { method: 'POST', headers });
    expect(await cancel.json()).toMatchObject({ execution_id: id, cancelled: true, status: 'interrupted' });
  });

  it('serves live Prometheus metrics and writes its address for status', async () => {
    const text = await (await fetch(`${server.url}/metrics`, { headers: { 'x-api-key': key } })).text();
    expect(text).toMatch(/exec_automator_server_runs_total\{environment="dev",status="success"\} [1-9]/);
    expect(text).toContain('exec_automator_server_workers{environment="dev",state="idle"}');
    const state = JSON.parse(await readFile(server.stateFile, 'utf8')) as { url: string; pid: number };
    expect(state).toMatchObject({ url: server.url, pid: process.pid });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
