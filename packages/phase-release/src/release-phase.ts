import { copyFile, lstat, mkdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import {
  compactTimestamp,
  DeployError,
  Facts,
  STABLE_PATHS,
  writeJsonAtomic,
  type Phase,
  type PhaseContext,
  type PlannedAction,
  type ReleasedWorkflow,
  type ReleasePaths,
} from '@exec-automator/core';
import { buildLanggraphJson, buildRegistry } from './registry.js';

interface Copy {
  from: string;
  to: string;
  what: 'workflow' | 'agent config' | 'test cases';
}

function releasedWorkflows(ctx: PhaseContext): ReleasedWorkflow[] {
  const variables = ctx.get(Facts.graphVariables);
  return ctx.workflows.map((w) => ({
    name: w.name,
    workflowId: w.workflowId,
    file: `workflows/${w.fileName}`,
    graph: `./workflows/${w.fileName}:${variables?.get(w.name) ?? w.graphVariable ?? 'graph'}`,
    ...(w.agentConfigFile ? { agentConfig: `configs/${path.basename(w.agentConfigFile)}` } : {}),
    ...(w.testsFile ? { tests: `tests/${path.basename(w.testsFile)}` } : {}),
  }));
}

function copies(ctx: PhaseContext, release: ReleasePaths): Copy[] {
  return ctx.workflows.flatMap((w): Copy[] => [
    { from: w.file, to: path.join(release.workflows, w.fileName), what: 'workflow' },
    ...(w.agentConfigFile ? [{ from: w.agentConfigFile, to: path.join(release.configs, path.basename(w.agentConfigFile)), what: 'agent config' as const }] : []),
    ...(w.testsFile ? [{ from: w.testsFile, to: path.join(release.tests, path.basename(w.testsFile)), what: 'test cases' as const }] : []),
  ]);
}

function written(ctx: PhaseContext, release: ReleasePaths) {
  return {
    registry: path.join(release.configs, 'workflow-registry.json'),
    manifest: path.join(release.configs, `deployment-manifest-${compactTimestamp(ctx.startedAt)}.json`),
    validation: path.join(release.configs, 'validation-report.json'),
    langgraph: path.join(release.dir, 'langgraph.json'),
  };
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
 * Seed phase 4, Workflow Deployment: copies workflows, agent configs and test cases into the
 * release, writes workflow-registry.json, the deployment manifest, the validation report and a
 * `langgraph.json`, then switches `current` to the release in one rename.
 */
export function releasePhase(): Phase {
  return {
    name: 'release',
    title: 'Workflow Deployment',
    kind: 'release',
    async plan(ctx) {
      const release = ctx.layout.release(ctx.operationId);
      const w = written(ctx, release);
      return [
        ...copies(ctx, release).map((c): PlannedAction => ({ kind: 'copy-file', description: `Copy ${c.what} ${path.basename(c.from)}`, target: c.to })),
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
      if (!release) throw new DeployError('INTERNAL', 'The release phase needs a release directory.');
      const paths = release.paths;
      const list = copies(ctx, paths);
      for (const dir of [paths.workflows, paths.configs, paths.tests]) await mkdir(dir, { recursive: true });
      for (const [i, c] of list.entries()) {
        await copyFile(c.from, c.to);
        ctx.progress(`copied ${path.basename(c.from)}`, { current: i + 1, total: list.length });
      }
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
      });
      const python = ctx.get(Facts.pythonEnvironment);
      await writeJsonAtomic(w.langgraph, buildLanggraphJson(workflows, python ? (await ctx.python.python()).version : undefined));
      await ctx.releases.update(release.id, { workflows });
      await ctx.activateRelease();
      return {
        summary: `${workflows.length} workflow(s) released as ${release.id}; current -> releases/${release.id}`,
        files: [...list.map((c) => c.to), w.registry, w.manifest, ...(validation ? [w.validation] : []), w.langgraph],
        data: { releaseId: release.id, previousId: release.previousId, workflows },
      };
    },
  };
}
