import { loadTestSuite, runTestCase, type RunnerWorker, type TestCase, type TestCaseResult } from '@exec-automator/core';
import type { ReleasedWorkflowTarget } from './released-workflows.js';

/** The smoke cases of a workflow, or a warning saying why there are none. */
export type SmokeCases = { cases: TestCase[]; warning?: undefined } | { cases: []; warning: string; loadError?: string };

/**
 * The cases marked `smoke: true` in the workflow's test cases. A workflow without test cases or
 * without a smoke case gets a warning (the seed runs a "minimal test case"; missing one is not a
 * failure). Unreadable test cases are a failure: the release ships them broken.
 */
export async function smokeCases(target: ReleasedWorkflowTarget): Promise<SmokeCases> {
  const name = target.spec.name;
  if (!target.testsFile) return { cases: [], warning: `${name} has no test cases: no smoke test was run` };
  try {
    const suite = await loadTestSuite(target.testsFile);
    const cases = suite.cases.filter((c) => c.smoke);
    if (cases.length === 0) return { cases: [], warning: `${name} has no test case marked "smoke": true: no smoke test was run` };
    return { cases };
  } catch (error) {
    const message = (error as Error).message;
    return { cases: [], warning: `${name}: ${message}`, loadError: message };
  }
}

/** A failed result standing for test cases that could not be loaded. */
function loadFailure(workflow: string, message: string): TestCaseResult {
  return {
    name: 'load test cases',
    workflow,
    passed: false,
    critical: true,
    status: 'runner-error',
    failures: [message],
    durationMs: 0,
    interruptNode: null,
    modelCalls: 0,
    tokens: { input: 0, output: 0 },
  };
}

/**
 * Runs a workflow's smoke cases on the released graph with fake chat models (no LLM call, no
 * key needed) and an in-memory checkpointer (nothing is written to the environment's store).
 */
export async function runSmokeTests(
  worker: RunnerWorker,
  target: ReleasedWorkflowTarget,
  signal: AbortSignal,
): Promise<{ results: TestCaseResult[]; warning: string | undefined }> {
  const found = await smokeCases(target);
  if (found.warning !== undefined) {
    const loadError = 'loadError' in found ? found.loadError : undefined;
    return { results: loadError ? [loadFailure(target.spec.name, loadError)] : [], warning: loadError ? undefined : found.warning };
  }
  const results: TestCaseResult[] = [];
  for (const testCase of found.cases) {
    signal.throwIfAborted();
    results.push(await runTestCase(worker, target.ref, target.spec.name, testCase, { signal }));
  }
  return { results, warning: undefined };
}
