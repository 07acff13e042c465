import { copyFile, lstat, mkdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import {
  deployError,
  type Phase,
  type PhaseContext,
  type PlannedAction,
  type ReleasePaths,
  STABLE_PATHS,
} from '@exec-automator/core';
import {
  planReleaseFilesFor,
  readSourceProject,
  releasedAgentConfig,
  releasedTests,
  releasedWorkflowFile,
  type ReleaseFilePlan,
  type SourceProject,
} from '@exec-automator/core/source';
import { type ReleasedProject, type ReleasedWorkflow } from '@exec-automator/core/state';
import { compactTimestamp, writeJsonAtomic } from '@exec-automator/core/util';
import { buildLanggraphJson, buildRegistry, releasedLanggraphJson } from './registry.js';
import { Facts } from './facts.js';

function releasedWorkflows(ctx: PhaseContext): ReleasedWorkflow[] {
  const variables = ctx.get(Facts.graphVariables);
  return ctx.workflows.map((w) => {
    const file = releasedWorkflowFile(w);
    const config = releasedAgentConfig(w);
    const tests = releasedTests(w);
    return {
      name: w.name,
      workflowId: w.workflowId,
      ...(w.langgraphGraph ? { graphId: w.langgraphGraph.id } : {}),
      slug: w.slug,
      file,
      graph: `./${file}:${variables?.get(w.name) ?? w.graphVariable ?? 'graph'}`,
      ...(config ? { agentConfig: config } : {}),
      ...(tests ? { tests } : {}),
    };
  });
}

/** How the released project is loaded: the source's `sys.path` entries and local packages, inside the release. */
function releasedProject(project: SourceProject, ctx: PhaseContext): ReleasedProject {
  const inRelease = (dir: string): string => path.posix.join('workflows', path.relative(project.root, dir).split(path.sep).join('/'));
  const staged = ctx.get(Facts.dependencyPlan)?.localPackages ?? [];
  return {
    langgraph: project.langgraph,
    sysPath: project.sysPath.map(inRelease),
    cwd: 'workflows',
    localPackages: staged.map((p) => ({ relative: p.relative, ...(p.name ? { name: p.name } : {}), sha256: p.sha256 })),
  };
}

function written(ctx: PhaseContext, release: ReleasePaths) {
  return {
    registry: path.join(release.configs, 'workflow-registry.json'),
    manifest: path.join(release.configs, `deployment-manifest-${compactTimestamp(ctx.startedAt)}.json`),
    validation: path.join(release.configs, 'validation-report.json'),
    langgraph: path.join(release.dir, 'langgraph.json'),
  };
}

/** The file plan, refused when two sources would land on one release path. */
async function filePlan(ctx: PhaseContext): Promise<ReleaseFilePlan> {
  const plan = await planReleaseFilesFor(ctx, ctx.get(Facts.analysis));
  if (plan.conflicts.length > 0) {
    throw deployError(
      'RELEASE_FAILED',
      `Two files would land on one release path (nothing is overwritten):\n  ${plan.conflicts.map((c) => `${c.to}: ${c.from.join(', ')}`).join('\n  ')}`,
      { phase: 'release', details: { conflicts: plan.conflicts } },
    );
  }
  return plan;
}

/**
 * The stable seed paths (`<env>/workflows`, ...) the first switch creates as links through
 * `current`: only those missing or pointing elsewhere, as `ReleaseStore.activate` does.
 */
async function missingStableLinks(ctx: PhaseContext): Promise<PlannedAction[]> {
  const actions: PlannedAction[] = [];
  for (const name of STABLE_PATHS) {
    const link = ctx.layout.stable(name);
    const target = path.join('current', name);
    const ok = await lstat(link).then(
      async (info) => info.isSymbolicLink() && (await readlink(link)) === target,
      () => false,
    );
    if (!ok) actions.push({ kind: 'symlink', description: `Link ${name} -> ${target}`, target: link });
  }
  return actions;
}

/**
 * Seed phase 4, Workflow Deployment: copies what the release holds — a LangGraph project whole,
 * with its layout, under `workflows/` (without version control, virtualenvs, caches, build output
 * and files holding secrets); the seed's workflow files and the local modules they import — plus
 * agent configs and test cases, writes workflow-registry.json, the deployment manifest, the
 * validation report and a `langgraph.json` (the source's, every key kept, paths rewritten for the
 * release), then switches `current` to the release in one rename. Nothing is ever overwritten:
 * two sources that would land on one path fail the phase before anything is copied.
 */
export function releasePhase(): Phase {
  return {
    name: 'release',
    title: 'Workflow Deployment',
    kind: 'release',
    async plan(ctx) {
      const release = ctx.layout.release(ctx.operationId);
      const w = written(ctx, release);
      const plan = await filePlan(ctx);
      return [
        ...plan.copies.map((c): PlannedAction => ({ kind: 'copy-file', description: `Copy ${c.what} ${c.to.replace(/^[^/]+\//, '')}`, target: path.join(release.dir, c.to) })),
        { kind: 'write-file', description: 'Create workflow registry', target: w.registry },
        { kind: 'write-file', description: 'Write deployment manifest', target: w.manifest },
        { kind: 'write-file', description: 'Store the validation report', target: w.validation },
        { kind: 'write-file', description: 'Write langgraph.json for the released graphs', target: w.langgraph },
        { kind: 'write-file', description: 'Record the released workflows in the release metadata', target: release.meta },
        ...(await missingStableLinks(ctx)),
        { kind: 'symlink', description: `Switch ${ctx.layout.current} to the new release (atomic rename)`, target: ctx.layout.current },
      ];
    },
    async run(ctx) {
      const release = ctx.release;
      if (!release) throw deployError('INTERNAL', 'The release phase needs a release directory.');
      const paths = release.paths;
      const plan = await filePlan(ctx);
      for (const dir of [paths.workflows, paths.configs, paths.tests]) await mkdir(dir, { recursive: true });
      const step = Math.max(1, Math.floor(plan.copies.length / 20));
      for (const [i, c] of plan.copies.entries()) {
        const to = path.join(paths.dir, c.to);
        await mkdir(path.dirname(to), { recursive: true });
        // COPYFILE_EXCL: a file already there is never overwritten (the plan has no duplicates)
        await copyFile(c.from, to, 1);
        if ((i + 1) % step === 0 || i + 1 === plan.copies.length) ctx.progress(`copied ${c.to}`, { current: i + 1, total: plan.copies.length });
      }
      const project = await readSourceProject(ctx.sourceDir);
      const workflows = releasedWorkflows(ctx);
      const configs = ctx.get(Facts.agentConfigs);
      const timestamp = new Date().toISOString();
      const w = written(ctx, paths);
      await writeJsonAtomic(w.registry, buildRegistry({
        deploymentId: release.id,
        timestamp,
        environment: ctx.environment,
        root: ctx.layout.root,
        settings: ctx.settings,
        workflows: workflows.map((released) => ({ released, config: configs?.get(released.name) })),
      }));
      const validation = ctx.get(Facts.validation);
      if (validation) await writeJsonAtomic(w.validation, validation);
      const tests = ctx.get(Facts.tests) ?? [];
      await writeJsonAtomic(w.manifest, {
        deployment_id: release.id,
        deployment_timestamp: timestamp,
        deployed_by: `exec-automator (${process.env.USER ?? 'unknown user'})`,
        environment: ctx.environment,
        workflows_deployed: workflows.length,
        deployment_duration_seconds: Math.round((Date.now() - ctx.startedAt.getTime()) / 100) / 10,
        validation_passed: validation?.deployment_approved ?? false,
        tests_passed: tests.filter((t) => t.passed).length,
        tests_skipped: ctx.mode.skipTests,
        deployment_method: 'automated',
        previous_deployment_id: release.previousId,
        rollback_available: release.previousId !== null,
        rollback_manifest: path.join(ctx.layout.stable('configs'), `rollback-${release.id}.json`),
        files_released: plan.copies.length,
        files_excluded: plan.excluded,
      });
      const python = ctx.get(Facts.pythonEnvironment);
      const pythonVersion = python ? (await ctx.python.python()).version : undefined;
      const langgraphJson = project.langgraph
        ? await releasedLanggraphJson(project.root, workflows, pythonVersion)
        : { json: buildLanggraphJson(workflows, pythonVersion), notApplied: [] };
      await writeJsonAtomic(w.langgraph, langgraphJson.json);
      await ctx.releases.update(release.id, { workflows, project: releasedProject(project, ctx) });
      await ctx.activateRelease();
      // Docker-only keys are reported once, by validation (LANGGRAPH_KEY_NOT_APPLIED).
      return {
        summary: `${workflows.length} workflow(s) released as ${release.id} (${plan.copies.length} files); current -> releases/${release.id}`,
        files: [...plan.copies.map((c) => path.join(paths.dir, c.to)), w.registry, w.manifest, ...(validation ? [w.validation] : []), w.langgraph],
        data: { releaseId: release.id, previousId: release.previousId, workflows, excluded: plan.excluded, keysNotApplied: langgraphJson.notApplied },
      };
    },
  };
}
