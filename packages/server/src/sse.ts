import type { RunEvent } from './run-stream.js';

/** Interval of the `: heartbeat` comments on an idle event stream (the SDK's idle watchdog reads them). */
export const HEARTBEAT_MS = 10_000;

/** One event in the SSE framing the LangGraph SDK parses. */
export function sseFrame(event: RunEvent | { id?: string; event: string; data: unknown }): string {
  const data = JSON.stringify(event.data ?? null);
  return `event: ${event.event}\ndata: ${data}\n${event.id ? `id: ${event.id}\n` : ''}\n`;
}

/**
 * A `text/event-stream` response of `events`, with a heartbeat comment while nothing happens.
 * `onDisconnect` runs when the client goes away before the end; `heartbeatMs` is the comment
 * interval (default {@link HEARTBEAT_MS}).
 */
export function sseResponse(events: AsyncGenerator<RunEvent>, headers: Record<string, string>, onDisconnect?: () => void, heartbeatMs: number = HEARTBEAT_MS): Response {
  const encoder = new TextEncoder();
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      timer = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(': heartbeat\n\n'));
      }, heartbeatMs);
      try {
        for await (const event of events) {
          if (closed) break;
          controller.enqueue(encoder.encode(sseFrame(event)));
        }
      } catch (error) {
        if (!closed) controller.enqueue(encoder.encode(sseFrame({ event: 'error', data: { error: 'StreamError', message: String(error) } })));
      } finally {
        clearInterval(timer);
        if (!closed) {
          closed = true;
          controller.close();
        }
      }
    },
    cancel() {
      closed = true;
      clearInterval(timer);
      void events.return(undefined);
      onDisconnect?.();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', ...headers },
  });
}

/**
 * A JSON response that writes a newline every second until `result` resolves (so proxies and
 * clients see a live connection during a long run), then the JSON: how the Agent Server answers
 * `/runs/wait`.
 */
export function waitResponse(result: Promise<unknown>, headers: Record<string, string>): Response {
  const encoder = new TextEncoder();
  let timer: NodeJS.Timeout | undefined;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      timer = setInterval(() => controller.enqueue(encoder.encode('\n')), 1000);
      try {
        const value = await result;
        controller.enqueue(encoder.encode(JSON.stringify(value ?? null)));
      } finally {
        clearInterval(timer);
        controller.close();
      }
    },
    cancel() {
      clearInterval(timer);
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json', ...headers } });
}
