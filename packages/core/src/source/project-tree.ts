import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** Directory names never released: version control, virtualenvs, dependencies, caches, build output. */
const SKIPPED_DIRS = new Set([
  '.git', '.hg', '.svn', '.venv', 'venv', '.tox', '.nox', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache',
  '.ruff_cache', '.ipynb_checkpoints', 'build', 'dist', '.eggs', '.langgraph_api', '.exec-automator', '.idea', '.vscode', '.cache',
]);

/** File names never released (editor and OS litter, compiled bytecode). */
const SKIPPED_FILES = /^(\.DS_Store|Thumbs\.db)$|\.py[co]$|~$|\.swp$/;

/** `.env` files that hold example values only (kept); every other `.env*` file holds real values. */
const ENV_EXAMPLES = /^\.env\.(example|sample|template|dist|defaults)$/;

/** Why a path of the source was left out of the release. */
export type ExclusionReason = 'skipped-directory' | 'skipped-file' | 'virtualenv' | 'secret-file' | 'symlink-outside' | 'inside-root';

/** A path of the source left out of the release. */
export interface ExcludedPath {
  /** Path relative to the project root (posix). */
  path: string;
  /** Why. */
  reason: ExclusionReason;
}

/** The files of a project that a release holds. */
export interface ProjectFiles {
  /** The project root (absolute, real path). */
  root: string;
  /** Files to release, relative to the root (posix separators), sorted. */
  files: string[];
  /** What was left out, and why (directories are listed once, not their contents). */
  excluded: ExcludedPath[];
}

/** Options of {@link listProjectFiles}. */
export interface ListProjectFilesOptions {
  /** Absolute paths never released even when inside the project (the deployment root, the cache). */
  exclude?: readonly string[];
  /** Relative paths of files holding secret values (the project's `env` file), never released. */
  secretFiles?: readonly string[];
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Lists the files of a project that go into a release, with their layout: everything under
 * `root` except version control, virtualenvs (any directory holding `pyvenv.cfg`),
 * `node_modules`, caches, build output, `*.egg-info`, `.env` files with real values, the files
 * named in `secretFiles`, and paths under `exclude`. A symbolic link is followed when it resolves
 * inside the project and left out (reported) when it points outside.
 */
export async function listProjectFiles(root: string, options: ListProjectFilesOptions = {}): Promise<ProjectFiles> {
  const realRoot = await realpath(root);
  const excludedRoots = await Promise.all((options.exclude ?? []).map((p) => realpath(p).catch(() => path.resolve(p))));
  const secretFiles = new Set((options.secretFiles ?? []).map(toPosix));
  const files: string[] = [];
  const excluded: ExcludedPath[] = [];
  const visited = new Set<string>();

  async function walk(dir: string, relative: string): Promise<void> {
    const real = await realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    const entries = (await readdir(dir)).sort();
    if (relative !== '' && entries.includes('pyvenv.cfg')) {
      excluded.push({ path: relative, reason: 'virtualenv' });
      return;
    }
    for (const name of entries) {
      const absolute = path.join(dir, name);
      const rel = relative === '' ? name : `${relative}/${name}`;
      const info = await lstat(absolute);
      let target = absolute;
      let kind = info;
      if (info.isSymbolicLink()) {
        const resolved = await realpath(absolute).catch(() => undefined);
        if (!resolved || !isInside(resolved, realRoot)) {
          excluded.push({ path: rel, reason: 'symlink-outside' });
          continue;
        }
        target = resolved;
        kind = await stat(resolved);
      }
      const realTarget = kind.isDirectory() || kind.isFile() ? await realpath(target) : target;
      if (excludedRoots.some((r) => isInside(realTarget, r))) {
        excluded.push({ path: rel, reason: 'inside-root' });
        continue;
      }
      if (kind.isDirectory()) {
        if (SKIPPED_DIRS.has(name) || name.endsWith('.egg-info')) {
          excluded.push({ path: rel, reason: 'skipped-directory' });
          continue;
        }
        await walk(absolute, rel);
      } else if (kind.isFile()) {
        if (SKIPPED_FILES.test(name)) continue;
        if ((name === '.env' || (name.startsWith('.env.') && !ENV_EXAMPLES.test(name))) || secretFiles.has(rel)) {
          excluded.push({ path: rel, reason: 'secret-file' });
          continue;
        }
        files.push(rel);
      }
    }
  }

  await walk(realRoot, '');
  files.sort();
  return { root: realRoot, files, excluded };
}

/**
 * A content hash of `files` under `root`: their relative paths and bytes, in order. Two trees
 * with the same files and contents hash the same wherever they are.
 */
export async function hashProjectFiles(root: string, files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * The files of `files` that contain one of `values` (known secret values), so a release never
 * carries a secret in plain text. Values shorter than 8 characters are not searched for (they
 * would match by chance).
 */
export async function filesHoldingSecrets(root: string, files: readonly string[], values: readonly string[]): Promise<string[]> {
  const needles = [...new Set(values.filter((v) => v.length >= 8))].map((v) => Buffer.from(v));
  if (needles.length === 0) return [];
  const found: string[] = [];
  for (const file of files) {
    const content = await readFile(path.join(root, file));
    if (needles.some((n) => content.includes(n))) found.push(file);
  }
  return found;
}
