import { access, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeployError, isDeployError } from '@exec-automator/core';
import { EnvSecretsBackend } from '@exec-automator/core/secrets';
import { specsFromRelease } from '@exec-automator/core/source';
import { type TestSuite } from '@exec-automator/core/testing';
import { compactTimestamp } from '@exec-automator/core/util';
import { createNotifiers, healthPhase, monitoringPhase, type HealthReportFile } from '../src/index.js';
import { startHttpReceiver } from './helpers/receivers.js';
import { createExampleRelease, type ExampleRelease } from './helpers/example-release.js';
import { readTree } from './helpers/files.js';
import { createTestContext, type TestContext } from './helpers/phase-context.js';
import { testVenv } from './helpers/test-venv.js';
import { Facts } from '../src/facts.js';

const KEY_MARKER = 'sk-ant-MARKER-123';
const MEMBER = 'workflow-resp_002-member-communication';

let venv: string;
const roots: string[] = [];

beforeAll(async () => {
  venv = await testVenv();
});

afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

/** A current release of the examples, with its monitoring files unless `monitoring` is false. */
async function deployed(options: { monitoring?: boolean; notifiers?: TestContext['notifiers'] } = {}): Promise<{ env: ExampleRelease; ctx: TestContext }> {
  const env = await createExampleRelease(venv);
  roots.push(env.root);
  const ctx = await createTestContext({
    layout: env.layout,
    releases: env.releases,
    workflows: env.specs,
    release: env.release,
    operationId: env.release.id,
    secrets: { ANTHROPIC_API_KEY: KEY_MARKER },
    ...(options.notifiers ? { notifiers: options.notifiers } : {}),
  });
  if (options.monitoring ?? true) await monitoringPhase().run(ctx);
  return { env, ctx };
}

async function readReport(file: string): Promise<HealthReportFile> {
  return JSON.parse(await readFile(file, 'utf8')) as HealthReportFile;
}

async function failure(promise: Promise<unknown>): Promise<DeployError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isDeployError(error)) throw new Error(`expected a DeployError, got ${String(error)}`);
  return error;
}

