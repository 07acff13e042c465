/** One server-sent event of a run. */
export interface RunEvent {
  /** Sequence number as a string (`1`, `2`, …): what a client sends back as `Last-Event-ID`. */
  id: string;
  /** SSE event name (`metadata`, `values`, `updates`, `custom`, `messages`, `error`, …). */
  event: string;
  /** JSON payload. */
  data: unknown;
}

/**
 * The events of one run, kept while the server runs so clients can attach late: a stream
 * request reads from the start, a join with `Last-Event-ID` from after that event, a join
 * without it from now on.
 */
export class RunStream {
  readonly #events: RunEvent[] = [];
  #done = false;
  #wake: Array<() => void> = [];

  /** Appends an event and wakes the readers. */
  push(event: string, data: unknown): void {
    if (this.#done) return;
    this.#events.push({ id: String(this.#events.length + 1), event, data });
    this.#notify();
  }

  /** Marks the end: readers finish after the last event. */
  end(): void {
    this.#done = true;
    this.#notify();
  }

  /** True once the run's stream ended. */
  get done(): boolean {
    return this.#done;
  }

  /**
   * The events from `start`: `'all'`, `'live'` (only those pushed from now on) or after the
   * event with that id.
   */
  read(start: 'all' | 'live' | string, signal?: AbortSignal): AsyncGenerator<RunEvent> {
    // Where to start is fixed now, not when the reader first pulls: 'live' means from this call on.
    const index = start === 'all' ? 0 : start === 'live' ? this.#events.length : Math.max(0, Number.parseInt(start, 10) || 0);
    return this.#from(index, signal);
  }

  async *#from(first: number, signal?: AbortSignal): AsyncGenerator<RunEvent> {
    let index = first;
    while (!signal?.aborted) {
      while (index < this.#events.length) yield this.#events[index++] as RunEvent;
      if (this.#done) return;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          signal?.removeEventListener('abort', wake);
          resolve();
        };
        this.#wake.push(wake);
        signal?.addEventListener('abort', wake, { once: true });
      });
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = [];
    for (const fn of wake) fn();
  }
}
