import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';

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
 * The environment's audit journal: one JSON line per deploy, rollback or failure. Appends are
 * single `O_APPEND` writes of one line, so concurrent readers never see a torn line.
 */
export class HistoryJournal {
  readonly #file: string;

  /** @param file - path of `history.jsonl` */
  constructor(file: string) {
    this.#file = file;
  }

  /**
   * Appends one entry. A last line torn by a crash mid-write (no trailing newline) is ended
   * first, so the new entry gets a line of its own instead of being glued to the torn one.
   */
  async append(entry: HistoryEntry): Promise<void> {
    await mkdir(path.dirname(this.#file), { recursive: true });
    const torn = await endsTorn(this.#file);
    await appendFile(this.#file, `${torn ? '\n' : ''}${JSON.stringify(entry)}\n`, 'utf8');
  }

  /** All entries, oldest first; a line that does not parse (a crash mid-write) is skipped. */
  async read(): Promise<HistoryEntry[]> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: HistoryEntry[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        entries.push(JSON.parse(line) as HistoryEntry);
      } catch {
        // skip a torn line
      }
    }
    return entries;
  }
}

/** True when `file` is non-empty and its last byte is not a newline. */
async function endsTorn(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return false;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}
