import type { TokenUsage } from '@exec-automator/core/models';

/** How an execution ended. `interrupted` = stopped at a human-in-the-loop checkpoint (resumable). */
export type ExecutionStatus = 'completed' | 'interrupted' | 'error' | 'cancelled' | 'timeout';

/**
 * One finished execution: a line of `<env>/metrics/executions.jsonl`. Field names are
 * snake_case (a file format read by the generated `health-check.py`, which relies on
 * `workflow_id`, `workflow`, `release_id`, `status`, `timestamp` and `error_type`). Holds no
 * input, output or secret: only what metrics and alerts need.
 */
export interface ExecutionRecord {
  /** `exe-20261125T031500123Z-3fa2`. */
  execution_id: string;
  /** Environment. */
  environment: string;
  /** Seed workflow id (`workflow_resp_002`). */
  workflow_id: string;
  /** Workflow name (file stem). */
  workflow: string;
  /** The release that ran it (always set). */
  release_id: string;
  /** LangGraph thread (checkpointer key); resume an interrupted execution with it. */
  thread_id: string;
  /** How it ended. */
  status: ExecutionStatus;
  /** True when this execution resumed an interrupted thread. */
  resumed: boolean;
  /** True when chat models were replaced by fakes (`--fake-responses`): no LLM was called. */
  simulated: boolean;
  /** ISO time it finished (what `health-check.py` reports). */
  timestamp: string;
  /** ISO time it started. */
  started_at: string;
  /** Wall time in seconds, from request to answer (includes graph loading). */
  duration_seconds: number;
  /** Exception class when `status` is `error` (`ValueError`), `Timeout`, or `Cancelled`; else null. */
  error_type: string | null;
  /** The node that raised, when known. */
  error_node: string | null;
  /** First line of the error, secrets masked, at most 300 characters. */
  error_message: string | null;
  /** Node the graph stopped at for a human, when `interrupted`. */
  interrupt_node: string | null;
  /** Tokens by model and node. */
  tokens: TokenUsage[];
  /** Estimated cost in USD from the price table. */
  cost_usd: number;
  /** Models used that have no price (their cost counts as 0). */
  unpriced_models: string[];
}

/** An {@link ExecutionRecord} is a failure when its status is `error` or `timeout`. */
export function isFailedExecution(record: Pick<ExecutionRecord, 'status'>): boolean {
  return record.status === 'error' || record.status === 'timeout';
}

/** What an execution record adds to the facts known when the execution started. */
export type ExecutionOutcome = Pick<ExecutionRecord, 'status'> &
  Partial<Pick<ExecutionRecord, 'error_type' | 'error_node' | 'error_message' | 'interrupt_node' | 'tokens' | 'cost_usd' | 'unpriced_models'>>;

/** The facts known when an execution starts (a subset of the running-execution file). */
export type ExecutionStart = Pick<
  ExecutionRecord,
  'execution_id' | 'environment' | 'workflow_id' | 'workflow' | 'release_id' | 'thread_id' | 'resumed' | 'simulated' | 'started_at'
>;

/** Builds the journal record of an execution that started as `start` and ended `finishedAt`. */
export function executionRecord(start: ExecutionStart, outcome: ExecutionOutcome, finishedAt: Date = new Date()): ExecutionRecord {
  const message = outcome.error_message ?? null;
  return {
    execution_id: start.execution_id,
    environment: start.environment,
    workflow_id: start.workflow_id,
    workflow: start.workflow,
    release_id: start.release_id,
    thread_id: start.thread_id,
    status: outcome.status,
    resumed: start.resumed,
    simulated: start.simulated,
    timestamp: finishedAt.toISOString(),
    started_at: start.started_at,
    duration_seconds: Math.max(0, Math.round(finishedAt.getTime() - Date.parse(start.started_at)) / 1000),
    error_type: outcome.error_type ?? null,
    error_node: outcome.error_node ?? null,
    error_message: message === null ? null : firstLine(message, 300),
    interrupt_node: outcome.interrupt_node ?? null,
    tokens: outcome.tokens ?? [],
    cost_usd: outcome.cost_usd ?? 0,
    unpriced_models: outcome.unpriced_models ?? [],
  };
}

function firstLine(text: string, max: number): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
