import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killTrial, measure, passed, setUp, summarize, tearDown, type ChaosEnv } from './campaign.js';
import { storm } from './storm.js';

// The CI sample of the campaign (the full one: `pnpm exec tsx bench/chaos/run.ts`).
// Small on purpose: a deploy trial costs a killed deploy plus a full next deploy.
const DEPLOY_KILLS = Number(process.env.CHAOS_DEPLOY_KILLS ?? 2);
const ROLLBACK_KILLS = Number(process.env.CHAOS_ROLLBACK_KILLS ?? 4);

describe.skipIf(process.platform !== 'linux')('chaos sample: SIGKILL at random points, then a storm', () => {
  let chaos: ChaosEnv;
  beforeAll(async () => {
    chaos = await setUp();
  }, 600_000);
  afterAll(async () => {
    if (chaos) await tearDown(chaos);
  });

  for (const kind of ['deploy', 'rollback'] as const) {
    it(`leaves the environment sound, no orphan and no history gap after ${kind} kills; the next ${kind} succeeds at once`, async () => {
      let span = kind === 'deploy' ? chaos.deployMs : await measure(chaos, kind);
      const count = kind === 'deploy' ? DEPLOY_KILLS : ROLLBACK_KILLS;
      const trials = [];
      // Spread evenly with jitter: a small sample still covers early, middle and late kills.
      for (let i = 0; i < count; i++) {
        const trial = await killTrial(chaos, kind, ((i + Math.random()) / count) * span);
        trials.push(trial);
        if (trial.nextCode === 0) span = trial.nextMs;
      }
      expect(trials.filter((t) => !passed(t)), JSON.stringify(summarize(trials))).toEqual([]);
    }, 900_000);
  }

  it('lets a storm of deploys, rollbacks and invokes end with one winner at a time, sound, with history matching current', async () => {
    const outcome = await storm(chaos, { deploys: 2, rollbacks: 2, invokes: 3 });
    expect(outcome.failed).toEqual([]);
    expect(outcome.unsound).toEqual([]);
    expect(outcome.historyMismatch).toBeNull();
    expect(outcome.orphans).toEqual([]);
    expect(outcome.succeeded).toBeGreaterThanOrEqual(4); // the invokes, and at least one switch
  }, 600_000);
});
