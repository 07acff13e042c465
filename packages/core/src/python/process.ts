import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import { deployError } from '../errors/deploy-error.js';
import { trackChildGroup, untrackChildGroup } from './child-groups.js';

/** Path of the bundled installer guard, found like the runner script (from `src/` or `dist/`). */
export function guardScriptPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'python', 'exec_automator_guard.py');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw deployError('INTERNAL', 'The bundled installer guard (python/exec_automator_guard.py) is missing from the @exec-automator/core package.');
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** Working directory. */
  cwd?: string;
  /** Environment of the child. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Text written to the child's stdin. */
  input?: string;
  /** Kill the process group after this many milliseconds. Default: no limit. */
  timeoutMs?: number;
  /** Kill the process group when aborted. */
  signal?: AbortSignal;
  /** Called for each line the child writes to stdout or stderr. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /**
   * A Python interpreter to run the command under the bundled guard
   * (`exec_automator_guard.py`), which ends the command's process group when this process dies,
   * even by SIGKILL. Default: no guard (short commands).
   */
  guardPython?: string;
}

/** What a finished command returned. */
export interface CommandResult {
  /** Exit code; null when killed by a signal. */
  code: number | null;
  /** Everything written to stdout. */
  stdout: string;
  /** Everything written to stderr. */
  stderr: string;
  /** True when the time limit killed it. */
  timedOut: boolean;
}

/**
 * Kills a child's whole process group (children were started detached, so they lead their
 * own group): nothing the child started is left behind.
 */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function splitLines(onLine: (line: string) => void): (chunk: Buffer) => void {
  let rest = '';
  const decoder = new StringDecoder('utf8');
  return (chunk) => {
    rest += decoder.write(chunk);
    let index = rest.indexOf('\n');
    while (index !== -1) {
      onLine(rest.slice(0, index).replace(/\r$/, ''));
      rest = rest.slice(index + 1);
      index = rest.indexOf('\n');
    }
  };
}

/**
 * Runs a command to completion in its own process group. Rejects only when it cannot be
 * started; a non-zero exit is reported in the result.
 */
export function runCommand(command: string, args: readonly string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(deployError('ABORTED', `Cancelled before running ${command}.`));
      return;
    }
    const [file, argv] = options.guardPython ? [options.guardPython, [guardScriptPath(), String(process.pid), '--', command, ...args]] : [command, [...args]];
    const child = spawn(file, argv, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    trackChildGroup(child.pid);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    // Chunks can end inside a multi-byte character: decode each stream with its own decoder.
    const outDecoder = new StringDecoder('utf8');
    const errDecoder = new StringDecoder('utf8');
    const onStdout = options.onLine ? splitLines((l) => options.onLine?.(l, 'stdout')) : undefined;
    const onStderr = options.onLine ? splitLines((l) => options.onLine?.(l, 'stderr')) : undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += outDecoder.write(chunk);
      onStdout?.(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += errDecoder.write(chunk);
      onStderr?.(chunk);
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            killGroup(child);
          }, options.timeoutMs);
    const onAbort = (): void => killGroup(child);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      untrackChildGroup(child.pid);
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code) => {
      untrackChildGroup(child.pid);
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) {
        reject(deployError('ABORTED', `Cancelled while running ${command}.`));
        return;
      }
      resolve({ code, stdout, stderr, timedOut });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
