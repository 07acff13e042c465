import path from 'node:path';
import type { PhaseContext } from '../phase/phase.js';
import type { FileAnalysis } from '../python/runner-protocol.js';
import { readProjectEnv, type ProjectEnv } from './project-env.js';
import { readSourceProject } from './project.js';
import { filesHoldingSecrets, listProjectFiles, type ExcludedPath } from './project-tree.js';
import { slugOf, testsFileName, type WorkflowSpec } from './workflow-spec.js';

/** One file a release will hold: where it comes from and where it lands. */
export interface ReleaseFileCopy {
  /** Absolute source path. */
  from: string;
  /** Path inside the release directory (posix): `workflows/src/agent/graph.py`, `configs/…`. */
  to: string;
  /** What it is, for progress and reports. */
  what: 'project file' | 'workflow' | 'module' | 'agent config' | 'test cases';
}

/** Two sources that would land on the same release path. */
export interface ReleasePathConflict {
  /** The release path. */
  to: string;
  /** The absolute source paths that claim it. */
  from: string[];
}

/** Every file a release will hold, and what was left out. */
export interface ReleaseFilePlan {
  /** Files to copy, in a stable order. */
  copies: ReleaseFileCopy[];
  /** Source paths left out of the release, with the reason. */
  excluded: ExcludedPath[];
  /** Release paths that two different sources would land on (the release is refused). */
  conflicts: ReleasePathConflict[];
}

