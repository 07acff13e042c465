export { monitoringPhase } from './monitoring-phase.js';
export { MONITORING_FILE_NAMES, type MonitoringPhaseOptions } from './monitoring-files.js';
export { healthPhase, type HealthPhaseOptions } from './health-phase.js';
export { sendTestAlerts, type TestAlertOutcome } from './test-alert.js';

export { COMMON_METRIC_LABELS, METRIC_DEFINITIONS, METRIC_PREFIX, buildMetricsConfig, type MetricDefinition, type MetricsConfigFile } from './metrics-config.js';
export {
  buildAlertRules,
  renderAlertRulesYaml,
  resolveChannels,
  type AlertChannel,
  type AlertChannels,
  type AlertRule,
  type NotificationChannel,
} from './alert-rules.js';
export { buildDashboardConfig, type DashboardConfig, type DashboardPanel } from './dashboard-config.js';
export { buildGrafanaDashboard, type GrafanaDashboard, type GrafanaPanel, type GrafanaTarget } from './grafana-dashboard.js';
export { HEALTH_CHECK_SCRIPT } from './health-check-script-source.js';
export { parseHealthCheckOutput, type HealthCheckScriptCheck, type HealthCheckScriptResult } from './health-check-output.js';
export type { AlertTestRecord, HealthReportFile, SmokeTestRecord, WorkflowCheck, WorkflowHealth } from './health-report.js';
export { HEALTH_KEY_SECRET, probeServer, type SmokeCandidate } from './server-probe.js';
export { toYaml, type YamlValue } from './yaml-emitter.js';

export {
  alertDedupKey,
  alertDefinition,
  ALERT_DEFINITIONS,
  percent,
  type AlertDefinition,
  type AlertName,
  type AlertThresholds,
} from './alerts/alert-definitions.js';
export { buildPrometheusRules, renderPrometheusRules, ruleGroupName, RULE_WINDOWS, type PrometheusAlertRule } from './alerts/prometheus-rules.js';
export { renderPrometheusRuleTests, RULES_FILE_NAME } from './alerts/prometheus-rule-tests.js';
export { evaluateAlerts, type EvaluatedAlert, type EvaluateOptions, type EvaluationWindow } from './alerts/evaluate-alerts.js';
export {
  alertStateFile,
  monitoringStateDir,
  readAlertState,
  withMonitorLock,
  writeAlertState,
  type AlertStateEntry,
  type AlertStateFile,
} from './alerts/alert-state.js';
export { runMonitor, type MonitorDelivery, type MonitorOptions, type MonitorResult } from './alerts/monitor.js';

export { ChannelNotifier, type ChannelContext } from './notifiers/channel-notifier.js';
export { SlackNotifier, slackPayload } from './notifiers/slack-notifier.js';
export { EmailNotifier } from './notifiers/email-notifier.js';
export { PagerDutyNotifier, pagerDutyEvent, PAGERDUTY_EVENTS_URL } from './notifiers/pagerduty-notifier.js';
export { WebhookNotifier, alertmanagerPayload } from './notifiers/webhook-notifier.js';
export { backoffMs, isRetryableStatus, postJson, type DeliveryOptions, type DeliveryResult } from './notifiers/http-delivery.js';
export { createNotifier, createNotifiers, implicitChannelConfigs, notifiersForSettings, type CreateNotifiersOptions } from './notifiers/create-notifiers.js';
export { notifyAll, type FanOutResult } from './notifiers/notify-all.js';
export { detailLines, stateWord, titleLine } from './notifiers/notification-text.js';
export { MONITORING_FACTS, type MonitoringSetup } from './facts.js';
export type { HealthReport, ServerHealth, ServerSmokeRun } from './health-report-types.js';
