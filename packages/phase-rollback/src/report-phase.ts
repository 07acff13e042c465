import {
  type ArchiveResult,
  type Phase,
  type PhaseContext,
  type PhaseOutcome,
  type PhaseOutput,
  type PlannedAction,
} from '@exec-automator/core';
import { HistoryJournal } from '@exec-automator/core/state';
import { writeFileAtomic } from '@exec-automator/core/util';
import { archiveReports, renderErrorNote } from './archive-reports.js';
import { countIssues } from './common-sections.js';
import { documentsFromOutcomes, errorLogPath, statusReportPath, validationReportPaths } from './document-paths.js';
import { pruneReports, reportsBeyond } from './report-retention.js';
import { estimateDisk, sizeSourceFiles } from './disk-estimate.js';
import { assessRisk, countPlan, renderDryRunReport } from './dry-run-report.js';
import { buildErrorLog } from './error-log.js';
import { deployCommand } from './operator-commands.js';
import { redactedJson } from './redact.js';
import { snapshotFromContext, type DeploymentSnapshot } from './snapshot.js';
import { renderStatusReport } from './status-report.js';
import { renderValidationReport } from './validation-report.js';
import { Facts } from './facts.js';

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
 * - validate-only: the Validation Report, written with the JSON report to
 *   `<env>/validation/validation-report-<timestamp>.{md,json}` (nothing else is written);
 * - a deployment stopped by validation: the Validation Report plus a "Deployment stopped" note
 *   (nothing written: the root stays untouched);
 * - dry-run: the Dry-Run Report from every phase's plan (nothing written);
 * - a real run: the Status Report, written to `<env>/DEPLOYMENT-STATUS-REPORT.md` once a release
 *   exists, plus `<env>/deployment-errors-<timestamp>.json` when the deployment failed.
 *
 * In real runs only, the status report (and, on failure, an error note) goes to every archiver of
 * the environment (`ctx.archivers`, e.g. the Obsidian vault); results are in `data.archive`.
 * `plan()` names the status report, so a dry-run's plan lists it too.
 *
 * The Markdown is returned as `markdown` (the Deployer's `reportMarkdown`).
 */
export function reportPhase(options: ReportPhaseOptions = {}): Phase {
  const clock = options.clock ?? (() => new Date());
  const phase: Phase = {
    name: 'report',
    title: 'Deployment Status Report',
    kind: 'report',
    critical: options.critical ?? true,

    async plan(ctx: PhaseContext): Promise<PlannedAction[]> {
      return ownPlan(ctx);
    },

    async run(ctx: PhaseContext): Promise<PhaseOutput> {
      const snapshot = await snapshotFromContext(ctx, clock());
      const redeploy = deployCommand(ctx.layout, ctx.sourceDir, snapshot.workflows.map((w) => w.name));
      if (ctx.mode.validateOnly || stoppedByValidation(ctx)) {
        const stopped = !ctx.mode.validateOnly;
        const archive = stopped && snapshot.failure
          ? await archiveReports(ctx, snapshot, { errorMarkdown: renderErrorNote({ snapshot, failure: snapshot.failure }) })
          : [];
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
        const reports = ctx.mode.validateOnly ? await writeValidationReports(ctx, snapshot, markdown) : [];
        return withArchive(
          {
            summary: `Validation ${approved ? 'passed' : 'failed'}: ${countIssues(snapshot, 'errors')} errors, ${countIssues(snapshot, 'warnings')} warnings${stopped ? '; deployment stopped, nothing written' : ''}`,
            ...(reports.length ? { reports } : {}),
            markdown,
            data: { format: 'validation' satisfies ReportFormat },
          },
          archive,
        );
      }
      if (ctx.mode.dryRun) {
        // This phase's own planned writes belong to the plan it renders.
        const phases = [...ctx.outcomes, plannedSelf(phase, await ownPlan(ctx))];
        const disk = estimateDisk(phases, await sizeSourceFiles(ctx.workflows));
        const pastDurationsMs = (await new HistoryJournal(ctx.layout.history).read().catch(() => []))
          .filter((h) => h.event === 'deploy' && h.status === 'SUCCESS' && typeof h.durationMs === 'number')
          .map((h) => h.durationMs as number);
        const markdown = ctx.redact(renderDryRunReport({ snapshot: { ...snapshot, phases }, disk, deployCommand: redeploy, pastDurationsMs }));
        const risk = assessRisk(snapshot);
        return {
          summary: `Dry-run: ${countPlan(phases).actions} planned actions, risk ${risk.level}; nothing written`,
          markdown,
          data: { format: 'dry-run' satisfies ReportFormat },
        };
      }
      return writeStatus(ctx, snapshot);
    },
  };
  return phase;
}

/** What a real run of this phase writes (a failed run also writes the error log). */
async function ownPlan(ctx: PhaseContext): Promise<PlannedAction[]> {
  const plan: PlannedAction[] = [{ kind: 'write-file', description: 'Write the Deployment Status Report', target: statusReportPath(ctx.layout.dir) }];
  // This run's deployment report is one more: what would then be beyond the retention.
  const keep = reportRetention(ctx);
  const old = await reportsBeyond(ctx.layout.dir, Math.max(0, keep - 1));
  if (old.length > 0) plan.push({ kind: 'run', description: `Remove ${old.length} old report file(s), keeping the newest ${keep} of each kind (keepReports)` });
  return plan;
}

/** How many reports of each kind an environment keeps: `keepReports`, else `keepReleases`. */
function reportRetention(ctx: PhaseContext): number {
  return ctx.settings.keepReports ?? ctx.settings.keepReleases;
}

/** This phase as a planned outcome, for the dry-run report it renders while it runs. */
function plannedSelf(phase: Phase, plan: PlannedAction[]): PhaseOutcome {
  return { name: phase.name, title: phase.title, kind: phase.kind, critical: phase.critical !== false, status: 'planned', durationMs: 0, summary: `${plan.length} planned action(s)`, plan };
}

/** Adds the archive results to an output: `data.archive`, a warning per failed archiver. */
function withArchive(output: PhaseOutput, results: readonly ArchiveResult[]): PhaseOutput {
  if (results.length === 0) return output;
  const failed = results.filter((r) => !r.ok).map((r) => `archiver ${r.archiver} failed${r.location ? ` (${r.location})` : ''}: ${r.error ?? 'unknown error'}`);
  const stored = results.filter((r) => r.ok).length;
  return {
    ...output,
    summary: `${output.summary}; archived ${stored}/${results.length}`,
    warnings: [...(output.warnings ?? []), ...failed],
    data: { ...output.data, archive: results },
  };
}

/** Validate-only mode: the JSON and Markdown validation reports, the only files the run writes. */
async function writeValidationReports(ctx: PhaseContext, snapshot: DeploymentSnapshot, markdown: string): Promise<string[]> {
  const target = validationReportPaths(ctx.layout.dir, ctx.startedAt);
  const written: string[] = [];
  if (snapshot.validation) {
    await writeFileAtomic(target.json, redactedJson(snapshot.validation, (t) => ctx.redact(t)));
    written.push(target.json);
  }
  await writeFileAtomic(target.markdown, markdown);
  written.push(target.markdown);
  return written;
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
  const data = { format: 'status' satisfies ReportFormat, status: snapshot.status };
  if (!release) {
    const archive = snapshot.failure
      ? await archiveReports(ctx, snapshot, { errorMarkdown: renderErrorNote({ snapshot, failure: snapshot.failure }) })
      : [];
    return withArchive({ summary: `Status ${snapshot.status}; nothing was deployed, so no report file was written`, markdown, data }, archive);
  }
  const reports: string[] = [];
  const statusFile = statusReportPath(ctx.layout.dir);
  await writeFileAtomic(statusFile, markdown);
  reports.push(statusFile);
  const meta = await ctx.releases.read(release.id).catch(() => undefined);
  if (errorLog && snapshot.failure) {
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
  // Reports follow the release retention: one per deployment would otherwise pile up forever.
  const pruned = await pruneReports(ctx.layout.dir, reportRetention(ctx));
  const archive = await archiveReports(ctx, snapshot, {
    statusMarkdown: markdown,
    ...(snapshot.failure
      ? {
          errorMarkdown: renderErrorNote({
            snapshot, failure: snapshot.failure, statusReport: statusFile, releaseStatus: meta?.status ?? 'discarded', ...(errorLog ? { errorLog } : {}),
          }),
        }
      : {}),
  });
  return withArchive(
    {
      summary: `Status ${snapshot.status}; report written to ${statusFile}${pruned.length ? `; ${pruned.length} old report file(s) removed` : ''}`,
      reports,
      markdown,
      data: { ...data, prunedReports: pruned },
    },
    archive,
  );
}
