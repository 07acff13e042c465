import path from 'node:path';
import type { PhaseOutcome } from '@exec-automator/core';
import { commandBlocks, commandTarget, healthLine, healthSection, smokeLine, testsLine, validationLine } from './common-sections.js';
import type { WrittenDocuments } from './document-paths.js';
import { code, FOOTER, lines, plural, sections, seconds, table } from './markdown.js';
import { cliCommand } from './operator-commands.js';
import { elapsedMs, type DeploymentSnapshot } from './snapshot.js';

/** Input of {@link renderStatusReport}. */
export interface StatusReportInput {
  /** The deployment at its end. */
  snapshot: DeploymentSnapshot;
  /** Documents the documentation phase wrote (see `documentsFromOutcomes`). */
  documents?: WrittenDocuments;
  /** The error log, when one is written. */
  errorLog?: string;
}

/** Status symbol of a phase outcome. */
export function outcomeMark(status: PhaseOutcome['status']): string {
  return { succeeded: '✓', failed: '✗', skipped: '—', planned: '→' }[status];
}

/**
 * The seed's "Workflow Deployment Status Report" for a real run, successful or not: status,
 * key metrics, every phase with its duration, workflows, health, rollback, documents and next
 * steps. An automatic rollback is announced right under the header.
 */
export function renderStatusReport(input: StatusReportInput): string {
  const { snapshot: s } = input;
  const docs = input.documents ?? {};
  return sections(
    lines(
      '# Workflow Deployment Status Report',
      '',
      `**Deployment ID:** ${s.deploymentId}`,
      `**Environment:** ${s.environment}`,
      `**Organization:** ${s.organization}`,
      `**Deployment Date:** ${s.startedAt}`,
      `**Status:** ${s.status}`,
    ),
    autoRollbackSection(s),
    summary(s),
    failureSection(s, input.errorLog),
    lines('## Phases', '', table(['#', 'Phase', 'Status', 'Duration', 'Summary'], s.phases.map((p, i) => [
      i + 1, p.title, `${outcomeMark(p.status)} ${p.status}${p.critical ? '' : ' (non-critical)'}`, `${seconds(p.durationMs)}s`, p.summary,
    ]))),
    details(s),
    access(s),
    healthSection(s),
    rollbackSection(s, docs),
    documentation(s, docs, input.errorLog),
    nextSteps(s),
    lines(closing(s), '', FOOTER),
  );
}

function autoRollbackSection(s: DeploymentSnapshot): string | undefined {
  const r = s.autoRollback;
  if (!r) return undefined;
  return lines(
    '## ⚠ Automatic Rollback',
    '',
    `**Release ${r.from} failed its checks after the switch and was rolled back automatically to ${r.to}.**`,
    '',
    `- **Reason:** ${r.reason}`,
    `- **Restored release verified:** ${r.verified ? '✓ Yes, its verifying phases passed again' : '✗ No, the restored release failed its checks too: the environment needs attention'}`,
    `- **Current release:** ${code(path.join(s.envDir, 'releases', r.to))}`,
  );
}

function summary(s: DeploymentSnapshot): string {
  const secs = seconds(elapsedMs(s));
  const workflows = plural(s.workflows.length, 'workflow');
  let text: string;
  if (s.status === 'FAILED') {
    const failed = s.phases.find((p) => p.status === 'failed' && p.critical);
    const cause = s.failure ? ` (${s.failure.code}): ${s.failure.message.trim().replace(/[.!]?$/, '.')}` : '.';
    text = `The deployment of ${workflows} to ${s.environment} failed${failed ? ` in ${failed.title}` : ''}${cause} ${whereItStands(s)}`;
  } else {
    const nonCritical = s.phases.filter((p) => p.status === 'failed').map((p) => p.title);
    text = `Deployed ${workflows} to ${s.environment}${s.release ? ` as release ${s.release.id}` : ''} in ${secs} seconds; ${code('current')} now points at it.`;
    if (nonCritical.length) text += ` Non-critical phases failed: ${nonCritical.join(', ')}; the release is live, but their work is missing.`;
  }
  const validation = validationLine(s);
  const tests = testsLine(s);
  const health = healthLine(s);
  const smoke = smokeLine(s);
  return lines(
    '## Deployment Summary',
    '',
    text,
    '',
    '**Key Metrics:**',
    `- Workflows deployed: ${isLive(s) ? s.workflows.length : 0}`,
    `- Deployment duration: ${secs} seconds`,
    validation && `- Validation status: ${validation}`,
    tests && `- Tests passed: ${tests}`,
    health && `- Health checks: ${health}`,
    smoke && `- Smoke tests: ${smoke}`,
  );
}

