import { deployError, type Phase, type PhaseContext, type PhaseOutput, type PlannedAction, RELEASE_SWITCH } from '@exec-automator/core';
import { writeFileAtomic } from '@exec-automator/core/util';
import { renderDeploymentReport } from './deployment-report.js';
import { documentationTargets, type DocumentationTargets, type WrittenDocuments } from './document-paths.js';
import { redactedJson } from './redact.js';
import { findPreviousRelease } from './previous-release.js';
import { buildRollbackManifest } from './rollback-manifest.js';
import { renderRunbook } from './runbook.js';
import { snapshotFromContext } from './snapshot.js';

/** Options of {@link documentationPhase}. */
export interface DocumentationPhaseOptions {
  /** Whether a failure stops the deployment. Default `false`: documentation never blocks a verified release. */
  critical?: boolean;
  /** Clock for "generated at" times. Default `() => new Date()`. */
  clock?: () => Date;
}

/** `{ switchMs }` when the switch was measured, else nothing. */
function optionalSwitch(switchMs: number | undefined): { switchMs?: number } {
  return switchMs === undefined ? {} : { switchMs };
}

/** Where the documents go: the operation's release, or (dry-run) the release it would create. */
function targetsFor(ctx: PhaseContext): DocumentationTargets {
  // In a deployment the release id is the operation id, so a dry-run can name the same paths.
  const release = ctx.release?.paths ?? ctx.layout.release(ctx.operationId);
  return documentationTargets(ctx.layout.dir, release, ctx.release?.id ?? ctx.operationId, ctx.startedAt);
}

/**
 * Seed phase 7, "Documentation & Rollback Preparation": writes the rollback manifest
 * (`<release>/configs/rollback-<id>.json`), the deployment report
 * (`<env>/DEPLOYMENT-REPORT-<timestamp>.md`) and the operator runbook (`<release>/RUNBOOK.md`,
 * seen as `<env>/RUNBOOK.md`). Runs after the health checks, once `current` points at the
 * release. Every text passes through `ctx.redact` before it is written.
 *
 * @example
 * ```ts
 * const deployer = new Deployer({ phases: [validate, environment, dependencies, release, monitoring, health, documentationPhase(), reportPhase()] });
 * ```
 */
export function documentationPhase(options: DocumentationPhaseOptions = {}): Phase {
  const clock = options.clock ?? (() => new Date());
  return {
    name: 'documentation',
    title: 'Documentation & Rollback Preparation',
    kind: 'document',
    critical: options.critical ?? false,

    async plan(ctx: PhaseContext): Promise<PlannedAction[]> {
      const targets = targetsFor(ctx);
      return [
        { kind: 'write-file', description: 'Prepare the rollback manifest', target: targets.rollbackManifest },
        { kind: 'write-file', description: 'Generate the deployment report', target: targets.deploymentReport },
        { kind: 'write-file', description: 'Create the operator runbook', target: targets.runbook },
      ];
    },

    async run(ctx: PhaseContext): Promise<PhaseOutput> {
      const release = ctx.release;
      if (!release) {
        throw deployError('INTERNAL', 'The documentation phase needs the release of this deployment, but the operation has none.', {
          phase: 'documentation',
        });
      }
      const targets = targetsFor(ctx);
      const snapshot = await snapshotFromContext(ctx, clock());
      const lookup = await findPreviousRelease(ctx, release.previousId);
      const manifest = buildRollbackManifest({
        deploymentId: release.id,
        environment: ctx.environment,
        root: ctx.layout.root,
        envDir: ctx.layout.dir,
        deploymentTimestamp: snapshot.startedAt,
        workflows: snapshot.workflows,
        ...(lookup.previous ? { previous: lookup.previous } : { unavailableReason: lookup.reason }),
        phases: ctx.outcomes,
        ...optionalSwitch(ctx.get(RELEASE_SWITCH)?.switchMs),
      });
      const report = renderDeploymentReport({ snapshot, documents: targets, manifest });
      const runbook = renderRunbook({ snapshot, rollbackTo: lookup.previous?.id ?? null, rollbackManifest: targets.rollbackManifest });

      await writeFileAtomic(targets.rollbackManifest, redactedJson(manifest, (t) => ctx.redact(t)));
      await writeFileAtomic(targets.deploymentReport, ctx.redact(report));
      await writeFileAtomic(targets.runbook, ctx.redact(runbook));

      const instructions = manifest.rollback_instructions;
      const rollback: NonNullable<WrittenDocuments['rollback']> = {
        available: manifest.rollback_available,
        estimatedSeconds: instructions.estimated_rollback_duration_seconds ?? 0,
        ...(instructions.command ? { command: instructions.command } : {}),
        ...(instructions.previous_deployment_path ? { previousPath: instructions.previous_deployment_path } : {}),
      };
      if (!rollback.available) ctx.log('warn', `No rollback target: ${instructions.reason ?? 'none'}`);
      return {
        summary: rollback.available
          ? `Wrote rollback manifest, deployment report and runbook; rollback to ${instructions.previous_deployment_id} estimated at ${rollback.estimatedSeconds}s`
          : 'Wrote rollback manifest, deployment report and runbook; no earlier release to roll back to',
        files: [targets.rollbackManifest, targets.deploymentReport, targets.runbook],
        reports: [targets.deploymentReport],
        data: { ...targets, rollback },
      };
    },
  };
}
