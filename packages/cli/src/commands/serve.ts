import type { Command } from 'commander';
import { deployError } from '@exec-automator/core';
import { DEFAULT_SERVER_LIMITS, startServer } from '@exec-automator/server';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { withExamples } from '../help-examples.js';
import { reviewNotifiers } from '../review-runtime.js';
import { VERSION } from '../version.js';
import { environmentOptions, progressOptions } from './common.js';

interface ServeCliOptions extends CommonOptions {
  host: string;
  port: string;
  auth: boolean;
  grace: string;
  simulate?: boolean;
  maxBodyBytes: string;
  maxBodyDepth: string;
  maxReplyBytes: string;
}

/** A positive integer option, else `INVALID_ARGUMENT` naming the flag. */
function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw deployError('INVALID_ARGUMENT', `${flag} must be a positive integer, got "${value}".`);
  return n;
}

/** Registers `serve`: the environment's current release as a LangGraph-compatible HTTP API until stopped. */
export function registerServe(program: Command): void {
  const command = progressOptions(
    environmentOptions(
      program
        .command('serve')
        .description("Serve the environment's current release over HTTP: the LangGraph Agent Server API (the official SDK's Client works), the /api/workflows/{id}/invoke, status and cancel routes and the human-review inbox (/api/reviews; overdue reviews take their timeout action while it runs), until SIGTERM/SIGINT.")
        .option('--host <address>', 'address to listen on', '127.0.0.1')
        .option('--port <port>', 'port to listen on (0: a free one)', '8123')
        .option('--no-auth', 'serve without API keys (only in dev on a loopback address)')
        .option('--grace <seconds>', 'on SIGTERM/SIGINT, how long runs in flight may finish', '30')
        .option('--max-body-bytes <bytes>', 'largest request body (413 over it)', String(DEFAULT_SERVER_LIMITS.maxRequestBytes))
        .option('--max-body-depth <levels>', 'deepest nesting of a JSON request body (422 over it)', String(DEFAULT_SERVER_LIMITS.maxRequestDepth))
        .option('--max-reply-bytes <bytes>', 'largest JSON reply or streamed event; larger ones are cut to fit, saying so', String(DEFAULT_SERVER_LIMITS.maxReplyBytes))
        .option('--simulate', 'SIMULATION ONLY (not in production): runs may carry recorded chat-model responses in config.configurable.exec_automator_fake_responses; no LLM is called for them, their executions are marked simulated'),
    ),
    { verbose: false },
  );
  withExamples(command, [
    { description: 'serve production on all interfaces, port 8123', command: 'exec-automator serve --environment=production --host 0.0.0.0' },
    { description: 'try it locally without keys', command: 'exec-automator serve --environment=dev --no-auth --port 2025' },
  ]);
  command.action(async (options: ServeCliOptions) => {
    const environment = parseEnvironment(options.environment);
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw deployError('INVALID_ARGUMENT', `--port must be a port number from 0 to 65535, got "${options.port}".`);
    const grace = Number(options.grace);
    if (!(grace >= 0)) throw deployError('INVALID_ARGUMENT', `--grace must be a number of seconds, got "${options.grace}".`);
    const limits = {
      maxRequestBytes: positiveInteger(options.maxBodyBytes, '--max-body-bytes'),
      maxRequestDepth: positiveInteger(options.maxBodyDepth, '--max-body-depth'),
      maxReplyBytes: positiveInteger(options.maxReplyBytes, '--max-reply-bytes'),
    };
    const deployer = await createDeployer(options);
    const quiet = options.quiet ?? false;
    const server = await startServer({
      root: deployer.root,
      environment,
      secrets: deployer.secretsBackend(environment),
      settings: deployer.settings(environment),
      host: options.host,
      port,
      auth: options.auth,
      simulate: options.simulate ?? false,
      limits,
      version: VERSION,
      reviewNotifiers: reviewNotifiers(deployer, environment),
      ...(quiet ? {} : { onLog: (line: string) => process.stderr.write(`  ${line}\n`) }),
    });
    const settings = deployer.settings(environment);
    process.stderr.write(
      `Serving ${environment} on ${server.url} (pid ${process.pid}; ${settings.maxConcurrentWorkflows} workers at most, runs time out after ${settings.workflowTimeoutSeconds} s)\n` +
        (server.simulate ? 'SIMULATION: runs may replace chat models with recorded responses (config.configurable.exec_automator_fake_responses).\n' : '') +
        (server.auth ? 'API keys required: send "Authorization: Bearer <key>" or "x-api-key: <key>" (create one with `exec-automator api-keys create`).\n' : 'WARNING: serving WITHOUT authentication (--no-auth): anyone who can reach this address can run the workflows.\n'),
    );
    // One line on stdout that a supervisor or a test can read.
    process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid, environment, auth: server.auth })}\n`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string): void => {
        process.stderr.write(`${signal}: no new connections; letting runs in flight finish (up to ${grace} s)…\n`);
        void server.close(grace * 1000).then(({ drained }) => {
          if (!drained) process.stderr.write('Runs still in flight were cancelled.\n');
          resolve();
        });
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
  });
}
