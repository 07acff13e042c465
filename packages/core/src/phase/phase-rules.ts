/**
 * The role a phase plays in the pipeline. The Deployer decides what to do with a phase from its
 * kind alone, through {@link PHASE_KIND_RULES}: no per-phase `if` chains.
 */
export type PhaseKind = 'check' | 'prepare' | 'release' | 'verify' | 'document' | 'report';

/** What happens to a phase of one kind in each situation. */
export interface PhaseKindRule {
  /** In a dry-run: run for real, or only `plan()`. */
  readonly dryRun: 'run' | 'plan';
  /** In validate-only mode: run, or skip. */
  readonly validateOnly: 'run' | 'skip';
  /** Runs again on the restored release after a rollback (health checks, smoke tests). */
  readonly rerunOnRollback: boolean;
  /** Runs even after a critical failure (to write the reports of a failed deployment). */
  readonly runsAfterFailure: boolean;
  /** A failure of a critical phase of this kind, after the switch, triggers automatic rollback. */
  readonly failureTriggersRollback: boolean;
  /** Needs the release directory to exist (it is created before the first such phase). */
  readonly writesRelease: boolean;
}

/** The rules for each {@link PhaseKind}. */
export const PHASE_KIND_RULES: Readonly<Record<PhaseKind, PhaseKindRule>> = {
  check: {
    dryRun: 'run',
    validateOnly: 'run',
    rerunOnRollback: false,
    runsAfterFailure: false,
    failureTriggersRollback: false,
    writesRelease: false,
  },
  prepare: {
    dryRun: 'plan',
    validateOnly: 'skip',
    rerunOnRollback: false,
    runsAfterFailure: false,
    failureTriggersRollback: false,
    writesRelease: true,
  },
  release: {
    dryRun: 'plan',
    validateOnly: 'skip',
    rerunOnRollback: false,
    runsAfterFailure: false,
    failureTriggersRollback: false,
    writesRelease: true,
  },
  verify: {
    dryRun: 'plan',
    validateOnly: 'skip',
    rerunOnRollback: true,
    runsAfterFailure: false,
    failureTriggersRollback: true,
    writesRelease: true,
  },
  document: {
    dryRun: 'plan',
    validateOnly: 'skip',
    rerunOnRollback: false,
    runsAfterFailure: false,
    failureTriggersRollback: false,
    writesRelease: true,
  },
  report: {
    dryRun: 'run',
    validateOnly: 'run',
    rerunOnRollback: false,
    runsAfterFailure: true,
    failureTriggersRollback: false,
    writesRelease: false,
  },
};
