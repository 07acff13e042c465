import { access, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { checkpointerSpec, checkpointSecretNames, readCheckpointConfig, parseEnvFile } from '@exec-automator/core/config';
import { type EnvironmentLayout, deployError, type ReleaseMeta, ReleaseStore } from '@exec-automator/core';
import { requiredSecretsForModels } from '@exec-automator/core/models';
import type { CheckpointerSpec, InvokeLogging, ProjectLoading } from '@exec-automator/core/python';
import type { ReleasedWorkflow } from '@exec-automator/core/state';
import { environmentFlags } from '@exec-automator/core/secrets';

/** A workflow of the current release, with everything needed to run it. */
export interface DeployedWorkflow {
  /** The current release. */
  release: ReleaseMeta;
  /** The release directory (real path: a later switch of `current` does not change it). */
  releaseDir: string;
  /** The workflow. */
  workflow: ReleasedWorkflow;
  /** Graph reference for the runner: `<releaseDir>/workflows/<file>.py:<variable>`. */
  ref: string;
  /** The release venv's interpreter. */
  python: string;
  /** The environment's checkpointer (`configs/checkpoint-config.json`). */
  checkpointer: CheckpointerSpec;
  /** The release's logging (`configs/logging-config.json`), when it has one. */
  logging: InvokeLogging | undefined;
  /** The model of the workflow's agent config, if any. */
  model: string | undefined;
  /** Where the release's project modules are loaded from (`sys.path`, working directory). */
  loading: ProjectLoading;
  /**
   * Secrets the workflow's code needs (its model's API key, the project's `.env` secrets), read
   * from the secrets backend at run time and passed in the process environment only. Secrets
   * only other workflows of the release need (their models' keys) are not among them.
   */
  secretNames: string[];
  /**
   * Secrets of the checkpoint store (password, encryption key): sent to the runner in the request
   * (`runner_secrets`), never in its environment.
   */
  checkpointSecretNames: string[];
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

/**
 * The checkpointer of a release and the secrets it names, from its
 * `configs/checkpoint-config.json` (SQLite, Postgres or Redis; compression, encryption). A
 * release without the file uses SQLite at `<env>/checkpoints/checkpoints.sqlite`; an invalid
 * file is `CONFIG_INVALID` (a run never silently goes to another store).
 */
export async function checkpointerForRelease(releaseDir: string, layout: EnvironmentLayout): Promise<{ spec: CheckpointerSpec; secretNames: string[] }> {
  const file = path.join(releaseDir, 'configs', 'checkpoint-config.json');
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (!exists) return { spec: { type: 'sqlite', path: path.join(layout.checkpoints, 'checkpoints.sqlite') }, secretNames: [] };
  const config = await readCheckpointConfig(file);
  return { spec: checkpointerSpec(config), secretNames: checkpointSecretNames(config) };
}

/**
 * Finds `name` (workflow name, graph id verbatim, or seed workflow id) in the environment's current release.
 * Throws `NOT_DEPLOYED` when nothing is deployed or the release does not hold the workflow.
 */
export async function resolveDeployedWorkflow(layout: EnvironmentLayout, name: string): Promise<DeployedWorkflow> {
  const store = new ReleaseStore(layout);
  const currentId = await store.currentId().catch(() => null);
  if (!currentId) {
    throw deployError('NOT_DEPLOYED', `Nothing is deployed in ${layout.environment} (${layout.dir}): deploy first, e.g. \`exec-automator deploy all --source <dir> ${environmentFlags(layout.environment, layout.root)}\`.`, {
      details: { environment: layout.environment },
    });
  }
  const release = await store.read(currentId);
  const workflow = release.workflows.find((w) => w.name === name || w.graphId === name) ?? release.workflows.find((w) => w.workflowId === name);
  if (!workflow) {
    const known = release.workflows.map((w) => `${w.name} (${w.workflowId})`).join(', ');
    throw deployError('NOT_DEPLOYED', `Workflow "${name}" is not in release ${release.id} of ${layout.environment}. Deployed: ${known || 'none'}.`, {
      details: { environment: layout.environment, release: release.id, workflow: name },
    });
  }
  const releaseDir = await realpath(layout.release(release.id).dir);
  const checkpoint = await checkpointerForRelease(releaseDir, layout);
  const loggingConfig = path.join(releaseDir, 'configs', 'logging-config.json');
  const hasLogging = await access(loggingConfig).then(
    () => true,
    () => false,
  );
  const [file, variable] = splitGraphRef(workflow.graph);
  const modelOf = async (w: ReleasedWorkflow): Promise<string | undefined> => {
    if (!w.agentConfig) return undefined;
    const config = (await readJson(path.join(releaseDir, w.agentConfig)).catch(() => undefined)) as { model?: unknown } | undefined;
    return typeof config?.model === 'string' ? config.model : undefined;
  };
  const model = await modelOf(workflow);
  const own = new Set(model ? requiredSecretsForModels([model]) : []);
  // What only the other workflows' models need stays with them.
  const others = new Set<string>();
  for (const other of release.workflows) {
    if (other === workflow) continue;
    const otherModel = await modelOf(other);
    for (const name of otherModel ? requiredSecretsForModels([otherModel]) : []) if (!own.has(name)) others.add(name);
  }
  const withheld = new Set([...checkpoint.secretNames, ...others]);
  return {
    release,
    releaseDir,
    workflow,
    ref: `${path.resolve(releaseDir, file)}:${variable}`,
    // The venv link is resolved so the interpreter's prefix is the real venv.
    python: path.join(await realpath(path.join(releaseDir, 'venv')).catch(() => path.join(releaseDir, 'venv')), 'bin', 'python'),
    checkpointer: checkpoint.spec,
    logging: hasLogging ? { config: loggingConfig, workflow_id: workflow.workflowId, deployment_id: release.id } : undefined,
    model,
    loading: release.project
      ? { sys_path: release.project.sysPath.map((p) => path.join(releaseDir, p)), cwd: path.join(releaseDir, release.project.cwd) }
      : { sys_path: [path.join(releaseDir, 'workflows')] },
    // The release's own list (models seen when loading, the project's env secrets) covers graphs without an agent config.
    secretNames: [...new Set([...own, ...(release.secretNames ?? []).filter((n) => !withheld.has(n))])].sort(),
    checkpointSecretNames: [...checkpoint.secretNames].sort(),
  };
}

/** `./workflows/x.py:graph` → [`./workflows/x.py`, `graph`]. */
function splitGraphRef(ref: string): [string, string] {
  const index = ref.lastIndexOf(':');
  return index <= 0 ? [ref, 'graph'] : [ref.slice(0, index), ref.slice(index + 1)];
}

/**
 * The `.env` variables of a release (non-secret settings; absent file: none). Secrets are not
 * there: they come from the secrets backend.
 */
export async function readReleaseEnv(releaseDir: string): Promise<Record<string, string>> {
  try {
    return parseEnvFile(await readFile(path.join(releaseDir, '.env'), 'utf8'));
  } catch {
    return {};
  }
}
