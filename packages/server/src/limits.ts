import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deployError } from '@exec-automator/core';
import { jsonLimitProblem } from '@exec-automator/core/util';

/** Size and nesting limits of the HTTP server's requests and replies (documented in docs/server.md). */
export interface ServerLimits {
  /**
   * Largest request body, in bytes. Default 4 MiB. Checked on `Content-Length` before anything is
   * read, and counted while a chunked body arrives (reading stops at the limit): `413`.
   */
  maxRequestBytes: number;
  /** Deepest nesting of arrays and objects in a JSON body. Default 64: `422` before it is parsed. */
  maxRequestDepth: number;
  /**
   * Largest JSON reply and largest server-sent event, in bytes. Default 8 MiB. A larger value
   * (run output, thread state, history, a `values` event) is cut to fit, saying so.
   */
  maxReplyBytes: number;
}

/** The default {@link ServerLimits}: the same values as the MCP server's. */
export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = { maxRequestBytes: 4 * 1024 * 1024, maxRequestDepth: 64, maxReplyBytes: 8 * 1024 * 1024 };

/** The smallest reply limit accepted: an error reply or a run object must always fit. */
const MIN_REPLY_BYTES = 4096;

/**
 * `limits` completed with the defaults and checked: every limit a positive integer (the reply
 * limit at least 4096 bytes), else `INVALID_ARGUMENT` naming it.
 */
export function resolveServerLimits(limits: Partial<ServerLimits> = {}): ServerLimits {
  const resolved = { ...DEFAULT_SERVER_LIMITS, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    const min = name === 'maxReplyBytes' ? MIN_REPLY_BYTES : 1;
    if (!Number.isSafeInteger(value) || value < min) {
      throw deployError('INVALID_ARGUMENT', `Expected \`${name}\` to be an integer from ${min} and up, got \`${String(value)}\`.`, { details: { field: name } });
    }
  }
  return resolved;
}

/** The error of a body that breaks a limit: `REQUEST_TOO_LARGE` with the HTTP status and the limits in its details. */
function tooLarge(status: 413 | 422, why: string, kind: string, actual: number | null, limits: ServerLimits) {
  return deployError(
    'REQUEST_TOO_LARGE',
    `The request body was refused: ${why} (limits: ${limits.maxRequestBytes} bytes, ${limits.maxRequestDepth} levels of nesting). Send less: fewer or smaller values.`,
    { details: { status, kind, actual, limit: kind === 'depth' ? limits.maxRequestDepth : limits.maxRequestBytes, field: '(body)' } },
  );
}

/**
 * Middleware that bounds every request body: over `maxRequestBytes` (by its `Content-Length`,
 * or counted as a chunked body arrives) is `413`, a JSON body nested deeper than
 * `maxRequestDepth` is `422`, both `REQUEST_TOO_LARGE` with the limit in the reply. The depth is
 * found by a scan of the text, before any parser sees it. The body stays readable by the route
 * (hono caches it).
 */
export function requestLimits(limits: ServerLimits): MiddlewareHandler[] {
  const size = bodyLimit({
    maxSize: limits.maxRequestBytes,
    onError: (c) => {
      const declared = Number.parseInt(c.req.header('content-length') ?? '', 10);
      // The rest of the body is never read: the connection is not reused (a kept-alive socket
      // with unread request bytes breaks the client's next request on it).
      c.header('Connection', 'close');
      const why = Number.isFinite(declared) ? `${declared} bytes is over the ${limits.maxRequestBytes}-byte limit` : `it is over the ${limits.maxRequestBytes}-byte limit`;
      throw tooLarge(413, why, 'bytes', Number.isFinite(declared) ? declared : null, limits);
    },
  });
  const depth: MiddlewareHandler = async (c, next) => {
    if (!c.req.raw.body) return next();
    const problem = jsonLimitProblem(await c.req.text(), { maxBytes: limits.maxRequestBytes, maxDepth: limits.maxRequestDepth });
    if (problem) throw tooLarge(problem.kind === 'depth' ? 422 : 413, problem.message, problem.kind, problem.actual, limits);
    return next();
  };
  return [size, depth];
}
