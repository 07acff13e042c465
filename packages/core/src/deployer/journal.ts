import { userInfo } from 'node:os';
import type { EnvironmentLayout } from '../environment/layout.js';
import { HistoryJournal, type HistoryEntry } from '../history/history-journal.js';

/** The user running this process, when the system knows one (some containers have no passwd entry). */
function currentUser(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return process.env.USER || undefined;
  }
}

/**
 * Appends one entry to the environment's history, stamped with the time and the user: the
 * audit trail says when, who, from which release to which, and why.
 */
export async function journal(layout: EnvironmentLayout, entry: Omit<HistoryEntry, 'timestamp' | 'user'>): Promise<HistoryEntry> {
  const user = currentUser();
  const full: HistoryEntry = { ...entry, timestamp: new Date().toISOString(), ...(user ? { user } : {}) };
  await new HistoryJournal(layout.history).append(full);
  return full;
}
