import path from 'node:path';
import type { EnvironmentSetup, PhaseKind, PhaseOutcome, PlannedAction } from '@exec-automator/core';
import type { HealthReport, MonitoringSetup } from '@exec-automator/phase-monitoring';
import { defaultSettings } from '@exec-automator/core/config';
import type { ValidationReport } from '@exec-automator/phase-validate';
import type { DeploymentSnapshot } from '../../src/index.js';

/** Matches a seed placeholder such as `{deployment_id}`: none may survive into a document. */
export const PLACEHOLDER = /\{[a-z_]+\}/;

/** One phase outcome. */
export function outcome(name: string, kind: PhaseKind, status: PhaseOutcome['status'], durationMs: number, extra: Partial<PhaseOutcome> = {}): PhaseOutcome {
  return {
    name,
    title: TITLES[name] ?? name,
    kind,
    critical: true,
    status,
    durationMs,
    summary: `${name} ${status}`,
    ...extra,
  };
}

const TITLES: Record<string, string> = {
  validate: 'Pre-Deployment Validation',
  environment: 'Environment Setup',
  dependencies: 'Dependency Installation',
  release: 'Workflow Deployment',
  monitoring: 'Monitoring Configuration',
  health: 'Health Checks & Verification',
  documentation: 'Documentation & Rollback Preparation',
};

/** Outcomes of a successful deployment up to the documentation phase (health 4.2 s, smoke 2.5 s). */
export function successfulOutcomes(): PhaseOutcome[] {
  return [
    outcome('validate', 'check', 'succeeded', 3100),
    outcome('environment', 'prepare', 'succeeded', 120),
    outcome('dependencies', 'prepare', 'succeeded', 15_000),
    outcome('release', 'release', 'succeeded', 300),
    outcome('monitoring', 'prepare', 'succeeded', 80, { critical: false }),
    outcome('health', 'verify', 'succeeded', 4200),
    outcome('smoke', 'verify', 'succeeded', 2500),
  ];
}

/** A validation report of the two example workflows; `failing` adds errors with file:line and fix. */
export function validationReport(failing = false): ValidationReport {
  return {
    validation_timestamp: '2026-11-25T03:15:01.000Z',
    environment: 'staging',
    workflows_validated: [
      {
        workflow_id: 'workflow_resp_002',
        workflow_file: 'workflow-resp_002-member-communication.py',
        validation_status: failing ? 'failed' : 'passed',
        checks_completed: 9,
        checks_passed: failing ? 7 : 9,
        checks_failed: failing ? 2 : 0,
        warnings: [{ check: 'structure.unreachable', message: 'Node "archive" is unreachable', file: 'workflow-resp_002-member-communication.py', line: 88 }],
        errors: failing
          ? [
              { check: 'syntax', message: 'invalid syntax', file: 'workflow-resp_002-member-communication.py', line: 42, fix: 'Close the parenthesis opened on line 41.' },
              { check: 'agent-config.required-fields', message: 'Missing required field "model"', file: 'agent-resp_002-config.json', fix: 'Add "model": "claude-sonnet-4-5".' },
            ]
          : [],
      },
      {
        workflow_id: 'workflow_resp_005',
        workflow_file: 'workflow-resp_005-board-coordination.py',
        validation_status: 'passed',
        checks_completed: 9,
        checks_passed: 9,
        checks_failed: 0,
        warnings: [],
        errors: [],
      },
    ],
    dependencies_validated: true,
    environment_validated: !failing,
    tests_executed: 6,
    tests_passed: 6,
    tests_failed: 0,
    ...(failing
      ? { global_errors: [{ check: 'environment.variables', message: 'ANTHROPIC_API_KEY is not set', fix: 'Set ANTHROPIC_API_KEY in the secrets backend.' }] }
      : {}),
    deployment_approved: !failing,
  };
}

/** A health report of both example workflows. */
export function healthReport(releaseId: string, healthy = true): HealthReport {
  const wf = (id: string, ok: boolean) => ({
    workflow_id: id,
    status: ok ? ('healthy' as const) : ('unhealthy' as const),
    checks_passed: ok ? 4 : 3,
    checks_failed: ok ? 0 : 1,
    checks: [
      { name: 'file-present', passed: true },
      { name: 'graph-compiles', passed: ok, ...(ok ? {} : { detail: 'ImportError: langgraph' }) },
    ],
  });
  return {
    health_check_timestamp: '2026-11-25T03:15:40.000Z',
    environment: 'staging',
    release_id: releaseId,
    overall_status: healthy ? 'healthy' : 'unhealthy',
    workflows_checked: 2,
    workflows_healthy: healthy ? 2 : 1,
    workflows_unhealthy: healthy ? 0 : 1,
    smoke_tests_passed: healthy ? 4 : 3,
    smoke_tests_failed: healthy ? 0 : 1,
    monitoring_operational: true,
    alerts_functional: false,
    workflows: [wf('workflow_resp_002', true), wf('workflow_resp_005', healthy)],
  };
}

