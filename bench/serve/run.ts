/**
 * Benchmark: runs.wait throughput and latency of `exec-automator serve` beside `langgraph dev`.
 *
 *   pnpm run build && pnpm exec tsx bench/serve/run.ts [requests-per-level] [path/to/langgraph]
 *
 * Both servers serve the same trivial one-node graph on this machine in the same run:
 *   1. exec-automator serve (the built CLI as a subprocess, `--no-auth` in dev, the default pool
 *      of MAX_CONCURRENT_WORKFLOWS=5 warm workers, the SQLite checkpointer, every run journaled),
 *   2. langgraph dev (langgraph-cli[inmem] from PyPI: the in-memory runtime, `--no-reload`),
 * and the same client (Node fetch, keep-alive) sends stateless `POST /runs/wait` requests at
 * concurrency 1, 8 and 32. It prints throughput (runs/s), p50 and p99 latency per level and the
 * ratios exec-automator / langgraph dev. The langgraph binary defaults to the one in
 * `.cache/exec-automator/bench-langgraph/venv` (`uv pip install "langgraph-cli[inmem]"` there).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentLayout, ReleaseStore } from '../../packages/core/src/index.js';
import { checkpointConfigFor, defaultSettings } from '../../packages/core/src/entries/config.js';
import { BASE_REQUIREMENTS, PythonBridge } from '../../packages/core/src/entries/python.js';
import { newOperationId } from '../../packages/core/src/entries/util.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(REPO, 'packages', 'cli', 'dist', 'cli.js');
const requests = Number(process.argv[2] ?? 200);
const langgraphBin = process.argv[3] ?? path.join(REPO, '.cache', 'exec-automator', 'bench-langgraph', 'venv', 'bin', 'langgraph');
const LEVELS = [1, 8, 32];
const GRAPH_ID = 'workflow-bench_001-trivial';

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

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitOk(url: string, child: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before answering ${url}/ok`);
    const ok = await fetch(`${url}/ok`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url}/ok did not answer within ${timeoutMs / 1000} s`);
}

async function deploy(root: string, venvDir: string): Promise<void> {
  const layout = new EnvironmentLayout(root, 'dev');
  const store = new ReleaseStore(layout);
  const id = newOperationId('dep');
  const paths = layout.release(id);
  await store.create({ id, environment: 'dev', workflows: [{ name: GRAPH_ID, workflowId: 'workflow_bench_001', file: `workflows/${GRAPH_ID}.py`, graph: `./workflows/${GRAPH_ID}.py:graph` }] });
  await mkdir(paths.workflows, { recursive: true });
  await mkdir(paths.configs, { recursive: true });
  await writeFile(path.join(paths.workflows, `${GRAPH_ID}.py`), GRAPH);
  await writeFile(path.join(paths.configs, 'checkpoint-config.json'), JSON.stringify(checkpointConfigFor(layout, defaultSettings('dev').checkpoints)));
  await symlink(venvDir, paths.venv);
  await store.activate(id);
}

interface Level {
  concurrency: number;
  throughput: number;
  p50: number;
  p99: number;
  failed: number;
}

/** `total` stateless runs.wait requests, `concurrency` at a time. */
async function load(url: string, assistant: string, concurrency: number, total: number): Promise<Level> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < total) {
      next++;
      const start = performance.now();
      const response = await fetch(`${url}/runs/wait`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ assistant_id: assistant, input: { n: 1 } }) }).catch(() => undefined);
      const body = response?.ok ? ((await response.json().catch(() => undefined)) as { n?: number } | undefined) : undefined;
      if (body?.n !== 2) failed++;
      latencies.push(performance.now() - start);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, one));
  const seconds = (performance.now() - started) / 1000;
  return { concurrency, throughput: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failed };
}

