/**
 * The seed's report formats, shared by the phases that write them and the phases and hosts
 * that read them. Field names are the seed's (snake_case): these are file formats.
 */

// VALIDATION_CODES is imported for the {@link} in the TSDoc below
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import type { ValidationCode, VALIDATION_CODES } from './validation-codes.js';

/** One finding of validation, with where it is and how to fix it. */
export interface ValidationIssue {
  /**
   * What kind of defect it is; one code per defect ({@link VALIDATION_CODES}). Always set by
   * `phase-validate`; absent only in reports stored before codes existed.
   */
  code?: ValidationCode;
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

/** The smoke run the health phase made through a running server's API. */
export interface ServerSmokeRun {
  /** Whether it ran (`false`: `detail` says why not). */
  ran: boolean;
  /** Whether it ran on the release being checked and ended `success` or `interrupted`. */
  ok: boolean;
  /** The workflow it ran. */
  workflow: string | null;
  /** The smoke case it repeated. */
  case: string | null;
  /** The execution id the server gave it. */
  execution_id: string | null;
  /** The release the server ran it on. */
  release_id: string | null;
  /** What happened, for a person. */
  detail: string;
}

/** What the health report says of a running server. */
export interface ServerHealth {
  /** Its base URL. */
  url: string;
  /** Its process id. */
  pid: number;
  /** Whether `/ok` answered 200 and, when a smoke run was made, it passed. */
  ok: boolean;
  /** What `/ok` answered. */
  detail: string;
  /** The smoke run through the API (absent when `/ok` did not answer). */
  smoke?: ServerSmokeRun;
}

/** The seed's health report (`monitoring/health-report-<ts>.json`). */
export interface HealthReport {
  /** ISO time. */
  health_check_timestamp: string;
  /** Environment. */
  environment: string;
  /** The release checked. */
  release_id: string;
  /** Overall outcome. */
  overall_status: 'healthy' | 'unhealthy';
  /** Workflows checked. */
  workflows_checked: number;
  /** Healthy workflows. */
  workflows_healthy: number;
  /** Unhealthy workflows. */
  workflows_unhealthy: number;
  /** Smoke tests passed. */
  smoke_tests_passed: number;
  /** Smoke tests failed. */
  smoke_tests_failed: number;
  /** Metrics directory writable and monitoring config present. */
  monitoring_operational: boolean;
  /** A test alert reached every configured channel (false when none is configured). */
  alerts_functional: boolean;
  /** Per-workflow detail. */
  workflows: Array<{
    workflow_id: string;
    status: 'healthy' | 'unhealthy';
    checks_passed: number;
    checks_failed: number;
    checks: Array<{ name: string; passed: boolean; detail?: string }>;
  }>;
  /**
   * The `exec-automator serve` of the environment, when its state file names one whose process
   * runs: its URL, whether `/ok` answered, and the smoke run made through its API (a server that
   * does not answer, or a failed smoke run there, is a warning).
   */
  server?: ServerHealth;
}
