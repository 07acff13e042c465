import path from 'node:path';
import { type PhaseContext, type WorkflowSpec } from '@exec-automator/core';
import {
  analysisKey,
  type FileAnalysis,
  type GraphIdentity,
  ResultCache,
  type RunnerWorker,
  workflowDependencyFiles,
} from '@exec-automator/core/python';
import { listProjectFiles, type SourceProject } from '@exec-automator/core/source';

/** The result cache of an operation, and what reused results came from. */
export interface CheckCache {
  /** The cache (disabled by `--no-cache` or the `reuseResults` setting). */
  cache: ResultCache;
  /** The project root the cached files are read relative to. */
  root: string;
  /** Per workflow name: the deployments whose results were reused. */
  reused: Map<string, Set<string>>;
  /** A LangGraph project's files that are not Python (any graph may read them at run time). */
  dataFiles: string[];
}

/** The operation's result cache: in the cache directory, enabled unless `--no-cache` or `reuseResults: false`. */
export async function checkCache(ctx: PhaseContext, project: SourceProject): Promise<CheckCache> {
  const enabled = ctx.settings.reuseResults !== false && ctx.mode.noCache !== true;
  const dataFiles = enabled && project.langgraph
    ? (await listProjectFiles(project.root, { exclude: [ctx.layout.root, ctx.python.cacheDir] })).files.filter((f) => !f.endsWith('.py'))
    : [];
  return { cache: new ResultCache(ctx.python.cacheDir, enabled), root: project.root, reused: new Map(), dataFiles };
}

/** Notes that `workflow` reused a result of operation `from`. */
export function noteReuse(cache: CheckCache, workflow: string, from: string): void {
  const set = cache.reused.get(workflow) ?? new Set<string>();
  set.add(from);
  cache.reused.set(workflow, set);
}

/** The identity of a graph for cache keys: its file in the project, variable, venv and `sys.path`. */
export function graphIdentity(spec: WorkflowSpec, variable: string, venvHash: string, project: SourceProject): GraphIdentity {
  return {
    relativePath: spec.relativePath,
    variable,
    venvHash,
    sysPath: project.sysPath.map((dir) => path.relative(project.root, dir).split(path.sep).join('/')),
  };
}

/**
 * Static analysis of every workflow file, from the cache where a file and the modules it
 * imports are unchanged; the rest in one runner request. Results are cached with the files
 * they depend on.
 */
export async function analyseWorkflows(
  ctx: PhaseContext,
  cache: CheckCache,
  project: SourceProject,
  base: RunnerWorker,
): Promise<Map<string, FileAnalysis>> {
  const analyses = new Map<string, FileAnalysis>();
  const missing: WorkflowSpec[] = [];
  for (const w of ctx.workflows) {
    const hit = await cache.cache.get<FileAnalysis>('analysis', analysisKey(w.file, project.importRoots), cache.root);
    if (hit) {
      analyses.set(w.name, hit.value);
      noteReuse(cache, w.name, hit.from);
    } else {
      missing.push(w);
    }
  }
  if (missing.length > 0) {
    ctx.progress(`Analysing ${missing.length} workflow file(s)${missing.length < ctx.workflows.length ? ` (${ctx.workflows.length - missing.length} unchanged, cached)` : ''}`);
    const { files } = await base.request('analyze', { files: missing.map((w) => w.file), roots: project.importRoots }, { signal: ctx.signal, timeoutMs: 600_000 });
    for (const [i, w] of missing.entries()) {
      const analysis = files[i] as FileAnalysis;
      analyses.set(w.name, analysis);
      if (analysis.syntax_error || analysis.error) continue;
      const deps = await workflowDependencyFiles(w.file, analysis, cache.root);
      await cache.cache.put('analysis', analysisKey(w.file, project.importRoots), analysis, { root: cache.root, files: deps, operationId: ctx.operationId });
    }
  }
  return analyses;
}
