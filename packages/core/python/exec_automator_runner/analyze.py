"""Static analysis of LangGraph workflow files with ``ast`` only.

The workflow is never imported: analysis must work before the project's
dependencies are installed (bare system Python) and must not run user code.
The result is a best-effort structural picture (imports, graphs, nodes, edges,
compile calls, reachability, undefined names) that the TypeScript side uses for
validation and reporting.  Everything resolvable from literals and module-level
string constants is resolved; everything else is reported as ``null`` rather
than guessed.

The work is split by concern: ``analyze_module`` (definitions and name
resolution), ``analyze_builder`` (graph-builder calls), ``analyze_reach``
(reachability), ``analyze_names`` (names used but never bound).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import Any

from .analyze_ast import duplicates, unique
from .analyze_builder import BuilderCalls
from .analyze_module import ModuleFacts
from .analyze_names import undefined_names
from .analyze_reach import reachability


def analyze_files(files: Iterable[str]) -> list[dict[str, Any]]:
    """Analyze many files in one call (one entry per input, in input order)."""
    listing_cache: dict[str, set[str]] = {}
    return [analyze_file(path, listing_cache) for path in files]


def analyze_file(path: str, listing_cache: dict[str, set[str]] | None = None) -> dict[str, Any]:
    """Analyze one file; a missing/unreadable file yields an ``error`` key."""
    result = empty_result(path)
    try:
        with open(path, "rb") as fh:
            source = fh.read()
    except FileNotFoundError:
        result["error"] = "file not found"
        return result
    except IsADirectoryError:
        result["error"] = "is a directory"
        return result
    except OSError as exc:
        result["error"] = f"cannot read file: {exc.strerror or exc}"
        return result
    return analyze_source(source, path, listing_cache)


def analyze_source(
    source: bytes | str, path: str, listing_cache: dict[str, set[str]] | None = None
) -> dict[str, Any]:
    """Analyze source text that claims to come from ``path``."""
    result = empty_result(path)
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        result["syntax_error"] = {"line": exc.lineno, "column": exc.offset, "message": exc.msg}
        return result
    except ValueError as exc:  # e.g. null bytes in source on older Pythons
        result["syntax_error"] = {"line": None, "column": None, "message": str(exc)}
        return result
    fill(result, ModuleFacts(tree, path, listing_cache if listing_cache is not None else {}))
    return result


def empty_result(path: str) -> dict[str, Any]:
    """The per-file result skeleton; keys are part of the TS contract (``FileAnalysis``)."""
    return {
        "file": path,
        "syntax_error": None,
        "imports": [],
        "third_party_imports": [],
        "import_lines": {},
        "undefined_names": [],
        "state_graphs": [],
        "nodes": [],
        "duplicate_nodes": [],
        "edges": [],
        "entry_points": [],
        "compiled": [],
        "interrupt_nodes": [],
        "nodes_without_error_handling": [],
        "unreachable_nodes": [],
        "dead_end_nodes": [],
        "functions": {},
        "graph_variables": [],
    }


def fill(result: dict[str, Any], facts: ModuleFacts) -> None:
    """Every key of the result, from one module's facts."""
    imports, import_lines = facts.imports()
    result["imports"] = imports
    result["import_lines"] = import_lines
    result["third_party_imports"] = facts.third_party(imports)
    result["undefined_names"] = undefined_names(facts.tree, facts.all_nodes)
    functions = facts.function_table()
    result["functions"] = functions

    graph = BuilderCalls(facts).collect()
    nodes, edges, compiled = graph["nodes"], graph["edges"], graph["compiled"]
    result["state_graphs"] = graph["state_graphs"]
    result["nodes"] = nodes
    result["duplicate_nodes"] = duplicates(nodes)
    result["edges"] = edges
    result["entry_points"] = unique(e["target"] for e in edges if e["source"] == "__start__" and e["target"] is not None)
    result["compiled"] = compiled
    result["graph_variables"] = graph["graph_variables"]

    def info(node: dict[str, Any], key: str) -> Any:
        fn = facts.function_for(node["function"])
        return None if fn is None else functions.get(fn.name, {}).get(key)

    named = [n for n in nodes if n["name"] is not None]
    result["interrupt_nodes"] = unique(n["name"] for n in named if info(n, "calls_interrupt") is True)
    result["nodes_without_error_handling"] = unique(n["name"] for n in named if info(n, "has_try") is False)

    configured = {name for c in compiled for name in (*c["interrupt_before"], *c["interrupt_after"])}
    if "*" in configured:
        configured = {n["name"] for n in named}
    opaque = {n["name"] for n in named if facts.function_for(n["function"]) is None}
    unreachable, dead_ends = reachability(nodes, edges, set(result["interrupt_nodes"]) | configured, opaque)
    result["unreachable_nodes"] = unreachable
    result["dead_end_nodes"] = dead_ends
