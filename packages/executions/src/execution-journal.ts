import path from 'node:path';
import type { EnvironmentLayout } from '@exec-automator/core';
import type { ExecutionRecord } from './execution-record.js';
import { JsonlJournal } from '@exec-automator/core/util';
import { EXECUTIONS_JOURNAL_FILE } from './metric-names.js';

/** Filters of {@link ExecutionJournal.read}. */
export interface ExecutionQuery {
  /** Only this workflow (name or workflow id). */
  workflow?: string;
  /** Only these statuses. */
  status?: readonly string[];
  /** Only executions that finished at or after this time. */
  since?: Date;
  /** At most this many, the newest. */
  limit?: number;
}

function isExecutionRecord(value: unknown): value is ExecutionRecord {
  const r = value as Partial<ExecutionRecord> | null;
  return r !== null && typeof r === 'object' && typeof r.execution_id === 'string' && typeof r.status === 'string';
}

/**
 * `<env>/metrics/executions.jsonl`: one JSON line per finished execution, appended. It is the
 * source of every execution metric and of `monitor`'s alert evaluation, and survives
 * rollbacks (it lives outside the releases).
 *
 * A journal of JSON lines: lines of concurrent writers (several `invoke` processes) land whole,
 * a line torn by a crash is ended before the next append and skipped when reading.
 */
export class ExecutionJournal {
  /** The journal file. */
  readonly file: string;
  readonly #journal: JsonlJournal<ExecutionRecord>;

  /** @param layout - the environment whose journal this is */
  constructor(layout: EnvironmentLayout) {
    this.#journal = new JsonlJournal(path.join(layout.metrics, EXECUTIONS_JOURNAL_FILE), isExecutionRecord);
    this.file = this.#journal.file;
  }

  /** Appends one record. */
  async append(record: ExecutionRecord): Promise<void> {
    await this.#journal.append(record);
  }

  /** Every record, oldest first (an absent journal has none). */
  async readAll(): Promise<ExecutionRecord[]> {
    return this.#journal.readAll();
  }

  /** Records matching `query`, oldest first. */
  async read(query: ExecutionQuery = {}): Promise<ExecutionRecord[]> {
    const since = query.since?.getTime();
    const matches = (await this.readAll()).filter(
      (r) =>
        (query.workflow === undefined || r.workflow === query.workflow || r.workflow_id === query.workflow) &&
        (query.status === undefined || query.status.includes(r.status)) &&
        (since === undefined || Date.parse(r.timestamp) >= since),
    );
    return query.limit === undefined ? matches : matches.slice(Math.max(0, matches.length - query.limit));
  }

  /** The record of `executionId`, if it finished. */
  async find(executionId: string): Promise<ExecutionRecord | undefined> {
    return (await this.readAll()).find((r) => r.execution_id === executionId);
  }
}
