import type { ValidationIssue } from '@exec-automator/core';

/**
 * Counts checks and collects their findings for one subject (a workflow, or the shared
 * dependency and environment checks), so the report's numbers are the checks actually run.
 */
export class CheckTally {
  completed = 0;
  passed = 0;
  failed = 0;
  readonly errors: ValidationIssue[] = [];
  readonly warnings: ValidationIssue[] = [];

  /** Records one check: passed when `errors` is empty; warnings never fail it. */
  record(check: string, errors: Array<Omit<ValidationIssue, 'check'>>, warnings: Array<Omit<ValidationIssue, 'check'>> = []): boolean {
    this.completed += 1;
    if (errors.length === 0) this.passed += 1;
    else this.failed += 1;
    this.errors.push(...errors.map((e) => ({ check, ...e })));
    this.warnings.push(...warnings.map((w) => ({ check, ...w })));
    return errors.length === 0;
  }
}

/** Formats an issue as `file:line: message (fix: ...)`. */
export function formatIssue(issue: ValidationIssue): string {
  const where = issue.file ? `${issue.file}${issue.line ? `:${issue.line}` : ''}: ` : '';
  return `${where}${issue.message}${issue.fix ? ` — fix: ${issue.fix}` : ''}`;
}
