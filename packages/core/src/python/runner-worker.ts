import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import { DeployError, deployError } from '../errors/deploy-error.js';
import { trackChildGroup, untrackChildGroup } from './child-groups.js';
import { killGroup } from './process.js';
import { inheritedEnv } from './process-env.js';
import type { RunnerErrorInfo, RunnerOp, RunnerOps, RunnerStreamChunk } from './runner-protocol.js';

const RUNNER_FILE = path.join('python', 'exec_automator_runner.py');

/**
 * Path of the bundled runner script. Found by walking up from this module, so it works from
 * `src/` in tests and from the bundled `dist/` of the published package.
 */
export function runnerScriptPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, RUNNER_FILE);
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw deployError('INTERNAL', `The bundled Python runner (${RUNNER_FILE}) is missing from the @exec-automator/core package.`);
}

let version: string | undefined;

/**
 * A hash of the bundled runner's source (every `.py` file of the runner package): part of the
 * key of every cached check result, so a new runner reruns every check.
 */
export function runnerVersion(): string {
  if (version) return version;
  const dir = path.join(path.dirname(runnerScriptPath()), 'exec_automator_runner');
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.py')).sort()) {
    hash.update(`${name}\0`).update(readFileSync(path.join(dir, name))).update('\0');
  }
  version = hash.digest('hex').slice(0, 16);
  return version;
}

/** Options of {@link RunnerWorker}. */
export interface RunnerWorkerOptions {
  /** Interpreter that runs the worker (a venv's `bin/python` for graph ops). */
  python: string;
  /**
   * Environment of the worker process (secrets reach workflows only this way). Default: only
   * what {@link inheritedEnv} lets through, never this process's whole environment.
   */
  env?: NodeJS.ProcessEnv;
  /** Working directory. */
  cwd?: string;
  /** Called with each line the worker writes to stderr (workflow prints and logs). */
  onStderr?: (line: string) => void;
  /** Time limit for the worker to start. Default 30 s. */
  startTimeoutMs?: number;
  /** Called each time a runner process is started (the first request, and after a kill). */
  onStart?: (info: { python: string; pid: number | undefined }) => void;
}

/** Per-request options. */
export interface RequestOptions {
  /** Kill the worker if no answer within this time (`RUNNER_TIMEOUT`). Default 120 s. */
  timeoutMs?: number;
  /** Cancellation: kills the worker. */
  signal?: AbortSignal;
  /**
   * Environment variables set for this request only (restored after it): one warm worker serves
   * phases whose workflows need different settings.
   */
  env?: Readonly<Record<string, string>>;
  /**
   * Receives the chunks an op streams before its reply (an `invoke` with `stream_mode`), in
   * order; the request resolves with the reply after the last one.
   */
  onStream?: (chunk: RunnerStreamChunk) => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: DeployError) => void;
  stream?: ((chunk: RunnerStreamChunk) => void) | undefined;
}

/**
 * A long-lived Python runner process answering JSON-line requests one at a time. A request that
 * times out kills the worker's whole process group (nothing is left behind); the next request
 * starts a fresh worker.
 */
export class RunnerWorker {
  readonly #options: RunnerWorkerOptions;
  #child: ChildProcessWithoutNullStreams | undefined;
  #ready: Promise<void> | undefined;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #queue: Promise<unknown> = Promise.resolve();
  #stderrTail: string[] = [];
  #closed = false;

  /** @param options - interpreter, environment, stderr sink */
  constructor(options: RunnerWorkerOptions) {
    this.#options = options;
  }

  /** True once {@link RunnerWorker.close} was called: the worker answers no more requests. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Process id of the running worker, if started. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /**
   * Sends one request and resolves with its result. Requests are serialized: the runner
   * handles one at a time.
   */
  request<K extends RunnerOp>(op: K, params: RunnerOps[K]['params'], options: RequestOptions = {}): Promise<RunnerOps[K]['result']> {
    const run = this.#queue.then(() => this.#send(op, params, options));
    this.#queue = run.catch(() => undefined);
    return run as Promise<RunnerOps[K]['result']>;
  }

