import type { DeployerEvent } from '@exec-automator/core';
import { formatEvent } from './format-event.js';
import { seconds, stripAnsi, type Style } from './style.js';

/** Options of {@link LiveRenderer}. */
export interface LiveRendererOptions {
  /** Print log lines and every progress message above the status line. */
  verbose?: boolean;
  /** Redraw interval in milliseconds. Default 80. */
  intervalMs?: number;
}

interface ActivePhase {
  phase: string;
  label: string;
  startedAt: number;
  detail: string;
}

/**
 * The terminal view of a running operation: lines of finished steps scroll up, and one status
 * line at the bottom shows the phase that runs now, a spinner, its elapsed time and the latest
 * progress (`(4/10) passed: …`). The status line is redrawn with a carriage return and padding,
 * never wider than the terminal, so no escape sequence is needed unless colour is on (then the
 * cursor is also hidden while the spinner runs).
 */
export class LiveRenderer {
  readonly #stream: NodeJS.WritableStream & { columns?: number };
  readonly #style: Style;
  readonly #verbose: boolean;
  readonly #intervalMs: number;
  #active: ActivePhase | undefined;
  #timer: NodeJS.Timeout | undefined;
  #frame = 0;
  #drawn = 0;
  #stopped = false;
  readonly #restoreCursor = (): void => {
    this.#stream.write('\u001b[?25h');
  };

  /**
   * @param stream - the terminal (stderr)
   * @param style - colours and marks
   * @param options - verbosity and redraw interval
   */
  constructor(stream: NodeJS.WritableStream & { columns?: number }, style: Style, options: LiveRendererOptions = {}) {
    this.#stream = stream;
    this.#style = style;
    this.#verbose = options.verbose ?? false;
    this.#intervalMs = options.intervalMs ?? 80;
  }

  /** Updates the view for one event. */
  handle(event: DeployerEvent): void {
    if (this.#stopped) return;
    switch (event.type) {
      case 'phase:start':
        this.#active = { phase: event.phase, label: `[${event.index}/${event.total}] ${event.title}`, startedAt: Date.now(), detail: '' };
        this.#start();
        this.#draw();
        return;
      case 'phase:progress':
        if (this.#active?.phase === event.phase) {
          this.#active.detail = `${event.current !== undefined ? `(${event.current}/${event.total}) ` : ''}${event.message}`.replace(/\s+/g, ' ');
        }
        if (this.#verbose) this.print(formatEvent(event, true, this.#style) ?? '');
        else this.#draw();
        return;
      case 'phase:complete':
      case 'phase:fail':
      case 'phase:skip':
        if (this.#active?.phase === event.phase) this.#active = undefined;
        break;
      case 'deployment:complete':
        // The command prints the outcome (summary or JSON) itself.
        this.stop();
        return;
      default:
        break;
    }
    const line = formatEvent(event, this.#verbose, this.#style);
    if (line !== null) this.print(line);
    else this.#draw();
  }

  /** Prints `line` above the status line. */
  print(line: string): void {
    this.#clear();
    this.#stream.write(`${line}\n`);
    this.#draw();
  }

  /** Clears the status line and stops the spinner; nothing is drawn afterwards. */
  stop(): void {
    if (this.#stopped) return;
    this.#clear();
    this.#stopped = true;
    this.#active = undefined;
    if (this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      if (this.#style.color) {
        this.#restoreCursor();
        process.off('exit', this.#restoreCursor);
      }
    }
  }

  #start(): void {
    if (this.#timer) return;
    if (this.#style.color) {
      this.#stream.write('\u001b[?25l');
      // A process that exits mid-phase (a second Ctrl-C) must not leave the cursor hidden.
      process.once('exit', this.#restoreCursor);
    }
    this.#timer = setInterval(() => {
      this.#frame = (this.#frame + 1) % this.#style.symbols.spinner.length;
      this.#draw();
    }, this.#intervalMs);
    this.#timer.unref();
  }

  #clear(): void {
    if (this.#drawn === 0) return;
    this.#stream.write(`\r${' '.repeat(this.#drawn)}\r`);
    this.#drawn = 0;
  }

  #draw(): void {
    if (this.#stopped) return;
    const active = this.#active;
    if (!active) {
      this.#clear();
      return;
    }
    // A pseudo-terminal without a size reports 0 columns.
    const width = Math.max(20, (this.#stream.columns || 80) - 1);
    const spinner = this.#style.symbols.spinner[this.#frame] ?? '';
    const elapsed = seconds(Date.now() - active.startedAt);
    const head = `${spinner} ${active.label} ${elapsed}`;
    let label = active.label;
    let detail = active.detail;
    if (head.length > width) {
      label = truncate(label, Math.max(1, width - spinner.length - elapsed.length - 2), this.#style.symbols.ellipsis);
      detail = '';
    } else detail = detail ? truncate(detail, width - head.length - 2, this.#style.symbols.ellipsis) : '';
    const plain = `${spinner} ${label} ${elapsed}${detail ? `  ${detail}` : ''}`;
    const painted = `${this.#style.cyan(spinner)} ${this.#style.bold(label)} ${this.#style.dim(elapsed)}${detail ? `  ${detail}` : ''}`;
    const visible = stripAnsi(plain).length;
    this.#stream.write(`\r${painted}${' '.repeat(Math.max(0, this.#drawn - visible))}`);
    this.#drawn = Math.max(visible, 0);
  }
}

function truncate(text: string, width: number, ellipsis: string): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width <= ellipsis.length ? text.slice(0, width) : `${text.slice(0, width - ellipsis.length)}${ellipsis}`;
}
