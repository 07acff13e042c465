import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { ExecutionJournal } from '@exec-automator/executions';
import type { ServerContext } from './app.js';
import { findAssistant, type ResolvedAssistant } from './assistants.js';
import { body, HttpError, notFound, param } from './http-errors.js';
import type { Run } from './run-model.js';
import { workflowRefSchema } from './ids.js';
import { seedInvokeSchema, uuidSchema } from './schemas.js';

/** The seed's execution view of a run. */
function execution(run: Run, base: string): Record<string, unknown> {
  return {
    execution_id: run.run_id,
    workflow_id: run.metadata.workflow_id,
    thread_id: run.thread_id,
    status: run.status,
    release_id: run.metadata.release_id ?? null,
    created_at: run.created_at,
    updated_at: run.updated_at,
    status_url: `${base}/status/${run.run_id}`,
    cancel_url: `${base}/cancel/${run.run_id}`,
  };
}

/**
 * Registers the seed's routes over the same runs as the Agent Server API:
 * `POST /api/workflows/{id}/invoke`, `GET /api/workflows/{id}/status[/{execution_id}]`,
 * `POST /api/workflows/{id}/cancel/{execution_id}`. `{id}` is the seed's workflow id
 * (`resp_002` or `workflow_resp_002`), a workflow name or a graph id; the execution id is the run id.
 */
export function registerSeedRoutes(app: Hono, ctx: ServerContext): void {
  const workflowOr404 = async (given: string): Promise<ResolvedAssistant> => {
    const id = param(given, workflowRefSchema, 'workflow_id');
    const found = await findAssistant(ctx.layout, id);
    if (!found) throw notFound(`Workflow "${id}"`);
    return found;
  };
  const base = (id: string): string => `/api/workflows/${encodeURIComponent(id)}`;

  app.post('/api/workflows/:id/invoke', async (c) => {
    const id = c.req.param('id');
    const workflow = await workflowOr404(id);
    const request = await body(c, seedInvokeSchema);
    const resuming = Object.prototype.hasOwnProperty.call(request, 'resume');
    if (resuming && !request.thread_id) throw new HttpError(422, 'validation_error', 'thread_id: resuming needs the thread of the interrupted execution', 'thread_id');
    let thread = request.thread_id ? await ctx.threads.get(request.thread_id) : undefined;
    if (request.thread_id && !thread) throw notFound(`Thread ${request.thread_id}`);
    if (!thread) {
      // Each seed execution gets a thread, so an interrupted one can be resumed by its thread id.
      const now = new Date().toISOString();
      const threadId = randomUUID();
      thread = await ctx.threads.put({ thread_id: threadId, created_at: now, updated_at: now, metadata: { source: 'api/workflows' }, status: 'idle', values: null, interrupts: {}, config: {} });
    }
    const created = await ctx.runs.create(workflow, thread, {
      assistant_id: workflow.assistant.assistant_id,
      ...(resuming ? { command: { resume: request.resume } } : { input: request.input ?? {} }),
      ...(request.config ? { config: request.config } : {}),
      ...(request.context ? { context: request.context } : {}),
      multitask_strategy: 'reject',
    });
    if (request.wait === false) return c.json(execution(created.run, base(id)), 202);
    const output = await created.finished;
    return c.json({ ...execution(created.run, base(id)), output });
  });

  app.get('/api/workflows/:id/status', async (c) => {
    const id = c.req.param('id');
    const workflow = await workflowOr404(id);
    const recent = await new ExecutionJournal(ctx.layout).read({ workflow: workflow.workflow.name, limit: 20 }).catch(() => []);
    return c.json({
      workflow_id: workflow.workflow.workflowId,
      workflow: workflow.workflow.name,
      graph_id: workflow.assistant.graph_id,
      release_id: workflow.release.id,
      status: 'active',
      recent_executions: recent.map((r) => ({ execution_id: r.execution_id, status: r.status, started_at: r.started_at, duration_seconds: r.duration_seconds, release_id: r.release_id })),
    });
  });

  app.get('/api/workflows/:id/status/:execution_id', async (c) => {
    const id = c.req.param('id');
    await workflowOr404(id);
    const runId = param(c.req.param('execution_id'), uuidSchema, 'execution_id');
    const active = ctx.runs.get(runId);
    if (!active) throw notFound(`Execution ${runId}`);
    return c.json(execution(active.run, base(id)));
  });

  app.post('/api/workflows/:id/cancel/:execution_id', async (c) => {
    const id = c.req.param('id');
    await workflowOr404(id);
    const runId = param(c.req.param('execution_id'), uuidSchema, 'execution_id');
    const active = ctx.runs.get(runId);
    if (!active) throw notFound(`Execution ${runId}`);
    const cancelled = ctx.runs.cancel(runId);
    await active.finished;
    return c.json({ ...execution(active.run, base(id)), cancelled });
  });
}
