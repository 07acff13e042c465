import type { PhaseContext } from '@exec-automator/core';
import type { ServerHealth, ServerSmokeRun } from './health-report-types.js';
import type { TestCase, TestCaseResult } from '@exec-automator/core/testing';
import { ApiKeys, readServerState } from '@exec-automator/executions';
import { SMOKE_DEFAULT_RESPONSE } from './smoke-tests.js';

/** One workflow's in-process smoke results and their cases, in release order. */
export interface SmokeCandidate {
  /** The workflow's seed id (`workflow_resp_002`), which the seed route takes. */
  workflowId: string;
  /** Its name. */
  workflow: string;
  /** Results of its in-process smoke runs. */
  results: TestCaseResult[];
  /** The case of each result. */
  cases: TestCase[];
}

/** The secret holding the key the health phase calls the server with (a key of `api-keys list`, named `health-check`). */
export const HEALTH_KEY_SECRET = 'EXEC_AUTOMATOR_HEALTH_CHECK_KEY';
const HEALTH_KEY_NAME = 'health-check';
/** How long the smoke run through the API may take. */
const SMOKE_TIMEOUT_MS = 120_000;

/**
 * The environment's running server (`<env>/server.json`, written by `exec-automator serve`), probed
 * at `/ok`, then one smoke run through its API (`POST /api/workflows/{id}/invoke`): the first
 * in-process smoke case that passed is repeated there, and must end `success` or `interrupted` on
 * the release being checked. Undefined without a server or when its process is gone. Runs after
 * the switch, so the server serves new runs from this release (it resolves `current` per run).
 *
 * The run never calls a real chat model unasked: it is made with the case's recorded responses
 * when the server simulates (`serve --simulate`), for real when the case made no model call,
 * and not at all otherwise (the detail says so). A server that requires keys is called with the
 * environment's `health-check` key, created once and kept in the secrets backend.
 */
export async function probeServer(ctx: PhaseContext, releaseId: string, candidates: SmokeCandidate[]): Promise<ServerHealth | undefined> {
  const state = await readServerState(ctx.layout);
  if (!state || !state.running) return undefined;
  const base = { url: state.url, pid: state.pid };
  try {
    const response = await fetch(`${state.url}/ok`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) return { ...base, ok: false, detail: `GET /ok answered ${response.status}` };
  } catch (error) {
    return { ...base, ok: false, detail: `GET /ok failed: ${(error as Error).message}` };
  }
  const smoke = await smokeThroughApi(ctx, state, releaseId, candidates);
  return { ...base, ok: !smoke.ran || smoke.ok, detail: 'GET /ok answered 200', smoke };
}

function notRun(detail: string): ServerSmokeRun {
  return { ran: false, ok: false, workflow: null, case: null, execution_id: null, release_id: null, detail };
}

async function smokeThroughApi(
  ctx: PhaseContext,
  state: { url: string; auth: boolean; simulate?: boolean | undefined },
  releaseId: string,
  candidates: SmokeCandidate[],
): Promise<ServerSmokeRun> {
  let chosen: { candidate: SmokeCandidate; testCase: TestCase; result: TestCaseResult } | undefined;
  for (const candidate of candidates) {
    const index = candidate.results.findIndex((r, i) => r.passed && candidate.cases[i] !== undefined);
    if (index !== -1) {
      chosen = { candidate, testCase: candidate.cases[index] as TestCase, result: candidate.results[index] as TestCaseResult };
      break;
    }
  }
  if (!chosen) return notRun('no smoke run through the API: no in-process smoke case passed');
  const { candidate, testCase, result } = chosen;
  const simulate = state.simulate === true;
  if (!simulate && result.modelCalls > 0) {
    return notRun(
      `no smoke run through the API: "${testCase.name}" of ${candidate.workflow} calls a chat model and the server does not simulate ` +
        '(a real model call is never made unasked; serve --simulate in dev or staging includes it)',
    );
  }
  let key: string | undefined;
  if (state.auth) {
    key = await healthKey(ctx);
    if (!key) return notRun(`no smoke run through the API: the ${ctx.secrets.name} secrets backend cannot keep an API key (use the encrypted-file backend)`);
  }
  const responses = testCase.responses.length > 0 ? testCase.responses : Array.from({ length: result.modelCalls }, () => SMOKE_DEFAULT_RESPONSE);
  const configurable = { ...(testCase.config?.configurable ?? {}), ...(simulate ? { exec_automator_fake_responses: responses } : {}) };
  const request = {
    input: testCase.input ?? {},
    ...(testCase.context ? { context: testCase.context } : {}),
    ...(Object.keys(configurable).length > 0 ? { config: { configurable } } : {}),
  };
  const run = { ran: true, workflow: candidate.workflow, case: testCase.name };
  try {
    const response = await fetch(`${state.url}/api/workflows/${encodeURIComponent(candidate.workflowId)}/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(request),
      signal: AbortSignal.any([AbortSignal.timeout(SMOKE_TIMEOUT_MS), ctx.signal]),
    });
    const reply = (await response.json().catch(() => ({}))) as { execution_id?: string; status?: string; release_id?: string | null; thread_id?: string; message?: string };
    const execution = { execution_id: reply.execution_id ?? null, release_id: reply.release_id ?? null };
    if (reply.thread_id) await deleteThread(state.url, reply.thread_id, key);
    if (!response.ok) return { ...run, ...execution, ok: false, detail: `POST /api/workflows/${candidate.workflowId}/invoke answered ${response.status}: ${ctx.redact(reply.message ?? '')}` };
    if (reply.status !== 'success' && reply.status !== 'interrupted') return { ...run, ...execution, ok: false, detail: `the run ended ${reply.status ?? 'without a status'}` };
    if (reply.release_id !== releaseId) return { ...run, ...execution, ok: false, detail: `the run ran on release ${reply.release_id ?? '(none)'}, not ${releaseId}` };
    return { ...run, ...execution, ok: true, detail: `"${testCase.name}" ran through the API on ${releaseId}: ${reply.status}${simulate ? ' (recorded responses)' : ''}` };
  } catch (error) {
    return { ...run, ok: false, execution_id: null, release_id: null, detail: `the smoke run through the API failed: ${ctx.redact((error as Error).message)}` };
  }
}

/** The smoke run's thread is not kept: it is the health check's, not anybody's work. */
async function deleteThread(url: string, threadId: string, key: string | undefined): Promise<void> {
  await fetch(`${url}/threads/${encodeURIComponent(threadId)}`, {
    method: 'DELETE',
    headers: key ? { authorization: `Bearer ${key}` } : {},
    signal: AbortSignal.timeout(5000),
  }).catch(() => undefined);
}

/**
 * The environment's `health-check` API key: read from the secrets backend, or created (and its
 * value kept there) when missing or no longer valid. Undefined when the backend cannot keep it.
 */
async function healthKey(ctx: PhaseContext): Promise<string | undefined> {
  if (ctx.secrets.persistent === false) return undefined;
  const keys = new ApiKeys(ctx.secrets, ctx.environment);
  const stored = await ctx.secrets.get(HEALTH_KEY_SECRET);
  if (stored && (await keys.isValid(stored))) return stored;
  const { key } = await keys.create(HEALTH_KEY_NAME);
  await ctx.secrets.set(HEALTH_KEY_SECRET, key);
  return key;
}
