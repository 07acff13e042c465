/** What the CLI may do on one output stream. */
export interface TerminalInfo {
  /** The stream is a terminal. */
  tty: boolean;
  /** Redraw a live status line (a terminal, not `CI`, not `TERM=dumb`). */
  live: boolean;
  /** Use ANSI colours and cursor control (a terminal, no `NO_COLOR`, not `TERM=dumb`). */
  color: boolean;
  /** The terminal can show Unicode marks (spinner, ✓); ASCII otherwise. */
  unicode: boolean;
}

/** The parts of a stream {@link detectTerminal} looks at. */
export interface StreamLike {
  /** True for a terminal. */
  isTTY?: boolean;
}

/** True when `CI` is set to anything but an empty string, `0` or `false` (how CI services announce themselves). */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** True when `NO_COLOR` is present and not empty (https://no-color.org). */
export function noColorRequested(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

/**
 * Whether the terminal can show Unicode. Windows: only the terminals known to (Windows Terminal,
 * VS Code, ConEmu/Cmder, Alacritty); the classic console cannot. Elsewhere: not with
 * `TERM=dumb` or the Linux virtual console, else when the locale (`LC_ALL`, then `LC_CTYPE`,
 * then `LANG`, the POSIX precedence) names UTF-8.
 */
export function supportsUnicode(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32') {
    return Boolean(env.WT_SESSION) || env.TERM_PROGRAM === 'vscode' || env.ConEmuTask === '{cmd::Cmder}' || env.TERM === 'xterm-256color' || env.TERM === 'alacritty';
  }
  if (env.TERM === 'dumb' || env.TERM === 'linux') return false;
  const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find((value) => value !== undefined && value !== '') ?? '';
  return /utf-?8/i.test(locale);
}

/** What the CLI may do on `stream`, given the environment variables and the platform. */
export function detectTerminal(stream: StreamLike, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): TerminalInfo {
  const tty = stream.isTTY === true;
  const dumb = env.TERM === 'dumb';
  return {
    tty,
    live: tty && !dumb && !isCi(env),
    color: tty && !dumb && !noColorRequested(env),
    unicode: supportsUnicode(env, platform),
  };
}
