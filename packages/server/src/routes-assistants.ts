import type { Hono } from 'hono';
import type { ServerContext } from './app.js';
import { currentAssistants, findAssistant, type ResolvedAssistant } from './assistants.js';
import { body, notFound, param } from './http-errors.js';
import { workflowRefSchema } from './ids.js';
import { assistantSearchSchema } from './schemas.js';

/** The assistant named by the path, or 404. */
export async function assistantOr404(ctx: ServerContext, given: string): Promise<ResolvedAssistant> {
  const ref = param(given, workflowRefSchema, 'assistant_id');
  const found = await findAssistant(ctx.layout, ref);
  if (!found) throw notFound(`Assistant "${ref}"`);
  return found;
}

/** Registers `/assistants/search`, `/assistants/count`, `/assistants/{id}` and its `/graph` and `/schemas`. */
export function registerAssistantRoutes(app: Hono, ctx: ServerContext): void {
  app.post('/assistants/search', async (c) => {
    const query = await body(c, assistantSearchSchema);
    const matching = (await currentAssistants(ctx.layout))
      .map((a) => a.assistant)
      .filter((a) => (!query.graph_id || a.graph_id === query.graph_id) && (!query.name || a.name.includes(query.name)))
      .filter((a) => Object.entries(query.metadata ?? {}).every(([k, v]) => a.metadata[k] === v));
    const offset = query.offset ?? 0;
    return c.json(matching.slice(offset, offset + (query.limit ?? 10)));
  });
  app.post('/assistants/count', async (c) => {
    const query = await body(c, assistantSearchSchema);
    const all = (await currentAssistants(ctx.layout)).filter((a) => !query.graph_id || a.assistant.graph_id === query.graph_id);
    return c.json(all.length);
  });
  app.get('/assistants/:assistant_id', async (c) => c.json((await assistantOr404(ctx, c.req.param('assistant_id'))).assistant));
  app.get('/assistants/:assistant_id/graph', async (c) => {
    const found = await assistantOr404(ctx, c.req.param('assistant_id'));
    return c.json((await ctx.runner.describe(found.workflow.name)).graph);
  });
  app.get('/assistants/:assistant_id/schemas', async (c) => {
    const found = await assistantOr404(ctx, c.req.param('assistant_id'));
    const { schemas } = await ctx.runner.describe(found.workflow.name);
    return c.json({ graph_id: found.assistant.graph_id, ...schemas });
  });
}
