"""Module-level facts of one workflow file: definitions, imports, functions.

``ModuleFacts`` reads a parsed module once and answers the questions the
graph-builder interpretation (``analyze_builder``) keeps asking: what does this
name refer to, what kind of class is this state schema, which variable holds
this call's result, which string does this constant hold.
"""

from __future__ import annotations

import ast
import os
import sys
from typing import Any

from .analyze_ast import (
    END,
    FUNC_TYPES,
    KNOWN_TYPEDDICT_STATES,
    START,
    TRY_TYPES,
    BUILDER_METHODS,
    callee_name,
    dotted,
    is_state_graph_call,
)


class ModuleFacts:
    """Definitions and name resolution for one module (no code is run)."""

    def __init__(self, tree: ast.Module, path: str, listing_cache: dict[str, set[str]]) -> None:
        self.tree = tree
        self.path = path
        self.listing_cache = listing_cache
        # One traversal for everything: every later question reads these lists, not the tree.
        self.parents: dict[ast.AST, ast.AST] = {}
        self.all_nodes: list[ast.AST] = []
        stack: list[ast.AST] = [tree]
        while stack:
            node = stack.pop()
            self.all_nodes.append(node)
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
                stack.append(child)
        self.constants: dict[str, str] = {}  # module-level NAME = "literal"
        self.literals: dict[str, ast.expr] = {}  # module-level NAME = [..] / {..} / (..)
        self.classes: dict[str, ast.ClassDef] = {}
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        self.imported_from: dict[str, str] = {}  # local name -> source module
        self.module_calls: dict[str, list[str]] = {}  # fn name -> module-level vars bound to fn()
        self._collect_definitions()
        self.calls = sorted(
            (n for n in self.all_nodes if isinstance(n, ast.Call)),
            key=lambda n: (n.lineno, n.col_offset),
        )

    def _collect_definitions(self) -> None:
        for stmt in self.tree.body:
            targets, value = assignment(stmt)
            for target in targets:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    self.constants[target] = value.value
                elif isinstance(value, (ast.List, ast.Tuple, ast.Dict, ast.Set)):
                    self.literals[target] = value
                elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
                    self.module_calls.setdefault(value.func.id, []).append(target)
        # module-level definitions first so they win over nested ones
        module_level = [n for n in self.tree.body if isinstance(n, (*FUNC_TYPES, ast.ClassDef))]
        top = set(map(id, module_level))
        nested = [n for n in self.all_nodes if isinstance(n, (*FUNC_TYPES, ast.ClassDef)) and id(n) not in top]
        for node in module_level + sorted(nested, key=lambda n: n.lineno):
            if isinstance(node, ast.ClassDef):
                self.classes.setdefault(node.name, node)
            else:
                self.functions.setdefault(node.name, node)
        for node in self.all_nodes:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    self.imported_from[alias.asname or alias.name] = node.module

    # ---- imports ----------------------------------------------------------

    def imports(self) -> tuple[list[str], dict[str, int]]:
        """Top-level modules imported (absolute imports only) and the first line of each."""
        lines: dict[str, int] = {}
        for node in self.all_nodes:
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module.split(".")[0]]
            for name in names:
                if name not in lines or node.lineno < lines[name]:
                    lines[name] = node.lineno
        ordered = sorted(lines)
        return ordered, {name: lines[name] for name in ordered}

    def third_party(self, imports: list[str]) -> list[str]:
        """Imports that are neither stdlib, builtin, nor modules beside the file."""
        stdlib = getattr(sys, "stdlib_module_names", frozenset())
        local = self._local_module_names()
        return [m for m in imports if m not in stdlib and m not in local and m not in sys.builtin_module_names]

    def _local_module_names(self) -> set[str]:
        """Modules importable from the file's own directory (sibling .py / packages)."""
        directory = os.path.dirname(os.path.abspath(self.path))
        if directory in self.listing_cache:
            return self.listing_cache[directory]
        names: set[str] = set()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            entries = []
        for entry in entries:
            try:
                if entry.is_file() and entry.name.endswith(".py"):
                    names.add(entry.name[:-3])
                elif entry.is_dir() and entry.name.isidentifier():
                    children = os.listdir(entry.path)
                    if "__init__.py" in children or any(c.endswith(".py") for c in children):
                        names.add(entry.name)
            except OSError:
                continue
        self.listing_cache[directory] = names
        return names

    # ---- functions --------------------------------------------------------

    def function_table(self) -> dict[str, dict[str, Any]]:
        """Per function: line, whether it catches exceptions, whether it calls ``interrupt()``."""
        table = {}
        for name, fn in self.functions.items():
            has_try = calls_interrupt = False
            for n in ast.walk(fn):
                has_try = has_try or (isinstance(n, TRY_TYPES) and bool(getattr(n, "handlers", None)))
                calls_interrupt = calls_interrupt or (isinstance(n, ast.Call) and callee_name(n.func) == "interrupt")
            table[name] = {"line": fn.lineno, "has_try": has_try, "calls_interrupt": calls_interrupt}
        return table

    def function_for(self, name: str | None) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The definition a node action names (``self.x``/``cls.x`` map to method ``x``)."""
        if not name:
            return None
        if name in self.functions:
            return self.functions[name]
        head, _, tail = name.rpartition(".")
        if head in ("self", "cls") and tail in self.functions:
            return self.functions[tail]
        return None

    # ---- state schemas ----------------------------------------------------

    def state_graph(self, call: ast.Call, schema_expr: ast.expr | None) -> dict[str, Any]:
        """One ``StateGraph(...)`` construction with its schema and the schema's kind."""
        if schema_expr is None:
            schema, kind = None, None
        else:
            schema = dotted(schema_expr) or ast.unparse(schema_expr)
            kind = self.class_kind(schema_expr.id, set()) if isinstance(schema_expr, ast.Name) else "unknown"
        return {"variable": self.assigned_name(call), "line": call.lineno, "state_schema": schema, "schema_kind": kind}

    def class_kind(self, name: str, seen: set[str]) -> str:
        """``TypedDict``, ``pydantic``, ``dataclass`` or ``unknown`` for a class of this module."""
        if name in seen:
            return "unknown"
        seen.add(name)
        node = self.classes.get(name)
        if node is None:
            if name in KNOWN_TYPEDDICT_STATES and self.imported_from.get(name, "").startswith("langgraph"):
                return "TypedDict"
            return self._functional_typeddict(name)
        for deco in node.decorator_list:
            target = deco.func if isinstance(deco, ast.Call) else deco
            if callee_name(target) == "dataclass":
                return "dataclass"
        for base in node.bases:
            base_name = callee_name(base)
            if base_name == "TypedDict":
                return "TypedDict"
            if base_name == "BaseModel":
                return "pydantic"
        for base in node.bases:  # inherit the kind of a base defined in this module
            if isinstance(base, ast.Name):
                kind = self.class_kind(base.id, seen)
                if kind != "unknown":
                    return kind
        return "unknown"

    def _functional_typeddict(self, name: str) -> str:
        """``State = TypedDict("State", {...})`` at module level."""
        for stmt in self.tree.body:
            targets, value = assignment(stmt)
            if name in targets and isinstance(value, ast.Call) and callee_name(value.func) == "TypedDict":
                return "TypedDict"
        return "unknown"

    # ---- receivers and assignment targets ---------------------------------

    def receiver(self, expr: ast.expr) -> str | None:
        """Name of the builder a method is called on, following builder chains."""
        while isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in BUILDER_METHODS:
            expr = expr.func.value
        if is_state_graph_call(expr):
            return self.assigned_name(expr)
        return dotted(expr)

    def assigned_name(self, call: ast.Call) -> str | None:
        """Target of ``x = <call>`` (also through ``.with_config(...)``-style chains)."""
        node: ast.AST = call
        parent = self.parents.get(node)
        while (
            isinstance(parent, ast.Attribute)
            and isinstance(self.parents.get(parent), ast.Call)
            and self.parents[parent].func is parent  # type: ignore[attr-defined]
        ):
            node = self.parents[parent]
            parent = self.parents.get(node)
        if isinstance(parent, ast.Assign) and parent.value is node:
            for target in parent.targets:
                name = dotted(target)
                if name:
                    return name
        if isinstance(parent, ast.AnnAssign) and parent.value is node:
            return dotted(parent.target)
        if isinstance(parent, ast.NamedExpr) and parent.value is node:
            return parent.target.id
        return None

    def enclosing_function(self, node: ast.AST) -> ast.AST | None:
        """The def, lambda or class a node sits in; None at module level."""
        parent = self.parents.get(node)
        while parent is not None:
            if isinstance(parent, (*FUNC_TYPES, ast.Lambda, ast.ClassDef)):
                return parent
            parent = self.parents.get(parent)
        return None

    # ---- node/edge name resolution ----------------------------------------

    def node_ref(self, expr: ast.expr | None) -> str | None:
        """A node name from a string literal, START/END, or a module constant."""
        if expr is None:
            return None
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return expr.value
        if isinstance(expr, (ast.Name, ast.Attribute)):
            short = expr.id if isinstance(expr, ast.Name) else expr.attr
            if short == "START":
                return START
            if short == "END":
                return END
            if isinstance(expr, ast.Name) and expr.id in self.constants:
                return self.constants[expr.id]
        return None

    def func_name(self, expr: ast.expr | None) -> str | None:
        """Name of the callable used as a node action (None for lambdas/calls)."""
        if expr is None:
            return None
        if isinstance(expr, (ast.Name, ast.Attribute)):
            return dotted(expr)
        if isinstance(expr, ast.Call) and callee_name(expr.func) == "partial" and expr.args:
            return self.func_name(expr.args[0])
        return None

    def literal(self, expr: ast.expr | None) -> ast.expr | None:
        """Follow a module-level name to its list/tuple/dict literal."""
        if isinstance(expr, ast.Name) and expr.id in self.literals:
            return self.literals[expr.id]
        return expr


def assignment(stmt: ast.AST) -> tuple[list[str], ast.expr | None]:
    """Plain-name targets and value of an ``x = v`` / ``x: T = v`` statement."""
    if isinstance(stmt, ast.Assign):
        return [t.id for t in stmt.targets if isinstance(t, ast.Name)], stmt.value
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
        return [stmt.target.id], stmt.value
    return [], None
