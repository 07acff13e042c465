import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Who a process is, as recorded in a lock or a registry file: its pid alone is not enough,
 * since pids are reused and a killed process can linger as a zombie that `kill(pid, 0)` still
 * reports alive. Linux tells a process apart by its start time (`/proc/<pid>/stat` field 22, in
 * clock ticks since boot) within one boot (`/proc/sys/kernel/random/boot_id`).
 */
export interface ProcessIdentity {
  /** Process id. */
  pid: number;
  /** Host name: a pid means nothing on another host. */
  host: string;
  /** Start time in clock ticks since boot (`/proc/<pid>/stat` field 22); absent without `/proc`. */
  startTime?: string;
  /** The kernel's boot id; absent without `/proc`. A different boot id means every recorded process is gone. */
  bootId?: string;
}

/** What `/proc/<pid>/stat` says about a process. */
export interface ProcStat {
  /** One-letter state (`R`, `S`, `D`, `Z` zombie, `X` dead, …). */
  state: string;
  /** Parent pid. */
  ppid: number;
  /** Process group id. */
  pgrp: number;
  /** Start time in clock ticks since boot. */
  startTime: string;
}

/**
 * Parses `/proc/<pid>/stat` (the command name in field 2 may hold spaces and parentheses, so the
 * fields are counted from its last `)`). Returns null when there is no such process or no `/proc`.
 */
export function readProcStat(pid: number): ProcStat | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const close = text.lastIndexOf(')');
  if (close === -1) return null;
  // Fields from 3 on: index 0 is field 3 (state), so field N is index N - 3.
  const fields = text.slice(close + 2).trim().split(/\s+/);
  const state = fields[0];
  const startTime = fields[19];
  if (state === undefined || startTime === undefined) return null;
  return { state, ppid: Number(fields[1]), pgrp: Number(fields[2]), startTime };
}

let cachedBootId: string | null | undefined;

/** The kernel's boot id, or undefined where there is none (not Linux). */
export function bootId(): string | undefined {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      cachedBootId = null;
    }
  }
  return cachedBootId ?? undefined;
}

/** True when a process with `pid` exists by `kill(pid, 0)` (EPERM: it exists but belongs to someone else). */
function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The identity of process `pid` on this host now (default: this process); null when it does not exist. */
export function processIdentity(pid: number = process.pid): ProcessIdentity | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const stat = readProcStat(pid);
  const boot = bootId();
  if (stat === null) {
    // No /proc entry: gone on Linux; elsewhere liveness is all that can be known.
    if (boot !== undefined || !signalable(pid)) return null;
    return { pid, host: os.hostname() };
  }
  return { pid, host: os.hostname(), startTime: stat.startTime, ...(boot ? { bootId: boot } : {}) };
}

/**
 * Why the process `recorded` names is dead, or null when it may still run. Dead means: the
 * machine rebooted since (boot id differs), the pid is gone, the pid is a zombie (killed, not yet
 * reaped: common where pid 1 is no init), or the pid now belongs to another process (start time
 * differs). A record from another host is never judged dead: null.
 */
export function deadReason(recorded: Partial<ProcessIdentity> & { pid: number }): string | null {
  if (recorded.host !== undefined && recorded.host !== os.hostname()) return null;
  if (!Number.isInteger(recorded.pid) || recorded.pid <= 0) return `pid ${String(recorded.pid)} is not a process id`;
  const boot = bootId();
  if (recorded.bootId !== undefined && boot !== undefined && recorded.bootId !== boot) {
    return `the machine rebooted since process ${recorded.pid} took it (boot id changed)`;
  }
  const stat = readProcStat(recorded.pid);
  if (stat === null) {
    if (boot !== undefined) return `process ${recorded.pid} is not running`;
    return signalable(recorded.pid) ? null : `process ${recorded.pid} is not running`;
  }
  if (stat.state === 'Z' || stat.state === 'X') return `process ${recorded.pid} is a zombie (it exited and was never reaped)`;
  if (recorded.startTime !== undefined && recorded.startTime !== stat.startTime) {
    return `pid ${recorded.pid} now belongs to another process (start time ${stat.startTime}, recorded ${recorded.startTime})`;
  }
  return null;
}

/** True when the process `recorded` names may still run (see {@link deadReason}). */
export function isAlive(recorded: Partial<ProcessIdentity> & { pid: number }): boolean {
  return deadReason(recorded) === null;
}
