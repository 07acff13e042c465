import path from 'node:path';
import { type PhaseContext } from '@exec-automator/core';
import { type FileAnalysis } from '@exec-automator/core/python';
import { planReleaseFilesFor, type ProjectEnv, sourcePathRefs, type SourceProject } from '@exec-automator/core/source';
import type { CheckTally, Finding } from './check-tally.js';

/** What {@link releaseFileChecks} reads. */
export interface ReleaseFileCheckInput {
  /** The source as read. */
  project: SourceProject;
  /** The project's env, when it declares one. */
  projectEnv: ProjectEnv | undefined;
  /** Static analyses (the seed format's local modules). */
  analyses: ReadonlyMap<string, FileAnalysis>;
}

/**
 * What the release will hold, checked before anything is written: two source files that would
 * land on one release path are an error (`RELEASE_PATH_CONFLICT`: nothing is ever silently
 * overwritten); files left out because they hold secret values or are links out of the source
 * are reported (`RELEASE_FILE_EXCLUDED`) — an error when the left-out file is a workflow, since
 * the release could not run without it.
 */
export async function releaseFileChecks(ctx: PhaseContext, input: ReleaseFileCheckInput, tally: CheckTally): Promise<void> {
  const plan = await planReleaseFilesFor(ctx, input.analyses);
  const findings: Finding[] = plan.conflicts.map((c) => ({
    code: 'RELEASE_PATH_CONFLICT',
    file: c.from[0] as string,
    message: `${c.from.join(' and ')} would both be released as ${c.to}`,
    fix: 'rename one of them (graph ids with the same file-name form, or two agent configs / test files of the same name)',
  }));
  const workflowFiles = new Set(ctx.workflows.map((w) => w.relativePath));
  for (const excluded of plan.excluded) {
    if (excluded.reason === 'secret-file') {
      const needed = workflowFiles.has(excluded.path);
      const isEnvFile = input.projectEnv?.relative === excluded.path || /(^|\/)\.env(\.|$)/.test(excluded.path);
      if (isEnvFile && !needed) continue; // env files are read into settings and secrets, by design never released
      findings.push({
        code: 'RELEASE_FILE_EXCLUDED',
        ...(needed ? { severity: 'error' as const } : {}),
        file: path.join(input.project.root, excluded.path),
        message: `${excluded.path} holds a secret value and is not released${needed ? ': the workflow cannot run without it' : ''}`,
        fix: 'read the value from the environment (os.environ) instead, and keep it in the secrets backend',
      });
    } else if (excluded.reason === 'symlink-outside') {
      findings.push({
        code: 'RELEASE_FILE_EXCLUDED',
        file: path.join(input.project.root, excluded.path),
        message: `${excluded.path} is a link to a path outside the project and is not released`,
        fix: 'copy the file into the project, or make it a dependency',
      });
    }
  }
  // Links out of a seed-format source are copied by name (what they point at lands in the
  // release); the Deployer refuses them outside dev, so here they are only reported.
  const reported = new Set(plan.excluded.map((e) => path.join(input.project.root, e.path)));
  for (const link of await sourcePathRefs(input.project.root, { exclude: [ctx.layout.root, ctx.python.cacheDir] }).catch(() => [])) {
    if (link.kind !== 'symlink' || link.insideSource || reported.has(link.at)) continue;
    findings.push({
      code: 'SOURCE_LINK_OUTSIDE',
      file: link.at,
      message: `${path.relative(input.project.root, link.at)} is a link to ${link.target}, outside the source; the release holds a copy of it (staging and production refuse such a source)`,
      fix: 'copy the file into the source directory instead of linking to it',
    });
  }
  tally.record('release.files', findings);
}
