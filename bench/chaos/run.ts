/**
 * The full chaos campaign (see campaign.ts and storm.ts): kill trials of deploy and of rollback
 * at uniformly random points, then concurrency storms. Prints the figures as JSON and a summary
 * line per series; docs/reliability.md records the figures of a run.
 *
 * Run (after `pnpm run build`):
 *   pnpm exec tsx bench/chaos/run.ts [--deploy-kills 200] [--rollback-kills 200] [--storms 2] [--seed N]
 */
import { killTrial, measure, passed, setUp, summarize, tearDown, type Trial } from './campaign.js';
import { storm, type StormOutcome } from './storm.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

/** mulberry32: a seeded uniform generator, so a campaign's kill points can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const deployKills = option('deploy-kills', 200);
const rollbackKills = option('rollback-kills', 200);
const storms = option('storms', 2);
const seed = option('seed', Date.now() % 100000);
const next = random(seed);

const chaos = await setUp();
const started = Date.now();
try {
  const report: Record<string, unknown> = { seed, startedAt: new Date(started).toISOString() };
  for (const [kind, count] of [['deploy', deployKills], ['rollback', rollbackKills]] as const) {
    if (count <= 0) continue;
    // Kill points are uniform over the operation's duration, re-measured by every trial's
    // uninterrupted next operation (durations drift on a shared machine).
    let span = kind === 'deploy' ? chaos.deployMs : await measure(chaos, kind);
    const first = span;
    const trials: Trial[] = [];
    for (let i = 0; i < count; i++) {
      const trial = await killTrial(chaos, kind, next() * span);
      if (trial.nextCode === 0) span = trial.nextMs;
      trials.push(trial);
      if (!passed(trial)) process.stderr.write(`${kind} trial ${i + 1} FAILED: ${JSON.stringify(trial)}\n`);
      else if ((i + 1) % 10 === 0) process.stderr.write(`${kind}: ${i + 1}/${count} trials passed so far\n`);
    }
    report[kind] = { uninterruptedMs: Math.round(first), lastUninterruptedMs: Math.round(span), ...summarize(trials) };
    process.stderr.write(`${kind} kills: ${JSON.stringify(report[kind])}\n`);
  }
  const outcomes: StormOutcome[] = [];
  for (let i = 0; i < storms; i++) outcomes.push(await storm(chaos, { deploys: 3, rollbacks: 3, invokes: 4 }));
  report.storms = outcomes;
  report.durationMs = Date.now() - started;
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} finally {
  await tearDown(chaos);
}
