import { METRIC_NAMES } from '@exec-automator/executions';
import { toYaml, type YamlValue } from '../yaml-emitter.js';
import { alertDefinition, percent, type AlertName, type AlertThresholds } from './alert-definitions.js';

/** Time windows of the Prometheus rules (PromQL durations). */
export const RULE_WINDOWS = {
  /** Error rate over this window... */
  errorRate: '15m',
  /** ...above the threshold for this long. */
  errorRateFor: '5m',
  /** Average duration over this window... */
  duration: '30m',
  /** ...above the threshold for this long. */
  durationFor: '10m',
  /** A failed execution in this window fires the failure alert. */
  failure: '5m',
  /** Cost summed over this window ("daily"). */
  cost: '1d',
} as const;

/** One alerting rule of a Prometheus rule group. */
export interface PrometheusAlertRule {
  /** Alert name. */
  alert: AlertName;
  /** PromQL expression; a series in its result is an active alert. */
  expr: string;
  /** How long the expression must hold before the alert fires. */
  for?: string;
  /** Labels added to the alert. */
  labels: Record<string, string>;
  /** Text templates (`{{ $labels.workflow_id }}`). */
  annotations: Record<string, string>;
}

const FAILED = 'error|timeout';

/** `{environment="dev",status=~"error|timeout"}`. */
function selector(environment: string, extra = ''): string {
  return `{environment=${JSON.stringify(environment)}${extra}}`;
}

/** `sum by (environment, workflow_id) (...)`: one series per workflow. */
function perWorkflow(inner: string): string {
  return `sum by (environment, workflow_id) (${inner})`;
}

/**
 * The seed's four alerts as Prometheus alerting rules for one environment, over the series
 * in `<env>/metrics/exec_automator.prom`. Thresholds come from the environment's settings;
 * annotations hold no `$value`, so `promtool test rules` can check them exactly.
 */
export function buildPrometheusRules(environment: string, thresholds: AlertThresholds): PrometheusAlertRule[] {
  const { executions, duration, cost } = METRIC_NAMES;
  const w = RULE_WINDOWS;
  const wf = '{{ $labels.workflow_id }}';
  const annotations = (name: AlertName, description: string): Record<string, string> => ({
    summary: alertDefinition(name).summary(wf, thresholds, 'an execution raised or timed out'),
    description,
    seed_alert: alertDefinition(name).seedName,
  });
  return [
    {
      alert: 'HighErrorRate',
      expr:
        `${perWorkflow(`increase(${executions}${selector(environment, `,status=~"${FAILED}"`)}[${w.errorRate}])`)}\n` +
        `  / ${perWorkflow(`increase(${executions}${selector(environment)}[${w.errorRate}])`)}\n  > ${thresholds.errorRate}`,
      for: w.errorRateFor,
      labels: { severity: 'critical' },
      annotations: annotations(
        'HighErrorRate',
        `More than ${percent(thresholds.errorRate)}% of the executions of ${wf} in ${environment} failed (error or timeout) over the last ${w.errorRate}.`,
      ),
    },
    {
      alert: 'SlowExecution',
      expr:
        `${perWorkflow(`increase(${duration}_sum${selector(environment)}[${w.duration}])`)}\n` +
        `  / ${perWorkflow(`increase(${duration}_count${selector(environment)}[${w.duration}])`)}\n  > ${thresholds.avgDurationSeconds}`,
      for: w.durationFor,
      labels: { severity: 'warning' },
      annotations: annotations(
        'SlowExecution',
        `The average execution time of ${wf} in ${environment} over the last ${w.duration} is above ${thresholds.avgDurationSeconds} s.`,
      ),
    },
    {
      alert: 'WorkflowFailure',
      expr: `${perWorkflow(`increase(${executions}${selector(environment, `,status=~"${FAILED}"`)}[${w.failure}])`)} > 0`,
      labels: { severity: 'critical' },
      annotations: annotations('WorkflowFailure', `An execution of ${wf} in ${environment} failed in the last ${w.failure}; see exec-automator executions.`),
    },
    {
      alert: 'HighApiCost',
      expr: `${perWorkflow(`increase(${cost}${selector(environment)}[${w.cost}])`)} > ${thresholds.dailyCost}`,
      labels: { severity: 'warning' },
      annotations: annotations('HighApiCost', `The estimated LLM cost of ${wf} in ${environment} over the last ${w.cost} is above $${thresholds.dailyCost}.`),
    },
  ];
}

/** The rule group name of an environment. */
export function ruleGroupName(environment: string): string {
  return `exec-automator-${environment}`;
}

/** `prometheus-rules.yml`: one rule group with the four alerts (load it with `rule_files`). */
export function renderPrometheusRules(environment: string, deploymentId: string, thresholds: AlertThresholds): string {
  const rules = buildPrometheusRules(environment, thresholds).map((rule): YamlValue => ({
    alert: rule.alert,
    expr: rule.expr,
    ...(rule.for ? { for: rule.for } : {}),
    labels: rule.labels,
    annotations: rule.annotations,
  }));
  const header = [
    `# Prometheus alerting rules of exec-automator for ${environment} (release ${deploymentId}).`,
    '# Generated from the environment\'s thresholds; redeploy to change. Check: promtool check rules <this file>',
    '# Series come from <env>/metrics/exec_automator.prom (node_exporter textfile collector).',
  ].join('\n');
  return `${header}\n${toYaml({ groups: [{ name: ruleGroupName(environment), interval: '1m', rules }] })}`;
}
