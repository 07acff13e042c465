import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { deployError } from '../errors/deploy-error.js';
import type { EnvironmentName } from '../environment/environments.js';
import {
  checkpointSettingsInputSchema,
  defaultCheckpointSettings,
  defaultSecretsSettings,
  secretsSettingsInputSchema,
  type CheckpointSettings,
  type SecretsSettings,
} from './storage-settings.js';
import { modelPricesSchema, type ModelPrice } from '../models/price-table.js';
import { notificationChannelSchema, type NotificationChannelConfig } from '../plugins/notification-channels.js';

const logLevel = z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']);

const settingsInput = z
  .object({
    organization: z.string().min(1),
    logLevel,
    monitoringEndpoint: z.string().min(1),
    serverUrl: z.url(),
    adminEmail: z.string().min(3),
    keepReleases: z.number().int().min(1),
    keepReports: z.number().int().min(1),
    autoRollback: z.boolean(),
    maxConcurrentWorkflows: z.number().int().min(1),
    workflowTimeoutSeconds: z.number().int().min(1),
    checkpointIntervalSeconds: z.number().int().min(1),
    hitlApprovalTimeoutSeconds: z.number().int().min(1),
    maxRetries: z.number().int().min(0),
    retryDelaySeconds: z.number().min(0),
    autoRecovery: z.boolean(),
    alertOnFailure: z.boolean(),
    checkpoints: checkpointSettingsInputSchema,
    secrets: secretsSettingsInputSchema,
    testTimeoutSeconds: z.number().min(1),
    concurrency: z.number().int().min(1),
    reuseResults: z.boolean(),
    additionalDependencies: z.array(z.string().min(1)),
    notifications: z.array(notificationChannelSchema),
    modelPrices: modelPricesSchema,
    thresholds: z
      .object({
        errorRate: z.number().min(0).max(1),
        avgDurationSeconds: z.number().positive(),
        dailyCost: z.number().nonnegative(),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

/** Settings as written in a configuration file section. */
export type EnvironmentSettingsInput = z.infer<typeof settingsInput>;

/** zod schema of the settings one environment section may give (every field optional). */
export const environmentSettingsInputSchema: z.ZodType<EnvironmentSettingsInput> = settingsInput;

const configFile = z
  .object({
    $schema: z.string().optional(),
    defaults: settingsInput.optional(),
    environments: z
      .object({ dev: settingsInput.optional(), staging: settingsInput.optional(), production: settingsInput.optional() })
      .strict()
      .optional(),
    /** Where real runs archive their reports: `obsidianVault` is a vault folder (relative to the file). */
    archive: z.object({ obsidianVault: z.string().min(1) }).strict().optional(),
  })
  .strict();

/** The parsed configuration file. */
export type ConfigFile = z.infer<typeof configFile>;

/** zod schema of `exec-automator.config.json`. */
export const configFileSchema: z.ZodType<ConfigFile> = configFile;

/** Resolved settings of one environment: every field has a value. */
export interface EnvironmentSettings {
  /** Organization name for reports and the Obsidian archive. Default `Exec-Automator`. */
  organization: string;
  /** LOG_LEVEL for workflow processes. Default `INFO`. */
  logLevel: z.infer<typeof logLevel>;
  /** MONITORING_ENDPOINT; default the environment's local metrics directory. */
  monitoringEndpoint: string | undefined;
  /**
   * Base URL at which `exec-automator serve` answers for this environment (BASE_URL), used in the
   * registry's endpoints, the reports and the runbook. Default `http://127.0.0.1:8123`.
   */
  serverUrl?: string | undefined;
  /** Administrator e-mail for alerts and the runbook. */
  adminEmail: string | undefined;
  /** Releases kept per environment. Default 5. */
  keepReleases: number;
  /**
   * Reports kept per environment, of each kind (deployment reports, error logs, validation
   * reports); the oldest are removed after each deployment. Default: `keepReleases`.
   */
  keepReports?: number | undefined;
  /** Roll back automatically when checks fail after the switch. Default: off in dev, on elsewhere. */
  autoRollback: boolean;
  /** MAX_CONCURRENT_WORKFLOWS. Default 5. */
  maxConcurrentWorkflows: number;
  /** WORKFLOW_TIMEOUT_SECONDS. Default 300. */
  workflowTimeoutSeconds: number;
  /** CHECKPOINT_INTERVAL_SECONDS. Default 30. */
  checkpointIntervalSeconds: number;
  /** HITL_APPROVAL_TIMEOUT_SECONDS. Default 3600. */
  hitlApprovalTimeoutSeconds: number;
  /** MAX_RETRIES. Default 3. */
  maxRetries: number;
  /** RETRY_DELAY_SECONDS. Default 5. */
  retryDelaySeconds: number;
  /** ENABLE_AUTO_RECOVERY: resume interrupted runs from their last checkpoint. Default true. */
  autoRecovery: boolean;
  /** ALERT_ON_FAILURE: notify the alert channels when a run fails. Default true. */
  alertOnFailure: boolean;
  /** Checkpoint storage: backend, retention, compression, encryption, connection. */
  checkpoints: CheckpointSettings;
  /** Where secret values live. */
  secrets: SecretsSettings;
  /** Default time limit of one test case. Default 60. */
  testTimeoutSeconds: number;
  /** Parallel checks inside a phase. Default 4. */
  concurrency: number;
  /**
   * Reuse cached passing results of unchanged workflows (static analysis, graph inspection, test
   * cases; keyed by their content, the venv and the runner). Default: true, false in production,
   * where every check runs fresh. `--no-cache` turns it off for one deployment.
   */
  reuseResults: boolean;
  /** Extra Python requirements for every workflow. Default none. */
  additionalDependencies: string[];
  /** Alert channels (Slack, e-mail, PagerDuty, webhooks); secret endpoints are named by secret. Default none. */
  notifications: NotificationChannelConfig[];
  /** Model prices (USD per 1M tokens) over the built-in table, for execution cost estimates. Default none. */
  modelPrices: Record<string, ModelPrice>;
  /** Alert thresholds (the seed's). */
  thresholds: { errorRate: number; avgDurationSeconds: number; dailyCost: number };
}

/** The settings used when nothing else is configured. */
export function defaultSettings(environment: EnvironmentName): EnvironmentSettings {
  return {
    organization: 'Exec-Automator',
    logLevel: environment === 'dev' ? 'DEBUG' : 'INFO',
    monitoringEndpoint: undefined,
    adminEmail: undefined,
    keepReleases: 5,
    autoRollback: environment !== 'dev',
    maxConcurrentWorkflows: 5,
    workflowTimeoutSeconds: 300,
    checkpointIntervalSeconds: 30,
    hitlApprovalTimeoutSeconds: 3600,
    maxRetries: 3,
    retryDelaySeconds: 5,
    autoRecovery: true,
    alertOnFailure: true,
    checkpoints: defaultCheckpointSettings(environment),
    secrets: defaultSecretsSettings(environment),
    testTimeoutSeconds: 60,
    concurrency: 4,
    reuseResults: environment !== 'production',
    additionalDependencies: [],
    notifications: [],
    modelPrices: {},
    thresholds: { errorRate: 0.05, avgDurationSeconds: 60, dailyCost: 100 },
  };
}

/**
 * Resolves an environment's settings: built-in defaults, then the file's `defaults`, then its
 * `environments.<env>` section, then `overrides`.
 */
export function resolveSettings(
  environment: EnvironmentName,
  file: ConfigFile | undefined,
  overrides: EnvironmentSettingsInput = {},
): EnvironmentSettings {
  let settings: unknown = defaultSettings(environment);
  for (const layer of [file?.defaults, file?.environments?.[environment], overrides]) {
    if (layer) settings = mergeDeep(settings, layer);
  }
  return settings as EnvironmentSettings;
}

/** `layer` over `base`: plain objects merge key by key, anything else (arrays too) replaces. */
function mergeDeep(base: unknown, layer: unknown): unknown {
  const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isPlain(base) || !isPlain(layer)) return layer === undefined ? base : layer;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(layer)) out[key] = mergeDeep(base[key], value);
  return out;
}

/**
 * Rules that depend on the environment, checked on resolved settings: production keeps its
 * checkpoints encrypted. Throws `CONFIG_INVALID` naming the key and the value it must have.
 * (Plaintext secrets backends in production are refused where the backend is used, with
 * `SECRETS_PLAINTEXT_REFUSED`.)
 */
export function checkEnvironmentSettings(environment: EnvironmentName, settings: EnvironmentSettings): void {
  if (environment === 'production' && !settings.checkpoints.encryption) {
    throw deployError(
      'CONFIG_INVALID',
      'checkpoints.encryption: expected true in production (got false); production checkpoints are always encrypted.',
      { details: { key: 'checkpoints.encryption', expected: true, environment } },
    );
  }
}

/** The configuration file name looked up by {@link loadConfigFile}. */
export const CONFIG_FILE_NAME = 'exec-automator.config.json';

/**
 * Reads and validates a configuration file. Returns undefined when `file` does not exist and
 * `optional` is set; throws `CONFIG_INVALID` naming each bad key and what it expects.
 */
export async function loadConfigFile(file: string, optional = false): Promise<ConfigFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw deployError('CONFIG_INVALID', `Cannot read configuration ${file}: ${(error as Error).message}`, {
      details: { file },
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw deployError('CONFIG_INVALID', `Configuration ${file} is not valid JSON: ${(error as Error).message}`, {
      details: { file },
    });
  }
  const parsed = configFile.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(describeIssue);
    throw deployError(
      'CONFIG_INVALID',
      `Configuration ${path.basename(file)} is invalid:\n  ${problems.join('\n  ')}`,
      { details: { file, problems } },
    );
  }
  return parsed.data;
}

/** `key.path: what was expected (got what was there)`, for one schema problem. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.join('.') || '(root)';
  // A value that failed a format check may be a credential (a URL with a password): not echoed.
  const echo = 'input' in issue && issue.input !== undefined && issue.code !== 'invalid_format';
  const got = echo ? ` (got ${JSON.stringify(issue.input)})` : '';
  return `${key}: ${issue.message}${issue.code === 'unrecognized_keys' ? '' : got}`;
}
