import { bash, code, lines, mark, plural, table } from './markdown.js';
import { operatorCommands, type CommandGroup, type CommandTarget } from './operator-commands.js';
import type { DeploymentSnapshot } from './snapshot.js';

/**
 * Sections that several documents share (the deployment report, the status report), so each
 * fact is worded the same way everywhere.
 */

/** The command target of a snapshot; `rollbackTo` only when a rollback can go somewhere. */
export function commandTarget(snapshot: DeploymentSnapshot, rollbackTo: string | null | undefined): CommandTarget {
  return {
    environment: snapshot.environment,
    root: snapshot.root,
    envDir: snapshot.envDir,
    rollbackTo: rollbackTo ?? null,
    workflowIds: snapshot.workflows.map((w) => w.workflowId),
    ...(snapshot.workflows[0]?.exampleInput ? { invokeInput: snapshot.workflows[0].exampleInput } : {}),
  };
}

/** Bash blocks for the operator commands of `groups`, each under its label. */
export function commandBlocks(target: CommandTarget, groups?: readonly CommandGroup[]): string {
  return operatorCommands(target, groups)
    .map(({ command, line }) => `**${command.action}:**\n${bash(line)}`)
    .join('\n\n');
}

/** "Tests passed: 5/5" and friends, from the validation report. */
export function testsLine(snapshot: DeploymentSnapshot): string | undefined {
  const v = snapshot.validation;
  if (!v) return undefined;
  if (v.tests_skipped) return 'skipped (--skip-tests)';
  return `${v.tests_passed}/${v.tests_executed}`;
}

/** "passed" / "failed (3 errors)" for the validation report. */
export function validationLine(snapshot: DeploymentSnapshot): string | undefined {
  const v = snapshot.validation;
  if (!v) return undefined;
  const errors = countIssues(snapshot, 'errors');
  const warnings = countIssues(snapshot, 'warnings');
  const extra = [errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
  return `${mark(v.deployment_approved)} ${v.deployment_approved ? 'Passed' : 'Failed'}${extra ? ` (${extra})` : ''}`;
}

/** Errors or warnings of the validation report, per workflow and global. */
export function countIssues(snapshot: Pick<DeploymentSnapshot, 'validation'>, kind: 'errors' | 'warnings'): number {
  const v = snapshot.validation;
  if (!v) return 0;
  const global = kind === 'errors' ? v.global_errors : v.global_warnings;
  return v.workflows_validated.reduce((sum, w) => sum + w[kind].length, 0) + (global?.length ?? 0);
}

/** "✓ All 2 healthy" / "✗ 1 of 2 unhealthy". */
export function healthLine(snapshot: DeploymentSnapshot): string | undefined {
  const h = snapshot.health;
  if (!h) return undefined;
  return h.overall_status === 'healthy'
    ? `✓ All ${h.workflows_checked} healthy`
    : `✗ ${h.workflows_unhealthy} of ${h.workflows_checked} unhealthy`;
}

/** "3/3" smoke tests. */
export function smokeLine(snapshot: DeploymentSnapshot): string | undefined {
  const h = snapshot.health;
  if (h) return `${h.smoke_tests_passed}/${h.smoke_tests_passed + h.smoke_tests_failed}`;
  const s = snapshot.smokeTests;
  return s ? `${s.filter((t) => t.passed).length}/${s.length}` : undefined;
}

/** The health section: overall status and one row per workflow, or undefined without a health report. */
export function healthSection(snapshot: DeploymentSnapshot, heading = '## Health Check Results'): string | undefined {
  const h = snapshot.health;
  if (!h) return undefined;
  const rows = h.workflows.map((w) => {
    const failed = w.checks.filter((c) => !c.passed).map((c) => (c.detail ? `${c.name}: ${c.detail}` : c.name));
    return [
      w.workflow_id,
      w.status === 'healthy' ? '✓ Healthy' : '✗ Unhealthy',
      `${w.checks_passed}/${w.checks_passed + w.checks_failed}`,
      failed.length ? failed.join('; ') : '—',
      h.health_check_timestamp,
    ];
  });
  const smoke = smokeLine(snapshot);
  return lines(
    heading,
    '',
    `**Overall Status:** ${h.overall_status === 'healthy' ? '✓ Healthy' : '✗ Unhealthy'}`,
    `**Release Checked:** ${code(h.release_id)}`,
    '',
    table(['Workflow', 'Status', 'Checks Passed', 'Failed Checks', 'Last Check'], rows),
    '',
    smoke !== undefined && `- **Smoke Tests:** ${mark(h.smoke_tests_failed === 0)} ${smoke} passed`,
    `- **Monitoring:** ${mark(h.monitoring_operational)} ${h.monitoring_operational ? 'Operational' : 'Not operational'}`,
    `- **Alerts:** ${h.alerts_functional ? '✓ Test alert delivered' : '— No alert channel confirmed a test alert'}`,
    h.server && `- **Server:** ${mark(h.server.ok)} ${code(h.server.url)}: ${h.server.detail}${h.server.smoke ? `; ${h.server.smoke.detail}` : ''}`,
  );
}