describe('healthPhase', () => {
  it('declares the seed phase 6 as a critical verify phase', () => {
    expect(healthPhase()).toMatchObject({ name: 'health', title: 'Health Checks & Verification', kind: 'verify', critical: true });
  });

  it('passes on the example release with real graphs and smoke tests, and writes the health report', async () => {
    const { env, ctx } = await deployed();
    const output = await healthPhase().run(ctx);

    const reportFile = path.join(env.release.paths.monitoring, `health-report-${compactTimestamp(ctx.startedAt)}.json`);
    expect(output.summary).toBe('2/2 workflows healthy, 2/2 smoke tests passed');
    expect(output.reports).toEqual([reportFile]);
    expect(output.files).toEqual([reportFile]);
    expect(output.warnings).toEqual([]);

    const report = await readReport(reportFile);
    expect(report).toMatchObject({
      environment: 'dev',
      release_id: env.release.id,
      operation: 'deploy',
      overall_status: 'healthy',
      workflows_checked: 2,
      workflows_healthy: 2,
      workflows_unhealthy: 0,
      smoke_tests_passed: 2,
      smoke_tests_failed: 0,
      monitoring_operational: true,
      alerts_functional: false,
      alerts_detail: 'no notification channels configured',
      health_check_script: { ran: true, exit_code: 0 },
    });
    const member = report.workflows.find((w) => w.workflow === MEMBER)!;
    expect(member.checks.map((c) => c.name)).toEqual([
      'registry_active',
      'graph_inspect',
      'workflow_file',
      'agent_config',
      'dependencies',
      'api_key',
      'graph_compiles',
      'last_execution',
    ]);
    expect(member.smoke_tests).toMatchObject([{ name: 'renewal request is drafted and held for human review', passed: true }]);
    await access(env.layout.metrics);

    expect(ctx.get(Facts.health)).toEqual(report);
    expect(ctx.get(Facts.smokeTests)?.map((r) => [r.workflow, r.passed])).toEqual([
      [MEMBER, true],
      ['workflow-resp_005-board-coordination', true],
    ]);
    expect(ctx.progressEvents.map((p) => p.counts)).toEqual([
      { current: 1, total: 2 },
      { current: 2, total: 2 },
    ]);
  });

  it('fails with SMOKE_TEST_FAILED when a smoke expectation breaks, after writing the report', async () => {
    const { env, ctx } = await deployed();
    const testsFile = path.join(env.release.paths.tests, `${MEMBER}.tests.json`);
    const suite = JSON.parse(await readFile(testsFile, 'utf8')) as TestSuite;
    const smoke = suite.cases.find((c) => c.smoke)!;
    smoke.expect = { ...smoke.expect, paths: { ...smoke.expect.paths, 'draft.subject': 'A subject the model never wrote' } };
    await writeFile(testsFile, JSON.stringify(suite));

    const error = await failure(healthPhase().run(ctx));
    expect(error.code).toBe('SMOKE_TEST_FAILED');
    expect(error.message).toContain(`${MEMBER}: smoke test "${smoke.name}": path draft.subject`);
    const report = await readReport(error.details.healthReport as string);
    expect(report).toMatchObject({ overall_status: 'unhealthy', workflows_healthy: 2, smoke_tests_passed: 1, smoke_tests_failed: 1 });
    expect(ctx.get(Facts.health)?.overall_status).toBe('unhealthy');
  });

  it('fails with HEALTH_CHECK_FAILED when the released graph does not load', async () => {
    const { env, ctx } = await deployed();
    await writeFile(path.join(env.release.paths.workflows, `${MEMBER}.py`), 'from langgraph.graph import StateGraph\ngraph = StateGraph(\n');

    const error = await failure(healthPhase().run(ctx));
    expect(error.code).toBe('HEALTH_CHECK_FAILED');
    expect(error.message).toContain(`${MEMBER}: graph_inspect: GRAPH_LOAD_FAILED`);
    const report = await readReport(error.details.healthReport as string);
    const member = report.workflows.find((w) => w.workflow === MEMBER)!;
    expect(member.status).toBe('unhealthy');
    expect(member.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['graph_inspect', 'graph_compiles']);
    expect(report.workflows_healthy).toBe(1);
  });

  it('fails with HEALTH_CHECK_FAILED when the registry does not list a workflow as active', async () => {
    const { env, ctx } = await deployed();
    const registryFile = path.join(env.release.paths.configs, 'workflow-registry.json');
    const registry = JSON.parse(await readFile(registryFile, 'utf8')) as { workflows: Array<{ deployment_status: string }> };
    registry.workflows[1]!.deployment_status = 'inactive';
    await writeFile(registryFile, JSON.stringify(registry));

    const error = await failure(healthPhase().run(ctx));
    expect(error.code).toBe('HEALTH_CHECK_FAILED');
    expect(error.details.failures).toEqual(['workflow-resp_005-board-coordination: registry_active: deployment_status: inactive']);
  });

  it('verifies the restored release after a rollback, from the release alone', async () => {
    const { env } = await deployed();
    const meta = await env.releases.read(env.release.id);
    const ctx = await createTestContext({
      layout: env.layout,
      releases: env.releases,
      workflows: specsFromRelease(env.release.paths.dir, meta),
      release: env.release,
      operation: 'rollback',
      operationId: 'rb-20261125T040000000Z-0001',
    });
    const output = await healthPhase().run(ctx);
    expect(output.summary).toBe('2/2 workflows healthy, 2/2 smoke tests passed');
    expect((output.data?.health as HealthReportFile).operation).toBe('rollback');
  });

  it('checks without health-check.py when the monitoring phase did not run, and warns', async () => {
    const { ctx } = await deployed({ monitoring: false });
    const output = await healthPhase().run(ctx);
    expect(output.summary).toBe('2/2 workflows healthy, 2/2 smoke tests passed');
    expect(output.warnings).toEqual([expect.stringContaining('health-check.py missing')]);
    const report = output.data?.health as HealthReportFile;
    expect(report.monitoring_operational).toBe(false);
    expect(report.health_check_script.ran).toBe(false);
  });

  it('runs a workflow without a smoke case once with an empty input, and only warns when that fails', async () => {
    const { env, ctx } = await deployed();
    const testsFile = path.join(env.release.paths.tests, `${MEMBER}.tests.json`);
    const suite = JSON.parse(await readFile(testsFile, 'utf8')) as TestSuite;
    for (const c of suite.cases) c.smoke = false;
    await writeFile(testsFile, JSON.stringify(suite));
    const output = await healthPhase().run(ctx);
    // the member workflow's state allows an empty input, so it ran once (fake models answering);
    // its nodes need a message, so the run failed: a warning, not a failed deployment
    expect(output.summary).toBe('2/2 workflows healthy, 1/2 smoke tests passed');
    expect(output.warnings).toEqual([`${MEMBER}: non-critical smoke test "empty input (no smoke case)" failed`]);
    const runs = ctx.get(Facts.smokeTests)?.filter((t) => t.workflow === MEMBER);
    expect(runs?.map((t) => [t.name, t.critical, t.passed])).toEqual([['empty input (no smoke case)', false, false]]);
  });

  it('plans the same report file it writes, plus one check and one smoke run per workflow', async () => {
    const { env, ctx } = await deployed();
    const dry = await createTestContext({
      layout: env.layout,
      releases: env.releases,
      workflows: env.specs,
      release: undefined,
      operationId: env.release.id,
      startedAt: ctx.startedAt,
    });
    const planned = await healthPhase().plan!(dry);
    expect(planned.map((a) => a.kind)).toEqual(['check', 'run', 'check', 'run', 'run', 'write-file']);
    const output = await healthPhase().run(ctx);
    expect(planned.at(-1)?.target).toBe(output.reports?.[0]);
  });

  it('never writes the API key value, in reports or anywhere under the environment', async () => {
    const { env, ctx } = await deployed();
    await healthPhase({ skipApiKeys: false }).run(ctx);
    const report = ctx.get(Facts.health)!;
    expect(report.workflows.flatMap((w) => w.checks).filter((c) => c.name === 'api_key').map((c) => c.detail)).toEqual([
      'ANTHROPIC_API_KEY SET',
      'ANTHROPIC_API_KEY SET',
    ]);
    const files = await readTree(env.layout.dir);
    expect(files.size).toBeGreaterThan(10);
    for (const [file, text] of files) expect(text, file).not.toContain(KEY_MARKER);
    for (const log of ctx.logs) expect(log.message).not.toContain(KEY_MARKER);
  });

  it('sends a test alert to each configured channel and reports it; a failing channel is a warning, not a failure', async () => {
    const good = await startHttpReceiver({ status: 200, body: 'ok' });
    const bad = await startHttpReceiver({ status: 500, body: 'down' });
    try {
      const notifiers = createNotifiers(
        [
          { type: 'webhook', name: 'ops', url: `${good.url}/ops` },
          { type: 'webhook', name: 'broken', url: `${bad.url}/broken`, retries: 1 },
        ],
        { secrets: new EnvSecretsBackend({}), environment: 'dev', implicitChannels: false },
      );
      const { ctx } = await deployed({ notifiers });
      const output = await healthPhase().run(ctx);
      const report = await readReport((output.reports as string[])[0] as string);
      expect(report.alerts_functional).toBe(false);
      expect(report.alert_tests.map((t) => [t.channel, t.ok])).toEqual([
        ['ops', true],
        ['broken', false],
      ]);
      expect(report.alert_tests[1]).toMatchObject({ attempts: 2, status: 500 });
      expect(output.warnings?.some((w) => w.includes('test alert to broken failed'))).toBe(true);
      expect(good.requests).toHaveLength(1);
      expect(good.requests[0]?.body).toMatchObject({ status: 'firing', alerts: [{ labels: { alertname: 'ExecAutomatorTestAlert', test: 'true', severity: 'info' } }] });
    } finally {
      await good.close();
      await bad.close();
    }
  });
});
