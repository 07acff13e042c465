/**
 * Deploy cost against what changed, for sources of N = 1, 10 and 100 small workflows (seed
 * format, one test case each, fake models), on the real default pipeline to `dev`:
 *
 * - cold: a fresh root and a fresh cache directory (the uv download cache stays warm: the
 *   installs fetch nothing, so what is measured is ours plus uv's install);
 * - warm: the same source deployed again, nothing changed;
 * - one changed: one workflow of the N edited, deployed again;
 * - one alone: a deploy of that one workflow by itself into a fresh root with the warm cache;
 * - bare steps, in the same run: copy the source, one Python start (the release venv) that
 *   imports and compiles every graph and runs every test case once.
 *
 * Prints wall times, runner starts, and the ratios the goals are about: warm / bare (goal
 * <= 1.5), one-changed-of-100 / one-alone (goal <= 1.5), and how much of the cold deploy the
 * venv build is. Figures are from this one run; the machine is noisy, ratios are what compare.
 *
 * Run: `pnpm exec tsx bench/deploy/run.ts [sizes, default 1,10,100]`.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Deployer, type DeployerEvent, type DeploymentResult } from '../../packages/core/src/index.js';
import { RunnerWorker } from '../../packages/core/src/entries/python.js';
import { loadTestSuite } from '../../packages/core/src/entries/testing.js';
import { defaultPhases } from '../../packages/pipeline/src/index.js';

const sizes = (process.argv[2] ?? '1,10,100').split(',').map(Number);

function workflowSource(key: string): string {
  return `"""Bench workflow ${key}: one model call, one node."""

from langchain_anthropic import ChatAnthropic
from langgraph.graph import END, START, StateGraph
from typing_extensions import TypedDict


class State(TypedDict, total=False):
    text: str
    reply: str
    errors: list[str]


def answer(state: State) -> dict:
    try:
        reply = ChatAnthropic(model="claude-haiku-4-5").invoke(state.get("text", ""))
        return {"reply": reply.content}
    except Exception as exc:  # record, do not crash
        return {"errors": [repr(exc)]}


workflow = StateGraph(State)
workflow.add_node("answer", answer)
workflow.add_edge(START, "answer")
workflow.add_edge("answer", END)
graph = workflow.compile()
`;
}

async function makeSource(dir: string, count: number): Promise<string[]> {
  await mkdir(path.join(dir, 'tests'), { recursive: true });
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = `b${String(i).padStart(3, '0')}`;
    const name = `workflow-${key}-bench`;
    names.push(name);
    await writeFile(path.join(dir, `${name}.py`), workflowSource(key));
    await writeFile(
      path.join(dir, `agent-${key}-config.json`),
      JSON.stringify({ agent_id: key, agent_name: `Bench ${key}`, model: 'claude-haiku-4-5', system_prompt: 'Answer.', tools: [], monitoring: {} }),
    );
    await writeFile(
      path.join(dir, 'tests', `${name}.tests.json`),
      JSON.stringify({ workflow: name, cases: [{ name: 'answers', input: { text: 'hi' }, responses: ['hello'], expect: { output: { reply: 'hello' } }, smoke: true }] }),
    );
  }
  return names;
}

interface Measured {
  ms: number;
  starts: number;
  result: DeploymentResult;
}

async function deploy(root: string, cacheDir: string, source: string, workflows: 'all' | string[] = 'all'): Promise<Measured> {
  const deployer = new Deployer({ root, phases: defaultPhases(), python: { cacheDir } });
  let starts = 0;
  deployer.on('event', (e: DeployerEvent) => {
    if (e.type === 'python:start') starts += 1;
  });
  const started = performance.now();
  const result = await deployer.deploy({ source, environment: 'dev', workflows });
  if (result.status !== 'SUCCESS') throw new Error(`deploy ${result.status}: ${result.error?.message ?? ''}`);
  return { ms: performance.now() - started, starts, result };
}

/** Copy + one Python start that compiles every graph and runs every test case once. */
async function bareSteps(source: string, venvPython: string, names: string[]): Promise<number> {
  const started = performance.now();
  const target = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-bare-'));
  await cp(source, target, { recursive: true });
  const worker = new RunnerWorker({ python: venvPython });
  try {
    for (const name of names) {
      const ref = `${path.join(target, `${name}.py`)}:graph`;
      await worker.request('inspect', { ref, fake_models: true });
      const suite = await loadTestSuite(path.join(target, 'tests', `${name}.tests.json`));
      for (const c of suite.cases) await worker.request('invoke', { ref, input: c.input, fake_models: { responses: c.responses } });
    }
  } finally {
    await worker.close();
    await rm(target, { recursive: true, force: true });
  }
  return performance.now() - started;
}

function phases(m: Measured): string {
  return m.result.phases.map((p) => `${p.name} ${(p.durationMs / 1000).toFixed(1)}`).join(', ');
}

function s(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-bench-deploy-'));
  const rows: string[] = [];
  try {
    for (const n of sizes) {
      const dir = path.join(base, `n${n}`);
      const source = path.join(dir, 'source');
      const cacheDir = path.join(dir, 'cache');
      const names = await makeSource(source, n);
      const root = path.join(dir, 'root');
      const cold = await deploy(root, cacheDir, source);
      const install = cold.result.phases.find((p) => p.name === 'dependencies');
      const validate = cold.result.phases.find((p) => p.name === 'validate');
      const warm = await deploy(root, cacheDir, source);
      const edited = path.join(source, `${names[0] as string}.py`);
      await writeFile(edited, `${await readFile(edited, 'utf8')}\n# edited for the bench\n`);
      const changed = await deploy(root, cacheDir, source);
      // that one workflow deployed alone, in a fresh root with the warm cache, the edit undone
      await writeFile(edited, workflowSource('b000'));
      const alone = await deploy(path.join(dir, 'root-alone'), cacheDir, source, [names[0] as string]);
      const bare = await bareSteps(source, path.join(root, 'dev', 'venv', 'bin', 'python'), names);
      rows.push(
        [
          `N=${n}`,
          `  cold ${s(cold.ms)} (${cold.starts} runner starts; validation ${s(validate?.durationMs ?? 0)}, dependencies ${s(install?.durationMs ?? 0)})`,
          `  warm ${s(warm.ms)} (${warm.starts} runner starts)   bare steps ${s(bare)}   warm/bare ${(warm.ms / bare).toFixed(2)} (goal <= 1.5)`,
          `    warm phases: ${phases(warm)}`,
          `  one of ${n} changed ${s(changed.ms)} (${changed.starts} runner starts)   one alone ${s(alone.ms)}   changed/alone ${(changed.ms / alone.ms).toFixed(2)} (goal <= 1.5)`,
        ].join('\n'),
      );
      process.stdout.write(`${rows.at(-1) as string}\n`);
    }
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

await main();
