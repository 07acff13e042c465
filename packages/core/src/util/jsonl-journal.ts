import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * An append-only file of JSON lines: the one journal format behind the environment's history
 * (`history.jsonl`) and its executions (`metrics/executions.jsonl`).
 *
 * Each append is a single `O_APPEND` write of one whole line, so the lines of concurrent writers
 * land one after the other. A last line torn by a crash mid-write (no trailing newline) is ended
 * before the next append, so the new entry gets a line of its own; torn or foreign lines are
 * skipped when reading.
 *
 * @typeParam T - the entry type
 */
export class JsonlJournal<T> {
  /** The journal file. */
  readonly file: string;
  readonly #accept: (value: unknown) => value is T;

  /**
   * @param file - the journal file (created with its directory on the first append)
   * @param accept - tells an entry apart from a line that parses but is not one (default: any object)
   */
  constructor(file: string, accept?: (value: unknown) => value is T) {
    this.file = file;
    this.#accept = accept ?? ((value: unknown): value is T => value !== null && typeof value === 'object');
  }

  /** Appends one entry as one line. */
  async append(entry: T): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const torn = await endsTorn(this.file);
    await appendFile(this.file, `${torn ? '\n' : ''}${JSON.stringify(entry)}\n`, { encoding: 'utf8', flag: 'a' });
  }

  /** Every entry, oldest first (an absent journal has none). */
  async readAll(): Promise<T[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: T[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const value: unknown = JSON.parse(line);
        if (this.#accept(value)) entries.push(value);
      } catch {
        // a torn line: skipped
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
