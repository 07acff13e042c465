import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-fs.js';
import { findPython, type PythonInfo } from './find-python.js';
import { RunnerWorker, type RunnerWorkerOptions } from './runner-worker.js';
import { lockHeader, lockRequirements } from './lock.js';
import { ensureVenv, resolveInstaller, VENV_MARKER, venvHash, type Installer, type InstallerChoice, type InstallerRun, type Venv } from './venv-manager.js';

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
  /**
   * Called each time a runner process starts (any worker of the bridge). The Deployer turns
   * each call into a `python:start` event, so a warm redeploy shows one start per venv.
   */
  onWorkerStart?: (info: { python: string; pid: number | undefined }) => void;
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
  readonly #shared = new Map<string, RunnerWorker>();

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
    options: { baseDir?: string; exact?: boolean; constraints?: string; adoptFrom?: readonly string[]; onProgress?: (line: string) => void; signal?: AbortSignal } = {},
  ): Promise<Venv> {
    const venv = await ensureVenv({
      baseDir: options.baseDir ?? path.join(this.cacheDir, 'venvs'),
      requirements,
      ...(options.adoptFrom ? { adoptFrom: options.adoptFrom } : {}),
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

  /** The cache directory's venvs (validation builds there; a deployment adopts them). */
  get cacheVenvs(): string {
    return path.join(this.cacheDir, 'venvs');
  }

  /**
   * A lock for `requirements` (and `constraints`), resolved once and kept in the cache by the
   * hash of what it was resolved from, the resolver and the Python version: validation and the
   * dependencies phase of the same requirements share one lock, and so one venv.
   */
  async cachedLock(requirements: string, options: { signal?: AbortSignal; constraints?: string } = {}): Promise<string> {
    const header = lockHeader((await this.installer()).kind, (await this.python()).version);
    const key = createHash('sha256').update(`${header}\n${requirements}\n# constraints\n${options.constraints ?? ''}`).digest('hex').slice(0, 32);
    const file = path.join(this.cacheDir, 'locks', `${key}.lock`);
    const cached = await readFile(file, 'utf8').catch(() => undefined);
    if (cached?.startsWith(header)) return cached;
    const lock = await this.lock(requirements, options);
    await writeFileAtomic(file, lock);
    return lock;
  }

  /**
   * The complete venv for a lock under `baseDir`, without building anything: how a warm
   * redeploy's validation runs in the environment's own venv, read-only.
   */
  async findVenv(lock: string, baseDir: string): Promise<Venv | undefined> {
    const python = await this.python();
    const hash = venvHash(lock, python);
    const dir = path.join(baseDir, hash);
    try {
      const marker = JSON.parse(await readFile(path.join(dir, VENV_MARKER), 'utf8')) as { hash?: string; installer?: 'uv' | 'pip' };
      if (marker.hash !== hash) return undefined;
      return { path: dir, python: path.join(dir, 'bin', 'python'), hash, created: false, installer: marker.installer ?? 'uv', durationMs: 0 };
    } catch {
      return undefined;
    }
  }

  /** A runner worker on `python` (a venv interpreter); closed by {@link PythonBridge.closeAll}. */
  worker(options: RunnerWorkerOptions): RunnerWorker {
    const onStart = this.#options.onWorkerStart;
    const worker = new RunnerWorker({
      ...options,
      onStart: (info) => {
        options.onStart?.(info);
        onStart?.(info);
      },
    });
    this.#workers.add(worker);
    return worker;
  }

  /**
   * The one warm runner of interpreter `python` for this bridge's operation: every phase that
   * needs that venv (or the base interpreter) shares it, so Python and LangGraph are imported
   * once per venv per operation. Settings that differ between phases go with each request
   * (`RequestOptions.env`). Callers must not close it: {@link PythonBridge.closeAll} does,
   * at the end of the operation. `options` apply when the worker is created.
   */
  sharedWorker(python: string, options: Omit<RunnerWorkerOptions, 'python'> = {}): RunnerWorker {
    const existing = this.#shared.get(python);
    if (existing && !existing.closed) return existing;
    const worker = this.worker({ ...options, python });
    this.#shared.set(python, worker);
    return worker;
  }

  /** The shared runner on the base interpreter, for stdlib-only operations (static analysis). */
  async baseWorker(options: Omit<RunnerWorkerOptions, 'python'> = {}): Promise<RunnerWorker> {
    return this.sharedWorker((await this.python()).executable, options);
  }

  /** Stops every worker started through this bridge. */
  async closeAll(): Promise<void> {
    const workers = [...this.#workers];
    this.#workers.clear();
    this.#shared.clear();
    await Promise.all(workers.map((w) => w.close()));
  }
}
