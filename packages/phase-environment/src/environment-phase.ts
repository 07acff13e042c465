import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  deployError,
  type EnvironmentSetup,
  type Phase,
  type PhaseContext,
  type PlannedAction,
  type ReleasePaths,
} from '@exec-automator/core';
import {
  checkEnvironmentSettings,
  CHECKPOINT_KEY_SECRET,
  type CheckpointConfigFile,
  checkpointConfigFor,
  checkpointSecretNames,
} from '@exec-automator/core/config';
import { requiredSecretsForModels } from '@exec-automator/core/models';
import { assertNoPlaintextSecrets } from '@exec-automator/core/secrets';
import { readProjectEnv } from '@exec-automator/core/source';
import { writeFileAtomic, writeJsonAtomic } from '@exec-automator/core/util';
import { ensureEncryptionKey, probeStore } from './checkpoint-store.js';
import { envVariables, renderEnvFile } from './env-file.js';
import { loggingConfig } from './runtime-configs.js';
import { Facts } from './facts.js';

/** The files and directories the environment phase creates. */
interface EnvironmentTargets {
  dirs: string[];
  envFile: string;
  checkpointConfig: string;
  loggingConfig: string;
}

function targets(ctx: PhaseContext, release: ReleasePaths, checkpoint: CheckpointConfigFile): EnvironmentTargets {
  return {
    dirs: [...(checkpoint.storage_type === 'filesystem' ? [checkpoint.storage_path] : []), ctx.layout.logs, ctx.layout.metrics],
    envFile: path.join(release.dir, '.env'),
    checkpointConfig: path.join(release.configs, 'checkpoint-config.json'),
    loggingConfig: path.join(release.configs, 'logging-config.json'),
  };
}

/**
 * The API keys the workflows' models need: the agent configs' models, and for a graph without a
 * config the models loading it showed (`init_chat_model("anthropic:…")`, a model class).
 */
function modelSecretNames(ctx: PhaseContext): string[] {
  const configs = ctx.get(Facts.agentConfigs);
  const seen = [...(ctx.get(Facts.inspection)?.entries() ?? [])]
    .filter(([name]) => !configs?.has(name))
    .flatMap(([, inspection]) => (inspection.models ?? []).map((m) => (m.provider ? `${m.provider}:${m.name}` : m.name)));
  return requiredSecretsForModels([...[...(configs?.values() ?? [])].map((c) => c.model), ...seen]);
}

/**
 * A LangGraph project's `env` at deploy time: settings join the release's `.env`; secret values
 * go to the secrets backend (outside production, where secrets come from the store only), never
 * to a file. Returns the settings and the names of the project's secrets.
 */
async function importProjectEnv(ctx: PhaseContext, write: boolean): Promise<{ settings: Record<string, string>; secretNames: string[]; imported: string[] }> {
  const env = await readProjectEnv(ctx.sourceDir);
  if (!env) return { settings: {}, secretNames: [], imported: [] };
  const imported: string[] = [];
  if (ctx.environment !== 'production') {
    for (const [name, value] of Object.entries(env.secrets)) {
      if ((await ctx.secrets.get(name)) !== undefined) continue;
      if (write) await ctx.secrets.set(name, value);
      imported.push(name);
    }
  }
  return { settings: env.settings, secretNames: Object.keys(env.secrets).sort(), imported };
}

/** Refusals that hold in every mode: production keeps secrets and checkpoints protected. */
function checkPolicy(ctx: PhaseContext): CheckpointConfigFile {
  checkEnvironmentSettings(ctx.environment, ctx.settings);
  assertNoPlaintextSecrets(ctx.environment, ctx.secrets);
  return checkpointConfigFor(ctx.layout, ctx.settings.checkpoints);
}

function describeStore(config: CheckpointConfigFile): string {
  const kind = { filesystem: 'SQLite', postgres: 'PostgreSQL', redis: 'Redis' }[config.storage_type];
  const traits = [config.compression_enabled ? 'compressed' : '', config.encryption_enabled ? 'encrypted' : ''].filter(Boolean);
  return `${kind} at ${config.storage_path}${traits.length ? ` (${traits.join(', ')})` : ''}`;
}

/**
 * Seed phase 2, Environment Setup: the data directories that survive rollbacks (checkpoints,
 * logs, metrics); the checkpoint store (reachability of Postgres/Redis, the encryption key
 * generated once per environment when checkpoints are encrypted); and in the release: `.env`
 * with non-secret settings only, checkpoint-config.json and logging-config.json.
 *
 * Refuses production with a plaintext secrets backend (`SECRETS_PLAINTEXT_REFUSED`) or
 * unencrypted checkpoints (`CONFIG_INVALID`); an unreachable store is
 * `CHECKPOINT_STORE_UNREACHABLE`. Secret values stay in the secrets backend.
 */
