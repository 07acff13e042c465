import path from 'node:path';
import { isDeployError, type PhaseContext } from '@exec-automator/core';
import type { DependencyPlan } from './facts.js';
import { checkpointConfigFor, checkpointRequirements } from '@exec-automator/core/config';
import {
  BASE_REQUIREMENTS,
  buildRequirements,
  type FileAnalysis,
  type PythonInfo,
  requirementName,
  type Requirements,
  type ResultCache,
  type RunnerOps,
  type RunnerWorker,
  type Venv,
  venvQueryKey,
} from '@exec-automator/core/python';
import { type SourceProject, type StagedPackage, stageLocalPackage } from '@exec-automator/core/source';
import type { CheckTally, Finding } from './check-tally.js';

/** The outcome of the dependency checks. */
export interface DependencyCheckResult {
  /** The requirements the validation venv was built from. */
  requirements: Requirements;
  /** How the dependencies are made up (published for the dependencies phase). */
  plan: DependencyPlan;
  /** The validation venv (in the cache), when it could be built. */
  venv: Venv | undefined;
  /** Installed versions of the required projects. */
  versions: Record<string, string | null>;
  /** Third-party modules the workflows import that nothing installed provides. */
  missingModules: string[];
}

/** What {@link dependencyChecks} needs besides the context. */
export interface DependencyCheckInput {
  /** The base interpreter (already found, >= 3.10). */
  python: PythonInfo;
  /** The source as read (declarations, local packages). */
  project: SourceProject;
  /** Static analyses of the workflows (their imports). */
  analyses: Iterable<FileAnalysis>;
  /** A worker on the base interpreter (for checks that need no venv). */
  base: RunnerWorker;
  /** The shared worker on the validation venv. */
  worker: (venv: Venv) => RunnerWorker;
  /** Cached results of earlier operations. */
  cache: ResultCache;
}

/** Where a LangGraph project declares a dependency: the first declaration file it has. */
export function declarationFile(project: SourceProject): string {
  const prefer = ['pyproject.toml', 'requirements.txt', 'langgraph.json'];
  for (const name of prefer) {
    const found = project.declarationFiles.find((f) => path.basename(f) === name && path.dirname(f) === project.root);
    if (found) return found;
  }
  return project.declarationFiles[0] ?? path.join(project.root, 'langgraph.json');
}

/**
 * The seed's dependency checks, for both source formats. What is declared — a LangGraph
 * project's `dependencies`, requirements files, `pyproject.toml`, `uv.lock` pins; the seed
 * format's `additionalDependencies` and the curated well-known distributions of its imports — is
 * compared with the base requirements before anything is installed (PEP 440): a seed pin below a
 * minimum is an error; a project pin that contradicts a base line wins, and the base line is left
 * out (a warning naming both). Then the validation venv is built in the cache directory (never
 * under the root) with the project's local packages installed from content-addressed copies,
 * every requirement is checked against what is installed, and every third-party import against
 * what the venv can import. A distribution is never guessed from an import name.
 */
