import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Review, ReviewAction, ReviewInbox } from '@exec-automator/executions';
import { requestKey, type ServerContext } from './app.js';
import { body, HttpError, param } from './http-errors.js';

/** `POST /api/reviews/{id}/approve|reject|edit`: the resume value over the default, who decides, a note. */
export const reviewDecisionSchema = z
  .object({
    payload: z.unknown().optional(),
    by: z.string().min(1).max(100).optional(),
    comment: z.string().max(2000).optional(),
  })
  .strict();

const STATUSES = ['pending', 'approved', 'rejected', 'edited', 'expired', 'resumed', 'all'] as const;
const listQuerySchema = z.object({ status: z.enum(STATUSES).optional(), workflow: z.string().min(1).optional() });
const reviewIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a review id (rev-…)');

/** Who made the request, for the audit trail: the API key's name (or id); without auth the body's `by`, else `anonymous`. */
async function decider(c: Context, ctx: ServerContext, claimed: string | undefined): Promise<string> {
  if (ctx.apiKeys === null) return claimed ?? 'anonymous';
  const key = requestKey(c.req.raw.headers);
  const info = key ? await ctx.apiKeys.identify(key) : undefined;
  const label = info ? (info.name ?? `key ${info.id}`) : 'unknown key';
  return claimed && claimed !== label ? `${claimed} (API key ${label})` : label;
}

/** The review as the API shows it, with the URLs of its actions. */
function view(review: Review): Record<string, unknown> {
  const base = `/api/reviews/${encodeURIComponent(review.review_id)}`;
  return { ...review, url: base, action_urls: Object.fromEntries(review.actions.map((a) => [a, `${base}/${a}`])) };
}

/**
 * Registers the human-review routes (what the console will use): `GET /api/reviews`
 * (`?status=pending` by default, `all`, or one status; `?workflow=`), `GET /api/reviews/{id}`,
 * `POST /api/reviews/{id}/approve|reject|edit` with `{payload?, by?, comment?}`. A decision
 * resumes the thread and answers once the resumed run ended. Errors: 404 `REVIEW_NOT_FOUND`,
 * 409 `REVIEW_ALREADY_DECIDED`, 422 naming the field.
 */
export function registerReviewRoutes(app: Hono, ctx: ServerContext, inbox: ReviewInbox): void {
  app.get('/api/reviews', async (c) => {
    const query = listQuerySchema.safeParse(c.req.query());
    if (!query.success) {
      const issue = query.error.issues[0];
      const field = issue?.path.map(String).join('.') || 'query';
      throw new HttpError(422, 'validation_error', `${field}: ${issue?.message ?? 'invalid'}`, field);
    }
    const status = query.data.status ?? 'pending';
    const reviews = (await inbox.list({ all: true })).filter(
      (r) => (status === 'all' || r.status === status) && (!query.data.workflow || r.workflow === query.data.workflow || r.workflow_id === query.data.workflow),
    );
    return c.json({ environment: ctx.layout.environment, reviews: reviews.map(view) });
  });

  app.get('/api/reviews/:id', async (c) => c.json(view(await inbox.store.get(param(c.req.param('id'), reviewIdSchema, 'id')))));

  for (const action of ['approve', 'reject', 'edit'] as const satisfies readonly ReviewAction[]) {
    app.post(`/api/reviews/:id/${action}`, async (c) => {
      const id = param(c.req.param('id'), reviewIdSchema, 'id');
      const request = await body(c, reviewDecisionSchema);
      const review = await inbox.decide(id, action, {
        by: await decider(c, ctx, request.by),
        via: 'api',
        comment: request.comment,
        ...(Object.prototype.hasOwnProperty.call(request, 'payload') ? { payload: request.payload } : {}),
      });
      return c.json(view(review));
    });
  }
}
