import { METRIC_NAMES } from '@exec-automator/executions';
import { toYaml, type YamlValue } from '../yaml-emitter.js';
import type { AlertName, AlertThresholds } from './alert-definitions.js';
import { buildPrometheusRules, type PrometheusAlertRule } from './prometheus-rules.js';

/** The file name the unit tests load the rules from (they sit beside each other). */
export const RULES_FILE_NAME = 'prometheus-rules.yml';

const BAD = 'wf_unhealthy';
const GOOD = 'wf_healthy';

/** A number for promtool's series notation: plain decimal, at most 6 decimals. */
function num(value: number): string {
  return String(Number(value.toFixed(6)));
}

interface AlertCase {
  alert: AlertName;
  interval: string;
  series: Array<{ series: string; values: string }>;
  /** Times when nothing may fire. */
  silentAt: string[];
  /** The time when the unhealthy workflow fires (and the healthy one does not). */
  firesAt: string | null;
}

function series(metric: string, environment: string, workflowId: string, extra: Record<string, string> = {}): string {
  const labels = { environment, workflow_id: workflowId, ...extra };
  return `${metric}{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

/**
 * Synthetic series per alert: one workflow clearly past the threshold, one clearly within it,
 * derived from the thresholds so the tests hold for any configured values.
 */
function cases(environment: string, t: AlertThresholds): AlertCase[] {
  const { executions, duration, cost } = METRIC_NAMES;
  const perMinute = 20;
  const badErrors = Math.min(perMinute, Math.ceil(perMinute * ((t.errorRate + 1) / 2)) || 1);
  const goodErrors = Math.floor((perMinute * t.errorRate) / 2);
  const errorRateCanFire = t.errorRate < 1 && badErrors / perMinute > t.errorRate;
  const dailyBad = t.dailyCost === 0 ? 1 : (2 * t.dailyCost) / 144;
  const dailyGood = t.dailyCost / 2 / 144;
  const ex = (wf: string, status: string): string => series(executions, environment, wf, { status });
  return [
    {
      alert: 'HighErrorRate',
      interval: '1m',
      series: [
        { series: ex(BAD, 'error'), values: `0+${badErrors}x40` },
        { series: ex(BAD, 'completed'), values: `0+${perMinute - badErrors}x40` },
        { series: ex(GOOD, 'error'), values: `0+${goodErrors}x40` },
        { series: ex(GOOD, 'completed'), values: `0+${perMinute - goodErrors}x40` },
      ],
      silentAt: ['3m'],
      firesAt: errorRateCanFire ? '25m' : null,
    },
    {
      alert: 'SlowExecution',
      interval: '1m',
      series: [
        { series: series(`${duration}_sum`, environment, BAD), values: `0+${num(t.avgDurationSeconds * 2)}x60` },
        { series: series(`${duration}_count`, environment, BAD), values: '0+1x60' },
        { series: series(`${duration}_sum`, environment, GOOD), values: `0+${num(t.avgDurationSeconds / 2)}x60` },
        { series: series(`${duration}_count`, environment, GOOD), values: '0+1x60' },
      ],
      silentAt: ['5m'],
      firesAt: '45m',
    },
    {
      alert: 'WorkflowFailure',
      interval: '1m',
      series: [
        // One failure at minute 3, none after it.
        { series: ex(BAD, 'error'), values: '0 0 0 1+0x20' },
        { series: ex(GOOD, 'error'), values: '0+0x23' },
      ],
      silentAt: ['2m', '15m'],
      firesAt: '4m',
    },
    {
      alert: 'HighApiCost',
      interval: '10m',
      series: [
        { series: series(cost, environment, BAD), values: `0+${num(dailyBad)}x160` },
        { series: series(cost, environment, GOOD), values: `0+${num(dailyGood)}x160` },
      ],
      // With a zero budget any cost fires: only the first sample (no increase yet) is silent.
      silentAt: [t.dailyCost > 0 ? '2h' : '0m'],
      firesAt: '25h',
    },
  ];
}

function expectedAlert(rule: PrometheusAlertRule, environment: string): YamlValue {
  const fill = (text: string): string => text.split('{{ $labels.workflow_id }}').join(BAD);
  return {
    exp_labels: { ...rule.labels, environment, workflow_id: BAD },
    exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, fill(v)])),
  };
}

/**
 * `promtool test rules` unit tests for {@link buildPrometheusRules}: for each alert, a workflow
 * past the threshold fires it (after its `for`) and a healthy one never does; before the
 * condition has held long enough nothing fires; the failure alert clears once failures stop.
 * Run beside the rules: `promtool test rules prometheus-rules.test.yml`.
 */
export function renderPrometheusRuleTests(environment: string, thresholds: AlertThresholds): string {
  const rules = buildPrometheusRules(environment, thresholds);
  const tests = cases(environment, thresholds).map((c): YamlValue => {
    const rule = rules.find((r) => r.alert === c.alert) as PrometheusAlertRule;
    return {
      name: `${c.alert}: fires for the unhealthy workflow only, and not before it should`,
      interval: c.interval,
      input_series: c.series,
      alert_rule_test: [
        ...c.silentAt.map((time) => ({ eval_time: time, alertname: c.alert, exp_alerts: [] })),
        ...(c.firesAt ? [{ eval_time: c.firesAt, alertname: c.alert, exp_alerts: [expectedAlert(rule, environment)] }] : []),
      ],
    };
  });
  const header = '# promtool unit tests of prometheus-rules.yml (generated with the same thresholds). Run: promtool test rules <this file>';
  return `${header}\n${toYaml({ rule_files: [RULES_FILE_NAME], evaluation_interval: '1m', tests })}`;
}
