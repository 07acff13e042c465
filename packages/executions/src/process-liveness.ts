import { readFile } from 'node:fs/promises';
import { deadReason } from '@exec-automator/core/state';

/**
 * True when the process `pid` (started at `startTime`, `/proc/<pid>/stat` field 22, when
 * recorded) still runs on this host: not gone, not a zombie, not another process under a reused
 * pid. The one liveness check every lock and registry uses ({@link deadReason}).
 */
export function isProcessAlive(pid: number, startTime?: string, bootId?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  return deadReason({ pid, ...(startTime === undefined ? {} : { startTime }), ...(bootId === undefined ? {} : { bootId }) }) === null;
}

/**
 * True when `pid` is alive and, where `/proc` tells, still runs the exec-automator runner: a
 * recorded pid may have been reused by an unrelated process, which must never be signalled.
 * Without `/proc` (macOS) liveness is all that can be checked.
 */
export async function isRunnerProcess(pid: number, startTime?: string): Promise<boolean> {
  if (!isProcessAlive(pid, startTime)) return false;
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('exec_automator_runner');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT' || !process.platform.startsWith('linux');
  }
}

/** Resolves when `pid` is gone or `timeoutMs` passed; true when it is gone. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Sends `signal` to the process group led by `pid` (the runner is started detached); false when there is none. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}
