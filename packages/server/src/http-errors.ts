import { isDeployError } from '@exec-automator/core';
import type { Context } from 'hono';
import type { ZodType } from 'zod';

/** An HTTP error with a JSON body: `{ "error": <code>, "message": …, "detail": … }`. */
export class HttpError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** Short machine-readable code (`not_found`, `validation_error`, …). */
  readonly code: string;
  /** The body field the error is about, when it is about one. */
  readonly field: string | undefined;

  /**
   * @param status - HTTP status
   * @param code - machine-readable code
   * @param message - what went wrong, for a person
   * @param field - the request field it is about
   */
  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** 404 for a missing resource. */
export function notFound(what: string): HttpError {
  return new HttpError(404, 'not_found', `${what} not found`);
}

/**
 * The request's JSON body checked against `schema`: a body that is not JSON is 400, one that
 * fails the schema 422 naming the field (`stream_mode: Invalid option…`).
 */
export async function body<T>(c: Context, schema: ZodType<T>, optional = false): Promise<T> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      throw new HttpError(400, 'bad_request', `The request body is not valid JSON: ${(error as Error).message}`);
    }
  } else if (!optional) {
    value = {};
  }
  const checked = schema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue?.path.map(String).join('.') || '(body)';
    throw new HttpError(422, 'validation_error', `${field}: ${issue?.message ?? 'invalid'}`, field);
  }
  return checked.data;
}

/** A path or query value checked against `schema` (422 naming `name`). */
export function param<T>(value: unknown, schema: ZodType<T>, name: string): T {
  const checked = schema.safeParse(value);
  if (!checked.success) throw new HttpError(422, 'validation_error', `${name}: ${checked.error.issues[0]?.message ?? 'invalid'}`, name);
  return checked.data;
}

/** The JSON error response of `error` (a DeployError keeps its code; anything else is a 500). */
export function errorResponse(c: Context, error: unknown, redact: (text: string) => string): Response {
  if (error instanceof HttpError) {
    return c.json({ error: error.code, message: error.message, detail: error.message, ...(error.field ? { field: error.field } : {}) }, error.status as 400);
  }
  if (isDeployError(error)) {
    const status = typeof error.details.status === 'number' ? error.details.status : error.code === 'NOT_DEPLOYED' ? 404 : error.code === 'INVALID_ARGUMENT' ? 422 : 500;
    const message = redact(error.message);
    const field = typeof error.details.field === 'string' ? { field: error.details.field } : {};
    return c.json({ error: status === 422 ? 'validation_error' : error.code, code: error.code, message, detail: message, ...field }, status as 400);
  }
  const message = redact(error instanceof Error ? error.message : String(error));
  return c.json({ error: 'internal_error', message, detail: message }, 500);
}
