/**
 * Static validation of 10, 100 and 1000 generated workflow files: one batched runner worker
 * (the way the validate phase works) against one Python process per file.
 *
 * The files are LangGraph workflows generated like the examples (a TypedDict state, 4-12 nodes
 * with try/except, plain and conditional edges, a router, an `interrupt()` node, module-level
 * `graph = workflow.compile()`); every tenth one carries a defect (dangling edge, unreachable
 * node, dead end) so the analysis does its full work. Nothing is imported: `analyze` is stdlib
 * `ast` only, on the base interpreter, as in the phase.
 *
 * - batched: one `RunnerWorker` (`serve`), one `analyze` request with every file; the time
 *   includes starting the worker. Peak memory is the worker's VmHWM (peak RSS).
 * - per process: `exec_automator_runner.py call analyze` once per file, one after another; peak
 *   memory is the largest `ru_maxrss` of those processes.
 *
 * Figures: wall time, files per second, peak RSS, and per-process time / batched time, all from
 * this one run. Run: `pnpm exec tsx bench/validate/run.ts` (optional argument: the largest size
 * to run per process, default 1000).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findPython, runCommand, runnerScriptPath, RunnerWorker, type FileAnalysis } from '../../packages/core/src/entries/python.js';

const SIZES = [10, 100, 1000];
const perProcessLimit = Number(process.argv[2] ?? 1000);

/** A workflow of `nodes` nodes; `defect` 0 = none, 1 dangling edge, 2 unreachable node, 3 dead end. */
function workflowSource(index: number, nodes: number, defect: number): string {
  const names = Array.from({ length: nodes }, (_, i) => `step_${index}_${i}`);
  const fns = names.map(
    (name) => `def ${name}(state: State) -> dict:
    try:
        return {"trail": [${JSON.stringify(name)}], "count": state.get("count", 0) + 1}
    except Exception as exc:  # record, do not crash
        return {"errors": [repr(exc)]}
`,
  );
  const last = names.at(-1) as string;
  const edges = names.slice(0, -2).map((name, i) => `workflow.add_edge("${name}", "${names[i + 1]}")`);
  if (defect === 1) edges[0] = `workflow.add_edge("${names[0]}", "missing_${index}")`;
  if (defect === 2) edges.push(`workflow.add_node("orphan_${index}", ${names[0]})`, `workflow.add_edge("orphan_${index}", END)`);
  return `"""Generated workflow ${index} (${nodes} nodes)."""

import operator
from typing import Annotated, Literal

from langgraph.graph import END, START, StateGraph
from langgraph.types import interrupt
from typing_extensions import TypedDict


class State(TypedDict, total=False):
    count: int
    approved: bool
    trail: Annotated[list[str], operator.add]
    errors: Annotated[list[str], operator.add]


${fns.join('\n\n')}

def review_${index}(state: State) -> dict:
    return {"approved": bool(interrupt({"count": state.get("count", 0)}))}


def route_${index}(state: State) -> Literal["review_${index}", "${last}"]:
    return "review_${index}" if state.get("count", 0) > 2 else "${last}"


workflow = StateGraph(State)
${names.map((n) => `workflow.add_node("${n}", ${n})`).join('\n')}
workflow.add_node("review_${index}", review_${index})
workflow.add_edge(START, "${names[0]}")
${edges.join('\n')}
workflow.add_conditional_edges("${names.at(-2)}", route_${index})
workflow.add_edge("review_${index}", "${last}")
${defect === 3 ? '' : `workflow.add_edge("${last}", END)\n`}graph = workflow.compile()
`;
}

async function generate(dir: string, count: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `workflow-gen_${String(i).padStart(4, '0')}-generated.py`);
    await writeFile(file, workflowSource(i, 4 + (i % 9), i % 10 === 9 ? 1 + (Math.floor(i / 10) % 3) : 0));
    files.push(file);
  }
  return files;
}

async function peakRssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function batched(python: string, files: string[]): Promise<{ ms: number; rssKb: number; findings: number }> {
  const started = performance.now();
  const worker = new RunnerWorker({ python });
  try {
    const { files: results } = await worker.request('analyze', { files }, { timeoutMs: 600_000 });
    const ms = performance.now() - started;
    return { ms, rssKb: await peakRssKb(worker.pid as number), findings: countFindings(results) };
  } finally {
    await worker.close();
  }
}

// Runs the runner's one-shot mode and reports the process's peak RSS on stderr.
const ONE_SHOT = `import resource, runpy, sys
sys.argv = [sys.argv[1], "call", "analyze"]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    sys.stderr.write("maxrss=%d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
`;

async function perProcess(python: string, files: string[]): Promise<{ ms: number; rssKb: number; findings: number }> {
  const runner = runnerScriptPath();
  let rssKb = 0;
  let findings = 0;
  const started = performance.now();
  for (const file of files) {
    const run = await runCommand(python, ['-c', ONE_SHOT, runner], { input: JSON.stringify({ files: [file] }) });
    const response = JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as { ok: boolean; result: { files: FileAnalysis[] } };
    if (!response.ok) throw new Error(`analyze failed for ${file}: ${run.stdout}`);
    findings += countFindings(response.result.files);
    rssKb = Math.max(rssKb, Number(/maxrss=(\d+)/.exec(run.stderr)?.[1] ?? 0));
  }
  return { ms: performance.now() - started, rssKb, findings };
}

/** Defects found, to show both modes did the same work. */
function countFindings(results: FileAnalysis[]): number {
  return results.reduce((n, r) => n + r.unreachable_nodes.length + r.dead_end_nodes.length + r.undefined_names.length, 0) +
    results.reduce((n, r) => {
      const known = new Set(r.nodes.map((x) => x.name));
      return n + r.edges.filter((e) => e.target !== null && !e.target.startsWith('__') && !known.has(e.target)).length;
    }, 0);
}

const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const python = await findPython();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-validate-'));
  const rows: string[][] = [];
  try {
    console.log(`Python ${python.version} (${python.executable}); ${os.cpus().length} CPUs; files in ${dir}\n`);
    for (const size of SIZES) {
      const files = (await generate(dir, size)).slice(0, size);
      const one = await batched(python.executable, files);
      const many = size <= perProcessLimit ? await perProcess(python.executable, files) : undefined;
      if (many && many.findings !== one.findings) throw new Error(`modes disagree: ${one.findings} vs ${many.findings} findings`);
      rows.push([
        String(size),
        `${one.ms.toFixed(0)} ms`,
        `${((size * 1000) / one.ms).toFixed(0)}`,
        mb(one.rssKb),
        many ? `${many.ms.toFixed(0)} ms` : 'skipped',
        many ? `${((size * 1000) / many.ms).toFixed(0)}` : '-',
        many ? mb(many.rssKb) : '-',
        many ? `${(many.ms / one.ms).toFixed(1)}x` : '-',
        String(one.findings),
      ]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const header = ['files', 'batched', 'files/s', 'peak RSS', 'per process', 'files/s', 'peak RSS', 'speed-up', 'defects found'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i] as number)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('\nspeed-up = per-process wall time / batched wall time, both measured in this run.');
}

await main();
