import path from 'node:path';
import type { PhaseOutcome, PlannedAction } from '@exec-automator/core';
import { countIssues } from './common-sections.js';
import type { DiskEstimate } from './disk-estimate.js';
import { code, FOOTER, humanBytes, lines, mark, plural, sections } from './markdown.js';
import type { DeploymentSnapshot } from './snapshot.js';
import { issueSection } from './validation-report.js';

/** Input of {@link renderDryRunReport}. */
export interface DryRunReportInput {
  /** The dry-run: outcomes carry each phase's `plan`. */
  snapshot: DeploymentSnapshot;
  /** Disk estimate (see `estimateDisk`). */
  disk: DiskEstimate;
  /** The command that deploys for real. */
  deployCommand?: string;
  /** Measured durations (ms) of earlier successful deployments to this environment, newest last. */
  pastDurationsMs?: readonly number[];
}

/** A risk level with its reason. */
export interface RiskAssessment {
  /** Level. */
  level: 'Low' | 'Medium' | 'High' | 'Not assessed';
  /** Why. */
  reason: string;
}

/** The risk of deploying for real, from the validation findings and the dry-run's own failures. */
export function assessRisk(snapshot: Pick<DeploymentSnapshot, 'validation' | 'phases' | 'failure'>): RiskAssessment {
  const failed = snapshot.phases.filter((p) => p.status === 'failed');
  if (snapshot.failure || failed.length) {
    return { level: 'High', reason: `the deployment would stop: ${snapshot.failure?.message ?? failed.map((p) => p.title).join(', ')}` };
  }
  if (!snapshot.validation) return { level: 'Not assessed', reason: 'no validation report' };
  const errors = countIssues(snapshot, 'errors');
  if (errors || !snapshot.validation.deployment_approved) return { level: 'High', reason: `${plural(errors, 'validation error')}` };
  const warnings = countIssues(snapshot, 'warnings');
  if (warnings) return { level: 'Medium', reason: `all validations passed with ${plural(warnings, 'warning')}` };
  return { level: 'Low', reason: 'all validations passed' };
}

/** What the plans would change, counted. */
export interface PlanCounts {
  /** Planned actions in all phases. */
  actions: number;
  /** Distinct files written or copied. */
  files: number;
  /** Distinct JSON files under a `configs` directory. */
  configs: number;
  /** Directories created. */
  directories: number;
  /** Symlinks created or switched. */
  symlinks: number;
}

/** Counts the planned actions of `phases`. */
export function countPlan(phases: readonly PhaseOutcome[]): PlanCounts {
  const actions = phases.flatMap((p) => p.plan ?? []);
  const files = new Set(actions.filter((a) => (a.kind === 'write-file' || a.kind === 'copy-file') && a.target).map((a) => a.target as string));
  const configs = [...files].filter((f) => f.endsWith('.json') && f.split(path.sep).includes('configs'));
  return {
    actions: actions.length,
    files: files.size,
    configs: configs.length,
    directories: actions.filter((a) => a.kind === 'create-dir').length,
    symlinks: actions.filter((a) => a.kind === 'symlink').length,
  };
}

/**
 * What a dry-run or validate-only run does run: validation imports each workflow module to
 * compile its graph, so module-level code executes (with the working directory in a scratch
 * directory). Printed in both reports so "no changes" is not read as "no code ran".
 */
export const IMPORT_NOTE =
  'Note: validation imported each workflow module to compile its graph, so module-level code ran (in the validation venv, with the working directory in a scratch directory removed afterwards, and without secrets). Nothing was written to the environment.';

/**
 * The seed's "Deployment Dry-Run Report": every phase's planned actions, counts of what would
 * change, a disk estimate and a risk level. Rendered from outcomes alone; nothing is written.
 */
