import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { EnvironmentLayout } from '../environment/layout.js';
import { HistoryJournal, type HistoryEntry } from '../history/history-journal.js';
import type { ReleaseStore } from '../release/release-store.js';
import { journal } from './journal.js';
import type { Emit } from './operation.js';
import { SwitchJournal, type SwitchIntent } from './switch-journal.js';

/** What the next operation found left by an operation that died, and what it did about it. */
export interface Reconciliation {
  /** The unfinished switch, when one was journaled. */
  intent: SwitchIntent | null;
  /** Whether `current` had moved to the intent's target. */
  switched: boolean | null;
  /** History entries written to complete the record. */
  recorded: HistoryEntry[];
  /** Partial releases (never made current) removed. */
  discarded: string[];
  /** One line per action, for the CLI's output. */
  actions: string[];
}

const INTERRUPTED = 'OPERATION_INTERRUPTED';

/**
 * Run by every deploy and rollback right after it takes the environment's lock (so no other
 * operation is half-way): reconciles what a killed operation left behind.
 *
 * - An unfinished switch intent ({@link SwitchJournal}): when `current` moved to its target but
 *   history lacks the outcome, the outcome is recorded (`PARTIAL`, code `OPERATION_INTERRUPTED`:
 *   switched, not verified) and, for a rollback, the release rolled back from is marked bad as
 *   the rollback would have; when `current` did not move, the failure is recorded and a
 *   deployment's partial release removed.
 * - Releases left `pending` that never became current (a deployment killed before its switch):
 *   removed, with a failure entry each; directories without metadata are removed too.
 *
 * Emits `journal:reconciled` when it did anything; returns null when there was nothing to do.
 */
export async function reconcileEnvironment(layout: EnvironmentLayout, store: ReleaseStore, emit: Emit): Promise<Reconciliation | null> {
  const switches = new SwitchJournal(layout);
  const intent = await switches.pending();
  const current = await store.currentId().catch(() => null);
  const result: Reconciliation = { intent, switched: null, recorded: [], discarded: [], actions: [] };
  if (intent) {
    const history = await new HistoryJournal(layout.history).read();
    const event = intent.operation === 'deploy' ? ['deploy', 'failure'] : ['rollback'];
    // Killed between journaling its outcome and clearing the intent: nothing is missing.
    const done = history.some((e) => e.operationId === intent.operationId && event.includes(e.event) && e.timestamp >= intent.writtenAt);
    result.switched = current === intent.to;
    if (done) result.actions.push(`${intent.operation} ${intent.operationId} had recorded its outcome; its switch intent was cleared`);
    else await completeHistory(intent, current, store, result, layout);
    await switches.clear();
  }
  await removePartialReleases(layout, store, current, intent, result);
  if (result.actions.length === 0) return null;
  emit('journal:reconciled', {
    interruptedOperation: intent?.operationId ?? null,
    switched: result.switched,
    recorded: result.recorded.map((e) => `${e.event} ${e.status} ${e.from ?? '(none)'} → ${e.to ?? '(unchanged)'}`),
    discarded: result.discarded,
    actions: result.actions,
  });
  return result;
}

async function completeHistory(intent: SwitchIntent, current: string | null, store: ReleaseStore, result: Reconciliation, layout: EnvironmentLayout): Promise<void> {
  const who = `${intent.operation} ${intent.operationId}`;
  if (current === intent.to) {
    const reason = `interrupted after the switch to ${intent.to}, before its outcome was recorded (not verified)`;
    const meta = await store.read(intent.to).catch(() => undefined);
    if (meta && !meta.activatedAt) await store.update(intent.to, { activatedAt: intent.writtenAt });
    if (intent.operation === 'rollback' && intent.from && intent.from !== intent.to) {
      await store.mark(intent.from, 'bad', `rolled back: ${intent.reason ?? 'rollback'} (completed after the rollback was interrupted)`).catch(() => undefined);
    }
    if (intent.operation === 'deploy' && meta?.status === 'pending') await store.mark(intent.to, 'pending', reason);
    result.recorded.push(
      await journal(layout, {
        event: intent.operation, operationId: intent.operationId, status: 'PARTIAL', from: intent.from, to: intent.to, code: INTERRUPTED, reason,
        ...(intent.reason && intent.operation === 'rollback' ? { reason: `${intent.reason}; ${reason}` } : {}),
        ...(intent.automatic !== undefined ? { automatic: intent.automatic } : {}),
        ...(intent.workflows ? { workflows: intent.workflows } : {}),
      }),
    );
    result.actions.push(`${who} was interrupted after switching current to ${intent.to}: history completed (PARTIAL, not verified)`);
    return;
  }
  const unchanged = current === intent.from;
  const reason = unchanged ? `interrupted before the switch to ${intent.to}; current stayed ${intent.from ?? '(none)'}` : `interrupted; current is ${current ?? '(none)'}, neither ${intent.from ?? '(none)'} nor ${intent.to}`;
  result.recorded.push(
    await journal(layout, {
      event: intent.operation === 'deploy' ? 'failure' : 'rollback', operationId: intent.operationId, status: 'FAILED',
      from: intent.from, to: intent.operation === 'deploy' ? null : current, code: INTERRUPTED, reason,
      ...(intent.automatic !== undefined ? { automatic: intent.automatic } : {}),
      ...(intent.workflows ? { workflows: intent.workflows } : {}),
    }),
  );
  result.actions.push(`${who} was ${reason}: history completed (FAILED)`);
}

async function removePartialReleases(layout: EnvironmentLayout, store: ReleaseStore, current: string | null, intent: SwitchIntent | null, result: Reconciliation): Promise<void> {
  const releases = await store.list();
  for (const release of releases) {
    if (release.id === current || release.status !== 'pending' || release.activatedAt) continue;
    await store.discard(release.id);
    result.discarded.push(release.id);
    if (intent?.operation === 'deploy' && intent.to === release.id) {
      result.actions.push(`removed the partial release ${release.id}`);
      continue;
    }
    result.recorded.push(
      await journal(layout, {
        event: 'failure', operationId: release.id, status: 'FAILED', from: current, to: null, code: INTERRUPTED,
        reason: 'interrupted before its switch; its partial release was removed',
        workflows: release.workflows.map((w) => w.name),
      }),
    );
    result.actions.push(`deploy ${release.id} was interrupted before its switch: partial release removed, failure recorded`);
  }
  const known = new Set(releases.map((r) => r.id));
  for (const name of await readdir(layout.releasesDir).catch(() => [] as string[])) {
    if (known.has(name) || name.startsWith('.') || name === current) continue;
    await rm(path.join(layout.releasesDir, name), { recursive: true, force: true });
    result.actions.push(`removed ${name}, a release directory without metadata`);
  }
}
