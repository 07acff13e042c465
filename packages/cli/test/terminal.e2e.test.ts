import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, runCli, tempDirs } from './helpers/cli.js';
import { HAS_SCRIPT, runCliInPty } from './helpers/pty.js';

const tempDir = tempDirs();
const ESC = '\u001b';
const BRAILLE_SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
/** A terminal that shows colour and Unicode, outside CI. */
const TERMINAL = { TERM: 'xterm-256color', LANG: 'C.UTF-8' };

/** Text without colour codes. */
function plain(output: string): string {
  // eslint-disable-next-line no-control-regex -- matching the escape character is the point
  return output.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

/** A carriage return that is not the terminal's line ending: a redraw of the status line. */
function redraws(output: string): number {
  return output.split('\r').length - 1 - (output.split('\r\n').length - 1);
}

describe.skipIf(!HAS_SCRIPT)('terminal output of deploy (real CLI under a pseudo-terminal)', () => {
  it('redraws a status line with a spinner, the phase, its elapsed time and counts, then ends in the summary', async () => {
    const root = path.join(await tempDir(), 'root');
    const run = await runCliInPty(['deploy', 'all', '--source', EXAMPLES, '--root', root], TERMINAL);
    expect(run.code, run.output).toBe(0);
    const out = run.output;
    const text = plain(out);
    expect(text).toMatch(new RegExp(`${BRAILLE_SPINNER.source} \\[1/8\\] Pre-Deployment Validation \\d+\\.\\ds`)); // spinner, phase, elapsed time
    expect(text).toMatch(/\d+\.\ds {2}\(\d+\/10\) passed( \(cached from [^)]+\))?: /); // counts of the long step (pre-deployment tests; cached when another test deployed the examples first)
    expect(redraws(out)).toBeGreaterThan(5);
    expect(out).toContain(`${ESC}[32m`); // colour on a terminal
    expect(out).toContain(`${ESC}[?25h`); // the cursor is shown again
    // The summary comes last, after the final redraw, and the whole report is not printed.
    const summary = out.lastIndexOf('SUCCESS');
    expect(summary).toBeGreaterThan(out.search(BRAILLE_SPINNER));
    expect(out.slice(summary)).not.toMatch(BRAILLE_SPINNER);
    const tail = plain(out.slice(summary));
    expect(tail).toMatch(/^SUCCESS {2}deployed 2 workflows to dev in \d+\.\ds/);
    expect(tail).toMatch(/Release +dep-\S+ is current \(good; previous: none\)/);
    expect(tail).toMatch(/Health Checks & Verification +2\/2 workflows healthy/);
    expect(tail).toContain('DEPLOYMENT-STATUS-REPORT.md');
    expect(out).not.toContain('# Workflow Deployment Status Report');
  });

  it('has no escape sequence at all with NO_COLOR, and still redraws the status line', async () => {
    const root = path.join(await tempDir(), 'root');
    const run = await runCliInPty(['deploy', 'all', '--source', EXAMPLES, '--root', root, '--validate-only', '--skip-tests'], { ...TERMINAL, NO_COLOR: '1' });
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toContain(ESC);
    expect(redraws(run.output)).toBeGreaterThan(0);
    expect(run.output).toContain('SUCCESS  validated 2 workflows for dev');
  });

  it('prints plain lines under CI even on a terminal', async () => {
    const root = path.join(await tempDir(), 'root');
    const run = await runCliInPty(['deploy', 'all', '--source', EXAMPLES, '--root', root, '--validate-only', '--skip-tests'], { ...TERMINAL, CI: 'true' });
    expect(run.code, run.output).toBe(0);
    expect(redraws(run.output)).toBe(0);
    expect(run.output).not.toMatch(BRAILLE_SPINNER);
    expect(run.output).toContain('[1/8] Pre-Deployment Validation…\r\n');
  });

  it('uses ASCII marks when the locale is not UTF-8', async () => {
    const root = path.join(await tempDir(), 'root');
    const run = await runCliInPty(['deploy', 'all', '--source', EXAMPLES, '--root', root, '--validate-only', '--skip-tests'], { TERM: 'xterm-256color', LANG: 'C', NO_COLOR: '1' });
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏✓✗→…]/);
    expect(run.output).toMatch(/[|/\\-] \[1\/8\] Pre-Deployment Validation \d+\.\ds/);
    expect(run.output).toContain('  + Pre-Deployment Validation (');
    expect(run.output).toContain('+ SUCCESS  validated 2 workflows');
  });
});

describe('piped output of deploy (real CLI, stdout and stderr are pipes)', () => {
  it('prints one plain line per event on stderr and, with --report, the whole report on stdout', async () => {
    const root = path.join(await tempDir(), 'root');
    const run = await runCli(['deploy', 'all', '--source', EXAMPLES, '--root', root, '--validate-only', '--skip-tests', '--report'], {
      env: { TERM: 'xterm-256color', LANG: 'C.UTF-8', CI: '', NO_COLOR: '' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr).not.toContain(ESC);
    expect(run.stderr.split('\n')).toContain('[1/8] Pre-Deployment Validation…');
    expect(run.stderr).toMatch(/^ {2}✓ Pre-Deployment Validation \(\d+\.\ds\): /m);
    expect(run.stdout.startsWith('# Validation Report')).toBe(true);
    expect(run.stdout).not.toContain(ESC);
  });
});
