import { VALIDATION_CODES, type ValidationCode } from './validation-codes.js';
import type { ValidationIssue } from './validation-types.js';

/** One finding of a check: a coded issue, by default as severe as its code says. */
export type Finding = Omit<ValidationIssue, 'check' | 'code'> & {
  /** The defect's code. */
  code: ValidationCode;
  /** Overrides the code's default severity (a non-critical test's timeout is a warning). */
  severity?: 'error' | 'warning';
};

/**
 * Counts checks and collects their findings for one subject (a workflow, or the shared
 * dependency and environment checks), so the report's numbers are the checks actually run.
 */
export class CheckTally {
  /** Checks run. */
  completed = 0;
  /** Checks without an error finding. */
  passed = 0;
  /** Checks with at least one error finding. */
  failed = 0;
  /** Error findings, in the order found. */
  readonly errors: ValidationIssue[] = [];
  /** Warning findings, in the order found. */
  readonly warnings: ValidationIssue[] = [];

  /**
   * Records one check and its findings; it passes when none of them is an error (warnings never
   * fail a check). Returns whether it passed.
   */
  record(check: string, findings: readonly Finding[] = []): boolean {
    this.completed += 1;
    let failed = false;
    for (const { severity, ...finding } of findings) {
      const issue: ValidationIssue = { check, ...finding, section: VALIDATION_CODES[finding.code].section };
      if ((severity ?? VALIDATION_CODES[finding.code].severity) === 'error') {
        failed = true;
        this.errors.push(issue);
      } else {
        this.warnings.push(issue);
      }
    }
    if (failed) this.failed += 1;
    else this.passed += 1;
    return !failed;
  }
}

/** Formats an issue as `[CODE] file:line: message — fix: ...`. */
export function formatIssue(issue: ValidationIssue): string {
  const where = issue.file ? `${issue.file}${issue.line ? `:${issue.line}` : ''}: ` : '';
  return `${issue.code ? `[${issue.code}] ` : ''}${where}${issue.message}${issue.fix ? ` — fix: ${issue.fix}` : ''}`;
}

/**
 * Records checks like a {@link CheckTally} but keeps them for later: static findings are
 * provisional until the dynamic check has loaded the graph. A graph that LangGraph compiles never
 * gets an error-level static finding, so {@link DeferredTally.replay} can demote them.
 */
export class DeferredTally {
  readonly #entries: Array<{ check: string; findings: readonly Finding[] }> = [];

  /** Records one check; returns whether it passed (as {@link CheckTally.record} would). */
  record(check: string, findings: readonly Finding[] = []): boolean {
    this.#entries.push({ check, findings });
    return !findings.some((f) => (f.severity ?? VALIDATION_CODES[f.code].severity) === 'error');
  }

  /** True when a recorded finding is an error. */
  get hasErrors(): boolean {
    return this.#entries.some((e) => e.findings.some((f) => (f.severity ?? VALIDATION_CODES[f.code].severity) === 'error'));
  }

  /**
   * Records every kept check into `tally`. With `demote`, error findings become warnings whose
   * message says LangGraph compiled the graph (static reading can be wrong where it is unsure).
   */
  replay(tally: CheckTally, demote: boolean): void {
    for (const { check, findings } of this.#entries) {
      tally.record(
        check,
        demote
          ? findings.map((f) =>
              (f.severity ?? VALIDATION_CODES[f.code].severity) === 'error'
                ? { ...f, severity: 'warning' as const, message: `${f.message} (LangGraph compiled the graph: reported as a warning)` }
                : f,
            )
          : findings,
      );
    }
  }
}