  /** Stops the worker: closes stdin, then kills the group if it has not exited within 2 s. */
  async close(): Promise<void> {
    this.#closed = true;
    const child = this.#child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        killGroup(child);
      }, 2000);
      child.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      child.stdin.end();
    });
    this.#child = undefined;
  }

  async #send(op: string, params: unknown, options: RequestOptions): Promise<unknown> {
    if (this.#closed) throw deployError('INTERNAL', 'The runner worker was closed.');
    if (options.signal?.aborted) throw deployError('ABORTED', `Cancelled before runner op ${op}.`);
    await this.#start();
    const child = this.#child;
    if (!child) throw deployError('RUNNER_FAILED', 'The runner worker is not running.');
    const id = this.#nextId++;
    const timeoutMs = options.timeoutMs ?? 120_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        this.#kill();
        reject(
          deployError('RUNNER_TIMEOUT', `Runner op ${op} did not finish within ${Math.round(timeoutMs / 1000)} s; the worker was killed.`, {
            details: { op, timeoutMs },
          }),
        );
      }, timeoutMs);
      const onAbort = (): void => {
        this.#pending.delete(id);
        clearTimeout(timer);
        this.#kill();
        reject(deployError('ABORTED', `Runner op ${op} was cancelled.`));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (fn: () => void): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      this.#pending.set(id, {
        resolve: (value) => settle(() => resolve(value)),
        reject: (error) => settle(() => reject(error)),
        stream: options.onStream,
      });
      child.stdin.write(`${JSON.stringify(options.env ? { id, op, params, env: options.env } : { id, op, params })}\n`);
    });
  }

  #start(): Promise<void> {
    if (this.#child && this.#ready) return this.#ready;
    // `--parent`: the runner ends its whole group when this process dies (see parent_watch.py).
    const child = spawn(this.#options.python, ['-u', runnerScriptPath(), 'serve', '--parent', String(process.pid)], {
      cwd: this.#options.cwd,
      env: { ...(this.#options.env ?? inheritedEnv()), PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    trackChildGroup(child.pid);
    this.#child = child;
    this.#stderrTail = [];
    this.#options.onStart?.({ python: this.#options.python, pid: child.pid });
    // Each process gets its own pending map: a killed worker's late 'close' must not fail the
    // requests of the worker that replaced it.
    const pending = new Map<number, Pending>();
    this.#pending = pending;
    this.#ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#kill();
        reject(deployError('RUNNER_FAILED', `The Python runner did not start within ${(this.#options.startTimeoutMs ?? 30_000) / 1000} s.`));
      }, this.#options.startTimeoutMs ?? 30_000);
      pending.set(0, {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
    // One decoder per stream: a multi-byte character split across chunks stays whole.
    const outDecoder = new StringDecoder('utf8');
    const errDecoder = new StringDecoder('utf8');
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += outDecoder.write(chunk);
      let index = buffer.indexOf('\n');
      while (index !== -1) {
        this.#onLine(pending, buffer.slice(0, index));
        buffer = buffer.slice(index + 1);
        index = buffer.indexOf('\n');
      }
    });
    let errBuffer = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errBuffer += errDecoder.write(chunk);
      let index = errBuffer.indexOf('\n');
      while (index !== -1) {
        const line = errBuffer.slice(0, index);
        errBuffer = errBuffer.slice(index + 1);
        this.#stderrTail.push(line);
        if (this.#stderrTail.length > 40) this.#stderrTail.shift();
        this.#options.onStderr?.(line);
        index = errBuffer.indexOf('\n');
      }
    });
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => failAll(pending, deployError('RUNNER_FAILED', `Cannot start ${this.#options.python}: ${error.message}`, { cause: error })));
    child.on('close', (code, signal) => {
      untrackChildGroup(child.pid);
      if (this.#child === child) {
        this.#child = undefined;
        this.#ready = undefined;
      }
      const tail = this.#stderrTail.slice(-10).join('\n');
      failAll(
        pending,
        deployError('RUNNER_FAILED', `The Python runner exited (${signal ?? `code ${code}`}).${tail ? `\n${tail}` : ''}`, {
          details: { exitCode: code, signal },
        }),
      );
    });
    return this.#ready;
  }

  #onLine(pendingMap: Map<number, Pending>, line: string): void {
    if (line.trim() === '') return;
    let message: { id: number; ok: boolean; result?: unknown; error?: RunnerErrorInfo; stream?: RunnerStreamChunk };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      this.#options.onStderr?.(line);
      return;
    }
    const pending = pendingMap.get(message.id);
    if (!pending) return;
    if (message.stream !== undefined) {
      try {
        pending.stream?.(message.stream);
      } catch {
        // A listener's failure must not break the protocol stream.
      }
      return;
    }
    pendingMap.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(runnerError(message.error));
  }

  #kill(): void {
    const child = this.#child;
    if (!child) return;
    this.#child = undefined;
    this.#ready = undefined;
    killGroup(child);
  }

}

function failAll(pending: Map<number, Pending>, error: DeployError): void {
  const all = [...pending.values()];
  pending.clear();
  for (const p of all) p.reject(error);
}

/** Runner error codes that mean "the workflow's graph is broken", not "the runner is". */
const GRAPH_CODES = new Set(['GRAPH_REF_INVALID', 'GRAPH_LOAD_FAILED', 'GRAPH_NOT_FOUND', 'GRAPH_COMPILE_FAILED']);

function runnerError(info: RunnerErrorInfo | undefined): DeployError {
  if (!info) return deployError('RUNNER_FAILED', 'The runner answered with an error and no details.');
  const where = info.file ? ` (${path.basename(info.file)}${info.line ? `:${info.line}` : ''})` : '';
  return deployError(GRAPH_CODES.has(info.code) ? 'GRAPH_LOAD_FAILED' : 'RUNNER_FAILED', `${info.message}${where}`, {
    details: { runnerCode: info.code, type: info.type, file: info.file, line: info.line },
  });
}
