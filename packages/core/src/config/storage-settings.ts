import { z } from 'zod';
import type { EnvironmentName } from '../environment/environments.js';

/** The checkpoint stores the runner can attach to a graph. */
export const CHECKPOINT_BACKENDS = ['filesystem', 'postgres', 'redis'] as const;

/** One of {@link CHECKPOINT_BACKENDS}: `filesystem` is SQLite under `<env>/checkpoints`. */
export type CheckpointBackend = (typeof CHECKPOINT_BACKENDS)[number];

/** The built-in secrets backends a configuration file can choose. */
export const SECRETS_BACKENDS = ['env', 'encrypted-file'] as const;

/** One of {@link SECRETS_BACKENDS}. */
export type SecretsBackendName = (typeof SECRETS_BACKENDS)[number];

/** A secret's name: what the secrets backend stores a value under (never the value itself). */
const secretName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a secret name such as CHECKPOINT_POSTGRES_PASSWORD');

const postgresInput = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    database: z.string().min(1),
    user: z.string().min(1),
    passwordSecret: secretName,
    sslmode: z.enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']),
    connectTimeoutSeconds: z.number().int().min(1),
  })
  .partial()
  .strict();

const redisInput = z
  .object({
    // host[:port][/db] only: credentials in a URL would be written to checkpoint-config.json.
    url: z.string().regex(/^rediss?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/\d+)?$/, 'expected redis://host[:port][/db] with no user or password (the password is a secret: passwordSecret)'),
    passwordSecret: secretName,
    connectTimeoutSeconds: z.number().int().min(1),
  })
  .partial()
  .strict();

const checkpointInput = z
  .object({
    backend: z.enum(CHECKPOINT_BACKENDS),
    retentionDays: z.number().int().min(1),
    compression: z.boolean(),
    encryption: z.boolean(),
    postgres: postgresInput,
    redis: redisInput,
  })
  .partial()
  .strict();

const secretsInput = z
  .object({
    backend: z.enum(SECRETS_BACKENDS),
    envFallback: z.boolean(),
    file: z.string().min(1),
    keyFile: z.string().min(1),
    keyEnv: secretName,
  })
  .partial()
  .strict();

/** The `checkpoints` section as written in a configuration file (every field optional). */
export type CheckpointSettingsInput = z.infer<typeof checkpointInput>;

/** zod schema of the `checkpoints` section. */
export const checkpointSettingsInputSchema: z.ZodType<CheckpointSettingsInput> = checkpointInput;

/** The `secrets` section as written in a configuration file (every field optional). */
export type SecretsSettingsInput = z.infer<typeof secretsInput>;

/** zod schema of the `secrets` section. */
export const secretsSettingsInputSchema: z.ZodType<SecretsSettingsInput> = secretsInput;

/** Postgres connection of the `postgres` checkpoint backend. The password is a secret's name. */
export interface PostgresSettings {
  /** Server host. Default `127.0.0.1`. */
  host: string;
  /** Server port. Default 5432. */
  port: number;
  /** Database. Default `exec_automator`. */
  database: string;
  /** Role. Default `exec_automator`. */
  user: string;
  /** Name of the secret holding the password. Default `CHECKPOINT_POSTGRES_PASSWORD`. */
  passwordSecret: string;
  /** libpq sslmode. Default `prefer`. */
  sslmode: 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
  /** Connection timeout. Default 5. */
  connectTimeoutSeconds: number;
}

/** Redis connection of the `redis` checkpoint backend. The password is a secret's name. */
export interface RedisSettings {
  /** `redis://host:port/db` without credentials. Default `redis://127.0.0.1:6379/0`. */
  url: string;
  /** Name of the secret holding the password (unset secret: no AUTH). Default `CHECKPOINT_REDIS_PASSWORD`. */
  passwordSecret: string;
  /** Connection timeout. Default 5. */
  connectTimeoutSeconds: number;
}

/** Resolved checkpoint storage settings of one environment. */
export interface CheckpointSettings {
  /** Where checkpoints live. Default `filesystem` (SQLite). */
  backend: CheckpointBackend;
  /** `exec-automator checkpoints prune` deletes threads idle for longer. Default 30. */
  retentionDays: number;
  /** zlib-compress serialized checkpoints. Default true. */
  compression: boolean;
  /**
   * Encrypt checkpoints with LangGraph's EncryptedSerializer and `LANGGRAPH_AES_KEY` (generated
   * once per environment, kept in the secrets backend). Default: true in production, where it
   * cannot be turned off; false elsewhere.
   */
  encryption: boolean;
  /** Used when `backend` is `postgres`. */
  postgres: PostgresSettings;
  /** Used when `backend` is `redis`. */
  redis: RedisSettings;
}

/** Resolved secrets settings of one environment. */
export interface SecretsSettings {
  /** `env` (process environment; dev default) or `encrypted-file` (AES-256-GCM store; staging/production default). */
  backend: SecretsBackendName;
  /**
   * With `encrypted-file`: read secrets missing from the store from the process environment.
   * Default true in staging, false in production (where it is refused: that would be plaintext).
   */
  envFallback: boolean;
  /** The encrypted store. Default `<root>/<env>/secrets/secrets.enc.json`. */
  file: string | undefined;
  /** The 32-byte key file. Default `$XDG_CONFIG_HOME/exec-automator/keys/<env>-<root hash>.key` (outside the root). */
  keyFile: string | undefined;
  /** Environment variable that may hold the key instead (base64 or hex). Default `EXEC_AUTOMATOR_SECRETS_KEY`. */
  keyEnv: string;
}

/** The checkpoint settings used when nothing else is configured. */
export function defaultCheckpointSettings(environment: EnvironmentName): CheckpointSettings {
  return {
    backend: 'filesystem',
    retentionDays: 30,
    compression: true,
    encryption: environment === 'production',
    postgres: {
      host: '127.0.0.1',
      port: 5432,
      database: 'exec_automator',
      user: 'exec_automator',
      passwordSecret: 'CHECKPOINT_POSTGRES_PASSWORD',
      sslmode: 'prefer',
      connectTimeoutSeconds: 5,
    },
    redis: { url: 'redis://127.0.0.1:6379/0', passwordSecret: 'CHECKPOINT_REDIS_PASSWORD', connectTimeoutSeconds: 5 },
  };
}

/** The secrets settings used when nothing else is configured. */
export function defaultSecretsSettings(environment: EnvironmentName): SecretsSettings {
  return {
    backend: environment === 'dev' ? 'env' : 'encrypted-file',
    envFallback: environment === 'staging',
    file: undefined,
    keyFile: undefined,
    keyEnv: 'EXEC_AUTOMATOR_SECRETS_KEY',
  };
}
