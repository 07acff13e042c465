import type { Deployer, DeployerEvent } from '@exec-automator/core';

/** Options of {@link attachProgress}. */
export interface ProgressOptions {
  /** Where lines go. Default `process.stderr`. */
  stream?: NodeJS.WritableStream;
  /** Also show phase log lines. */
  verbose?: boolean;
  /** Show nothing. */
  quiet?: boolean;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** One line for an event, or null when the event is not shown. */
export function formatEvent(event: DeployerEvent, verbose = false): string | null {
  switch (event.type) {
    case 'deployment:start': {
      const mode = Object.entries(event.mode).filter(([, on]) => on).map(([name]) => name);
      return `exec-automator ${event.operationId} → ${event.environment}: ${event.workflows.length} workflow(s)${mode.length ? ` [${mode.join(', ')}]` : ''}`;
    }
    case 'phase:start':
      return `[${event.index}/${event.total}] ${event.title}…`;
    case 'phase:progress':
      return `      ${event.current !== undefined ? `(${event.current}/${event.total}) ` : ''}${event.message}`;
    case 'phase:log':
      return verbose || event.level === 'warn' || event.level === 'error' ? `      ${event.level}: ${event.message}` : null;
    case 'phase:complete':
      return `  ✓ ${event.title} (${seconds(event.durationMs)}): ${event.summary}`;
    case 'phase:fail':
      return `  ✗ ${event.title} (${seconds(event.durationMs)}) [${event.error.code}]${event.critical ? '' : ' (non-critical, continuing)'}: ${event.error.message}`;
    case 'phase:skip':
      return `  - ${event.title}: skipped (${event.reason})`;
    case 'phase:plan':
      return [`  → ${event.title} would:`, ...event.actions.map((a) => `      → ${a.description}${a.target ? ` (${a.target})` : ''}`)].join('\n');
    case 'phase:undo':
      return `  ↺ undo ${event.title}: ${event.ok ? 'done' : `failed: ${event.message}`}`;
    case 'python:install':
      return verbose ? `      installed venv ${event.hash} with ${event.installer} in ${seconds(event.durationMs)}` : null;
    case 'release:switch':
      return `  ⇄ current: ${event.from ?? '(none)'} → ${event.to}`;
    case 'release:mark':
      return `  • release ${event.release} marked ${event.status}${event.reason ? `: ${event.reason}` : ''}`;
    case 'rollback:start':
      return `↩ ${event.automatic ? 'automatic ' : ''}rollback ${event.from ?? '(none)'} → ${event.to}: ${event.reason}`;
    case 'rollback:complete':
      return `↩ rollback to ${event.to} ${event.verified ? 'verified' : 'NOT verified'} (${seconds(event.durationMs)})`;
    case 'journal:reconciled':
      return event.actions.map((a) => `  ⚠ reconciled: ${a}`).join('\n');
    case 'deployment:complete':
      return `${event.result.status} in ${seconds(event.result.durationMs)}${event.result.error ? ` [${event.result.error.code}]` : ''}`;
  }
}

/** Writes phase progress for a Deployer's events to stderr. Returns a function that detaches. */
export function attachProgress(deployer: Deployer, options: ProgressOptions = {}): () => void {
  if (options.quiet) return () => undefined;
  const stream = options.stream ?? process.stderr;
  const listener = (event: DeployerEvent): void => {
    const line = formatEvent(event, options.verbose);
    if (line !== null) stream.write(`${line}\n`);
  };
  deployer.on('event', listener);
  return () => deployer.off('event', listener);
}
