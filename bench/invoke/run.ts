/**
 * Benchmark: per-invocation overhead of running a deployed workflow.
 *
 *   pnpm exec tsx bench/invoke/run.ts [warm-runs] [cold-runs]
 *
 * On a trivial one-node graph (so the graph itself costs ~nothing) it measures, per invocation:
 *   1. warm   a long-lived runner worker answering `invoke` requests (what WorkflowRunner and the
 *             MCP server use),
 *   2. cold   a new Python process per invocation (`exec_automator_runner.py call invoke`),
 *   3. sdk    WorkflowRunner.invoke on a deployed release: warm worker plus the SQLite
 *             checkpointer, the execution registry, the journal line and the Prometheus file.
 * and prints medians and the cold / warm ratio. Figures come from one run on this machine.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentLayout, ReleaseStore } from '../../packages/core/src/index.js';
import { checkpointConfigFor, defaultSettings } from '../../packages/core/src/entries/config.js';
import { WorkflowRunner } from '../../packages/executions/src/index.js';
import {
  BASE_REQUIREMENTS,
  PythonBridge,
  RunnerWorker,
  runCommand,
  runnerScriptPath,
} from '../../packages/core/src/entries/python.js';
import { newOperationId } from '../../packages/core/src/entries/util.js';

const GRAPH = `from typing_extensions import TypedDict
from langgraph.graph import END, START, StateGraph


class State(TypedDict, total=False):
    n: int


def step(state: State) -> dict:
    return {"n": state.get("n", 0) + 1}


workflow = StateGraph(State)
workflow.add_node("step", step)
workflow.add_edge(START, "step")
workflow.add_edge("step", END)
graph = workflow.compile()
`;

const warmRuns = Number(process.argv[2] ?? 50);
const coldRuns = Number(process.argv[3] ?? 10);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** A release of the trivial graph laid out like the release phase does, made current. */
async function deploy(root: string, venvDir: string): Promise<void> {
  const layout = new EnvironmentLayout(root, 'dev');
  const store = new ReleaseStore(layout);
  const id = newOperationId('dep');
  const paths = layout.release(id);
  await store.create({
    id,
    environment: 'dev',
    workflows: [{ name: 'workflow-bench_001-trivial', workflowId: 'workflow_bench_001', file: 'workflows/workflow-bench_001-trivial.py', graph: './workflows/workflow-bench_001-trivial.py:graph' }],
  });
  await mkdir(paths.workflows, { recursive: true });
  await mkdir(paths.configs, { recursive: true });
  await writeFile(path.join(paths.workflows, 'workflow-bench_001-trivial.py'), GRAPH);
  await writeFile(path.join(paths.configs, 'checkpoint-config.json'), JSON.stringify(checkpointConfigFor(layout, defaultSettings('dev').checkpoints)));
  await symlink(venvDir, paths.venv);
  await store.activate(id);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ea-bench-invoke-'));
  const bridge = new PythonBridge();
  try {
    process.stderr.write('» preparing the venv (cached after the first run)…\n');
    const venv = await bridge.ensureVenv(`${BASE_REQUIREMENTS.join('\n')}\n`);
    const file = path.join(dir, 'graph.py');
    await writeFile(file, GRAPH);
    const params = { ref: `${file}:graph`, input: { n: 1 }, checkpointer: { type: 'memory' as const } };

    process.stderr.write(`» warm worker: ${warmRuns} invocations…\n`);
    const worker = new RunnerWorker({ python: venv.python });
    const startup = await timed(() => worker.request('invoke', params));
    const warm: number[] = [];
    for (let i = 0; i < warmRuns; i++) warm.push(await timed(() => worker.request('invoke', params)));
    await worker.close();

    process.stderr.write(`» new process per invocation: ${coldRuns} invocations…\n`);
    const cold: number[] = [];
    for (let i = 0; i < coldRuns; i++) {
      cold.push(
        await timed(async () => {
          const result = await runCommand(venv.python, [runnerScriptPath(), 'call', 'invoke'], { input: JSON.stringify(params), timeoutMs: 120_000 });
          if (result.code !== 0) throw new Error(`runner call failed: ${result.stdout}${result.stderr}`);
        }),
      );
    }

    process.stderr.write(`» WorkflowRunner on a deployed release: ${warmRuns} invocations…\n`);
    const root = path.join(dir, 'root');
    await deploy(root, venv.path);
    const runner = new WorkflowRunner({ root, environment: 'dev' });
    await runner.invoke({ workflow: 'workflow_bench_001', input: { n: 1 } });
    const sdk: number[] = [];
    for (let i = 0; i < warmRuns; i++) sdk.push(await timed(() => runner.invoke({ workflow: 'workflow_bench_001', input: { n: 1 } })));
    await runner.close();

    const row = (name: string, values: number[]): string =>
      `${name.padEnd(50)} median ${median(values).toFixed(1).padStart(8)} ms   mean ${mean(values).toFixed(1).padStart(8)} ms   (n=${values.length})`;
    const lines = [
      'bench/invoke: per-invocation time of a trivial one-node LangGraph graph',
      `python ${venv.python}; ${os.cpus().length} CPU(s)`,
      row('warm worker (invoke request)', warm),
      row('new process per invocation (call invoke)', cold),
      row('WorkflowRunner.invoke (sqlite + journal + .prom)', sdk),
      `first request of a new worker (start + import):  ${startup.toFixed(1)} ms`,
      `ratio new-process / warm (median):               ${(median(cold) / median(warm)).toFixed(1)}x`,
      `recording overhead, WorkflowRunner - warm (median): ${(median(sdk) - median(warm)).toFixed(1)} ms`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await bridge.closeAll();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
