import type { Deployer, DeployerEvent } from '@exec-automator/core';
import { formatEvent } from './format-event.js';
import { LiveRenderer } from './live-renderer.js';
import { createStyle } from './style.js';
import { detectTerminal, type TerminalInfo } from './terminal.js';

/** Options of {@link attachProgress}. */
export interface ProgressOptions {
  /** Where progress goes. Default `process.stderr`. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Also show phase log lines and every progress message. */
  verbose?: boolean;
  /** Show nothing. */
  quiet?: boolean;
  /** What the stream can do. Default: detected from the stream and the environment ({@link detectTerminal}). */
  terminal?: TerminalInfo;
}

/** A progress display attached to a Deployer. */
export interface Progress {
  /** Prints a line above the live status (or as a plain line). */
  note(line: string): void;
  /** Stops listening and clears the live status line; safe to call twice. */
  detach(): void;
}

/**
 * Shows a Deployer's progress on stderr: on a terminal a live status line (the current phase
 * with a spinner, its elapsed time and the counts of long steps) under the lines of finished
 * steps; elsewhere (a pipe, a file, `CI`, `TERM=dumb`) one plain line per event. Colour only on a
 * terminal and never with `NO_COLOR`; ASCII marks where Unicode cannot be shown.
 */
export function attachProgress(deployer: Deployer, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { note: () => undefined, detach: () => undefined };
  const terminal = options.terminal ?? detectTerminal(stream);
  const style = createStyle(terminal);
  const verbose = options.verbose ?? false;
  const live = terminal.live ? new LiveRenderer(stream, style, { verbose }) : undefined;
  const listener = (event: DeployerEvent): void => {
    if (live) live.handle(event);
    else {
      const line = formatEvent(event, verbose, style);
      if (line !== null) stream.write(`${line}\n`);
    }
  };
  deployer.on('event', listener);
  let attached = true;
  return {
    note(line) {
      if (live) live.print(line);
      else stream.write(`${line}\n`);
    },
    detach() {
      if (!attached) return;
      attached = false;
      deployer.off('event', listener);
      live?.stop();
    },
  };
}
