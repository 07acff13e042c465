import { type SerializedDeployError, toDeployError } from '@exec-automator/core';
import { boundJson } from '@exec-automator/core/util';

/** The result shape of an MCP tool call (text for the model, structured data for programs). */
export interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** A successful tool result: `text` for the assistant, `data` validated against the output schema. */
export function ok(data: Record<string, unknown>, text: string): ToolResult {
  return { content: [{ type: 'text', text }], structuredContent: data };
}

/** The `_meta` key under which every tool error carries its serialized {@link SerializedDeployError}. */
export const ERROR_META_KEY = 'exec-automator/error';

/**
 * A tool error carrying our error code: the text starts with `[CODE]`, `_meta` holds the
 * serialized error under {@link ERROR_META_KEY}, and when the tool got far enough to produce its
 * output (`data`, e.g. a FAILED deployment's phases), the structured content is that output
 * plus `error` — clients validate structured content against the output schema, so it is only
 * sent when complete.
 */
export function failure(error: unknown, data?: Record<string, unknown>): ToolResult {
  const serialized: SerializedDeployError = isSerialized(error) ? error : toDeployError(error).toJSON();
  return {
    content: [{ type: 'text', text: `[${serialized.code}] ${serialized.message}` }],
    ...(data ? { structuredContent: { ...data, error: serialized } } : {}),
    _meta: { [ERROR_META_KEY]: serialized },
    isError: true,
  };
}

function isSerialized(value: unknown): value is SerializedDeployError {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** The `_meta` key of a reply that was cut to fit the reply limit: `{ original_bytes, bytes, limit }`. */
export const TRUNCATED_META_KEY = 'exec-automator/truncated';

/**
 * `result` cut to fit in `maxBytes` of JSON (long strings and lists shortened, see `boundJson`),
 * saying so: a last text item names the sizes, and `_meta` holds them under
 * {@link TRUNCATED_META_KEY}. A result that fits is returned as it is.
 */
export function boundResult(result: ToolResult, maxBytes: number): ToolResult {
  // Room for the JSON-RPC envelope and the notice itself.
  const bounded = boundJson(result, Math.max(1024, maxBytes - 2048));
  if (!bounded.truncated) return result;
  const info = { original_bytes: bounded.originalBytes, bytes: bounded.bytes, limit: maxBytes };
  const notice = `[reply truncated: the full result is ${bounded.originalBytes} bytes, over this server's ${maxBytes}-byte reply limit; long strings and lists were cut (marked "…[cut N characters]")]`;
  return {
    ...bounded.value,
    content: [...bounded.value.content, { type: 'text', text: notice }],
    _meta: { ...((bounded.value._meta as Record<string, unknown> | undefined) ?? {}), [TRUNCATED_META_KEY]: info },
  };
}