/** Inputs of {@link planReleaseFiles}. */
export interface ReleaseFilePlanInput {
  /** The source directory (absolute). */
  sourceDir: string;
  /** True for a LangGraph project (`langgraph.json`): the whole project tree is released. */
  langgraph: boolean;
  /** The workflows deployed. */
  workflows: readonly WorkflowSpec[];
  /** Seed format: local modules the workflows import (absolute files or package directories). */
  localModules?: readonly string[];
  /** Absolute paths never released (the deployment root, the cache). */
  exclude?: readonly string[];
  /** Files of the project holding secret values (relative to the source, posix). */
  secretFiles?: readonly string[];
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

/** The release path of a workflow's agent config: `configs/agent-<key>-config.json`. */
export function releasedAgentConfig(spec: WorkflowSpec): string | undefined {
  return spec.agentConfigFile ? `configs/${path.basename(spec.agentConfigFile)}` : undefined;
}

/** The release path of a workflow's test cases: `tests/<slug>.tests.json`. */
export function releasedTests(spec: WorkflowSpec): string | undefined {
  return spec.testsFile ? `tests/${testsFileName(spec.slug ?? slugOf(spec.name))}` : undefined;
}

/**
 * What a release holds. A LangGraph project is released whole, with its layout, under
 * `workflows/` (without version control, virtualenvs, caches, build output and files holding
 * secrets); a seed source releases its workflow files and the local modules they import. Agent
 * configs go to `configs/`, test cases to `tests/<slug>.tests.json`. Nothing is ever overwritten:
 * two sources that would land on one path are returned as conflicts.
 */
export async function planReleaseFiles(input: ReleaseFilePlanInput): Promise<ReleaseFilePlan> {
  const copies: ReleaseFileCopy[] = [];
  let excluded: ExcludedPath[] = [];
  const root = path.resolve(input.sourceDir);
  if (input.langgraph) {
    const listing = await listProjectFiles(root, { exclude: input.exclude ?? [], secretFiles: input.secretFiles ?? [] });
    excluded = listing.excluded;
    const workflowFiles = new Set(input.workflows.map((w) => w.relativePath));
    for (const file of listing.files) {
      copies.push({ from: path.join(listing.root, file), to: `workflows/${file}`, what: workflowFiles.has(file) ? 'workflow' : 'project file' });
    }
  } else {
    for (const w of input.workflows) copies.push({ from: w.file, to: `workflows/${w.relativePath}`, what: 'workflow' });
    for (const module of input.localModules ?? []) {
      const relative = toPosix(path.relative(root, module));
      if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
      if (module.endsWith('.py')) {
        copies.push({ from: module, to: `workflows/${relative}`, what: 'module' });
        continue;
      }
      const listing = await listProjectFiles(module, { exclude: input.exclude ?? [], secretFiles: [] });
      for (const file of listing.files) copies.push({ from: path.join(module, file), to: `workflows/${relative}/${file}`, what: 'module' });
    }
  }
  for (const w of input.workflows) {
    const config = releasedAgentConfig(w);
    if (config && w.agentConfigFile) copies.push({ from: w.agentConfigFile, to: config, what: 'agent config' });
    const tests = releasedTests(w);
    if (tests && w.testsFile) copies.push({ from: w.testsFile, to: tests, what: 'test cases' });
  }
  const byTarget = new Map<string, Set<string>>();
  for (const c of copies) byTarget.set(c.to, (byTarget.get(c.to) ?? new Set()).add(c.from));
  const conflicts = [...byTarget.entries()].filter(([, from]) => from.size > 1).map(([to, from]) => ({ to, from: [...from].sort() }));
  const seen = new Set<string>();
  const unique = copies.filter((c) => (seen.has(c.to) ? false : (seen.add(c.to), true)));
  return { copies: unique, excluded, conflicts };
}

/** The secret values a release must never hold: every value of the secrets backend, and the project's env secrets. */
async function knownSecretValues(ctx: PhaseContext, projectEnv: ProjectEnv | undefined): Promise<string[]> {
  const values: string[] = Object.values(projectEnv?.secrets ?? {});
  for (const name of await ctx.secrets.list().catch(() => [] as string[])) {
    const value = await ctx.secrets.get(name).catch(() => undefined);
    if (value) values.push(value);
  }
  return values;
}

/**
 * The release file plan of an operation: {@link planReleaseFiles} for its source, with the
 * deployment root and the cache left out, the project's env file and every file holding a known
 * secret value (a value of the secrets backend, or of the project's env) excluded as
 * `secret-file`. Validation reports it; the release phase copies exactly it.
 */
export async function planReleaseFilesFor(ctx: PhaseContext, analyses: ReadonlyMap<string, FileAnalysis> | undefined): Promise<ReleaseFilePlan> {
  const project = await readSourceProject(ctx.sourceDir);
  const projectEnv = project.langgraph ? await readProjectEnv(project.root) : undefined;
  const exclude = [ctx.layout.root, ctx.python.cacheDir];
  const localModules = project.langgraph
    ? []
    : [...new Set([...(analyses?.values() ?? [])].flatMap((a) => (a.local_imports ?? []).map((i) => i.file)).filter((f): f is string => !!f))];
  const envFile = projectEnv?.relative && !projectEnv.relative.startsWith('..') ? [projectEnv.relative] : [];
  const first = await planReleaseFiles({ sourceDir: project.root, langgraph: project.langgraph, workflows: ctx.workflows, localModules, exclude, secretFiles: envFile });
  const values = await knownSecretValues(ctx, projectEnv);
  const holding = await filesHoldingSecrets('/', first.copies.map((c) => c.from), values);
  if (holding.length === 0) return first;
  const secretFiles = [...envFile, ...holding.map((f) => toPosix(path.relative(project.root, f)))];
  const plan = await planReleaseFiles({ sourceDir: project.root, langgraph: project.langgraph, workflows: ctx.workflows, localModules, exclude, secretFiles });
  // workflows, configs and tests are copied by name, not listed: a secret inside one is an exclusion too
  const held = new Set(holding);
  return {
    ...plan,
    copies: plan.copies.filter((c) => !held.has(c.from)),
    excluded: [
      ...plan.excluded,
      ...plan.copies.filter((c) => held.has(c.from) && c.what !== 'project file').map((c) => ({ path: toPosix(path.relative(project.root, c.from)), reason: 'secret-file' as const })),
    ],
  };
}
