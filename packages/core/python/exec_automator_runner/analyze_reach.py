"""Reachability of the statically known graph: unreachable nodes and dead ends.

Works per graph (a file may build several graphs).  The analysis is
conservative: an edge whose target is unknown (``None``: a router or
``Command`` we cannot read) may lead to every node and to END, and a node whose
function is not defined in the file may route anywhere through ``Command``.
A graph with a node or edge source we cannot name is skipped entirely, so a
finding is always a real defect, never a guess.

A run can finish at END, at a node with no outgoing edges (LangGraph ends the
run when no task is left), at an interrupt, or wherever an unknown edge may
lead.  A *dead end* is a node from which none of these is possible: every path
from it stays inside a cycle with no exit.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .analyze_ast import END, START

ANY = object()  # "an edge to every node and to END"


def reachability(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    interrupt_nodes: set[str],
    opaque_nodes: set[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(unreachable nodes, dead-end nodes), each ``{name, line, graph_variable}``.

    ``interrupt_nodes`` may stop for a human, so they are never dead ends;
    ``opaque_nodes`` run code outside the file and may route anywhere.  Nodes and edges
    carry their graph's identity in ``_graph`` (two factories may both call theirs ``builder``).
    """
    unreachable: list[dict[str, Any]] = []
    dead_ends: list[dict[str, Any]] = []
    by_graph: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for node in nodes:
        by_graph[node.get("_graph", node["graph_variable"])].append(node)
    edges_by_graph: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for e in edges:
        edges_by_graph[e.get("_graph", e.get("graph_variable"))].append(e)
    for graph, graph_nodes in by_graph.items():
        graph_edges = edges_by_graph.get(graph, [])
        if any(n["name"] is None for n in graph_nodes) or any(e["source"] is None for e in graph_edges):
            continue
        lost, stuck = _one_graph(graph_nodes, graph_edges, interrupt_nodes, opaque_nodes)
        unreachable.extend(lost)
        dead_ends.extend(stuck)
    return unreachable, dead_ends


def _one_graph(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    interrupt_nodes: set[str],
    opaque_nodes: set[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    first: dict[str, dict[str, Any]] = {}
    for node in nodes:
        first.setdefault(node["name"], node)
    names = set(first)
    successors: dict[str, set[Any]] = defaultdict(set)
    for e in edges:
        if e["source"] != START and e["source"] not in names:
            continue  # a dangling edge is reported on its own; it proves nothing here
        known = e["target"] == END or e["target"] in names
        successors[e["source"]].add(e["target"] if known else ANY)
    for name in names & opaque_nodes:  # code we cannot read may return Command(goto=...)
        successors[name].add(ANY)

    def report(name: str) -> dict[str, Any]:
        node = first[name]
        return {"name": name, "line": node["line"], "graph_variable": node["graph_variable"]}

    reachable = _forward(successors, names) if successors.get(START) else None
    lost = [] if reachable is None else [n for n in first if n not in reachable]
    can_finish = _backward(successors, names, interrupt_nodes)
    considered = names if reachable is None else reachable & names
    stuck = _bottom_nodes(successors, {n for n in considered if n not in can_finish}, interrupt_nodes)
    return [report(n) for n in lost], [report(n) for n in first if n in stuck]


def _bottom_nodes(successors: dict[str, set[Any]], trapped: set[str], interrupt_nodes: set[str]) -> set[str]:
    """The trapped nodes where the trap closes: the loops (or single nodes) with no way out.

    ``a -> b <-> c`` reports ``b`` and ``c`` only: ``a``'s one problem is the loop it leads
    into. A loop that contains an interrupt point waits for a human there, so it is not reported.
    """
    within = {n: _within(successors, n, trapped) for n in trapped}
    bottom: set[str] = set()
    for node in trapped:
        loop = {m for m in within[node] if node in within[m]} | {node}
        if all(node in within[m] or m == node for m in within[node]) and not loop & interrupt_nodes:
            bottom.add(node)
    return bottom


def _within(successors: dict[str, set[Any]], start: str, allowed: set[str]) -> set[str]:
    """Nodes of ``allowed`` reachable from ``start`` (not counting ``start`` unless on a loop)."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        for target in successors.get(stack.pop(), ()):
            if target in allowed and target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _forward(successors: dict[str, set[Any]], names: set[str]) -> set[str]:
    """Nodes reachable from START."""
    seen: set[str] = set()
    stack = [START]
    while stack:
        current = stack.pop()
        for target in successors.get(current, ()):
            if target is ANY:
                return set(names)
            if target not in seen and target != END:
                seen.add(target)
                stack.append(target)
    return seen


def _backward(successors: dict[str, set[Any]], names: set[str], interrupt_nodes: set[str]) -> set[str]:
    """Nodes from which a run can finish: reach END, a node without outgoing edges, or an interrupt."""
    predecessors: dict[Any, set[str]] = defaultdict(set)
    finished: set[str] = {n for n in names if not successors.get(n) or n in interrupt_nodes}
    for source, targets in successors.items():
        for target in targets:
            if target is ANY or target == END:
                finished.add(source)
            else:
                predecessors[target].add(source)
    stack = list(finished)
    while stack:
        current = stack.pop()
        for source in predecessors.get(current, ()):
            if source not in finished:
                finished.add(source)
                stack.append(source)
    return finished & names
