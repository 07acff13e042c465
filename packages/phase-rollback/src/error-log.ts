import type { PhaseOutcome, SerializedDeployError } from '@exec-automator/core';

/** `<env>/deployment-errors-<timestamp>.json`: the seed's error log of a failed deployment. */
export interface DeploymentErrorLog {
  /** Deployment id. */
  deployment_id: string;
  /** Environment. */
  environment: string;
  /** ISO time the log was written. */
  timestamp: string;
  /** The phase that failed the deployment. */
  failed_phase: string | null;
  /** The error. */
  error: { code: string; message: string; details: Record<string, unknown> };
  /** Every phase with its status (and error, when it failed). */
  phases: Array<{ name: string; status: PhaseOutcome['status']; duration_ms: number; error?: SerializedDeployError }>;
  /** The release and its status at the end (`discarded` when removed before the switch). */
  release: { id: string; status: string } | null;
  /** Set when the environment was rolled back automatically. */
  automatic_rollback?: { to: string; verified: boolean };
}

/** Input of {@link buildErrorLog}. */
export interface ErrorLogInput {
  /** Deployment id. */
  deploymentId: string;
  /** Environment. */
  environment: string;
  /** ISO time. */
  timestamp: string;
  /** The error that failed the deployment. */
  failure: SerializedDeployError;
  /** Phase outcomes. */
  phases: readonly PhaseOutcome[];
  /** The release and its status. */
  release?: { id: string; status: string };
  /** The automatic rollback, if one ran. */
  autoRollback?: { to: string; verified: boolean };
}

/** Builds the error log (pure). */
export function buildErrorLog(input: ErrorLogInput): DeploymentErrorLog {
  const failedPhase = input.failure.phase ?? input.phases.find((p) => p.status === 'failed' && p.critical)?.name ?? null;
  return {
    deployment_id: input.deploymentId,
    environment: input.environment,
    timestamp: input.timestamp,
    failed_phase: failedPhase,
    error: { code: input.failure.code, message: input.failure.message, details: input.failure.details ?? {} },
    phases: input.phases.map((p) => ({
      name: p.name,
      status: p.status,
      duration_ms: p.durationMs,
      ...(p.error ? { error: p.error } : {}),
    })),
    release: input.release ?? null,
    ...(input.autoRollback ? { automatic_rollback: { to: input.autoRollback.to, verified: input.autoRollback.verified } } : {}),
  };
}
