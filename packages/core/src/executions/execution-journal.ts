import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EnvironmentLayout } from '../environment/layout.js';
import type { ExecutionRecord } from './execution-record.js';
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

/**
 * `<env>/metrics/executions.jsonl`: one JSON line per finished execution, appended. It is the
 * source of every execution metric and of `monitor`'s alert evaluation, and survives
 * rollbacks (it lives outside the releases).
 *
 * Each record is one small append to a file opened with `O_APPEND`, so lines of concurrent
 * writers (several `invoke` processes) land whole, one after the other. Unparseable lines (a
 * torn write after a crash) are skipped when reading.
 */
export class ExecutionJournal {
  /** The journal file. */
  readonly file: string;

  /** @param layout - the environment whose journal this is */
  constructor(layout: EnvironmentLayout) {
    this.file = path.join(layout.metrics, EXECUTIONS_JOURNAL_FILE);
  }

  /** Appends one record. */
  async append(record: ExecutionRecord): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(record)}\n`, { encoding: 'utf8', flag: 'a' });
  }

  /** Every record, oldest first (an absent journal has none). */
  async readAll(): Promise<ExecutionRecord[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: ExecutionRecord[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const value = JSON.parse(line) as ExecutionRecord;
        if (value && typeof value === 'object' && typeof value.execution_id === 'string' && typeof value.status === 'string') records.push(value);
      } catch {
        // a torn line: skipped (see the class comment)
      }
    }
    return records;
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
