/**
 * The seed's validation report format (`<env>/validation/validation-report-<ts>.json`, and the
 * `VALIDATE_FACTS.validation` fact), written by the validate phase and read by the report phase
 * and hosts. Field names are the seed's (snake_case): this is a file format.
 */

// VALIDATION_CODES is imported for the {@link} in the TSDoc below
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import type { ValidationCode, VALIDATION_CODES, ValidationSection } from './validation-codes.js';

/** One finding of validation, with where it is and how to fix it. */
export interface ValidationIssue {
  /**
   * What kind of defect it is; one code per defect ({@link VALIDATION_CODES}). Always set by
   * `phase-validate`; absent only in reports stored before codes existed.
   */
  code?: ValidationCode;
  /** The report section it is listed in (from its code, {@link VALIDATION_CODES}); absent in reports stored before sections were recorded. */
  section?: ValidationSection;
  /** Check that produced it (`syntax`, `entry-point`, `agent-config.fields`, ...). */
  check: string;
  /** What is wrong. */
  message: string;
  /** File it concerns. */
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** How to fix it. */
  fix?: string;
}

/** Validation of one workflow (the seed's `workflows_validated[]`). */
export interface WorkflowValidation {
  /** `workflow_resp_002`. */
  workflow_id: string;
  /** `workflow-resp_002-member-communication.py`. */
  workflow_file: string;
  /** Outcome. */
  validation_status: 'passed' | 'failed';
  /** Checks run for this workflow. */
  checks_completed: number;
  /** Checks that passed. */
  checks_passed: number;
  /** Checks that failed. */
  checks_failed: number;
  /** Non-blocking findings. */
  warnings: ValidationIssue[];
  /** Blocking findings. */
  errors: ValidationIssue[];
}

/** The seed's validation report. */
export interface ValidationReport {
  /** ISO time. */
  validation_timestamp: string;
  /** Target environment. */
  environment: string;
  /** Per-workflow results. */
  workflows_validated: WorkflowValidation[];
  /** Python and package checks passed. */
  dependencies_validated: boolean;
  /** Required variables present. */
  environment_validated: boolean;
  /** Pre-deployment test cases run. */
  tests_executed: number;
  /** Passed. */
  tests_passed: number;
  /** Failed. */
  tests_failed: number;
  /** True when tests were skipped on request (`--skip-tests`). */
  tests_skipped?: boolean;
  /** Passing results reused (not run again) because the workflow, its modules, its venv and the case are unchanged. */
  tests_cached?: number;
  /** The deployments those reused results came from. */
  tests_cached_from?: string[];
  /** Findings that concern no single workflow (dependencies, environment). */
  global_errors?: ValidationIssue[];
  /** Warnings that concern no single workflow. */
  global_warnings?: ValidationIssue[];
  /** Python version of the interpreter validation ran with. */
  python_version?: string;
  /** Installed version of each required project (null: not installed). */
  package_versions?: Record<string, string | null>;
  /** The variables the deployment needs, `SET` or `NOT SET` (never a value). */
  environment_variables?: Record<string, 'SET' | 'NOT SET'>;
  /** Everything required passed. */
  deployment_approved: boolean;
}
