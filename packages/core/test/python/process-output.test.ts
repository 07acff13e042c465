import { describe, expect, it } from 'vitest';
import { findPython, runCommand } from '../../src/entries/python.js';

describe('child-process output', () => {
  it('keeps multi-byte characters whole when they straddle two chunks of output', async () => {
    const python = await findPython();
    // 200 000 three- and four-byte characters: the pipe delivers them in 64 KiB chunks, which
    // do not divide by 3 or 4, so characters are split between chunks
    const run = await runCommand(python.executable, ['-c', 'import sys; sys.stdout.write("€" * 200000); sys.stderr.write("\\U0001F600" * 200000)']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('€'.repeat(200_000));
    expect(run.stderr).toBe('😀'.repeat(200_000));
  });

});
