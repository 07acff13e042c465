import { randomUUID } from 'node:crypto';
import { defaultSettings } from '@exec-automator/core/config';
import { type EnvironmentSettings, type EnvironmentName, EnvironmentLayout, deployError, isDeployError, type SecretsBackend } from '@exec-automator/core';
import { type GraphDescription, type InvokeParams, type InvokeResult, type RecordedResponse, type RunConfig, type RunnerStreamChunk, type RunnerStreamMode, type ThreadParams, type RunnerOps, inheritedEnv, NEVER_INHERITED, RunnerWorker } from '@exec-automator/core/python';
import { Redactor, EnvSecretsBackend, SECRET_NAME_PATTERN } from '@exec-automator/core/secrets';
import { assertExecutionId, assertThreadId, assertWorkflowName, newOperationId } from '@exec-automator/core/util';
import { readReleaseEnv, resolveDeployedWorkflow, type DeployedWorkflow } from './deployed-workflow.js';
import { ExecutionJournal } from './execution-journal.js';
import { executionRecord, type ExecutionOutcome, type ExecutionRecord, type ExecutionStart } from './execution-record.js';
import { ExecutionRegistry, type RunningExecution } from './execution-registry.js';
import { writeExecutionMetrics } from './metrics-writer.js';
import { RunnerPool, type RunnerPoolStats } from './runner-pool.js';
import { estimateCost, tokenUsage, type ModelPrice } from '@exec-automator/core/models';

/** Options of {@link WorkflowRunner}. */
export interface WorkflowRunnerOptions {
  /** Directory holding the environments. Default `./.exec-automator`. */
  root?: string;
  /** The environment whose current release runs. */
  environment: EnvironmentName;
  /** Where secret values (model API keys) are read from. Default: the process environment. */
  secrets?: SecretsBackend;
  /** The environment's settings (time limit, price overrides). Default: built-in defaults. */
  settings?: EnvironmentSettings;
  /** Price overrides (USD per 1M tokens), merged over `settings.modelPrices`. */
  modelPrices?: Readonly<Record<string, ModelPrice>>;
  /** Receives each line the workflow writes to stderr (prints, logs), secrets masked. */
  onLog?: (line: string) => void;
  /** Rewrite `<env>/metrics/*.prom` after each execution. Default true. */
  writeMetrics?: boolean;
  /**
   * How many runner processes may run graphs at once (a pool of warm workers; further
   * invocations wait for a free one). Default 1: invocations run one after another.
   */
  concurrency?: number;
  /**
   * Import each workflow file once per warm worker and reuse it (runs with fake models excepted),
   * instead of a fresh import per run: for a long-lived server of immutable releases. Default false.
   */
  reuseModules?: boolean;
}

/** One invocation. */
export interface InvokeOptions {
  /** Workflow name or seed workflow id, in the current release. */
  workflow: string;
  /** Graph input (ignored when resuming). */
  input?: unknown;
  /** Thread id; default a new one. Required to resume. */
  threadId?: string;
  /** Resume an interrupted thread with this value (`Command(resume=...)`); set the key to resume, even with `null`. */
  resume?: unknown;
  /** Time limit; the runner is killed after it (status `timeout`). Default the environment's `workflowTimeoutSeconds`. */
  timeoutMs?: number;
  /**
   * SIMULATION: replace chat models with fakes answering these recorded responses, so no LLM is
   * called and no API key is used. The execution is recorded with `simulated: true`.
   */
  fakeResponses?: RecordedResponse[];
  /** LangGraph recursion limit. */
  recursionLimit?: number;
  /** The runtime context (`Runtime[Context]`); default: the graph's context schema defaults. */
  context?: Record<string, unknown>;
  /** Run configuration (`configurable` values, tags, metadata), passed as LangGraph takes it. */
  config?: RunConfig;
  /** Cancels the execution (status `cancelled`; the runner process is killed). */
  signal?: AbortSignal;
  /** Called once the execution is registered and its graph is about to run (its id can be cancelled from then on). */
  onStart?: (execution: RunningExecution) => void;
  /** The execution id to record (a path-safe id, e.g. a run's UUID). Default a new `exe-…` id. */
  executionId?: string;
  /** LangGraph stream modes whose chunks go to {@link InvokeOptions.onChunk} while the graph runs. */
  streamModes?: RunnerStreamMode[];
  /** Receives each chunk of {@link InvokeOptions.streamModes} as the graph produces it (secrets masked). */
  onChunk?: (chunk: RunnerStreamChunk) => void;
}

