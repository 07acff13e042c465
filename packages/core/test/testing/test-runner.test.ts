import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeployError } from '../../src/index.js';
import { buildRequirements, PythonBridge, RunnerWorker } from '../../src/entries/python.js';
import { loadTestSuite, runTestCase, testCaseSchema } from '../../src/entries/testing.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/hanging_workflow.py');
const REF = `${FIXTURE}:graph`;
const tempDir = useTempDirs();

/** True while `pid` runs (a zombie waiting for its parent to reap it counts as gone). */
async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

/** True while any process of group `pgid` runs. */
async function groupAlive(pgid: number): Promise<boolean> {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  const { readdir } = await import('node:fs/promises');
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[2] === String(pgid) && fields[0] !== 'Z') return true;
  }
  return false;
}

describe('runTestCase (real runner worker, real LangGraph; no model is called)', () => {
  let worker: RunnerWorker;
  beforeAll(async () => {
    const venv = await new PythonBridge().ensureVenv(buildRequirements({ imports: [] }).text);
    worker = new RunnerWorker({ python: venv.python });
  }, 600_000);
  afterAll(async () => {
    await worker?.close();
  });

  it('kills a hung case at its timeout with its whole process group, and the next case runs on a fresh worker', async () => {
    const pidFile = path.join(await tempDir(), 'child.pid');
    // warm the worker (LangGraph imported, module loaded) so the time limit is spent in the node
    const warm = await runTestCase(worker, REF, 'hanging', testCaseSchema.parse({ name: 'warm', input: { mode: 'fast' } }));
    expect(warm.passed).toBe(true);
    const runner = worker.pid as number;
    const hung = testCaseSchema.parse({ name: 'hangs', input: { mode: 'hang', pid_file: pidFile }, timeout_seconds: 3 });
    const started = performance.now();
    const result = await runTestCase(worker, REF, 'hanging', hung);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result).toMatchObject({ passed: false, status: 'timeout', critical: true });
    expect(result.failures).toEqual(['did not finish within 3 s (killed)']);
    const child = Number(await readFile(pidFile, 'utf8'));
    // SIGKILL to the group is delivered at once; reaping may take a moment
    for (let i = 0; i < 50 && ((await alive(child)) || (await groupAlive(runner))); i++) await new Promise((r) => setTimeout(r, 100));
    // the probes see live processes (this one and its group), so "gone" below means gone
    const self = await readFile('/proc/self/stat', 'utf8');
    expect(await alive(process.pid)).toBe(true);
    expect(await groupAlive(Number(self.slice(self.lastIndexOf(')') + 2).split(' ')[2]))).toBe(true);
    expect(await alive(runner)).toBe(false);
    expect(await alive(child)).toBe(false);
    expect(await groupAlive(runner)).toBe(false);

    const next = await runTestCase(worker, REF, 'hanging', testCaseSchema.parse({ name: 'quick', input: { mode: 'fast' }, expect: { output: { result: 'done' } } }));
    expect(next).toMatchObject({ passed: true, status: 'completed' });
    expect(worker.pid).not.toBe(runner);
  });

  it('checks that the graph stops for a human at the expected node, and resumes it', async () => {
    const stops = await runTestCase(worker, REF, 'hanging', testCaseSchema.parse({ name: 'stops', input: { mode: 'review' }, expect: { interrupt: 'work' } }));
    expect(stops).toMatchObject({ passed: true, status: 'interrupted', interruptNode: 'work' });

    const never = await runTestCase(worker, REF, 'hanging', testCaseSchema.parse({ name: 'never stops', input: { mode: 'fast' }, expect: { interrupt: 'work' } }));
    expect(never.passed).toBe(false);
    expect(never.failures).toEqual(['expected to stop for a human at work, but it completed']);

    const resumed = await runTestCase(
      worker,
      REF,
      'hanging',
      testCaseSchema.parse({ name: 'resumed', input: { mode: 'review' }, resume: ['approved'], expect: { output: { result: 'approved' } } }),
    );
    expect(resumed).toMatchObject({ passed: true, status: 'completed' });

    const leftovers = await runTestCase(
      worker,
      REF,
      'hanging',
      testCaseSchema.parse({ name: 'leftovers', input: { mode: 'fast' }, responses: ['never asked for'], resume: ['never needed'] }),
    );
    expect(leftovers.failures).toEqual(['1 recorded response(s) left unused (the workflow made 0 model call(s))', '1 resume value(s) left unused']);
  });
});

describe('loadTestSuite', () => {
  it('rejects a malformed file with VALIDATION_FAILED and the line of the bad key', async () => {
    const file = path.join(await tempDir(), 'x.tests.json');
    await writeFile(file, '{\n  "workflow": "x",\n  "cases": [\n    {"name": "a", "input": {}, "expected": {}}\n  ]\n}\n');
    const error = await loadTestSuite(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as DeployError).code).toBe('VALIDATION_FAILED');
    expect((error as DeployError).details).toMatchObject({ file, line: 4 });
  });

  it('applies the documented defaults: critical, not a smoke test, 60 s timeout', () => {
    expect(testCaseSchema.parse({ name: 'a', input: {} })).toEqual({
      name: 'a',
      input: {},
      responses: [],
      expect: {},
      critical: true,
      smoke: false,
      timeout_seconds: 60,
    });
  });
});
