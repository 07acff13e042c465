import { readFile, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '@exec-automator/core/python';
import { copyExamples, EXAMPLES, json, runCli, snapshotTree, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs();

interface Result {
  id: string;
  status: string;
  error?: { code: string; message: string };
  phases: Array<{ name: string; status: string; plan?: Array<{ target?: string }> }>;
  release: { id: string; switched: boolean; status: string } | null;
  reports: string[];
}

describe('exec-automator deploy (CLI subprocess, real venv, real langgraph)', () => {
  it('deploys the examples to dev: current points at the release, the registry lists both, smoke tests ran', async () => {
    const root = path.join(await tempDir(), 'root');
    const run = await runCli(['deploy', 'all', '--source', EXAMPLES, '--environment=dev', '--root', root, '--json']);
    const result = json<Result>(run);
    expect(run.code, run.stderr).toBe(0);
    expect(result.status).toBe('SUCCESS');
    const env = path.join(root, 'dev');
    expect(await readlink(path.join(env, 'current'))).toBe(path.join('releases', result.id));
    const registry = JSON.parse(await readFile(path.join(env, 'configs', 'workflow-registry.json'), 'utf8'));
    expect(registry.workflows.map((w: { workflow_id: string }) => w.workflow_id).sort()).toEqual(['workflow_resp_002', 'workflow_resp_005']);
    const healthReport = result.reports.find((r) => r.includes('health-report'));
    expect(healthReport).toBeDefined();
    const health = JSON.parse(await readFile(healthReport as string, 'utf8'));
    expect(health).toMatchObject({ overall_status: 'healthy', workflows_healthy: 2, smoke_tests_passed: 2, smoke_tests_failed: 0 });
    const langgraph = await runCommand(path.join(env, 'venv', 'bin', 'python'), ['-c', 'import langgraph, importlib.metadata as m; print(m.version("langgraph"))']);
    expect(langgraph.code).toBe(0);
    expect(langgraph.stdout.trim()).toMatch(/^\d+\.\d+/);
    expect(run.stderr).toContain('Pre-Deployment Validation');
  });

  it('rolls back to the first release after a second deploy, and history shows all three events', async () => {
    const root = path.join(await tempDir(), 'root');
    const first = json<Result>(await runCli(['deploy', 'all', '--source', EXAMPLES, '--root', root, '--json']));
    const second = json<Result>(await runCli(['deploy', 'workflow-resp_002-member-communication', '--source', EXAMPLES, '--root', root, '--json']));
    expect([first.status, second.status]).toEqual(['SUCCESS', 'SUCCESS']);
    const rollback = await runCli(['rollback', '--environment=dev', '--root', root, '--json']);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(json(rollback)).toMatchObject({ from: second.id, to: first.id, verified: true });
    expect(await readlink(path.join(root, 'dev', 'current'))).toBe(path.join('releases', first.id));
    const history = json<Array<{ event: string; operationId: string }>>(await runCli(['history', '--root', root, '--json']));
    expect(history.map((h) => h.event)).toEqual(['deploy', 'deploy', 'rollback']);
    const status = json<{ current: { id: string }; releases: Array<{ id: string; status: string }> }>(await runCli(['status', '--root', root, '--json']));
    expect(status.current.id).toBe(first.id);
    expect(status.releases.find((r) => r.id === second.id)?.status).toBe('bad');
  });

  it('writes nothing under the root in a dry-run and prints the plan with --report', async () => {
    const base = await tempDir();
    const root = path.join(base, 'root');
    const before = await snapshotTree(base);
    // staging requires the model's API key to be set; a dry-run never uses it (fake models).
    const run = await runCli(['deploy', 'all', '--source', EXAMPLES, '--environment=staging', '--root', root, '--dry-run', '--report'], {
      env: { ANTHROPIC_API_KEY: 'sk-ant-not-a-real-key' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(await snapshotTree(base)).toEqual(before);
    expect(run.stdout).toContain('Deployment Dry-Run Report');
    expect(run.stderr).toContain('would:');
  });

  it('stops after validation with --validate-only, writes both validation reports and changes nothing else', async () => {
    const base = await tempDir();
    const root = path.join(base, 'root');
    const sourceBefore = await snapshotTree(EXAMPLES);
    const run = await runCli(['deploy', 'all', '--source', EXAMPLES, '--root', root, '--validate-only', '--json']);
    const result = json<Result>(run);
    expect(run.code, run.stderr).toBe(0);
    expect(result.phases.filter((p) => p.status !== 'skipped').map((p) => p.name)).toEqual(['validate', 'report']);
    const [jsonReport, markdownReport] = result.reports;
    expect(result.reports).toHaveLength(2);
    expect(path.dirname(jsonReport as string)).toBe(path.join(root, 'dev', 'validation'));
    expect(path.basename(jsonReport as string)).toMatch(/^validation-report-\d{8}T\d{9}Z\.json$/);
    expect(markdownReport).toBe((jsonReport as string).replace(/\.json$/, '.md'));
    // the only writes: the two reports (and the directories that hold them)
    expect((await snapshotTree(base)).map((entry) => entry.split(' ')[0])).toEqual([
      'root/', 'root/dev/', 'root/dev/validation/', path.relative(base, jsonReport as string), path.relative(base, markdownReport as string),
    ]);
    expect(await snapshotTree(EXAMPLES)).toEqual(sourceBefore);
    const report = JSON.parse(await readFile(jsonReport as string, 'utf8'));
    expect(report).toMatchObject({ environment: 'dev', deployment_approved: true, tests_failed: 0 });
    expect(report.workflows_validated).toHaveLength(2);
    const markdown = await readFile(markdownReport as string, 'utf8');
    expect(markdown).toContain('# Validation Report');
    expect(markdown).toContain('**Overall Status:** ✓ PASSED');
  });

  it('fails validation with exit code 3 and writes nothing for a syntax error', async () => {
    const base = await tempDir();
    const source = await copyExamples(base);
    const file = path.join(source, 'workflow-resp_002-member-communication.py');
    await writeFile(file, (await readFile(file, 'utf8')).replace('def ', 'def ('));
    const root = path.join(base, 'root');
    const run = await runCli(['deploy', 'all', '--source', source, '--root', root, '--json']);
    expect(run.code).toBe(3);
    const result = json<Result>(run);
    expect(result.error?.code).toBe('VALIDATION_FAILED');
    expect(result.error?.message).toMatch(/workflow-resp_002-member-communication\.py:\d+: Python syntax error/);
    expect(await snapshotTree(root)).toEqual([]);
  });

  it('fails validation with exit code 3 and writes nothing when an agent config lacks a required field', async () => {
    const base = await tempDir();
    const source = await copyExamples(base);
    const file = path.join(source, 'agent-resp_005-config.json');
    const config = JSON.parse(await readFile(file, 'utf8'));
    delete config.system_prompt;
    await writeFile(file, JSON.stringify(config, null, 2));
    const root = path.join(base, 'root');
    const run = await runCli(['deploy', 'all', '--source', source, '--root', root, '--json']);
    expect(run.code).toBe(3);
    expect(json<Result>(run).error?.message).toContain('required field "system_prompt" is missing');
    expect(await snapshotTree(root)).toEqual([]);
  });

  it('lets one of two simultaneous deploys win; the other fails at once with DEPLOY_LOCKED', async () => {
    const root = path.join(await tempDir(), 'root');
    const args = ['deploy', 'all', '--source', EXAMPLES, '--root', root, '--json'];
    const runs = await Promise.all([runCli(args), runCli(args)]);
    const codes = runs.map((r) => r.code).sort();
    expect(codes).toEqual([0, 4]);
    const locked = runs.find((r) => r.code === 4) as (typeof runs)[number];
    expect(json<Result>(locked).error?.code).toBe('DEPLOY_LOCKED');
  });
});
