import { detectTerminal, type StreamLike } from './terminal.js';

/** The marks the CLI prints, in a Unicode and an ASCII form. */
export interface Symbols {
  /** A step succeeded. */
  ok: string;
  /** A step failed. */
  fail: string;
  /** A step was skipped. */
  skip: string;
  /** Something would happen (dry-run), or `from → to`. */
  arrow: string;
  /** A compensation (undo) ran. */
  undo: string;
  /** `current` was switched. */
  switch: string;
  /** A release was marked. */
  mark: string;
  /** A rollback. */
  rollback: string;
  /** Three dots. */
  ellipsis: string;
  /** The prefix of a workflow's own log line. */
  bar: string;
  /** Spinner frames. */
  spinner: readonly string[];
}

/** Marks for terminals that show Unicode. */
export const UNICODE_SYMBOLS: Symbols = {
  ok: '✓',
  fail: '✗',
  skip: '-',
  arrow: '→',
  undo: '↺',
  switch: '⇄',
  mark: '•',
  rollback: '↩',
  ellipsis: '…',
  bar: '│',
  spinner: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'],
};

/** Marks for terminals that cannot show Unicode (Windows console, `TERM=dumb`, a non-UTF-8 locale). */
export const ASCII_SYMBOLS: Symbols = {
  ok: '+',
  fail: 'x',
  skip: '-',
  arrow: '->',
  undo: '<~',
  switch: '<>',
  mark: '*',
  rollback: '<-',
  ellipsis: '...',
  bar: '|',
  spinner: ['|', '/', '-', '\\'],
};

/** Colours and marks for one output stream; every colour is the identity when colour is off. */
export interface Style {
  /** Whether colour (and cursor control) is used. */
  color: boolean;
  /** Whether the marks are Unicode. */
  unicode: boolean;
  /** The marks. */
  symbols: Symbols;
  /** Success. */
  green(text: string): string;
  /** Failure. */
  red(text: string): string;
  /** Warnings, non-critical failures. */
  yellow(text: string): string;
  /** Spinner, commands to run. */
  cyan(text: string): string;
  /** Secondary text (durations, paths). */
  dim(text: string): string;
  /** Titles. */
  bold(text: string): string;
}

function sgr(on: boolean, open: number, close: number): (text: string) => string {
  return on ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text;
}

/** A style with colour and Unicode marks on or off. */
export function createStyle(options: { color: boolean; unicode: boolean }): Style {
  const { color, unicode } = options;
  return {
    color,
    unicode,
    symbols: unicode ? UNICODE_SYMBOLS : ASCII_SYMBOLS,
    green: sgr(color, 32, 39),
    red: sgr(color, 31, 39),
    yellow: sgr(color, 33, 39),
    cyan: sgr(color, 36, 39),
    dim: sgr(color, 2, 22),
    bold: sgr(color, 1, 22),
  };
}

/** The style for `stream` in this process's environment (see {@link detectTerminal}). */
export function styleFor(stream: StreamLike, env: NodeJS.ProcessEnv = process.env): Style {
  return createStyle(detectTerminal(stream, env));
}

/** Plain text of a string that may hold colour codes. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

/** Seconds with one decimal: `11.2s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
