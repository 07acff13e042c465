import type { ExecutionResult, InvokeOptions } from '@exec-automator/executions';
import type { RecordedResponse, RunConfig, RunnerStreamChunk, RunnerStreamMode } from '@exec-automator/core/python';
import type { RunStream } from './run-stream.js';
import type { StreamMode } from './schemas.js';

/** Run status in the Agent Server's terms. */
export type RunStatus = 'pending' | 'running' | 'success' | 'error' | 'timeout' | 'interrupted';

/** A run in the Agent Server's shape. Its id is also its execution id in the executions journal. */
export interface Run {
  /** UUID. */
  run_id: string;
  /** The thread (a temporary one for stateless runs). */
  thread_id: string;
  /** The assistant it runs. */
  assistant_id: string;
  /** ISO time. */
  created_at: string;
  /** ISO time of the last status change. */
  updated_at: string;
  /** `pending`, `running`, `success`, `error`, `timeout` or `interrupted` (also: cancelled). */
  status: RunStatus;
  /** Caller's metadata plus the workflow id and the release id it ran on. */
  metadata: Record<string, unknown>;
  /** How it was queued behind other runs of the thread. */
  multitask_strategy: 'reject' | 'enqueue' | 'interrupt' | 'rollback';
  /** What it was asked to do. */
  kwargs: { input: unknown; command: unknown; config: unknown; context: unknown; stream_mode: StreamMode[] };
}

/** Live counters of the runs this server handled (for `/metrics`). */
export interface RunStats {
  /** Finished runs by status. */
  finished: Record<string, number>;
  /** Durations of finished runs, seconds. */
  durations: number[];
  /** Runs running now. */
  inFlight: number;
  /** Runs waiting (behind another run of their thread, or for a free worker). */
  queued: number;
}

/** The `configurable` key of a run's config that carries recorded responses in simulation mode. */
export const FAKE_RESPONSES_KEY = 'exec_automator_fake_responses';

/** The runner's stream mode for each Agent Server stream mode. */
export const MODE_FOR: Record<StreamMode, RunnerStreamMode> = {
  values: 'values',
  updates: 'updates',
  custom: 'custom',
  messages: 'messages',
  'messages-tuple': 'messages',
  debug: 'debug',
  tasks: 'tasks',
  checkpoints: 'checkpoints',
};

/**
 * Pushes one runner stream chunk to a run's stream in the modes the client asked for: `messages`
 * chunks become `messages-tuple` events and/or the Agent Server's accumulated `messages/partial`
 * events (with `messages/metadata` first for each message id).
 */
export function forwardChunk(stream: RunStream, requested: StreamMode[], chunk: RunnerStreamChunk, messages: Map<string, Record<string, unknown>>): void {
  if (chunk.mode !== 'messages') {
    stream.push(chunk.mode, chunk.data);
    return;
  }
  if (requested.includes('messages-tuple')) stream.push('messages', chunk.data);
  if (!requested.includes('messages')) return;
  // `messages`: the accumulated message so far, as the Agent Server streams it.
  const [message, metadata] = Array.isArray(chunk.data) ? (chunk.data as [Record<string, unknown>, unknown]) : [chunk.data as Record<string, unknown>, {}];
  const id = typeof message?.id === 'string' ? message.id : undefined;
  if (!id) return;
  const previous = messages.get(id);
  if (!previous) {
    stream.push('messages/metadata', { [id]: { metadata } });
    messages.set(id, { ...message });
  } else if (typeof previous.content === 'string' && typeof message.content === 'string') {
    previous.content = previous.content + message.content;
  }
  stream.push('messages/partial', [messages.get(id)]);
}


/** The run's input, or its resume value when it resumes (`command.resume`). */
export function runInput(run: Run): Pick<InvokeOptions, 'input' | 'resume'> {
  const command = run.kwargs.command as { resume?: unknown } | null;
  if (command && Object.prototype.hasOwnProperty.call(command, 'resume')) return { resume: command.resume ?? null };
  return { input: run.kwargs.input ?? {} };
}

/** Recorded chat-model responses the run carries (simulation), as invoke options. */
export function fakeResponsesOf(run: Run): Pick<InvokeOptions, 'fakeResponses'> {
  const fakes = (run.kwargs.config as { configurable?: Record<string, unknown> | null } | null)?.configurable?.[FAKE_RESPONSES_KEY];
  return fakes === undefined ? {} : { fakeResponses: fakes as RecordedResponse[] };
}

/** The LangGraph run config of a run's `config` (thread id and recorded responses left out). */
export function runConfig(config: unknown): RunConfig {
  const given = config as { configurable?: Record<string, unknown> | null; tags?: string[] | null; metadata?: Record<string, unknown> | null; recursion_limit?: number | null };
  const configurable = { ...(given.configurable ?? {}) };
  delete configurable.thread_id;
  delete configurable[FAKE_RESPONSES_KEY];
  return {
    ...(Object.keys(configurable).length > 0 ? { configurable } : {}),
    ...(given.tags ? { tags: given.tags } : {}),
    ...(given.metadata ? { metadata: given.metadata } : {}),
    ...(given.recursion_limit ? { recursion_limit: given.recursion_limit } : {}),
  };
}

/** The Agent Server run status of an execution's outcome (a cancelled run reads `interrupted`, as the Agent Server reports it). */
export function statusOf(result: ExecutionResult): RunStatus {
  switch (result.record.status) {
    case 'completed':
      return 'success';
    case 'interrupted':
    case 'cancelled':
      return 'interrupted';
    case 'timeout':
      return 'timeout';
    default:
      return 'error';
  }
}
