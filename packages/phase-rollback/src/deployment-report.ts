import path from 'node:path';
import { commandBlocks, commandTarget, healthLine, healthSection, smokeLine, testsLine, validationLine } from './common-sections.js';
import type { DocumentationTargets } from './document-paths.js';
import { code, FOOTER, lines, percent, plural, REPORT_VERSION, sections, seconds } from './markdown.js';
import type { RollbackManifest } from './rollback-manifest.js';
import { elapsedMs, type DeploymentSnapshot } from './snapshot.js';

/** Input of {@link renderDeploymentReport}. */
export interface DeploymentReportInput {
  /** The deployment, as of the documentation phase. */
  snapshot: DeploymentSnapshot;
  /** Where the documentation files are (the report links the others). */
  documents: DocumentationTargets;
  /** The rollback manifest written beside it. */
  manifest: RollbackManifest;
}

/**
 * The seed's "Workflow Deployment Report" (`<env>/DEPLOYMENT-REPORT-<timestamp>.md`), filled
 * only from real data: a field whose data does not exist is left out, and instead of HTTP
 * examples (this tool serves no HTTP) it shows the CLI commands that operate the deployment.
 */
export function renderDeploymentReport(input: DeploymentReportInput): string {
  const { snapshot: s, documents, manifest } = input;
  return sections(header(s), summary(s), workflowsSection(s), environmentSection(s), monitoringSection(s), healthSection(s),
    operating(s, manifest), rollbackSection(manifest, documents), nextSteps(s), `**${FOOTER}** · Report Version ${REPORT_VERSION}`);
}

function header(s: DeploymentSnapshot): string {
  return lines(
    '# Workflow Deployment Report',
    '',
    `**Deployment ID:** ${s.deploymentId}`,
    `**Environment:** ${s.environment}`,
    `**Deployment Date:** ${s.startedAt}`,
    `**Deployed By:** exec-automator${s.operator ? ` (user ${s.operator})` : ''}`,
    `**Organization:** ${s.organization}`,
    s.release && `**Release:** ${code(s.release.dir)}`,
  );
}

function summary(s: DeploymentSnapshot): string {
  const tests = testsLine(s);
  const validation = validationLine(s);
  const health = healthLine(s);
  const smoke = smokeLine(s);
  return lines(
    '## Deployment Summary',
    '',
    `- **Workflows Deployed:** ${s.workflows.length}`,
    `- **Deployment Duration:** ${seconds(elapsedMs(s))} seconds (until documentation)`,
    validation && `- **Validation Status:** ${validation}`,
    tests && `- **Tests Passed:** ${tests}`,
    health && `- **Health Checks:** ${health}`,
    smoke && `- **Smoke Tests:** ${smoke} passed`,
    s.monitoring && `- **Monitoring:** ✓ Configured (${plural(s.monitoring.files.length, 'file')})`,
    s.monitoring && `- **Alerts:** ${s.monitoring.alerts.length ? `✓ ${plural(s.monitoring.alerts.length, 'rule')} active` : 'none defined'}`,
  );
}

function workflowsSection(s: DeploymentSnapshot): string {
  const healthOf = new Map(s.health?.workflows.map((w) => [w.workflow_id, w.status]) ?? []);
  const items = s.workflows.map((w, i) => {
    const status = healthOf.get(w.workflowId);
    return lines(
      `${i + 1}. **${w.name}**`,
      `   - Workflow ID: ${code(w.workflowId)}`,
      w.agentName && `   - Agent: ${w.agentName}`,
      `   - Status: ${status === undefined ? 'Deployed' : status === 'healthy' ? 'Active' : 'Unhealthy'}`,
      `   - File: ${code(path.join(s.envDir, 'workflows', w.fileName))}`,
      w.graphVariable && `   - Graph: ${code(`./workflows/${w.fileName}:${w.graphVariable}`)}`,
      w.agentConfigFileName && `   - Agent Config: ${code(path.join(s.envDir, 'configs', w.agentConfigFileName))}`,
      s.settings.monitoringEndpoint && `   - Dashboard: ${s.settings.monitoringEndpoint}`,
    );
  });
  return lines('## Deployed Workflows', '', ...items);
}