function whereItStands(s: DeploymentSnapshot): string {
  if (!s.release) return `Nothing was written: ${code('current')} is unchanged.`;
  if (s.autoRollback) return `The environment was rolled back automatically to ${s.autoRollback.to}.`;
  if (s.release.current) return `Release ${s.release.id} is live but marked bad; roll back or fix it.`;
  return s.release.previousId
    ? `The partial release was discarded; ${code('current')} still points at ${s.release.previousId}.`
    : 'The partial release was discarded; nothing is deployed in this environment.';
}

function failureSection(s: DeploymentSnapshot, errorLog: string | undefined): string | undefined {
  const f = s.failure;
  if (!f) return undefined;
  const details = Object.entries(f.details ?? {}).map(([k, v]) => `- ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return lines(
    '## Error',
    '',
    `- **Code:** ${code(f.code)}`,
    f.phase && `- **Phase:** ${f.phase}`,
    `- **Message:** ${f.message}`,
    errorLog && `- **Error Log:** ${code(errorLog)}`,
    details.length > 0 && `\n**Details:**\n${details.join('\n')}`,
  );
}

function details(s: DeploymentSnapshot): string {
  const health = new Map(s.health?.workflows.map((w) => [w.workflow_id, w.status]) ?? []);
  const state = (id: string) => {
    if (s.autoRollback) return 'Rolled back';
    if (!isLive(s)) return 'Not deployed';
    const h = health.get(id);
    return h === undefined ? 'Deployed' : h === 'healthy' ? 'Active' : 'Unhealthy';
  };
  const rows = s.workflows.map((w) => [w.workflowId, w.agentName ?? w.name, state(w.workflowId), code(path.join(s.envDir, 'workflows', w.fileName))]);
  return lines(
    '## Deployment Details',
    '',
    '### Workflows',
    '',
    table(['Workflow ID', 'Workflow Name', 'Status', 'File'], rows),
    '',
    '### Configuration',
    '',
    `- **Environment:** ${s.environment}`,
    `- **Deployment Path:** ${code(s.envDir)}`,
    s.release && `- **Release:** ${code(s.release.dir)}`,
    s.environmentSetup && `- **Checkpoint Storage:** ${code(s.environmentSetup.checkpointPath)}`,
    `- **Log Level:** ${s.environmentSetup?.variables.LOG_LEVEL ?? s.settings.logLevel}`,
    s.python && `- **Python Environment:** ${code(s.python.venvPath)} (${plural(s.python.packageCount, 'package')})`,
    `- **Monitoring:** ${s.monitoring ? `Enabled (${plural(s.monitoring.alerts.length, 'alert rule')})` : 'Not configured'}`,
  );
}

function access(s: DeploymentSnapshot): string | undefined {
  if (!s.release) return undefined;
  const live = isLive(s);
  return lines(
    '## Monitoring & Access',
    '',
    s.settings.monitoringEndpoint && `**Dashboard URL:** ${s.settings.monitoringEndpoint}\n`,
    commandBlocks(commandTarget(s, live ? s.release.previousId : null), live ? ['status', 'run', 'health', 'logs'] : ['status', 'health', 'logs']),
    s.settings.adminEmail && `\n**Alert Channels:**\n- Email: ${s.settings.adminEmail}`,
  );
}

function rollbackSection(s: DeploymentSnapshot, docs: WrittenDocuments): string | undefined {
  const r = docs.rollback;
  const release = s.release;
  if (!release) return undefined;
  const previous = release.previousId;
  const live = isLive(s);
  const command = live && previous ? cliCommand('rollback', [previous], s) : undefined;
  return lines(
    '## Rollback Information',
    '',
    s.autoRollback
      ? `**Rollback:** done automatically, to ${s.autoRollback.to}`
      : `**Rollback Available:** ${command ? 'Yes' : live ? 'No (no earlier release)' : `Not needed (${code('current')} was not switched to this release)`}`,
    command && `**Rollback Command:** ${code(command)}`,
    docs.rollbackManifest && `**Rollback Manifest:** ${code(docs.rollbackManifest)}`,
    r?.estimatedSeconds !== undefined && command && `**Estimated Rollback Duration:** ${r.estimatedSeconds} seconds`,
    !!previous && `**Previous Deployment Backup:** ${code(path.join(s.envDir, 'releases', previous))}`,
  );
}

function documentation(s: DeploymentSnapshot, docs: WrittenDocuments, errorLog: string | undefined): string | undefined {
  const items = [
    docs.deploymentReport && `- **Deployment Report:** ${code(docs.deploymentReport)}`,
    docs.runbook && `- **Operator Runbook:** ${code(path.join(s.envDir, 'RUNBOOK.md'))} → ${code(docs.runbook)}`,
    docs.rollbackManifest && `- **Rollback Manifest:** ${code(docs.rollbackManifest)}`,
    s.monitoring && `- **Health Check Script:** ${code(path.join(s.envDir, 'monitoring', 'health-check.py'))}`,
    errorLog && `- **Error Log:** ${code(errorLog)}`,
    s.release && `- **History:** ${code(path.join(s.envDir, 'history.jsonl'))}`,
  ];
  if (!items.some(Boolean)) return undefined;
  return lines('## Documentation', '', ...items);
}

function nextSteps(s: DeploymentSnapshot): string {
  const target = commandTarget(s, null);
  const steps =
    s.status === 'FAILED'
      ? [
          s.failure ? `Fix the cause: ${s.failure.message}` : 'Fix the failing phase (see the phase table)',
          s.autoRollback && !s.autoRollback.verified ? `Check the restored release now: ${code(cliCommand('status', [], target))}` : undefined,
          'Deploy again once it is fixed',
        ]
      : [
          s.status === 'PARTIAL' ? '✓ Deployment completed; re-run the failed non-critical phases by deploying again' : '✓ Deployment completed successfully',
          s.settings.monitoringEndpoint ? `Watch the dashboard for initial metrics: ${s.settings.monitoringEndpoint}` : `Watch the metrics in ${code(path.join(s.envDir, 'metrics'))}`,
          'Test the workflows with real-world inputs',
          'Verify the human-in-the-loop checkpoints',
          'Adjust alert thresholds once a baseline exists',
          'Schedule a follow-up review in 7 days',
        ];
  return lines('## Next Steps', '', ...steps.filter((x): x is string => !!x).map((step, i) => `${i + 1}. ${step}`));
}

/** True when `current` points at this deployment's release. */
function isLive(s: DeploymentSnapshot): boolean {
  return !!s.release?.current && !s.autoRollback;
}

function closing(s: DeploymentSnapshot): string {
  if (s.status === 'SUCCESS') return `**Deployment completed successfully at ${s.generatedAt}**`;
  if (s.status === 'PARTIAL') return `**Deployment completed with failed non-critical phases (PARTIAL) at ${s.generatedAt}**`;
  return `**Deployment failed at ${s.generatedAt}**`;
}
