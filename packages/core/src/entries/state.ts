/**
 * `@exec-automator/core/state`: An environment's durable state below the Deployer: release metadata, the deploy lock and lock files, the history journal, the write-ahead switch journal and reconciliation, process identity.
 *
 * @packageDocumentation
 */
export { environmentStatus, resolveRollbackTarget } from '../deployer/status.js';
export { FactStore } from '../phase/facts.js';
export { RELEASE_STATE_FILE, type PruneResult } from '../release/release-store.js';
export type { ReleasedProject, ReleasedWorkflow } from '../release/release-meta.js';
export { DeployLock, staleReason } from '../lock/deploy-lock.js';
export { reconcileEnvironment, type Reconciliation } from '../deployer/reconcile.js';
export { SwitchJournal, type SwitchIntent } from '../deployer/switch-journal.js';
export { LockFile, staleLockReason, type HeldLock, type LockRecord } from '../lock/lock-file.js';
export {
  bootId,
  deadReason,
  isAlive,
  processIdentity,
  readProcStat,
  type ProcessIdentity,
  type ProcStat,
} from '../util/process-identity.js';
export { HistoryJournal } from '../history/history-journal.js';
export { rootDiskUsage } from '../deployer/status.js';
