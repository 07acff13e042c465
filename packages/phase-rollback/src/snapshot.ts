import { userInfo } from 'node:os';
import path from 'node:path';
import {
  AUTO_ROLLBACK,
  type DeploymentResult,
  deploymentStatus,
  type DeploymentStatus,
  type DeployMode,
  type EnvironmentSettings,
  type EnvironmentSetup,
  type PhaseContext,
  type PhaseOutcome,
  type SerializedDeployError,
} from '@exec-automator/core';
import type { ValidationReport } from '@exec-automator/phase-validate';
import { loadTestSuite, type TestCaseResult } from '@exec-automator/core/testing';
import type { HealthReport, MonitoringSetup } from '@exec-automator/phase-monitoring';
import { Facts } from './facts.js';

/** One workflow as the documents show it. */
export interface SnapshotWorkflow {
  /** File stem, e.g. `workflow-resp_002-member-communication`. */
  name: string;
  /** Seed id, e.g. `workflow_resp_002`. */
  workflowId: string;
  /**
   * The workflow file under `workflows/`: its name for the seed's flat files
   * (`workflow-resp_002-member-communication.py`), its path in the project for a LangGraph
   * project (`src/agent/graph.py`).
   */
  fileName: string;
  /** `agent_name` of its agent config, when validation parsed one. */
  agentName?: string;
  /** File name of its agent config, when it has one. */
  agentConfigFileName?: string;
  /** The compiled graph variable, when known. */
  graphVariable?: string;
  /** JSON of a recorded input from its test cases (the smoke case first): a real example for `invoke`. */
  exampleInput?: string;
}

/** The release a deployment built. */
export interface SnapshotRelease {
  /** Release id (= deployment id). */
  id: string;
  /** Release directory. */
  dir: string;
  /** The release `current` pointed at before, if any. */
  previousId: string | null;
  /** Whether `current` points at this release now (false after a discard or an automatic rollback). */
  current?: boolean;
}

/** The settings the documents mention. */
export type SnapshotSettings = Pick<
  EnvironmentSettings,
  'logLevel' | 'monitoringEndpoint' | 'serverUrl' | 'adminEmail' | 'autoRollback' | 'keepReleases' | 'thresholds'
>;

/**
 * Everything the renderers need about one deployment, as plain data. Built from a
 * {@link PhaseContext} by the phases ({@link snapshotFromContext}) or from a
 * {@link DeploymentResult} by hosts ({@link snapshotFromResult}). Optional fields are left out of
 * the documents when absent: nothing is ever invented.
 */
export interface DeploymentSnapshot {
  /** Deployment id. */
  deploymentId: string;
  /** Environment name. */
  environment: string;
  /** Organization (settings). */
  organization: string;
  /** Root holding all environments. */
  root: string;
  /** `<root>/<env>`. */
  envDir: string;
  /** Source directory of the workflows. */
  sourceDir: string;
  /** ISO start of the operation. */
  startedAt: string;
  /** ISO time the document is generated. */
  generatedAt: string;
  /** Modes of the operation. */
  mode: DeployMode;
  /** Overall status. */
  status: DeploymentStatus;
  /** User that ran the operation, when known. */
  operator?: string;
  /** Workflows deployed (or that would be). */
  workflows: SnapshotWorkflow[];
  /** Phase outcomes so far, in pipeline order. */
  phases: readonly PhaseOutcome[];
  /** The release, when one was created. */
  release?: SnapshotRelease;
  /** The error that failed the operation. */
  failure?: SerializedDeployError;
  /** Set when a failed check after the switch rolled the environment back. */
  autoRollback?: { from: string; to: string; verified: boolean; reason: string };
  /** Validation report (validate phase). */
  validation?: ValidationReport;
  /** Pre-deployment test results. */
  tests?: TestCaseResult[];
  /** Health report (health phase). */
  health?: HealthReport;
  /** Smoke test results (health phase). */
  smokeTests?: TestCaseResult[];
  /** Monitoring files and alert rules. */
  monitoring?: MonitoringSetup;
  /** Environment setup. */
  environmentSetup?: EnvironmentSetup;
  /** Python environment of the release. */
  python?: { venvPath: string; packageCount: number; installer: string };
  /** Settings the documents mention. */
  settings: SnapshotSettings;
  /** Names (never values) of the secrets that have a value. */
  configuredSecrets?: string[];
}

