import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { ServerContext } from './app.js';
import { body, HttpError, notFound, param } from './http-errors.js';
import type { Run } from './run-model.js';
import { runCreateSchema, uuidSchema, type RunCreate } from './schemas.js';
import { sseResponse, waitResponse } from './sse.js';
import { assistantOr404 } from './routes-assistants.js';
import { threadOr404 } from './routes-threads.js';
import type { Thread } from './thread-store.js';

/** Refuses what the body asks for that this server does not do, naming the field (422). */
function assertSupported(request: RunCreate): void {
  if (request.command && (request.command.goto !== undefined || request.command.update !== undefined)) {
    throw new HttpError(422, 'validation_error', 'command: only command.resume is supported (goto and update are not)', 'command');
  }
  if (request.interrupt_before?.length || request.interrupt_after?.length) {
    throw new HttpError(422, 'validation_error', 'interrupt_before/interrupt_after: not supported; use interrupt() in the graph', request.interrupt_before?.length ? 'interrupt_before' : 'interrupt_after');
  }
  if (request.stream_subgraphs) throw new HttpError(422, 'validation_error', 'stream_subgraphs: not supported', 'stream_subgraphs');
}

/** Where a run can be read again (`Content-Location`). */
function location(run: Run, stateless: boolean): string {
  return stateless ? `/runs/${run.run_id}` : `/threads/${run.thread_id}/runs/${run.run_id}`;
}

/** The final values of a run, masked and bounded (a wait reply is a stream: the middleware cannot see it). */
async function guardedValue(ctx: ServerContext, finished: Promise<unknown>): Promise<unknown> {
  return ctx.guard.value(await finished).value;
}

/** Registers runs on threads (create, stream, wait, list, get, join, join-stream, cancel, delete) and stateless runs. */
export function registerRunRoutes(app: Hono, ctx: ServerContext): void {
  const start = async (c: Context, threadId: string | undefined): Promise<{ created: ReturnType<typeof ctx.runs.get> & object; request: RunCreate }> => {
    const request = await body(c, runCreateSchema);
    assertSupported(request);
    const assistant = await assistantOr404(ctx, request.assistant_id);
    let thread: Thread | undefined;
    if (threadId !== undefined) {
      const id = param(threadId, uuidSchema, 'thread_id');
      thread = await ctx.threads.get(id);
      if (!thread && request.if_not_exists === 'create') {
        const now = new Date().toISOString();
        thread = await ctx.threads.put({ thread_id: id, created_at: now, updated_at: now, metadata: {}, status: 'idle', values: null, interrupts: {}, config: {} });
      }
      if (!thread) throw notFound(`Thread ${id}`);
    }
    const created = await ctx.runs.create(assistant, thread, request);
    return { created, request };
  };

  const stream = async (c: Context, threadId: string | undefined): Promise<Response> => {
    const { created, request } = await start(c, threadId);
    const cancelOnDisconnect = request.on_disconnect === 'cancel';
    const events = ctx.guard.events(created.stream.read('all'));
    return ctx.guard.guarded(
      sseResponse(events, { 'Content-Location': location(created.run, threadId === undefined) }, () => {
        if (cancelOnDisconnect) ctx.runs.cancel(created.run.run_id);
      }),
    );
  };
  const wait = async (c: Context, threadId: string | undefined): Promise<Response> => {
    const { created } = await start(c, threadId);
    return ctx.guard.guarded(waitResponse(guardedValue(ctx, created.finished), { 'Content-Location': location(created.run, threadId === undefined) }));
  };
  const background = async (c: Context, threadId: string | undefined): Promise<Response> => {
    const { created } = await start(c, threadId);
    c.header('Content-Location', location(created.run, threadId === undefined));
    return c.json(created.run);
  };

  app.post('/runs/stream', (c) => stream(c, undefined));
  app.post('/runs/wait', (c) => wait(c, undefined));
  app.post('/runs', (c) => background(c, undefined));
  app.post('/threads/:thread_id/runs/stream', (c) => stream(c, c.req.param('thread_id')));
  app.post('/threads/:thread_id/runs/wait', (c) => wait(c, c.req.param('thread_id')));
  app.post('/threads/:thread_id/runs', (c) => background(c, c.req.param('thread_id')));

  app.get('/threads/:thread_id/runs', async (c) => {
    const thread = await threadOr404(ctx, c.req.param('thread_id'));
    const limit = param(c.req.query('limit') ?? '10', z.coerce.number().int().min(1).max(1000), 'limit');
    const offset = param(c.req.query('offset') ?? '0', z.coerce.number().int().min(0), 'offset');
    const status = c.req.query('status');
    return c.json(ctx.runs.list(thread.thread_id, { limit, offset, ...(status ? { status } : {}) }));
  });

  const runOr404 = async (c: Context) => {
    const thread = await threadOr404(ctx, c.req.param('thread_id'));
    const runId = param(c.req.param('run_id'), uuidSchema, 'run_id');
    const active = ctx.runs.get(runId);
    if (!active || active.run.thread_id !== thread.thread_id) throw notFound(`Run ${runId}`);
    return active;
  };
  app.get('/threads/:thread_id/runs/:run_id', async (c) => c.json((await runOr404(c)).run));
  app.get('/threads/:thread_id/runs/:run_id/join', async (c) => {
    const active = await runOr404(c);
    return ctx.guard.guarded(waitResponse(guardedValue(ctx, active.finished), {}));
  });
  app.get('/threads/:thread_id/runs/:run_id/stream', async (c) => {
    const active = await runOr404(c);
    const lastEventId = c.req.header('Last-Event-ID');
    const cancelOnDisconnect = ['true', '1'].includes(c.req.query('cancel_on_disconnect') ?? '');
    const events = ctx.guard.events(active.stream.read(lastEventId ?? 'live'));
    return ctx.guard.guarded(
      sseResponse(events, { 'Content-Location': location(active.run, false) }, () => {
        if (cancelOnDisconnect) ctx.runs.cancel(active.run.run_id);
      }),
    );
  });
  app.post('/threads/:thread_id/runs/:run_id/cancel', async (c) => {
    const active = await runOr404(c);
    const waitForIt = ['true', '1'].includes(c.req.query('wait') ?? '');
    // `rollback` is accepted and treated as `interrupt`: the cancelled run's checkpoints stay.
    param(c.req.query('action') ?? 'interrupt', z.enum(['interrupt', 'rollback']), 'action');
    ctx.runs.cancel(active.run.run_id);
    if (waitForIt) {
      await active.finished;
      return c.body(null, 204);
    }
    return c.body(null, 202);
  });
  app.delete('/threads/:thread_id/runs/:run_id', async (c) => {
    const active = await runOr404(c);
    if (!(await ctx.runs.delete(active.run.run_id))) throw new HttpError(409, 'conflict', 'The run is still in flight: cancel it first.');
    return c.body(null, 204);
  });
  app.get('/runs/:run_id', async (c) => {
    const runId = param(c.req.param('run_id'), uuidSchema, 'run_id');
    const active = ctx.runs.get(runId);
    if (!active) throw notFound(`Run ${runId}`);
    return c.json(active.run);
  });
}
