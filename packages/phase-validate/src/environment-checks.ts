import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import { type PhaseContext } from '@exec-automator/core';
import { requiredSecretsForModels } from '@exec-automator/core/models';
import { setSecretCommand } from '@exec-automator/core/secrets';
import { type AgentConfig, type ProjectEnv } from '@exec-automator/core/source';
import type { CheckTally, Finding } from './check-tally.js';

/** The secrets the workflows need, derived from their models (claude-* → ANTHROPIC_API_KEY, ...). */
export function requiredSecrets(configs: Iterable<AgentConfig>): string[] {
  return requiredSecretsForModels([...configs].map((c) => c.model));
}

/** Python logging levels LOG_LEVEL may name. */
const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];

/**
 * The seed's environment validation: each API key the models need has a value in the secrets
 * backend (only SET / NOT SET is ever reported, never a value; in dev a missing key is a warning
 * because tests use fake models, in staging and production an error), and the settings the
 * deployment will write as WORKFLOW_ENV, CHECKPOINT_STORAGE_PATH, LOG_LEVEL and
 * MONITORING_ENDPOINT are usable. Nothing is written: the checkpoint directory is checked through
 * its nearest existing ancestor.
 */
export async function environmentChecks(
  ctx: PhaseContext,
  secretNames: readonly string[],
  tally: CheckTally,
  projectEnv?: ProjectEnv,
): Promise<Record<string, 'SET' | 'NOT SET'>> {
  const state: Record<string, 'SET' | 'NOT SET'> = {};
  const backend = ctx.secrets.name;
  // The project's own env (langgraph.json `env`) provides secrets outside production: the
  // environment phase stores them in the secrets backend.
  const fromProject = (name: string): boolean => ctx.environment !== 'production' && projectEnv?.secrets[name] !== undefined;
  for (const name of secretNames) {
    const set = (await ctx.secrets.get(name)) !== undefined || fromProject(name);
    state[name] = set ? 'SET' : 'NOT SET';
    const fix = setSecretCommand(name, ctx.environment, ctx.secrets, ctx.layout.root);
    if (set) tally.record(`env.${name}`);
    else if (ctx.environment === 'dev') {
      tally.record(`env.${name}`, [{ code: 'ENV_VAR_MISSING_DEV', message: `${name} is not set (secrets backend: ${backend}); allowed in dev, where tests use fake models`, fix }]);
    } else tally.record(`env.${name}`, [{ code: 'ENV_VAR_MISSING', message: `${name} is not set (secrets backend: ${backend})`, fix }]);
  }

  state.WORKFLOW_ENV = 'SET';
  tally.record('env.WORKFLOW_ENV', workflowEnvFindings(ctx.environment));
  state.CHECKPOINT_STORAGE_PATH = 'SET';
  tally.record('env.CHECKPOINT_STORAGE_PATH', await checkpointFindings(ctx));
  const level = ctx.settings.logLevel;
  state.LOG_LEVEL = level ? 'SET' : 'NOT SET';
  tally.record(
    'env.LOG_LEVEL',
    LOG_LEVELS.includes(String(level))
      ? []
      : [{ code: 'ENV_VAR_INVALID', message: `LOG_LEVEL "${String(level)}" is not a Python logging level`, fix: `set logLevel to one of ${LOG_LEVELS.join(', ')}` }],
  );
  state.MONITORING_ENDPOINT = 'SET';
  tally.record('env.MONITORING_ENDPOINT', monitoringFindings(ctx.settings.monitoringEndpoint));
  return state;
}

function workflowEnvFindings(environment: string): Finding[] {
  const inherited = process.env.WORKFLOW_ENV;
  if (inherited === undefined || inherited === environment) return [];
  // The deployment writes WORKFLOW_ENV itself; a different inherited value means the shell was
  // prepared for another environment, which is worth a look but does not change the deployment.
  return [{
    code: 'ENV_VAR_INVALID',
    severity: 'warning',
    message: `WORKFLOW_ENV is "${inherited}" in this shell, but the target is ${environment}; the deployment sets WORKFLOW_ENV=${environment}`,
    fix: 'unset WORKFLOW_ENV or deploy to the environment it names',
  }];
}

