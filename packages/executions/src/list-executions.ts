import type { EnvironmentLayout } from '@exec-automator/core';
import { assertWorkflowName } from '@exec-automator/core/util';
import { ExecutionJournal, type ExecutionQuery } from './execution-journal.js';
import type { ExecutionRecord } from './execution-record.js';
import { ExecutionRegistry, type RegisteredExecution } from './execution-registry.js';

/** Running and recent executions of an environment. */
export interface ExecutionListing {
  /** Environment. */
  environment: string;
  /** Executions running now (or `stale`: their invoking process died before recording them). */
  running: RegisteredExecution[];
  /** Finished executions, newest last. */
  recent: ExecutionRecord[];
}

/** Lists running executions and the newest finished ones (default 20) matching `query`. */
export async function listExecutions(layout: EnvironmentLayout, query: ExecutionQuery = {}): Promise<ExecutionListing> {
  if (query.workflow !== undefined) assertWorkflowName(query.workflow);
  const running = (await new ExecutionRegistry(layout).list()).filter(
    (e) => query.workflow === undefined || e.workflow === query.workflow || e.workflow_id === query.workflow,
  );
  const recent = await new ExecutionJournal(layout).read({ limit: 20, ...query });
  return { environment: layout.environment, running, recent };
}
