import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from './helpers/cli.js';

describe('output into a pipe closed early', () => {
  it('ends quietly when the reader stops (`exec-automator --help | head -c 10`)', () => {
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" --help | head -c 10`], { encoding: 'utf8' });
    expect(run.stdout).toBe('Usage: exe');
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.stderr).toBe('');
  });
});
