/**
 * Dependency installation: uv vs pip on a cold install, and a warm redeploy vs a cold deploy.
 *
 * 1. Cold install of the example workflows' requirements (the seed base list plus what the
 *    examples import, as the dependencies phase builds it) into a fresh venv, once with uv and
 *    once with pip, each with its own empty download cache, so both fetch every wheel.
 * 2. The real default pipeline deploying the examples to `dev` twice in a fresh root: the first
 *    deploy builds the environment's venv (cold), the second finds the lock unchanged and reuses
 *    it (warm). The installer runs are counted from `python:install` events.
 *
 * Ratios are from this one run. Run: `pnpm exec tsx bench/install/run.ts` (argument `--skip-pip`
 * leaves out the pip install, which takes minutes).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployer, type DeployerEvent } from '../../packages/core/src/index.js';
import { buildRequirements, ensureVenv, findPython, PythonBridge, resolveInstaller } from '../../packages/core/src/entries/python.js';
import { defaultPhases } from '../../packages/pipeline/src/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const examples = path.join(repo, 'examples', 'workflows');
const skipPip = process.argv.includes('--skip-pip');

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function examplesRequirements(): Promise<string> {
  const bridge = new PythonBridge();
  try {
    const worker = await bridge.baseWorker();
    const files = ['workflow-resp_002-member-communication.py', 'workflow-resp_005-board-coordination.py'].map((f) => path.join(examples, f));
    const analysis = await worker.request('analyze', { files });
    return buildRequirements({ imports: analysis.files.flatMap((f) => f.third_party_imports) }).text;
  } finally {
    await bridge.closeAll();
  }
}

async function coldInstall(kind: 'uv' | 'pip', requirements: string): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `exec-automator-bench-${kind}-`));
  // An empty download cache per installer: a cold install fetches every wheel.
  const saved = { UV_CACHE_DIR: process.env.UV_CACHE_DIR, PIP_CACHE_DIR: process.env.PIP_CACHE_DIR };
  process.env.UV_CACHE_DIR = path.join(dir, 'uv-cache');
  process.env.PIP_CACHE_DIR = path.join(dir, 'pip-cache');
  try {
    const python = await findPython();
    const venv = await ensureVenv({ baseDir: path.join(dir, 'venvs'), requirements, python, installer: await resolveInstaller(python, kind) });
    return venv.durationMs;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await rm(dir, { recursive: true, force: true });
  }
}

async function deployTwice(): Promise<Array<{ ms: number; installs: number; status: string }>> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-bench-deploy-'));
  try {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const deployer = new Deployer({ root, phases: defaultPhases() });
      const events: DeployerEvent[] = [];
      deployer.on('event', (e) => events.push(e));
      const started = performance.now();
      const result = await deployer.deploy({ source: examples, environment: 'dev' });
      runs.push({ ms: performance.now() - started, installs: events.filter((e) => e.type === 'python:install').length, status: result.status });
    }
    return runs;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const requirements = await examplesRequirements();
const lines = requirements.split('\n').filter((l) => l.trim() && !l.startsWith('#')).length;
console.log(`Cold install of the examples' requirements (${lines} requirement lines), fresh venv, empty download cache:`);
const uv = await coldInstall('uv', requirements);
console.log(`  uv   ${seconds(uv)}`);
if (!skipPip) {
  const pip = await coldInstall('pip', requirements);
  console.log(`  pip  ${seconds(pip)}`);
  console.log(`  pip / uv = ${(pip / uv).toFixed(1)}x`);
}

console.log('\nDeploying the examples to dev twice (default pipeline, same source):');
const [cold, warm] = (await deployTwice()) as [{ ms: number; installs: number; status: string }, { ms: number; installs: number; status: string }];
console.log(`  cold deploy  ${seconds(cold.ms)}  ${cold.status}, ${cold.installs} installer run(s)`);
console.log(`  warm deploy  ${seconds(warm.ms)}  ${warm.status}, ${warm.installs} installer run(s)`);
console.log(`  cold / warm = ${(cold.ms / warm.ms).toFixed(1)}x`);
