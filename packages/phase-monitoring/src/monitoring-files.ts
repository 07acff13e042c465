import path from 'node:path';
import type { PhaseContext } from '@exec-automator/core';
import { buildAlertRules, renderAlertRulesYaml, resolveChannels, type AlertChannels, type AlertRule } from './alert-rules.js';
import { renderPrometheusRuleTests } from './alerts/prometheus-rule-tests.js';
import { renderPrometheusRules } from './alerts/prometheus-rules.js';
import { buildGrafanaDashboard } from './grafana-dashboard.js';
import { buildDashboardConfig } from './dashboard-config.js';
import { HEALTH_CHECK_SCRIPT } from './health-check-script-source.js';
import { buildMetricsConfig } from './metrics-config.js';

/** File names the monitoring phase writes into `<release>/monitoring/`. */
export const MONITORING_FILE_NAMES = {
  metrics: 'metrics-config.json',
  alerts: 'alert-rules.yaml',
  prometheusRules: 'prometheus-rules.yml',
  prometheusRuleTests: 'prometheus-rules.test.yml',
  dashboard: 'dashboard-config.json',
  grafanaDashboard: 'grafana-dashboard.json',
  healthCheck: 'health-check.py',
} as const;

/** Options of {@link monitoringPhase}. Alert channels come from the settings' `notifications`. */
export interface MonitoringPhaseOptions {
  /** Also write `prometheus-rules.test.yml` (promtool unit tests of the rules). Default true. */
  ruleTests?: boolean;
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
 * Renders every monitoring file into `monitoringDir`. Used by both `plan()` and `run()`, so a
 * dry-run lists exactly what a deployment writes. Contents hold no timestamp: rendering twice
 * gives the same bytes.
 */
export async function renderMonitoring(ctx: PhaseContext, monitoringDir: string, options: MonitoringPhaseOptions): Promise<RenderedMonitoring> {
  const deploymentId = ctx.release?.id ?? ctx.operationId;
  const workflowIds = ctx.workflows.map((wf) => wf.workflowId);
  const channels = await resolveChannels(ctx);
  const thresholds = ctx.settings.thresholds;
  const rules = buildAlertRules(thresholds, channels);
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
    file(MONITORING_FILE_NAMES.prometheusRules, renderPrometheusRules(ctx.environment, deploymentId, thresholds), `Write ${rules.length} Prometheus alerting rules`),
    ...(options.ruleTests ?? true
      ? [file(MONITORING_FILE_NAMES.prometheusRuleTests, renderPrometheusRuleTests(ctx.environment, thresholds), 'Write promtool unit tests of the alerting rules')]
      : []),
    file(
      MONITORING_FILE_NAMES.dashboard,
      json(buildDashboardConfig({ environment: ctx.environment, deploymentId, workflowIds })),
      'Write monitoring dashboard config',
    ),
    file(MONITORING_FILE_NAMES.grafanaDashboard, json(buildGrafanaDashboard(ctx.environment, thresholds)), 'Write Grafana dashboard (5 panels)'),
    file(MONITORING_FILE_NAMES.healthCheck, HEALTH_CHECK_SCRIPT, 'Write executable health-check script', 0o755),
  ];
  return { files, rules, channels };
}
