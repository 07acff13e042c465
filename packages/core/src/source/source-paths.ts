import { lstat, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../util/identifiers.js';

/** Directory names a deployment never reads or releases (see `listProjectFiles`). */
const NEVER_READ = new Set([
  '.git', '.hg', '.svn', '.venv', 'venv', '.tox', '.nox', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache',
  '.ruff_cache', '.ipynb_checkpoints', 'build', 'dist', '.eggs', '.langgraph_api', '.exec-automator', '.idea', '.vscode', '.cache',
]);

/** Entries walked at most; a larger source is walked this far (its links beyond are not seen). */
const MAX_ENTRIES = 50_000;

/** Largest `langgraph.json` / `requirements.txt` read for the paths they name (validation reads them whole). */
const MAX_MANIFEST_BYTES = 1024 * 1024;

/** How a path is reached from a source: a symbolic link in it, or a path written in one of its files. */
export type SourcePathKind = 'symlink' | 'graph' | 'dependency' | 'env-file' | 'requirement';

/** A path a deployment of a source would read that the source itself names (a link or a reference). */
export interface SourcePathRef {
  /** How the path is reached. */
  kind: SourcePathKind;
  /** The link (absolute), or the file holding the reference (`…/langgraph.json`). */
  at: string;
  /** The reference as written (`../lib/agent.py:graph`, a link's target text). */
  ref: string;
  /** Where it leads: absolute, through every existing symlink (the deepest existing ancestor's real path). */
  target: string;
  /** True when `target` is inside the source directory (its real path). */
  insideSource: boolean;
}

/** `target` resolved through symlinks as far as it exists, with the rest appended. */
export async function realDeepest(target: string): Promise<string> {
  let rest = '';
  let current = path.resolve(target);
  for (;;) {
    try {
      return path.join(await realpath(current), rest);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(target);
      rest = path.join(path.basename(current), rest);
      current = parent;
    }
  }
}

/**
 * Every path outside the plain file tree that deploying `sourceDir` would read: each symbolic
 * link in the source (not in version control, virtualenv, cache or build directories), each
 * graph file and local dependency of its `langgraph.json`, its `env` file, and each local path
 * in its `requirements.txt` (`-e ../pkg`, `./lib`, `file:` URLs) — installing a local package
 * runs its build code. Nothing is imported and no file is read beyond those two manifests.
 * Paths under `options.exclude` (the deployment root, the cache, when inside the source) and
 * virtualenvs (directories holding `pyvenv.cfg`) are not walked.
 */
export async function sourcePathRefs(sourceDir: string, options: { exclude?: readonly string[] } = {}): Promise<SourcePathRef[]> {
  const root = await realpath(sourceDir);
  // The deployment root and the cache may live inside a source: their links (current, venvs) are ours.
  const excluded = await Promise.all((options.exclude ?? []).map((p) => realDeepest(p)));
  const refs: SourcePathRef[] = [];
  const add = async (kind: SourcePathKind, at: string, ref: string, resolved: string): Promise<void> => {
    const target = await realDeepest(resolved);
    refs.push({ kind, at, ref, target, insideSource: isInside(root, target) });
  };
  let seen = 0;
  async function walk(dir: string): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      return;
    }
    if (dir !== root && names.includes('pyvenv.cfg')) return; // a virtualenv: never read or released
    for (const name of names) {
      if (++seen > MAX_ENTRIES) return;
      if (NEVER_READ.has(name)) continue;
      const absolute = path.join(dir, name);
      if (excluded.some((e) => isInside(e, absolute))) continue;
      const info = await lstat(absolute).catch(() => undefined);
      if (!info) continue;
      if (info.isSymbolicLink()) {
        const text = await readlink(absolute).catch(() => '');
        await add('symlink', absolute, text, path.resolve(dir, text));
      } else if (info.isDirectory()) {
        await walk(absolute);
      }
    }
  }
  await walk(root);
  await langgraphRefs(root, add);
  await requirementRefs(path.join(root, 'requirements.txt'), add);
  return refs;
}

type Add = (kind: SourcePathKind, at: string, ref: string, resolved: string) => Promise<void>;

async function readSmall(file: string): Promise<string | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    return text.length > MAX_MANIFEST_BYTES ? undefined : text;
  } catch {
    return undefined;
  }
}

async function langgraphRefs(root: string, add: Add): Promise<void> {
  const file = path.join(root, 'langgraph.json');
  const text = await readSmall(file);
  if (text === undefined) return;
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return; // validation reports it
  }
  if (config === null || typeof config !== 'object') return;
  const { graphs, dependencies, env } = config as { graphs?: unknown; dependencies?: unknown; env?: unknown };
  if (graphs !== null && typeof graphs === 'object' && !Array.isArray(graphs)) {
    for (const spec of Object.values(graphs as Record<string, unknown>)) {
      const ref = typeof spec === 'string' ? spec : spec !== null && typeof spec === 'object' ? (spec as { path?: unknown }).path : undefined;
      if (typeof ref !== 'string' || ref.includes('\u0000')) continue;
      const colon = ref.indexOf(':'); // as langgraph-cli: the module ends at the first colon
      const modulePart = colon === -1 ? ref : ref.slice(0, colon);
      if (!modulePart) continue;
      const relative = /[\\/]/.test(modulePart) || modulePart.endsWith('.py') ? modulePart : `${modulePart.replace(/\./g, '/')}.py`;
      await add('graph', file, ref, path.resolve(root, relative));
    }
  }
  if (Array.isArray(dependencies)) {
    for (const dep of dependencies) {
      if (typeof dep === 'string' && !dep.includes('\u0000') && (dep.startsWith('.') || path.isAbsolute(dep))) await add('dependency', file, dep, path.resolve(root, dep));
    }
  }
  if (typeof env === 'string' && !env.includes('\u0000')) await add('env-file', file, env, path.resolve(root, env));
}

async function requirementRefs(file: string, add: Add): Promise<void> {
  const text = await readSmall(file);
  if (text === undefined) return;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').trim().replace(/^(-e|--editable)\s+/, '');
    if (line.includes('\u0000')) continue;
    if (line.startsWith('file:')) {
      const local = line.replace(/^file:(\/\/)?/, '').split('#')[0] as string;
      await add('requirement', file, line, path.resolve(path.dirname(file), local));
    } else if (line.startsWith('.') || line.startsWith('/')) {
      await add('requirement', file, line, path.resolve(path.dirname(file), line.split(/[\s;[]/)[0] as string));
    }
  }
}
