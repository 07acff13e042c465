import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Archiver,
  type DeployError,
  type DeployMode,
  EnvironmentLayout,
  type EnvironmentName,
  type EnvironmentSettings,
  type FactKey,
  type PhaseContext,
  type PhaseOutcome,
  type ReleaseHandle,
  ReleaseStore,
  type WorkflowSpec,
} from '@exec-automator/core';
import { defaultSettings } from '@exec-automator/core/config';
import { PythonBridge } from '@exec-automator/core/python';
import { EnvSecretsBackend, Redactor } from '@exec-automator/core/secrets';
import { discoverWorkflows } from '@exec-automator/core/source';
import { FactStore } from '@exec-automator/core/state';

/** The repository's example workflows: real files to stat and copy. */
export const EXAMPLES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/workflows');

/** A temporary root directory, removed by `cleanup`. */
export async function tempRoot(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'phase-rollback-'));
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** The example workflows as the Deployer discovers them. */
export function exampleWorkflows(): Promise<WorkflowSpec[]> {
  return discoverWorkflows(EXAMPLES_DIR, 'all');
}

/** What {@link makeContext} accepts. */
export interface ContextOptions {
  root: string;
  environment?: EnvironmentName;
  operationId?: string;
  startedAt?: Date;
  mode?: Partial<DeployMode>;
  workflows?: readonly WorkflowSpec[];
  release?: ReleaseHandle;
  outcomes?: PhaseOutcome[];
  failure?: DeployError;
  settings?: Partial<EnvironmentSettings>;
  redactor?: Redactor;
  archivers?: readonly Archiver[];
}

/** A hand-built {@link PhaseContext} with real core services, plus its fact store. */
export interface TestContext extends PhaseContext {
  readonly facts: FactStore;
  readonly store: ReleaseStore;
}

/**
 * A PhaseContext for one phase under test: real FactStore, EnvironmentLayout on a temp root,
 * ReleaseStore, settings, env secrets backend, Python bridge and Redactor. Nothing is faked but
 * the pipeline around the phase (outcomes and failure are given).
 */
export function makeContext(options: ContextOptions): TestContext {
  const environment = options.environment ?? 'staging';
  const layout = new EnvironmentLayout(options.root, environment);
  const store = new ReleaseStore(layout);
  const facts = new FactStore();
  const redactor = options.redactor ?? new Redactor();
  const operationId = options.operationId ?? options.release?.id ?? 'dep-20261125T031500000Z-0001';
  const require = <T>(key: FactKey<T>): T => {
    const value = facts.get(key);
    if (value === undefined) throw new Error(`missing fact ${key.name}`);
    return value;
  };
  return {
    facts,
    store,
    notifiers: [],
    archivers: options.archivers ?? [],
    operation: 'deploy',
    operationId,
    environment,
    settings: { ...defaultSettings(environment), ...options.settings },
    mode: { dryRun: false, validateOnly: false, skipTests: false, force: false, ...options.mode },
    sourceDir: EXAMPLES_DIR,
    workflows: options.workflows ?? [],
    layout,
    release: options.release,
    python: new PythonBridge(),
    secrets: new EnvSecretsBackend({}),
    signal: new AbortController().signal,
    startedAt: options.startedAt ?? new Date('2026-11-25T03:15:00.000Z'),
    outcomes: options.outcomes ?? [],
    failure: options.failure,
    releases: store,
    activateRelease: async () => {
      if (!options.release) throw new Error('no release');
      await store.activate(options.release.id);
    },
    get: (key) => facts.get(key),
    require,
    set: (key, value) => facts.set(key, value),
    progress: () => undefined,
    log: () => undefined,
    redact: (text) => redactor.redact(text),
  };
}

/**
 * Creates a real release holding the workflows' files, a registry and agent configs, like the
 * release phase does; optionally marks it good and makes it current.
 */
export async function createRelease(
  root: string,
  id: string,
  workflows: readonly WorkflowSpec[],
  options: { environment?: EnvironmentName; activate?: boolean; status?: 'good' | 'bad' } = {},
): Promise<ReleaseHandle> {
  const layout = new EnvironmentLayout(root, options.environment ?? 'staging');
  const store = new ReleaseStore(layout);
  const previousId = await store.currentId();
  const paths = layout.release(id);
  await store.create({
    id,
    environment: layout.environment,
    source: EXAMPLES_DIR,
    workflows: workflows.map((w) => ({
      name: w.name,
      workflowId: w.workflowId,
      file: `workflows/${w.fileName}`,
      graph: `./workflows/${w.fileName}:graph`,
      ...(w.agentConfigFile ? { agentConfig: `configs/${path.basename(w.agentConfigFile)}` } : {}),
    })),
  });
  await mkdir(paths.workflows, { recursive: true });
  await mkdir(paths.configs, { recursive: true });
  for (const w of workflows) {
    await writeFile(path.join(paths.workflows, w.fileName), `# ${w.name} in ${id}\n`);
    if (w.agentConfigFile) await writeFile(path.join(paths.configs, path.basename(w.agentConfigFile)), '{}\n');
  }
  await writeFile(path.join(paths.configs, 'workflow-registry.json'), JSON.stringify({ release: id }));
  if (options.status) await store.mark(id, options.status);
  if (options.activate) await store.activate(id);
  return { id, paths, previousId };
}

/** Every file and directory under `dir`, relative, sorted (empty when `dir` does not exist). */
export async function listTree(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true });
    return entries.map(String).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
