import type { MiddlewareHandler } from 'hono';
import type { Redactor } from '@exec-automator/core/secrets';
import { boundJson } from '@exec-automator/core/util';
import type { RunEvent } from './run-stream.js';

/**
 * The key a cut JSON object reply (or event payload) carries: `{ original_bytes, bytes, limit }`.
 * Named like the Agent Server's own `__error__` and `__interrupt__` keys of run values.
 */
export const TRUNCATED_KEY = '__truncated__';

/** The header of a JSON reply that was cut to fit the reply limit: `original_bytes=…; bytes=…; limit=…`. */
export const TRUNCATED_HEADER = 'X-Exec-Automator-Truncated';

/** Marks a response whose body was guarded where it was made (streams): the middleware leaves it alone. */
const GUARDED_HEADER = 'x-exec-automator-guarded';

/** What was cut off a reply. */
export interface Truncation {
  /** Size of the reply's JSON before cutting, in bytes. */
  original_bytes: number;
  /** Size after cutting, in bytes. */
  bytes: number;
  /** The reply limit in force. */
  limit: number;
}

/** Room kept below the limit for the truncation marker itself. */
const MARKER_ROOM = 512;

/**
 * What every value leaving the server goes through: secret values masked (the redactor the
 * server primed with the environment's secrets), then cut to `maxReplyBytes` of JSON with
 * `boundJson` (long strings end in `…[cut N characters]`, long lists keep their first items),
 * saying so: a cut object gets {@link TRUNCATED_KEY}, a cut reply the {@link TRUNCATED_HEADER}.
 */
export class ReplyGuard {
  readonly #redactor: Redactor;
  readonly #maxBytes: number;

  /**
   * @param redactor - masks the environment's secret values
   * @param maxReplyBytes - largest JSON reply or event payload, in bytes
   */
  constructor(redactor: Redactor, maxReplyBytes: number) {
    this.#redactor = redactor;
    this.#maxBytes = maxReplyBytes;
  }

  /** The reply limit, in bytes. */
  get maxReplyBytes(): number {
    return this.#maxBytes;
  }

  /** `text` with the secret values masked. */
  text(text: string): string {
    return this.#redactor.redact(text);
  }

  /** `value` masked and bounded; `truncation` says what was cut (null when nothing was). */
  value<T>(value: T): { value: T; truncation: Truncation | null } {
    const masked = this.#redactor.redactDeep(value);
    const bounded = boundJson(masked, Math.max(1024, this.#maxBytes - MARKER_ROOM));
    if (!bounded.truncated) return { value: masked, truncation: null };
    const truncation: Truncation = { original_bytes: bounded.originalBytes, bytes: bounded.bytes, limit: this.#maxBytes };
    const out = bounded.value;
    if (out !== null && typeof out === 'object' && !Array.isArray(out)) return { value: { ...out, [TRUNCATED_KEY]: truncation } as T, truncation };
    return { value: out, truncation };
  }

  /** The events of a run stream with each payload masked and bounded. */
  async *events(events: AsyncGenerator<RunEvent>): AsyncGenerator<RunEvent> {
    try {
      for await (const event of events) yield { ...event, data: this.value(event.data).value };
    } catch (error) {
      // The stream's error event carries this message.
      throw new Error(this.text(error instanceof Error ? error.message : String(error)));
    } finally {
      await events.return(undefined);
    }
  }

  /** Marks `response` as guarded where it was made (a stream): the middleware passes it through. */
  guarded(response: Response): Response {
    response.headers.set(GUARDED_HEADER, '1');
    return response;
  }

  /**
   * Middleware that puts every JSON reply (errors and 404s included) through {@link value}; a
   * stream marked with {@link guarded} was already guarded event by event.
   */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      await next();
      const response = c.res;
      if (response.headers.has(GUARDED_HEADER)) {
        response.headers.delete(GUARDED_HEADER);
        return;
      }
      if (!(response.headers.get('content-type') ?? '').includes('application/json') || response.body === null) return;
      const text = await response.text();
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      let body: string;
      try {
        const { value, truncation } = this.value(JSON.parse(text) as unknown);
        if (truncation) headers.set(TRUNCATED_HEADER, `original_bytes=${truncation.original_bytes}; bytes=${truncation.bytes}; limit=${truncation.limit}`);
        body = JSON.stringify(value);
      } catch {
        // Not JSON after all: masked as text.
        body = this.text(text);
      }
      // Replaced, not assigned over: hono's setter would carry the old Content-Length over.
      c.res = undefined;
      c.res = new Response(body, { status: response.status, statusText: response.statusText, headers });
    };
  }
}
