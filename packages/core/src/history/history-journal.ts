import { JsonlJournal } from '../util/jsonl-journal.js';

/** One line of `<env>/history.jsonl`. */
export interface HistoryEntry {
  /** What happened. */
  event: 'deploy' | 'rollback' | 'failure';
  /** The deployment or rollback id. */
  operationId: string;
  /** ISO time the line was written. */
  timestamp: string;
  /** Outcome. */
  status: 'SUCCESS' | 'FAILED' | 'PARTIAL';
  /** Release `current` pointed at before. */
  from: string | null;
  /** Release `current` points at after (null when unchanged by a failure before the switch). */
  to: string | null;
  /** Why (rollback reason, failure cause). */
  reason?: string;
  /** Error code, for failures. */
  code?: string;
  /** Workflows involved. */
  workflows?: string[];
  /** Whether the rollback was started automatically by a failed check. */
  automatic?: boolean;
  /** User that ran the operation. */
  user?: string;
  /** Duration of the operation. */
  durationMs?: number;
}

/**
 * The environment's audit journal: one JSON line per deploy, rollback or failure, a
 * journal of JSON lines (whole lines under concurrent appends, a line torn by a crash ended
 * before the next entry and skipped when reading).
 */
export class HistoryJournal {
  readonly #journal: JsonlJournal<HistoryEntry>;

  /** @param file - path of `history.jsonl` */
  constructor(file: string) {
    this.#journal = new JsonlJournal<HistoryEntry>(file);
  }

  /** Appends one entry. */
  async append(entry: HistoryEntry): Promise<void> {
    await this.#journal.append(entry);
  }

  /** All entries, oldest first; a line that does not parse (a crash mid-write) is skipped. */
  async read(): Promise<HistoryEntry[]> {
    return this.#journal.readAll();
  }
}
