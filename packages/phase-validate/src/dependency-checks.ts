import {
  buildRequirements,
  isDeployError,
  type FileAnalysis,
  type PhaseContext,
  type Requirements,
  type RunnerWorker,
  type Venv,
} from '@exec-automator/core';
import type { CheckTally } from './check-tally.js';

/** The outcome of the dependency checks. */
export interface DependencyCheckResult {
  /** The requirements of this deployment. */
  requirements: Requirements;
  /** The validation venv (in the cache), when it could be built. */
  venv: Venv | undefined;
  /** Installed versions of the required projects. */
  versions: Record<string, string | null>;
}

/**
 * Python >= 3.10, then the requirements (seed base list + workflow imports + additional
 * dependencies) installed into a validation venv in the cache directory (never under the
 * root), then every requirement checked against what is installed, with PEP 440 semantics
 * (the runner uses `packaging`).
 */
export async function dependencyChecks(
  ctx: PhaseContext,
  analyses: Iterable<FileAnalysis>,
  tally: CheckTally,
  worker: (venv: Venv) => RunnerWorker,
): Promise<DependencyCheckResult> {
  const imports = [...analyses].flatMap((a) => a.third_party_imports);
  const requirements = buildRequirements({ imports, additional: ctx.settings.additionalDependencies });
  try {
    const python = await ctx.python.python();
    tally.record('python', []);
    ctx.progress(`Python ${python.version} at ${python.executable}`);
  } catch (error) {
    tally.record('python', [{ message: (error as Error).message, fix: 'install Python 3.10 or newer' }]);
    return { requirements, venv: undefined, versions: {} };
  }
  let venv: Venv;
  try {
    ctx.progress(`Preparing the validation venv (${requirements.lines.length} requirements)`);
    venv = await ctx.python.ensureVenv(requirements.text, { onProgress: (line) => ctx.log('debug', line), signal: ctx.signal });
    ctx.progress(venv.created ? `Built validation venv ${venv.hash} with ${venv.installer} in ${(venv.durationMs / 1000).toFixed(1)} s` : `Reusing validation venv ${venv.hash}`);
  } catch (error) {
    if (isDeployError(error) && error.code === 'ABORTED') throw error;
    tally.record('requirements.install', [{ message: (error as Error).message, fix: 'check the requirement lines and the package index' }]);
    return { requirements, venv: undefined, versions: {} };
  }
  tally.record('requirements.install', []);
  const check = await worker(venv).request('check_requirements', { requirements: requirements.lines }, { signal: ctx.signal });
  const versions: Record<string, string | null> = {};
  for (const result of check.results) versions[result.name] = result.installed;
  tally.record(
    'requirements.versions',
    check.results
      .filter((r) => !r.satisfied)
      .map((r) => ({
        message: r.installed === null ? `${r.name} is not installed` : `${r.name} ${r.installed} does not satisfy ${r.requirement}${r.reason ? ` (${r.reason})` : ''}`,
        fix: `install ${r.requirement}`,
      })),
  );
  return { requirements, venv, versions };
}