export function environmentPhase(): Phase {
  return {
    name: 'environment',
    title: 'Environment Setup',
    kind: 'prepare',
    async plan(ctx) {
      const checkpoint = checkPolicy(ctx);
      const t = targets(ctx, ctx.layout.release(ctx.operationId), checkpoint);
      const secrets = modelSecretNames(ctx);
      const actions: PlannedAction[] = [
        ...t.dirs.map((dir): PlannedAction => ({ kind: 'create-dir', description: `Create ${path.basename(dir)}/ (kept across releases)`, target: dir })),
        { kind: 'write-file', description: 'Create .env configuration file (non-secret settings only)', target: t.envFile },
        { kind: 'write-file', description: `Configure checkpoint storage: ${describeStore(checkpoint)}`, target: t.checkpointConfig },
        { kind: 'write-file', description: 'Set up logging infrastructure (JSON lines, rotating file)', target: t.loggingConfig },
      ];
      if (checkpoint.connection) actions.push({ kind: 'check', description: `Check that the ${checkpoint.storage_type} checkpoint store answers` });
      if (checkpoint.encryption_enabled) {
        const present = (await ctx.secrets.get(CHECKPOINT_KEY_SECRET)) !== undefined;
        actions.push({ kind: 'check', description: `${present ? 'Use' : 'Generate and store'} ${CHECKPOINT_KEY_SECRET} in the ${ctx.secrets.name} secrets backend` });
      }
      if (secrets.length) actions.push({ kind: 'check', description: `Read ${secrets.join(', ')} from the ${ctx.secrets.name} secrets backend at run time (never written)` });
      const project = await importProjectEnv(ctx, false);
      if (project.imported.length) {
        actions.push({ kind: 'check', description: `Store ${project.imported.join(', ')} from the project's env in the ${ctx.secrets.name} secrets backend (never in a file of the release)` });
      }
      return actions;
    },
    async run(ctx) {
      const release = ctx.release;
      if (!release) throw deployError('INTERNAL', 'The environment phase needs a release directory.');
      const checkpoint = checkPolicy(ctx);
      const t = targets(ctx, release.paths, checkpoint);
      const warnings: string[] = [];
      if (checkpoint.connection) {
        ctx.progress(`Checking the ${checkpoint.storage_type} checkpoint store`);
        await probeStore(checkpoint, checkpoint.connection.connect_timeout * 1000);
        if ((await ctx.secrets.get(checkpoint.connection.password_secret)) === undefined) {
          warnings.push(`${checkpoint.connection.password_secret} is not set in the ${ctx.secrets.name} secrets backend: connecting to ${checkpoint.storage_type} without a password`);
        }
      }
      const keyGenerated = checkpoint.encryption_enabled ? await ensureEncryptionKey(ctx.secrets, checkpoint.encryption_key_secret) : false;
      if (keyGenerated) ctx.log('info', `Generated ${CHECKPOINT_KEY_SECRET} and stored it in the ${ctx.secrets.name} secrets backend`);
      for (const dir of t.dirs) await mkdir(dir, { recursive: true });
      const project = ctx.operation === 'deploy' ? await importProjectEnv(ctx, true) : { settings: {}, secretNames: [], imported: [] };
      if (project.imported.length) ctx.log('info', `Stored ${project.imported.join(', ')} from the project's env in the ${ctx.secrets.name} secrets backend`);
      const managed = envVariables({
        environment: ctx.environment,
        deploymentId: ctx.operationId,
        layout: ctx.layout,
        settings: ctx.settings,
        checkpointPath: checkpoint.storage_path,
        checkpointStorage: checkpoint.storage_type,
      });
      // The project's settings never override what exec-automator manages (WORKFLOW_ENV, paths, limits).
      const variables = { ...project.settings, ...managed };
      const modelSecrets = modelSecretNames(ctx);
      const secrets = [...new Set([...modelSecrets, ...checkpointSecretNames(checkpoint), ...project.secretNames])];
      await writeFileAtomic(t.envFile, renderEnvFile(variables, secrets, ctx.secrets.name, ctx.startedAt.toISOString()), { mode: 0o640 });
      await writeJsonAtomic(t.checkpointConfig, checkpoint);
      await writeJsonAtomic(t.loggingConfig, loggingConfig(ctx.layout, ctx.settings));
      const setup: EnvironmentSetup = {
        envFile: t.envFile,
        variables,
        checkpointConfigFile: t.checkpointConfig,
        loggingConfigFile: t.loggingConfig,
        checkpointPath: checkpoint.storage_path,
        secretNames: secrets,
      };
      ctx.set(Facts.environmentSetup, setup);
      return {
        summary: `.env (${Object.keys(variables).length} settings), checkpoints in ${describeStore(checkpoint)}, logging config written; ${secrets.length} secret(s) from ${ctx.secrets.name}`,
        files: [t.envFile, t.checkpointConfig, t.loggingConfig],
        ...(warnings.length ? { warnings } : {}),
        data: {
          secrets,
          secretsBackend: ctx.secrets.name,
          checkpointPath: checkpoint.storage_path,
          checkpointStorage: checkpoint.storage_type,
          encryption: checkpoint.encryption_enabled,
          encryptionKeyGenerated: keyGenerated,
        },
      };
    },
  };
}
