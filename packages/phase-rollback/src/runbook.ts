import path from 'node:path';
import { DEFAULT_SERVER_URL, workflowEndpoints } from '@exec-automator/executions';
import { commandTarget } from './common-sections.js';
import { bash, code, FOOTER, lines, percent, sections, shellQuote, table } from './markdown.js';
import { cliCommand, operatorCommands, workflowLog, type CommandTarget } from './operator-commands.js';
import type { DeploymentSnapshot } from './snapshot.js';

/** Input of {@link renderRunbook}. */
export interface RunbookInput {
  /** The deployment, as of the documentation phase. */
  snapshot: DeploymentSnapshot;
  /** The release a rollback goes to, or null when there is none. */
  rollbackTo: string | null;
  /** The rollback manifest, linked from the rollback section. */
  rollbackManifest: string;
}

/**
 * The seed's operator runbook (`<release>/RUNBOOK.md`, seen as `<env>/RUNBOOK.md`): quick
 * reference, common operations, troubleshooting, escalation and maintenance, with this
 * environment's real commands and paths. Contacts appear only when configured.
 */
export function renderRunbook(input: RunbookInput): string {
  const { snapshot: s } = input;
  const target = commandTarget(s, input.rollbackTo);
  return sections(
    lines(
      `# Operator Runbook: ${s.organization} Workflows`,
      '',
      `**Environment:** ${s.environment}`,
      `**Environment Directory:** ${code(s.envDir)}`,
      s.release && `**Release:** ${s.release.id}`,
      `**Last Updated:** ${s.generatedAt}`,
    ),
    quickReference(s, target),
    deployedWorkflows(s),
    commonOperations(target, input.rollbackManifest),
    serving(s, target),
    troubleshooting(s, target),
    escalation(s, target),
    maintenance(s, target),
    lines(
      s.settings.adminEmail && `**Contact Information:**\n- **Primary:** ${s.settings.adminEmail}\n`,
      `**${FOOTER}**`,
    ),
  );
}

function quickReference(s: DeploymentSnapshot, target: CommandTarget): string {
  const rows = operatorCommands(target).map(({ command, line }) => [command.action, code(line)]);
  if (s.settings.monitoringEndpoint) rows.push(['View metrics', `Open the dashboard at ${s.settings.monitoringEndpoint}`]);
  else rows.push(['View metrics', `Metrics files in ${code(path.join(s.envDir, 'metrics'))}`]);
  return lines('## Quick Reference', '', table(['Action', 'Command'], rows));
}

function deployedWorkflows(s: DeploymentSnapshot): string {
  const rows = s.workflows.map((w) => [
    w.workflowId,
    code(path.join(s.envDir, 'workflows', w.fileName)),
    w.agentConfigFileName ? code(path.join(s.envDir, 'configs', w.agentConfigFileName)) : '—',
  ]);
  return lines('## Deployed Workflows', '', table(['Workflow ID', 'File', 'Agent Config'], rows));
}

function commonOperations(target: CommandTarget, manifest: string): string {
  const group = (title: string, groups: Parameters<typeof operatorCommands>[1], note?: string) => {
    const found = operatorCommands(target, groups);
    if (!found.length) return undefined;
    return lines(`### ${title}`, '', note && `${note}\n`, bash(...found.flatMap(({ command, line }) => [`# ${command.action}`, line])));
  };
  return lines(
    '## Common Operations',
    '',
    group('Checking Environment Status', ['status']),
    '',
    group(
      'Starting, Following and Canceling Workflows',
      ['run'],
      'Runs use the current release, its venv and the checkpoint store; an interrupted run (human review) is resumed with `invoke --thread <thread-id> --resume`.',
    ),
    '',
    group('Checking Workflow Health', ['health']),
    '',
    group('Viewing Logs', ['logs']),
    '',
    group(
      'Rolling Back',
      ['recovery'],
      `Switches ${code(path.join(target.envDir, 'current'))} back atomically, then re-runs the health checks and smoke tests on the restored release. Details: ${code(manifest)}.`,
    ) ?? lines('### Rolling Back', '', 'No earlier release exists in this environment, so there is nothing to roll back to yet.'),
  );
}

/** `exec-automator serve` for this environment: keys, the command, a systemd unit, curl lines of the seed's routes. */
function serving(s: DeploymentSnapshot, target: CommandTarget): string {
  const base = (s.settings.serverUrl ?? DEFAULT_SERVER_URL).replace(/\/$/, '');
  const url = new URL(base);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const serve = cliCommand('serve', ['--host', '127.0.0.1', '--port', port], target);
  const first = s.workflows[0];
  const endpoints = first ? workflowEndpoints(s.settings.serverUrl, first.workflowId) : undefined;
  const unit = [
    '[Unit]',
    `Description=exec-automator serve (${target.environment})`,
    'After=network-online.target',
    '',
    '[Service]',
    `ExecStart=/usr/bin/env ${serve}`,
    'Restart=on-failure',
    'KillSignal=SIGTERM',
    'TimeoutStopSec=45',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
  ];
  return lines(
    '## Serving Over HTTP',
    '',
    `\`exec-automator serve\` serves the current release at ${code(base)}: the LangGraph Agent Server API (the official \`@langchain/langgraph-sdk\` client) and the routes below. Every route but \`/ok\` needs an API key (\`Authorization: Bearer <key>\` or \`x-api-key\`).`,
    '',
    bash('# create a key (printed once; only its hash is stored)', cliCommand('api-keys', ['--name', 'operator'], target, 'create'), '# serve until SIGTERM', serve, '# is it up, and which pid', cliCommand('status', [], target)),
    '',
    endpoints &&
      lines(
        `**Endpoints of ${first?.workflowId}:**`,
        bash(
          `curl -X POST ${endpoints.invoke} -H "Authorization: Bearer $KEY" -H 'content-type: application/json' -d '{"input": {}}'`,
          `curl ${endpoints.status} -H "Authorization: Bearer $KEY"`,
          `curl -X POST ${endpoints.cancel}/<execution_id> -H "Authorization: Bearer $KEY"`,
        ),
      ),
    '',
    `**Under systemd** (\`/etc/systemd/system/exec-automator-${target.environment}.service\`, then \`systemctl enable --now exec-automator-${target.environment}\`):`,
    '',
    lines('```ini', ...unit, '```'),
  );
}

