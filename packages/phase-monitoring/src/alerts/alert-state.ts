import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { deployError, type EnvironmentLayout } from '@exec-automator/core';
import { isAlive } from '@exec-automator/core/state';
import { writeJsonAtomic } from '@exec-automator/core/util';
import type { AlertName } from './alert-definitions.js';

/** One alert episode that was notified (or is being resolved). */
export interface AlertStateEntry {
  /** Alert name. */
  alert: AlertName;
  /** Seed workflow id. */
  workflow_id: string;
  /** Severity. */
  severity: 'critical' | 'warning';
  /** The message sent. */
  summary: string;
  /** The detail sent. */
  description: string;
  /** Observed value when last evaluated. */
  value: number;
  /** Threshold. */
  threshold: number | null;
  /** ISO time the episode started firing. */
  started_at: string;
  /** `firing`, or `resolving` once the condition cleared (until every channel took the resolve). */
  status: 'firing' | 'resolving';
  /** ISO time the condition cleared. */
  resolved_at?: string;
  /** Channels that accepted the firing notification, with the time (never sent again this episode). */
  notified: Record<string, string>;
  /** Channels that accepted the resolve. */
  resolve_notified: Record<string, string>;
  /** The last delivery error per channel (retried on the next run). */
  errors: Record<string, string>;
}

/** `<env>/monitoring-state/alerts-state.json`. */
export interface AlertStateFile {
  /** Format version. */
  version: 1;
  /** Environment. */
  environment: string;
  /** ISO time of the last write. */
  updated_at: string;
  /** Episodes by dedup key. */
  alerts: Record<string, AlertStateEntry>;
}

/** The directory of monitoring state (survives rollbacks: it is outside the releases). */
export function monitoringStateDir(layout: EnvironmentLayout): string {
  return path.join(layout.dir, 'monitoring-state');
}

/** The dedup state file of an environment. */
export function alertStateFile(layout: EnvironmentLayout): string {
  return path.join(monitoringStateDir(layout), 'alerts-state.json');
}

/** Reads the dedup state; an absent or unreadable file is an empty state. */
export async function readAlertState(layout: EnvironmentLayout): Promise<AlertStateFile> {
  try {
    const parsed = JSON.parse(await readFile(alertStateFile(layout), 'utf8')) as AlertStateFile;
    if (parsed && parsed.version === 1 && typeof parsed.alerts === 'object') return parsed;
  } catch {
    // absent or torn: start empty (at worst an alert is sent once more)
  }
  return { version: 1, environment: layout.environment, updated_at: new Date(0).toISOString(), alerts: {} };
}

/** Writes the dedup state atomically. */
export async function writeAlertState(layout: EnvironmentLayout, state: AlertStateFile): Promise<void> {
  await writeJsonAtomic(alertStateFile(layout), { ...state, updated_at: new Date().toISOString() }, { fsync: false });
}

/**
 * Runs `fn` holding `<env>/monitoring-state/.monitor.lock`, so two `monitor` runs (cron
 * overlapping a manual one) never both send the same alert. A lock whose process died is taken
 * over; a live one is waited for up to `waitMs`, then `LOCK_ERROR`.
 */
export async function withMonitorLock<T>(layout: EnvironmentLayout, fn: () => Promise<T>, waitMs = 30_000): Promise<T> {
  const file = path.join(monitoringStateDir(layout), '.monitor.lock');
  await mkdir(path.dirname(file), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      const valid = Number.isInteger(holder) && holder > 0;
      // An empty file is a lock being written right now, unless it is old (its writer crashed).
      const age = Date.now() - ((await stat(file).catch(() => undefined))?.mtimeMs ?? 0);
      if ((valid && !isAlive({ pid: holder })) || (!valid && age > 5000)) {
        await rm(file, { force: true });
        continue;
      }
      if (Date.now() >= deadline) {
        throw deployError('LOCK_ERROR', `Another monitor run (pid ${holder}) holds ${file}.`, { details: { file, pid: holder } });
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
