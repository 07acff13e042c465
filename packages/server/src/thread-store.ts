import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { deployError, type EnvironmentLayout } from '@exec-automator/core';
import { writeJsonAtomic } from '@exec-automator/core/util';

/** A thread id that may name a file: a UUID. */
const THREAD_FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thread status in the Agent Server's terms. */
export type ThreadStatus = 'idle' | 'busy' | 'interrupted' | 'error';

/** A thread in the Agent Server's shape. Its state lives in the environment's checkpointer. */
export interface Thread {
  /** UUID. */
  thread_id: string;
  /** ISO time. */
  created_at: string;
  /** ISO time of the last change. */
  updated_at: string;
  /** Caller's metadata plus `graph_id` / `assistant_id` once a run used it. */
  metadata: Record<string, unknown>;
  /** `idle`, `busy`, `interrupted` or `error`. */
  status: ThreadStatus;
  /** The state values after the last run. */
  values: unknown;
  /** Pending interrupts by task id (the Agent Server's shape). */
  interrupts: Record<string, Array<{ value: unknown; id: string | null }>>;
  /** Run config the thread was created with. */
  config: Record<string, unknown>;
}

/**
 * Threads of an environment, one JSON file each under `<env>/server/threads/` (their
 * checkpoints are in the environment's checkpointer): they survive a server restart. Writes of
 * one thread are serialized within the server process and atomic on disk.
 */
export class ThreadStore {
  readonly #dir: string;
  readonly #cache = new Map<string, Thread>();
  #chain = new Map<string, Promise<unknown>>();

  /** @param layout - the environment */
  constructor(layout: EnvironmentLayout) {
    this.#dir = path.join(layout.dir, 'server', 'threads');
  }

  /** The thread, or undefined. */
  async get(threadId: string): Promise<Thread | undefined> {
    const cached = this.#cache.get(threadId);
    if (cached) return cached;
    try {
      const thread = JSON.parse(await readFile(this.#file(threadId), 'utf8')) as Thread;
      this.#cache.set(threadId, thread);
      return thread;
    } catch {
      return undefined;
    }
  }

  /** Writes a new or changed thread. */
  async put(thread: Thread): Promise<Thread> {
    return this.#serial(thread.thread_id, async () => {
      await mkdir(this.#dir, { recursive: true });
      // Atomic (never half a file) but not fsynced: a killed process loses nothing, a power cut
      // may lose the newest status (the checkpoints, in the checkpointer, are the state).
      await writeJsonAtomic(this.#file(thread.thread_id), thread, { fsync: false });
      this.#cache.set(thread.thread_id, thread);
      return thread;
    });
  }

  /** Applies `change` to the stored thread (no-op when it is gone). */
  async update(threadId: string, change: (thread: Thread) => Partial<Thread>): Promise<Thread | undefined> {
    const thread = await this.get(threadId);
    if (!thread) return undefined;
    return this.put({ ...thread, ...change(thread), updated_at: new Date().toISOString() });
  }

  /** Deletes the thread's record (its checkpoints stay until pruned). */
  async delete(threadId: string): Promise<boolean> {
    const existed = (await this.get(threadId)) !== undefined;
    this.#cache.delete(threadId);
    await rm(this.#file(threadId), { force: true });
    return existed;
  }

  /** Every thread, newest first. */
  async all(): Promise<Thread[]> {
    const names = await readdir(this.#dir).catch(() => [] as string[]);
    const threads: Thread[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const thread = await this.get(name.slice(0, -5));
      if (thread) threads.push(thread);
    }
    return threads.sort((a, b) => b.created_at.localeCompare(a.created_at));
  }

  #file(threadId: string): string {
    // The routes accept UUIDs only; this keeps any other caller from naming a path outside the directory.
    if (!THREAD_FILE_ID.test(threadId)) throw deployError('INVALID_ARGUMENT', 'thread_id: expected a UUID', { details: { status: 422, field: 'thread_id' } });
    return path.join(this.#dir, `${threadId}.json`);
  }

  #serial<T>(threadId: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.#chain.get(threadId) ?? Promise.resolve()).then(fn);
    this.#chain.set(
      threadId,
      run.catch(() => undefined),
    );
    return run;
  }
}
