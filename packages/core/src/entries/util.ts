/**
 * `@exec-automator/core/util`: Small helpers shared by the packages: atomic writes, ids and path arguments, timestamps.
 *
 * @packageDocumentation
 */
export {
  assertDeploymentId,
  assertEnvironmentName,
  assertExecutionId,
  assertPathArgument,
  assertThreadId,
  assertWorkflowName,
  ID_PATTERN,
  idProblem,
  isInside,
  resolveInside,
  showValue,
  workflowNameProblem,
} from '../util/identifiers.js';
export { replaceSymlink, writeFileAtomic, writeFileExclusive, writeJsonAtomic, type AtomicWriteOptions } from '../util/atomic-fs.js';
export { compactTimestamp, newOperationId } from '../util/time.js';
export { pathExists } from '../util/path-exists.js';
export { diskUsage, type DiskUsage, formatBytes } from '../util/disk-usage.js';
export { assertJsonWithinLimits, type BoundedJson, boundJson, FILE_JSON_LIMITS, jsonDepth, jsonLimitProblem, type JsonLimits } from '../util/json-limits.js';
export { JsonlJournal } from '../util/jsonl-journal.js';