/** Reads every fact and outcome a document needs from the context. */
export async function snapshotFromContext(ctx: PhaseContext, now: Date): Promise<DeploymentSnapshot> {
  const agentConfigs = ctx.get(Facts.agentConfigs);
  const graphVariables = ctx.get(Facts.graphVariables);
  const pythonEnv = ctx.get(Facts.pythonEnvironment);
  const failure = ctx.failure?.toJSON();
  const release = ctx.release;
  const currentId = release ? await ctx.releases.currentId().catch(() => null) : null;
  return {
    deploymentId: ctx.operationId,
    environment: ctx.environment,
    organization: ctx.settings.organization,
    root: ctx.layout.root,
    envDir: ctx.layout.dir,
    sourceDir: ctx.sourceDir,
    startedAt: ctx.startedAt.toISOString(),
    generatedAt: now.toISOString(),
    mode: ctx.mode,
    status: failure ? 'FAILED' : deploymentStatus(ctx.outcomes),
    ...optional('operator', currentUser()),
    workflows: await Promise.all(ctx.workflows.map(async (w, index) => ({
      name: w.name,
      workflowId: w.workflowId,
      fileName: w.relativePath,
      ...optional('agentName', agentConfigs?.get(w.name)?.agent_name),
      ...optional('agentConfigFileName', w.agentConfigFile ? path.basename(w.agentConfigFile) : undefined),
      ...optional('graphVariable', graphVariables?.get(w.name) ?? w.graphVariable),
      ...optional('exampleInput', index === 0 ? await exampleInput(w.testsFile) : undefined),
    }))),
    phases: [...ctx.outcomes],
    ...optional(
      'release',
      release ? { id: release.id, dir: release.paths.dir, previousId: release.previousId, current: currentId === release.id } : undefined,
    ),
    ...optional('failure', failure),
    ...optional('autoRollback', ctx.get(AUTO_ROLLBACK)),
    ...optional('validation', ctx.get(Facts.validation)),
    ...optional('tests', ctx.get(Facts.tests)),
    ...optional('health', ctx.get(Facts.health)),
    ...optional('smokeTests', ctx.get(Facts.smokeTests)),
    ...optional('monitoring', ctx.get(Facts.monitoring)),
    ...optional('environmentSetup', ctx.get(Facts.environmentSetup)),
    ...optional(
      'python',
      pythonEnv
        ? { venvPath: pythonEnv.venv.path, packageCount: pythonEnv.packages.length, installer: pythonEnv.venv.installer }
        : undefined,
    ),
    settings: pickSettings(ctx.settings),
    configuredSecrets: await ctx.secrets.list().catch(() => []),
  };
}

/**
 * A snapshot from a finished {@link DeploymentResult}, for hosts that render a report after the
 * fact (the CLI's `--json` output, the MCP server). Facts are not part of a result, so the
 * documents show what the outcomes hold; pass `extra` to add what the host knows.
 */
export function snapshotFromResult(
  result: DeploymentResult,
  settings: SnapshotSettings & { organization: string },
  extra: Partial<DeploymentSnapshot> = {},
): DeploymentSnapshot {
  return {
    deploymentId: result.id,
    environment: result.environment,
    organization: settings.organization,
    root: result.root,
    envDir: path.join(result.root, result.environment),
    sourceDir: result.source,
    startedAt: result.startedAt,
    generatedAt: result.finishedAt,
    mode: result.mode,
    status: result.status,
    workflows: result.workflows.map((w) => ({ name: w.name, workflowId: w.workflowId, fileName: path.relative(result.source, w.file).split(path.sep).join('/') })),
    phases: result.phases,
    ...optional(
      'release',
      result.release
        ? {
            id: result.release.id,
            dir: result.release.path,
            previousId: result.release.previousId,
            current: result.release.switched && !result.rollback && result.release.status !== 'discarded',
          }
        : undefined,
    ),
    ...optional('failure', result.error),
    ...optional(
      'autoRollback',
      result.rollback && result.release ? { from: result.release.id, ...result.rollback } : undefined,
    ),
    settings: pickSettings(settings),
    ...extra,
  };
}

/**
 * JSON of the input of a workflow's smoke test case (else its first case): recorded data, so the
 * documents' `invoke` example is a real one. Undefined without readable test cases.
 */
async function exampleInput(testsFile: string | undefined): Promise<string | undefined> {
  if (!testsFile) return undefined;
  try {
    const suite = await loadTestSuite(testsFile);
    const chosen = suite.cases.find((c) => c.smoke) ?? suite.cases[0];
    return chosen ? JSON.stringify(chosen.input) : undefined;
  } catch {
    return undefined; // validation reports unreadable test cases
  }
}

/** Milliseconds from the start of the operation to the time the document is generated. */
export function elapsedMs(snapshot: Pick<DeploymentSnapshot, 'startedAt' | 'generatedAt'>): number {
  return Math.max(0, Date.parse(snapshot.generatedAt) - Date.parse(snapshot.startedAt));
}

function pickSettings(settings: SnapshotSettings): SnapshotSettings {
  const { logLevel, monitoringEndpoint, serverUrl, adminEmail, autoRollback, keepReleases, thresholds } = settings;
  return { logLevel, monitoringEndpoint, ...(serverUrl ? { serverUrl } : {}), adminEmail, autoRollback, keepReleases, thresholds };
}

function currentUser(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined; // no passwd entry (some containers)
  }
}

/** `{ [key]: value }` when value is defined, else `{}`: optional fields stay absent, not undefined. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
