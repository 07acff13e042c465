import path from 'node:path';
import type { PhaseOutcome } from '@exec-automator/core';
import { cliCommand } from './operator-commands.js';

/** What is known about the release a rollback would restore. */
export interface PreviousRelease {
  /** Release id. */
  id: string;
  /** Release directory (`<env>/releases/<id>`): our "backup" of that deployment. */
  dir: string;
  /** Its status (`good`, `bad`, `pending`). */
  status: string;
  /** Workflow file names present in its `workflows/`. */
  workflowFiles: readonly string[];
  /** File names present in its `configs/`. */
  configFiles: readonly string[];
}

/** Input of {@link buildRollbackManifest}. */
export interface RollbackManifestInput {
  /** This deployment's id. */
  deploymentId: string;
  /** Environment. */
  environment: string;
  /** Root holding all environments. */
  root: string;
  /** `<root>/<env>`. */
  envDir: string;
  /** ISO start of the deployment. */
  deploymentTimestamp: string;
  /** Workflows of this deployment. */
  workflows: ReadonlyArray<{ workflowId: string; fileName: string; agentConfigFileName?: string }>;
  /** The release to go back to; undefined when there is none. */
  previous?: PreviousRelease;
  /** Why no rollback is possible, when `previous` is undefined. */
  unavailableReason?: string;
  /** This deployment's phase outcomes; the `verify` ones time the estimate. */
  phases: readonly PhaseOutcome[];
  /** Measured wall time of this deployment's switch of `current`, in milliseconds, when known. */
  switchMs?: number;
}

/** One file a rollback changes (the seed's `workflows_to_rollback[]` / `configurations_to_rollback[]`). */
export interface RollbackFileEntry {
  /** Path through `current` now. */
  current_version: string;
  /** The same file in the previous release, when it exists there. */
  previous_version?: string;
  /** `restore_file`: previous version comes back; `remove_file`: new in this release; `none`: no rollback. */
  rollback_action: 'restore_file' | 'remove_file' | 'none';
}

/** The rollback manifest (`configs/rollback-<id>.json`), in the seed's shape. */
export interface RollbackManifest {
  /** Format version. */
  rollback_manifest_version: '1.0.0';
  /** The deployment this manifest rolls back. */
  deployment_id: string;
  /** ISO start of that deployment. */
  deployment_timestamp: string;
  /** Environment. */
  environment: string;
  /** False when there is no earlier release to go back to. */
  rollback_available: boolean;
  /** How to roll back; with `method: 'none'` only `reason` is set. */
  rollback_instructions: {
    /** `restore_previous_deployment`: switch `current` back to the previous release. */
    method: 'restore_previous_deployment' | 'none';
    /** The release restored. */
    previous_deployment_id?: string;
    /** Its status (`good`, `bad`, `pending`) when the manifest was written. */
    previous_deployment_status?: string;
    /** Its directory: the kept release is the backup of that deployment. */
    previous_deployment_path?: string;
    /** The CLI command that performs the rollback. */
    command?: string;
    /** The symlink switch the rollback makes. */
    switch?: { link: string; from: string; to: string };
    /** Measured estimate, see {@link estimateRollbackSeconds}. */
    estimated_rollback_duration_seconds?: number;
    /** What the estimate is made of: measured durations of this deployment. */
    estimate_basis?: { verify_phases: Array<{ name: string; duration_ms: number }>; switch_ms: number | null };
    /** Why no rollback is possible. */
    reason?: string;
  };
  /** Workflow files a rollback changes. */
  workflows_to_rollback: Array<{ workflow_id: string } & RollbackFileEntry>;
  /** Configuration files a rollback changes. */
  configurations_to_rollback: Array<{ config_file: string } & RollbackFileEntry>;
  /** What re-runs on the restored release (this deployment's `verify` phases). */
  rollback_verification: {
    /** Health checks re-run. */
    health_checks_required: boolean;
    /** Smoke tests re-run. */
    smoke_tests_required: boolean;
    /** Monitoring is verified again (part of the health checks). */
    monitoring_verification_required: boolean;
    /** Names of the phases re-run. */
    verifying_phases: string[];
  };
}

/**
 * Seconds a rollback is expected to take, from measurement: a rollback makes the same switch of
 * `current` and re-runs exactly this deployment's verifying phases, so their measured durations
 * plus this deployment's measured switch time, rounded up to whole seconds (at least 1).
 */
export function estimateRollbackSeconds(phases: readonly PhaseOutcome[], switchMs = 0): number {
  const verifyMs = phases.filter((p) => p.kind === 'verify').reduce((sum, p) => sum + p.durationMs, 0);
  return Math.max(1, Math.ceil((verifyMs + switchMs) / 1000));
}

/** Builds the rollback manifest from real paths and measured durations (pure). */
export function buildRollbackManifest(input: RollbackManifestInput): RollbackManifest {
  const { previous } = input;
  const verify = input.phases.filter((p) => p.kind === 'verify');
  const stable = (dir: string, file: string) => path.join(input.envDir, dir, file);
  const entry = (dir: 'workflows' | 'configs', file: string, present: readonly string[]): RollbackFileEntry => {
    if (!previous) return { current_version: stable(dir, file), rollback_action: 'none' };
    return present.includes(file)
      ? { current_version: stable(dir, file), previous_version: path.join(previous.dir, dir, file), rollback_action: 'restore_file' }
      : { current_version: stable(dir, file), rollback_action: 'remove_file' };
  };
  const configFiles = [
    'workflow-registry.json',
    ...input.workflows.flatMap((w) => (w.agentConfigFileName ? [w.agentConfigFileName] : [])),
  ];
  return {
    rollback_manifest_version: '1.0.0',
    deployment_id: input.deploymentId,
    deployment_timestamp: input.deploymentTimestamp,
    environment: input.environment,
    rollback_available: previous !== undefined,
    rollback_instructions: previous
      ? {
          method: 'restore_previous_deployment',
          previous_deployment_id: previous.id,
          previous_deployment_status: previous.status,
          previous_deployment_path: previous.dir,
          command: cliCommand('rollback', [previous.id], input),
          switch: {
            link: path.join(input.envDir, 'current'),
            from: path.join('releases', input.deploymentId),
            to: path.join('releases', previous.id),
          },
          estimated_rollback_duration_seconds: estimateRollbackSeconds(input.phases, input.switchMs),
          estimate_basis: {
            verify_phases: verify.map((p) => ({ name: p.name, duration_ms: p.durationMs })),
            switch_ms: input.switchMs ?? null,
          },
        }
      : { method: 'none', reason: input.unavailableReason ?? 'No release was current before this deployment.' },
    workflows_to_rollback: input.workflows.map((w) => ({
      workflow_id: w.workflowId,
      ...entry('workflows', w.fileName, previous?.workflowFiles ?? []),
    })),
    configurations_to_rollback: configFiles.map((file) => ({
      config_file: file,
      ...entry('configs', file, previous?.configFiles ?? []),
    })),
    rollback_verification: {
      health_checks_required: verify.length > 0,
      smoke_tests_required: verify.length > 0,
      monitoring_verification_required: verify.length > 0,
      verifying_phases: verify.map((p) => p.name),
    },
  };
}