export function renderDryRunReport(input: DryRunReportInput): string {
  const { snapshot: s, disk } = input;
  const counts = countPlan(s.phases);
  const risk = assessRisk(s);
  const validatePhase = s.phases.find((p) => p.name === 'validate') ?? s.phases.find((p) => p.kind === 'check');
  const sizeNote = [
    `planned file sizes ${humanBytes(disk.plannedBytes)}`,
    `source files ${humanBytes(disk.sourceBytes)}`,
    disk.unsized ? `${plural(disk.unsized, 'action')} of unknown size not included` : '',
    disk.includesInstall ? 'Python packages of the virtual environment not included' : '',
  ].filter(Boolean);
  return sections(
    lines(
      '# Deployment Dry-Run Report',
      '',
      `**Environment:** ${s.environment}`,
      `**Dry-Run Date:** ${s.startedAt}`,
      `**Workflows to Deploy:** ${s.workflows.length}${s.workflows.length ? ` (${s.workflows.map((w) => w.name).join(', ')})` : ''}`,
      `**Source:** ${code(s.sourceDir)}`,
      `**Target:** ${code(s.envDir)}`,
    ),
    lines(
      '## Deployment Plan',
      '',
      'The following actions WOULD be performed:',
      '',
      s.phases
        // A report phase shows up when it planned writes of its own (the status report).
        .filter((p) => p.kind !== 'report' || p.status === 'planned')
        .map((p) => phaseBlock(p, p === validatePhase ? s : undefined))
        .join('\n\n'),
    ),
    lines(
      '## Summary of Changes',
      '',
      `- **Workflows:** ${s.workflows.length}`,
      `- **Configuration files:** ${counts.configs}`,
      `- **Files written or copied:** ${counts.files}`,
      `- **Directories created:** ${counts.directories}`,
      `- **Symlinks created or switched:** ${counts.symlinks}`,
      `- **Planned actions:** ${counts.actions}`,
    ),
    lines(
      '## Estimated Impact',
      '',
      durationLine(input.pastDurationsMs ?? [], s.environment),
      `- **Disk Space Required:** ~${humanBytes(disk.bytes)} (estimate: ${sizeNote.join('; ')})`,
      '- **API Calls:** 0 (dry-run mode)',
      `- **Risk Level:** ${risk.level} (${risk.reason})`,
    ),
    lines(
      '**This was a DRY-RUN. No actual changes were made.**',
      '',
      IMPORT_NOTE,
      '',
      input.deployCommand && `To deploy for real, run: ${code(input.deployCommand)}\n`,
      FOOTER,
    ),
  );
}

/**
 * The expected duration, from measurement only: the median of earlier successful deployments to
 * the environment (the last five). Without any, the line is left out rather than guessed.
 */
function durationLine(past: readonly number[], environment: string): string | undefined {
  const recent = past.slice(-5);
  if (recent.length === 0) return undefined;
  const sorted = [...recent].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  const basis = recent.length === 1 ? `the last deployment to ${environment}` : `median of the last ${recent.length} deployments to ${environment}`;
  return `- **Deployment Duration:** ~${Math.max(1, Math.round(median / 1000))} seconds (${basis})`;
}

function phaseBlock(p: PhaseOutcome, withValidation: DeploymentSnapshot | undefined): string {
  const body: string[] = [];
  if (p.status === 'planned') body.push(...(p.plan ?? []).map(actionLine));
  else if (p.status === 'skipped') body.push(`— Skipped: ${p.summary}`);
  else if (p.status === 'failed') body.push(`✗ Failed: ${p.summary}`);
  else body.push(`✓ ${p.summary}`);
  if (withValidation?.validation) body.push(...validationLines(withValidation));
  if (p.status === 'planned' && !p.plan?.length) body.push('— Nothing to do');
  return lines(`### ${p.title}`, '', ...body.map((line) => `- ${line}`));
}

function actionLine(a: PlannedAction): string {
  const size = typeof a.bytes === 'number' ? `, ~${humanBytes(a.bytes)}` : '';
  return `→ ${a.description}${a.target ? ` (${code(a.target)}${size})` : size ? ` (${size.slice(2)})` : ''}`;
}

function validationLines(s: DeploymentSnapshot): string[] {
  const v = s.validation;
  if (!v) return [];
  const configs = s.workflows.filter((w) => w.agentConfigFileName).length;
  const failedWorkflows = v.workflows_validated.filter((w) => w.validation_status === 'failed').length;
  const configErrors = [...v.workflows_validated.flatMap((w) => w.errors), ...(v.global_errors ?? [])].filter(
    (e) => issueSection(e.check) === 'configuration',
  ).length;
  return [
    `${mark(failedWorkflows === 0)} Validate ${plural(v.workflows_validated.length, 'workflow file')}${failedWorkflows ? ` (${failedWorkflows} failed)` : ''}`,
    `${mark(configErrors === 0)} Validate ${plural(configs, 'agent configuration')}${configErrors ? ` (${plural(configErrors, 'error')})` : ''}`,
    `${mark(v.dependencies_validated)} Check dependencies`,
    `${mark(v.environment_validated)} Verify environment variables`,
    v.tests_skipped
      ? '— Pre-deployment tests skipped'
      : `${mark(v.tests_failed === 0)} Run ${plural(v.tests_executed, 'pre-deployment test')} (${v.tests_passed} passed)`,
  ];
}
