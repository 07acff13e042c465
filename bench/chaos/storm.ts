/**
 * The concurrency storm: deploys, rollbacks and invokes of one environment started at the same
 * moment. Every deploy and rollback either succeeds or is refused with `DEPLOY_LOCKED` (exit 4),
 * every invoke completes against the release current when it started; afterwards the
 * environment is sound, history matches `current` and no process is left.
 */
import { cli, deployArgs, historyMismatch, rollbackArgs, soundness, waitForOrphans, type ChaosEnv, type Run } from './campaign.js';

/** How many of each operation one storm starts. */
export interface StormSize {
  deploys: number;
  rollbacks: number;
  invokes: number;
}

/** What one storm did. */
export interface StormOutcome {
  started: number;
  succeeded: number;
  locked: number;
  failed: Array<{ args: string; code: number | null; tail: string }>;
  unsound: string[];
  historyMismatch: string | null;
  orphans: string[];
  ms: number;
}

/** Runs one storm of `size` against the campaign's environment. */
export async function storm(chaos: ChaosEnv, size: StormSize): Promise<StormOutcome> {
  const started = performance.now();
  const invoke = ['invoke', 'workflow-chaos_001-echo', '--input', '{"text":"storm"}', '--root', chaos.root, '--environment=dev', '--quiet'];
  const plans: string[][] = [
    ...Array.from({ length: size.deploys }, () => deployArgs(chaos)),
    ...(await Promise.all(Array.from({ length: size.rollbacks }, () => rollbackArgs(chaos)))),
    ...Array.from({ length: size.invokes }, () => invoke),
  ];
  const runs: Run[] = await Promise.all(plans.map((args) => cli(chaos, args)));
  const failed = runs
    .map((run, i) => ({ run, args: (plans[i] as string[]).slice(0, 2).join(' ') }))
    .filter(({ run }) => run.code !== 0 && run.code !== 4)
    .map(({ run, args }) => ({ args, code: run.code, tail: run.stderr.slice(-400) }));
  const orphans = (await Promise.all(runs.map((r) => waitForOrphans(chaos, r.pid, 3000)))).flat();
  return {
    started: runs.length,
    succeeded: runs.filter((r) => r.code === 0).length,
    locked: runs.filter((r) => r.code === 4).length,
    failed,
    unsound: await soundness(chaos),
    historyMismatch: await historyMismatch(chaos),
    orphans,
    ms: Math.round(performance.now() - started),
  };
}
