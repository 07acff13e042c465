import { Hono } from 'hono';
import type { EnvironmentLayout } from '@exec-automator/core';
import { type ApiKeys, keyMatches, type ReviewInbox, type WorkflowRunner } from '@exec-automator/executions';
import type { Redactor } from '@exec-automator/core/secrets';
import { errorResponse, HttpError } from './http-errors.js';
import { requestLimits, type ServerLimits } from './limits.js';
import { serverMetrics } from './metrics.js';
import { registerAssistantRoutes } from './routes-assistants.js';
import { registerReviewRoutes } from './routes-reviews.js';
import { registerRunRoutes } from './routes-runs.js';
import { registerSeedRoutes } from './routes-seed.js';
import { registerThreadRoutes } from './routes-threads.js';
import type { ReplyGuard } from './reply-guard.js';
import type { RunManager } from './run-manager.js';
import type { ThreadStore } from './thread-store.js';

/** What the routes share. */
export interface ServerContext {
  /** The environment served. */
  layout: EnvironmentLayout;
  /** Executes runs and reads thread state (the worker pool). */
  runner: WorkflowRunner;
  /** Runs. */
  runs: RunManager;
  /** Threads. */
  threads: ThreadStore;
  /** The environment's API keys; `null` serves without auth (`--no-auth`, dev on loopback only). */
  apiKeys: ApiKeys | null;
  /** Masks the environment's secret values (the one {@link ServerContext.guard} uses). */
  redactor: Redactor;
  /** Masks and bounds every reply, event and error leaving the server. */
  guard: ReplyGuard;
  /** Request and reply limits in force. */
  limits: ServerLimits;
  /** Reads secret values set since the server started into the redactor (throttled); called before each request is handled. */
  refreshSecrets?: () => Promise<void>;
  /** exec-automator's version (for `/info`). */
  version: string;
  /** The human-review inbox (`/api/reviews`); without it the routes are absent. */
  reviews?: ReviewInbox;
}

/** How long the valid key hashes are cached: a revoked key stops working within this time. */
const KEY_CACHE_MS = 2000;
/** At most this often is the key store read again for an unknown key. */
const RELOAD_MS = 250;

/** The request's API key: `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function requestKey(headers: Headers): string | undefined {
  const header = headers.get('x-api-key');
  if (header) return header.trim();
  const authorization = headers.get('authorization');
  const match = authorization ? /^Bearer\s+(.+)$/i.exec(authorization.trim()) : null;
  return match?.[1]?.trim();
}

/**
 * The HTTP application: the LangGraph Agent Server API (assistants, threads, runs), the seed's
 * `/api/workflows/…` routes, `/ok`, `/info` and `/metrics`. Every route but `/ok` needs a valid
 * API key unless `ctx.apiKeys` is null.
 */
export function createApp(ctx: ServerContext): Hono {
  const app = new Hono();
  let cached: { at: number; hashes: string[] } | undefined;
  const load = async (): Promise<string[]> => {
    cached = { at: Date.now(), hashes: (await ctx.apiKeys?.validHashes()) ?? [] };
    return cached.hashes;
  };
  // A known key is accepted from the cache (a revoked one stops working within KEY_CACHE_MS);
  // an unknown one makes the store be read again, at most every RELOAD_MS, so a key created a
  // moment ago works at once and a flood of bad keys cannot make the server read it constantly.
  const valid = async (key: string): Promise<boolean> => {
    if (!cached || Date.now() - cached.at >= KEY_CACHE_MS) await load();
    if (keyMatches(key, cached?.hashes ?? [])) return true;
    if (cached && Date.now() - cached.at < RELOAD_MS) return false;
    return keyMatches(key, await load());
  };

  app.onError((error, c) => errorResponse(c, error, (text) => ctx.redactor.redact(text)));
  app.notFound((c) => c.json({ error: 'not_found', message: `No route ${c.req.method} ${c.req.path}`, detail: 'Not Found' }, 404));

  // Outermost: every reply below it (errors, 404s, 413s included) is masked and bounded.
  app.use('*', ctx.guard.middleware());
  app.get('/ok', (c) => c.json({ ok: true }));
  app.use('*', async (c, next) => {
    if (ctx.apiKeys === null) return next();
    const key = requestKey(c.req.raw.headers);
    if (!key || !(await valid(key))) {
      throw new HttpError(401, 'unauthorized', key ? 'The API key is not valid (unknown or revoked).' : 'An API key is required: send "Authorization: Bearer <key>" or "x-api-key: <key>".');
    }
    return next();
  });
  // After the key check: a client without a key never makes the server read its body.
  app.use('*', ...requestLimits(ctx.limits));
  app.use('*', async (_c, next) => {
    await ctx.refreshSecrets?.();
    return next();
  });

  app.get('/info', (c) =>
    c.json({
      version: ctx.version,
      langgraph_js_version: null,
      flags: { assistants: true, crons: false, langsmith: false, langsmith_tracing_replicas: false },
      metadata: { server: 'exec-automator', environment: ctx.layout.environment },
    }),
  );
  app.get('/metrics', (c) => {
    c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    return c.body(serverMetrics(ctx.layout.environment, ctx.runs.stats, ctx.runner.pool));
  });
  registerAssistantRoutes(app, ctx);
  registerThreadRoutes(app, ctx);
  registerRunRoutes(app, ctx);
  registerSeedRoutes(app, ctx);
  if (ctx.reviews) registerReviewRoutes(app, ctx, ctx.reviews);
  return app;
}
