import { METRIC_NAMES } from '@exec-automator/executions';
import type { AlertThresholds } from './alerts/alert-definitions.js';

/** A query of a Grafana panel. */
export interface GrafanaTarget {
  /** Query id within the panel. */
  refId: string;
  /** PromQL (Grafana variables `$workflow_id`, `$__rate_interval` allowed). */
  expr: string;
  /** Series name template. */
  legendFormat: string;
  /** Instant query (one value per series) rather than a range. */
  instant?: boolean;
  /** Data source (the dashboard's `$datasource` variable). */
  datasource: { type: 'prometheus'; uid: string };
}

/** A panel of the classic Grafana dashboard model. */
export interface GrafanaPanel {
  /** Panel id, unique in the dashboard. */
  id: number;
  /** Title (the seed's). */
  title: string;
  /** Visualization. */
  type: 'stat' | 'timeseries' | 'bargauge';
  /** Position on the 24-column grid. */
  gridPos: { x: number; y: number; w: number; h: number };
  /** Data source. */
  datasource: { type: 'prometheus'; uid: string };
  /** Queries. */
  targets: GrafanaTarget[];
  /** Units, thresholds, draw style. */
  fieldConfig: { defaults: Record<string, unknown>; overrides: Array<Record<string, unknown>> };
  /** Visualization options. */
  options: Record<string, unknown>;
  /** Which seed panel this is (`overview`, `execution_timeline`, ...). */
  description: string;
}

/** `grafana-dashboard.json`: a dashboard in Grafana's classic JSON model (import it, or provision it from a file). */
export interface GrafanaDashboard {
  /** Stable uid (`exec-automator-<env>`), so re-importing replaces it. */
  uid: string;
  /** The seed's name: `Exec-Automator Workflows - <Environment>`. */
  title: string;
  /** Tags. */
  tags: string[];
  /** Time zone. */
  timezone: string;
  /** Grafana schema version of this JSON. */
  schemaVersion: number;
  /** Dashboard version. */
  version: number;
  /** Editable in the UI. */
  editable: boolean;
  /** Auto-refresh. */
  refresh: string;
  /** Default time range. */
  time: { from: string; to: string };
  /** Variables: data source and workflow. */
  templating: { list: Array<Record<string, unknown>> };
  /** No annotations. */
  annotations: { list: unknown[] };
  /** The seed's five panels. */
  panels: GrafanaPanel[];
}

const DATASOURCE = { type: 'prometheus' as const, uid: '${datasource}' };

/** `dev` → `Dev`. */
function titleCase(environment: string): string {
  return environment.charAt(0).toUpperCase() + environment.slice(1);
}

/**
 * The seed's five monitoring panels as a Grafana dashboard over our metric names
 * ({@link METRIC_NAMES}), for one environment: Workflow Overview (deployed workflows,
 * executions, success rate and cost of the last 24 h), Execution Timeline, Error Rate by
 * Workflow (thresholded at the environment's error-rate alert), Execution Duration p50/p95/p99
 * and API Cost Tracking.
 */
