import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { deployError } from '../errors/deploy-error.js';
import type { EnvironmentLayout } from '../environment/layout.js';
import type { CheckpointerSpec } from '../python/runner-protocol.js';
import type { SecretsBackend } from '../secrets/secrets-backend.js';
import { CHECKPOINT_BACKENDS, type CheckpointSettings } from './storage-settings.js';

/** The secret that holds the checkpoint encryption key (LangGraph's own variable name). */
export const CHECKPOINT_KEY_SECRET = 'LANGGRAPH_AES_KEY';

const connection = z.union([
  z.object({
    host: z.string(),
    port: z.number().int(),
    database: z.string(),
    user: z.string(),
    sslmode: z.string(),
    connect_timeout: z.number().int(),
    password_secret: z.string(),
  }),
  z.object({ url: z.string(), connect_timeout: z.number().int(), password_secret: z.string() }),
]);

const checkpointConfigFile = z.looseObject({
  storage_type: z.enum(CHECKPOINT_BACKENDS),
  storage_path: z.string(),
  database: z.string().optional(),
  connection: connection.optional(),
  retention_days: z.number().int().min(1),
  compression_enabled: z.boolean(),
  encryption_enabled: z.boolean(),
  encryption_key_secret: z.string().optional(),
});

/**
 * The seed's `configs/checkpoint-config.json`, extended with what the runner needs to connect:
 * the SQLite file, or the Postgres/Redis connection with the *name* of the secret holding the
 * password. No secret value is ever part of it.
 */
export type CheckpointConfigFile = z.infer<typeof checkpointConfigFile>;

/** zod schema of checkpoint-config.json. */
export const checkpointConfigFileSchema: z.ZodType<CheckpointConfigFile> = checkpointConfigFile;

/** checkpoint-config.json for an environment with the given settings. */
export function checkpointConfigFor(layout: EnvironmentLayout, settings: CheckpointSettings): CheckpointConfigFile {
  const common = {
    retention_days: settings.retentionDays,
    compression_enabled: settings.compression,
    encryption_enabled: settings.encryption,
    ...(settings.encryption ? { encryption_key_secret: CHECKPOINT_KEY_SECRET } : {}),
  };
  if (settings.backend === 'postgres') {
    const pg = settings.postgres;
    return {
      storage_type: 'postgres',
      storage_path: `postgresql://${pg.user}@${pg.host}:${pg.port}/${pg.database}`,
      connection: {
        host: pg.host,
        port: pg.port,
        database: pg.database,
        user: pg.user,
        sslmode: pg.sslmode,
        connect_timeout: pg.connectTimeoutSeconds,
        password_secret: pg.passwordSecret,
      },
      ...common,
    };
  }
  if (settings.backend === 'redis') {
    const redis = settings.redis;
    return {
      storage_type: 'redis',
      storage_path: redis.url,
      connection: { url: redis.url, connect_timeout: redis.connectTimeoutSeconds, password_secret: redis.passwordSecret },
      ...common,
    };
  }
  return {
    storage_type: 'filesystem',
    storage_path: layout.checkpoints,
    database: path.join(layout.checkpoints, 'checkpoints.sqlite'),
    ...common,
  };
}

/** Reads and validates a checkpoint-config.json (`CONFIG_INVALID` when it is not one). */
export async function readCheckpointConfig(file: string): Promise<CheckpointConfigFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw deployError('CONFIG_INVALID', `Cannot read checkpoint configuration ${file}: ${(error as Error).message}`, { details: { file }, cause: error });
  }
  const parsed = checkpointConfigFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw deployError('CONFIG_INVALID', `Checkpoint configuration ${file} is invalid:\n  ${problems.join('\n  ')}`, { details: { file, problems } });
  }
  return parsed.data;
}

/**
 * The runner's {@link CheckpointerSpec} for a checkpoint-config.json. Passwords and the
 * encryption key are named by environment variable (`password_env`, `encryption.key_env`):
 * the runner reads them from its process environment, which {@link checkpointSecretsEnv}
 * (or `workflowProcessEnv` inside a deployment) fills from the secrets backend.
 */
export function checkpointerSpec(config: CheckpointConfigFile): CheckpointerSpec {
  const options = {
    compression: config.compression_enabled,
    encryption: config.encryption_enabled ? { key_env: config.encryption_key_secret ?? CHECKPOINT_KEY_SECRET } : null,
  };
  const conn = config.connection;
  if (config.storage_type === 'postgres') {
    if (!conn || !('host' in conn)) throw deployError('CONFIG_INVALID', 'checkpoint-config.json: a postgres store needs connection.host/port/database/user.');
    const conninfo = [
      `host=${conn.host}`,
      `port=${conn.port}`,
      `dbname=${conn.database}`,
      `user=${conn.user}`,
      `sslmode=${conn.sslmode}`,
      `connect_timeout=${conn.connect_timeout}`,
    ].join(' ');
    return { type: 'postgres', conninfo, password_env: conn.password_secret, ...options };
  }
  if (config.storage_type === 'redis') {
    if (!conn || !('url' in conn)) throw deployError('CONFIG_INVALID', 'checkpoint-config.json: a redis store needs connection.url.');
    return { type: 'redis', url: conn.url, password_env: conn.password_secret, connect_timeout: conn.connect_timeout, ...options };
  }
  return { type: 'sqlite', path: config.database ?? path.join(config.storage_path, 'checkpoints.sqlite'), ...options };
}

/** Names of the secrets the checkpointer needs at run time (password, encryption key). */
export function checkpointSecretNames(config: CheckpointConfigFile): string[] {
  const names: string[] = [];
  if (config.connection) names.push(config.connection.password_secret);
  if (config.encryption_enabled) names.push(config.encryption_key_secret ?? CHECKPOINT_KEY_SECRET);
  return names;
}

/** Python requirement lines the checkpointer needs beyond the base list (SQLite is in the base). */
export function checkpointRequirements(config: Pick<CheckpointConfigFile, 'storage_type' | 'encryption_enabled'>): string[] {
  const lines: string[] = [];
  if (config.storage_type === 'postgres') lines.push('langgraph-checkpoint-postgres>=2.0.0', 'psycopg[binary]>=3.1');
  if (config.storage_type === 'redis') lines.push('langgraph-checkpoint-redis>=0.1.0');
  if (config.encryption_enabled) lines.push('pycryptodome>=3.20');
  return lines;
}

/**
 * The variables a runner process needs for this checkpointer, read from the secrets backend:
 * pass them in the worker's `env` (never write them to a file). Secrets without a value are
 * left out; the runner then reports which variable is missing.
 */
export async function checkpointSecretsEnv(config: CheckpointConfigFile, secrets: SecretsBackend): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const name of checkpointSecretNames(config)) {
    const value = await secrets.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Everything a host needs to run graphs against an environment's checkpoint store. */
export interface CheckpointRuntime {
  /** The parsed checkpoint-config.json. */
  config: CheckpointConfigFile;
  /** What to pass as `checkpointer` to the runner's `invoke` op. */
  spec: CheckpointerSpec;
  /** Secret variables to add to the runner worker's environment. */
  env: Record<string, string>;
}

/**
 * The checkpoint runtime of a release: reads `<release>/configs/checkpoint-config.json` (or
 * `configFile`), builds the runner spec and fetches the secrets it names.
 */
export async function checkpointRuntime(configFile: string, secrets: SecretsBackend): Promise<CheckpointRuntime> {
  const config = await readCheckpointConfig(configFile);
  return { config, spec: checkpointerSpec(config), env: await checkpointSecretsEnv(config, secrets) };
}
