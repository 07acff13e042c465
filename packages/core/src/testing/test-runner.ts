import { readFile } from 'node:fs/promises';
import { deployError, isDeployError } from '../errors/deploy-error.js';
import type { CheckpointerSpec, InvokeResult, ProjectLoading } from '../python/runner-protocol.js';
import type { RunnerWorker } from '../python/runner-worker.js';
import { testSuiteSchema, type TestCase, type TestSuite } from '../schemas/test-case.js';
import { partialMismatches, readPath } from './expectations.js';
import { jsonErrorLocation, lineOfKey } from '../source/json-location.js';
import { assertJsonWithinLimits, FILE_JSON_LIMITS } from '../util/json-limits.js';

/** The outcome of one test case. */
export interface TestCaseResult {
  /** Case name. */
  name: string;
  /** Workflow name. */
  workflow: string;
  /** True when every expectation held. */
  passed: boolean;
  /** Whether a failure blocks the deployment. */
  critical: boolean;
  /** How the last run ended (`timeout` when killed at its time limit). */
  status: InvokeResult['status'] | 'timeout' | 'runner-error';
  /** Each expectation that failed, as a readable line. */
  failures: string[];
  /** Wall time of the case in milliseconds. */
  durationMs: number;
  /** Node the graph stopped at, if it stopped for a human. */
  interruptNode: string | null;
  /** Chat-model calls made. */
  modelCalls: number;
  /** Tokens used (fake responses' recorded usage). */
  tokens: { input: number; output: number };
  /** Set when this passing result was reused from an earlier operation (`cached from <id>`) instead of run. */
  cachedFrom?: string;
}

/**
 * Reads and validates a test cases file; `VALIDATION_FAILED` otherwise, with `details.file`,
 * `details.line` (when known) and `details.problems` (each bad field).
 */
export async function loadTestSuite(file: string): Promise<TestSuite> {
  let json: unknown;
  let text = '';
  try {
    text = await readFile(file, 'utf8');
    // Test inputs reach the runner's Python json: the limits it lives with, before parsing.
    assertJsonWithinLimits(text, FILE_JSON_LIMITS, `Test cases ${file}`);
    json = JSON.parse(text);
  } catch (error) {
    if (isDeployError(error) && error.code === 'REQUEST_TOO_LARGE') {
      throw deployError('VALIDATION_FAILED', error.message, { details: { file, ...error.details } });
    }
    const where = jsonErrorLocation(text, error as Error);
    throw deployError('VALIDATION_FAILED', `Test cases ${file} are not readable JSON: ${where.message}`, {
      details: { file, ...(where.line ? { line: where.line } : {}) },
    });
  }
  const parsed = testSuiteSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    const line = parsed.error.issues
      .map((i) => {
        const key = i.code === 'unrecognized_keys' ? i.keys[0] : i.path.filter((p): p is string => typeof p === 'string').at(-1);
        return key ? lineOfKey(text, key) : undefined;
      })
      .find((l) => l !== undefined);
    throw deployError('VALIDATION_FAILED', `Test cases ${file} are invalid: ${problems.join('; ')}`, {
      details: { file, problems, ...(line ? { line } : {}) },
    });
  }
  return parsed.data;
}

/** Options of {@link runTestCase}. */
export interface RunTestCaseOptions {
  /** Checkpointer for the run. Default in-memory (tests never write to an environment's store). */
  checkpointer?: CheckpointerSpec;
  /** Cancellation. */
  signal?: AbortSignal;
  /** Where the project's modules are loaded from (`sys.path`, working directory). */
  loading?: ProjectLoading;
  /** Answer model calls beyond the recorded responses with this text (smoke runs without recorded responses). */
  defaultResponse?: string;
  /** Environment variables for the run (a shared worker's per-request settings). */
  env?: Readonly<Record<string, string>>;
}

/**
 * Runs one test case through a runner worker with fake chat models fed the case's recorded
 * responses, resumes each interrupt with the case's `resume` values, and checks the
 * expectations. A case also fails when recorded responses or resume values are left unused. A
 * case that exceeds its timeout is killed with the worker's whole process group and fails; the
 * worker starts afresh on its next request.
 */
