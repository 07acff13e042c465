import path from 'node:path';
import type { PhaseContext } from '@exec-automator/core';
import { buildAlertRules, renderAlertRulesYaml, type AlertChannels, type AlertRule } from './alert-rules.js';
import { buildDashboardConfig } from './dashboard-config.js';
import { HEALTH_CHECK_SCRIPT } from './health-check-template.js';
import { buildMetricsConfig } from './metrics-config.js';

/** File names the monitoring phase writes into `<release>/monitoring/`. */
export const MONITORING_FILE_NAMES = {
  metrics: 'metrics-config.json',
  alerts: 'alert-rules.yaml',
  dashboard: 'dashboard-config.json',
  healthCheck: 'health-check.py',
} as const;

/** Options of {@link monitoringPhase} that choose the alert channels. */
export interface MonitoringPhaseOptions {
  /** Address for cost alerts. Default: the environment's `adminEmail`. */
  financeEmail?: string;
  /** Secret holding the Slack webhook URL; used when it is set. Default `SLACK_WEBHOOK_URL`. */
  slackWebhookSecret?: string;
  /** Secret holding the PagerDuty routing key; used when it is set. Default `PAGERDUTY_ROUTING_KEY`. */
  pagerDutySecret?: string;
}

/** One file of the monitoring configuration, rendered but not yet written. */
export interface MonitoringFile {
  /** Absolute path. */
  target: string;
  /** Content. */
  content: string;
  /** File mode (the health-check script is executable). */
  mode: number;
  /** What it is, for plans and logs. */
  description: string;
}

/** The rendered monitoring configuration of one release. */
export interface RenderedMonitoring {
  /** Files to write, in order. */
  files: MonitoringFile[];
  /** The alert rules in `alert-rules.yaml`. */
  rules: AlertRule[];
  /** The channels the rules use. */
  channels: AlertChannels;
}

/**
 * The alert channels of the environment. A channel whose secret has no value is left out, so an
 * alert never points at a destination that cannot be reached. The secret is read only to see
 * that it is set: its value goes nowhere.
 */
export async function resolveChannels(ctx: PhaseContext, options: MonitoringPhaseOptions): Promise<AlertChannels> {
  const isSet = async (name: string): Promise<boolean> => {
    try {
      return (await ctx.secrets.get(name)) !== undefined;
    } catch (error) {
      ctx.log('warn', `Cannot read secret ${name} (${ctx.redact((error as Error).message)}); its alert channel is left out.`);
      return false;
    }
  };
  const slack = options.slackWebhookSecret ?? 'SLACK_WEBHOOK_URL';
  const pagerDuty = options.pagerDutySecret ?? 'PAGERDUTY_ROUTING_KEY';
  return {
    adminEmail: ctx.settings.adminEmail,
    financeEmail: options.financeEmail,
    slackSecret: (await isSet(slack)) ? slack : undefined,
    pagerDutySecret: (await isSet(pagerDuty)) ? pagerDuty : undefined,
  };
}

/**
 * Renders every monitoring file into `monitoringDir`. Used by both `plan()` and `run()`, so a
 * dry-run lists exactly what a deployment writes. Contents hold no timestamp: rendering twice
 * gives the same bytes.
 */
export async function renderMonitoring(ctx: PhaseContext, monitoringDir: string, options: MonitoringPhaseOptions): Promise<RenderedMonitoring> {
  const deploymentId = ctx.release?.id ?? ctx.operationId;
  const workflowIds = ctx.workflows.map((wf) => wf.workflowId);
  const channels = await resolveChannels(ctx, options);
  const rules = buildAlertRules(ctx.settings.thresholds, channels);
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  const file = (name: string, content: string, description: string, mode = 0o644): MonitoringFile => ({
    target: path.join(monitoringDir, name),
    content,
    mode,
    description,
  });
  const files = [
    file(
      MONITORING_FILE_NAMES.metrics,
      json(buildMetricsConfig({ environment: ctx.environment, deploymentId, workflows: ctx.workflows })),
      `Write metrics config for ${workflowIds.length} workflow(s)`,
    ),
    file(
      MONITORING_FILE_NAMES.alerts,
      renderAlertRulesYaml({ environment: ctx.environment, deploymentId, workflowIds, rules }),
      `Write ${rules.length} alert rules`,
    ),
    file(
      MONITORING_FILE_NAMES.dashboard,
      json(buildDashboardConfig({ environment: ctx.environment, deploymentId, workflowIds })),
      'Write monitoring dashboard config',
    ),
    file(MONITORING_FILE_NAMES.healthCheck, HEALTH_CHECK_SCRIPT, 'Write executable health-check script', 0o755),
  ];
  return { files, rules, channels };
}
