import PQueue from 'p-queue';
import { isDeployError, type PhaseContext, type WorkflowSpec } from '@exec-automator/core';
import {
  type GraphIdentity,
  type GraphInspection,
  type ProjectLoading,
  type ResultCache,
  type RunnerWorker,
  testCaseKey,
} from '@exec-automator/core/python';
import { testsFileName } from '@exec-automator/core/source';
import { loadTestSuite, runTestCase, type TestCase, type TestCaseResult } from '@exec-automator/core/testing';
import type { CheckTally, Finding } from './check-tally.js';

/** A workflow whose graph loaded, ready for its test cases. */
export interface RunnableWorkflow {
  /** The workflow. */
  spec: WorkflowSpec;
  /** The graph variable to load. */
  graphVariable: string;
  /** Where its findings go. */
  tally: CheckTally;
  /** Where its project's modules are loaded from. */
  loading: ProjectLoading;
  /** The compiled graph, as loading it showed. */
  inspection: GraphInspection;
  /** What its cached results are keyed by, and the files they depend on. */
  identity: GraphIdentity;
  /** Project files its results depend on (relative to the cache root). */
  dependencies: string[];
}

/** Where passing results are reused from and stored. */
export interface TestCacheUse {
  /** The result cache. */
  cache: ResultCache;
  /** The root the dependency files are read relative to. */
  root: string;
  /** Called when a case's passing result was reused. */
  onReuse: (workflow: string, from: string) => void;
}

/**
 * Runs each workflow's pre-deployment test cases through one warm runner worker (cases run one
 * after another: the runner answers one request at a time). A case that hangs is killed at its
 * timeout together with the worker's whole process group, reported as `TEST_TIMEOUT`, and the
 * next case starts a fresh worker. A case whose graph does not stop for a human where it should
 * is reported as `TEST_HITL_MISMATCH`.
 */
export async function runPreDeploymentTests(
  ctx: PhaseContext,
  workflows: readonly RunnableWorkflow[],
  worker: RunnerWorker,
  cached?: TestCacheUse,
  env?: Readonly<Record<string, string>>,
): Promise<TestCaseResult[]> {
  const results: TestCaseResult[] = [];
  const total = { cases: 0, done: 0 };
  const suites: Array<{ item: RunnableWorkflow; cases: TestCase[] }> = [];
  for (const item of workflows) {
    const file = item.spec.testsFile;
    if (!file) {
      item.tally.record('tests', [{ code: 'TESTS_MISSING', file: item.spec.file, message: `no test cases for ${item.spec.name}`, fix: `add tests/${testsFileName(item.spec.slug)}` }]);
      continue;
    }
    try {
      const suite = await loadTestSuite(file);
      item.tally.record('tests.file');
      total.cases += suite.cases.length;
      suites.push({ item, cases: suite.cases });
    } catch (error) {
      if (!isDeployError(error)) throw error;
      const line = typeof error.details.line === 'number' ? { line: error.details.line } : {};
      item.tally.record('tests.file', [{ code: 'TESTS_FILE_INVALID', file, ...line, message: error.message, fix: 'correct the test cases file (format: examples/workflows/README.md)' }]);
    }
  }
  const queue = new PQueue({ concurrency: 1 });
  const tasks: Array<Promise<void>> = [];
  for (const { item, cases } of suites) {
    const ref = `${item.spec.file}:${item.graphVariable}`;
    for (const testCase of cases) {
      tasks.push(
        queue.add(async () => {
          const key = testCaseKey(item.identity, testCase);
          const hit = cached ? await cached.cache.get<TestCaseResult>('test', key, cached.root) : undefined;
          let result: TestCaseResult;
          if (hit?.value.passed) {
            // only passes are ever stored: a failing case always runs again
            result = { ...hit.value, cachedFrom: hit.from };
            cached?.onReuse(item.spec.name, hit.from);
          } else {
            result = await runTestCase(worker, ref, item.spec.name, testCase, { signal: ctx.signal, loading: item.loading, ...(env ? { env } : {}) });
            if (result.passed && cached) {
              await cached.cache.put('test', key, result, { root: cached.root, files: item.dependencies, operationId: ctx.operationId });
            }
          }
          results.push(result);
          total.done += 1;
          ctx.progress(`${result.passed ? 'passed' : 'FAILED'}${result.cachedFrom ? ` (cached from ${result.cachedFrom})` : ''}: ${item.spec.name} / ${testCase.name}`, { current: total.done, total: total.cases });
          item.tally.record(`test:${testCase.name}`, result.passed ? [] : [caseFinding(ctx, item.spec, testCase, result)]);
        }),
      );
    }
  }
  await Promise.all(tasks);
  return results;
}

function caseFinding(ctx: PhaseContext, spec: WorkflowSpec, testCase: TestCase, result: TestCaseResult): Finding {
  const base = {
    file: spec.testsFile as string,
    message: `test "${testCase.name}" failed: ${result.failures.map((f) => ctx.redact(f)).join('; ')}`,
    ...(result.critical ? {} : { severity: 'warning' as const }),
  };
  if (result.status === 'timeout') {
    return { ...base, code: 'TEST_TIMEOUT', message: `test "${testCase.name}" did not finish within ${testCase.timeout_seconds} s and was killed`, fix: 'find the node that hangs (a blocking call without a timeout), or raise timeout_seconds' };
  }
  const expected = testCase.expect.interrupt;
  const stoppedWrong = expected !== undefined ? result.interruptNode !== expected : result.status === 'interrupted';
  if (stoppedWrong && result.status !== 'error' && result.status !== 'runner-error' && testCase.expect.error === undefined) {
    return {
      ...base,
      code: 'TEST_HITL_MISMATCH',
      fix: expected !== undefined
        ? `make the graph stop at "${expected}" (interrupt() in the node, or interrupt_before) or correct expect.interrupt`
        : 'add the resume values the graph needs, or expect.interrupt naming where it stops',
    };
  }
  return { ...base, code: result.critical ? 'TEST_FAILED' : 'TEST_FAILED_NON_CRITICAL', fix: 'fix the workflow or update the recorded responses / expectations' };
}
