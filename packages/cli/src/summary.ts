import path from 'node:path';
import type { DeploymentResult, PhaseOutcome } from '@exec-automator/core';
import { seconds, type Style } from './style.js';

/** A path as the user typed it best: relative to the working directory when it lies inside it. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function phaseCounts(phases: readonly PhaseOutcome[]): string {
  const order: Array<PhaseOutcome['status']> = ['succeeded', 'failed', 'planned', 'skipped'];
  return order
    .map((status) => [status, phases.filter((p) => p.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
}

function headline(result: DeploymentResult, style: Style): string {
  const s = style.symbols;
  const workflows = plural(result.workflows.length, 'workflow');
  const took = seconds(result.durationMs);
  if (result.status === 'FAILED') {
    const failed = result.phases.find((p) => p.status === 'failed' && p.critical);
    const where = failed ? ` at ${failed.title}` : '';
    return `${style.red(`${s.fail} FAILED`)}  ${result.mode.validateOnly ? 'validation of' : result.mode.dryRun ? 'dry run of' : 'deployment of'} ${workflows} to ${result.environment} stopped${where} after ${took}${result.error ? ` [${result.error.code}]` : ''}`;
  }
  const status = result.status === 'SUCCESS' ? style.green(`${s.ok} SUCCESS`) : style.yellow(`${s.fail} PARTIAL`);
  if (result.mode.validateOnly) return `${status}  validated ${workflows} for ${result.environment} in ${took}; nothing deployed`;
  if (result.mode.dryRun) return `${status}  dry run of ${workflows} to ${result.environment} in ${took}; nothing written`;
  return `${status}  deployed ${workflows} to ${result.environment} in ${took}`;
}

function releaseRow(result: DeploymentResult): string | undefined {
  const release = result.release;
  if (result.rollback) {
    return `${release?.id ?? 'the new release'} failed its checks; rolled back to ${result.rollback.to} (${result.rollback.verified ? 'verified' : 'NOT verified'})`;
  }
  if (!release) return undefined;
  if (release.switched) return `${release.id} is current (${release.status}; previous: ${release.previousId ?? 'none'})`;
  return `${release.id} ${release.status}; current is unchanged (${release.previousId ?? 'none'})`;
}

/**
 * The short outcome of a deployment printed instead of the whole report: status, release,
 * duration, the counts of the checking and verifying phases, and where the reports are.
 */
export function formatDeploySummary(result: DeploymentResult, style: Style, cwd: string = process.cwd()): string {
  const rows: Array<[string, string]> = [];
  const release = releaseRow(result);
  if (release) rows.push(['Release', release]);
  for (const phase of result.phases) {
    const counts = (phase.kind === 'check' || phase.kind === 'verify') && phase.status === 'succeeded';
    const plan = result.mode.dryRun && phase.kind === 'report' && phase.status === 'succeeded';
    if (counts || plan) rows.push([plan ? 'Plan' : phase.title, phase.summary]);
    if (phase.status === 'failed') {
      rows.push([phase.title, `${phase.critical ? 'failed' : 'failed (non-critical)'} [${phase.error?.code ?? 'PHASE_FAILED'}]${phase.critical ? '' : `: ${phase.error?.message.split('\n')[0] ?? ''}`}`]);
    }
  }
  rows.push(['Phases', phaseCounts(result.phases)]);
  const reports = result.reports.map((file) => displayPath(file, cwd));
  if (reports.length > 0) rows.push(['Reports', reports.join('\n')]);
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [headline(result, style)];
  for (const [label, value] of rows) {
    const [first, ...rest] = value.split('\n');
    lines.push(`  ${style.dim(label.padEnd(width))}  ${first}`);
    for (const more of rest) lines.push(`  ${' '.repeat(width)}  ${more}`);
  }
  if (result.mode.validateOnly || result.mode.dryRun) {
    lines.push(`  Note: validation imported each workflow module to compile its graph, so module-level code ran (without secrets, working directory in a scratch directory).`);
  }
  if (result.reportMarkdown) lines.push(style.dim(`  ${result.reports.length > 0 ? 'The full report is in the .md file above; --report prints it.' : '--report prints the full report.'}`));
  return lines.join('\n');
}
