import { deployError } from '@exec-automator/core';
import type { RunnerWorker } from '@exec-automator/core/python';
import type { DeployedWorkflow } from './deployed-workflow.js';

/** What {@link WorkflowRunner.pool} reports: the warm runner processes and who waits for one. */
export interface RunnerPoolStats {
  /** Upper bound of processes running graphs at once. */
  concurrency: number;
  /** Workers running a request now. */
  busy: number;
  /** Warm workers waiting for work. */
  idle: number;
  /** Requests waiting for a free worker. */
  queued: number;
}

interface WarmWorker {
  key: string;
  releaseId: string;
  worker: RunnerWorker;
}

/** Workers are shared by invocations of the same interpreter, release and secrets. */
function workerKey(deployed: DeployedWorkflow): string {
  return `${deployed.python}\u0000${deployed.release.id}\u0000${deployed.secretNames.join(',')}`;
}

/**
 * The warm runner processes of a {@link WorkflowRunner}: at most `concurrency` run graphs at once
 * (others wait in order for a slot, and may give up through an abort signal); a worker serves
 * consecutive requests of its release; idle workers of a release that is no longer current are
 * retired; short reads get a reader process beside the pool when every slot is taken.
 */
export class RunnerPool {
  readonly #concurrency: number;
  readonly #spawn: (deployed: DeployedWorkflow) => Promise<RunnerWorker>;
  readonly #idle: WarmWorker[] = [];
  readonly #busy = new Set<WarmWorker>();
  readonly #readers = new Map<string, WarmWorker>();
  readonly #waiting: Array<() => void> = [];
  #slotsInUse = 0;

  /**
   * @param concurrency - slots (an integer from 1)
   * @param spawn - makes a new runner process for a release
   */
  constructor(concurrency: number, spawn: (deployed: DeployedWorkflow) => Promise<RunnerWorker>) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new TypeError(`Expected \`concurrency\` to be an integer from 1 and up, got \`${String(concurrency)}\``);
    }
    this.#concurrency = concurrency;
    this.#spawn = spawn;
  }

  /** The pool's state now (for live metrics). */
  get stats(): RunnerPoolStats {
    return { concurrency: this.#concurrency, busy: this.#busy.size, idle: this.#idle.length, queued: this.#waiting.length };
  }

  /** Waits for a free slot (in order); `ABORTED` when `signal` fires first. Pair with {@link RunnerPool.releaseSlot}. */
  async acquireSlot(signal?: AbortSignal): Promise<void> {
    if (this.#slotsInUse < this.#concurrency) {
      this.#slotsInUse++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const index = this.#waiting.indexOf(grant);
        if (index !== -1) this.#waiting.splice(index, 1);
        reject(deployError('ABORTED', 'The invocation was cancelled while it waited for a runner.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(grant);
    });
  }

  /** Gives a slot back; it passes straight to the next waiter. */
  releaseSlot(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#slotsInUse--;
  }

  /** Runs `fn` on a warm worker of `deployed`'s release (the caller holds a slot). */
  async withWorker<T>(deployed: DeployedWorkflow, fn: (worker: RunnerWorker) => Promise<T>): Promise<T> {
    const warm = await this.#take(deployed);
    try {
      return await fn(warm.worker);
    } finally {
      this.#giveBack(warm);
    }
  }

  /**
   * Runs a short read (thread state, graph description) on a pool worker when a slot is free,
   * else on a reader process of the release kept beside the pool: reads never wait for runs.
   */
  async withReader<T>(deployed: DeployedWorkflow, fn: (worker: RunnerWorker) => Promise<T>): Promise<T> {
    if (this.#slotsInUse < this.#concurrency) {
      this.#slotsInUse++;
      try {
        return await this.withWorker(deployed, fn);
      } finally {
        this.releaseSlot();
      }
    }
    const key = workerKey(deployed);
    let reader = this.#readers.get(key);
    if (!reader || reader.worker.closed) {
      for (const [other, stale] of this.#readers) {
        if (other === key) continue;
        this.#readers.delete(other);
        void stale.worker.close();
      }
      reader = { key, releaseId: deployed.release.id, worker: await this.#spawn(deployed) };
      this.#readers.set(key, reader);
    }
    return fn(reader.worker);
  }

  /** Stops every warm runner process; requests in flight fail. */
  async close(): Promise<void> {
    const all = [...this.#idle, ...this.#busy, ...this.#readers.values()];
    this.#idle.length = 0;
    this.#busy.clear();
    this.#readers.clear();
    await Promise.all(all.map((w) => w.worker.close()));
  }

  /**
   * A warm worker for `deployed`'s release, taken from the pool (a new release, or other
   * secrets, gets a new one; idle workers of other releases make room for it).
   */
  async #take(deployed: DeployedWorkflow): Promise<WarmWorker> {
    const key = workerKey(deployed);
    const index = this.#idle.findIndex((w) => w.key === key && !w.worker.closed);
    if (index !== -1) {
      const [warm] = this.#idle.splice(index, 1) as [WarmWorker];
      this.#busy.add(warm);
      return warm;
    }
    // Idle workers of a release that is no longer current are not needed any more; others
    // give way once the pool is full.
    for (const stale of this.#idle.filter((w) => w.releaseId !== deployed.release.id)) this.#retire(stale);
    while (this.#idle.length > 0 && this.#idle.length + this.#busy.size >= this.#concurrency) this.#retire(this.#idle[0] as WarmWorker);
    const warm: WarmWorker = { key, releaseId: deployed.release.id, worker: await this.#spawn(deployed) };
    this.#busy.add(warm);
    return warm;
  }

  #giveBack(warm: WarmWorker): void {
    this.#busy.delete(warm);
    if (warm.worker.closed) return;
    this.#idle.push(warm);
  }

  #retire(warm: WarmWorker): void {
    const index = this.#idle.indexOf(warm);
    if (index !== -1) this.#idle.splice(index, 1);
    void warm.worker.close();
  }
}