function environmentSection(s: DeploymentSnapshot): string {
  const setup = s.environmentSetup;
  const needed = setup?.secretNames ?? [];
  const configured = new Set(s.configuredSecrets ?? []);
  const secrets = needed.length
    ? needed.map((n) => `${code(n)} ${configured.has(n) ? 'set' : 'not set'}`).join(', ')
    : undefined;
  const logLevel = setup?.variables.LOG_LEVEL ?? s.settings.logLevel;
  return lines(
    '## Environment Configuration',
    '',
    `- **Deployment Path:** ${code(s.envDir)}`,
    secrets && `- **API Keys:** ${secrets} (values live only in the secrets backend)`,
    setup && `- **Environment File:** ${code(setup.envFile)}`,
    setup && `- **Checkpoint Storage:** ${code(setup.checkpointPath)}`,
    `- **Logging:** Enabled (Level: ${logLevel}) → ${code(path.join(s.envDir, 'logs', 'workflows.log'))}`,
    s.python && `- **Python Environment:** ${code(s.python.venvPath)} (${plural(s.python.packageCount, 'package')}, installed with ${s.python.installer})`,
    s.settings.monitoringEndpoint && `- **Monitoring Endpoint:** ${s.settings.monitoringEndpoint}`,
    s.settings.adminEmail && `- **Alert Channels:** Email (${s.settings.adminEmail})`,
  );
}

function monitoringSection(s: DeploymentSnapshot): string | undefined {
  const m = s.monitoring;
  if (!m) return undefined;
  const t = s.settings.thresholds;
  return lines(
    '## Monitoring & Alerts',
    '',
    s.settings.monitoringEndpoint && `**Dashboard URL:** ${s.settings.monitoringEndpoint}\n`,
    '**Active Alerts:**',
    ...(m.alerts.length ? m.alerts.map((a) => `- ${a}`) : ['- none defined']),
    '',
    `**Thresholds:** error rate > ${percent(t.errorRate)}, average duration > ${t.avgDurationSeconds}s, daily cost > $${t.dailyCost}`,
    '',
    '**Monitoring Files:**',
    ...m.files.map((f) => `- ${code(f)}`),
    `- Health check script: ${code(path.join(s.envDir, 'monitoring', 'health-check.py'))}`,
  );
}

function operating(s: DeploymentSnapshot, manifest: RollbackManifest): string {
  return lines('## Operating the Deployment', '', commandBlocks(commandTarget(s, manifest.rollback_instructions.previous_deployment_id)));
}

function rollbackSection(manifest: RollbackManifest, documents: DocumentationTargets): string {
  const r = manifest.rollback_instructions;
  return lines(
    '## Rollback Information',
    '',
    `**Rollback Available:** ${manifest.rollback_available ? 'Yes' : 'No'}`,
    r.reason && `**Reason:** ${r.reason}`,
    `**Rollback Manifest:** ${code(documents.rollbackManifest)}`,
    r.command && `**Rollback Command:** ${code(r.command)}`,
    r.previous_deployment_path && `**Previous Release:** ${code(r.previous_deployment_path)} (${r.previous_deployment_status})`,
    r.estimated_rollback_duration_seconds !== undefined &&
      `**Estimated Rollback Duration:** ${r.estimated_rollback_duration_seconds} seconds (measured in this deployment: ${estimateBasis(r.estimate_basis)})`,
    `**Operator Runbook:** ${code(documents.runbook)}`,
  );
}

/** "switch 12.5 ms + health 9.2 s": what the rollback estimate is made of. */
function estimateBasis(basis: RollbackManifest['rollback_instructions']['estimate_basis']): string {
  if (!basis) return 'no measurement';
  const parts = [
    basis.switch_ms === null ? undefined : `switch ${basis.switch_ms} ms`,
    ...basis.verify_phases.map((p) => `${p.name} ${seconds(p.duration_ms)} s`),
  ].filter((x): x is string => x !== undefined);
  return parts.length ? parts.join(' + ') : 'no verifying phase';
}

function nextSteps(s: DeploymentSnapshot): string {
  return lines(
    '## Next Steps',
    '',
    s.settings.monitoringEndpoint
      ? `1. Review the monitoring dashboard (${s.settings.monitoringEndpoint}) for initial metrics`
      : `1. Review the metrics in ${code(path.join(s.envDir, 'metrics'))} for initial values`,
    '2. Test the workflows with real-world inputs',
    '3. Verify that the human-in-the-loop checkpoints pause and resume',
    '4. Watch error rates and durations in the workflow log',
    '5. Adjust alert thresholds once a baseline exists',
  );
}
