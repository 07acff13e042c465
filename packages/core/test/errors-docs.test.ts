import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@exec-automator/core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const EXIT = { usage: 2, validation: 3, locked: 4, failure: 1 } as const;

describe('docs/concepts.md error codes', () => {
  it('lists exactly the codes of ERROR_CODES, each with its class and CLI exit code', async () => {
    const text = await readFile(path.join(repo, 'docs', 'concepts.md'), 'utf8');
    const rows = [...text.matchAll(/^\| `([A-Z_]+)` \| (\w+) \((\d)\) \|/gm)].map((m) => [m[1], m[2], Number(m[3])]);
    expect(rows.map((r) => r[0]).sort()).toEqual(Object.keys(ERROR_CODES).sort());
    for (const [code, cls, exit] of rows) {
      const expected = ERROR_CODES[code as keyof typeof ERROR_CODES];
      expect([code, cls, exit]).toEqual([code, expected, EXIT[expected]]);
    }
  });
});
