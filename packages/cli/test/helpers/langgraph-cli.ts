import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { REPO } from './cli.js';

/** Runs a command and returns its exit code and output. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

function uv(): string[] {
  return existsSync('/usr/local/bin/uv') || process.env.PATH?.split(':').some((d) => existsSync(path.join(d, 'uv'))) ? ['uv'] : ['python3', '-m', 'uv'];
}

/** `uv pip install` into the interpreter `python`. */
export async function uvInstall(python: string, requirements: string[]): Promise<void> {
  const [head, ...rest] = uv() as [string, ...string[]];
  const result = await run(head, [...rest, 'pip', 'install', '--quiet', '--python', python, ...requirements]);
  if (result.code !== 0) throw new Error(`uv pip install ${requirements.join(' ')} failed:\n${result.out}`);
}

/**
 * The official LangGraph CLI (langgraph-cli from PyPI) in a venv of the test cache, built once:
 * the tests check our output with the ecosystem's own tool.
 */
export async function langgraphCli(): Promise<string> {
  const cache = process.env.EXEC_AUTOMATOR_CACHE ?? path.join(REPO, '.cache', 'exec-automator');
  const venv = path.join(cache, 'langgraph-cli-venv');
  const bin = path.join(venv, 'bin', 'langgraph');
  if (existsSync(bin)) return bin;
  const [head, ...rest] = uv() as [string, ...string[]];
  const created = await run(head, [...rest, 'venv', '--quiet', '--python', 'python3', venv]);
  if (created.code !== 0) throw new Error(`uv venv failed:\n${created.out}`);
  await uvInstall(path.join(venv, 'bin', 'python'), ['langgraph-cli']);
  return bin;
}

/** A free TCP port on 127.0.0.1 (port 2024, LangGraph's default, is taken on these machines). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A running `langgraph dev` (its own process group, so it is stopped with every child). */
export interface LanggraphDev {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** What it printed. */
  output: () => string;
  /** Stops the whole process group. */
  stop: () => Promise<void>;
}

/** Starts `langgraph dev` in `cwd` with `langgraph` from `bin` on an ephemeral port and waits for `/ok`. */
export async function startLanggraphDev(bin: string, cwd: string, timeoutMs = 120_000): Promise<LanggraphDev> {
  const port = await freePort();
  const child: ChildProcess = spawn(bin, ['dev', '--host', '127.0.0.1', '--port', String(port), '--no-browser', '--no-reload'], {
    cwd,
    env: { ...process.env, LANGGRAPH_CLI_NO_ANALYTICS: '1', LANGSMITH_TRACING: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const signal = (name: NodeJS.Signals): boolean => {
    try {
      process.kill(-(child.pid as number), name);
      return true;
    } catch {
      return false; // the group is gone already
    }
  };
  const stop = async (): Promise<void> => {
    if (child.pid === undefined || !signal('SIGTERM')) return;
    for (let i = 0; i < 50 && signal(0 as unknown as NodeJS.Signals); i++) await delay(100);
    signal('SIGKILL');
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`langgraph dev exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${url}/ok`).then((r) => r.ok, () => false);
    if (ok) return { url, output: () => output, stop };
    await delay(500);
  }
  await stop();
  throw new Error(`langgraph dev did not answer /ok within ${timeoutMs / 1000} s:\n${output}`);
}
