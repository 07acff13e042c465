import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExamples, json, runCli, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs();

interface Result {
  id: string;
  status: string;
  error?: { code: string; message: string };
  runnerStarts?: Record<string, number>;
  phases: Array<{ name: string; summary?: string; data?: { cachedFrom?: Record<string, string[]>; report?: { tests_cached?: number; tests_executed: number; tests_cached_from?: string[] } } }>;
}

const BOARD = 'workflow-resp_005-board-coordination';
const MEMBER = 'workflow-resp_002-member-communication';

describe('redeploys cost what changed (CLI subprocess, real venvs, fake chat models)', () => {
  it('reuses unchanged results, starts one runner per venv, reruns only what an edit touches, and never reuses a failure as a pass', async () => {
    const dir = await tempDir();
    const source = await copyExamples(dir);
    const root = path.join(dir, 'root');
    // a cache of this test's own, so the first deploy computes everything itself
    const env = { EXEC_AUTOMATOR_CACHE: path.join(dir, 'cache') };
    const deploy = async (...extra: string[]): Promise<Result> => {
      const run = await runCli(['deploy', 'all', '--source', source, '--environment=dev', '--root', root, '--json', ...extra], { env });
      return json<Result>(run);
    };
    const validation = (r: Result) => r.phases.find((p) => p.name === 'validate');

    const first = await deploy();
    expect(first.status).toBe('SUCCESS');
    expect(validation(first)?.data?.report?.tests_cached).toBeUndefined();
    // validation built the venv of the lock in the cache; the environment adopted it (hard
    // links): one venv, built once
    const adopted = first.phases.find((p) => p.name === 'dependencies')?.data as { adoptedFrom?: string } | undefined;
    expect(adopted?.adoptedFrom).toContain(path.join(dir, 'cache', 'venvs'));

    // nothing changed: no test case runs again, and the report says where the results came from
    const second = await deploy();
    expect(second.status).toBe('SUCCESS');
    const report = validation(second)?.data?.report;
    expect(report?.tests_cached).toBe(report?.tests_executed);
    expect(report?.tests_cached_from).toEqual([first.id]);
    expect(validation(second)?.summary).toContain(`cached from ${first.id}`);
    // Python started once, for the one venv the release and validation share (the base
    // interpreter's static analysis was cached too)
    const starts = Object.entries(second.runnerStarts ?? {});
    expect(starts).toHaveLength(1);
    expect(starts[0]?.[1]).toBe(1);
    expect(starts[0]?.[0]).toBe(path.join(root, 'dev', 'venvs', path.basename(path.dirname(path.dirname(starts[0]?.[0] ?? ''))), 'bin', 'python'));

    // an edit to one workflow that breaks two of its cases: only its checks and cases run
    // again; the other workflow's results are reused; the failures fail the deployment
    const file = path.join(source, `${BOARD}.py`);
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('"status": "distributed", "distribution"', '"status": "sent", "distribution"'));
    const broken = await deploy();
    expect(broken.status).toBe('FAILED');
    expect(broken.error?.code).toBe('VALIDATION_FAILED');
    const failedReport = (broken.error as { details?: { report?: { tests_cached?: number; tests_executed: number; workflows_validated: Array<{ workflow_file: string; errors: Array<{ code: string }> }> } } } | undefined)
      ?.details?.report;
    // the member workflow's five cases were reused; the board workflow's five ran again
    expect([failedReport?.tests_executed, failedReport?.tests_cached]).toEqual([10, 5]);
    const errors = (name: string) => failedReport?.workflows_validated.find((w) => w.workflow_file === `${name}.py`)?.errors.map((e) => e.code);
    expect(errors(BOARD)).toEqual(['TEST_FAILED', 'TEST_FAILED']);
    expect(errors(MEMBER)).toEqual([]);
    // a failure is never cached: deploying the broken workflow again fails again
    const again = await deploy();
    expect(again.status).toBe('FAILED');
    expect(again.error?.message).toContain('[TEST_FAILED]');

    // undo the edit: the board workflow's cached passes (of the first deploy) are valid again
    await writeFile(file, original);
    const fixed = await deploy();
    expect(fixed.status).toBe('SUCCESS');
    expect(Object.keys(validation(fixed)?.data?.cachedFrom ?? {}).sort()).toEqual([MEMBER, BOARD].sort());

    // --no-cache: every check runs fresh
    const fresh = await deploy('--no-cache');
    expect(fresh.status).toBe('SUCCESS');
    expect(validation(fresh)?.data?.report?.tests_cached).toBeUndefined();
    expect(validation(fresh)?.data?.cachedFrom).toEqual({});
  }, 900_000);
});
