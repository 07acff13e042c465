import { type EnvironmentSettings, type PhaseContext } from '@exec-automator/core';
import { channelName, type NotificationChannelConfig } from '@exec-automator/core/plugins';
import { ALERT_DEFINITIONS, type AlertName } from './alerts/alert-definitions.js';
import { implicitChannelConfigs } from './notifiers/create-notifiers.js';
import { toYaml, type YamlValue } from './yaml-emitter.js';

/**
 * Where an alert goes, as `alert-rules.yaml` names it. Secret destinations (webhook URLs,
 * routing keys, SMTP URLs) are named by the secret that holds them, never by value.
 */
export type NotificationChannel =
  | { readonly type: 'email'; readonly name: string; readonly address: string }
  | { readonly type: 'slack'; readonly name: string; readonly secret: string }
  | { readonly type: 'pagerduty'; readonly name: string; readonly secret: string }
  | { readonly type: 'webhook'; readonly name: string; readonly url?: string; readonly secret?: string }
  | { readonly type: 'plugin'; readonly name: string };

/** A configured channel and the alerts routed to it. */
export interface AlertChannel {
  /** The destination(s). */
  readonly destinations: readonly NotificationChannel[];
  /** Alerts it takes (routing: `alerts`, `minSeverity`). */
  readonly alerts: ReadonlySet<AlertName>;
}

/** The channels of an environment: configured ones, and implicit ones whose secret is set. */
export type AlertChannels = readonly AlertChannel[];

/** One alert rule of `alert-rules.yaml` (the seed's shape, plus the numeric threshold). */
export interface AlertRule {
  /** The seed's name (`High Error Rate`). */
  readonly alert_name: string;
  /** Prometheus alert name (`HighErrorRate`) in `prometheus-rules.yml`. */
  readonly prometheus_alert: AlertName;
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

const RANK = { info: 0, warning: 1, critical: 2 } as const;

function destinations(config: NotificationChannelConfig, adminEmail: string | undefined): NotificationChannel[] {
  const name = channelName(config);
  switch (config.type) {
    case 'email':
      return (config.to ?? (adminEmail ? [adminEmail] : [])).map((address) => ({ type: 'email', name, address }));
    case 'slack':
      return [{ type: 'slack', name, secret: config.webhookUrlSecret ?? 'SLACK_WEBHOOK_URL' }];
    case 'pagerduty':
      return [{ type: 'pagerduty', name, secret: config.routingKeySecret ?? 'PAGERDUTY_ROUTING_KEY' }];
    case 'webhook':
      return [{ type: 'webhook', name, ...(config.urlSecret ? { secret: config.urlSecret } : { url: config.url as string }) }];
  }
}

function routed(config: NotificationChannelConfig): Set<AlertName> {
  const min = RANK[config.minSeverity ?? 'info'];
  return new Set(
    ALERT_DEFINITIONS.filter((d) => (!config.alerts || config.alerts.includes(d.name)) && RANK[d.severity] >= min).map((d) => d.name),
  );
}

/** The secrets an implicit channel needs before it counts as configured. */
function implicitSecret(config: NotificationChannelConfig): string | undefined {
  if (config.type === 'slack') return config.webhookUrlSecret ?? 'SLACK_WEBHOOK_URL';
  if (config.type === 'pagerduty') return config.routingKeySecret ?? 'PAGERDUTY_ROUTING_KEY';
  if (config.type === 'email') return config.urlSecret;
  return undefined;
}

/**
 * The alert channels of the environment: the `notifications` of its settings, the implicit
 * channels whose default secret is set (Slack `SLACK_WEBHOOK_URL`, PagerDuty
 * `PAGERDUTY_ROUTING_KEY`, e-mail to `adminEmail` over `SMTP_URL`), and any plugin notifier of
 * the Deployer. A secret is read only to see that it is set: its value goes nowhere.
 */
export async function resolveChannels(ctx: PhaseContext): Promise<AlertChannels> {
  const settings: Pick<EnvironmentSettings, 'notifications' | 'adminEmail'> = ctx.settings;
  const isSet = async (name: string): Promise<boolean> => {
    try {
      return (await ctx.secrets.get(name)) !== undefined;
    } catch (error) {
      ctx.log('warn', `Cannot read secret ${name} (${ctx.redact((error as Error).message)}); its alert channel is left out.`);
      return false;
    }
  };
  const channels: AlertChannel[] = settings.notifications.map((config) => ({ destinations: destinations(config, settings.adminEmail), alerts: routed(config) }));
  for (const config of implicitChannelConfigs(settings.notifications, settings.adminEmail)) {
    const secret = implicitSecret(config);
    if (secret && (await isSet(secret))) channels.push({ destinations: destinations(config, settings.adminEmail), alerts: routed(config) });
  }
  const named = new Set(channels.flatMap((c) => c.destinations.map((d) => d.name)));
  for (const notifier of ctx.notifiers) {
    if (!named.has(notifier.name)) channels.push({ destinations: [{ type: 'plugin', name: notifier.name }], alerts: new Set(ALERT_DEFINITIONS.map((d) => d.name)) });
  }
  return channels;
}

/**
 * The seed's four alerts with the environment's thresholds and the channels routed to each.
 * An alert with no channel is still evaluated and reported.
 */
export function buildAlertRules(thresholds: EnvironmentSettings['thresholds'], channels: AlertChannels): AlertRule[] {
  return ALERT_DEFINITIONS.map((definition) => ({
    alert_name: definition.seedName,
    prometheus_alert: definition.name,
    condition: definition.condition(thresholds),
    metric: definition.metric,
    threshold: definition.threshold(thresholds),
    severity: definition.severity,
    notification_channels: channels.filter((c) => c.alerts.has(definition.name)).flatMap((c) => c.destinations),
    message: definition.summary('{workflow_id}', thresholds, '{error_message}'),
  }));
}

/** The seed's one-key form of a channel: `email: "..."`, `slack: {channel, secret}`. */
function channelYaml(channel: NotificationChannel): YamlValue {
  switch (channel.type) {
    case 'email':
      return { email: channel.address };
    case 'plugin':
      return { plugin: channel.name };
    case 'webhook':
      return { webhook: { channel: channel.name, ...(channel.secret ? { secret: channel.secret } : { url: channel.url ?? '' }) } };
    default:
      return { [channel.type]: { channel: channel.name, secret: channel.secret } };
  }
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
    prometheus_rules: 'prometheus-rules.yml',
    alert_rules: input.rules.map((rule) => ({
      alert_name: rule.alert_name,
      prometheus_alert: rule.prometheus_alert,
      condition: rule.condition,
      metric: rule.metric,
      threshold: rule.threshold,
      severity: rule.severity,
      notification_channels: rule.notification_channels.map(channelYaml),
      message: rule.message,
    })),
  };
  const header = [
    '# Alert rules generated by exec-automator (Monitoring Configuration). Do not edit: redeploy to change.',
    '# The same alerts as Prometheus rules: prometheus-rules.yml. `exec-automator monitor` evaluates them without Prometheus.',
    '# Secret destinations are named by the secret that holds them; no secret value is stored here.',
  ].join('\n');
  return `${header}\n${toYaml(doc)}`;
}

/** True when at least one rule has somewhere to go. */
export function hasChannels(rules: readonly AlertRule[]): boolean {
  return rules.some((rule) => rule.notification_channels.length > 0);
}
