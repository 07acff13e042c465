import { randomBytes } from 'node:crypto';

/** `2026-11-25T03:15:00.123Z` → `20261125T031500123Z`: sortable, safe in file names. */
export function compactTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/**
 * A new operation id that sorts by time: `dep-20261125T031500123Z-3fa2`
 * (`prefix` `rb` for rollbacks).
 */
export function newOperationId(prefix = 'dep', date: Date = new Date()): string {
  return `${prefix}-${compactTimestamp(date)}-${randomBytes(2).toString('hex')}`;
}

/** Milliseconds since `start` (from `performance.now()`), rounded to 0.1 ms. */
export function elapsedMs(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}
