import path from 'node:path';
import { type ReleaseMeta, type ReleasePaths, type WorkflowSpec } from '@exec-automator/core';
import { type ProjectLoading } from '@exec-automator/core/python';
import { releasedWorkflowFile, testsFileName } from '@exec-automator/core/source';
import { pathExists } from '@exec-automator/core/util';

/** Where a workflow lives inside a release: what the health phase checks and runs. */
export interface ReleasedWorkflowTarget {
  /** The workflow as the operation knows it. */
  readonly spec: WorkflowSpec;
  /** The released workflow file (`<release>/workflows/<file>.py`). */
  readonly file: string;
  /** The graph variable. */
  readonly graphVariable: string;
  /** `<file>:<variable>`, the runner's graph reference. */
  readonly ref: string;
  /** The test cases to take the smoke test from, when there are any. */
  readonly testsFile: string | undefined;
  /** Where the release's project modules are loaded from (`sys.path`, working directory). */
  readonly loading: ProjectLoading;
}

/** `sys.path` and working directory of a release's runs (the project root copy, its module directories). */
export function releaseLoading(paths: ReleasePaths, meta: ReleaseMeta | undefined): ProjectLoading {
  const project = meta?.project;
  if (!project) return { sys_path: [paths.workflows], cwd: paths.workflows };
  return { sys_path: project.sysPath.map((p) => path.join(paths.dir, p)), cwd: path.join(paths.dir, project.cwd) };
}


function variableOf(graph: string | undefined): string | undefined {
  if (!graph) return undefined;
  const index = graph.lastIndexOf(':');
  const variable = index === -1 ? '' : graph.slice(index + 1);
  return /^[A-Za-z_]\w*$/.test(variable) ? variable : undefined;
}

/**
 * Resolves each workflow to its copy in the release, so the same checks work after a deploy
 * (where `spec` paths point at the source) and after a rollback (where they point into the
 * restored release). The graph variable comes from the spec, else from `release.json`, else
 * `graph`; test cases from the released copy, else the release metadata, else the spec.
 */
export async function resolveReleasedWorkflows(
  workflows: readonly WorkflowSpec[],
  paths: ReleasePaths,
  meta: ReleaseMeta | undefined,
): Promise<ReleasedWorkflowTarget[]> {
  const targets: ReleasedWorkflowTarget[] = [];
  const loading = releaseLoading(paths, meta);
  for (const spec of workflows) {
    const released = meta?.workflows.find((w) => w.name === spec.name || w.workflowId === spec.workflowId);
    const file = path.join(paths.dir, released?.file ?? releasedWorkflowFile(spec));
    const graphVariable = spec.graphVariable ?? variableOf(released?.graph) ?? 'graph';
    const candidates = [
      path.join(paths.tests, testsFileName(spec.slug)),
      released?.tests ? path.join(paths.dir, released.tests) : undefined,
      spec.testsFile,
    ].filter((c): c is string => c !== undefined);
    let testsFile: string | undefined;
    for (const candidate of candidates) {
      if (await pathExists(candidate)) {
        testsFile = candidate;
        break;
      }
    }
    targets.push({ spec, file, graphVariable, ref: `${file}:${graphVariable}`, testsFile, loading });
  }
  return targets;
}
