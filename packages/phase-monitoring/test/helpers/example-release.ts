import { copyFile, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentLayout, type EnvironmentName, type ReleaseHandle, ReleaseStore, type WorkflowSpec } from '@exec-automator/core';
import { discoverWorkflows } from '@exec-automator/core/source';
import { newOperationId } from '@exec-automator/core/util';

/** The repository's example workflows (two workflows, agent configs, test cases). */
export const EXAMPLES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/workflows');

/** A release of the example workflows, built by hand the way the release phase lays it out. */
export interface ExampleRelease {
  /** Temp root holding the environment. */
  root: string;
  /** The environment's paths. */
  layout: EnvironmentLayout;
  /** The release store. */
  releases: ReleaseStore;
  /** The release (current). */
  release: ReleaseHandle;
  /** Specs as a deployment sees them: paths into the source directory. */
  specs: WorkflowSpec[];
}

/**
 * Builds `<root>/<env>/releases/<id>/{workflows,configs,tests,monitoring}` with `release.json`,
 * the seed's `workflow-registry.json`, a `venv` link to `venvDir`, and makes it current (so the
 * stable paths `<env>/monitoring`, `<env>/workflows`, ... resolve into it).
 */
export async function createExampleRelease(venvDir: string, environment: EnvironmentName = 'dev'): Promise<ExampleRelease> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ea-phase-monitoring-'));
  const layout = new EnvironmentLayout(root, environment);
  const releases = new ReleaseStore(layout);
  const specs = await discoverWorkflows(EXAMPLES_DIR, 'all');
  const id = newOperationId('dep');
  const paths = layout.release(id);
  await releases.create({
    id,
    environment,
    source: EXAMPLES_DIR,
    workflows: specs.map((s) => ({
      name: s.name,
      workflowId: s.workflowId,
      file: `workflows/${s.fileName}`,
      graph: `./workflows/${s.fileName}:graph`,
      ...(s.agentConfigFile ? { agentConfig: `configs/${path.basename(s.agentConfigFile)}` } : {}),
      ...(s.testsFile ? { tests: `tests/${path.basename(s.testsFile)}` } : {}),
    })),
  });
  for (const dir of [paths.workflows, paths.configs, paths.tests, paths.monitoring]) await mkdir(dir, { recursive: true });
  for (const s of specs) {
    await copyFile(s.file, path.join(paths.workflows, s.fileName));
    if (s.agentConfigFile) await copyFile(s.agentConfigFile, path.join(paths.configs, path.basename(s.agentConfigFile)));
    if (s.testsFile) await copyFile(s.testsFile, path.join(paths.tests, path.basename(s.testsFile)));
  }
  const registry = {
    registry_version: '1.0.0',
    deployment_id: id,
    deployment_timestamp: new Date().toISOString(),
    environment,
    organization: 'Exec-Automator',
    workflows: specs.map((s) => ({
      workflow_id: s.workflowId,
      workflow_file: s.fileName,
      agent_config: s.agentConfigFile ? path.basename(s.agentConfigFile) : null,
      deployment_status: 'active',
    })),
  };
  await writeFile(path.join(paths.configs, 'workflow-registry.json'), `${JSON.stringify(registry, null, 2)}\n`);
  await symlink(venvDir, paths.venv);
  await releases.activate(id);
  return { root, layout, releases, release: { id, paths, previousId: null }, specs };
}
