import { describe, expect, it } from 'vitest';
import type { FileAnalysis, GraphInspection } from '@exec-automator/core/python';
import { CheckTally, formatIssue, structureFindings } from '../src/index.js';

describe('CheckTally', () => {
  it('fails a check on an error finding, never on a warning, and takes severity from the code', () => {
    const tally = new CheckTally();
    expect(tally.record('a')).toBe(true);
    expect(tally.record('b', [{ code: 'NODE_WITHOUT_ERROR_HANDLING', message: 'w' }])).toBe(true);
    expect(tally.record('c', [{ code: 'NODE_DEAD_END', message: 'e1' }, { code: 'NODE_DEAD_END', message: 'e2' }])).toBe(false);
    expect(tally.record('d', [{ code: 'TEST_TIMEOUT', severity: 'warning', message: 'non-critical' }])).toBe(true);
    expect([tally.completed, tally.passed, tally.failed]).toEqual([4, 3, 1]);
    expect(tally.errors.map((e) => [e.check, e.code])).toEqual([['c', 'NODE_DEAD_END'], ['c', 'NODE_DEAD_END']]);
    expect(tally.warnings.map((e) => [e.check, e.code])).toEqual([['b', 'NODE_WITHOUT_ERROR_HANDLING'], ['d', 'TEST_TIMEOUT']]);
  });

  it('formats an issue with its code, file, line and fix', () => {
    expect(formatIssue({ code: 'DUPLICATE_NODE', check: 'duplicate-nodes', file: '/w.py', line: 7, message: 'node "a" is added more than once', fix: 'rename it' }))
      .toBe('[DUPLICATE_NODE] /w.py:7: node "a" is added more than once — fix: rename it');
  });
});

describe('structureFindings (compiled graph against the static view)', () => {
  const analysis = (edges: Array<[string, string, boolean]>): FileAnalysis => ({
    file: '/w.py', syntax_error: null, imports: [], third_party_imports: [], import_lines: {}, undefined_names: [],
    state_graphs: [{ variable: 'wf', line: 1, state_schema: 'S', schema_kind: 'TypedDict' }],
    nodes: ['a', 'b'].map((name, i) => ({ name, function: name, line: 2 + i, graph_variable: 'wf' })),
    duplicate_nodes: [],
    edges: edges.map(([source, target, conditional]) => ({ source, target, conditional, line: 5, graph_variable: 'wf' })),
    entry_points: ['a'], compiled: [{ variable: 'graph', graph_variable: 'wf', line: 9, interrupt_before: [], interrupt_after: [], has_checkpointer: false }],
    interrupt_nodes: [], nodes_without_error_handling: [], unreachable_nodes: [], dead_end_nodes: [], functions: {}, graph_variables: ['graph'],
  });
  const inspection = (nodes: string[], edges: Array<[string, string, boolean]>): GraphInspection => ({
    variable: 'graph', kind: 'compiled', nodes, edges: edges.map(([source, target, conditional]) => ({ source, target, conditional })),
    interrupt_before: [], interrupt_after: [], langgraph_version: '1.0.0',
  });

  it('finds nothing when the compiled graph is the one in the source', () => {
    const edges: Array<[string, string, boolean]> = [['__start__', 'a', false], ['a', 'b', true], ['a', '__end__', true], ['b', '__end__', false]];
    expect(structureFindings(analysis(edges), inspection(['a', 'b'], edges), '/w.py')).toEqual([]);
  });

  it('reports nodes and edges that only one side has, as one warning at the compile line', () => {
    const findings = structureFindings(
      analysis([['__start__', 'a', false], ['a', 'b', false], ['b', '__end__', false]]),
      inspection(['a', 'b', 'c'], [['__start__', 'a', false], ['a', 'c', false], ['c', '__end__', false], ['b', '__end__', false]]),
      '/w.py',
    );
    expect(findings).toEqual([expect.objectContaining({ code: 'GRAPH_STRUCTURE_MISMATCH', line: 9 })]);
    expect(findings[0]?.message).toBe(
      // c -> __end__ is LangGraph's implicit end of a node without exits: not a difference
      'get_graph() differs from the source: nodes only in the compiled graph: c; edges only in the compiled graph: a -> c; edges only in the source: a -> b',
    );
  });
});
