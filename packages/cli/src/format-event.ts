import type { DeployerEvent } from '@exec-automator/core';
import { createStyle, seconds, type Style } from './style.js';

const PLAIN = createStyle({ color: false, unicode: true });

/** One line (or a few) for an event, or null when the event is not shown. Colour and marks come from `style`. */
export function formatEvent(event: DeployerEvent, verbose = false, style: Style = PLAIN): string | null {
  const s = style.symbols;
  switch (event.type) {
    case 'deployment:start': {
      const mode = Object.entries(event.mode).filter(([, on]) => on).map(([name]) => name);
      return `exec-automator ${event.operationId} ${s.arrow} ${event.environment}: ${event.workflows.length} workflow(s)${mode.length ? ` [${mode.join(', ')}]` : ''}`;
    }
    case 'phase:start':
      return `[${event.index}/${event.total}] ${event.title}${s.ellipsis}`;
    case 'phase:progress':
      return `      ${event.current !== undefined ? `(${event.current}/${event.total}) ` : ''}${event.message}`;
    case 'phase:log':
      if (!verbose && event.level !== 'warn' && event.level !== 'error') return null;
      return `      ${event.level === 'error' ? style.red('error') : event.level === 'warn' ? style.yellow('warn') : event.level}: ${event.message}`;
    case 'phase:complete':
      return `  ${style.green(s.ok)} ${event.title} ${style.dim(`(${seconds(event.durationMs)})`)}: ${event.summary}`;
    case 'phase:fail': {
      const mark = event.critical ? style.red(s.fail) : style.yellow(s.fail);
      return `  ${mark} ${event.title} ${style.dim(`(${seconds(event.durationMs)})`)} [${event.error.code}]${event.critical ? '' : ' (non-critical, continuing)'}: ${event.error.message}`;
    }
    case 'phase:skip':
      return style.dim(`  ${s.skip} ${event.title}: skipped (${event.reason})`);
    case 'phase:plan':
      return [`  ${s.arrow} ${event.title} would:`, ...event.actions.map((a) => `      ${s.arrow} ${a.description}${a.target ? ` (${a.target})` : ''}`)].join('\n');
    case 'phase:undo':
      return `  ${s.undo} undo ${event.title}: ${event.ok ? 'done' : `failed: ${event.message}`}`;
    case 'python:install':
      return verbose ? `      installed venv ${event.hash} with ${event.installer} in ${seconds(event.durationMs)}` : null;
    case 'python:start':
      return verbose ? `      started a Python runner (pid ${event.pid ?? '?'}): ${event.python}` : null;
    case 'release:switch':
      return `  ${s.switch} current: ${event.from ?? '(none)'} ${s.arrow} ${event.to}`;
    case 'release:mark':
      return `  ${s.mark} release ${event.release} marked ${event.status === 'bad' ? style.red(event.status) : event.status}${event.reason ? `: ${event.reason}` : ''}`;
    case 'rollback:start':
      return style.yellow(`${s.rollback} ${event.automatic ? 'automatic ' : ''}rollback ${event.from ?? '(none)'} ${s.arrow} ${event.to}: ${event.reason}`);
    case 'rollback:complete':
      return `${s.rollback} rollback to ${event.to} ${event.verified ? 'verified' : 'NOT verified'} (${seconds(event.durationMs)})`;
    case 'journal:reconciled':
      return event.actions.map((a) => style.yellow(`  ${s.mark} reconciled: ${a}`)).join('\n');
    case 'deployment:complete': {
      const status = event.result.status;
      const painted = status === 'SUCCESS' ? style.green(status) : status === 'FAILED' ? style.red(status) : style.yellow(status);
      return `${painted} in ${seconds(event.result.durationMs)}${event.result.error ? ` [${event.result.error.code}]` : ''}`;
    }
  }
}