export async function runTestCase(
  worker: RunnerWorker,
  ref: string,
  workflow: string,
  testCase: TestCase,
  options: RunTestCaseOptions = {},
): Promise<TestCaseResult> {
  const started = performance.now();
  const deadline = started + testCase.timeout_seconds * 1000;
  const threadId = `test-${Math.random().toString(36).slice(2, 10)}`;
  const fakes = (responses: TestCase['responses']) => ({ responses, ...(options.defaultResponse !== undefined ? { default_response: options.defaultResponse } : {}) });
  const base = {
    ref,
    thread_id: threadId,
    checkpointer: options.checkpointer ?? { type: 'memory' as const },
    fake_models: fakes(testCase.responses),
    ...(options.loading ?? {}),
    ...(testCase.context !== undefined ? { context: testCase.context } : {}),
    ...(testCase.config !== undefined ? { config: testCase.config } : {}),
  };
  const result: TestCaseResult = {
    name: testCase.name,
    workflow,
    passed: false,
    critical: testCase.critical,
    status: 'completed',
    failures: [],
    durationMs: 0,
    interruptNode: null,
    modelCalls: 0,
    tokens: { input: 0, output: 0 },
  };
  const resumes = [...(testCase.resume ?? [])];
  let responsesUsed = 0;
  let last: InvokeResult | undefined;
  try {
    for (;;) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw deployError('RUNNER_TIMEOUT', 'time limit reached');
      const params =
        last === undefined
          ? { ...base, input: testCase.input }
          : { ...base, resume: resumes.shift(), fake_models: fakes(testCase.responses.slice(responsesUsed)) };
      last = await worker.request('invoke', params, { timeoutMs: remaining, ...(options.signal ? { signal: options.signal } : {}), ...(options.env ? { env: options.env } : {}) });
      responsesUsed += last.model_calls.length;
      result.modelCalls += last.model_calls.length;
      for (const call of last.model_calls) {
        result.tokens.input += call.input_tokens;
        result.tokens.output += call.output_tokens;
      }
      if (last.status !== 'interrupted' || resumes.length === 0) break;
    }
  } catch (error) {
    const timedOut = isDeployError(error) && error.code === 'RUNNER_TIMEOUT';
    result.status = timedOut ? 'timeout' : 'runner-error';
    result.failures.push(
      timedOut ? `did not finish within ${testCase.timeout_seconds} s (killed)` : `runner failed: ${(error as Error).message}`,
    );
    result.durationMs = Math.round(performance.now() - started);
    return result;
  }
  result.status = last.status;
  result.interruptNode = last.interrupt?.node ?? (last.status === 'interrupted' ? (last.next[0] ?? null) : null);
  result.failures = checkExpectations(testCase, last);
  if (testCase.expect.error === undefined && last.status !== 'error') {
    // A recorded answer or a resume value the run never used means the case does not test the
    // path its author meant (examples/workflows/README.md: the stricter rules).
    const unusedResponses = Math.max(0, testCase.responses.length - responsesUsed);
    if (unusedResponses > 0) result.failures.push(`${unusedResponses} recorded response(s) left unused (the workflow made ${responsesUsed} model call(s))`);
    if (resumes.length > 0) result.failures.push(`${resumes.length} resume value(s) left unused`);
  }
  result.passed = result.failures.length === 0;
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

/** The expectation failures of a finished run (empty when the case passed). */
export function checkExpectations(testCase: TestCase, run: InvokeResult): string[] {
  const failures: string[] = [];
  const expect = testCase.expect;
  if (expect.error !== undefined) {
    if (run.status !== 'error') failures.push(`expected error ${expect.error}, but the run ${run.status}`);
    else if (run.error?.type !== expect.error) failures.push(`expected error ${expect.error}, got ${run.error?.type}: ${run.error?.message}`);
    return failures;
  }
  if (run.status === 'error') {
    failures.push(`raised ${run.error?.type}: ${run.error?.message}${run.error?.node ? ` (node ${run.error.node})` : ''}`);
    return failures;
  }
  const stoppedAt = run.interrupt?.node ?? (run.status === 'interrupted' ? (run.next[0] ?? null) : null);
  if (expect.interrupt !== undefined) {
    if (run.status !== 'interrupted') failures.push(`expected to stop for a human at ${expect.interrupt}, but it ${run.status}`);
    else if (stoppedAt !== expect.interrupt) failures.push(`expected to stop at ${expect.interrupt}, stopped at ${stoppedAt}`);
  } else if (run.status === 'interrupted') {
    failures.push(`stopped for a human at ${stoppedAt} (no resume value left and no interrupt expected)`);
  }
  if (expect.output !== undefined) failures.push(...partialMismatches(expect.output, run.output).map((m) => `output ${m}`));
  for (const [dotPath, value] of Object.entries(expect.paths ?? {})) {
    const got = readPath(run.output, dotPath);
    if (!got.found) failures.push(`path ${dotPath}: missing`);
    else failures.push(...partialMismatches(value, got.value, dotPath).map((m) => `path ${m}`));
  }
  return failures;
}
