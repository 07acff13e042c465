import { describe, expect, it } from 'vitest';
import { code } from '../src/markdown.js';

/** What a CommonMark reader shows for one inline code span written by `code()`. */
function readBack(span: string): string {
  const fence = /^`+/.exec(span)?.[0] ?? '';
  expect(span.endsWith(fence)).toBe(true);
  let inner = span.slice(fence.length, span.length - fence.length);
  // the closing fence must be the first backtick run of exactly that length
  expect(inner.match(/`+/g)?.some((run) => run.length === fence.length) ?? false).toBe(false);
  if (inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '') inner = inner.slice(1, -1);
  return inner;
}

describe('code()', () => {
  it('keeps text with any run of backticks as one code span', () => {
    for (const text of ['plain', 'a `b` c', 'run ``twice`` here', '```fenced```', '`', 'x `` y ` z']) {
      expect(readBack(code(text))).toBe(text);
    }
  });
});
