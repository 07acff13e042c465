/**
 * `@exec-automator/core/reports`: The report formats phases write and read (validation, health) and the validation codes.
 *
 * @packageDocumentation
 */
export type { HealthReport, ServerHealth, ServerSmokeRun, ValidationIssue, ValidationReport, WorkflowValidation } from '../reports/report-types.js';
export {
  VALIDATION_CODES,
  validationCodeInfo,
  type ValidationCode,
  type ValidationCodeInfo,
  type ValidationSection,
} from '../reports/validation-codes.js';
