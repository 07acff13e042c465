import {
  BASE_REQUIREMENTS,
  buildRequirements,
  isDeployError,
  type FileAnalysis,
  type PhaseContext,
  type PythonInfo,
  type Requirements,
  type RunnerWorker,
  type Venv,
} from '@exec-automator/core';
import type { CheckTally } from './check-tally.js';

/** The outcome of the dependency checks. */
export interface DependencyCheckResult {
  /** The requirements the validation venv was built from. */
  requirements: Requirements;
  /** The validation venv (in the cache), when it could be built. */
  venv: Venv | undefined;
  /** Installed versions of the required projects. */
  versions: Record<string, string | null>;
  /** Third-party modules the workflows import that no installed requirement provides. */
  missingModules: string[];
}

/** What {@link dependencyChecks} needs besides the context. */
export interface DependencyCheckInput {
  /** The base interpreter (already found, >= 3.10). */
  python: PythonInfo;
  /** Static analyses of the workflows (their imports). */
  analyses: Iterable<FileAnalysis>;
  /** A worker on the base interpreter (for checks that need no venv). */
  base: RunnerWorker;
  /** Starts a worker on the validation venv. */
  worker: (venv: Venv) => RunnerWorker;
}

/**
 * The seed's dependency checks: declared requirements (`additionalDependencies`) compared with
 * the seed's minimums before anything is installed (PEP 440: a `langgraph==0.1.19` pin is
 * reported, and left out so every other check still runs), then the validation venv built in the
 * cache directory (never under the root), then every requirement checked against what is
 * installed, and every third-party import against what the venv can import.
 */
export async function dependencyChecks(ctx: PhaseContext, input: DependencyCheckInput, tally: CheckTally): Promise<DependencyCheckResult> {
  tally.record('python');
  ctx.progress(`Python ${input.python.version} at ${input.python.executable}`);
  const declared = ctx.settings.additionalDependencies;
  const { results } = declared.length
    ? await input.base.request('check_minimums', { declared, minimums: [...BASE_REQUIREMENTS] }, { signal: ctx.signal })
    : { results: [] };
  const tooOld = results.filter((r) => !r.compatible);
  if (declared.length) {
    tally.record(
      'requirements.minimums',
      tooOld.map((r) => ({
        code: 'PACKAGE_VERSION_TOO_OLD',
        message: `${r.requirement} (additionalDependencies) is older than the required ${r.minimum}`,
        fix: `require a version the minimum allows, e.g. "${r.minimum}", or remove the pin`,
      })),
    );
  }
  const usable = declared.filter((line) => !tooOld.some((r) => r.requirement === line.trim()));
  const imports = [...input.analyses].flatMap((a) => a.third_party_imports);
  let requirements = buildRequirements({ imports, additional: usable });
  let venv: Venv;
  let unprovided: string[] = [];
  try {
    venv = await buildVenv(ctx, requirements);
  } catch (error) {
    if (isDeployError(error) && error.code === 'ABORTED') throw error;
    const fromImports = Object.keys(requirements.fromImports);
    // A module nobody can install (a typo, a private package) must not hide every other
    // finding: retry without the guessed distributions and report those imports instead.
    const retry = fromImports.length ? buildRequirements({ imports: [], additional: usable }) : undefined;
    const second = retry ? await buildVenv(ctx, retry).catch((e: unknown) => e) : undefined;
    if (!retry || !second || second instanceof Error) {
      tally.record('requirements.install', [{
        code: 'REQUIREMENTS_INSTALL_FAILED',
        message: ctx.redact((error as Error).message),
        fix: 'check the requirement lines (additionalDependencies) and that the package index is reachable',
      }]);
      return { requirements, venv: undefined, versions: {}, missingModules: [] };
    }
    ctx.log('warn', `Requirements derived from imports could not be installed (${fromImports.map((m) => requirements.fromImports[m]).join(', ')}); validating without them`);
    venv = second as Venv;
    requirements = retry;
    unprovided = fromImports;
  }
  tally.record('requirements.install');
  const worker = input.worker(venv);
  const check = await worker.request('check_requirements', { requirements: requirements.lines }, { signal: ctx.signal });
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
  const { missing } = modules.length ? await worker.request('find_modules', { modules }, { signal: ctx.signal }) : { missing: [] };
  return { requirements, venv, versions, missingModules: [...new Set([...missing, ...unprovided])] };
}

async function buildVenv(ctx: PhaseContext, requirements: Requirements): Promise<Venv> {
  ctx.progress(`Preparing the validation venv (${requirements.lines.length} requirements)`);
  const venv = await ctx.python.ensureVenv(requirements.text, { onProgress: (line) => ctx.log('debug', line), signal: ctx.signal });
  ctx.progress(venv.created ? `Built validation venv ${venv.hash} with ${venv.installer} in ${(venv.durationMs / 1000).toFixed(1)} s` : `Reusing validation venv ${venv.hash}`);
  return venv;
}