export function buildGrafanaDashboard(environment: string, thresholds: AlertThresholds): GrafanaDashboard {
  const m = METRIC_NAMES;
  const env = `environment=${JSON.stringify(environment)}`;
  const sel = (extra = ''): string => `{${env},workflow_id=~"$workflow_id"${extra}}`;
  const target = (refId: string, expr: string, legendFormat: string, instant = false): GrafanaTarget => ({
    refId, expr, legendFormat, datasource: DATASOURCE, ...(instant ? { instant: true } : {}),
  });
  const failed = ',status=~"error|timeout"';
  const panel = (p: Omit<GrafanaPanel, 'datasource'>): GrafanaPanel => ({ ...p, datasource: DATASOURCE });
  const unitOverride = (refId: string, unit: string): Record<string, unknown> => ({
    matcher: { id: 'byFrameRefID', options: refId },
    properties: [{ id: 'unit', value: unit }],
  });
  const quantile = (q: number): string => `histogram_quantile(${q}, sum by (le) (rate(${m.duration}_bucket${sel()}[$__rate_interval])))`;
  return {
    uid: `exec-automator-${environment}`,
    title: `Exec-Automator Workflows - ${titleCase(environment)}`,
    tags: ['exec-automator', environment],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: true,
    refresh: '30s',
    time: { from: 'now-24h', to: 'now' },
    templating: {
      list: [
        { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0 },
        {
          name: 'workflow_id',
          label: 'Workflow',
          type: 'query',
          datasource: DATASOURCE,
          definition: `label_values(${m.executions}{${env}}, workflow_id)`,
          query: { query: `label_values(${m.executions}{${env}}, workflow_id)`, refId: 'workflows' },
          refresh: 2,
          includeAll: true,
          multi: true,
          allValue: '.*',
          current: { selected: true, text: ['All'], value: ['$__all'] },
          hide: 0,
        },
      ],
    },
    annotations: { list: [] },
    panels: [
      panel({
        id: 1,
        title: 'Workflow Overview',
        description: 'overview: workflows deployed, executions, success rate and cost of the last 24 h',
        type: 'stat',
        gridPos: { x: 0, y: 0, w: 24, h: 5 },
        targets: [
          target('A', `count(max by (workflow_id) (${m.workflowInfo}{${env}}))`, 'Workflows deployed', true),
          target('B', `sum(increase(${m.executions}${sel()}[24h]))`, 'Executions (24h)', true),
          target('C', `100 * sum(increase(${m.executions}${sel(',status=~"completed|interrupted"')}[24h])) / sum(increase(${m.executions}${sel()}[24h]))`, 'Success rate (24h)', true),
          target('D', `sum(increase(${m.cost}${sel()}[24h]))`, 'Cost (24h)', true),
        ],
        fieldConfig: { defaults: { unit: 'short', decimals: 2 }, overrides: [unitOverride('C', 'percent'), unitOverride('D', 'currencyUSD')] },
        options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'none', textMode: 'value_and_name' },
      }),
      panel({
        id: 2,
        title: 'Execution Timeline (24h)',
        description: 'execution_timeline: executions per workflow',
        type: 'timeseries',
        gridPos: { x: 0, y: 5, w: 12, h: 8 },
        targets: [target('A', `sum by (workflow_id) (increase(${m.executions}${sel()}[$__rate_interval]))`, '{{workflow_id}}')],
        fieldConfig: { defaults: { unit: 'short', custom: { drawStyle: 'bars', fillOpacity: 60 } }, overrides: [] },
        options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
      }),
      panel({
        id: 3,
        title: 'Error Rate by Workflow',
        description: `error_rate: failed (error, timeout) / all executions over 1 h; red above the alert threshold (${thresholds.errorRate})`,
        type: 'bargauge',
        gridPos: { x: 12, y: 5, w: 12, h: 8 },
        targets: [
          target(
            'A',
            `sum by (workflow_id) (increase(${m.executions}${sel(failed)}[1h])) / sum by (workflow_id) (increase(${m.executions}${sel()}[1h]))`,
            '{{workflow_id}}',
            true,
          ),
        ],
        fieldConfig: {
          defaults: {
            unit: 'percentunit',
            min: 0,
            max: 1,
            thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: thresholds.errorRate }] },
          },
          overrides: [],
        },
        options: { orientation: 'horizontal', displayMode: 'gradient', reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } },
      }),
      panel({
        id: 4,
        title: 'Execution Duration (p50, p95, p99)',
        description: 'performance: quantiles of the execution duration histogram',
        type: 'timeseries',
        gridPos: { x: 0, y: 13, w: 12, h: 8 },
        targets: [target('A', quantile(0.5), 'p50'), target('B', quantile(0.95), 'p95'), target('C', quantile(0.99), 'p99')],
        fieldConfig: {
          defaults: {
            unit: 's',
            thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'orange', value: thresholds.avgDurationSeconds }] },
            custom: { thresholdsStyle: { mode: 'line' } },
          },
          overrides: [],
        },
        options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
      }),
      panel({
        id: 5,
        title: 'API Cost Tracking',
        description: 'cost_tracking: cumulative estimated LLM cost per workflow',
        type: 'timeseries',
        gridPos: { x: 12, y: 13, w: 12, h: 8 },
        targets: [target('A', `sum by (workflow_id) (${m.cost}${sel()})`, '{{workflow_id}}')],
        fieldConfig: { defaults: { unit: 'currencyUSD', custom: { fillOpacity: 30, stacking: { mode: 'normal', group: 'A' } } }, overrides: [] },
        options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
      }),
    ],
  };
}
