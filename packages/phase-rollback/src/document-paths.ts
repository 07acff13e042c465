import path from 'node:path';
import { type PhaseOutcome, type ReleasePaths } from '@exec-automator/core';
import { compactTimestamp } from '@exec-automator/core/util';

/** Where the documentation phase writes its three files. */
export interface DocumentationTargets {
  /** `<release>/configs/rollback-<id>.json` (seen as `<env>/configs/...` through `current`). */
  rollbackManifest: string;
  /** `<env>/DEPLOYMENT-REPORT-<timestamp>.md`. */
  deploymentReport: string;
  /** `<release>/RUNBOOK.md` (seen as `<env>/RUNBOOK.md` through `current`). */
  runbook: string;
}

/**
 * The documentation phase's targets. `plan()` and `run()` both call this, so a dry-run lists
 * exactly the files a real run writes.
 */
export function documentationTargets(envDir: string, release: ReleasePaths, deploymentId: string, startedAt: Date): DocumentationTargets {
  return {
    rollbackManifest: path.join(release.configs, `rollback-${deploymentId}.json`),
    deploymentReport: path.join(envDir, `DEPLOYMENT-REPORT-${compactTimestamp(startedAt)}.md`),
    runbook: path.join(release.dir, 'RUNBOOK.md'),
  };
}

/** `<env>/DEPLOYMENT-STATUS-REPORT.md`: the last deployment's status report. */
export function statusReportPath(envDir: string): string {
  return path.join(envDir, 'DEPLOYMENT-STATUS-REPORT.md');
}

/** `<env>/deployment-errors-<timestamp>.json`: the error log of a failed deployment. */
export function errorLogPath(envDir: string, startedAt: Date): string {
  return path.join(envDir, `deployment-errors-${compactTimestamp(startedAt)}.json`);
}

/**
 * `<env>/validation/validation-report-<timestamp>.json` and `.md`: the reports of a
 * `--validate-only` run, the only files such a run writes.
 */
export function validationReportPaths(envDir: string, startedAt: Date): { json: string; markdown: string } {
  const base = path.join(envDir, 'validation', `validation-report-${compactTimestamp(startedAt)}`);
  return { json: `${base}.json`, markdown: `${base}.md` };
}

/** The documents a documentation phase wrote, as found in the outcomes. */
export interface WrittenDocuments {
  /** Rollback manifest. */
  rollbackManifest?: string;
  /** Deployment report. */
  deploymentReport?: string;
  /** Operator runbook. */
  runbook?: string;
  /** Facts about the rollback the manifest describes (from this package's documentation phase). */
  rollback?: { available: boolean; command?: string; previousPath?: string; estimatedSeconds: number };
}

/**
 * Finds the documents in the outcomes of a successful `document` phase, by file name, so a
 * replacement documentation phase that writes the same files is recognised too.
 */
export function documentsFromOutcomes(phases: readonly PhaseOutcome[]): WrittenDocuments {
  const docs: WrittenDocuments = {};
  for (const outcome of phases) {
    if (outcome.kind !== 'document' || outcome.status !== 'succeeded') continue;
    for (const file of outcome.files ?? []) {
      const base = path.basename(file);
      if (/^rollback-.+\.json$/.test(base)) docs.rollbackManifest = file;
      else if (/^DEPLOYMENT-REPORT-.+\.md$/.test(base)) docs.deploymentReport = file;
      else if (base === 'RUNBOOK.md') docs.runbook = file;
    }
    const rollback = outcome.data?.rollback as WrittenDocuments['rollback'] | undefined;
    if (rollback && typeof rollback.available === 'boolean') docs.rollback = rollback;
  }
  return docs;
}
