import { type SerializedDeployError } from '@exec-automator/core';
import type { ValidationIssue, ValidationReport } from '@exec-automator/phase-validate';
import { code, FOOTER, lines, mark, plural, sections, table } from './markdown.js';

/**
 * Validation runs code: it imports each workflow module to compile its graph. Said in every
 * validation report, so "validate-only changes nothing" is not read as "runs nothing".
 */
export const VALIDATION_IMPORT_NOTE =
  'Note: validation imported each workflow module to compile its graph, so module-level code ran (in the validation venv, without secrets; in dry-run and validate-only runs with the working directory in a scratch directory removed afterwards).';

/** Input of {@link renderValidationReport}. */
export interface ValidationReportInput {
  /** The validation report; undefined when validation could not produce one. */
  validation: ValidationReport | undefined;
  /** Environment. */
  environment: string;
  /** ISO time, used when there is no report. */
  generatedAt: string;
  /** The failure that stopped the operation, if any. */
  failure?: SerializedDeployError;
  /** Command that deploys these workflows (shown when validation passed). */
  deployCommand?: string;
  /** Set after a failed deployment: adds the "Deployment stopped" note. */
  stopped?: boolean;
}

/** The seed's validation sections, in its order. */
type Section = 'workflow' | 'configuration' | 'dependencies' | 'environment' | 'tests';

/** Which section a check belongs to, from its name (`agent-config.required-fields` → configuration). */
export function issueSection(check: string): Section {
  if (/^(agent-config|config)/.test(check)) return 'configuration';
  if (/^(dependenc|python|requirement|package)/.test(check)) return 'dependencies';
  if (/^(env|secret|variable)/.test(check)) return 'environment';
  if (/^test/.test(check)) return 'tests';
  return 'workflow';
}

/** The section of an issue: as validation recorded it (from its code), else from its check name. */
export function sectionOf(issue: ValidationIssue): Section {
  return issue.section ?? issueSection(issue.check);
}

/** `file:line` of an issue (the workflow file when the issue names none). */
export function issueLocation(issue: ValidationIssue, fallbackFile?: string): string | undefined {
  const file = issue.file ?? fallbackFile;
  if (!file) return undefined;
  return issue.line === undefined ? file : `${file}:${issue.line}`;
}

interface Located {
  issue: ValidationIssue;
  severity: 'error' | 'warning';
  location: string | undefined;
}

/**
 * The seed's "Validation Report" (validate-only mode, and the report of a deployment that
 * validation stopped). Every section is ✓ or ✗ from the real report, and every error is listed
 * with its `file:line`, the check that found it and how to fix it.
 */
export function renderValidationReport(input: ValidationReportInput): string {
  const v = input.validation;
  if (!v) {
    return sections(
      lines('# Validation Report', '', `**Validation Date:** ${input.generatedAt}`, `**Environment:** ${input.environment}`),
      lines(
        '## Validation Summary',
        '',
        '**Overall Status:** ✗ FAILED',
        '',
        `Validation did not produce a report${input.failure ? `: ${input.failure.code}: ${input.failure.message}` : '.'}`,
      ),
      input.stopped && stoppedNote(),
      FOOTER,
    );
  }
  const all = collect(v);
  const errors = all.filter((i) => i.severity === 'error');
  const warnings = all.filter((i) => i.severity === 'warning');
  const of = (section: Section) => all.filter((i) => sectionOf(i.issue) === section);
  const count = v.workflows_validated.length;
  const wfErrors = v.workflows_validated.filter((w) => w.errors.some((e) => sectionOf(e) === 'workflow')).length;
  const checks = v.workflows_validated.reduce((sum, w) => sum + w.checks_completed, 0);
  const passed = v.workflows_validated.reduce((sum, w) => sum + w.checks_passed, 0);
  const configErrors = of('configuration').some((i) => i.severity === 'error');
  return sections(
    lines('# Validation Report', '', `**Validation Date:** ${v.validation_timestamp}`, `**Workflows Validated:** ${count}`, `**Environment:** ${v.environment}`),
    lines(
      '## Validation Results',
      '',
      section('Workflow Syntax Validation',
        wfErrors === 0 ? `✓ All ${count} workflow files passed the syntax and structure checks` : `✗ ${wfErrors} of ${count} workflow files have errors`,
        of('workflow')),
      '',
      section('Configuration Validation', configErrors ? '✗ Agent configurations have errors' : '✓ All agent configurations are valid', of('configuration')),
      '',
      section('Dependency Check', `${mark(v.dependencies_validated)} ${v.dependencies_validated ? 'All dependencies satisfied' : 'Dependencies are not satisfied'}`, of('dependencies'), dependencyLines(v)),
      '',
      section('Environment Validation', `${mark(v.environment_validated)} ${v.environment_validated ? 'All required environment variables present' : 'Required environment variables are missing'}`, of('environment'), environmentLines(v)),
      '',
      section('Test Execution', testsHeadline(v), of('tests')),
      '',
      `### Checks per Workflow\n\n${table(
        ['Workflow', 'File', 'Status', 'Checks Passed', 'Errors', 'Warnings'],
        v.workflows_validated.map((w) => [w.workflow_id, w.workflow_file, `${mark(w.validation_status === 'passed')} ${w.validation_status}`,
          `${w.checks_passed}/${w.checks_completed}`, w.errors.length, w.warnings.length]),
      )}\n\n${passed}/${checks} checks passed in total.`,
    ),
    lines(
      '## Validation Summary',
      '',
      `**Overall Status:** ${v.deployment_approved ? '✓ PASSED' : '✗ FAILED'}`,
      '',
      v.deployment_approved
        ? 'All validations completed successfully. Workflows are ready for deployment.'
        : `Deployment is blocked by ${plural(errors.length, 'error')}; fix ${errors.length === 1 ? 'it' : 'them'} and validate again.`,
      '',
      `**Warnings:** ${warnings.length}`,
      `**Errors:** ${errors.length}`,
    ),
    input.stopped && stoppedNote(),
    lines(VALIDATION_IMPORT_NOTE),
    lines(v.deployment_approved && input.deployCommand && !input.stopped ? `To deploy, run: ${code(input.deployCommand)}\n` : undefined, FOOTER),
  );
}

