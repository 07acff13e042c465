import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CommandResult, runCommand } from '@exec-automator/core/python';
import { monitoringPhase, parseHealthCheckOutput, type HealthCheckScriptResult } from '../src/index.js';
import { createExampleRelease, type ExampleRelease } from './helpers/example-release.js';
import { createTestContext } from './helpers/phase-context.js';
import { testVenv } from './helpers/test-venv.js';

const KEY_MARKER = 'sk-ant-MARKER-123';
const MEMBER = 'workflow-resp_002-member-communication';

let env: ExampleRelease;
let python: string;
let script: string;

beforeAll(async () => {
  env = await createExampleRelease(await testVenv());
  const ctx = await createTestContext({ layout: env.layout, releases: env.releases, workflows: env.specs, release: env.release, operationId: env.release.id });
  await monitoringPhase().run(ctx);
  // Run the way the seed does: the environment's interpreter on the stable path.
  python = path.join(env.layout.stable('venv'), 'bin', 'python');
  script = path.join(env.layout.stable('monitoring'), 'health-check.py');
});

afterAll(async () => {
  await rm(env.root, { recursive: true, force: true });
});

beforeEach(async () => {
  await rm(env.layout.metrics, { recursive: true, force: true });
});

/** Runs the script with only the variables given (no key leaks in from the host). */
async function runScript(args: string[], extraEnv: Record<string, string> = {}): Promise<CommandResult & { results: HealthCheckScriptResult[] }> {
  const result = await runCommand(python, [script, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...extraEnv },
    cwd: '/',
    timeoutMs: 120_000,
  });
  const parsed = parseHealthCheckOutput(result.stdout);
  if ('problem' in parsed) throw new Error(`${parsed.problem}\nstderr: ${result.stderr}`);
  return { ...result, results: parsed.results };
}

function failed(result: HealthCheckScriptResult): string[] {
  return result.checks.filter((c) => !c.passed).map((c) => c.name);
}

describe('health-check.py', () => {
  it('reports both example workflows healthy, exits 0 and never prints the API key', async () => {
    const run = await runScript(['--json'], { ANTHROPIC_API_KEY: KEY_MARKER });
    expect(run.code).toBe(0);
    expect(run.results.map((r) => [r.workflow_id, r.status])).toEqual([
      ['workflow_resp_002', 'healthy'],
      ['workflow_resp_005', 'healthy'],
    ]);
    const first = run.results[0]!;
    expect(first.checks.map((c) => c.name)).toEqual(['workflow_file', 'agent_config', 'dependencies', 'api_key', 'graph_compiles', 'last_execution']);
    expect(first.checks_passed).toBe(6);
    expect(first.checks.find((c) => c.name === 'api_key')?.detail).toBe('ANTHROPIC_API_KEY SET');
    expect(first.checks.find((c) => c.name === 'graph_compiles')?.detail).toMatch(/^graph: 7 nodes/);
    expect(first.checks.find((c) => c.name === 'last_execution')?.detail).toBe('no executions yet');
    expect(Date.parse(first.last_check)).not.toBeNaN();
    expect(run.stdout + run.stderr).not.toContain(KEY_MARKER);
  });

  it('exits 1 with a workflow_file failure when a deployed workflow file is deleted', async () => {
    const file = path.join(env.release.paths.workflows, `${MEMBER}.py`);
    const saved = await readFile(file);
    await rm(file);
    try {
      const run = await runScript(['--skip-keys']);
      expect(run.code).toBe(1);
      const member = run.results.find((r) => r.workflow === MEMBER)!;
      expect(member.status).toBe('unhealthy');
      expect(failed(member)).toEqual(['workflow_file', 'graph_compiles']);
      expect(member.checks.find((c) => c.name === 'workflow_file')?.detail).toContain(`missing: ${file}`);
      expect(run.results.find((r) => r.workflow !== MEMBER)?.status).toBe('healthy');
    } finally {
      await writeFile(file, saved);
    }
  });

  it('fails api_key when the model key is not set, and passes it with a note under --skip-keys', async () => {
    const strict = await runScript(['--workflow', MEMBER]);
    expect(strict.code).toBe(1);
    expect(strict.results.map(failed)).toEqual([['api_key']]);
    expect(strict.results[0]!.checks.find((c) => c.name === 'api_key')?.detail).toBe('ANTHROPIC_API_KEY NOT SET');

    const lenient = await runScript(['--workflow', MEMBER, '--skip-keys']);
    expect(lenient.code).toBe(0);
    expect(lenient.results[0]!.checks.find((c) => c.name === 'api_key')?.detail).toBe('ANTHROPIC_API_KEY NOT SET (ignored: --skip-keys)');
  });

  it("fails last_execution when this release's last run of the workflow failed, ignoring other releases", async () => {
    await mkdir(env.layout.metrics, { recursive: true });
    const lines = [
      { workflow_id: 'workflow_resp_002', release_id: env.release.id, status: 'error', error_type: 'ValueError', timestamp: '2026-01-01T00:00:00Z' },
      { workflow_id: 'workflow_resp_005', release_id: 'dep-older', status: 'error', timestamp: '2026-01-01T00:00:01Z' },
      { workflow_id: 'workflow_resp_005', release_id: env.release.id, status: 'completed', timestamp: '2026-01-01T00:00:00Z' },
    ];
    // Newest last; the older release's failure comes after this release's success on purpose.
    await appendFile(path.join(env.layout.metrics, 'executions.jsonl'), `${[lines[2], lines[0], lines[1]].map((l) => JSON.stringify(l)).join('\n')}\n`);
    const run = await runScript(['--skip-keys']);
    expect(run.code).toBe(1);
    const [member, board] = run.results;
    expect(failed(member!)).toEqual(['last_execution']);
    expect(member!.checks.find((c) => c.name === 'last_execution')?.detail).toBe('last execution error at 2026-01-01T00:00:00Z (ValueError)');
    expect(board!.status).toBe('healthy');
  });

  it('exits 2 naming the known workflows when --workflow matches none', async () => {
    const result = await runCommand(python, [script, '--workflow', 'nope'], { env: { PATH: process.env.PATH ?? '' } });
    expect(result.code).toBe(2);
    expect(result.stdout.trim()).toBe('[]');
    expect(result.stderr).toContain(MEMBER);
  });
});
