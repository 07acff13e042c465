import process from 'node:process';
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { type SerializedDeployError } from '@exec-automator/core';
import { jsonLimitProblem } from '@exec-automator/core/util';
import { ERROR_META_KEY } from './tool-result.js';

/** Size and nesting limits of the MCP server's messages (documented in docs/mcp.md). */
export interface McpLimits {
  /** Largest JSON-RPC message a client may send, in bytes. Default 4 MiB. */
  maxRequestBytes: number;
  /** Deepest nesting of a message (its envelope counts 3 levels: message, params, arguments). Default 64. */
  maxRequestDepth: number;
  /**
   * Largest reply, in bytes. Default 8 MiB: below the 10 MiB the official SDK's stdio client
   * buffers per message. Larger tool results are cut to fit, saying so.
   */
  maxReplyBytes: number;
}

/** The default {@link McpLimits}. */
export const DEFAULT_MCP_LIMITS: Readonly<McpLimits> = { maxRequestBytes: 4 * 1024 * 1024, maxRequestDepth: 64, maxReplyBytes: 8 * 1024 * 1024 };

/** Bytes kept of each end of an oversized message, to answer it by its id. */
const EDGE = 4096;

/**
 * MCP over stdin/stdout, like the SDK's `StdioServerTransport`, with limits: a message over
 * `maxRequestBytes` is never buffered whole (its bytes are dropped as they arrive) and one nested
 * deeper than `maxRequestDepth` is never parsed; either is answered with a `REQUEST_TOO_LARGE`
 * error for its id — a tool error for `tools/call`, a JSON-RPC error otherwise — and the server
 * keeps serving. (The SDK transport closes itself at 10 MiB, which ends the server.) A reply
 * over `maxReplyBytes` that got past the tools' own bounding is replaced by an error saying so.
 */
