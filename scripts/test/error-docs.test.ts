import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, errorDocsAnchor } from '@exec-automator/core';
import { exitCodeFor } from '../../packages/cli/src/exit-codes.js';
import { renderErrorReference } from '../error-docs.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('error reference', () => {
  it('docs/errors.md is the catalogue rendered (run `pnpm run docs:errors` after changing it)', async () => {
    expect(await readFile(path.join(repo, 'docs', 'errors.md'), 'utf8')).toBe(renderErrorReference());
  });

  it('gives every code a heading its anchor reaches and the exit code the CLI uses', async () => {
    const doc = await readFile(path.join(repo, 'docs', 'errors.md'), 'utf8');
    for (const code of Object.keys(ERROR_CATALOGUE)) {
      expect(errorDocsAnchor(code)).toBe(`docs/errors.md#${code.toLowerCase()}`);
      expect(doc).toContain(`\n## ${code}\n`);
      expect(doc).toContain(`(exit ${exitCodeFor(code)})`);
    }
  });
});
