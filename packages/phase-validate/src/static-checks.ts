import type { FileAnalysis } from '@exec-automator/core/python';
import type { Finding } from './check-tally.js';

/** Where static checks record their findings (a {@link CheckTally} or a deferred one). */
export interface FindingRecorder {
  /** Records one check and its findings; returns whether it passed. */
  record(check: string, findings?: readonly Finding[]): boolean;
}

const ENDPOINTS = new Set(['__start__', '__end__']);

/** The graph variable LangGraph should load: `graph` when present, else the first compiled one. */
export function chooseGraphVariable(analysis: FileAnalysis): string | undefined {
  return analysis.graph_variables.includes('graph') ? 'graph' : analysis.graph_variables[0];
}

/**
 * True when static reading cannot know the graph's structure (prebuilt agents, the functional
 * API, subgraphs, nodes added in loops, factories): then the structure is left to the dynamic
 * check, which loads the graph in the venv.
 */
export function structureUnknown(analysis: FileAnalysis): boolean {
  return analysis.static_complete === false || (analysis.prebuilt_graphs?.length ?? 0) > 0;
}

/**
 * The seed's structural checks on one workflow file, from the runner's static analysis: syntax,
 * names never imported, StateGraph and state schema, nodes, duplicate nodes, dangling edges,
 * entry point, compile, graph variable (unless `langgraph.json` names it: it may be a factory,
 * which loading checks), reachability, dead ends, error handling. Returns false
 * when the file cannot be loaded at all (unreadable or a syntax error), so later checks that
 * need to import it are not attempted.
 */
