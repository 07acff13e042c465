import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One request an HTTP receiver got. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** What a receiver answers: a status, optional headers and body, or `hang` (never answer). */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/** A real HTTP server on 127.0.0.1 recording JSON posts (Slack, PagerDuty and webhook stand-ins). */
export interface HttpReceiver {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Requests received, in order. */
  requests: ReceivedRequest[];
  /** Replies to give next, in order; when empty the default reply is used. */
  replies: Reply[];
  /** Requests whose path starts with `prefix`. */
  on(prefix: string): ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts an HTTP receiver; `defaultReply` answers when no queued reply is left (default 200 `ok`). */
export async function startHttpReceiver(defaultReply: Reply = { status: 200, body: 'ok' }): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const replies: Reply[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // not JSON: kept as text
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const reply = replies.shift() ?? defaultReply;
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    replies,
    on: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One message an SMTP receiver accepted. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  headers: Record<string, string>;
  text: string;
}

/** A real SMTP server (smtp-server) on 127.0.0.1, no TLS, no auth. */
export interface SmtpReceiver {
  port: number;
  messages: ReceivedMail[];
  /** SMTP replies to give to the next DATA commands (e.g. 451 temporary failure), in order. */
  failures: Array<{ code: number; message: string }>;
  close(): Promise<void>;
}

/** Decodes a quoted-printable body (nodemailer's encoding for long text lines). */
function decodeQuotedPrintable(text: string): string {
  return Buffer.from(
    text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
}

function parseMail(raw: string): Pick<ReceivedMail, 'subject' | 'headers' | 'text'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.slice(split + 4);
  const text = /quoted-printable/i.test(headers['content-transfer-encoding'] ?? '') ? decodeQuotedPrintable(body) : body;
  return { subject: headers.subject ?? '', headers, text: text.replace(/\r\n/g, '\n') };
}

/** Starts an SMTP receiver. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const failures: SmtpReceiver['failures'] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        const failure = failures.shift();
        if (failure) {
          const error = new Error(failure.message) as Error & { responseCode: number };
          error.responseCode = failure.code;
          callback(error);
          return;
        }
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          ...parseMail(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, failures, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
