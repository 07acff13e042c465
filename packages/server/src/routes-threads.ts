import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { ThreadStateSnapshot } from '@exec-automator/core/python';
import type { ServerContext } from './app.js';
import { findAssistant } from './assistants.js';
import { body, HttpError, notFound, param } from './http-errors.js';
import { checkpointIdSchema } from './ids.js';
import { historySchema, stateUpdateSchema, threadCreateSchema, threadPatchSchema, threadSearchSchema, uuidSchema } from './schemas.js';
import type { Thread } from './thread-store.js';

/** The thread of the path (a UUID), or 404. */
export async function threadOr404(ctx: ServerContext, id: string | undefined): Promise<Thread> {
  const threadId = param(id, uuidSchema, 'thread_id');
  const thread = await ctx.threads.get(threadId);
  if (!thread) throw notFound(`Thread ${threadId}`);
  return thread;
}

/** The state of a thread that never ran: nothing checkpointed yet. */
function emptyState(threadId: string): ThreadStateSnapshot {
  return {
    values: {},
    next: [],
    tasks: [],
    checkpoint: { thread_id: threadId, checkpoint_ns: '', checkpoint_id: null, checkpoint_map: null },
    metadata: {},
    created_at: null,
    parent_checkpoint: null,
    interrupts: [],
  };
}

/** The workflow whose graph reads the thread's checkpoints (the one its runs used), if any. */
async function workflowOf(ctx: ServerContext, thread: Thread): Promise<string | undefined> {
  const graphId = thread.metadata.graph_id;
  if (typeof graphId !== 'string') return undefined;
  const found = await findAssistant(ctx.layout, graphId);
  if (!found) throw new HttpError(409, 'conflict', `The thread's graph "${graphId}" is not in the current release.`);
  return found.workflow.name;
}

/** Registers the thread routes: create, get, patch, delete, search, count, state (get, update), history. */
export function registerThreadRoutes(app: Hono, ctx: ServerContext): void {
  app.post('/threads', async (c) => {
    const request = await body(c, threadCreateSchema);
    const threadId = request.thread_id ?? randomUUID();
    const existing = await ctx.threads.get(threadId);
    if (existing) {
      if (request.if_exists === 'do_nothing') return c.json(existing);
      throw new HttpError(409, 'conflict', `Thread ${threadId} already exists.`);
    }
    const now = new Date().toISOString();
    const thread: Thread = {
      thread_id: threadId,
      created_at: now,
      updated_at: now,
      metadata: { ...(request.metadata ?? {}), ...(request.graph_id ? { graph_id: request.graph_id } : {}) },
      status: 'idle',
      values: null,
      interrupts: {},
      config: {},
    };
    return c.json(await ctx.threads.put(thread));
  });

  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  const search = async (request: {
    metadata?: Record<string, unknown> | null | undefined;
    values?: Record<string, unknown> | null | undefined;
    status?: string | null | undefined;
    ids?: string[] | null | undefined;
  }): Promise<Thread[]> =>
    (await ctx.threads.all()).filter((t) => {
      const values = (t.values ?? {}) as Record<string, unknown>;
      return (
        (!request.status || t.status === request.status) &&
        (!request.ids || request.ids.includes(t.thread_id)) &&
        Object.entries(request.metadata ?? {}).every(([k, v]) => same(t.metadata[k], v)) &&
        Object.entries(request.values ?? {}).every(([k, v]) => same(values[k], v))
      );
    });
  app.post('/threads/search', async (c) => {
    const request = await body(c, threadSearchSchema);
    const found = await search(request);
    if (request.sort_order === 'asc') found.reverse();
    const offset = request.offset ?? 0;
    return c.json(found.slice(offset, offset + (request.limit ?? 10)));
  });
  app.post('/threads/count', async (c) => c.json((await search(await body(c, threadSearchSchema))).length));

  app.get('/threads/:thread_id', async (c) => c.json(await threadOr404(ctx, c.req.param('thread_id'))));
  app.patch('/threads/:thread_id', async (c) => {
    const thread = await threadOr404(ctx, c.req.param('thread_id'));
    const request = await body(c, threadPatchSchema);
    return c.json(await ctx.threads.update(thread.thread_id, (t) => ({ metadata: { ...t.metadata, ...(request.metadata ?? {}) } })));
  });
  app.delete('/threads/:thread_id', async (c) => {
    const thread = await threadOr404(ctx, c.req.param('thread_id'));
    for (const run of ctx.runs.list(thread.thread_id, { limit: 1000 })) ctx.runs.cancel(run.run_id);
    await ctx.threads.delete(thread.thread_id);
    return c.body(null, 204);
  });

  const state = async (thread: Thread, checkpointId?: string): Promise<ThreadStateSnapshot> => {
    const workflow = await workflowOf(ctx, thread);
    if (!workflow) return emptyState(thread.thread_id);
    return (await ctx.runner.thread(workflow, { thread_id: thread.thread_id, action: 'get', ...(checkpointId ? { checkpoint_id: checkpointId } : {}) })) as ThreadStateSnapshot;
  };
  app.get('/threads/:thread_id/state', async (c) => c.json(await state(await threadOr404(ctx, c.req.param('thread_id')))));
  app.get('/threads/:thread_id/state/:checkpoint_id', async (c) => {
    const thread = await threadOr404(ctx, c.req.param('thread_id'));
    return c.json(await state(thread, param(c.req.param('checkpoint_id'), checkpointIdSchema, 'checkpoint_id')));
  });
  app.post('/threads/:thread_id/state/checkpoint', async (c) => {
    const thread = await threadOr404(ctx, c.req.param('thread_id'));
    const request = await body(c, historySchema);
    return c.json(await state(thread, request.checkpoint?.checkpoint_id ?? undefined));
  });
  app.post('/threads/:thread_id/state', async (c) => {
    const thread = await threadOr404(ctx, c.req.param('thread_id'));
    const request = await body(c, stateUpdateSchema);
    const workflow = await workflowOf(ctx, thread);
    if (!workflow) throw new HttpError(409, 'conflict', 'The thread has no graph yet: run it once (or create it with graph_id) before updating its state.');
    const written = await ctx.runner.thread(workflow, {
      thread_id: thread.thread_id,
      action: 'update',
      values: request.values,
      ...(request.as_node ? { as_node: request.as_node } : {}),
      ...(request.checkpoint_id ? { checkpoint_id: request.checkpoint_id } : {}),
    });
    const now = (await ctx.runner.thread(workflow, { thread_id: thread.thread_id, action: 'get' })) as ThreadStateSnapshot;
    await ctx.threads.update(thread.thread_id, () => ({ values: now.values }));
    return c.json(written);
  });
  const history = async (thread: Thread, limit: number): Promise<ThreadStateSnapshot[]> => {
    const workflow = await workflowOf(ctx, thread);
    if (!workflow) return [];
    return (await ctx.runner.thread(workflow, { thread_id: thread.thread_id, action: 'history', limit })) as ThreadStateSnapshot[];
  };
  app.post('/threads/:thread_id/history', async (c) => {
    const thread = await threadOr404(ctx, c.req.param('thread_id'));
    const request = await body(c, historySchema);
    return c.json(await history(thread, request.limit ?? 10));
  });
  app.get('/threads/:thread_id/history', async (c) => {
    const thread = await threadOr404(ctx, c.req.param('thread_id'));
    const limit = param(c.req.query('limit') ?? '10', z.coerce.number().int().min(1).max(1000), 'limit');
    return c.json(await history(thread, limit));
  });
}
