import { describe, expect, it } from 'vitest';
import { detectTerminal, supportsUnicode } from '../src/terminal.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('detectTerminal', () => {
  it('renders live and in colour on a terminal outside CI', () => {
    expect(detectTerminal(tty, { TERM: 'xterm-256color', LANG: 'en_US.UTF-8' }, 'linux')).toEqual({ tty: true, live: true, color: true, unicode: true });
  });

  it('prints plain lines without colour into a pipe', () => {
    expect(detectTerminal(pipe, { TERM: 'xterm-256color', LANG: 'en_US.UTF-8' }, 'linux')).toMatchObject({ live: false, color: false });
  });

  it('prints plain lines under CI, but CI=false or CI=0 is not CI', () => {
    expect(detectTerminal(tty, { CI: 'true' }, 'linux').live).toBe(false);
    expect(detectTerminal(tty, { CI: 'false' }, 'linux').live).toBe(true);
    expect(detectTerminal(tty, { CI: '0' }, 'linux').live).toBe(true);
  });

  it('never uses colour with NO_COLOR set to anything but an empty string', () => {
    expect(detectTerminal(tty, { NO_COLOR: '1' }, 'linux').color).toBe(false);
    expect(detectTerminal(tty, { NO_COLOR: '' }, 'linux').color).toBe(true);
  });

  it('treats TERM=dumb as neither live, coloured nor Unicode', () => {
    expect(detectTerminal(tty, { TERM: 'dumb', LANG: 'C.UTF-8' }, 'linux')).toEqual({ tty: true, live: false, color: false, unicode: false });
  });
});

describe('supportsUnicode', () => {
  it('follows LC_ALL, then LC_CTYPE, then LANG', () => {
    expect(supportsUnicode({ LANG: 'de_DE.UTF-8' }, 'linux')).toBe(true);
    expect(supportsUnicode({ LANG: 'de_DE.utf8' }, 'darwin')).toBe(true);
    expect(supportsUnicode({ LC_ALL: 'C', LANG: 'de_DE.UTF-8' }, 'linux')).toBe(false);
    expect(supportsUnicode({ LC_CTYPE: 'en_US.UTF-8', LANG: 'C' }, 'linux')).toBe(true);
    expect(supportsUnicode({}, 'linux')).toBe(false);
  });

  it('uses ASCII on the classic Windows console and Unicode in Windows Terminal', () => {
    expect(supportsUnicode({ LANG: 'en_US.UTF-8' }, 'win32')).toBe(false);
    expect(supportsUnicode({ WT_SESSION: 'b1c2' }, 'win32')).toBe(true);
  });

  it('uses ASCII on the Linux virtual console', () => {
    expect(supportsUnicode({ TERM: 'linux', LANG: 'C.UTF-8' }, 'linux')).toBe(false);
  });
});
