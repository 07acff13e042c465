import { type GraphIdentity, type GraphInspection, type ResultCache, type RunnerWorker, testCaseKey } from '@exec-automator/core/python';
import { loadTestSuite, runTestCase, type TestCase, type TestCaseResult, testCaseSchema } from '@exec-automator/core/testing';
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

/** What a fake chat model answers in a smoke run without recorded responses. */
export const SMOKE_DEFAULT_RESPONSE = 'OK (exec-automator smoke run: a fake model answered)';

/**
 * The smoke run of a graph without a smoke case: its input, when the agent config gives a
 * `smoke_input` or the graph's input schema allows an empty input (every field optional);
 * undefined with the reason otherwise.
 */
export function fallbackSmokeCase(inspection: GraphInspection | undefined, smokeInput: unknown): { case: TestCase } | { reason: string } {
  const input = smokeInput ?? (inspection?.accepts_empty_input ? {} : undefined);
  if (input === undefined) {
    return { reason: inspection ? 'its input schema needs fields (give the agent config a "smoke_input", or add a test case marked "smoke": true)' : 'the graph did not load' };
  }
  // Only that the run completes (or stops for a human) is checked: nothing is known of its
  // output, and a fake model's plain answer may not fit what the graph expects (structured
  // output), so a failure is reported, not fatal.
  return {
    case: testCaseSchema.parse({ name: smokeInput !== undefined ? 'smoke_input (agent config)' : 'empty input (no smoke case)', input, critical: false, smoke: true }),
  };
}

/**
 * Runs a workflow's smoke cases on the released graph with fake chat models (no LLM call, no
 * key needed) and an in-memory checkpointer (nothing is written to the environment's store). A
 * workflow without a smoke case is still run once when its input allows (see
 * {@link fallbackSmokeCase}), fake models answering every call; otherwise the warning says
 * plainly that no smoke test ran. `cases[i]` is the case of `results[i]` (none for unloadable test cases).
 */
export async function runSmokeTests(
  worker: RunnerWorker,
  target: ReleasedWorkflowTarget,
  signal: AbortSignal,
  graph: {
    inspection?: GraphInspection | undefined;
    smokeInput?: unknown;
    env?: Readonly<Record<string, string>>;
    /**
     * Reuse a passing result of the same case of the same graph on the same released content,
     * and store new passes (with `dependencies`; without them nothing is stored).
     */
    cache?: { cache: ResultCache; root: string; identity: GraphIdentity; dependencies?: string[]; operationId?: string };
  } = {},
): Promise<{ results: TestCaseResult[]; cases: TestCase[]; warning: string | undefined }> {
  const found = await smokeCases(target);
  const loading = target.loading;
  const env = graph.env ? { env: graph.env } : {};
  if (found.warning !== undefined) {
    const loadError = 'loadError' in found ? found.loadError : undefined;
    if (loadError) return { results: [loadFailure(target.spec.name, loadError)], cases: [], warning: undefined };
    const fallback = fallbackSmokeCase(graph.inspection, graph.smokeInput);
    if ('reason' in fallback) return { results: [], cases: [], warning: `${found.warning}, and no fallback smoke run was possible: ${fallback.reason}` };
    signal.throwIfAborted();
    const result = await runTestCase(worker, target.ref, target.spec.name, fallback.case, { signal, loading, defaultResponse: SMOKE_DEFAULT_RESPONSE, ...env });
    // an interrupt is a legitimate end of a smoke run: the graph waits for a person
    if (!result.passed && result.status === 'interrupted') Object.assign(result, { passed: true, failures: [] });
    return { results: [result], cases: [fallback.case], warning: undefined };
  }
  const results: TestCaseResult[] = [];
  for (const testCase of found.cases) {
    signal.throwIfAborted();
    const cached = graph.cache;
    const key = cached ? testCaseKey(cached.identity, testCase) : undefined;
    const hit = cached && key ? await cached.cache.get<TestCaseResult>('test', key, cached.root) : undefined;
    // only passes are ever stored: a failing smoke case always runs again
    if (hit?.value.passed) {
      results.push({ ...hit.value, cachedFrom: hit.from });
      continue;
    }
    const result = await runTestCase(worker, target.ref, target.spec.name, testCase, { signal, loading, ...env });
    if (result.passed && cached && key && cached.dependencies && cached.operationId) {
      await cached.cache.put('test', key, result, { root: cached.root, files: cached.dependencies, operationId: cached.operationId });
    }
    results.push(result);
  }
  return { results, cases: found.cases, warning: undefined };
}
