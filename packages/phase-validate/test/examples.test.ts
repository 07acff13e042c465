import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, tempDirs, validate } from './helpers/validate.js';

const tempDir = tempDirs();
// A made-up key: validation only checks that it is set, tests use fake models (no real LLM here).
const FAKE_KEY = 'sk-ant-fake-key-for-validation-tests-0123456789';

async function caseCount(): Promise<number> {
  let total = 0;
  for (const name of ['workflow-resp_002-member-communication', 'workflow-resp_005-board-coordination']) {
    const suite = JSON.parse(await readFile(path.join(EXAMPLES, 'tests', `${name}.tests.json`), 'utf8')) as { cases: unknown[] };
    total += suite.cases.length;
  }
  return total;
}

describe('validating the example workflows (real venv, real LangGraph, fake chat models)', () => {
  it('passes with no errors, runs every test case, and never shows the key', async () => {
    const { result, report, issues } = await validate(await tempDir(), EXAMPLES, { secrets: { ANTHROPIC_API_KEY: FAKE_KEY } });
    expect(result.status, JSON.stringify(result.error)).toBe('SUCCESS');
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set(['NODE_WITHOUT_ERROR_HANDLING']));
    expect(report.deployment_approved).toBe(true);
    expect(report.tests_executed).toBe(await caseCount());
    expect(report.tests_passed).toBe(report.tests_executed);
    expect(report.environment_variables).toEqual({
      ANTHROPIC_API_KEY: 'SET',
      WORKFLOW_ENV: 'SET',
      CHECKPOINT_STORAGE_PATH: 'SET',
      LOG_LEVEL: 'SET',
      MONITORING_ENDPOINT: 'SET',
    });
    expect(report.python_version).toMatch(/^3\.(1\d|[2-9]\d)\.\d+$/);
    expect(report.package_versions?.langgraph).toMatch(/^\d+\.\d+/);
    for (const w of report.workflows_validated) {
      expect(w.validation_status).toBe('passed');
      expect(w.checks_completed).toBe(w.checks_passed);
      expect(w.checks_completed).toBeGreaterThan(20);
    }
    expect(JSON.stringify(result)).not.toContain(FAKE_KEY);
  });

  it('reports a missing production key, a pin below the seed minimum and skipped tests together', async () => {
    const root = await tempDir();
    const { result, report, issues } = await validate(root, EXAMPLES, {
      environment: 'production',
      skipTests: true,
      force: true,
      settings: { additionalDependencies: ['langgraph==0.1.19'] },
    });
    expect(result.error?.code).toBe('VALIDATION_FAILED');
    const global = issues.filter((i) => i.workflow === 'global');
    // the environment is checked once the graphs are loaded (their models name the keys they need)
    expect(global.filter((i) => i.severity === 'error').map((i) => [i.code, i.message])).toEqual([
      ['PACKAGE_VERSION_TOO_OLD', 'langgraph==0.1.19 (additionalDependencies) is older than the required langgraph>=0.2.0'],
      ['ENV_VAR_MISSING', 'ANTHROPIC_API_KEY is not set (secrets backend: env)'],
    ]);
    expect(global.filter((i) => i.severity === 'warning').map((i) => [i.code, i.message])).toEqual([
      ['TESTS_SKIPPED', 'pre-deployment tests skipped with --skip-tests --force'],
    ]);
    expect(report).toMatchObject({ environment_validated: false, dependencies_validated: false, tests_skipped: true, tests_executed: 0 });
    // the pin was left out, so the rest of validation still ran: both graphs were compiled
    expect(report.package_versions?.langgraph).toMatch(/^\d+\.\d+/);
    expect(result.error?.message).toContain('[PACKAGE_VERSION_TOO_OLD]');
  });

  it('reports settings the deployment could not use: a checkpoint path that cannot be created, an unsupported monitoring endpoint', async () => {
    const base = await tempDir();
    await writeFile(path.join(base, 'not-a-dir'), 'a file where the root should go');
    const { issues } = await validate(path.join(base, 'not-a-dir', 'root'), EXAMPLES, {
      environment: 'staging',
      secrets: { ANTHROPIC_API_KEY: FAKE_KEY },
      skipTests: true,
      workflows: ['workflow-resp_005-board-coordination'],
      settings: { monitoringEndpoint: 'ftp://metrics.example.org' },
    });
    expect(issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.check])).toEqual([
      ['ENV_VAR_INVALID', 'env.CHECKPOINT_STORAGE_PATH'],
      ['ENV_VAR_INVALID', 'env.MONITORING_ENDPOINT'],
    ]);
  });
});