export async function dependencyChecks(ctx: PhaseContext, input: DependencyCheckInput, tally: CheckTally): Promise<DependencyCheckResult> {
  const { project } = input;
  tally.record('python');
  ctx.progress(`Python ${input.python.version} at ${input.python.executable}`);
  tally.record(
    'dependencies.declared',
    project.issues.map((issue): Finding => ({
      code: issue.code,
      severity: issue.severity,
      file: issue.file,
      message: issue.message,
      ...(issue.fix ? { fix: issue.fix } : {}),
    })),
  );
  const additional = ctx.settings.additionalDependencies;
  const declared = project.langgraph ? [...new Set(project.requirements.map((r) => r.line))] : [];
  const constraints = [...new Set(project.constraints.map((r) => r.line))];
  const compare = [...additional, ...declared, ...constraints];
  const { results } = compare.length ? await minimums(ctx, input, compare) : { results: [] };
  const incompatible = results.filter((r) => !r.compatible);
  const tooOld = incompatible.filter((r) => additional.includes(r.requirement));
  const contradictions = incompatible.filter((r) => !additional.includes(r.requirement));
  if (additional.length) {
    tally.record(
      'requirements.minimums',
      tooOld.map((r) => ({
        code: 'PACKAGE_VERSION_TOO_OLD',
        message: `${r.requirement} (additionalDependencies) is older than the required ${r.minimum}`,
        fix: `require a version the minimum allows, e.g. "${r.minimum}", or remove the pin`,
      })),
    );
  }
  const omitBase = [...new Set(contradictions.map((r) => r.minimum))];
  if (compare.length > additional.length) {
    tally.record(
      'requirements.base',
      contradictions.map((r) => {
        const from = [...project.requirements, ...project.constraints].find((d) => d.line === r.requirement)?.from;
        return {
          code: 'BASE_REQUIREMENT_CONFLICT',
          ...(from ? { file: from } : {}),
          message: `the project's ${r.requirement} contradicts exec-automator's base requirement ${r.minimum}${r.reason ? ` (${r.reason})` : ''}; the project's pin is used and ${r.minimum} is left out`,
          fix: `allow ${r.minimum} in ${from ? path.basename(from) : 'the project'} if the workflows need what the base list provides`,
        };
      }),
    );
  }
  const localPackages: StagedPackage[] = [];
  for (const dep of project.localDependencies.filter((d) => d.kind === 'package')) {
    localPackages.push(await stageLocalPackage(dep.dir, dep.relative, dep.name, ctx.python.cacheDir, [ctx.layout.root]));
  }
  const usable = additional.filter((line) => !tooOld.some((r) => r.requirement === line.trim()));
  const imports = [...input.analyses].flatMap((a) => a.third_party_imports);
  const plan: DependencyPlan = {
    project,
    declared,
    constraints,
    localPackages,
    omitBase,
    imports: project.langgraph ? [] : [...new Set(imports)].sort(),
  };
  const constraintsText = constraints.length ? `${constraints.join('\n')}\n` : undefined;
  // The checkpoint store's packages too: validation locks exactly what the release installs, so
  // both get the same lock and the same venv (built once, adopted by the environment).
  const storage = checkpointRequirements(checkpointConfigFor(ctx.layout, ctx.settings.checkpoints));
  const build = (withImports: boolean): Requirements =>
    buildRequirements({
      imports: withImports ? plan.imports : [],
      additional: usable,
      storage,
      declared,
      localPackages: localPackages.map((p) => p.requirement),
      omitBase,
    });
  let requirements = build(true);
  let locked: { lock: string; venv: Venv };
  let unprovided: string[] = [];
  try {
    locked = await lockedVenv(ctx, requirements, constraintsText);
  } catch (error) {
    if (isDeployError(error) && error.code === 'ABORTED') throw error;
    const fromImports = Object.keys(requirements.fromImports);
    // A curated distribution that cannot be installed must not hide every other finding:
    // retry without them and report those imports instead.
    const retry = fromImports.length ? build(false) : undefined;
    const second = retry ? await lockedVenv(ctx, retry, constraintsText).catch((e: unknown) => e) : undefined;
    if (!retry || !second || second instanceof Error) {
      tally.record('requirements.install', [{
        code: 'REQUIREMENTS_INSTALL_FAILED',
        message: ctx.redact((error as Error).message),
        fix: project.langgraph
          ? `check the requirements declared in ${path.basename(declarationFile(project))} and that the package index is reachable`
          : 'check the requirement lines (additionalDependencies) and that the package index is reachable',
      }]);
      return { requirements, plan, venv: undefined, versions: {}, missingModules: [] };
    }
    ctx.log('warn', `Requirements derived from imports could not be installed (${fromImports.map((m) => requirements.fromImports[m]).join(', ')}); validating without them`);
    locked = second as { lock: string; venv: Venv };
    requirements = retry;
    unprovided = fromImports;
  }
  const { venv } = locked;
  plan.requirementsText = requirements.text;
  plan.lock = locked.lock;
  tally.record('requirements.install');
  // Local packages are checked by importing them (below); their lines name a path, not a version.
  const versioned = requirements.lines.filter((line) => !/\s@\s|^file:/.test(line));
  const check = await venvQuery(ctx, input, venv, 'check_requirements', { requirements: versioned });
  const versions: Record<string, string | null> = {};
  for (const result of check.results) versions[result.name] = result.installed;
  tally.record(
    'requirements.versions',
    check.results
      .filter((r) => !r.satisfied)
      .map((r) =>
        r.installed === null
          ? { code: 'PACKAGE_MISSING' as const, message: `${r.name} is not installed (required: ${r.requirement})`, fix: `install ${r.requirement}` }
          : {
              code: 'PACKAGE_VERSION_MISMATCH' as const,
              message: `${r.name} ${r.installed} does not satisfy ${r.requirement}${r.reason ? ` (${r.reason})` : ''}`,
              fix: `install ${r.requirement}`,
            },
      ),
  );
  const modules = [...new Set(imports)].filter((m) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(m)).sort();
  const { missing } = modules.length ? await venvQuery(ctx, input, venv, 'find_modules', { modules }) : { missing: [] };
  return { requirements, plan, venv, versions, missingModules: [...new Set([...missing, ...unprovided])] };
}