function collect(v: ValidationReport): Located[] {
  const out: Located[] = [];
  for (const w of v.workflows_validated) {
    for (const issue of w.errors) out.push({ issue, severity: 'error', location: issueLocation(issue, w.workflow_file) });
    for (const issue of w.warnings) out.push({ issue, severity: 'warning', location: issueLocation(issue, w.workflow_file) });
  }
  for (const issue of v.global_errors ?? []) out.push({ issue, severity: 'error', location: issueLocation(issue) });
  for (const issue of v.global_warnings ?? []) out.push({ issue, severity: 'warning', location: issueLocation(issue) });
  return out;
}

function section(title: string, headline: string, issues: Located[], facts: string[] = []): string {
  const items = issues.map(({ issue, severity, location }) =>
    lines(
      `  - ${severity === 'error' ? '✗ **Error**' : '⚠ Warning'}${location ? ` ${code(location)}` : ''}: ${issue.message} (${issue.code ?? issue.check})`,
      issue.fix && `    - Fix: ${issue.fix}`,
    ),
  );
  return lines(`### ${title}`, '', ...facts, `- ${headline}`, ...items);
}

/** "✓ Python 3.11.7 installed", "✓ langgraph 1.0.1 installed" for the seed's key packages. */
function dependencyLines(v: ValidationReport): string[] {
  const out = v.python_version ? [`- ✓ Python ${v.python_version} installed`] : [];
  for (const name of ['langgraph', 'langchain', 'langchain-anthropic', 'langchain-openai', 'mcp']) {
    const version = v.package_versions?.[name];
    if (version !== undefined) out.push(version === null ? `- ✗ ${name} not installed` : `- ✓ ${name} ${version} installed`);
  }
  return out;
}

/** "✓ ANTHROPIC_API_KEY set" per required variable (never a value). */
function environmentLines(v: ValidationReport): string[] {
  return Object.entries(v.environment_variables ?? {}).map(([name, state]) => `- ${mark(state === 'SET')} ${name} ${state === 'SET' ? 'set' : 'NOT SET'}`);
}

function testsHeadline(v: ValidationReport): string {
  if (v.tests_skipped) return '— Pre-deployment tests skipped (--skip-tests)';
  if (v.tests_executed === 0) return '— No pre-deployment test cases found';
  const cached = v.tests_cached ? ` (${v.tests_cached} cached from ${(v.tests_cached_from ?? []).join(', ')}: unchanged workflow, venv and case)` : '';
  return `${mark(v.tests_failed === 0)} ${v.tests_passed}/${v.tests_executed} pre-deployment tests passed${cached}`;
}

function stoppedNote(): string {
  return lines('## Deployment stopped', '', 'Validation failed, so no later phase ran and nothing was written to the environment.');
}
