export { monitoringPhase } from './monitoring-phase.js';
export { MONITORING_FILE_NAMES, type MonitoringPhaseOptions } from './monitoring-files.js';
export { healthPhase, type HealthPhaseOptions } from './health-phase.js';

export { COMMON_METRIC_LABELS, METRIC_DEFINITIONS, METRIC_PREFIX, buildMetricsConfig, type MetricDefinition, type MetricsConfigFile } from './metrics-config.js';
export {
  buildAlertRules,
  renderAlertRulesYaml,
  type AlertChannels,
  type AlertRule,
  type NotificationChannel,
} from './alert-rules.js';
export { buildDashboardConfig, type DashboardConfig, type DashboardPanel } from './dashboard-config.js';
export { HEALTH_CHECK_SCRIPT } from './health-check-template.js';
export { parseHealthCheckOutput, type HealthCheckScriptCheck, type HealthCheckScriptResult } from './health-check-output.js';
export type { HealthReportFile, SmokeTestRecord, WorkflowCheck, WorkflowHealth } from './health-report.js';
export { toYaml, type YamlValue } from './yaml-emitter.js';
