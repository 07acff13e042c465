import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VALIDATION_CODES } from '../src/validation-codes.js';

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../README.md');

describe('validation codes', () => {
  it('are each documented in the package README with their severity', async () => {
    const text = await readFile(README, 'utf8');
    for (const [code, info] of Object.entries(VALIDATION_CODES)) {
      expect(text, code).toContain(`| \`${code}\` | ${info.severity} |`);
    }
  });
});
