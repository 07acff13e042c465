import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isDeployError } from '@exec-automator/core';
import { runCommand } from '@exec-automator/core/python';
import { METRIC_DEFINITIONS, monitoringPhase, type MetricsConfigFile } from '../src/index.js';
import { createExampleRelease, type ExampleRelease } from './helpers/example-release.js';
import { readTree } from './helpers/files.js';
import { createTestContext } from './helpers/phase-context.js';
import { testVenv } from './helpers/test-venv.js';
import { runPromtool } from '../../executions/test/helpers/promtool.js';
import { Facts } from '../src/facts.js';

const KEY_MARKER = 'sk-ant-MARKER-123';
const WEBHOOK_MARKER = 'https://hooks.slack.com/services/T000/B000/WEBHOOK-MARKER';

let venv: string;
const roots: string[] = [];

beforeAll(async () => {
  venv = await testVenv();
});

afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

async function release(): Promise<ExampleRelease> {
  const built = await createExampleRelease(venv);
  roots.push(built.root);
  return built;
}

/** Parses YAML with PyYAML from the test venv (a real YAML parser, not ours). */
async function parseYaml(file: string): Promise<unknown> {
  const result = await runCommand(path.join(venv, 'bin', 'python'), [
    '-c',
    'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding="utf-8"))))',
    file,
  ]);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

describe('monitoringPhase', () => {
  it('declares the seed phase 5 as a non-critical prepare phase', () => {
    const phase = monitoringPhase();
    expect(phase).toMatchObject({ name: 'monitoring', title: 'Monitoring Configuration', kind: 'prepare', critical: false });
  });

  it('writes exactly the files its dry-run plan lists, byte for byte', async () => {
    const env = await release();
    const base = { layout: env.layout, releases: env.releases, workflows: env.specs, operationId: env.release.id };
    const dry = await createTestContext({ ...base, release: undefined });
    const planned = await monitoringPhase().plan!(dry);

    const ctx = await createTestContext({ ...base, release: env.release });
    const output = await monitoringPhase().run(ctx);

    expect(planned.every((a) => a.kind === 'write-file')).toBe(true);
    expect(output.files).toEqual(planned.map((a) => a.target));
    const written = await readTree(env.release.paths.monitoring);
    expect([...written.keys()].sort()).toEqual(planned.map((a) => a.target).sort());
    for (const action of planned) expect((await stat(action.target!)).size).toBe(action.bytes);
    expect(ctx.get(Facts.monitoring)).toEqual({
      files: output.files,
      alerts: ['High Error Rate', 'Slow Execution', 'Workflow Failure', 'High API Cost'],
      healthCheckScript: path.join(env.release.paths.monitoring, 'health-check.py'),
    });
  });

  it('writes an executable health-check.py reachable through the stable <env>/monitoring path', async () => {
    const env = await release();
    const ctx = await createTestContext({ layout: env.layout, releases: env.releases, workflows: env.specs, release: env.release, operationId: env.release.id });
    await monitoringPhase().run(ctx);
    const stable = path.join(env.layout.stable('monitoring'), 'health-check.py');
    expect((await stat(stable)).mode & 0o777).toBe(0o755);
    expect((await readFile(stable, 'utf8')).startsWith('#!/usr/bin/env python3\n')).toBe(true);
  });

  it('writes alert rules that parse as YAML with the configured thresholds, naming secrets but never their values', async () => {
    const env = await release();
    const ctx = await createTestContext({
      layout: env.layout,
      releases: env.releases,
      workflows: env.specs,
      release: env.release,
      operationId: env.release.id,
      settings: {
        adminEmail: 'ed@example.org',
        thresholds: { errorRate: 0.07, avgDurationSeconds: 45, dailyCost: 250 },
        notifications: [
          { type: 'email', host: 'smtp.example.org', passwordSecret: 'SMTP_PASSWORD', username: 'alerts', minSeverity: 'critical' },
          { type: 'webhook', name: 'finance', url: 'https://hooks.example.org/cost', alerts: ['HighApiCost'] },
        ],
      },
      secrets: { ANTHROPIC_API_KEY: KEY_MARKER, SLACK_WEBHOOK_URL: WEBHOOK_MARKER },
    });
    const output = await monitoringPhase().run(ctx);
    const doc = (await parseYaml(path.join(env.release.paths.monitoring, 'alert-rules.yaml'))) as {
      environment: string;
      workflows: string[];
      alert_rules: Array<{ alert_name: string; condition: string; threshold: number | null; severity: string; notification_channels: unknown[]; message: string }>;
    };

    expect(doc.environment).toBe('dev');
    expect(doc.workflows).toEqual(['workflow_resp_002', 'workflow_resp_005']);
    expect(doc.alert_rules.map((r) => [r.alert_name, r.condition, r.threshold, r.severity])).toEqual([
      ['High Error Rate', 'error_rate > 0.07', 0.07, 'critical'],
      ['Slow Execution', 'avg_duration_seconds > 45', 45, 'warning'],
      ['Workflow Failure', 'execution_failed', null, 'critical'],
      ['High API Cost', 'daily_cost > 250', 250, 'warning'],
    ]);
    expect(doc.alert_rules[0]!.message).toBe('Workflow {workflow_id} error rate exceeded 7% threshold');
    // Configured channels with their routing, plus Slack because its default secret is set.
    const slack = { slack: { channel: 'slack', secret: 'SLACK_WEBHOOK_URL' } };
    expect(doc.alert_rules[0]!.notification_channels).toEqual([{ email: 'ed@example.org' }, slack]);
    expect(doc.alert_rules[1]!.notification_channels).toEqual([slack]);
    expect(doc.alert_rules[3]!.notification_channels).toEqual([{ webhook: { channel: 'finance', url: 'https://hooks.example.org/cost' } }, slack]);
    expect(output.warnings).toEqual([]);

    for (const [file, text] of await readTree(env.layout.dir)) {
      expect(text, file).not.toContain('WEBHOOK-MARKER');
      expect(text, file).not.toContain(KEY_MARKER);
    }
  });

  it('leaves channels out and warns when none is configured', async () => {
    const env = await release();
    const ctx = await createTestContext({ layout: env.layout, releases: env.releases, workflows: env.specs, release: env.release, operationId: env.release.id });
    const output = await monitoringPhase().run(ctx);
    const doc = (await parseYaml(path.join(env.release.paths.monitoring, 'alert-rules.yaml'))) as { alert_rules: Array<{ notification_channels: unknown[] }> };
    expect(doc.alert_rules.map((r) => r.notification_channels)).toEqual([[], [], [], []]);
    expect(output.warnings).toHaveLength(1);
  });

  it('writes Prometheus rules with their unit tests, which promtool accepts and passes in the release directory', async () => {
    const env = await release();
    const ctx = await createTestContext({
      layout: env.layout, releases: env.releases, workflows: env.specs, release: env.release, operationId: env.release.id,
      settings: { thresholds: { errorRate: 0.1, avgDurationSeconds: 30, dailyCost: 20 } },
    });
    await monitoringPhase().run(ctx);
    const dir = env.release.paths.monitoring;
    const check = await runPromtool(['check', 'rules', path.join(dir, 'prometheus-rules.yml')]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const test = await runPromtool(['test', 'rules', path.join(dir, 'prometheus-rules.test.yml')]);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    const grafana = JSON.parse(await readFile(path.join(dir, 'grafana-dashboard.json'), 'utf8')) as { title: string; panels: unknown[] };
    expect(grafana).toMatchObject({ title: 'Exec-Automator Workflows - Dev' });
    expect(grafana.panels).toHaveLength(5);
  });

  it("writes the seed's six metrics per workflow with their Prometheus names, and the five-panel dashboard", async () => {
    const env = await release();
    const ctx = await createTestContext({ layout: env.layout, releases: env.releases, workflows: env.specs, release: env.release, operationId: env.release.id });
    await monitoringPhase().run(ctx);
    const metrics = JSON.parse(await readFile(path.join(env.release.paths.monitoring, 'metrics-config.json'), 'utf8')) as MetricsConfigFile;
    expect(metrics.deployment_id).toBe(env.release.id);
    expect(metrics.workflows.map((w) => w.workflow_id)).toEqual(['workflow_resp_002', 'workflow_resp_005']);
    const first = metrics.workflows[0]!.metrics;
    expect(first.map((m) => m.name)).toEqual([
      'execution_count',
      'execution_duration_seconds',
      'success_rate',
      'error_count',
      'tokens_used',
      'cost_per_execution',
      'total_cost',
    ]);
    expect(first.every((m) => /^exec_automator_[a-z_]+$/.test(m.prometheus_name))).toBe(true);
    expect(first.filter((m) => m.type === 'counter').every((m) => m.prometheus_name.endsWith('_total'))).toBe(true);
    expect(first.find((m) => m.type === 'histogram')?.buckets).toEqual([1, 5, 10, 30, 60, 120, 300]);
    expect(first).toEqual(METRIC_DEFINITIONS);

    const dashboard = JSON.parse(await readFile(path.join(env.release.paths.monitoring, 'dashboard-config.json'), 'utf8')) as {
      dashboard_name: string;
      panels: Array<{ panel_id: string }>;
    };
    expect(dashboard.dashboard_name).toBe('Exec-Automator Workflows - Dev');
    expect(dashboard.panels.map((p) => p.panel_id)).toEqual(['overview', 'execution_timeline', 'error_rate', 'performance', 'cost_tracking']);
  });

  it('refuses to run without a release with code INTERNAL', async () => {
    const env = await release();
    const ctx = await createTestContext({ layout: env.layout, releases: env.releases, workflows: env.specs, release: undefined, operationId: env.release.id });
    const error = await monitoringPhase().run(ctx).catch((e: unknown) => e);
    expect(isDeployError(error) && error.code).toBe('INTERNAL');
  });
});
