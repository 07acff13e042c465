import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DeployError, deployError, type EnvironmentLayout } from '@exec-automator/core';
import { type ExecutionResult, type InvokeOptions, type WorkflowRunner } from '@exec-automator/executions';
import { recordedResponseSchema } from '@exec-automator/core/testing';
import { writeJsonAtomic } from '@exec-automator/core/util';
import type { ResolvedAssistant } from './assistants.js';
import { fakeResponsesOf, FAKE_RESPONSES_KEY, forwardChunk, MODE_FOR, runConfig, runInput, type Run, type RunStats, type RunStatus, statusOf } from './run-model.js';
import { RunStream } from './run-stream.js';
import type { RunCreate, StreamMode } from './schemas.js';
import type { Thread, ThreadStore } from './thread-store.js';


interface Active {
  run: Run;
  stream: RunStream;
  controller: AbortController;
  /** The final values (what `wait` / `join` answer). */
  finished: Promise<unknown>;
  stateless: boolean;
}

/** Options of {@link RunManager}. */
export interface RunManagerOptions {
  /** The environment. */
  layout: EnvironmentLayout;
  /** Executes runs (its pool is the worker pool). */
  runner: WorkflowRunner;
  /** Thread records. */
  threads: ThreadStore;
  /** How often a run whose runner process died is retried (MAX_RETRIES). */
  maxRetries: number;
  /**
   * SIMULATION: accept `config.configurable.exec_automator_fake_responses` (recorded chat-model
   * responses) on runs: chat models are replaced by fakes answering them, no LLM is called, and
   * the execution is recorded `simulated`. Off by default (the field is then refused with 422).
   */
  simulation?: boolean;
  /** Called after each run finished and was recorded (the server rewrites the metrics files then, coalesced). */
  onFinished?: (run: Run) => void;
}



/** Runs are kept in memory for late joins up to this many; older finished ones are read from disk. */
const KEEP_IN_MEMORY = 2000;

/**
 * Creates, queues, executes, streams and cancels runs. A thread runs one run at a time:
 * another one is refused (`reject`: 422), queued behind it (`enqueue`) or makes the running one
 * stop first (`interrupt`, `rollback`). Runs execute through the {@link WorkflowRunner}'s pool
 * of warm workers, so they are recorded in the executions journal like `invoke`; each run is
 * also written to `<env>/server/runs/<run_id>.json`.
 */
export class RunManager {
  readonly #options: RunManagerOptions;
  readonly #dir: string;
  readonly #runs = new Map<string, Active>();
  readonly #byThread = new Map<string, string[]>();
  readonly #threadChain = new Map<string, Promise<unknown>>();
  readonly #stats: RunStats = { finished: {}, durations: [], inFlight: 0, queued: 0 };

  /** @param options - environment, runner, thread store, retries */
  constructor(options: RunManagerOptions) {
    this.#options = options;
    this.#dir = path.join(options.layout.dir, 'server', 'runs');
  }

  /** Live counters. */
  get stats(): RunStats {
    return this.#stats;
  }

  /**
   * Reads the runs of earlier server processes. A run that was pending or running when its
   * server died is marked `error` (its thread keeps its last checkpoint and can continue).
   */
  async load(): Promise<void> {
    const names = await readdir(this.#dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const run = await readFile(path.join(this.#dir, name), 'utf8')
        .then((text) => JSON.parse(text) as Run)
        .catch(() => undefined);
      if (!run) continue;
      const stream = new RunStream();
      stream.end();
      let final: unknown = null;
      if (run.status === 'pending' || run.status === 'running') {
        run.status = 'error';
        run.updated_at = new Date().toISOString();
        final = { __error__: { error: 'ServerRestarted', message: 'the server stopped while this run was in flight' } };
        await this.#save(run);
        await this.#options.threads.update(run.thread_id, (t) => (t.status === 'busy' ? { status: 'idle' } : {}));
      }
      this.#remember({ run, stream, controller: new AbortController(), finished: Promise.resolve(final), stateless: false });
    }
  }