/** What an invocation returned: the journal record plus what the graph produced. */
export interface ExecutionResult {
  /** The line written to `executions.jsonl`. */
  record: ExecutionRecord;
  /** Final (or, when interrupted or failed, latest checkpointed) state values. */
  output: unknown;
  /** Where and with what the graph stopped for a human. */
  interrupt: { node: string | null; value: unknown } | null;
  /** Nodes that would run next (empty when completed). */
  next: string[];
  /** The failure, when `status` is not completed or interrupted (secrets masked). */
  error: { type: string; message: string; node: string | null } | null;
  /** Non-fatal problems (metrics could not be written). */
  warnings: string[];
}

/**
 * Runs the workflows of an environment's current release: in the release venv, with the
 * environment's checkpointer (so interrupted threads resume across processes), its logging
 * config (JSON lines to `<env>/logs/workflows.log`), its `.env` settings and the secret values
 * the workflow needs (its model's key, the project's secrets; read from the secrets backend,
 * passed in the process environment only, never the store key or other workflows' keys; the
 * checkpoint store's password and encryption key go to the runner in its request instead). Every execution is registered while it runs (so
 * {@link cancelExecution} can stop it from another process), recorded in
 * `<env>/metrics/executions.jsonl`, and the Prometheus metrics are rewritten.
 *
 * Warm runner processes serve consecutive invocations of the same release: one by default
 * (invocations run one at a time), a pool of `concurrency` with that option. A new release gets
 * new workers while invocations in flight finish on theirs. Call {@link WorkflowRunner.close}
 * when done.
 *
 * @example
 * ```ts
 * const runner = new WorkflowRunner({ environment: 'dev' });
 * const { record, output } = await runner.invoke({ workflow: 'workflow_resp_002', input: { message: 'Hi' } });
 * await runner.close();
 * ```
 */
export class WorkflowRunner {
  readonly #options: WorkflowRunnerOptions;
  readonly #layout: EnvironmentLayout;
  readonly #secrets: SecretsBackend;
  readonly #settings: EnvironmentSettings;
  readonly #redactor = new Redactor();
  readonly #pool: RunnerPool;

  /** @param options - environment, secrets, settings, log sink */
  constructor(options: WorkflowRunnerOptions) {
    this.#options = options;
    this.#layout = new EnvironmentLayout(options.root ?? '.exec-automator', options.environment);
    this.#secrets = options.secrets ?? new EnvSecretsBackend();
    this.#settings = options.settings ?? defaultSettings(options.environment);
    this.#pool = new RunnerPool(options.concurrency ?? 1, (deployed) => this.#spawn(deployed));
    for (const [name, value] of Object.entries(process.env)) if (SECRET_NAME_PATTERN.test(name)) this.#redactor.add(value);
  }

  /** The environment's paths. */
  get layout(): EnvironmentLayout {
    return this.#layout;
  }

  /**
   * Runs one execution to its end and records it. Resolves for every way a run can end
   * (completed, interrupted, error, timeout, cancelled); rejects only when nothing ran:
   * `NOT_DEPLOYED` (no such workflow in the current release) or `INVALID_ARGUMENT`.
   */
  async invoke(options: InvokeOptions): Promise<ExecutionResult> {
    await this.#pool.acquireSlot(options.signal);
    try {
      return await this.#invoke(options);
    } finally {
      this.#pool.releaseSlot();
    }
  }

