import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { DeployError, deployError } from '../errors/deploy-error.js';
import { LockFile } from '../lock/lock-file.js';
import type { PythonInfo } from './find-python.js';
import { runCommand, type CommandResult } from './process.js';
import { installerEnv } from './process-env.js';

/** Which installer builds venvs: uv when available (many times faster), else pip. */
export type InstallerChoice = 'auto' | 'uv' | 'pip';

/** A resolved installer command. */
export interface Installer {
  /** `uv` or `pip`. */
  kind: 'uv' | 'pip';
  /** For uv: the command and leading args that run it (`['uv']` or `['python', '-m', 'uv']`). */
  command: string[];
}

/** A ready virtual environment. */
export interface Venv {
  /** The venv directory. */
  path: string;
  /** Its interpreter. */
  python: string;
  /** Hash of requirements + Python version; the directory name. */
  hash: string;
  /** False when an existing venv was reused without running the installer. */
  created: boolean;
  /** The installer that built it. */
  installer: 'uv' | 'pip';
  /** Build time in milliseconds (0 when reused). */
  durationMs: number;
  /** Set when the venv was adopted from another directory (the cache) instead of built. */
  adoptedFrom?: string;
}

/** One run of the installer (a venv built); reused venvs produce none. */
export interface InstallerRun {
  /** The venv directory built. */
  venv: string;
  /** Its hash (of the lock or requirements, and the Python version). */
  hash: string;
  /** The installer that ran. */
  installer: 'uv' | 'pip';
  /** True when installed from a lock (exact pins, no dependency resolution). */
  exact: boolean;
  /** How long creating and installing took. */
  durationMs: number;
}

/** Written inside a venv once it is complete; a venv without it is rebuilt. */
export const VENV_MARKER = '.exec-automator-venv.json';

/** The venv directory name for `requirements` (or a lock) on `python`. */
export function venvHash(requirements: string, python: PythonInfo): string {
  return createHash('sha256').update(`${python.version}\n${requirements}`).digest('hex').slice(0, 16);
}

/** Finds uv (on PATH, or as `python -m uv`) unless `choice` is `pip`. */
export async function resolveInstaller(python: PythonInfo, choice: InstallerChoice = 'auto'): Promise<Installer> {
  if (choice !== 'pip') {
    for (const command of [['uv'], [python.executable, '-m', 'uv']]) {
      try {
        const [head, ...rest] = command as [string, ...string[]];
        const result = await runCommand(head, [...rest, '--version'], { timeoutMs: 15_000 });
        if (result.code === 0) return { kind: 'uv', command };
      } catch {
        // not installed this way
      }
    }
    if (choice === 'uv') {
      throw deployError('VENV_CREATE_FAILED', 'uv was requested but is not installed. Install it (`python3 -m pip install uv`), or use pip: `--installer pip`.');
    }
  }
  return { kind: 'pip', command: [] };
}

/** Options of {@link ensureVenv}. */
export interface EnsureVenvOptions {
  /** Directory that holds one venv per hash. */
  baseDir: string;
  /** `requirements.txt` content. */
  requirements: string;
  /** Constraints (`-c`, exact pins that win over the ranges); part of the venv hash. Ignored with `exact`. */
  constraints?: string;
  /** Interpreter the venv is based on. */
  python: PythonInfo;
  /** Installer to use. */
  installer: Installer;
  /**
   * `requirements` is a complete lock (every distribution pinned): install exactly it, with no
   * dependency resolution (`uv pip sync`, or `pip install --no-deps`). Default false.
   */
  exact?: boolean;
  /** Progress lines from the installer. */
  onProgress?: (line: string) => void;
  /** Cancellation. */
  signal?: AbortSignal;
  /** Time limit for creating and installing. Default 20 minutes. */
  timeoutMs?: number;
  /**
   * Other directories holding venvs by hash (the cache): a complete venv with the same hash there
   * is adopted — copied by hard links, then renamed into place — instead of built again.
   */
  adoptFrom?: readonly string[];
}

