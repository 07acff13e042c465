import {
  Facts,
  writeFileAtomic,
  type Phase,
  type PhaseContext,
  type PhaseOutput,
} from '@exec-automator/core';
import { countIssues } from './common-sections.js';
import { documentsFromOutcomes, errorLogPath, statusReportPath } from './document-paths.js';
import { estimateDisk, sizeSourceFiles } from './disk-estimate.js';
import { assessRisk, countPlan, renderDryRunReport } from './dry-run-report.js';
import { buildErrorLog } from './error-log.js';
import { deployCommand } from './operator-commands.js';
import { redactedJson } from './redact.js';
import { snapshotFromContext, type DeploymentSnapshot } from './snapshot.js';
import { renderStatusReport } from './status-report.js';
import { renderValidationReport } from './validation-report.js';

/** Options of {@link reportPhase}. */
export interface ReportPhaseOptions {
  /** Whether a failure of the report itself fails the deployment. Default `true`. */
  critical?: boolean;
  /** Clock for "generated at" times. Default `() => new Date()`. */
  clock?: () => Date;
}

/** Which document the report phase produced. */
export type ReportFormat = 'status' | 'dry-run' | 'validation';

/**
 * The final "Deployment Status Report". Runs last in every mode, also after a failure:
 *
 * - validate-only: the Validation Report (nothing written);
 * - a deployment stopped by validation: the Validation Report plus a "Deployment stopped" note
 *   (nothing written: the root stays untouched);
 * - dry-run: the Dry-Run Report from every phase's plan (nothing written);
 * - a real run: the Status Report, written to `<env>/DEPLOYMENT-STATUS-REPORT.md` once a release
 *   exists, plus `<env>/deployment-errors-<timestamp>.json` when the deployment failed.
 *
 * The Markdown is returned as `data.markdown` (the Deployer's `reportMarkdown`).
 */
export function reportPhase(options: ReportPhaseOptions = {}): Phase {
  const clock = options.clock ?? (() => new Date());
  return {
    name: 'report',
    title: 'Deployment Status Report',
    kind: 'report',
    critical: options.critical ?? true,

    async run(ctx: PhaseContext): Promise<PhaseOutput> {
      const snapshot = await snapshotFromContext(ctx, clock());
      const redeploy = deployCommand(ctx.layout, ctx.sourceDir, snapshot.workflows.map((w) => w.name));
      if (ctx.mode.validateOnly || stoppedByValidation(ctx)) {
        const stopped = !ctx.mode.validateOnly;
        const markdown = ctx.redact(
          renderValidationReport({
            validation: snapshot.validation,
            environment: ctx.environment,
            generatedAt: snapshot.generatedAt,
            ...(snapshot.failure ? { failure: snapshot.failure } : {}),
            deployCommand: redeploy,
            stopped,
          }),
        );
        const approved = snapshot.validation?.deployment_approved ?? false;
        return {
          summary: `Validation ${approved ? 'passed' : 'failed'}: ${countIssues(snapshot, 'errors')} errors, ${countIssues(snapshot, 'warnings')} warnings${stopped ? '; deployment stopped, nothing written' : ''}`,
          data: { markdown, format: 'validation' satisfies ReportFormat },
        };
      }
      if (ctx.mode.dryRun) {
        const disk = estimateDisk(ctx.outcomes, await sizeSourceFiles(ctx.workflows));
        const markdown = ctx.redact(renderDryRunReport({ snapshot, disk, deployCommand: redeploy }));
        const risk = assessRisk(snapshot);
        return {
          summary: `Dry-run: ${countPlan(ctx.outcomes).actions} planned actions, risk ${risk.level}; nothing written`,
          data: { markdown, format: 'dry-run' satisfies ReportFormat },
        };
      }
      return writeStatus(ctx, snapshot);
    },
  };
}

/** True when validation failed and stopped the deployment before anything was written. */
function stoppedByValidation(ctx: PhaseContext): boolean {
  if (!ctx.failure || ctx.release) return false;
  const validation = ctx.get(Facts.validation);
  return ctx.failure.code === 'VALIDATION_FAILED' || (validation !== undefined && !validation.deployment_approved);
}

async function writeStatus(ctx: PhaseContext, snapshot: DeploymentSnapshot): Promise<PhaseOutput> {
  const release = ctx.release;
  const errorLog = ctx.failure && release ? errorLogPath(ctx.layout.dir, ctx.startedAt) : undefined;
  const markdown = ctx.redact(
    renderStatusReport({ snapshot, documents: documentsFromOutcomes(ctx.outcomes), ...(errorLog ? { errorLog } : {}) }),
  );
  const data = { markdown, format: 'status' satisfies ReportFormat, status: snapshot.status };
  if (!release) {
    return { summary: `Status ${snapshot.status}; nothing was deployed, so no report file was written`, data };
  }
  const reports: string[] = [];
  const statusFile = statusReportPath(ctx.layout.dir);
  await writeFileAtomic(statusFile, markdown);
  reports.push(statusFile);
  if (errorLog && snapshot.failure) {
    const meta = await ctx.releases.read(release.id).catch(() => undefined);
    const log = buildErrorLog({
      deploymentId: snapshot.deploymentId,
      environment: snapshot.environment,
      timestamp: snapshot.generatedAt,
      failure: snapshot.failure,
      phases: ctx.outcomes,
      release: { id: release.id, status: meta?.status ?? 'discarded' },
      ...(snapshot.autoRollback ? { autoRollback: snapshot.autoRollback } : {}),
    });
    await writeFileAtomic(errorLog, redactedJson(log, (t) => ctx.redact(t)));
    reports.push(errorLog);
  }
  return { summary: `Status ${snapshot.status}; report written to ${statusFile}`, reports, data };
}
