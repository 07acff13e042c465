"""Static analysis of LangGraph workflow files with ``ast`` only.

The workflow is never imported: analysis must work before the project's
dependencies are installed (bare system Python) and must not run user code.
The result is a best-effort structural picture (imports, graphs, nodes, edges,
compile calls, reachability, undefined names) that the TypeScript side uses for
validation and reporting.  Everything resolvable from literals and module-level
string constants is resolved; everything else is reported as ``null`` rather
than guessed.

Where the file alone cannot tell what graph LangGraph will build (nodes added in
a loop, a graph factory, a subgraph, a prebuilt agent, the functional API), the
result says so: ``static_complete`` is false, ``static_unknowns`` lists why, and
the reachability findings stay empty: the dynamic check (loading the graph) decides.

The work is split by concern: ``analyze_project`` (local imports, functions and
tools across the project's modules), ``analyze_module`` (definitions and name
resolution), ``analyze_builder`` (graph-builder calls), ``analyze_reach``
(reachability), ``analyze_names`` (names used but never bound).
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterable
from typing import Any

from .analyze_ast import duplicates, unique
from .analyze_builder import BuilderCalls
from .analyze_module import ModuleFacts, function_info
from .analyze_names import undefined_names
from .analyze_project import ProjectIndex
from .analyze_reach import reachability


def analyze_files(files: Iterable[str], roots: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Analyze many files in one call (one entry per input, in input order).

    ``roots``: import roots of the project (project dir, ``src/``, local dependencies):
    imports found under them are local, and their functions and tools count as the
    project's.  The directory of each file (and the one above its outermost package) always is.
    """
    project = ProjectIndex(roots or ())
    return [analyze_file(path, project) for path in files]


def analyze_file(path: str, project: ProjectIndex | None = None) -> dict[str, Any]:
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
    return analyze_source(source, path, project)


def analyze_source(source: bytes | str, path: str, project: ProjectIndex | None = None) -> dict[str, Any]:
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
    fill(result, ModuleFacts(tree, path, project if project is not None else ProjectIndex()))
    return result


def empty_result(path: str) -> dict[str, Any]:
    """The per-file result skeleton; keys are part of the TS contract (``FileAnalysis``)."""
    return {
        "file": path,
        "syntax_error": None,
        "imports": [],
        "third_party_imports": [],
        "local_imports": [],
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
        "project_functions": {},
        "project_functions_complete": False,  # set by fill(): nothing is known of an unparsed file
        "graph_variables": [],
        "prebuilt_graphs": [],
        "static_complete": False,
        "static_unknowns": [],
    }


def fill(result: dict[str, Any], facts: ModuleFacts) -> None:
    """Every key of the result, from one module's facts."""
    imports, import_lines = facts.imports()
    result["imports"] = imports
    result["import_lines"] = import_lines
    result["third_party_imports"] = facts.third_party(imports)
    result["local_imports"] = facts.local_imports()
    result["undefined_names"] = undefined_names(facts.tree, facts.all_nodes)
    functions = facts.function_table()
    result["functions"] = functions
    project_functions, project_complete = facts.project.project_functions(os.path.abspath(facts.path), facts.tree)
    result["project_functions"] = project_functions
    result["project_functions_complete"] = project_complete

    graph = BuilderCalls(facts).collect()
    nodes, edges, compiled = graph["nodes"], graph["edges"], graph["compiled"]
    result["state_graphs"] = graph["state_graphs"]
    result["duplicate_nodes"] = duplicates([n for n in nodes if not n["_uncertain"]])
    result["entry_points"] = unique(e["target"] for e in edges if e["source"] == "__start__" and e["target"] is not None)
    result["compiled"] = compiled
    result["graph_variables"] = graph["graph_variables"]
    result["prebuilt_graphs"] = graph["prebuilt_graphs"]
    result["static_unknowns"] = graph["unknowns"]
    result["static_complete"] = not graph["unknowns"]

    def info(node: dict[str, Any], key: str) -> Any:
        fn = facts.function_for(node["function"])
        if fn is not None:
            return functions.get(fn.name, {}).get(key)
        foreign = facts.foreign_function(node["function"])  # a node function of another local module
        return None if foreign is None else function_info(foreign)[key]

    named = [n for n in nodes if n["name"] is not None]
    result["interrupt_nodes"] = unique(n["name"] for n in named if info(n, "calls_interrupt") is True)
    result["nodes_without_error_handling"] = unique(n["name"] for n in named if info(n, "has_try") is False)

    if result["static_complete"]:
        configured = {name for c in compiled for name in (*c["interrupt_before"], *c["interrupt_after"])}
        if "*" in configured:
            configured = {n["name"] for n in named}
        opaque = {n["name"] for n in named if facts.function_for(n["function"]) is None}
        unreachable, dead_ends = reachability(nodes, edges, set(result["interrupt_nodes"]) | configured, opaque)
        result["unreachable_nodes"] = unreachable
        result["dead_end_nodes"] = dead_ends
    result["nodes"] = [_public(n) for n in nodes]
    result["edges"] = [_public(e) for e in edges]


def _public(item: dict[str, Any]) -> dict[str, Any]:
    """Drop the keys used only inside the analysis (graph identity, placement)."""
    return {k: v for k, v in item.items() if not k.startswith("_")}