/** Monitoring set up under `envDir`. */
export function monitoringSetup(envDir: string): MonitoringSetup {
  return {
    files: [path.join(envDir, 'monitoring', 'metrics-config.json'), path.join(envDir, 'monitoring', 'alert-rules.yml')],
    alerts: ['HighErrorRate', 'SlowExecution', 'WorkflowFailure', 'HighApiCost'],
    healthCheckScript: path.join(envDir, 'monitoring', 'health-check.py'),
  };
}

/** Environment setup under `envDir`. */
export function environmentSetup(envDir: string): EnvironmentSetup {
  return {
    envFile: path.join(envDir, '.env'),
    variables: { LOG_LEVEL: 'INFO', ENVIRONMENT: 'staging' },
    checkpointConfigFile: path.join(envDir, 'configs', 'checkpoint-config.json'),
    loggingConfigFile: path.join(envDir, 'configs', 'logging-config.json'),
    checkpointPath: path.join(envDir, 'checkpoints'),
    secretNames: ['ANTHROPIC_API_KEY'],
  };
}

/** Planned actions of a dry-run, per phase. */
export function plannedOutcomes(envDir: string, releaseId: string): PhaseOutcome[] {
  const rel = path.join(envDir, 'releases', releaseId);
  const plan = (actions: PlannedAction[]) => ({ plan: actions, summary: `${actions.length} planned actions` });
  return [
    outcome('validate', 'check', 'succeeded', 2000, { summary: '2 workflows validated, 6/6 tests passed' }),
    outcome('environment', 'prepare', 'planned', 1, plan([
      { kind: 'create-dir', description: 'Create deployment directories', target: envDir },
      { kind: 'write-file', description: 'Create .env configuration file', target: path.join(rel, '.env'), bytes: 400 },
    ])),
    outcome('dependencies', 'prepare', 'planned', 1, plan([
      { kind: 'create-venv', description: 'Create virtual environment', target: path.join(envDir, 'venvs', 'abc123') },
      { kind: 'install', description: 'Install 12 Python packages' },
    ])),
    outcome('release', 'release', 'planned', 1, plan([
      { kind: 'copy-file', description: 'Copy workflow-resp_002-member-communication.py', target: path.join(rel, 'workflows', 'workflow-resp_002-member-communication.py'), bytes: 9000 },
      { kind: 'write-file', description: 'Create workflow registry', target: path.join(rel, 'configs', 'workflow-registry.json'), bytes: 1500 },
      { kind: 'symlink', description: 'Switch current to the release', target: path.join(envDir, 'current') },
    ])),
    outcome('health', 'verify', 'planned', 1, plan([{ kind: 'check', description: 'Run health checks on 2 workflows' }])),
  ];
}

/** A snapshot of a successful deployment (for renderer unit tests). */
export function snapshot(extra: Partial<DeploymentSnapshot> = {}): DeploymentSnapshot {
  const root = '/srv/exec-automator';
  const envDir = path.join(root, 'staging');
  const id = 'dep-20261125T031500000Z-ab12';
  return {
    deploymentId: id,
    environment: 'staging',
    organization: 'Brookside Association',
    root,
    envDir,
    sourceDir: '/home/ops/workflows',
    startedAt: '2026-11-25T03:15:00.000Z',
    generatedAt: '2026-11-25T03:15:45.500Z',
    mode: { dryRun: false, validateOnly: false, skipTests: false, force: false },
    status: 'SUCCESS',
    workflows: [
      { name: 'workflow-resp_002-member-communication', workflowId: 'workflow_resp_002', fileName: 'workflow-resp_002-member-communication.py', agentName: 'Member Communication Assistant', agentConfigFileName: 'agent-resp_002-config.json', graphVariable: 'graph' },
      { name: 'workflow-resp_005-board-coordination', workflowId: 'workflow_resp_005', fileName: 'workflow-resp_005-board-coordination.py', agentName: 'Board Coordination Assistant', agentConfigFileName: 'agent-resp_005-config.json', graphVariable: 'graph' },
    ],
    phases: successfulOutcomes(),
    release: { id, dir: path.join(envDir, 'releases', id), previousId: 'dep-20261120T100000000Z-cd34', current: true },
    validation: validationReport(),
    health: healthReport(id),
    monitoring: monitoringSetup(envDir),
    environmentSetup: environmentSetup(envDir),
    python: { venvPath: path.join(envDir, 'venvs', 'abc123'), packageCount: 42, installer: 'uv' },
    settings: defaultSettings('staging'),
    configuredSecrets: ['ANTHROPIC_API_KEY'],
    ...extra,
  };
}
