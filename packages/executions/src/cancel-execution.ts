import os from 'node:os';
import { type EnvironmentLayout, deployError } from '@exec-automator/core';
import { ExecutionJournal } from './execution-journal.js';
import { executionRecord, type ExecutionRecord } from './execution-record.js';
import { ExecutionRegistry } from './execution-registry.js';
import { writeExecutionMetrics } from './metrics-writer.js';
import { isRunnerProcess, signalGroup, waitForExit } from './process-liveness.js';

/** Options of {@link cancelExecution}. */
export interface CancelOptions {
  /** Time the runner gets to exit after SIGTERM before its group is killed. Default 3000 ms. */
  graceMs?: number;
  /** Time to wait for the invoking process to record the execution. Default 10 000 ms. */
  recordWaitMs?: number;
}

/** What {@link cancelExecution} did. */
export interface CancelResult {
  /** The execution. */
  execution_id: string;
  /** Its workflow. */
  workflow: string;
  /** True when a live runner process group was signalled. */
  signalled: boolean;
  /**
   * Who wrote the `cancelled` record: `owner` (the invoking process, still alive), `cancel`
   * (the owner had died, so this call recorded it), or null when the owner did not record it
   * within `recordWaitMs`.
   */
  recorded_by: 'owner' | 'cancel' | null;
  /** The journal record, when written. */
  record: ExecutionRecord | null;
}

/**
 * Stops a running execution from any process on the same host: marks its registry file
 * (`<env>/executions/<id>.json`) as cancelled, sends SIGTERM to the runner's process group and
 * SIGKILL after `graceMs`. The invoking process sees its runner die, finds the mark and records
 * the execution as `cancelled`; when that process is gone, this call records it.
 *
 * Throws `EXECUTION_NOT_FOUND` when no execution with that id is running (details say whether
 * it already finished) and `INVALID_ARGUMENT` when it runs on another host.
 */
export async function cancelExecution(layout: EnvironmentLayout, executionId: string, options: CancelOptions = {}): Promise<CancelResult> {
  const registry = new ExecutionRegistry(layout);
  const journal = new ExecutionJournal(layout);
  const entry = await registry.read(executionId);
  if (!entry) {
    const finished = await journal.find(executionId);
    throw deployError(
      'EXECUTION_NOT_FOUND',
      finished
        ? `Execution ${executionId} is not running: it finished ${finished.status} at ${finished.timestamp}.`
        : `No execution ${executionId} is running in ${layout.environment} (running ones: \`exec-automator executions --environment=${layout.environment}\`).`,
      { details: { executionId, environment: layout.environment, ...(finished ? { finishedStatus: finished.status } : {}) } },
    );
  }
  if (entry.host !== os.hostname()) {
    throw deployError('INVALID_ARGUMENT', `Execution ${executionId} runs on host ${entry.host}; cancel it there.`, {
      details: { executionId, host: entry.host },
    });
  }
  await registry.requestCancel(executionId);
  let signalled = false;
  const pid = entry.runner_pid;
  if (pid !== null && (await isRunnerProcess(pid, entry.runner_start_time))) {
    signalled = signalGroup(pid, 'SIGTERM');
    if (!(await waitForExit(pid, options.graceMs ?? 3000))) signalGroup(pid, 'SIGKILL');
  }
  if (entry.state === 'running') {
    const deadline = Date.now() + (options.recordWaitMs ?? 10_000);
    while (Date.now() < deadline) {
      if (!(await registry.read(executionId))) {
        const record = (await journal.find(executionId)) ?? null;
        return { execution_id: executionId, workflow: entry.workflow, signalled, recorded_by: record ? 'owner' : null, record };
      }
      const again = await registry.read(executionId);
      if (again?.state === 'stale') break; // the owner died meanwhile: record it here
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if ((await registry.read(executionId))?.state !== 'stale') {
      return { execution_id: executionId, workflow: entry.workflow, signalled, recorded_by: null, record: null };
    }
  }
  const record = executionRecord(entry, {
    status: 'cancelled',
    error_type: 'Cancelled',
    error_message: `cancelled after the invoking process (pid ${entry.owner_pid}) had stopped`,
  });
  await journal.append(record);
  await registry.remove(executionId);
  await writeExecutionMetrics(layout).catch(() => undefined);
  return { execution_id: executionId, workflow: entry.workflow, signalled, recorded_by: 'cancel', record };
}
