import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '@exec-automator/executions';
import { buildDashboardConfig, buildGrafanaDashboard, renderPrometheusRules, renderPrometheusRuleTests, RULES_FILE_NAME, toYaml, type AlertThresholds } from '../src/index.js';
import { runPromtool } from '../../executions/test/helpers/promtool.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ea-rules-'));
  dirs.push(dir);
  return dir;
}

/** Writes rules and their tests into one directory, as the monitoring phase does. */
async function writeRules(environment: string, rules: AlertThresholds, tests: AlertThresholds = rules): Promise<string> {
  const dir = await tempDir();
  await writeFile(path.join(dir, RULES_FILE_NAME), renderPrometheusRules(environment, 'dep-test', rules));
  await writeFile(path.join(dir, 'prometheus-rules.test.yml'), renderPrometheusRuleTests(environment, tests));
  return dir;
}

const SEED: AlertThresholds = { errorRate: 0.05, avgDurationSeconds: 60, dailyCost: 100 };

describe('Prometheus alerting rules', () => {
  it.each([
    ['the seed thresholds', 'production', SEED],
    ['strict thresholds', 'staging', { errorRate: 0, avgDurationSeconds: 1, dailyCost: 0 }],
    ['loose thresholds', 'dev', { errorRate: 0.5, avgDurationSeconds: 300, dailyCost: 7.5 }],
  ])('pass promtool check rules and their unit tests (each alert fires on its series, stays silent otherwise) with %s', async (_name, environment, thresholds) => {
    const dir = await writeRules(environment, thresholds);
    const check = await runPromtool(['check', 'rules', path.join(dir, RULES_FILE_NAME)]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('SUCCESS: 4 rules found');
    const test = await runPromtool(['test', 'rules', path.join(dir, 'prometheus-rules.test.yml')]);
    expect(test.code, test.stdout + test.stderr).toBe(0);
  });

  it('has unit tests that catch a rule with the wrong threshold', async () => {
    const dir = await writeRules('production', { ...SEED, errorRate: 0.9, avgDurationSeconds: 1000 }, SEED);
    const test = await runPromtool(['test', 'rules', path.join(dir, 'prometheus-rules.test.yml')]);
    expect(test.code).not.toBe(0);
    expect(test.stdout + test.stderr).toContain('HighErrorRate');
    expect(test.stdout + test.stderr).toContain('SlowExecution');
  });

  it("scopes every rule to its environment's series", () => {
    const text = renderPrometheusRules('staging', 'dep-x', SEED);
    for (const name of ['HighErrorRate', 'SlowExecution', 'WorkflowFailure', 'HighApiCost']) expect(text).toContain(`alert: "${name}"`);
    const selectors = text.match(/exec_automator_[a-z_]+\{[^}]*\}/g) ?? [];
    expect(selectors).toHaveLength(6);
    for (const selector of selectors) expect(selector).toContain('environment=\\"staging\\"');
    expect(text).not.toContain('environment=\\"dev\\"');
  });
});

describe('Grafana dashboard', () => {
  it("has the seed's five panels with the seed's titles, in the classic dashboard model", () => {
    const dashboard = buildGrafanaDashboard('production', SEED);
    const seed = buildDashboardConfig({ environment: 'production', deploymentId: 'dep-x', workflowIds: [] });
    expect(dashboard.title).toBe(seed.dashboard_name);
    expect(dashboard.uid).toBe('exec-automator-production');
    expect(dashboard.panels.map((p) => p.title)).toEqual(seed.panels.map((p) => p.title));
    expect(dashboard.panels.map((p) => p.type)).toEqual(['stat', 'timeseries', 'bargauge', 'timeseries', 'timeseries']);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(5);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect(panel.targets.length).toBeGreaterThan(0);
    }
    expect(JSON.parse(JSON.stringify(dashboard))).toEqual(dashboard);
  });

  it('queries only our metric names, with PromQL that promtool accepts', async () => {
    const dashboard = buildGrafanaDashboard('staging', SEED);
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    const ours = Object.values(METRIC_NAMES);
    for (const expr of exprs) {
      const names = expr.match(/exec_automator_[a-z_]+/g) ?? [];
      expect(names.length, expr).toBeGreaterThan(0);
      for (const name of names) expect(ours.some((m) => name === m || name.startsWith(`${m}_`)), name).toBe(true);
    }
    // Grafana variables replaced by what Grafana would substitute, each query checked as a recording rule.
    const concrete = exprs.map((e) => e.replaceAll('$__rate_interval', '5m').replaceAll('$workflow_id', '.*'));
    const rules = toYaml({ groups: [{ name: 'dashboard', rules: concrete.map((expr, i) => ({ record: `dashboard:query_${i}`, expr })) }] });
    const dir = await tempDir();
    await writeFile(path.join(dir, 'dashboard-queries.yml'), rules);
    const check = await runPromtool(['check', 'rules', path.join(dir, 'dashboard-queries.yml')]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain(`SUCCESS: ${exprs.length} rules found`);
  });
});
