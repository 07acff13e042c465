import { isDeepStrictEqual } from 'node:util';

/** Reads a dot path (`draft.subject`, `messages.0.content`) from a JSON value. */
export function readPath(value: unknown, dotPath: string): { found: boolean; value: unknown } {
  let current: unknown = value;
  for (const part of dotPath.split('.')) {
    if (current === null || typeof current !== 'object') return { found: false, value: undefined };
    if (Array.isArray(current)) {
      const index = Number(part);
      if (!Number.isInteger(index) || index < 0 || index >= current.length) return { found: false, value: undefined };
      current = current[index];
    } else {
      if (!Object.prototype.hasOwnProperty.call(current, part)) return { found: false, value: undefined };
      current = (current as Record<string, unknown>)[part];
    }
  }
  return { found: true, value: current };
}

/**
 * Partial deep match: every key of `expected` must match in `actual` (objects recursively
 * partial, arrays element-wise with the same length, scalars strictly equal). Returns the
 * mismatches as `path: expected …, got …` lines; empty when it matches.
 */
export function partialMismatches(expected: unknown, actual: unknown, at = ''): string[] {
  const here = at || '(root)';
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [`${here}: expected an object, got ${describe(actual)}`];
    }
    return Object.entries(expected).flatMap(([key, value]) => {
      const child = at ? `${at}.${key}` : key;
      if (!Object.prototype.hasOwnProperty.call(actual, key)) return [`${child}: missing`];
      return partialMismatches(value, (actual as Record<string, unknown>)[key], child);
    });
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${here}: expected an array, got ${describe(actual)}`];
    if (actual.length !== expected.length) return [`${here}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((item, i) => partialMismatches(item, actual[i], at ? `${at}.${i}` : String(i)));
  }
  return isDeepStrictEqual(expected, actual) ? [] : [`${here}: expected ${describe(expected)}, got ${describe(actual)}`];
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