  /**
   * Creates a run. `thread` undefined: a stateless run on a temporary thread. Throws a
   * {@link RunConflictError} when the thread is busy and the strategy is `reject`.
   */
  async create(assistant: ResolvedAssistant, thread: Thread | undefined, body: RunCreate): Promise<Active> {
    const streamMode: StreamMode[] = body.stream_mode == null ? ['values'] : Array.isArray(body.stream_mode) ? [...body.stream_mode] : [body.stream_mode];
    if (streamMode.length === 0) streamMode.push('values');
    const fakes = body.config?.configurable?.[FAKE_RESPONSES_KEY];
    if (fakes !== undefined) {
      const field = `config.configurable.${FAKE_RESPONSES_KEY}`;
      if (!this.#options.simulation) throw deployError('INVALID_ARGUMENT', `${field}: recorded responses are accepted only by a server started with --simulate`, { details: { status: 422, field } });
      const checked = z.array(recordedResponseSchema).safeParse(fakes);
      if (!checked.success) throw deployError('INVALID_ARGUMENT', `${field}: ${checked.error.issues[0]?.message ?? 'invalid'}`, { details: { status: 422, field } });
    }
    const strategy = body.multitask_strategy ?? 'reject';
    const threadId = thread?.thread_id ?? randomUUID();
    const inFlight = thread ? this.#inFlight(thread.thread_id) : [];
    if (inFlight.length > 0 && strategy === 'reject') throw new RunConflictError(thread?.thread_id ?? threadId);
    const now = new Date().toISOString();
    const run: Run = {
      run_id: randomUUID(),
      thread_id: threadId,
      assistant_id: assistant.assistant.assistant_id,
      created_at: now,
      updated_at: now,
      status: 'pending',
      metadata: { ...(body.metadata ?? {}), workflow_id: assistant.workflow.workflowId, graph_id: assistant.assistant.graph_id },
      multitask_strategy: strategy,
      kwargs: { input: body.input ?? null, command: body.command ?? null, config: body.config ?? null, context: body.context ?? null, stream_mode: streamMode },
    };
    const stream = new RunStream();
    const controller = new AbortController();
    let settle!: (value: unknown) => void;
    const finished = new Promise<unknown>((resolve) => (settle = resolve));
    const active: Active = { run, stream, controller, finished, stateless: thread === undefined };
    this.#remember(active);
    if (thread) await this.#save(run);
    if (thread) {
      await this.#options.threads.update(thread.thread_id, (t) => ({
        status: 'busy',
        metadata: { ...t.metadata, graph_id: assistant.assistant.graph_id, assistant_id: assistant.assistant.assistant_id },
      }));
      if (strategy === 'interrupt' || strategy === 'rollback') for (const other of inFlight) this.cancel(other.run.run_id);
    }
    this.#stats.queued++;
    const previous = this.#threadChain.get(threadId) ?? Promise.resolve();
    const execution = previous.then(() => this.#execute(active, assistant, streamMode)).then(settle, (error: unknown) => settle({ __error__: { error: 'InternalError', message: String(error) } }));
    this.#threadChain.set(threadId, execution.catch(() => undefined));
    return active;
  }

  /** The run, if this server knows it. */
  get(runId: string): Active | undefined {
    return this.#runs.get(runId);
  }

  /** Runs of a thread, newest first. */
  list(threadId: string, options: { limit?: number; offset?: number; status?: string } = {}): Run[] {
    const ids = this.#byThread.get(threadId) ?? [];
    const runs = ids
      .map((id) => this.#runs.get(id)?.run)
      .filter((r): r is Run => r !== undefined && (!options.status || r.status === options.status))
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    const offset = options.offset ?? 0;
    return runs.slice(offset, offset + (options.limit ?? 10));
  }

  /** Runs of a thread that are pending or running. */
  #inFlight(threadId: string): Active[] {
    return (this.#byThread.get(threadId) ?? []).map((id) => this.#runs.get(id)).filter((a): a is Active => a !== undefined && (a.run.status === 'pending' || a.run.status === 'running'));
  }

  /** True while any run is pending or running. */
  get busy(): boolean {
    return [...this.#runs.values()].some((a) => a.run.status === 'pending' || a.run.status === 'running');
  }

  /** Resolves once no run is pending or running (or after `timeoutMs`). */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.busy) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return true;
  }

  /** Forgets a finished run (memory and `<env>/server/runs/`); its execution stays in the journal. */
  async delete(runId: string): Promise<boolean> {
    const active = this.#runs.get(runId);
    if (!active || active.run.status === 'pending' || active.run.status === 'running') return false;
    this.#runs.delete(runId);
    const ids = this.#byThread.get(active.run.thread_id);
    if (ids) this.#byThread.set(active.run.thread_id, ids.filter((id) => id !== runId));
    await rm(path.join(this.#dir, `${runId}.json`), { force: true });
    return true;
  }

  /** Stops a run: a pending one never starts, a running one's runner process is stopped. */
  cancel(runId: string): boolean {
    const active = this.#runs.get(runId);
    if (!active || (active.run.status !== 'pending' && active.run.status !== 'running')) return false;
    active.controller.abort();
    return true;
  }

  async #execute(active: Active, assistant: ResolvedAssistant, streamMode: StreamMode[]): Promise<unknown> {
    const { run, stream } = active;
    this.#stats.queued--;
    if (active.controller.signal.aborted) {
      await this.#finish(active, 'interrupted', undefined, 0);
      stream.end();
      return null;
    }
    // Not written to disk: a restart treats a pending run like a running one.
    run.status = 'running';
    run.updated_at = new Date().toISOString();
    this.#stats.inFlight++;
    const started = Date.now();
    const modes = [...new Set(streamMode.map((m) => MODE_FOR[m]))];
    const messages = new Map<string, Record<string, unknown>>();
    let result: ExecutionResult | undefined;
    let failure: unknown;
    try {
      for (let attempt = 1; attempt <= this.#options.maxRetries + 1; attempt++) {
        stream.push('metadata', { run_id: run.run_id, attempt });
        const options: InvokeOptions = {
          workflow: assistant.workflow.name,
          threadId: run.thread_id,
          executionId: attempt === 1 ? run.run_id : `${run.run_id}.${attempt}`,
          signal: active.controller.signal,
          streamModes: modes,
          onChunk: (chunk) => forwardChunk(stream, streamMode, chunk, messages),
          ...runInput(run),
          ...(run.kwargs.context ? { context: run.kwargs.context as Record<string, unknown> } : {}),
          ...(run.kwargs.config ? { config: runConfig(run.kwargs.config) } : {}),
          ...fakeResponsesOf(run),
        };
        result = await this.#options.runner.invoke(options);
        // Only a runner process that died (not the graph, not a timeout or a cancel) is retried.
        if (!(result.record.status === 'error' && result.record.error_type === 'RUNNER_FAILED' && !active.controller.signal.aborted)) break;
      }
    } catch (error) {
      failure = error;
    } finally {
      this.#stats.inFlight--;
    }
    const seconds = (Date.now() - started) / 1000;
    if (!result) {
      const message = failure instanceof Error ? failure.message : String(failure);
      stream.push('error', { error: failure instanceof DeployError ? failure.code : 'Error', message });
      await this.#finish(active, 'error', undefined, seconds);
      stream.end();
      return { __error__: { error: failure instanceof DeployError ? failure.code : 'Error', message } };
    }
    run.metadata = { ...run.metadata, release_id: result.record.release_id };
    const status = statusOf(result);
    let final: unknown = result.output ?? {};
    if (result.record.status === 'interrupted' && final && typeof final === 'object') {
      final = { ...(final as Record<string, unknown>), __interrupt__: [{ value: result.interrupt?.value ?? null, id: null }] };
    }
    if (result.error && status !== 'interrupted') {
      const error = { error: result.error.type, message: result.error.message };
      stream.push('error', error);
      final = { __error__: error };
    }
    await this.#finish(active, status, result, seconds);
    stream.end();
    return final;
  }


  async #finish(active: Active, status: RunStatus, result: ExecutionResult | undefined, seconds: number): Promise<void> {
    const { run } = active;
    run.status = status;
    run.updated_at = new Date().toISOString();
    // Stateless runs live in memory only (their executions are in the journal).
    if (!active.stateless) await this.#save(run);
    this.#stats.finished[status] = (this.#stats.finished[status] ?? 0) + 1;
    this.#options.onFinished?.(run);
    this.#stats.durations.push(seconds);
    if (this.#stats.durations.length > 10_000) this.#stats.durations.splice(0, 5000);
    if (active.stateless) return;
    const more = this.#inFlight(run.thread_id).filter((a) => a !== active);
    await this.#options.threads.update(run.thread_id, (thread) => {
      if (!result) return { status: more.length > 0 ? 'busy' : status === 'interrupted' ? 'idle' : 'error' };
      const interrupted = result.record.status === 'interrupted';
      return {
        status: more.length > 0 ? 'busy' : interrupted ? 'interrupted' : status === 'success' || status === 'interrupted' ? 'idle' : 'error',
        values: result.output ?? thread.values,
        interrupts: interrupted ? { [result.interrupt?.node ?? 'interrupt']: [{ value: result.interrupt?.value ?? null, id: null }] } : {},
      };
    });
  }

  #remember(active: Active): void {
    this.#runs.set(active.run.run_id, active);
    const list = this.#byThread.get(active.run.thread_id) ?? [];
    list.push(active.run.run_id);
    this.#byThread.set(active.run.thread_id, list);
    if (this.#runs.size <= KEEP_IN_MEMORY) return;
    for (const [id, old] of this.#runs) {
      if (this.#runs.size <= KEEP_IN_MEMORY) break;
      if (old.run.status === 'pending' || old.run.status === 'running') continue;
      this.#runs.delete(id);
      const ids = this.#byThread.get(old.run.thread_id);
      if (ids) this.#byThread.set(old.run.thread_id, ids.filter((x) => x !== id));
    }
  }

  async #save(run: Run): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    // Run records inform; what must survive a crash (the thread's state) is in the checkpointer.
    await writeJsonAtomic(path.join(this.#dir, `${run.run_id}.json`), run, { fsync: false });
  }
}

/** A run was refused because its thread is busy (`multitask_strategy: reject`): HTTP 422. */
export class RunConflictError extends DeployError {
  /** @param threadId - the busy thread */
  constructor(threadId: string) {
    super('INVALID_ARGUMENT', 'Thread is already running a task. Wait for it to finish or choose a different multitask strategy.', { details: { thread_id: threadId, status: 422 } });
  }
}