export class BoundedStdioServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #stdin: Readable;
  readonly #stdout: Writable;
  readonly #limits: McpLimits;
  #parts: Buffer[] = [];
  #size = 0;
  #head: Buffer | undefined; // set while dropping an oversized message
  #tail: Buffer = Buffer.alloc(0);
  #started = false;

  /**
   * @param limits - request and reply limits (default {@link DEFAULT_MCP_LIMITS})
   * @param stdin - where messages arrive (default `process.stdin`)
   * @param stdout - where replies go (default `process.stdout`)
   */
  constructor(limits: Partial<McpLimits> = {}, stdin: Readable = process.stdin, stdout: Writable = process.stdout) {
    this.#limits = { ...DEFAULT_MCP_LIMITS, ...limits };
    this.#stdin = stdin;
    this.#stdout = stdout;
  }

  readonly #onData = (chunk: Buffer): void => {
    try {
      this.#take(chunk);
    } catch (error) {
      this.onerror?.(error as Error);
    }
  };

  readonly #onError = (error: Error): void => {
    this.onerror?.(error);
  };

  readonly #onEnd = (): void => {
    void this.close();
  };

  /** Starts reading stdin. */
  async start(): Promise<void> {
    if (this.#started) throw new Error('BoundedStdioServerTransport already started');
    this.#started = true;
    this.#stdin.on('data', this.#onData);
    this.#stdin.on('error', this.#onError);
    this.#stdin.on('end', this.#onEnd);
  }

  /** Stops reading and reports the close. */
  async close(): Promise<void> {
    this.#stdin.off('data', this.#onData);
    this.#stdin.off('error', this.#onError);
    this.#stdin.off('end', this.#onEnd);
    if (this.#stdin.listenerCount('data') === 0) this.#stdin.pause();
    this.#parts = [];
    this.#size = 0;
    this.#head = undefined;
    this.onclose?.();
  }

  /** Writes one message (replaced by an error reply when over `maxReplyBytes`). */
  send(message: JSONRPCMessage): Promise<void> {
    let json = JSON.stringify(message);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > this.#limits.maxReplyBytes) json = JSON.stringify(this.#replyTooLarge(message, bytes));
    return new Promise((resolve) => {
      if (this.#stdout.write(`${json}\n`)) resolve();
      else this.#stdout.once('drain', resolve);
    });
  }

  #take(chunk: Buffer): void {
    let rest = chunk;
    for (;;) {
      const newline = rest.indexOf(0x0a);
      const piece = newline === -1 ? rest : rest.subarray(0, newline);
      if (this.#head) {
        this.#size += piece.length;
        this.#tail = Buffer.concat([this.#tail, piece]).subarray(-EDGE);
      } else {
        this.#parts.push(piece);
        this.#size += piece.length;
        if (this.#size > this.#limits.maxRequestBytes) {
          const all = Buffer.concat(this.#parts);
          this.#head = all.subarray(0, EDGE);
          this.#tail = Buffer.from(all.subarray(-EDGE));
          this.#parts = [];
        }
      }
      if (newline === -1) return;
      this.#endMessage();
      rest = rest.subarray(newline + 1);
    }
  }

  #endMessage(): void {
    const size = this.#size;
    const head = this.#head;
    const tail = this.#tail;
    const parts = this.#parts;
    this.#parts = [];
    this.#size = 0;
    this.#head = undefined;
    this.#tail = Buffer.alloc(0);
    if (head) {
      this.#refuse(head.toString('utf8'), tail.toString('utf8'), `${size} bytes is over the ${this.#limits.maxRequestBytes}-byte limit`, { kind: 'bytes', actual: size, limit: this.#limits.maxRequestBytes });
      return;
    }
    const line = Buffer.concat(parts).toString('utf8').replace(/\r$/, '');
    if (line.trim() === '') return;
    const problem = jsonLimitProblem(line, { maxBytes: this.#limits.maxRequestBytes, maxDepth: this.#limits.maxRequestDepth });
    if (problem) {
      this.#refuse(line.slice(0, EDGE), line.slice(-EDGE), problem.message, { kind: problem.kind, actual: problem.actual, limit: problem.limit });
      return;
    }
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(JSON.parse(line));
    } catch (error) {
      this.onerror?.(error as Error);
      void this.send({ jsonrpc: '2.0', id: null as unknown as string, error: { code: -32700, message: `Parse error: ${(error as Error).message.slice(0, 200)}` } } as JSONRPCMessage).catch(() => undefined);
      return;
    }
    this.onmessage?.(message);
  }

  #refuse(head: string, tail: string, why: string, details: Record<string, unknown>): void {
    const id = messageId(head, tail);
    const method = /"method"\s*:\s*"([^"\\]{1,100})"/.exec(head)?.[1];
    const error: SerializedDeployError = {
      code: 'REQUEST_TOO_LARGE',
      message: `The ${method ?? 'request'} message was refused: ${why} (limits: ${this.#limits.maxRequestBytes} bytes, ${this.#limits.maxRequestDepth} levels of nesting). Send less: a path to a file instead of its content, fewer or smaller values.`,
      details: { ...details, method: method ?? null },
    };
    this.onerror?.(new Error(error.message));
    if (id === undefined) return; // a notification: nothing to answer
    const reply =
      method === 'tools/call'
        ? { jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: `[${error.code}] ${error.message}` }], isError: true, _meta: { [ERROR_META_KEY]: error } } }
        : { jsonrpc: '2.0', id, error: { code: -32600, message: error.message, data: error } };
    void this.send(reply as JSONRPCMessage).catch(() => undefined);
  }

  #replyTooLarge(message: JSONRPCMessage, bytes: number): JSONRPCMessage {
    const id = 'id' in message ? message.id : undefined;
    const text = `The reply was ${bytes} bytes, over the ${this.#limits.maxReplyBytes}-byte limit of this server, and was not sent. Ask for less (a smaller limit, capture_logs: false).`;
    if (id === undefined) return { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'error', data: text } } as JSONRPCMessage;
    if ('result' in message) {
      const error: SerializedDeployError = { code: 'REQUEST_TOO_LARGE', message: text, details: { kind: 'reply-bytes', actual: bytes, limit: this.#limits.maxReplyBytes } };
      return { jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: `[${error.code}] ${text}` }], isError: true, _meta: { [ERROR_META_KEY]: error } } } as JSONRPCMessage;
    }
    return { jsonrpc: '2.0', id, error: { code: -32603, message: text } } as JSONRPCMessage;
  }
}

/** The JSON-RPC id of a message known only by its two ends (the official client writes `id` last). */
function messageId(head: string, tail: string): string | number | undefined {
  const value = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.){0,200}")\s*\}\s*$/.exec(tail)?.[1] ?? /^\s*\{(?:\s*"(?:jsonrpc|method)"\s*:\s*"[^"\\]*"\s*,)*\s*"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.){0,200}")/.exec(head)?.[1];
  if (value === undefined) return undefined;
  return JSON.parse(value) as string | number;
}
