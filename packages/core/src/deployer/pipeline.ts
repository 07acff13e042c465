import type { DeployError } from '../errors/deploy-error.js';
import type { Phase } from '../phase/phase.js';
import { PHASE_KIND_RULES } from '../phase/phase-rules.js';
import type { Operation } from './operation.js';

/** Hooks the pipeline calls on a critical failure; the Deployer decides what they do. */
export interface FailureHandlers {
  /** A critical phase failed before `current` was switched: undo and discard. */
  beforeSwitch(failed: Phase, cause: DeployError, completed: readonly Phase[]): Promise<void>;
  /** A critical phase failed after the switch. */
  afterSwitch(failed: Phase, cause: DeployError): Promise<void>;
}

/**
 * Runs `phases` in order for one operation. What happens to each phase follows from its kind's
 * rules ({@link PHASE_KIND_RULES}); the first critical failure stops every later phase except
 * `report` ones, which write the reports of the failed operation.
 */
export async function runPipeline(phases: readonly Phase[], op: Operation, handlers: FailureHandlers): Promise<void> {
  const completed: Phase[] = [];
  const { mode } = op.init;
  for (const [index, phase] of phases.entries()) {
    const rule = PHASE_KIND_RULES[phase.kind];
    if (op.failure && !rule.runsAfterFailure) {
      op.skip(phase, `not run: ${op.failure.phase ?? 'an earlier phase'} failed`);
      continue;
    }
    if (mode.validateOnly && rule.validateOnly === 'skip') {
      op.skip(phase, 'validate-only mode');
      continue;
    }
    if (mode.dryRun && rule.dryRun === 'plan') {
      // The release directory a real run creates before this phase belongs to its plan.
      await op.plan(phase, rule.writesRelease ? op.planRelease() : []);
      continue;
    }
    const failureBefore = op.failure;
    const prepare = rule.writesRelease && !failureBefore ? () => op.ensureRelease() : undefined;
    const outcome = await op.run(phase, index + 1, phases.length, prepare);
    if (outcome.status === 'succeeded') {
      completed.push(phase);
      continue;
    }
    const cause = op.failure;
    if (cause === undefined || cause === failureBefore) continue; // non-critical, or a report phase after a failure
    if (op.switched) await handlers.afterSwitch(phase, cause);
    else await handlers.beforeSwitch(phase, cause, completed);
  }
}