function troubleshooting(s: DeploymentSnapshot, target: CommandTarget): string {
  const log = shellQuote(workflowLog(s.envDir));
  const first = s.workflows[0];
  const secretChecks = (s.environmentSetup?.secretNames ?? []).map((n) => `test -n "$${n}" && echo "${n} set" || echo "${n} missing"`);
  const t = s.settings.thresholds;
  const rollback = target.rollbackTo ? cliCommand('rollback', [target.rollbackTo], target) : undefined;
  return lines(
    '## Troubleshooting',
    '',
    '### Workflow Fails to Start',
    '',
    '**Symptoms:** a run of the workflow errors before its first node',
    '',
    '**Diagnostic Steps:**',
    bash(
      ...(first ? [`ls -l ${shellQuote(path.join(s.envDir, 'workflows', first.fileName))}`] : []),
      `cat ${shellQuote(path.join(s.envDir, 'configs', 'workflow-registry.json'))}`,
      ...secretChecks,
      `grep ERROR ${log}`,
      cliCommand('status', [], target),
    ),
    '',
    '**Resolution:**',
    '- If a workflow file is missing: deploy again (the stable paths resolve through `current`)',
    '- If a configuration is invalid: fix it in the source directory and deploy again',
    '- If an API key is missing: set it in the secrets backend, never in a file',
    `- If dependencies are missing: compare ${code(path.join(s.envDir, 'installed-packages.json'))} with ${code(path.join(s.envDir, 'requirements.txt'))}, then deploy again (venvs are shared between releases: do not install into one by hand)`,
    '',
    '### High Error Rate Alert',
    '',
    `**Symptoms:** the error rate is above ${percent(t.errorRate)}`,
    '',
    `**Diagnostic Steps:** ${code(`grep ERROR ${log}`)}; find the most common error; check ${code(cliCommand('history', [], target))} for a recent change; verify that external services (LLM API, databases) respond.`,
    '',
    '**Resolution:**',
    '- LLM errors: check the API key and rate limits',
    '- Data errors: validate the input format',
    '- Integration errors: check the external service status',
    rollback ? `- If it persists: ${code(rollback)}` : '- If it persists: fix and deploy again (no earlier release to roll back to)',
    '',
    '### Slow Performance',
    '',
    `**Symptoms:** average execution time above ${t.avgDurationSeconds} seconds`,
    '',
    `**Diagnostic Steps:** review the duration metrics in ${code(path.join(s.envDir, 'metrics'))}; check token usage and rate limiting in the log; check the checkpoint storage${s.environmentSetup ? ` (${code(s.environmentSetup.checkpointPath)})` : ''}.`,
    '',
    '**Resolution:** shorten prompts, raise the concurrency limit, cache repeated work, use a faster model for non-critical nodes.',
    '',
    '### Checks Failed After a Deployment',
    '',
    s.settings.autoRollback
      ? 'Automatic rollback is on in this environment: when health checks or smoke tests fail after the switch, the release is marked bad and the last good release is restored and verified. The status report and the history show where it went.'
      : `Automatic rollback is off in this environment: a release that fails its checks stays current, marked bad.${rollback ? ` Roll back by hand: ${code(rollback)}` : ''}`,
  );
}

function escalation(s: DeploymentSnapshot, target: CommandTarget): string {
  const rollback = target.rollbackTo ? cliCommand('rollback', [target.rollbackTo], target) : undefined;
  return lines(
    '## Escalation Procedures',
    '',
    '### Critical Issues (Workflow Down)',
    '',
    `1. **Immediate Actions:** run the health check (${code(operatorCommands(target, ['health'])[0]?.line ?? '')}) and review the error log`,
    `2. **If Unresolved (15 min):**${s.settings.adminEmail ? ` notify ${s.settings.adminEmail};` : ''} ${rollback ? `roll back with ${code(rollback)}` : 'no earlier release exists: fix and deploy again'}`,
    '3. **If Still Unresolved (30 min):** stop sending work to the workflow and switch to the manual process',
    '',
    '### Non-Critical Issues (Degraded Performance)',
    '',
    '1. Monitor for 1 hour',
    '2. If it persists, investigate the root cause',
    '3. Schedule a maintenance window for the fix',
    '4. Tell stakeholders about the degraded performance',
  );
}

function maintenance(s: DeploymentSnapshot, target: CommandTarget): string {
  return lines(
    '## Maintenance',
    '',
    '### Weekly Tasks',
    `- Review deployments and rollbacks: ${code(cliCommand('history', [], target))}`,
    `- Check the error log: ${code(`grep ERROR ${shellQuote(workflowLog(s.envDir))}`)}`,
    '- Verify that alerts reach their channels',
    '- Review cost metrics',
    '',
    '### Monthly Tasks',
    '- Update dependencies and deploy to dev, then staging, then production',
    '- Review and optimize the workflows',
    '- Analyze performance trends',
    `- Note: the newest ${s.settings.keepReleases} releases are kept for rollback; older ones are removed after each successful deployment`,
  );
}
