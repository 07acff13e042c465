import { readdir, readFile, readlink, realpath, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExamples, EXAMPLES, json, runCli, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs();
/** Staging requires the model's key to be set; nothing here calls a real LLM (fake models). */
const ENV = { ANTHROPIC_API_KEY: 'sk-ant-not-a-real-key' };
/** A seed-style `{placeholder}` left from a template (not Grafana's `${var}` / `{{var}}`). */
const PLACEHOLDER = /(?<![${])\{[a-z_]+\}(?!\})/;

interface Result {
  id: string;
  status: string;
  error?: { code: string; message: string };
  release: { id: string; switched: boolean; status: string } | null;
  rollback?: { to: string; verified: boolean; reason: string };
}
interface Status {
  current: { id: string; status: string };
  releases: Array<{ id: string; status: string; venvHash?: string }>;
  rollbackTarget: string | null;
}
interface History {
  event: string;
  status: string;
  from: string | null;
  to: string | null;
  reason?: string;
  code?: string;
  automatic?: boolean;
  timestamp: string;
  user?: string;
}

/**
 * The example workflows with one change that works on the author's machine and breaks once
 * released: a node reads a data file next to the workflow file, which the release does not ship.
 * Validation (pre-deployment tests run on the source) passes; the smoke test after the switch fails.
 */
async function sourceWhoseSmokeTestFails(base: string): Promise<string> {
  const source = await copyExamples(path.join(base, 'broken'));
  const file = path.join(source, 'workflow-resp_002-member-communication.py');
  let code = await readFile(file, 'utf8');
  code = code.replace('import operator\n', 'import json\nimport operator\nfrom pathlib import Path\n');
  code = code.replace(
    'def validate_request(state: State) -> dict:\n',
    'PRIORITY_RULES = Path(__file__).with_name("member-priority-rules.json")\n\n\n' +
      'def validate_request(state: State) -> dict:\n    json.loads(PRIORITY_RULES.read_text())  # only exists beside the source\n',
  );
  await writeFile(file, code);
  await writeFile(path.join(source, 'member-priority-rules.json'), '{"complaint": "high"}\n');
  return source;
}

/** One workflow per release keeps this scenario of three real deployments short. */
const deploy = async (root: string, source: string, extra: string[] = []) =>
  runCli(['deploy', 'workflow-resp_002-member-communication', '--source', source, '--environment=staging', '--root', root, '--json', ...extra], { env: ENV });

describe('rollback you can trust (CLI subprocess, real venvs, real langgraph)', () => {
  it('rolls a staging release whose smoke test fails back automatically; a later plain rollback skips it and restores configs, monitoring and venv', async () => {
    const base = await tempDir();
    const root = path.join(base, 'root');
    const envDir = path.join(root, 'staging');

    // A: a good release.
    const a = json<Result>(await deploy(root, EXAMPLES));
    expect(a.status).toBe('SUCCESS');

    // B: its smoke test fails after the switch -> FAILED, A current again and verified, B bad.
    const bRun = await deploy(root, await sourceWhoseSmokeTestFails(base));
    expect(bRun.code).toBe(1);
    const b = json<Result>(bRun);
    expect(b.status).toBe('FAILED');
    expect(b.error?.code).toBe('SMOKE_TEST_FAILED');
    expect(b.release).toMatchObject({ id: b.id, switched: true, status: 'bad' });
    expect(b.rollback).toMatchObject({ to: a.id, verified: true });
    expect(await readlink(path.join(envDir, 'current'))).toBe(path.join('releases', a.id));
    let status = json<Status>(await runCli(['status', '--environment=staging', '--root', root, '--json']));
    expect(status.current).toMatchObject({ id: a.id, status: 'good' });
    expect(status.releases.find((r) => r.id === b.id)?.status).toBe('bad');
    // A was verified again on its own files: its newest health report is from the rollback, and healthy.
    const reports = (await readdir(path.join(envDir, 'releases', a.id, 'monitoring'))).filter((f) => f.startsWith('health-report-')).sort();
    expect(reports).toHaveLength(2);
    const restoredHealth = JSON.parse(await readFile(path.join(envDir, 'releases', a.id, 'monitoring', reports[1] as string), 'utf8'));
    expect(restoredHealth).toMatchObject({ release_id: a.id, operation: 'rollback', overall_status: 'healthy', smoke_tests_failed: 0 });
    const statusReport = await readFile(path.join(envDir, 'DEPLOYMENT-STATUS-REPORT.md'), 'utf8');
    expect(statusReport).toContain(`rolled back automatically to ${a.id}`);
    expect(statusReport).toContain('**Restored release verified:** ✓ Yes');
    expect(statusReport).not.toMatch(PLACEHOLDER);
    const errorLogs = (await readdir(envDir)).filter((f) => f.startsWith('deployment-errors-'));
    expect(errorLogs).toHaveLength(1);
    expect(JSON.parse(await readFile(path.join(envDir, errorLogs[0] as string), 'utf8'))).toMatchObject({
      deployment_id: b.id, failed_phase: 'health', error: { code: 'SMOKE_TEST_FAILED' }, automatic_rollback: { to: a.id, verified: true },
    });

    // C: a good release with other settings: another venv (extra requirement), other alert thresholds.
    const config = path.join(base, 'c.config.json');
    await writeFile(config, JSON.stringify({ environments: { staging: { additionalDependencies: ['requests>=2.0'], thresholds: { errorRate: 0.2 } } } }));
    const c = json<Result>(await deploy(root, EXAMPLES, ['--config', config]));
    expect(c.status).toBe('SUCCESS');
    status = json<Status>(await runCli(['status', '--environment=staging', '--root', root, '--json']));
    const hash = (id: string) => status.releases.find((r) => r.id === id)?.venvHash;
    expect(hash(c.id)).toBeDefined();
    expect(hash(c.id)).not.toBe(hash(a.id));
    expect(status.rollbackTarget).toBe(a.id); // B, newer than A, is bad: skipped
    const alertRulesOf = (id: string) => readFile(path.join(envDir, 'releases', id, 'monitoring', 'alert-rules.yaml'), 'utf8');
    expect(await alertRulesOf(c.id)).not.toBe(await alertRulesOf(a.id));

    // Data the running workflows wrote meanwhile: it belongs to the environment, not to a release.
    const data: Record<string, string> = {
      'checkpoints/checkpoints.sqlite': 'SQLite format 3 - thread t-1 at step 4',
      'logs/workflows.log': '{"level":"INFO","message":"run of workflow_resp_002"}\n',
      'metrics/executions.jsonl': '{"workflow_id":"workflow_resp_002","status":"success"}\n',
    };
    for (const [rel, content] of Object.entries(data)) await writeFile(path.join(envDir, rel), content);
    const mtimes = Object.fromEntries(await Promise.all(Object.keys(data).map(async (rel) => [rel, (await stat(path.join(envDir, rel))).mtimeMs])));

    // A's venv is gone meanwhile (a disk cleanup): it must come back with the release.
    await rm(path.join(envDir, 'venvs', hash(a.id) as string), { recursive: true });

    // A plain rollback: from C to A, skipping bad B; the result says it was verified.
    const rollback = await runCli(['rollback', '--environment=staging', '--root', root, '--reason', 'error rate too high after release'], { env: ENV });
    expect(rollback.code, rollback.stderr).toBe(0);
    // The arrow is ASCII (->) where the locale is not UTF-8.
    expect(rollback.stdout).toMatch(new RegExp(`Rolled back staging: ${c.id} (→|->) ${a.id}`));
    expect(rollback.stdout).toContain('verified: health checks and smoke tests passed');
    expect(rollback.stdout).toContain(`venv rebuilt from the release's requirements: venvs/${hash(a.id)}`);
    status = json<Status>(await runCli(['status', '--environment=staging', '--root', root, '--json']));
    expect(status.current).toMatchObject({ id: a.id, status: 'good' });
    expect(status.releases.map((r) => [r.id, r.status])).toEqual([[a.id, 'good'], [b.id, 'bad'], [c.id, 'bad']]);

    // The release's configs, monitoring config and venv came back with it...
    expect(await realpath(path.join(envDir, 'venv'))).toBe(path.join(envDir, 'venvs', hash(a.id) as string));
    expect(await readFile(path.join(envDir, 'monitoring', 'alert-rules.yaml'), 'utf8')).toBe(await alertRulesOf(a.id));
    expect(JSON.parse(await readFile(path.join(envDir, 'configs', 'workflow-registry.json'), 'utf8')).deployment_id).toBe(a.id);
    expect(await readFile(path.join(envDir, '.env'), 'utf8')).toContain(`DEPLOYMENT_ID=${a.id}`);
    expect(await readFile(path.join(envDir, 'requirements.txt'), 'utf8')).not.toContain('requests>=2.0');
    // ...and checkpoints, logs and metrics stayed as they were.
    for (const [rel, content] of Object.entries(data)) {
      expect(await readFile(path.join(envDir, rel), 'utf8')).toBe(content);
      expect((await stat(path.join(envDir, rel))).mtimeMs).toBe(mtimes[rel]);
    }

    // History says when, from which release, to which, and why.
    const history = json<History[]>(await runCli(['history', '--environment=staging', '--root', root, '--json']));
    expect(history.map((h) => [h.event, h.status, h.from, h.to, h.automatic ?? false])).toEqual([
      ['deploy', 'SUCCESS', null, a.id, false],
      ['failure', 'FAILED', a.id, b.id, false],
      ['rollback', 'SUCCESS', b.id, a.id, true],
      ['deploy', 'SUCCESS', a.id, c.id, false],
      ['rollback', 'SUCCESS', c.id, a.id, false],
    ]);
    expect(history[1]?.code).toBe('SMOKE_TEST_FAILED');
    expect(history[2]?.reason).toMatch(/^automatic: Health Checks & Verification failed \(SMOKE_TEST_FAILED\)/);
    expect(history[4]?.reason).toBe('error rate too high after release');
    for (const h of history) expect(Number.isNaN(Date.parse(h.timestamp))).toBe(false);
    const text = await runCli(['history', '--environment=staging', '--root', root]);
    expect(text.stdout).toMatch(new RegExp(`${b.id} (→|->) ${a.id} \\(automatic\\)`));

    // No rollback target is left: A is the oldest good release.
    const none = await runCli(['rollback', '--environment=staging', '--root', root, '--json'], { env: ENV });
    expect(none.code).toBe(1);
    expect(json<Result>(none).error?.code).toBe('NO_ROLLBACK_TARGET');
  }, 600_000); // three real deployments and a rollback, each with real venvs and smoke tests
});
