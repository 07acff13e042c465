import path from 'node:path';
import PQueue from 'p-queue';
import { isDeployError, loadTestSuite, runTestCase, type PhaseContext, type RunnerWorker, type TestCaseResult, type WorkflowSpec } from '@exec-automator/core';
import type { CheckTally } from './check-tally.js';

/**
 * Runs each workflow's pre-deployment test cases through one warm runner worker (cases run one
 * after another: the runner answers one request at a time). A case that hangs is killed at its
 * timeout together with the worker, reported, and the next case starts a fresh worker.
 */
export async function runPreDeploymentTests(
  ctx: PhaseContext,
  workflows: ReadonlyArray<{ spec: WorkflowSpec; graphVariable: string; tally: CheckTally }>,
  worker: RunnerWorker,
): Promise<TestCaseResult[]> {
  const results: TestCaseResult[] = [];
  const total = { cases: 0, done: 0 };
  const suites = [];
  for (const item of workflows) {
    if (!item.spec.testsFile) {
      item.tally.record('tests', [], [{ file: item.spec.file, message: `no test cases for ${item.spec.name}`, fix: `add tests/${item.spec.name}.tests.json` }]);
      continue;
    }
    try {
      const suite = await loadTestSuite(item.spec.testsFile);
      total.cases += suite.cases.length;
      suites.push({ item, suite });
    } catch (error) {
      if (!isDeployError(error)) throw error;
      item.tally.record('tests.file', [{ file: item.spec.testsFile, message: error.message, fix: 'correct the test cases file' }]);
    }
  }
  const queue = new PQueue({ concurrency: 1 });
  const tasks: Array<Promise<void>> = [];
  for (const { item, suite } of suites) {
    const ref = `${item.spec.file}:${item.graphVariable}`;
    for (const testCase of suite.cases) {
      tasks.push(queue.add(async () => {
        const result = await runTestCase(worker, ref, item.spec.name, testCase, { signal: ctx.signal });
        results.push(result);
        total.done += 1;
        ctx.progress(`${result.passed ? 'passed' : 'FAILED'}: ${item.spec.name} / ${testCase.name}`, { current: total.done, total: total.cases });
        const issue = {
          file: item.spec.testsFile ? path.resolve(item.spec.testsFile) : item.spec.file,
          message: `test "${testCase.name}" failed: ${result.failures.map((f) => ctx.redact(f)).join('; ')}`,
          fix: 'fix the workflow or update the recorded responses / expectations',
        };
        if (result.passed) item.tally.record(`test:${testCase.name}`, []);
        else if (result.critical) item.tally.record(`test:${testCase.name}`, [issue]);
        else item.tally.record(`test:${testCase.name}`, [], [{ ...issue, message: `non-critical ${issue.message}` }]);
      }));
    }
  }
  await Promise.all(tasks);
  return results;
}
