import os from 'node:os';
import path from 'node:path';
import { findPython, type PythonInfo } from './find-python.js';
import { RunnerWorker, type RunnerWorkerOptions } from './runner-worker.js';
import { lockRequirements } from './lock.js';
import { ensureVenv, resolveInstaller, type Installer, type InstallerChoice, type InstallerRun, type Venv } from './venv-manager.js';

/** Options of {@link PythonBridge}. */
export interface PythonBridgeOptions {
  /** Interpreter to base venvs on. Default: `EXEC_AUTOMATOR_PYTHON`, else the newest python3 >= 3.10 on PATH. */
  python?: string;
  /** Installer. Default `auto` (uv when available, else pip); env `EXEC_AUTOMATOR_INSTALLER`. */
  installer?: InstallerChoice;
  /**
   * Directory for venvs used before anything is deployed (validation and pre-deployment tests,
   * also in dry-run, which writes nothing under the root). Default
   * `$EXEC_AUTOMATOR_CACHE` or `~/.cache/exec-automator`.
   */
  cacheDir?: string;
  /**
   * Called once per installer run (a venv was built), never for a reused venv. The Deployer
   * turns each call into a `python:install` event, so reuse shows as a count of zero.
   */
  onInstall?: (run: InstallerRun) => void;
}

/** The default cache directory (see {@link PythonBridgeOptions.cacheDir}). */
export function defaultCacheDir(): string {
  return process.env.EXEC_AUTOMATOR_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'exec-automator');
}

/**
 * Everything exec-automator does with Python: finding an interpreter, building venvs keyed by
 * the requirements hash, and starting runner workers. Workers started through the bridge are
 * closed by {@link PythonBridge.closeAll}.
 */
export class PythonBridge {
  readonly #options: PythonBridgeOptions;
  #python: Promise<PythonInfo> | undefined;
  #installer: Promise<Installer> | undefined;
  readonly #workers = new Set<RunnerWorker>();

  /** @param options - interpreter, installer and cache directory */
  constructor(options: PythonBridgeOptions = {}) {
    this.#options = options;
  }

  /** The cache directory for pre-deployment venvs. */
  get cacheDir(): string {
    return this.#options.cacheDir ?? defaultCacheDir();
  }

  /** The base interpreter (found once). */
  python(): Promise<PythonInfo> {
    this.#python ??= findPython(this.#options.python);
    this.#python.catch(() => {
      this.#python = undefined;
    });
    return this.#python;
  }

  /** The installer (resolved once). */
  async installer(): Promise<Installer> {
    const python = await this.python();
    const choice = this.#options.installer ?? (process.env.EXEC_AUTOMATOR_INSTALLER as InstallerChoice | undefined) ?? 'auto';
    this.#installer ??= resolveInstaller(python, choice);
    return this.#installer;
  }

  /**
   * The venv for `requirements` under `baseDir` (default: the cache's `venvs/`), built only
   * when no complete one with the same hash exists.
   */
  async ensureVenv(
    requirements: string,
    options: { baseDir?: string; exact?: boolean; constraints?: string; onProgress?: (line: string) => void; signal?: AbortSignal } = {},
  ): Promise<Venv> {
    const venv = await ensureVenv({
      baseDir: options.baseDir ?? path.join(this.cacheDir, 'venvs'),
      requirements,
      ...(options.constraints ? { constraints: options.constraints } : {}),
      python: await this.python(),
      installer: await this.installer(),
      exact: options.exact ?? false,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (venv.created) {
      this.#options.onInstall?.({ venv: venv.path, hash: venv.hash, installer: venv.installer, exact: options.exact ?? false, durationMs: venv.durationMs });
    }
    return venv;
  }

  /**
   * Resolves `requirements` into a lock for the base interpreter (`uv pip compile`, or pip's
   * resolver): the pinned set a venv is then built from with `exact`.
   */
  async lock(requirements: string, options: { signal?: AbortSignal; constraints?: string } = {}): Promise<string> {
    return lockRequirements({
      requirements,
      ...(options.constraints ? { constraints: options.constraints } : {}),
      python: await this.python(),
      installer: await this.installer(),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** A runner worker on `python` (a venv interpreter); closed by {@link PythonBridge.closeAll}. */
  worker(options: RunnerWorkerOptions): RunnerWorker {
    const worker = new RunnerWorker(options);
    this.#workers.add(worker);
    return worker;
  }

  /** A runner worker on the base interpreter, for stdlib-only operations (static analysis). */
  async baseWorker(options: Omit<RunnerWorkerOptions, 'python'> = {}): Promise<RunnerWorker> {
    return this.worker({ ...options, python: (await this.python()).executable });
  }

  /** Stops every worker started through this bridge. */
  async closeAll(): Promise<void> {
    const workers = [...this.#workers];
    this.#workers.clear();
    await Promise.all(workers.map((w) => w.close()));
  }
}
