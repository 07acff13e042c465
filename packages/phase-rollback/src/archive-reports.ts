import type { ArchiveEntry, ArchiveResult, PhaseContext, SerializedDeployError } from '@exec-automator/core';
import { code, FOOTER, lines, sections } from './markdown.js';
import type { DeploymentSnapshot } from './snapshot.js';

/** Input of {@link renderErrorNote}. */
export interface ErrorNoteInput {
  /** The failed operation. */
  snapshot: DeploymentSnapshot;
  /** Its error. */
  failure: SerializedDeployError;
  /** The error log written beside the status report, if any. */
  errorLog?: string;
  /** The status report, if one was written. */
  statusReport?: string;
  /** The release's status at the end (`bad`, `discarded`), when a release was created. */
  releaseStatus?: string;
}

/**
 * The Markdown archived for a failed operation (the seed's
 * `Projects/Exec-Automator/Errors/<org>-deployment-errors.md` entries): what failed, where, and
 * where the environment stands, from real data only.
 */
export function renderErrorNote(input: ErrorNoteInput): string {
  const { snapshot: s, failure: f } = input;
  const rollback = s.autoRollback;
  return sections(
    lines(
      `# Deployment Error: ${f.code}`,
      '',
      `- **Deployment ID:** ${s.deploymentId}`,
      `- **Environment:** ${s.environment}`,
      `- **Started:** ${s.startedAt}`,
      f.phase && `- **Phase:** ${f.phase}`,
      s.release && `- **Release:** ${s.release.id}${input.releaseStatus ? ` (${input.releaseStatus})` : ''}`,
      rollback && `- **Automatic Rollback:** to ${rollback.to}, ${rollback.verified ? '✓ verified' : '✗ not verified'}`,
      input.errorLog && `- **Error Log:** ${code(input.errorLog)}`,
      input.statusReport && `- **Status Report:** ${code(input.statusReport)}`,
      '',
      '```text',
      f.message.replace(/```/g, "'''"),
      '```',
    ),
    FOOTER,
  );
}

/**
 * Hands the operation's documents to the environment's archivers: the status report (when one
 * was rendered) and, for a failed operation, the error note. Only real runs archive: a dry-run or
 * validate-only run returns at once (the Deployer also hands such runs inert archivers).
 */
export async function archiveReports(
  ctx: PhaseContext,
  snapshot: DeploymentSnapshot,
  documents: { statusMarkdown?: string; errorMarkdown?: string },
): Promise<ArchiveResult[]> {
  if (ctx.mode.dryRun || ctx.mode.validateOnly || ctx.archivers.length === 0) return [];
  const base = {
    environment: snapshot.environment,
    organization: snapshot.organization,
    operationId: snapshot.deploymentId,
    status: snapshot.status,
    timestamp: snapshot.startedAt,
  };
  const entries: ArchiveEntry[] = [];
  if (documents.statusMarkdown) entries.push({ ...base, kind: 'deployment', markdown: ctx.redact(documents.statusMarkdown) });
  if (documents.errorMarkdown) entries.push({ ...base, kind: 'error', markdown: ctx.redact(documents.errorMarkdown) });
  const results: ArchiveResult[] = [];
  for (const archiver of ctx.archivers) {
    for (const entry of entries) {
      try {
        results.push(await archiver.archive(entry));
      } catch (error) {
        // The contract says archivers return failures; one that throws must not fail the report.
        results.push({ archiver: archiver.name, ok: false, error: ctx.redact((error as Error).message) });
      }
    }
  }
  return results;
}
