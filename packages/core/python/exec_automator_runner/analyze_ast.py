"""Small ``ast`` helpers shared by the static-analysis modules.

Nothing here knows about LangGraph beyond the names of the builder methods; the
modules that interpret a workflow (``analyze_module``, ``analyze_builder``) build
on these.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import Any

START = "__start__"
END = "__end__"

# StateGraph builder methods; all of them return the builder, so chains such as
# ``StateGraph(S).add_node(...).add_edge(...)`` resolve to the same receiver.
BUILDER_METHODS = frozenset(
    {
        "add_node",
        "add_edge",
        "add_conditional_edges",
        "add_sequence",
        "set_entry_point",
        "set_finish_point",
        "set_conditional_entry_point",
    }
)
# ``.compile(...)`` keyword arguments that only LangGraph's compile accepts;
# used to tell a graph compile from e.g. ``re.compile(pattern)``.
COMPILE_KEYWORDS = frozenset(
    {"checkpointer", "interrupt_before", "interrupt_after", "store", "cache", "debug", "name"}
)
# Well-known LangGraph state bases that are TypedDicts but live outside the file.
KNOWN_TYPEDDICT_STATES = frozenset({"MessagesState"})

TRY_TYPES: tuple[type, ...] = tuple(
    t for t in (getattr(ast, "Try", None), getattr(ast, "TryStar", None)) if t is not None
)
FUNC_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef)
SCOPE_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def callee_name(func: ast.expr) -> str | None:
    """``f`` for ``f(...)`` and ``x.f(...)``."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def dotted(expr: ast.expr) -> str | None:
    """``a.b.c`` for Name/Attribute chains, else None."""
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Name):
        parts.append(expr.id)
        return ".".join(reversed(parts))
    return None


def arg(call: ast.Call, index: int, *names: str) -> ast.expr | None:
    """Positional argument ``index`` (before any ``*args``) or the first matching keyword."""
    positional: list[ast.expr] = []
    for item in call.args:
        if isinstance(item, ast.Starred):
            break
        positional.append(item)
    if index < len(positional):
        return positional[index]
    for kw in call.keywords:
        if kw.arg in names:
            return kw.value
    return None


def is_none(expr: ast.expr | None) -> bool:
    """True for a missing argument, ``None`` or ``False``."""
    return expr is None or (isinstance(expr, ast.Constant) and expr.value in (None, False))


def walk_body(func: ast.AST) -> Iterable[ast.AST]:
    """Walk a function body without descending into nested defs/lambdas/classes."""
    stack = list(reversed(list(ast.iter_child_nodes(func))))
    while stack:  # depth-first, in source order
        node = stack.pop()
        yield node
        if isinstance(node, SCOPE_TYPES):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def is_state_graph_call(node: ast.AST) -> bool:
    """``StateGraph(...)`` or ``langgraph.graph.StateGraph(...)``."""
    return isinstance(node, ast.Call) and callee_name(node.func) == "StateGraph"


def unique(items: Iterable[Any]) -> list[Any]:
    """Items in first-seen order without repeats (works for unhashable items too)."""
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def edge(
    source: str | None,
    target: str | None,
    line: int,
    conditional: bool,
    receiver: str | None,
    via: str,
) -> dict[str, Any]:
    """One edge of the result; ``via`` names the call that declared it."""
    return {
        "source": source,
        "target": target,
        "line": line,
        "conditional": conditional,
        "graph_variable": receiver,
        "via": via,
    }


def duplicates(nodes: list[dict[str, Any]]) -> list[str]:
    """Node names added more than once to the same graph."""
    counts: dict[tuple[Any, str], int] = {}
    for node in nodes:
        if node["name"] is not None:
            key = (node.get("_graph", node["graph_variable"]), node["name"])
            counts[key] = counts.get(key, 0) + 1
    return unique(name for (_, name), count in counts.items() if count > 1)