  /**
   * Reads (`get`, `history`) or writes (`update`) the checkpointed state of a thread of
   * `workflow` in the environment's checkpointer, through the same warm workers as runs.
   * `NOT_DEPLOYED` when the workflow is not in the current release.
   */
  async thread(workflow: string, request: Omit<ThreadParams, 'ref' | 'checkpointer' | 'runner_secrets' | 'sys_path' | 'cwd'>): Promise<RunnerOps['thread']['result']> {
    assertWorkflowName(workflow);
    assertThreadId(request.thread_id);
    const deployed = await resolveDeployedWorkflow(this.#layout, workflow);
    const runnerSecrets = await this.#runnerSecrets(deployed);
    const params: ThreadParams = {
      ...request,
      ref: deployed.ref,
      checkpointer: deployed.checkpointer,
      ...(Object.keys(runnerSecrets).length > 0 ? { runner_secrets: runnerSecrets } : {}),
      ...(this.#options.reuseModules ? { reuse_module: true } : {}),
      ...deployed.loading,
    };
    const result = await this.#pool.withReader(deployed, (worker) => worker.request('thread', params, { timeoutMs: 60_000 }));
    return this.#redactor.redactDeep(result);
  }

  /** The graph's drawable structure and JSON schemas (`describe` op), through the same warm workers. */
  async describe(workflow: string): Promise<GraphDescription> {
    assertWorkflowName(workflow);
    const deployed = await resolveDeployedWorkflow(this.#layout, workflow);
    return this.#pool.withReader(deployed, (worker) =>
      worker.request('describe', { ref: deployed.ref, ...(this.#options.reuseModules ? { reuse_module: true } : {}), ...deployed.loading }, { timeoutMs: 60_000 }),
    );
  }

  /** The pool's state now (for live metrics). */
  get pool(): RunnerPoolStats {
    return this.#pool.stats;
  }

  /** Stops every warm runner process; invocations in flight fail. */
  async close(): Promise<void> {
    await this.#pool.close();
  }

  async #runnerSecrets(deployed: DeployedWorkflow): Promise<Record<string, string>> {
    const runnerSecrets: Record<string, string> = {};
    for (const name of deployed.checkpointSecretNames) {
      const value = await this.#secrets.get(name);
      if (value === undefined) continue;
      this.#redactor.add(value);
      runnerSecrets[name] = value;
    }
    return runnerSecrets;
  }

  async #invoke(options: InvokeOptions): Promise<ExecutionResult> {
    const resuming = Object.prototype.hasOwnProperty.call(options, 'resume');
    if (resuming && !options.threadId) {
      throw deployError('INVALID_ARGUMENT', 'Resuming needs the thread id of the interrupted execution (threadId / --thread).');
    }
    if (options.signal?.aborted) throw deployError('ABORTED', 'The invocation was cancelled before it started.');
    assertWorkflowName(options.workflow);
    if (options.threadId !== undefined) assertThreadId(options.threadId);
    if (options.executionId !== undefined) assertExecutionId(options.executionId);
    const deployed = await resolveDeployedWorkflow(this.#layout, options.workflow);
    return this.#pool.withWorker(deployed, (worker) => this.#invokeOn(worker, deployed, options, resuming));
  }

  async #invokeOn(worker: RunnerWorker, deployed: DeployedWorkflow, options: InvokeOptions, resuming: boolean): Promise<ExecutionResult> {
    const runnerSecrets = await this.#runnerSecrets(deployed);
    const start: ExecutionStart = {
      execution_id: options.executionId ?? newOperationId('exe'),
      environment: this.#layout.environment,
      workflow_id: deployed.workflow.workflowId,
      workflow: deployed.workflow.name,
      release_id: deployed.release.id,
      thread_id: options.threadId ?? randomUUID(),
      resumed: resuming,
      simulated: options.fakeResponses !== undefined,
      started_at: '',
    };
    const registry = new ExecutionRegistry(this.#layout);
    const timeoutMs = options.timeoutMs ?? this.#settings.workflowTimeoutSeconds * 1000;
    let outcome: ExecutionOutcome;
    let result: InvokeResult | undefined;
    try {
      // Starting the runner (and importing LangGraph) is not part of the execution's time.
      const ping = await worker.request('ping', {}, { timeoutMs: 60_000, ...(options.signal ? { signal: options.signal } : {}) });
      start.started_at = new Date().toISOString();
      const running = await registry.register({ ...start, runner_pid: worker.pid ?? ping.pid });
      options.onStart?.(running);
      const params: InvokeParams = {
        ref: deployed.ref,
        thread_id: start.thread_id,
        checkpointer: deployed.checkpointer,
        ...(Object.keys(runnerSecrets).length > 0 ? { runner_secrets: runnerSecrets } : {}),
        // The runner masks these values in the log file, stored exceptions and its error text.
        ...(deployed.secretNames.length > 0 ? { redact_env: [...deployed.secretNames] } : {}),
        ...(deployed.logging ? { logging: deployed.logging } : {}),
        ...(resuming ? { resume: options.resume ?? null } : { input: options.input ?? {} }),
        ...(options.fakeResponses !== undefined ? { fake_models: { responses: options.fakeResponses } } : {}),
        ...(options.recursionLimit !== undefined ? { recursion_limit: options.recursionLimit } : {}),
        ...(options.context !== undefined ? { context: options.context } : {}),
        ...(options.config !== undefined ? { config: options.config } : {}),
        ...(options.streamModes !== undefined && options.streamModes.length > 0 ? { stream_mode: options.streamModes } : {}),
        ...(this.#options.reuseModules ? { reuse_module: true } : {}),
        ...deployed.loading,
      };
      const onChunk = options.onChunk;
      result = await worker.request('invoke', params, {
        timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(onChunk ? { onStream: (chunk: RunnerStreamChunk) => onChunk({ mode: chunk.mode, data: this.#redactor.redactDeep(chunk.data) }) } : {}),
      });
      outcome = this.#outcomeOf(result);
    } catch (error) {
      if (!start.started_at) start.started_at = new Date().toISOString();
      outcome = await this.#failureOutcome(error, registry, start.execution_id, timeoutMs);
    }
    const record = executionRecord(start, outcome);
    await new ExecutionJournal(this.#layout).append(record);
    await registry.remove(start.execution_id);
    const warnings: string[] = [];
    if (this.#options.writeMetrics ?? true) {
      await writeExecutionMetrics(this.#layout).catch((error: Error) => warnings.push(`metrics not written: ${error.message}`));
    }
    const failed = record.status !== 'completed' && record.status !== 'interrupted';
    return {
      record,
      output: this.#redactor.redactDeep(result?.output ?? null),
      interrupt: result?.interrupt ? this.#redactor.redactDeep(result.interrupt) : null,
      next: result?.next ?? [],
      error: failed ? { type: record.error_type ?? record.status, message: record.error_message ?? record.status, node: record.error_node } : null,
      warnings,
    };
  }

  #outcomeOf(result: InvokeResult): ExecutionOutcome {
    const tokens = tokenUsage(result.model_calls);
    const { costUsd, unpriced } = estimateCost(tokens, { ...this.#settings.modelPrices, ...this.#options.modelPrices });
    const common = { tokens, cost_usd: costUsd, unpriced_models: unpriced };
    if (result.status === 'error') {
      return {
        ...common,
        status: 'error',
        error_type: result.error?.type ?? 'Error',
        error_node: result.error?.node ?? null,
        error_message: this.#redactor.redact(result.error?.message ?? 'the graph raised'),
      };
    }
    return { ...common, status: result.status, interrupt_node: result.interrupt?.node ?? null };
  }

  async #failureOutcome(error: unknown, registry: ExecutionRegistry, executionId: string, timeoutMs: number): Promise<ExecutionOutcome> {
    const message = this.#redactor.redact(error instanceof Error ? error.message : String(error));
    if (isDeployError(error) && error.code === 'RUNNER_TIMEOUT') {
      return { status: 'timeout', error_type: 'Timeout', error_message: `did not finish within ${Math.round(timeoutMs / 1000)} s; the runner was killed` };
    }
    const cancelRequested = (await registry.read(executionId).catch(() => undefined))?.cancel_requested_at !== undefined;
    if ((isDeployError(error) && error.code === 'ABORTED') || cancelRequested) {
      return { status: 'cancelled', error_type: 'Cancelled', error_message: 'cancelled; the runner was stopped' };
    }
    const type = isDeployError(error) ? ((error.details.type as string | undefined) ?? error.code) : 'Error';
    return { status: 'error', error_type: type, error_message: message };
  }

  /** A new (not yet started) runner process for `deployed`'s release, with its environment. */
  async #spawn(deployed: DeployedWorkflow): Promise<RunnerWorker> {
    // An explicit environment: nothing of this process's but what inheritedEnv lets through.
    const env: NodeJS.ProcessEnv = {
      ...inheritedEnv(),
      ...(await readReleaseEnv(deployed.releaseDir)),
      WORKFLOW_ENV: this.#layout.environment,
    };
    for (const name of deployed.secretNames) {
      const value = await this.#secrets.get(name);
      if (value === undefined) continue;
      this.#redactor.add(value);
      env[name] = value;
    }
    for (const name of [...NEVER_INHERITED, this.#settings.secrets?.keyEnv ?? 'EXEC_AUTOMATOR_SECRETS_KEY', ...deployed.checkpointSecretNames]) delete env[name];
    const onLog = this.#options.onLog;
    return new RunnerWorker({
      python: deployed.python,
      env,
      cwd: deployed.releaseDir,
      ...(onLog ? { onStderr: (line: string) => onLog(this.#redactor.redact(line)) } : {}),
    });
  }

}

/** Runs one execution with a {@link WorkflowRunner} that is closed afterwards. */
export async function invokeWorkflow(options: WorkflowRunnerOptions & InvokeOptions): Promise<ExecutionResult> {
  const runner = new WorkflowRunner(options);
  try {
    return await runner.invoke(options);
  } finally {
    await runner.close();
  }
}
