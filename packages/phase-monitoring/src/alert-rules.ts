import type { EnvironmentSettings } from '@exec-automator/core';
import { toYaml, type YamlValue } from './yaml-emitter.js';

/**
 * Where an alert goes. Secret destinations (webhook URLs, routing keys) are named by the secret
 * that holds them, never by value: the notifier reads the secret when it sends.
 */
export type NotificationChannel =
  | { readonly type: 'email'; readonly address: string }
  | { readonly type: 'slack'; readonly secret: string }
  | { readonly type: 'pagerduty'; readonly secret: string };

/** The notification channels configured for an environment. */
export interface AlertChannels {
  /** Administrator address (settings `adminEmail`). */
  readonly adminEmail?: string | undefined;
  /** Address for cost alerts; default the administrator address. */
  readonly financeEmail?: string | undefined;
  /** Name of the secret holding the Slack webhook URL, when that secret is set. */
  readonly slackSecret?: string | undefined;
  /** Name of the secret holding the PagerDuty routing key, when that secret is set. */
  readonly pagerDutySecret?: string | undefined;
}

/** One alert rule of `alert-rules.yaml` (the seed's shape, plus the numeric threshold). */
export interface AlertRule {
  /** The seed's name (`High Error Rate`). */
  readonly alert_name: string;
  /** Condition over the workflow metrics (`error_rate > 0.05`). */
  readonly condition: string;
  /** The metric the condition compares, when it compares one. */
  readonly metric: string | null;
  /** The configured threshold, when the condition has one. */
  readonly threshold: number | null;
  /** Severity. */
  readonly severity: 'critical' | 'warning';
  /** Where it is sent. */
  readonly notification_channels: readonly NotificationChannel[];
  /** Message template; `{workflow_id}` and `{error_message}` are filled when it fires. */
  readonly message: string;
}

/** Formats a ratio as a percentage without float noise (0.07 → `7`). */
function percent(ratio: number): string {
  return String(Number((ratio * 100).toPrecision(12)));
}

/**
 * The seed's four alerts with the environment's thresholds. A channel appears only where it is
 * configured; an alert with no channel is still evaluated and reported.
 */
export function buildAlertRules(thresholds: EnvironmentSettings['thresholds'], channels: AlertChannels): AlertRule[] {
  const email = (address: string | undefined): NotificationChannel[] => (address ? [{ type: 'email', address }] : []);
  const slack: NotificationChannel[] = channels.slackSecret ? [{ type: 'slack', secret: channels.slackSecret }] : [];
  const pagerDuty: NotificationChannel[] = channels.pagerDutySecret ? [{ type: 'pagerduty', secret: channels.pagerDutySecret }] : [];
  return [
    {
      alert_name: 'High Error Rate',
      condition: `error_rate > ${thresholds.errorRate}`,
      metric: 'error_rate',
      threshold: thresholds.errorRate,
      severity: 'critical',
      notification_channels: [...email(channels.adminEmail), ...slack],
      message: `Workflow {workflow_id} error rate exceeded ${percent(thresholds.errorRate)}% threshold`,
    },
    {
      alert_name: 'Slow Execution',
      condition: `avg_duration_seconds > ${thresholds.avgDurationSeconds}`,
      metric: 'avg_duration_seconds',
      threshold: thresholds.avgDurationSeconds,
      severity: 'warning',
      notification_channels: email(channels.adminEmail),
      message: `Workflow {workflow_id} average execution time exceeded ${thresholds.avgDurationSeconds} seconds`,
    },
    {
      alert_name: 'Workflow Failure',
      condition: 'execution_failed',
      metric: null,
      threshold: null,
      severity: 'critical',
      notification_channels: [...email(channels.adminEmail), ...slack, ...pagerDuty],
      message: 'Workflow {workflow_id} execution failed: {error_message}',
    },
    {
      alert_name: 'High API Cost',
      condition: `daily_cost > ${thresholds.dailyCost}`,
      metric: 'daily_cost',
      threshold: thresholds.dailyCost,
      severity: 'warning',
      notification_channels: email(channels.financeEmail ?? channels.adminEmail),
      message: `Daily API costs exceeded $${thresholds.dailyCost} for workflow {workflow_id}`,
    },
  ];
}

/** The seed's one-key form of a channel: `email: "..."`, `slack: {secret: NAME}`. */
function channelYaml(channel: NotificationChannel): YamlValue {
  if (channel.type === 'email') return { email: channel.address };
  return { [channel.type]: { secret: channel.secret } };
}

/** Writes `alert-rules.yaml`: a header comment, then the seed's `alert_rules` list. */
export function renderAlertRulesYaml(input: {
  environment: string;
  deploymentId: string;
  workflowIds: readonly string[];
  rules: readonly AlertRule[];
}): string {
  const doc: YamlValue = {
    environment: input.environment,
    deployment_id: input.deploymentId,
    workflows: [...input.workflowIds],
    alert_rules: input.rules.map((rule) => ({
      alert_name: rule.alert_name,
      condition: rule.condition,
      metric: rule.metric,
      threshold: rule.threshold,
      severity: rule.severity,
      notification_channels: rule.notification_channels.map(channelYaml),
      message: rule.message,
    })),
  };
  const header = [
    '# Alert rules generated by exec-automator (seed phase 5). Do not edit: redeploy to change.',
    '# Secret destinations are named by the secret that holds them; no secret value is stored here.',
  ].join('\n');
  return `${header}\n${toYaml(doc)}`;
}

/** True when at least one rule has somewhere to go. */
export function hasChannels(rules: readonly AlertRule[]): boolean {
  return rules.some((rule) => rule.notification_channels.length > 0);
}
