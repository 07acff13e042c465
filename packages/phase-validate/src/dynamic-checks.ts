import { isDeployError, type PhaseContext, type WorkflowSpec } from '@exec-automator/core';
import { type FileAnalysis, type GraphInspection, type ProjectLoading, type RunnerWorker } from '@exec-automator/core/python';
import type { CheckTally, Finding } from './check-tally.js';

/**
 * Loads and compiles one workflow in the validation venv (runner op `inspect`) and compares the
 * compiled graph's `get_graph()` with the static view. LangGraph's own errors are reported
 * verbatim, with the file and line where the exception was raised: `GRAPH_COMPILE_FAILED` when
 * LangGraph refused the graph, `GRAPH_LOAD_FAILED` when importing the module failed.
 */
export async function dynamicChecks(
  ctx: PhaseContext,
  worker: RunnerWorker,
  workflow: { spec: WorkflowSpec; analysis: FileAnalysis; variable: string; tally: CheckTally; loading: ProjectLoading; env?: Readonly<Record<string, string>> },
  timeoutMs: number,
): Promise<GraphInspection | undefined> {
  const { spec, analysis, variable, tally } = workflow;
  let inspection: GraphInspection;
  try {
    // fake providers: loading a graph whose module builds a chat model must not need its API key
    inspection = await worker.request(
      'inspect',
      { ref: `${spec.file}:${variable}`, fake_models: true, ...workflow.loading },
      { timeoutMs, signal: ctx.signal, ...(workflow.env ? { env: workflow.env } : {}) },
    );
  } catch (error) {
    if (!isDeployError(error) || error.code === 'ABORTED') throw error;
    const details = error.details;
    const compile = details.runnerCode === 'GRAPH_COMPILE_FAILED';
    const timedOut = error.code === 'RUNNER_TIMEOUT';
    tally.record('graph-compiles', [{
      code: compile ? 'GRAPH_COMPILE_FAILED' : 'GRAPH_LOAD_FAILED',
      file: typeof details.file === 'string' ? details.file : spec.file,
      ...(typeof details.line === 'number' ? { line: details.line } : {}),
      message: timedOut
        ? `loading ${spec.fileName} did not finish within ${Math.round(timeoutMs / 1000)} s (the import blocks)`
        : `${compile ? 'LangGraph refused the graph' : 'importing the workflow failed'}: ${ctx.redact(stripLocation(error.message))}`,
      fix: compile ? 'fix the graph as LangGraph says' : 'run the file with the venv interpreter to see the full traceback',
    }]);
    return undefined;
  }
  tally.record('graph-compiles');
  tally.record('graph-structure', structureFindings(analysis, inspection, spec.file));
  return inspection;
}

/** The runner appends ` (file.py:line)` to messages; the finding carries those separately. */
function stripLocation(message: string): string {
  return message.replace(/ \([^()]+\.py(?::\d+)?\)$/, '');
}

/**
 * Differences between the compiled graph and the static view, as one warning: static analysis
 * sees only what literals say, so a difference is worth a look, not a block.
 */
export function structureFindings(analysis: FileAnalysis, inspection: GraphInspection, file: string): Finding[] {
  if (analysis.static_complete === false || (analysis.prebuilt_graphs?.length ?? 0) > 0) return [];
  const compiled = analysis.compiled.find((c) => c.variable === inspection.variable);
  const builder = compiled?.graph_variable ?? null;
  const nodes = analysis.nodes.filter((n) => builder === null || n.graph_variable === builder);
  if (nodes.length === 0 || nodes.some((n) => n.name === null)) return [];
  const staticNodes = new Set(nodes.map((n) => n.name as string));
  const dynamicNodes = new Set(inspection.nodes);
  // Findings already reported on their own are not differences worth repeating: get_graph()
  // drops the edges of unreachable nodes and draws an implicit edge to END from a node without
  // outgoing edges (where LangGraph simply stops).
  const unreachable = new Set((analysis.unreachable_nodes ?? []).map((n) => n.name));
  const edges = analysis.edges.filter((e) => (builder === null || e.graph_variable === builder) && !unreachable.has(e.source ?? ''));
  const withExit = new Set(edges.map((e) => e.source));
  const key = (source: string | null, target: string | null): string => `${source} -> ${target}`;
  const staticAll = new Set(edges.map((e) => key(e.source, e.target)));
  const staticPlain = edges.filter((e) => !e.conditional && e.source !== null && e.target !== null).map((e) => key(e.source, e.target));
  const dynamicAll = new Set(inspection.edges.map((e) => key(e.source, e.target)));
  const dynamicPlain = inspection.edges
    .filter((e) => !e.conditional && !(e.target === '__end__' && !withExit.has(e.source)))
    .map((e) => key(e.source, e.target));
  const differences = [
    list('nodes only in the compiled graph', [...dynamicNodes].filter((n) => !staticNodes.has(n))),
    list('nodes only in the source', [...staticNodes].filter((n) => !dynamicNodes.has(n))),
    list('edges only in the compiled graph', dynamicPlain.filter((e) => !staticAll.has(e))),
    list('edges only in the source', staticPlain.filter((e) => !dynamicAll.has(e))),
  ].filter((d): d is string => d !== undefined);
  if (differences.length === 0) return [];
  return [{
    code: 'GRAPH_STRUCTURE_MISMATCH',
    file,
    ...(compiled ? { line: compiled.line } : {}),
    message: `get_graph() differs from the source: ${differences.join('; ')}`,
    fix: 'build nodes and edges with literal names so the source shows the graph that runs',
  }];
}

function list(label: string, items: string[]): string | undefined {
  return items.length ? `${label}: ${[...new Set(items)].join(', ')}` : undefined;
}