/** PEP 440 comparison of declared lines with the base minimums: a pure function of its input, cached. */
async function minimums(ctx: PhaseContext, input: DependencyCheckInput, declared: string[]): Promise<RunnerOps['check_minimums']['result']> {
  const params = { declared, minimums: [...BASE_REQUIREMENTS] };
  const key = venvQueryKey('base', 'check_minimums', params);
  const hit = await input.cache.get<RunnerOps['check_minimums']['result']>('venv', key, ctx.python.cacheDir);
  if (hit) return hit.value;
  const result = await input.base.request('check_minimums', params, { signal: ctx.signal });
  await input.cache.put('venv', key, result, { root: ctx.python.cacheDir, files: [], operationId: ctx.operationId });
  return result;
}

/**
 * A question about the venv alone (installed versions, importable top-level modules): a venv
 * never changes, so the answer is cached by its hash and the runner is not even started on a
 * warm redeploy. Modules of the project are not asked here (they are local imports).
 */
async function venvQuery<K extends 'check_requirements' | 'find_modules'>(
  ctx: PhaseContext,
  input: DependencyCheckInput,
  venv: Venv,
  op: K,
  params: RunnerOps[K]['params'],
): Promise<RunnerOps[K]['result']> {
  const key = venvQueryKey(venv.hash, op, params);
  const hit = await input.cache.get<RunnerOps[K]['result']>('venv', key, venv.path);
  if (hit) return hit.value;
  const result = await input.worker(venv).request(op, params, { signal: ctx.signal });
  await input.cache.put('venv', key, result, { root: venv.path, files: [], operationId: ctx.operationId });
  return result;
}

/**
 * The lock of `requirements` (resolved once, kept in the cache) and its venv: the
 * environment's own, when a complete one for this lock exists (a warm redeploy validates in the
 * venv the release will use, read-only), else the cache's, built exactly from the lock.
 */
async function lockedVenv(ctx: PhaseContext, requirements: Requirements, constraints: string | undefined): Promise<{ lock: string; venv: Venv }> {
  ctx.progress(`Locking ${requirements.lines.length} requirements`);
  const lock = await ctx.python.cachedLock(requirements.text, { signal: ctx.signal, ...(constraints ? { constraints } : {}) });
  const existing = await ctx.python.findVenv(lock, ctx.layout.venvs);
  if (existing) {
    ctx.progress(`Validating in the environment's venv ${existing.hash} (lock unchanged)`);
    return { lock, venv: existing };
  }
  return { lock, venv: await buildVenv(ctx, lock) };
}

async function buildVenv(ctx: PhaseContext, lock: string): Promise<Venv> {
  ctx.progress('Preparing the validation venv from the lock');
  const venv = await ctx.python.ensureVenv(lock, { exact: true, onProgress: (line) => ctx.log('debug', line), signal: ctx.signal });
  ctx.progress(venv.created ? `Built validation venv ${venv.hash} with ${venv.installer} in ${(venv.durationMs / 1000).toFixed(1)} s` : `Reusing validation venv ${venv.hash}`);
  return venv;
}

/** The normalized names of the requirement lines (for "is it declared" questions). */
export function declaredNames(lines: readonly string[]): Set<string> {
  return new Set(lines.map(requirementName));
}