async function checkpointFindings(ctx: PhaseContext): Promise<Finding[]> {
  const backend = (ctx.settings as { checkpoints?: { backend?: string } }).checkpoints?.backend;
  if (backend !== undefined && backend !== 'filesystem') return [];
  const dir = ctx.layout.checkpoints;
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      const info = await stat(current);
      if (!info.isDirectory()) {
        return [{ code: 'ENV_VAR_INVALID', file: current, message: `CHECKPOINT_STORAGE_PATH ${dir} cannot be created: ${current} is not a directory`, fix: `remove ${current} or choose another --root` }];
      }
      await access(current, constants.W_OK);
      return [];
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        return [{ code: 'ENV_VAR_INVALID', message: `CHECKPOINT_STORAGE_PATH ${dir} is not writable (${current}: ${code})`, fix: `give this user write access to ${current}, or choose another --root` }];
      }
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    }
    if (path.dirname(current) === current) return [];
  }
}

function monitoringFindings(endpoint: string | undefined): Finding[] {
  if (endpoint === undefined) return []; // the environment's local metrics directory
  if (path.isAbsolute(endpoint)) return [];
  try {
    const url = new URL(endpoint);
    if (['http:', 'https:', 'file:'].includes(url.protocol)) return [];
    return [{ code: 'ENV_VAR_INVALID', message: `MONITORING_ENDPOINT uses unsupported scheme ${url.protocol}`, fix: 'use an http(s):// or file:// URL, or an absolute path' }];
  } catch {
    return [{ code: 'ENV_VAR_INVALID', message: `MONITORING_ENDPOINT "${endpoint}" is not a URL or an absolute path`, fix: 'use an http(s):// or file:// URL, or an absolute path' }];
  }
}

/**
 * What the project's `env` means for the deployment: a named env file that does not exist is a
 * warning (its variables are not read); in production, secret values found there are never
 * imported (production takes secrets from its store only: set them with `exec-automator secrets
 * set NAME --from-stdin --environment=production`); where the secrets backend keeps values for
 * this process only (the `env` backend of dev), they serve this deployment's checks and later
 * runs need them in the process environment.
 */
export function projectEnvFindings(ctx: PhaseContext, env: ProjectEnv): Finding[] {
  const findings: Finding[] = [];
  if (env.missing && env.file) {
    findings.push({
      code: 'ENV_FILE_MISSING',
      file: env.file,
      message: `the env file ${env.relative ?? env.file} named in langgraph.json does not exist: its variables are not read`,
      fix: `create ${env.relative ?? env.file} (e.g. from .env.example) or set the variables in the ${ctx.secrets.name} secrets backend`,
    });
  }
  const names = Object.keys(env.secrets).sort();
  if (names.length === 0) return findings;
  if (ctx.environment === 'production') {
    findings.push({
      code: 'ENV_SECRET_NOT_IMPORTED',
      ...(env.file ? { file: env.file } : {}),
      message: `secret values in the project's env (${names.join(', ')}) are not imported: production reads secrets from its store only`,
      fix: `exec-automator secrets set ${names[0]} --from-stdin --environment=production (for each of ${names.join(', ')})`,
    });
  } else if (ctx.secrets.persistent === false) {
    findings.push({
      code: 'ENV_SECRET_NOT_IMPORTED',
      ...(env.file ? { file: env.file } : {}),
      message: `secrets of the project's env (${names.join(', ')}) are used for this deployment only: the ${ctx.secrets.name} secrets backend keeps no values, so later runs read them from the process environment`,
      fix: `export ${names.join(', ')} before \`exec-automator invoke\`, or use the encrypted secrets store (secrets.backend: "encrypted-file")`,
    });
  }
  return findings;
}
