import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PhaseContext } from '@exec-automator/core';
import type { HealthReport } from './health-report-types.js';
import type { TestCaseResult } from '@exec-automator/core/testing';
import { MONITORING_FILE_NAMES } from './monitoring-files.js';

/** One check of a workflow in the health report. */
export type WorkflowCheck = HealthReport['workflows'][number]['checks'][number];

/** A smoke test as the health report records it. */
export interface SmokeTestRecord {
  /** Test case name. */
  name: string;
  /** Outcome. */
  passed: boolean;
  /** Whether a failure fails the deployment. */
  critical: boolean;
  /** How the run ended. */
  status: TestCaseResult['status'];
  /** Each failed expectation. */
  failures: string[];
  /** Wall time. */
  duration_ms: number;
  /** Set when the passing result was reused from an earlier run of the same case on the same content and venv. */
  cached_from?: string;
}

/** How the test alert went on one channel. */
export interface AlertTestRecord {
  /** Channel name. */
  channel: string;
  /** Delivered. */
  ok: boolean;
  /** Attempts made. */
  attempts: number;
  /** Last HTTP status or SMTP code. */
  status?: number;
  /** Why it failed (secrets masked), or `skipped: unavailable` when the channel is not set up. */
  error?: string;
}

/** One workflow in the health report: the seed's fields plus its name and smoke tests. */
export interface WorkflowHealth {
  /** `workflow_resp_002`. */
  workflow_id: string;
  /** Workflow name (file stem). */
  workflow: string;
  /** Healthy when every check passed (smoke tests are counted apart). */
  status: 'healthy' | 'unhealthy';
  /** Checks passed. */
  checks_passed: number;
  /** Checks failed. */
  checks_failed: number;
  /** Each check. */
  checks: WorkflowCheck[];
  /** Smoke tests run (empty when the workflow has none). */
  smoke_tests: SmokeTestRecord[];
}

/**
 * `health-report-<timestamp>.json`: the seed's health report ({@link HealthReport}) with
 * the operation it verified and the detail behind each boolean.
 */
export interface HealthReportFile extends HealthReport {
  /** `deploy`, or `rollback` when the restored release was verified. */
  operation: 'deploy' | 'rollback';
  /** The operation id. */
  operation_id: string;
  /** Per-workflow detail. */
  workflows: WorkflowHealth[];
  /** Why monitoring is (not) operational. */
  monitoring_detail: string;
  /** Why alerts are (not) functional. */
  alerts_detail: string;
  /** The test alert sent to each configured channel (empty when none is configured). */
  alert_tests: AlertTestRecord[];
  /** The release's `health-check.py` run. */
  health_check_script: { path: string; ran: boolean; exit_code: number | null; detail: string };
  /** Non-fatal findings (a workflow without a smoke test, a missing script). */
  warnings: string[];
}

/** A workflow's health from its checks and smoke tests. */
export function workflowHealth(workflowId: string, workflow: string, checks: WorkflowCheck[], smoke: TestCaseResult[]): WorkflowHealth {
  const failed = checks.filter((c) => !c.passed).length;
  return {
    workflow_id: workflowId,
    workflow,
    status: failed === 0 ? 'healthy' : 'unhealthy',
    checks_passed: checks.length - failed,
    checks_failed: failed,
    checks,
    smoke_tests: smoke.map((r) => ({
      name: r.name,
      passed: r.passed,
      critical: r.critical,
      status: r.status,
      failures: r.failures,
      duration_ms: r.durationMs,
      ...(r.cachedFrom ? { cached_from: r.cachedFrom } : {}),
    })),
  };
}

/**
 * The seed's "test monitoring integration": the metrics directory exists (it is created when
 * missing) and takes a write, and the release has its metrics config.
 */
export async function probeMonitoring(ctx: PhaseContext, monitoringDir: string): Promise<{ operational: boolean; detail: string }> {
  const metricsDir = ctx.layout.metrics;
  try {
    await mkdir(metricsDir, { recursive: true });
    // access(W_OK) answers yes to root on a read-only mount; a real write does not.
    const probe = path.join(metricsDir, `.health-probe-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    return { operational: false, detail: `metrics directory ${metricsDir} is not writable: ${(error as Error).message}` };
  }
  const config = path.join(monitoringDir, MONITORING_FILE_NAMES.metrics);
  try {
    await access(config);
  } catch {
    return { operational: false, detail: `${config} is missing (the monitoring phase did not run or failed)` };
  }
  return { operational: true, detail: `metrics directory ${metricsDir} writable; ${MONITORING_FILE_NAMES.metrics} present` };
}

/** Counts for the report and the phase summary. */
export function tally(workflows: readonly WorkflowHealth[]): {
  healthy: number;
  unhealthy: number;
  smokePassed: number;
  smokeFailed: number;
  criticalSmokeFailed: number;
} {
  const smoke = workflows.flatMap((w) => w.smoke_tests);
  return {
    healthy: workflows.filter((w) => w.status === 'healthy').length,
    unhealthy: workflows.filter((w) => w.status === 'unhealthy').length,
    smokePassed: smoke.filter((s) => s.passed).length,
    smokeFailed: smoke.filter((s) => !s.passed).length,
    criticalSmokeFailed: smoke.filter((s) => !s.passed && s.critical).length,
  };
}

/** Deep copy of `value` with `redact` applied to every string. */
export function redactStrings<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactStrings(v, redact)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, redact)])) as T;
  }
  return value;
}
