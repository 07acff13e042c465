import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram, renderCliReference } from '@exec-automator/cli';
import { REPO } from './helpers/cli.js';

describe('docs/cli.md', () => {
  it('is exactly what the command definitions generate (run `pnpm run docs:cli` after changing the CLI)', async () => {
    const onDisk = await readFile(path.join(REPO, 'docs', 'cli.md'), 'utf8');
    expect(onDisk).toBe(renderCliReference());
  });

  it('documents every command and every option', () => {
    const text = renderCliReference();
    for (const command of buildProgram().commands) {
      expect(text).toContain(`## \`${command.name()}\``);
      for (const option of command.options) expect(text).toContain(`\`${option.flags}\``);
    }
  });
});
