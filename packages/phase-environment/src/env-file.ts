import type { EnvironmentLayout, EnvironmentSettings } from '@exec-automator/core';

/** Inputs of {@link envVariables}. */
export interface EnvFileInput {
  environment: string;
  deploymentId: string;
  layout: EnvironmentLayout;
  settings: EnvironmentSettings;
  checkpointPath: string;
  /** `filesystem`, `postgres` or `redis`. Default `filesystem`. */
  checkpointStorage?: string;
}

/**
 * The `.env` variables of the seed, minus every secret: API keys and webhook URLs are read from
 * the secrets backend at run time and never written to a file.
 */
export function envVariables(input: EnvFileInput): Record<string, string> {
  const { settings, layout } = input;
  const vars: Record<string, string> = {
    WORKFLOW_ENV: input.environment,
    DEPLOYMENT_ID: input.deploymentId,
    ORGANIZATION_NAME: settings.organization,
    CHECKPOINT_STORAGE_TYPE: input.checkpointStorage ?? 'filesystem',
    CHECKPOINT_STORAGE_PATH: input.checkpointPath,
    LOG_PATH: layout.logs,
    CONFIG_PATH: layout.stable('configs'),
    METRICS_PATH: layout.metrics,
    MONITORING_ENDPOINT: settings.monitoringEndpoint ?? `file://${layout.metrics}`,
    LOG_LEVEL: settings.logLevel,
    ENABLE_METRICS: 'true',
    ENABLE_TRACING: 'true',
    MAX_CONCURRENT_WORKFLOWS: String(settings.maxConcurrentWorkflows),
    WORKFLOW_TIMEOUT_SECONDS: String(settings.workflowTimeoutSeconds),
    ENABLE_CHECKPOINTS: 'true',
    CHECKPOINT_INTERVAL_SECONDS: String(settings.checkpointIntervalSeconds),
    HITL_APPROVAL_TIMEOUT_SECONDS: String(settings.hitlApprovalTimeoutSeconds),
    MAX_RETRIES: String(settings.maxRetries),
    RETRY_DELAY_SECONDS: String(settings.retryDelaySeconds),
    ENABLE_AUTO_RECOVERY: String(settings.autoRecovery ?? true),
    ALERT_ON_FAILURE: String(settings.alertOnFailure ?? true),
  };
  if (settings.adminEmail) vars.HITL_NOTIFICATION_EMAIL = settings.adminEmail;
  return vars;
}

/** Renders `.env` text: the seed's sections, and a note naming (never showing) the secrets. */
export function renderEnvFile(vars: Record<string, string>, secretNames: readonly string[], secretsBackend: string, timestamp: string): string {
  const quote = (value: string): string => (/^[A-Za-z0-9_./:@+-]*$/.test(value) ? value : JSON.stringify(value));
  const lines = [
    '# Exec-Automator Environment Configuration',
    `# Environment: ${vars.WORKFLOW_ENV}`,
    `# Deployed: ${timestamp}`,
    '#',
    secretNames.length > 0
      ? `# Secrets (${secretNames.join(', ')}) are not stored here: they are read from the "${secretsBackend}" secrets backend when a workflow runs.`
      : '# No secrets are needed by the deployed workflows.',
    '',
    ...Object.entries(vars).map(([key, value]) => `${key}=${quote(value)}`),
    '',
  ];
  return lines.join('\n');
}
