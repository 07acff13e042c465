import type { WorkflowSpec } from '@exec-automator/core';
import type { WorkflowCheck } from './health-report.js';
import type { HealthScriptOutcome } from './health-script.js';

/**
 * The checks `health-check.py` reported for one workflow, as health-report checks. A script that
 * ran but failed (crash, unusable output, timeout) fails a `health_check_script` check for every
 * workflow; a missing script adds nothing (the monitoring phase is non-critical, and the runner
 * and smoke tests still cover the workflow).
 */
export function foldScriptChecks(outcome: HealthScriptOutcome | undefined, spec: WorkflowSpec): WorkflowCheck[] {
  if (!outcome || (!outcome.ran && !outcome.problem)) return [];
  if (outcome.problem) return [{ name: 'health_check_script', passed: false, detail: outcome.problem }];
  const result = outcome.results.find((r) => r.workflow === spec.name) ?? outcome.results.find((r) => r.workflow_id === spec.workflowId);
  if (!result) return [{ name: 'health_check_script', passed: false, detail: `${spec.name} is not in the release's health-check.py report` }];
  const checks: WorkflowCheck[] = result.checks.map((c) => ({ name: c.name, passed: c.passed, detail: c.detail }));
  if (result.error) checks.push({ name: 'health_check_script', passed: false, detail: `checking crashed: ${result.error}` });
  return checks;
}
