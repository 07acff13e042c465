export { documentationPhase, type DocumentationPhaseOptions } from './documentation-phase.js';
export { reportPhase, type ReportFormat, type ReportPhaseOptions } from './report-phase.js';

export { renderStatusReport, outcomeMark, type StatusReportInput } from './status-report.js';
export { renderDryRunReport, assessRisk, IMPORT_NOTE, countPlan, type DryRunReportInput, type PlanCounts, type RiskAssessment } from './dry-run-report.js';
export { renderValidationReport, issueLocation, issueSection, VALIDATION_IMPORT_NOTE, type ValidationReportInput } from './validation-report.js';
export { renderDeploymentReport, type DeploymentReportInput } from './deployment-report.js';
export { renderRunbook, type RunbookInput } from './runbook.js';
export {
  buildRollbackManifest,
  estimateRollbackSeconds,
  type PreviousRelease,
  type RollbackFileEntry,
  type RollbackManifest,
  type RollbackManifestInput,
} from './rollback-manifest.js';
export { buildErrorLog, type DeploymentErrorLog, type ErrorLogInput } from './error-log.js';
export { archiveReports, renderErrorNote, type ErrorNoteInput } from './archive-reports.js';

export {
  snapshotFromContext,
  snapshotFromResult,
  type DeploymentSnapshot,
  type SnapshotRelease,
  type SnapshotSettings,
  type SnapshotWorkflow,
} from './snapshot.js';
export {
  cliCommand,
  deployCommand,
  healthCheckCommand,
  OPERATOR_COMMANDS,
  operatorCommands,
  workflowLog,
  type CommandGroup,
  type CommandTarget,
  type OperatorCommand,
  type ResolvedCommand,
} from './operator-commands.js';
export {
  documentationTargets,
  documentsFromOutcomes,
  errorLogPath,
  statusReportPath,
  type DocumentationTargets,
  type WrittenDocuments,
} from './document-paths.js';
export { estimateDisk, sizeSourceFiles, type DiskEstimate, type SizedFile } from './disk-estimate.js';
export { findPreviousRelease, type PreviousLookup } from './previous-release.js';
export { demoteHeadings, noteSlug, ObsidianArchiver, type ObsidianArchiverOptions } from './obsidian-archiver.js';
