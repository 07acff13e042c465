import { readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EnvironmentLayout } from '@exec-automator/core';
import { writeJsonAtomic, assertExecutionId } from '@exec-automator/core/util';
import { processIdentity } from '@exec-automator/core/state';
import { isProcessAlive } from './process-liveness.js';

/**
 * A running execution as `<env>/executions/<execution-id>.json` describes it. The file is how an
 * `invoke` process and a `cancel` process (two CLI runs, or a host app and the CLI) coordinate:
 * `invoke` writes it before the graph starts and removes it once the execution is recorded;
 * `cancel` marks it and kills the runner's process group.
 */
export interface RunningExecution {
  /** Execution id. */
  execution_id: string;
  /** Environment. */
  environment: string;
  /** Workflow name. */
  workflow: string;
  /** Seed workflow id. */
  workflow_id: string;
  /** Release that runs it. */
  release_id: string;
  /** Thread id. */
  thread_id: string;
  /** True when it resumes an interrupted thread. */
  resumed: boolean;
  /** True when chat models are fakes. */
  simulated: boolean;
  /** ISO start time. */
  started_at: string;
  /** Process that invoked it and will record it (the CLI or a host app). */
  owner_pid: number;
  /** The Python runner process; it leads its own process group, which `cancel` kills. */
  runner_pid: number | null;
  /** Host of both processes (pids mean nothing elsewhere). */
  host: string;
  /** Start time of the owner process (`/proc/<pid>/stat` field 22): a reused pid is not the owner. */
  owner_start_time?: string;
  /** Start time of the runner process. */
  runner_start_time?: string;
  /** Boot id when registered: after a reboot neither process runs. */
  boot_id?: string;
  /** Set by `cancel`: the owner records the execution as `cancelled`, not as a crash. */
  cancel_requested_at?: string;
}

/** A registered execution and whether its owner still runs. */
export interface RegisteredExecution extends RunningExecution {
  /** `running` while the owner process lives; `stale` when it died without recording. */
  state: 'running' | 'stale';
}

/** The directory of running-execution files, `<env>/executions`. */
export function executionsDir(layout: EnvironmentLayout): string {
  return path.join(layout.dir, 'executions');
}

/** Execution ids are file names: one path component (`INVALID_ARGUMENT` otherwise). */
function fileFor(layout: EnvironmentLayout, executionId: string): string {
  return path.join(executionsDir(layout), `${assertExecutionId(executionId)}.json`);
}

/** Running executions of one environment (see {@link RunningExecution}). */
export class ExecutionRegistry {
  readonly #layout: EnvironmentLayout;

  /** @param layout - the environment */
  constructor(layout: EnvironmentLayout) {
    this.#layout = layout;
  }

  /** Records that `entry` started. */
  async register(entry: Omit<RunningExecution, 'host' | 'owner_pid'> & Partial<Pick<RunningExecution, 'host' | 'owner_pid'>>): Promise<RunningExecution> {
    const self = processIdentity();
    const runner = entry.runner_pid ? processIdentity(entry.runner_pid) : null;
    const full: RunningExecution = {
      host: os.hostname(),
      owner_pid: process.pid,
      ...(self?.startTime ? { owner_start_time: self.startTime } : {}),
      ...(runner?.startTime ? { runner_start_time: runner.startTime } : {}),
      ...(self?.bootId ? { boot_id: self.bootId } : {}),
      ...entry,
    };
    await writeJsonAtomic(fileFor(this.#layout, full.execution_id), full, { fsync: false });
    return full;
  }

  /** The running execution `executionId`, if registered. */
  async read(executionId: string): Promise<RegisteredExecution | undefined> {
    let text: string;
    try {
      text = await readFile(fileFor(this.#layout, executionId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return withState(JSON.parse(text) as RunningExecution);
    } catch {
      return undefined; // torn by a crash mid-write: treated as absent
    }
  }

  /** Every registered execution, oldest first. */
  async list(): Promise<RegisteredExecution[]> {
    const names = await readdir(executionsDir(this.#layout)).catch(() => [] as string[]);
    const entries = await Promise.all(
      names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => this.read(n.slice(0, -'.json'.length))),
    );
    return entries.filter((e): e is RegisteredExecution => e !== undefined).sort((a, b) => a.started_at.localeCompare(b.started_at));
  }

  /** Marks `executionId` as being cancelled; returns the updated entry, undefined when it is not registered. */
  async requestCancel(executionId: string): Promise<RegisteredExecution | undefined> {
    const entry = await this.read(executionId);
    if (!entry) return undefined;
    const { state: _state, ...stored } = entry;
    const updated: RunningExecution = { ...stored, cancel_requested_at: new Date().toISOString() };
    await writeJsonAtomic(fileFor(this.#layout, executionId), updated, { fsync: false });
    return withState(updated);
  }

  /** Forgets `executionId` (it was recorded in the journal). */
  async remove(executionId: string): Promise<void> {
    await rm(fileFor(this.#layout, executionId), { force: true });
  }
}

function withState(entry: RunningExecution): RegisteredExecution {
  const local = entry.host === os.hostname();
  // An entry of another host cannot be checked from here: it is shown as running.
  return { ...entry, state: !local || isProcessAlive(entry.owner_pid, entry.owner_start_time, entry.boot_id) ? 'running' : 'stale' };
}
