import type { FileAnalysis } from '@exec-automator/core';
import type { CheckTally } from './check-tally.js';

const ENDPOINTS = new Set(['__start__', '__end__']);

/** The graph variable LangGraph should load: `graph` when present, else the first compiled one. */
export function chooseGraphVariable(analysis: FileAnalysis): string | undefined {
  return analysis.graph_variables.includes('graph') ? 'graph' : analysis.graph_variables[0];
}

/**
 * The seed's structural checks on one workflow file, from the runner's static analysis.
 * Returns false when the file cannot be loaded at all (syntax error), so dynamic checks and
 * tests are not attempted.
 */
export function staticChecks(analysis: FileAnalysis, tally: CheckTally): boolean {
  const file = analysis.file;
  if (analysis.error) {
    tally.record('file', [{ file, message: `cannot read the workflow file: ${analysis.error}` }]);
    return false;
  }
  const syntax = analysis.syntax_error;
  if (
    !tally.record(
      'syntax',
      syntax ? [{ file, line: syntax.line, message: `Python syntax error: ${syntax.message} (column ${syntax.column})`, fix: 'correct the syntax; `python -m py_compile <file>` shows the same error' }] : [],
    )
  ) {
    return false;
  }
  tally.record(
    'state-graph',
    analysis.state_graphs.length === 0
      ? [{ file, message: 'no StateGraph is instantiated', fix: 'build the graph with `workflow = StateGraph(State)`' }]
      : [],
  );
  tally.record(
    'state-schema',
    analysis.state_graphs
      .filter((g) => g.state_schema === null)
      .map((g) => ({ file, line: g.line, message: 'StateGraph has no state schema', fix: 'pass a TypedDict, Pydantic model or dataclass: `StateGraph(State)`' })),
    analysis.state_graphs
      .filter((g) => g.schema_kind === 'unknown')
      .map((g) => ({ file, line: g.line, message: `state schema ${g.state_schema} is not a TypedDict, Pydantic model or dataclass defined in this file` })),
  );
  tally.record(
    'nodes',
    analysis.nodes.length === 0 ? [{ file, message: 'no node is added to the graph', fix: 'register nodes with `workflow.add_node("name", fn)`' }] : [],
  );
  tally.record(
    'duplicate-nodes',
    analysis.duplicate_nodes.map((name) => ({
      file,
      line: analysis.nodes.filter((n) => n.name === name)[1]?.line,
      message: `node "${name}" is added more than once`,
      fix: 'give each node a unique name',
    })),
  );
  const known = new Set(analysis.nodes.map((n) => n.name).filter((n): n is string => n !== null));
  tally.record(
    'edges',
    analysis.edges.flatMap((edge) =>
      [edge.source, edge.target]
        .filter((end): end is string => end !== null && !ENDPOINTS.has(end) && !known.has(end))
        .map((end) => ({ file, line: edge.line, message: `edge ${edge.source} -> ${edge.target ?? '?'} names unknown node "${end}"`, fix: `add_node("${end}", ...) or correct the name` })),
    ),
  );
  tally.record(
    'entry-point',
    analysis.entry_points.length === 0
      ? [{ file, message: 'the graph has no entry point', fix: 'add `workflow.add_edge(START, "<first node>")` or `workflow.set_entry_point("<first node>")`' }]
      : [],
  );
  tally.record(
    'compile',
    analysis.compiled.length === 0 ? [{ file, message: 'the graph is never compiled', fix: 'add `graph = workflow.compile()` at module level' }] : [],
  );
  tally.record(
    'graph-variable',
    analysis.compiled.length > 0 && chooseGraphVariable(analysis) === undefined
      ? [{ file, line: analysis.compiled[0]?.line, message: 'the compiled graph is not assigned to a module-level variable', fix: 'assign it at module level (`graph = workflow.compile()`): LangGraph loads graphs as `file.py:variable`' }]
      : [],
  );
  tally.record(
    'error-handling',
    [],
    analysis.nodes_without_error_handling.map((node) => ({
      file,
      line: analysis.nodes.find((n) => n.name === node)?.line,
      message: `node "${node}" has no error handling`,
      fix: 'wrap the node body in try/except and record the error in state',
    })),
  );
  return true;
}
