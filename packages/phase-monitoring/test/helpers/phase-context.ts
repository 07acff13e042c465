import path from 'node:path';
import {
  ENVIRONMENT_SETUP,
  DeployError,
  type EnvironmentLayout,
  type EnvironmentSettings,
  type FactKey,
  type LogLevel,
  type Notifier,
  type PhaseContext,
  type ReleaseHandle,
  type ReleaseStore,
  type WorkflowSpec,
} from '@exec-automator/core';
import { defaultSettings } from '@exec-automator/core/config';
import { PythonBridge } from '@exec-automator/core/python';
import { EnvSecretsBackend, Redactor } from '@exec-automator/core/secrets';
import { FactStore } from '@exec-automator/core/state';

/** What {@link createTestContext} builds a context from. */
export interface TestContextInput {
  layout: EnvironmentLayout;
  releases: ReleaseStore;
  workflows: readonly WorkflowSpec[];
  /** Undefined for a dry-run. */
  release: ReleaseHandle | undefined;
  operationId: string;
  operation?: 'deploy' | 'rollback';
  /** The secrets backend's variables (its values are registered with the redactor). */
  secrets?: NodeJS.ProcessEnv;
  settings?: Partial<EnvironmentSettings>;
  startedAt?: Date;
  /** Notification channels (default none). */
  notifiers?: readonly Notifier[];
}

/** A {@link PhaseContext} plus what the test wants to look at. */
export interface TestContext extends PhaseContext {
  readonly facts: FactStore;
  readonly logs: Array<{ level: LogLevel; message: string }>;
  readonly progressEvents: Array<{ message: string; counts?: { current: number; total: number } }>;
}

/**
 * A real PhaseContext without the Deployer: a FactStore, a PythonBridge, an EnvSecretsBackend
 * over `secrets` (never the process environment) and a Redactor holding its values. Like the
 * environment phase would, it publishes the secret names so `workflowProcessEnv` passes them on.
 */
export async function createTestContext(input: TestContextInput): Promise<TestContext> {
  const facts = new FactStore();
  const secrets = new EnvSecretsBackend(input.secrets ?? {});
  const redactor = new Redactor();
  const secretNames = await secrets.list();
  for (const name of secretNames) redactor.add(await secrets.get(name));
  facts.set(ENVIRONMENT_SETUP, {
    envFile: `${input.layout.dir}/.env`,
    variables: {},
    checkpointConfigFile: '',
    loggingConfigFile: '',
    checkpointPath: input.layout.checkpoints,
    secretNames,
  });
  const environment = input.layout.environment;
  const logs: TestContext['logs'] = [];
  const progressEvents: TestContext['progressEvents'] = [];
  return {
    operation: input.operation ?? 'deploy',
    operationId: input.operationId,
    environment,
    settings: { ...defaultSettings(environment), ...input.settings },
    mode: { dryRun: input.release === undefined, validateOnly: false, skipTests: false, force: false },
    sourceDir: input.workflows[0] ? path.dirname(input.workflows[0].file) : input.layout.dir,
    notifiers: input.notifiers ?? [],
    archivers: [],
    workflows: input.workflows,
    layout: input.layout,
    release: input.release,
    python: new PythonBridge(),
    secrets,
    signal: new AbortController().signal,
    startedAt: input.startedAt ?? new Date(),
    outcomes: [],
    failure: undefined,
    releases: input.releases,
    facts,
    logs,
    progressEvents,
    async activateRelease() {
      if (input.release) await input.releases.activate(input.release.id);
    },
    get: <T>(key: FactKey<T>) => facts.get(key),
    require<T>(key: FactKey<T>): T {
      const value = facts.get(key);
      if (value === undefined) throw new DeployError('INTERNAL', `Fact ${key.name} was not published.`);
      return value;
    },
    set: <T>(key: FactKey<T>, value: T) => facts.set(key, value),
    progress(message, counts) {
      progressEvents.push(counts ? { message, counts } : { message });
    },
    log(level, message) {
      logs.push({ level, message: redactor.redact(message) });
    },
    redact: (text) => redactor.redact(text),
  };
}
