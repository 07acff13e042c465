import { toDeployError, type SerializedDeployError } from '@exec-automator/core';

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
