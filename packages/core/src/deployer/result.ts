import type { SerializedDeployError } from '../errors/deploy-error.js';
import type { Reconciliation } from './reconcile.js';
import type { DeployMode, PhaseOutcome } from '../phase/phase-outcome.js';
import type { ReleaseStatus } from '../release/release-meta.js';

export type { PhaseOutcome } from '../phase/phase-outcome.js';

/** Overall outcome of a deployment (the seed's SUCCESS | FAILED | PARTIAL). */
export type DeploymentStatus = 'SUCCESS' | 'FAILED' | 'PARTIAL';

/** What happened to the release of a deployment. */
export interface ReleaseOutcome {
  /** Release id. */
  id: string;
  /** Release directory (removed again if the deployment failed before the switch). */
  path: string;
  /** The release that was current before. */
  previousId: string | null;
  /** Whether `current` was switched to it. */
  switched: boolean;
  /** Its status at the end. */
  status: ReleaseStatus | 'discarded';
  /** Wall time of the switch of `current` to it, in milliseconds (when it was switched). */
  switchMs?: number;
}

/** What {@link Deployer.deploy} resolves with. */
export interface DeploymentResult {
  /** Deployment id. */
  id: string;
  /** Target environment. */
  environment: string;
  /** SUCCESS, FAILED, or PARTIAL (a non-critical phase failed). */
  status: DeploymentStatus;
  /** Modes. */
  mode: DeployMode;
  /** Absolute source directory. */
  source: string;
  /** The environment root. */
  root: string;
  /** ISO start time. */
  startedAt: string;
  /** ISO end time. */
  finishedAt: string;
  /** Wall time in milliseconds. */
  durationMs: number;
  /** Workflows deployed (or that would be). */
  workflows: Array<{ name: string; workflowId: string; file: string }>;
  /** Per-phase outcomes in pipeline order. */
  phases: PhaseOutcome[];
  /** Paths of the reports written. */
  reports: string[];
  /** The release, when one was created. */
  release: ReleaseOutcome | null;
  /**
   * Set when a failed check after the switch rolled the environment back: to which release,
   * whether that release passed its checks again, why, and how long the switch back took.
   */
  rollback?: { to: string; verified: boolean; reason: string; switchMs?: number; error?: SerializedDeployError };
  /** What this deployment completed or corrected of an operation killed before it. */
  reconciled?: Reconciliation;
  /** The error that made the deployment fail. */
  error?: SerializedDeployError;
  /** Markdown of the final report (status, dry-run or validation report), when a report phase made one. */
  reportMarkdown?: string;
  /**
   * Runner processes started, per interpreter (a venv's `bin/python`, or the base interpreter):
   * a warm redeploy starts one per venv.
   */
  runnerStarts?: Record<string, number>;
}

/** What {@link Deployer.rollback} resolves with. */
export interface RollbackResult {
  /** Rollback id. */
  id: string;
  /** Environment. */
  environment: string;
  /** SUCCESS when the restored release passed its checks. */
  status: DeploymentStatus;
  /** Release rolled back from. */
  from: string | null;
  /** Release now current. */
  to: string;
  /** Why. */
  reason: string;
  /** Whether health checks and smoke tests passed on the restored release. */
  verified: boolean;
  /** Wall time of the switch alone, in milliseconds. */
  switchMs: number;
  /** Wall time in milliseconds. */
  durationMs: number;
  /** Outcomes of the verifying phases. */
  phases: PhaseOutcome[];
  /** Hash of the venv rebuilt from the release's requirements because its directory was gone. */
  venvRebuilt?: string;
  /** What this rollback completed or corrected of an operation killed before it. */
  reconciled?: Reconciliation;
  /** The error, when it failed. */
  error?: SerializedDeployError;
}

/** The status a deployment ends with, given its phase outcomes. */
export function deploymentStatus(outcomes: readonly PhaseOutcome[]): DeploymentStatus {
  if (outcomes.some((o) => o.status === 'failed' && o.critical)) return 'FAILED';
  if (outcomes.some((o) => o.status === 'failed')) return 'PARTIAL';
  return 'SUCCESS';
}
