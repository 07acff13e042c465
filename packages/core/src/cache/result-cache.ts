import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeJsonAtomic } from '../util/atomic-fs.js';

/** What a cached result was computed from, and by which operation. */
interface Entry<T> {
  /** The cached value. */
  value: T;
  /** The operation (deployment id) that computed it. */
  operationId: string;
  /** When. */
  createdAt: string;
  /** Each file it depends on (relative to the root it was computed in) with its content hash. */
  files: Record<string, string>;
}

/** A cache hit: the value and the operation that computed it. */
export interface CacheHit<T> {
  /** The value. */
  value: T;
  /** The deployment id that computed it (`cached from <id>`). */
  from: string;
}

/** The kinds of results the cache holds. */
export type CachedResultKind = 'analysis' | 'inspection' | 'test' | 'venv';

/** sha256 of a file's bytes; undefined when it cannot be read. */
async function fileHash(file: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(file)).digest('hex');
  } catch {
    return undefined;
  }
}

/** A stable key for any JSON-safe value (object keys sorted). */
export function cacheKey(parts: unknown): string {
  const stable = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(stable);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.keys(value as object).sort().map((k) => [k, stable((value as Record<string, unknown>)[k])]));
    }
    return value;
  };
  return createHash('sha256').update(JSON.stringify(stable(parts))).digest('hex').slice(0, 40);
}

/**
 * Content-addressed results of checks (static analysis, graph inspection, passing test cases),
 * under `<cache>/results/<kind>/<key>.json`. A key covers what the result depends on besides
 * files (runner version, venv lock, the test case); the files it depends on are stored with
 * their content hashes and checked again on every lookup, relative to the root they are read
 * from (the source, or a release's `workflows/`), so an unchanged workflow's results are reused
 * wherever it is and a changed file reruns what depends on it. Callers store only what is safe
 * to reuse: a failing test is never stored, so it can never be reused as a pass.
 */
export class ResultCache {
  readonly #dir: string;
  readonly #enabled: boolean;

  /**
   * @param cacheDir - the cache directory (`results/` is created in it)
   * @param enabled - false: every lookup misses and nothing is stored (`--no-cache`)
   */
  constructor(cacheDir: string, enabled: boolean) {
    this.#dir = path.join(cacheDir, 'results');
    this.#enabled = enabled;
  }

  /** False when results are never reused (`--no-cache`, or the environment's setting). */
  get enabled(): boolean {
    return this.#enabled;
  }

  #file(kind: CachedResultKind, key: string): string {
    return path.join(this.#dir, kind, `${key}.json`);
  }

  /**
   * The cached result for `key`, when every file it depends on still has the content it had
   * (read relative to `root`). Undefined on a miss.
   */
  async get<T>(kind: CachedResultKind, key: string, root: string): Promise<CacheHit<T> | undefined> {
    if (!this.#enabled) return undefined;
    let entry: Entry<T>;
    try {
      entry = JSON.parse(await readFile(this.#file(kind, key), 'utf8')) as Entry<T>;
    } catch {
      return undefined;
    }
    for (const [relative, hash] of Object.entries(entry.files)) {
      if ((await fileHash(path.join(root, relative))) !== hash) return undefined;
    }
    return { value: entry.value, from: entry.operationId };
  }

  /** Stores `value` for `key`, with the content hashes of `files` (relative to `root`). */
  async put<T>(kind: CachedResultKind, key: string, value: T, options: { root: string; files: readonly string[]; operationId: string }): Promise<void> {
    if (!this.#enabled) return;
    const files: Record<string, string> = {};
    for (const relative of [...new Set(options.files)].sort()) {
      const hash = await fileHash(path.join(options.root, relative));
      if (hash === undefined) return; // a dependency that cannot be read: do not cache
      files[relative] = hash;
    }
    const entry: Entry<T> = { value, operationId: options.operationId, createdAt: new Date().toISOString(), files };
    await writeJsonAtomic(this.#file(kind, key), entry).catch(() => undefined);
  }
}

/** Every regular file under `dir` (recursively), relative to `root`: a package's files as dependencies. */
export async function filesUnder(dir: string, root: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || entry.name.endsWith('.pyc')) continue;
      const full = path.join(entry.parentPath, entry.name);
      if (full.split(path.sep).includes('__pycache__')) continue;
      out.push(path.relative(root, full));
    }
  } catch {
    // not a directory
  }
  return out;
}
