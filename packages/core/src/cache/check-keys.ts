import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { FileAnalysis } from '../python/runner-protocol.js';
import { runnerVersion } from '../python/runner-worker.js';
import { cacheKey, filesUnder } from './result-cache.js';

/** What a graph's cached results are keyed by, besides the files they depend on. */
export interface GraphIdentity {
  /** The workflow file relative to the project root (`src/agent/graph.py`). */
  relativePath: string;
  /** The graph variable. */
  variable: string;
  /** Hash of the venv the graph runs in (its lock and Python version). */
  venvHash: string;
  /** `sys.path` entries relative to the project root (`''` for the root itself). */
  sysPath: readonly string[];
  /**
   * Where the result was computed: `source` (validation, on the source files) or `release`
   * (health checks, on the released files). Kept apart: a release can lack a file the source has
   * (a data file the seed format does not ship), so a pass on the source never stands for one on
   * the release. Default `source`.
   */
  scope?: 'source' | 'release';
}

function inside(root: string, file: string): string | undefined {
  const relative = path.relative(root, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : undefined;
}

/** `file` relative to `root`, through symlinks on either side (a source under a linked directory). */
async function relativeTo(root: string, file: string): Promise<string | undefined> {
  return inside(root, file) ?? inside(await realpath(root).catch(() => root), await realpath(file).catch(() => file));
}

/**
 * The project files a workflow's results depend on, relative to `root`: the workflow file, the
 * local modules and packages it imports (every file of an imported package), the modules
 * defining the functions and tools it reaches, and `extra` (a LangGraph project's files that are
 * not Python, which any graph may read at run time). A change to any of them reruns its checks;
 * a change to another graph's modules does not.
 */
export async function workflowDependencyFiles(
  file: string,
  analysis: FileAnalysis | undefined,
  root: string,
  extra: readonly string[] = [],
): Promise<string[]> {
  const files = new Set<string>(extra);
  const own = await relativeTo(root, file);
  if (own) files.add(own);
  for (const local of analysis?.local_imports ?? []) {
    if (!local.file) continue;
    const relative = await relativeTo(root, local.file);
    if (!relative) continue;
    if (local.file.endsWith('.py')) files.add(relative);
    else for (const f of await filesUnder(local.file, local.file)) files.add(path.join(relative, f));
  }
  for (const fn of Object.values(analysis?.project_functions ?? {})) {
    const relative = await relativeTo(root, fn.file);
    if (relative) files.add(relative);
  }
  return [...files].sort();
}

/** The cache key of a graph's inspection (load, compile, `get_graph()`). */
export function inspectionKey(graph: GraphIdentity): string {
  return cacheKey({ kind: 'inspection', runner: runnerVersion(), ...graph, scope: graph.scope ?? 'source', sysPath: [...graph.sysPath] });
}

/** The cache key of one test case of a graph (the case's whole JSON is part of it). */
export function testCaseKey(graph: GraphIdentity, testCase: unknown): string {
  return cacheKey({ kind: 'test', runner: runnerVersion(), ...graph, scope: graph.scope ?? 'source', sysPath: [...graph.sysPath], testCase });
}

/** The cache key of a file's static analysis (its absolute path and the import roots). */
export function analysisKey(file: string, roots: readonly string[]): string {
  return cacheKey({ kind: 'analysis', runner: runnerVersion(), file, roots: [...roots] });
}

/** The cache key of a question about a venv alone (installed versions, importable modules): a venv never changes. */
export function venvQueryKey(venvHash: string, op: string, params: unknown): string {
  return cacheKey({ kind: 'venv', runner: runnerVersion(), venvHash, op, params });
}
