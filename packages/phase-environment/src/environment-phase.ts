import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  DeployError,
  Facts,
  requiredSecretsForModels,
  writeFileAtomic,
  writeJsonAtomic,
  type EnvironmentSetup,
  type Phase,
  type PhaseContext,
  type PlannedAction,
  type ReleasePaths,
} from '@exec-automator/core';
import { envVariables, renderEnvFile } from './env-file.js';
import { checkpointConfig, loggingConfig } from './runtime-configs.js';

/** The files and directories the environment phase creates. */
interface EnvironmentTargets {
  dirs: string[];
  envFile: string;
  checkpointConfig: string;
  loggingConfig: string;
}

function targets(ctx: PhaseContext, release: ReleasePaths): EnvironmentTargets {
  return {
    dirs: [ctx.layout.checkpoints, ctx.layout.logs, ctx.layout.metrics],
    envFile: path.join(release.dir, '.env'),
    checkpointConfig: path.join(release.configs, 'checkpoint-config.json'),
    loggingConfig: path.join(release.configs, 'logging-config.json'),
  };
}

function secretNames(ctx: PhaseContext): string[] {
  const configs = ctx.get(Facts.agentConfigs);
  return requiredSecretsForModels([...(configs?.values() ?? [])].map((c) => c.model));
}

/**
 * Seed phase 2, Environment Setup: the data directories that survive rollbacks (checkpoints,
 * logs, metrics), and in the release: `.env` with non-secret settings only,
 * checkpoint-config.json and logging-config.json. Secret values stay in the secrets backend.
 */
export function environmentPhase(): Phase {
  return {
    name: 'environment',
    title: 'Environment Setup',
    kind: 'prepare',
    async plan(ctx) {
      const t = targets(ctx, ctx.layout.release(ctx.operationId));
      const secrets = secretNames(ctx);
      const actions: PlannedAction[] = [
        ...t.dirs.map((dir): PlannedAction => ({ kind: 'create-dir', description: `Create ${path.basename(dir)}/ (kept across releases)`, target: dir })),
        { kind: 'write-file', description: 'Create .env configuration file (non-secret settings only)', target: t.envFile },
        { kind: 'write-file', description: 'Configure checkpoint storage (SQLite)', target: t.checkpointConfig },
        { kind: 'write-file', description: 'Set up logging infrastructure (JSON lines, rotating file)', target: t.loggingConfig },
      ];
      if (secrets.length) actions.push({ kind: 'check', description: `Read ${secrets.join(', ')} from the ${ctx.secrets.name} secrets backend at run time (never written)` });
      return actions;
    },
    async run(ctx) {
      const release = ctx.release;
      if (!release) throw new DeployError('INTERNAL', 'The environment phase needs a release directory.');
      const t = targets(ctx, release.paths);
      for (const dir of t.dirs) await mkdir(dir, { recursive: true });
      const checkpoint = checkpointConfig(ctx.layout, ctx.environment);
      const variables = envVariables({
        environment: ctx.environment,
        deploymentId: ctx.operationId,
        layout: ctx.layout,
        settings: ctx.settings,
        checkpointPath: checkpoint.storage_path,
      });
      const secrets = secretNames(ctx);
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
        summary: `.env (${Object.keys(variables).length} settings), checkpoint and logging config written; ${secrets.length} secret(s) from ${ctx.secrets.name}`,
        files: [t.envFile, t.checkpointConfig, t.loggingConfig],
        data: { secrets: secrets, checkpointPath: checkpoint.storage_path },
      };
    },
  };
}
