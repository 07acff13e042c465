import { readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { deployError, EnvironmentLayout, type EnvironmentName, type EnvironmentSettings, type SecretsBackend } from '@exec-automator/core';
import { ApiKeys, type ReviewNotifierFactory, serverStateFile, type ServerStateFile, writeExecutionMetrics } from '@exec-automator/executions';
import { writeJsonAtomic } from '@exec-automator/core/util';
import { createApp } from './app.js';
import { resolveServerLimits, type ServerLimits } from './limits.js';
import { ReplyGuard } from './reply-guard.js';
import { RunManager } from './run-manager.js';
import { SecretValues } from './secret-values.js';
import { serverReviews } from './server-reviews.js';
import { ThreadStore } from './thread-store.js';

/** Options of {@link startServer}. */
export interface ServeOptions {
  /** Directory holding the environments. Default `./.exec-automator`. */
  root?: string;
  /** The environment whose current release is served. */
  environment: EnvironmentName;
  /** The environment's secrets backend (API key hashes, workflow secrets). */
  secrets: SecretsBackend;
  /** The environment's settings (MAX_CONCURRENT_WORKFLOWS, WORKFLOW_TIMEOUT_SECONDS, MAX_RETRIES). */
  settings: EnvironmentSettings;
  /** Address to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks a free one. Default 8123. */
  port?: number;
  /** Require API keys. Default true; false only in `dev` on a loopback address (`SERVE_REFUSED` otherwise). */
  auth?: boolean;
  /** Version reported by `/info`. */
  version?: string;
  /** Receives the workflows' log lines (secrets masked). */
  onLog?: (line: string) => void;
  /**
   * SIMULATION (not in production, `SERVE_REFUSED` there): runs may carry recorded chat-model
   * responses in `config.configurable.exec_automator_fake_responses`; no LLM is called for them
   * and their executions are recorded `simulated`. Default false.
   */
  simulate?: boolean;
  /**
   * Request and reply limits (default `DEFAULT_SERVER_LIMITS`: 4 MiB and 64 levels per request
   * body, 8 MiB per JSON reply or event); `INVALID_ARGUMENT` for a value that is not a positive integer.
   */
  limits?: Partial<ServerLimits>;
  /** Builds the notifiers that tell reviewers a run waits (the CLI passes the built-in channels); without it nobody is notified. */
  reviewNotifiers?: ReviewNotifierFactory;
  /** How often overdue reviews' timeout actions run, ms. Default 1000. */
  reviewSweepMs?: number;
}

/** A running server. */
export interface RunningServer {
  /** `http://host:port`. */
  url: string;
  /** The address it listens on. */
  host: string;
  /** The port it listens on. */
  port: number;
  /** Whether API keys are required. */
  auth: boolean;
  /** Whether runs may use recorded responses (simulation). */
  simulate: boolean;
  /** The request and reply limits in force. */
  limits: ServerLimits;
  /** The file that tells `status` about the server (`<env>/server.json`). */
  stateFile: string;
  /**
   * Stops accepting connections, lets runs in flight finish for up to `graceMs` (default 30 s),
   * cancels what is left, stops the workers and removes the state file.
   */
  close(graceMs?: number): Promise<{ drained: boolean }>;
}

/** How often at most the server rewrites `<env>/metrics/*.prom` from the executions journal. */
const METRICS_EVERY_MS = 2000;

/** True for 127.0.0.0/8, `::1` and `localhost`. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Starts the HTTP server for an environment's current release: the LangGraph Agent Server API
 * (so `new Client({ apiUrl, apiKey })` of `@langchain/langgraph-sdk` works), the seed's
 * `/api/workflows/…` routes, `/ok`, `/info`, `/metrics`. Runs execute on a pool of warm runner
 * workers of the release venv (`maxConcurrentWorkflows`), with the environment's checkpointer.
 * Throws `SERVE_REFUSED` for `auth: false` outside dev or off loopback, `SERVER_FAILED` when it
 * cannot listen.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const auth = options.auth ?? true;
  if (!auth && (options.environment !== 'dev' || !isLoopback(host))) {
    throw deployError('SERVE_REFUSED', `--no-auth is allowed only in dev on a loopback address (asked: ${options.environment} on ${host}). Create a key with \`exec-automator api-keys create --environment=${options.environment}\`.`, {
      details: { environment: options.environment, host },
    });
  }
  if (options.simulate && options.environment === 'production') {
    throw deployError('SERVE_REFUSED', '--simulate (fake chat models) is refused in production.', { details: { environment: options.environment } });
  }
  const limits = resolveServerLimits(options.limits);
  const layout = new EnvironmentLayout(options.root ?? '.exec-automator', options.environment);
  // The values the workflows are given (the secrets backend) and the process's secret-looking
  // variables, as the CLI and the MCP server mask them: known before the first request.
  const secretValues = new SecretValues(options.secrets);
  await secretValues.refresh();
  const { redactor } = secretValues;
  const threads = new ThreadStore(layout);
  // Known once listening: the review links of notifications use it.
  const listening: { url?: string } = {};
  const reviews = serverReviews({
    layout,
    settings: options.settings,
    secrets: options.secrets,
    threads,
    notifiers: options.reviewNotifiers,
    url: () => options.settings.serverUrl ?? listening.url,
    onWarning: options.onLog,
    runner: {
      root: layout.root,
      environment: options.environment,
      secrets: options.secrets,
      settings: options.settings,
      concurrency: options.settings.maxConcurrentWorkflows,
      // Rewriting the metrics files reads the whole journal: done at most every METRICS_EVERY_MS, not per run.
      writeMetrics: false,
      // Release files never change: each worker imports a workflow once.
      reuseModules: true,
      ...(options.onLog ? { onLog: (line: string) => options.onLog?.(redactor.redact(line)) } : {}),
    },
  });
  const runner = reviews.runner;
  let metricsTimer: NodeJS.Timeout | undefined;
  const writeMetrics = (): Promise<void> =>
    writeExecutionMetrics(layout).then(
      () => undefined,
      () => undefined,
    );
  const onFinished = (): void => {
    if (metricsTimer) return;
    metricsTimer = setTimeout(() => {
      metricsTimer = undefined;
      void writeMetrics();
    }, METRICS_EVERY_MS);
    metricsTimer.unref();
  };
  const runs = new RunManager({ layout, runner, threads, maxRetries: options.settings.maxRetries, simulation: options.simulate ?? false, onFinished });
  await runs.load();
  reviews.attach(runs);
  const app = createApp({
    layout,
    runner,
    runs,
    threads,
    apiKeys: auth ? new ApiKeys(options.secrets, options.environment) : null,
    redactor,
    guard: new ReplyGuard(redactor, limits.maxReplyBytes),
    limits,
    refreshSecrets: () => secretValues.refresh(),
    version: options.version ?? '0.0.0',
    reviews: reviews.inbox,
  });
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  // A run can take minutes: no request timeout; idle keep-alive connections still close.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(deployError('SERVER_FAILED', `Cannot listen on ${host}:${options.port ?? 8123}: ${error.code ?? error.message}`, { cause: error, details: { host, port: options.port ?? 8123 } }));
    };
    server.once('error', onError);
    server.listen(options.port ?? 8123, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  listening.url = url;
  reviews.start(options.reviewSweepMs);
  const stateFile = serverStateFile(layout);
  const state: ServerStateFile = { pid: process.pid, url, host, port: address.port, auth, simulate: options.simulate ?? false, started_at: new Date().toISOString() };
  await writeJsonAtomic(stateFile, state);
  let closing: Promise<{ drained: boolean }> | undefined;
  return {
    url,
    host,
    port: address.port,
    auth,
    simulate: options.simulate ?? false,
    limits,
    stateFile,
    close(graceMs = 30_000) {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const drained = await runs.drain(graceMs);
        await reviews.stop();
        await runner.close();
        if (metricsTimer) clearTimeout(metricsTimer);
        await writeMetrics();
        server.closeAllConnections();
        await stopped;
        // Another server of the environment may have written the file since: only remove our own.
        const current = await readFile(stateFile, 'utf8').then((text) => (JSON.parse(text) as ServerStateFile).pid, () => undefined);
        if (current === process.pid) await rm(stateFile, { force: true });
        return { drained };
      })();
      return closing;
    },
  };
}
