/**
 * Rollback switch time for releases of 10 vs 1000 workflows, health checks excluded.
 *
 * The switch of `current` is one rename of a symlink, so it must not grow with the size of the
 * release. Two measurements, each on releases built like the release phase builds them
 * (workflows/, configs/, tests/, release.json listing every workflow):
 *
 * - `ReleaseStore.activate`: the switch itself (stable links checked, `current` renamed,
 *   `activatedAt` recorded);
 * - `restoreRelease` with no verifying phase: everything a rollback does except the health
 *   checks and smoke tests (venv check, switch, reading the release back, its `.env`).
 *
 * Each is timed alternately between two releases of the same size, many times, the two sizes
 * interleaved; the figures are medians, and the ratio is 1000-workflow median / 10-workflow
 * median from this one run.
 *
 * Run: `pnpm exec tsx bench/rollback/run.ts` (optional argument: iterations, default 300).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentLayout, ReleaseStore } from '../../packages/core/src/index.js';
import { defaultSettings } from '../../packages/core/src/entries/config.js';
import { PythonBridge } from '../../packages/core/src/entries/python.js';
import { EnvSecretsBackend, Redactor } from '../../packages/core/src/entries/secrets.js';
import { restoreRelease } from '../../packages/core/src/deployer/restore.js';

const iterations = Number(process.argv[2] ?? 300);

async function buildRelease(layout: EnvironmentLayout, store: ReleaseStore, id: string, count: number): Promise<void> {
  const paths = layout.release(id);
  await store.create({ id, environment: layout.environment, workflows: [] });
  for (const dir of [paths.workflows, paths.configs, paths.tests]) await mkdir(dir, { recursive: true });
  const workflows = [];
  for (let i = 0; i < count; i++) {
    const key = `resp_${String(i).padStart(4, '0')}`;
    const name = `workflow-${key}-bench`;
    await writeFile(path.join(paths.workflows, `${name}.py`), `# ${name}\ngraph = None\n`);
    await writeFile(path.join(paths.configs, `agent-${key}-config.json`), JSON.stringify({ agent_id: key, model: 'claude-sonnet-4-5' }));
    await writeFile(path.join(paths.tests, `${name}.tests.json`), '{"cases":[]}');
    workflows.push({
      name, workflowId: `workflow_${key}`, file: `workflows/${name}.py`, graph: `./workflows/${name}.py:graph`,
      agentConfig: `configs/agent-${key}-config.json`, tests: `tests/${name}.tests.json`,
    });
  }
  await writeFile(path.join(paths.dir, '.env'), `DEPLOYMENT_ID=${id}\nWORKFLOW_ENV=dev\n`);
  // As the Deployer records them after a deployment.
  await store.update(id, { workflows, secretNames: ['ANTHROPIC_API_KEY'], status: 'good' });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** One environment whose two releases of `count` workflows a rollback switches between. */
interface Bench {
  count: number;
  layout: EnvironmentLayout;
  store: ReleaseStore;
  ids: [string, string];
  activate: number[];
  restore: number[];
  turn: number;
}

async function prepare(count: number): Promise<Bench> {
  const root = await mkdtemp(path.join(os.tmpdir(), `bench-rollback-${count}-`));
  const layout = new EnvironmentLayout(root, 'dev');
  const store = new ReleaseStore(layout);
  const ids: [string, string] = ['dep-20260101T000000000Z-aaaa', 'dep-20260101T000000001Z-bbbb'];
  for (const id of ids) await buildRelease(layout, store, id, count);
  await store.activate(ids[0]);
  return { count, layout, store, ids, activate: [], restore: [], turn: 0 };
}

const python = new PythonBridge();
const redactor = new Redactor();
const secrets = new EnvSecretsBackend({});

/** One switch with `ReleaseStore.activate`, and one full restore without verification. */
async function step(b: Bench): Promise<void> {
  const from = b.ids[b.turn % 2] as string;
  const to = b.ids[(b.turn + 1) % 2] as string;
  let started = performance.now();
  await b.store.activate(to);
  b.activate.push(performance.now() - started);
  const target = await b.store.read(from);
  started = performance.now();
  await restoreRelease({
    store: b.store, layout: b.layout, target, from: to, reason: 'bench', automatic: false, phases: [], operationId: 'rb-bench',
    settings: defaultSettings('dev'), python, secrets, notifiers: [], archivers: [], redactor, emit: () => undefined, signal: undefined,
  });
  b.restore.push(performance.now() - started);
  b.turn += 1;
}

const small = await prepare(10);
const large = await prepare(1000);
try {
  // Interleaved, so both sizes see the same machine load (the CPU is shared).
  for (let i = 0; i < iterations; i++) {
    const [first, second] = i % 2 === 0 ? [small, large] : [large, small];
    await step(first);
    await step(second);
  }
} finally {
  for (const b of [small, large]) await rm(b.layout.root, { recursive: true, force: true });
}
const ms = (v: number) => `${v.toFixed(3)} ms`;
const row = (label: string, pick: (b: Bench) => number[]) => {
  const s = median(pick(small));
  const l = median(pick(large));
  return `  ${label.padEnd(30)} 10 workflows: ${ms(s)}   1000 workflows: ${ms(l)}   ratio 1000/10: ${(l / s).toFixed(2)}`;
};
console.log(`rollback switch, median of ${iterations} switches each, interleaved (health checks excluded)`);
console.log(row('ReleaseStore.activate', (b) => b.activate));
console.log(row('restoreRelease (no verify)', (b) => b.restore));