export function staticChecks(analysis: FileAnalysis, tally: FindingRecorder, declaredVariable?: string): boolean {
  const file = analysis.file;
  if (analysis.error) {
    tally.record('file', [{ code: 'WORKFLOW_UNREADABLE', file, message: `cannot read the workflow file: ${analysis.error}` }]);
    return false;
  }
  const syntax = analysis.syntax_error;
  const syntaxOk = tally.record(
    'syntax',
    syntax
      ? [{
          code: 'PYTHON_SYNTAX_ERROR',
          file,
          ...(syntax.line ? { line: syntax.line } : {}),
          ...(syntax.column ? { column: syntax.column } : {}),
          message: `Python syntax error: ${syntax.message}${syntax.column ? ` (column ${syntax.column})` : ''}`,
          fix: 'correct the syntax; `python -m py_compile <file>` shows the same error',
        }]
      : [],
  );
  if (!syntaxOk) return false;
  tally.record(
    'imports',
    (analysis.undefined_names ?? []).map((name) => ({
      code: 'MISSING_IMPORT',
      file,
      line: name.line,
      column: name.column,
      message: `"${name.name}" is used but never imported or defined`,
      fix: name.suggestion ? `add \`${name.suggestion}\`` : `import or define ${name.name}`,
    })),
  );
  if (structureUnknown(analysis)) {
    // Not guessed: a graph LangGraph compiles must never get an error-level static finding.
    tally.record('error-handling', errorHandling(analysis));
    return true;
  }
  tally.record(
    'state-graph',
    analysis.state_graphs.length === 0
      ? [{ code: 'STATE_GRAPH_MISSING', file, message: 'no StateGraph is instantiated', fix: 'build the graph with `workflow = StateGraph(State)`' }]
      : [],
  );
  tally.record('state-schema', [
    ...analysis.state_graphs
      .filter((g) => g.state_schema === null)
      .map((g): Finding => ({ code: 'STATE_SCHEMA_MISSING', file, line: g.line, message: 'StateGraph has no state schema', fix: 'pass a TypedDict, Pydantic model or dataclass: `StateGraph(State)`' })),
    ...analysis.state_graphs
      .filter((g) => g.schema_kind === 'unknown')
      .map((g): Finding => ({
        code: 'STATE_SCHEMA_UNKNOWN',
        file,
        line: g.line,
        message: `state schema ${g.state_schema} is not a TypedDict, Pydantic model or dataclass defined in this file`,
      })),
  ]);
  tally.record(
    'nodes',
    analysis.nodes.length === 0 ? [{ code: 'NODES_MISSING', file, message: 'no node is added to the graph', fix: 'register nodes with `workflow.add_node("name", fn)`' }] : [],
  );
  tally.record(
    'duplicate-nodes',
    analysis.duplicate_nodes.map((name) => {
      const [first, second] = analysis.nodes.filter((n) => n.name === name);
      return {
        code: 'DUPLICATE_NODE',
        file,
        ...(second ? { line: second.line } : {}),
        message: `node "${name}" is added more than once${first ? ` (first on line ${first.line})` : ''}`,
        fix: 'give each node a unique name, or remove the second add_node',
      };
    }),
  );
  const known = new Set(analysis.nodes.map((n) => n.name).filter((n): n is string => n !== null));
  tally.record(
    'edges',
    analysis.edges.flatMap((edge) =>
      [edge.source, edge.target]
        .filter((end): end is string => end !== null && !ENDPOINTS.has(end) && !known.has(end))
        .map((end) => ({
          // LangGraph checks only some targets when it compiles: a router's return value is
          // checked when the run takes it, so static reading of it can only warn.
          ...(edge.compile_checked === false ? { severity: 'warning' as const } : {}),
          code: 'EDGE_UNKNOWN_NODE' as const,
          file,
          line: edge.line,
          message: `edge ${edge.source ?? '?'} -> ${edge.target ?? '?'} names unknown node "${end}"`,
          fix: `add_node("${end}", ...) or correct the name${closest(end, known) ? ` (did you mean "${closest(end, known)}"?)` : ''}`,
        })),
    ),
  );
  tally.record(
    'entry-point',
    analysis.entry_points.length === 0 && !analysis.edges.some((e) => e.source === '__start__') && analysis.state_graphs.length > 0
      ? [{
          code: 'ENTRY_POINT_MISSING',
          file,
          line: analysis.state_graphs[0]?.line,
          message: 'the graph has no entry point',
          fix: 'add `workflow.add_edge(START, "<first node>")` or `workflow.set_entry_point("<first node>")`',
        }]
      : [],
  );
  tally.record(
    'compile',
    analysis.compiled.length === 0
      ? [{
          code: 'COMPILE_MISSING',
          file,
          ...(analysis.state_graphs[0] ? { line: analysis.state_graphs[0].line } : {}),
          message: `the graph${analysis.state_graphs[0]?.variable ? ` ${analysis.state_graphs[0].variable}` : ''} is never compiled`,
          fix: 'add `graph = workflow.compile()` at module level',
        }]
      : [],
  );
  if (declaredVariable === undefined) tally.record(
    'graph-variable',
    analysis.compiled.length > 0 && chooseGraphVariable(analysis) === undefined
      ? [{
          code: 'GRAPH_VARIABLE_MISSING',
          file,
          line: analysis.compiled[0]?.line,
          message: 'the compiled graph is not assigned to a module-level variable',
          fix: 'assign it at module level (`graph = workflow.compile()`): LangGraph loads graphs as `file.py:variable`',
        }]
      : [],
  );
  tally.record(
    'reachability',
    (analysis.unreachable_nodes ?? []).map((node) => ({
      code: 'NODE_UNREACHABLE',
      file,
      line: node.line,
      message: `node "${node.name}" cannot be reached from the entry point`,
      fix: `add an edge (or a branch target) that leads to "${node.name}", or remove the node`,
    })),
  );
  tally.record(
    'dead-ends',
    (analysis.dead_end_nodes ?? []).map((node) => ({
      code: 'NODE_DEAD_END',
      file,
      line: node.line,
      message: `node "${node.name}" can never finish: every path from it stays in a loop with no way out`,
      fix: `add a route out of the loop (to END, or to a node that ends the run), or make it an interrupt point`,
    })),
  );
  tally.record('error-handling', errorHandling(analysis));
  return true;
}

function errorHandling(analysis: FileAnalysis): Finding[] {
  return analysis.nodes_without_error_handling.map((node) => ({
    code: 'NODE_WITHOUT_ERROR_HANDLING',
    file: analysis.file,
    line: analysis.nodes.find((n) => n.name === node)?.line,
    message: `node "${node}" has no error handling`,
    fix: 'wrap the node body in try/except and record the error in state',
  }));
}

/** The known name closest to `name` when it is plausibly a typo (edit distance <= 2). */
function closest(name: string, known: Set<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = levenshtein(name, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function levenshtein(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] as number;
}