async function measure(name: string, url: string, assistant: string): Promise<Level[]> {
  process.stderr.write(`» ${name}: warming up…\n`);
  await load(url, assistant, 8, 40);
  const levels: Level[] = [];
  for (const concurrency of LEVELS) {
    process.stderr.write(`» ${name}: ${requests} runs.wait at concurrency ${concurrency}…\n`);
    levels.push(await load(url, assistant, concurrency, requests));
  }
  return levels;
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('close', () => resolve());
    // langgraph dev runs uvicorn in its own group: end the whole group.
    try {
      process.kill(-(child.pid as number), 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    setTimeout(() => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // gone
      }
    }, 10_000).unref();
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ea-bench-serve-'));
  const bridge = new PythonBridge();
  let ours: ChildProcess | undefined;
  let theirs: ChildProcess | undefined;
  try {
    process.stderr.write('» preparing the venv (cached after the first run)…\n');
    const venv = await bridge.ensureVenv(`${BASE_REQUIREMENTS.join('\n')}\n`);
    const root = path.join(dir, 'root');
    await deploy(root, venv.path);

    const ourPort = await freePort();
    ours = spawn(process.execPath, [CLI, 'serve', '--environment=dev', '--root', root, '--no-auth', '--quiet', '--port', String(ourPort)], { stdio: ['ignore', 'ignore', 'inherit'], detached: true });
    const ourUrl = `http://127.0.0.1:${ourPort}`;
    await waitOk(ourUrl, ours);
    const ourLevels = await measure('exec-automator serve', ourUrl, GRAPH_ID);
    await stop(ours);

    const project = path.join(dir, 'langgraph-project');
    await mkdir(project, { recursive: true });
    await writeFile(path.join(project, 'graph.py'), GRAPH);
    await writeFile(path.join(project, 'langgraph.json'), JSON.stringify({ dependencies: ['.'], graphs: { [GRAPH_ID]: './graph.py:graph' } }));
    const theirPort = await freePort();
    theirs = spawn(langgraphBin, ['dev', '--host', '127.0.0.1', '--port', String(theirPort), '--no-browser', '--no-reload'], {
      cwd: project,
      stdio: ['ignore', 'ignore', 'ignore'],
      detached: true,
      env: { ...process.env, LANGSMITH_TRACING: 'false', LANGGRAPH_CLI_NO_ANALYTICS: '1' },
    });
    const theirUrl = `http://127.0.0.1:${theirPort}`;
    await waitOk(theirUrl, theirs);
    const theirLevels = await measure('langgraph dev', theirUrl, GRAPH_ID);
    await stop(theirs);

    const lines = [
      `bench/serve: stateless runs.wait of a trivial one-node graph, ${requests} requests per level; ${os.cpus().length} CPU(s), Node ${process.version}`,
      `${'concurrency'.padEnd(12)}${'exec-automator runs/s'.padStart(22)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'langgraph dev runs/s'.padStart(22)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'throughput x'.padStart(14)}${'p99 x'.padStart(8)}`,
    ];
    for (const [i, ourLevel] of ourLevels.entries()) {
      const theirLevel = theirLevels[i] as Level;
      lines.push(
        `${String(ourLevel.concurrency).padEnd(12)}${ourLevel.throughput.toFixed(1).padStart(22)}${ourLevel.p50.toFixed(1).padStart(9)}${ourLevel.p99.toFixed(1).padStart(9)}${theirLevel.throughput.toFixed(1).padStart(22)}${theirLevel.p50.toFixed(1).padStart(9)}${theirLevel.p99.toFixed(1).padStart(9)}${(ourLevel.throughput / theirLevel.throughput).toFixed(2).padStart(14)}${(ourLevel.p99 / theirLevel.p99).toFixed(2).padStart(8)}`,
      );
    }
    const failed = [...ourLevels, ...theirLevels].reduce((sum, l) => sum + l.failed, 0);
    lines.push(`failed requests: exec-automator ${ourLevels.reduce((s, l) => s + l.failed, 0)}, langgraph dev ${theirLevels.reduce((s, l) => s + l.failed, 0)}`);
    lines.push('throughput x = exec-automator / langgraph dev (higher is better); p99 x = exec-automator / langgraph dev (lower is better)');
    process.stdout.write(`${lines.join('\n')}\n`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    await stop(ours);
    await stop(theirs);
    await bridge.closeAll();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