function fail(step: string, result: CommandResult, dir: string): DeployError {
  const tail = (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n');
  return deployError(
    step === 'create' ? 'VENV_CREATE_FAILED' : 'DEPENDENCY_INSTALL_FAILED',
    result.timedOut
      ? `${step === 'create' ? 'Creating' : 'Installing into'} ${dir} timed out.`
      : `${step === 'create' ? 'Creating the venv' : 'Installing requirements'} failed (exit ${result.code}):\n${tail}`,
    { details: { venv: dir, exitCode: result.code } },
  );
}

async function isComplete(dir: string, hash: string): Promise<boolean> {
  try {
    const marker = JSON.parse(await readFile(path.join(dir, VENV_MARKER), 'utf8')) as { hash?: string };
    return marker.hash === hash;
  } catch {
    return false;
  }
}

/**
 * Returns the venv for `requirements` under `baseDir`, building it only when no complete venv
 * with the same hash exists. Concurrent builders of the same hash (two environments sharing a
 * cache) wait for each other through a lock file whose dead holder is taken over.
 */
export async function ensureVenv(options: EnsureVenvOptions): Promise<Venv> {
  const constraints = !options.exact && options.constraints?.trim() ? options.constraints : undefined;
  const hash = venvHash(constraints ? `${options.requirements}\n# constraints\n${constraints}` : options.requirements, options.python);
  const dir = path.join(options.baseDir, hash);
  const python = path.join(dir, 'bin', 'python');
  if (await isComplete(dir, hash)) {
    return { path: dir, python, hash, created: false, installer: options.installer.kind, durationMs: 0 };
  }
  await mkdir(options.baseDir, { recursive: true });
  const lock = await acquireBuildLock(`${dir}.lock`, options.signal);
  try {
    if (await isComplete(dir, hash)) {
      return { path: dir, python, hash, created: false, installer: options.installer.kind, durationMs: 0 };
    }
    const started = performance.now();
    await rm(dir, { recursive: true, force: true });
    for (const other of options.adoptFrom ?? []) {
      const candidate = path.join(other, hash);
      if (path.resolve(candidate) === path.resolve(dir) || !(await isComplete(candidate, hash))) continue;
      if (await adopt(candidate, dir)) {
        return { path: dir, python, hash, created: false, installer: options.installer.kind, durationMs: Math.round(performance.now() - started), adoptedFrom: candidate };
      }
    }
    await build(dir, python, options);
    await writeFile(
      path.join(dir, VENV_MARKER),
      `${JSON.stringify({ hash, python: options.python.version, installer: options.installer.kind, createdAt: new Date().toISOString() }, null, 2)}\n`,
    );
    return { path: dir, python, hash, created: true, installer: options.installer.kind, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  } finally {
    await lock.release();
  }
}

/**
 * Copies a complete venv to `dir` by hard links (`cp -al`; a plain copy where links cannot be
 * made, e.g. across file systems) into a temporary sibling, then renames it into place. The
 * interpreter and packages do not depend on the venv's own path (console-script shebangs do,
 * but runs use `bin/python`). False when the copy failed (the caller builds instead).
 */
async function adopt(from: string, dir: string): Promise<boolean> {
  const temp = `${dir}.adopting-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  const linked = await runCommand('cp', ['-al', from, temp], { timeoutMs: 10 * 60_000 }).catch(() => undefined);
  if (!linked || linked.code !== 0) {
    await rm(temp, { recursive: true, force: true });
    try {
      await cp(from, temp, { recursive: true, verbatimSymlinks: true });
    } catch {
      await rm(temp, { recursive: true, force: true });
      return false;
    }
  }
  await rename(temp, dir);
  return true;
}

async function build(dir: string, python: string, options: EnsureVenvOptions): Promise<void> {
  // Guarded (the group ends if this process is killed) and with the installers' own variables only.
  const run = {
    signal: options.signal, timeoutMs: options.timeoutMs ?? 20 * 60_000, onLine: (line: string) => options.onProgress?.(line),
    guardPython: options.python.executable, env: installerEnv(),
  };
  const { installer } = options;
  const [head, ...rest] = installer.command as [string, ...string[]];
  const created =
    installer.kind === 'uv'
      ? await runCommand(head, [...rest, 'venv', '--quiet', '--python', options.python.executable, dir], run)
      : await runCommand(options.python.executable, ['-m', 'venv', dir], run);
  if (created.code !== 0) throw fail('create', created, dir);
  const requirementsFile = path.join(dir, options.exact ? 'requirements.lock' : 'requirements.txt');
  await writeFile(requirementsFile, options.requirements);
  const constraintArgs: string[] = [];
  if (!options.exact && options.constraints?.trim()) {
    const constraintsFile = path.join(dir, 'constraints.txt');
    await writeFile(constraintsFile, options.constraints);
    constraintArgs.push('-c', constraintsFile);
  }
  const uvArgs = options.exact ? ['pip', 'sync', '--python', python, requirementsFile] : ['pip', 'install', '--python', python, '-r', requirementsFile, ...constraintArgs];
  const pipArgs = ['-m', 'pip', 'install', '--disable-pip-version-check', ...(options.exact ? ['--no-deps'] : []), '-r', requirementsFile, ...constraintArgs];
  const installed = installer.kind === 'uv' ? await runCommand(head, [...rest, ...uvArgs], run) : await runCommand(python, pipArgs, run);
  if (installed.code !== 0) throw fail('install', installed, dir);
}

/**
 * Waits for the build lock of one venv (`<hash>.lock`, a {@link LockFile}): a builder that died
 * (gone, zombie, reused pid, reboot) is taken over at once.
 */
async function acquireBuildLock(lock: string, signal: AbortSignal | undefined): Promise<LockFile> {
  for (;;) {
    const taken = await LockFile.tryAcquire(lock, { purpose: 'venv build' });
    if (taken instanceof LockFile) return taken;
    if (signal?.aborted) throw deployError('ABORTED', 'Cancelled while waiting for another venv build.');
    await delay(250);
  }
}
