import { type EnvironmentName, type WorkflowSpec } from '@exec-automator/core';
import { VALIDATION_CODES } from './validation-codes.js';
import type { ValidationIssue, ValidationReport } from './validation-types.js';
import { type TestCaseResult } from '@exec-automator/core/testing';
import type { CheckTally } from './check-tally.js';

/** What {@link buildValidationReport} assembles. */
export interface ValidationReportInput {
  /** Target environment. */
  environment: EnvironmentName;
  /** The workflows, in report order. */
  workflows: readonly WorkflowSpec[];
  /** Each workflow's checks, by workflow name. */
  tallies: ReadonlyMap<string, CheckTally>;
  /** Checks that concern no single workflow (dependencies, environment, langgraph.json). */
  shared: CheckTally;
  /** The validation venv could be built and checked. */
  dependenciesReady: boolean;
  /** Pre-deployment test results. */
  tests: readonly TestCaseResult[];
  /** Tests were skipped on request. */
  testsSkipped: boolean;
  /** Interpreter version. */
  pythonVersion?: string;
  /** Installed versions of the required projects. */
  packageVersions?: Record<string, string | null>;
  /** SET / NOT SET per required variable. */
  environmentVariables?: Record<string, 'SET' | 'NOT SET'>;
  /** Report time. Default now. */
  now?: Date;
}

/**
 * The seed's validation report from the checks actually run: per workflow the checks completed,
 * passed and failed with their coded errors and warnings; shared findings under
 * `global_errors` / `global_warnings`; `deployment_approved` only when no check found an error.
 */
export function buildValidationReport(input: ValidationReportInput): ValidationReport {
  const { shared, tests } = input;
  const workflows = input.workflows.map((w) => {
    const t = input.tallies.get(w.name);
    return {
      workflow_id: w.workflowId,
      workflow_file: w.relativePath,
      validation_status: !t || t.errors.length === 0 ? ('passed' as const) : ('failed' as const),
      checks_completed: t?.completed ?? 0,
      checks_passed: t?.passed ?? 0,
      checks_failed: t?.failed ?? 0,
      warnings: t?.warnings ?? [],
      errors: t?.errors ?? [],
    };
  });
  // A section is validated only when no error of that section was found anywhere: shared or in
  // a workflow (an import nothing provides is a dependency error of the workflow that imports it).
  const all = [...shared.errors, ...workflows.flatMap((w) => w.errors)];
  const inSection = (e: ValidationIssue, section: string): boolean => (e.code ? VALIDATION_CODES[e.code].section === section : false);
  const environmentValidated = !all.some((e) => e.check.startsWith('env.') || inSection(e, 'environment'));
  const dependenciesValidated =
    input.dependenciesReady && !all.some((e) => /^(python|requirements|dependencies)/.test(e.check) || inSection(e, 'dependencies'));
  return {
    validation_timestamp: (input.now ?? new Date()).toISOString(),
    environment: input.environment,
    workflows_validated: workflows,
    dependencies_validated: dependenciesValidated,
    environment_validated: environmentValidated,
    tests_executed: tests.length,
    tests_passed: tests.filter((t) => t.passed).length,
    tests_failed: tests.filter((t) => !t.passed).length,
    ...(tests.some((t) => t.cachedFrom)
      ? {
          tests_cached: tests.filter((t) => t.cachedFrom).length,
          tests_cached_from: [...new Set(tests.map((t) => t.cachedFrom).filter((f): f is string => f !== undefined))].sort(),
        }
      : {}),
    ...(input.testsSkipped ? { tests_skipped: true } : {}),
    global_errors: shared.errors,
    global_warnings: shared.warnings,
    ...(input.pythonVersion ? { python_version: input.pythonVersion } : {}),
    ...(input.packageVersions ? { package_versions: input.packageVersions } : {}),
    ...(input.environmentVariables ? { environment_variables: input.environmentVariables } : {}),
    deployment_approved: workflows.every((w) => w.errors.length === 0) && shared.errors.length === 0,
  };
}
