import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertNotification, Notifier, NotifyResult } from '@exec-automator/core';

/** A real HTTP receiver on 127.0.0.1 that records every request body. */
export interface LoopbackReceiver {
  /** `http://127.0.0.1:<port>/hook`. */
  url: string;
  /** Bodies received, in order. */
  received: unknown[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts a {@link LoopbackReceiver}. */
export async function startReceiver(): Promise<LoopbackReceiver> {
  const received: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body || 'null'));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A tiny webhook notifier that POSTs the notification as JSON: a plugin like any host would
 * write, talking to a real server on the loopback interface.
 */
export function webhookNotifier(url: string, name = 'test-webhook'): Notifier {
  return {
    name,
    async notify(notification: AlertNotification): Promise<NotifyResult> {
      const started = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(notification) });
      return { notifier: name, ok: response.ok, attempts: 1, status: response.status, durationMs: performance.now() - started };
    },
  };
}
