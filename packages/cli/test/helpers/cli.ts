import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, lstat, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO = path.resolve(here, '..', '..', '..', '..');
/** The built CLI (tests run the real binary as a subprocess). */
export const CLI = path.join(REPO, 'packages', 'cli', 'dist', 'cli.js');
/** The example workflows. */
export const EXAMPLES = path.join(REPO, 'examples', 'workflows');

/** What a CLI run returned. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `exec-automator ...args` as a subprocess. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses the single JSON object a `--json` run prints. */
export function json<T = Record<string, unknown>>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON object (exit ${run.code}):\n${run.stdout}\n--- stderr ---\n${run.stderr}`);
  }
}

/** Temp directories removed after the file's tests. */
export function tempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-cli-'));
    dirs.push(dir);
    return dir;
  };
}

/** Copies the example workflows into `dir` (to break them on purpose). */
export async function copyExamples(dir: string): Promise<string> {
  const target = path.join(dir, 'source');
  await cp(EXAMPLES, target, { recursive: true });
  return target;
}

/**
 * Every path under `dir` with its type, size and link target: comparing two snapshots shows any
 * write. Returns an empty list when `dir` does not exist.
 */
export async function snapshotTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(current: string): Promise<void> {
    let names: string[];
    try {
      names = await readdir(current);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const full = path.join(current, name);
      const info = await lstat(full);
      const rel = path.relative(dir, full);
      if (info.isSymbolicLink()) out.push(`${rel} -> ${await readlink(full)}`);
      else if (info.isDirectory()) {
        out.push(`${rel}/`);
        await walk(full);
      } else out.push(`${rel} ${info.size} ${info.mtimeMs}`);
    }
  }
  await walk(dir);
  return out;
}

/** Every regular file under `dir` (following no links), with its content. */
export async function filesUnder(dir: string, skip: (rel: string) => boolean = () => false): Promise<Array<{ path: string; content: Buffer }>> {
  const out: Array<{ path: string; content: Buffer }> = [];
  async function walk(current: string): Promise<void> {
    for (const name of await readdir(current).catch(() => [] as string[])) {
      const full = path.join(current, name);
      const rel = path.relative(dir, full);
      if (skip(rel)) continue;
      const info = await lstat(full);
      if (info.isDirectory()) await walk(full);
      else if (info.isFile()) out.push({ path: rel, content: await readFile(full) });
    }
  }
  await walk(dir);
  return out;
}
