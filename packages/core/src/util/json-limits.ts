import { deployError } from '../errors/deploy-error.js';

/**
 * Size and nesting limits for JSON that arrives from a client (an MCP tool call, an HTTP body)
 * or from a file a deployment reads (agent configs, test cases), and the helpers that enforce
 * them without parsing first: a document nested deeper than Python's JSON decoder (or the
 * health check) can follow must fail where it enters, not after a release went live.
 */

/** Limits of one JSON document. */
export interface JsonLimits {
  /** Largest document, in bytes (UTF-8). */
  maxBytes: number;
  /** Deepest nesting of arrays and objects (`{}` is depth 1, `{"a": []}` depth 2). */
  maxDepth: number;
}

/**
 * Limits of every JSON file a deployment reads (agent configs, test cases, `langgraph.json`):
 * 16 MiB and 100 levels. Python's `json` module, which the runner and the health check use,
 * gives up near 1000 levels (`RecursionError`); 100 leaves room for the code that walks the value.
 */
export const FILE_JSON_LIMITS: Readonly<JsonLimits> = { maxBytes: 16 * 1024 * 1024, maxDepth: 100 };

/**
 * The deepest nesting of arrays and objects in `text` (0 for a scalar), found by one scan that
 * skips strings; it stops counting once `stopAt` is passed (the return value is then `stopAt + 1`).
 * Malformed JSON is not detected here (the parser reports it).
 */
export function jsonDepth(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * Why `text` breaks `limits` (`"… bytes is over the … byte limit"`), or null when it is within
 * them. Checked before parsing: neither a huge nor a deep document is ever handed to a parser.
 */
export function jsonLimitProblem(text: string, limits: Readonly<JsonLimits>): { kind: 'bytes' | 'depth'; actual: number; limit: number; message: string } | null {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) return { kind: 'bytes', actual: bytes, limit: limits.maxBytes, message: `${bytes} bytes is over the ${limits.maxBytes}-byte limit` };
  const depth = jsonDepth(text, limits.maxDepth);
  if (depth > limits.maxDepth) return { kind: 'depth', actual: depth, limit: limits.maxDepth, message: `it is nested more than ${limits.maxDepth} levels deep` };
  return null;
}

/**
 * Throws `REQUEST_TOO_LARGE` when `text` breaks `limits`; `what` names the document in the
 * message (`the tool call`, `the request body`).
 */
export function assertJsonWithinLimits(text: string, limits: Readonly<JsonLimits>, what: string): void {
  const problem = jsonLimitProblem(text, limits);
  if (!problem) return;
  throw deployError('REQUEST_TOO_LARGE', `${what} was refused: ${problem.message}. Send less (a path to a file instead of its content, fewer or smaller values).`, {
    details: { kind: problem.kind, actual: problem.actual, limit: problem.limit },
  });
}

/** What {@link boundJson} did to a value. */
export interface BoundedJson<T> {
  /** The value, cut to fit when it did not. */
  value: T;
  /** True when anything was cut. */
  truncated: boolean;
  /** Size of the value's JSON before cutting, in bytes. */
  originalBytes: number;
  /** Size after cutting, in bytes. */
  bytes: number;
}

const STRING_CAPS = [65_536, 16_384, 4096, 1024, 256, 64];
const ITEM_CAPS = [2000, 500, 100, 20, 5, 1];

/**
 * `value` made to fit in `maxBytes` of JSON: when it is larger, long strings are cut (ending in
 * `…[cut N characters]`), long arrays keep their first items and objects of more than 50 keys
 * their first entries, with tighter caps
 * until it fits. Types are kept (a string stays a string), so the result still matches the schema
 * the whole value matched, as long as the schema does not constrain lengths. Used for replies that
 * must stay below a client's buffer (MCP stdio clients read at most 10 MiB per message).
 */
export function boundJson<T>(value: T, maxBytes: number): BoundedJson<T> {
  const originalBytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (originalBytes <= maxBytes) return { value, truncated: false, originalBytes, bytes: originalBytes };
  let out: unknown = value;
  let bytes = originalBytes;
  for (let i = 0; i < STRING_CAPS.length && bytes > maxBytes; i++) {
    out = capDeep(value, STRING_CAPS[i] as number, ITEM_CAPS[i] as number, 0);
    bytes = Buffer.byteLength(JSON.stringify(out) ?? '', 'utf8');
  }
  return { value: out as T, truncated: true, originalBytes, bytes };
}

function capDeep(value: unknown, stringCap: number, itemCap: number, depth: number): unknown {
  if (typeof value === 'string') return value.length > stringCap ? `${value.slice(0, stringCap)}…[cut ${value.length - stringCap} characters]` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth > 64) return null;
  if (Array.isArray(value)) return value.slice(0, itemCap).map((item) => capDeep(item, stringCap, itemCap, depth + 1));
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const [key, item] of Object.entries(value)) {
    // Objects of a schema's own shape (far fewer than 50 keys) keep every field; maps are cut.
    if (kept++ >= Math.max(itemCap, 50)) break;
    out[key] = capDeep(item, stringCap, itemCap, depth + 1);
  }
  return out;
}
