"""Module-level facts of one workflow file: definitions, imports, functions.

``ModuleFacts`` reads a parsed module once and answers the questions the
graph-builder interpretation (``analyze_builder``) keeps asking: what does this
name refer to, what kind of class is this state schema, which variable holds
this call's result, which string does this constant hold.  Names imported from
the project's own modules (``from agent.state import State``,
``from .names import PLANNER``) are answered from those modules, read through
the shared ``ProjectIndex`` (parsed, never imported).
"""

from __future__ import annotations

import ast
import sys
from typing import Any

from .analyze_ast import (
    END,
    FUNC_TYPES,
    KNOWN_TYPEDDICT_STATES,
    START,
    TRY_TYPES,
    callee_name,
    dotted,
)
from .analyze_project import ProjectIndex

MAX_RESOLVE_DEPTH = 4


class ModuleFacts:
    """Definitions and name resolution for one module (no code is run)."""

    def __init__(self, tree: ast.Module, path: str, project: ProjectIndex | None = None) -> None:
        self.tree = tree
        self.path = path
        self.project = project if project is not None else ProjectIndex()
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
        # local name -> (module as written, relative level, original name) of `from m import x as y`
        self.imported_names: dict[str, tuple[str | None, int, str]] = {}
        self.imported_modules: dict[str, str] = {}  # local name -> dotted module of `import a.b as c`
        self.class_constants: dict[str, dict[str, str]] = {}  # class -> NAME = "literal" in its body
        self.module_calls: dict[str, list[str]] = {}  # fn name -> module-level vars bound to fn()
        self._collect_definitions()
        self.calls = sorted(
            (n for n in self.all_nodes if isinstance(n, ast.Call)),
            key=lambda n: (n.lineno, n.col_offset),
        )

    def _collect_definitions(self) -> None:
        for node in self.all_nodes:
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name == "*":
                        continue
                    local = alias.asname or alias.name
                    self.imported_names.setdefault(local, (node.module, node.level, alias.name))
                    if node.module and node.level == 0:
                        self.imported_from[local] = node.module
                    if alias.name in ("START", "END") and (node.module or "").startswith("langgraph"):
                        self.constants.setdefault(local, START if alias.name == "START" else END)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.imported_modules.setdefault(alias.asname, alias.name)
                    else:  # `import a.b` binds `a`
                        top = alias.name.split(".")[0]
                        self.imported_modules.setdefault(top, top)
        for stmt in self.tree.body:
            targets, value = assignment(stmt)
            for target in targets:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    self.constants[target] = value.value
                elif isinstance(value, (ast.Name, ast.Attribute)) and _endpoint(value, self.constants):
                    self.constants[target] = _endpoint(value, self.constants)  # type: ignore[assignment]
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
        for name, cls in self.classes.items():
            consts: dict[str, str] = {}
            for stmt in cls.body:
                targets, value = assignment(stmt)
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    consts.update(dict.fromkeys(targets, value.value))
            self.class_constants[name] = consts

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
        """Imports that are neither stdlib, builtin, nor local (beside the file or under a root)."""
        stdlib = getattr(sys, "stdlib_module_names", frozenset())
        return [
            m
            for m in imports
            if m not in stdlib and m not in sys.builtin_module_names and self.project.find_top(m, self.path) is None
        ]

    def local_imports(self) -> list[dict[str, Any]]:
        """``[{module, file}]``: top-level local modules imported, and relative imports as written."""
        found: dict[str, str | None] = {}
        for node in self.all_nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for module, file in self.project.import_targets(self.path, node)[1]:
                    if found.get(module) is None:
                        found[module] = file
        return [{"module": m, "file": found[m]} for m in sorted(found)]

    # ---- other local modules ----------------------------------------------

    def imported_module_facts(self, local: str) -> tuple[Any, str] | None:
        """(facts of the local module, original name) a ``from m import name`` reads ``local`` from."""
        entry = self.imported_names.get(local)
        if entry is None:
            return None
        module, level, original = entry
        path = self.project.resolve_import_from(self.path, module, level)
        facts = self.project.facts(path) if path else None
        return (facts, original) if facts is not None else None

    def module_alias_facts(self, local: str) -> Any:
        """Facts of the local module a name refers to (``import pkg.mod as m`` / ``from pkg import mod``)."""
        if local in self.imported_modules:
            path = self.project.resolve_import_from(self.path, self.imported_modules[local], 0)
        elif local in self.imported_names:
            module, level, original = self.imported_names[local]
            joined = f"{module}.{original}" if module else original
            path = self.project.resolve_import_from(self.path, joined, level)
            if path is None:
                return None
        else:
            return None
        return self.project.facts(path) if path else None

    # ---- functions --------------------------------------------------------

    def function_table(self) -> dict[str, dict[str, Any]]:
        """Per function: line, whether it catches exceptions, whether it calls ``interrupt()``."""
        return {name: function_info(fn) for name, fn in self.functions.items()}

    def foreign_function(self, name: str | None, depth: int = 0) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The def in another local module a node action names (``from .nodes import f`` / ``nodes.f``)."""
        if not name or depth > MAX_RESOLVE_DEPTH:
            return None
        head, _, tail = name.rpartition(".")
        if not head:
            other = self.imported_module_facts(name)
            if other is None or other[0] is self:
                return None
            module, original = other
            return module.functions.get(original) or module.foreign_function(original, depth + 1)
        if "." in head:
            return None
        module = self.module_alias_facts(head)
        if module is None or module is self:
            return None
        return module.functions.get(tail) or module.foreign_function(tail, depth + 1)

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
            kind = self._functional_typeddict(name)
            if kind == "unknown" and len(seen) <= MAX_RESOLVE_DEPTH:
                other = self.imported_module_facts(name)
                if other is not None and other[0] is not self:
                    return other[0].class_kind(other[1], set())
            return kind
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

    def assigned_name(self, call: ast.Call, through: frozenset[str] | None = None) -> str | None:
        """Target of ``x = <call>`` (also through ``.with_config(...)``-style chains).

        ``through``: follow only chained calls of these methods (None: any method).
        """
        node: ast.AST = call
        parent = self.parents.get(node)
        while (
            isinstance(parent, ast.Attribute)
            and (through is None or parent.attr in through)
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
        if isinstance(parent, ast.Await) and through is None:
            return self.assigned_name(parent)  # type: ignore[arg-type]
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

    def node_ref(self, expr: ast.expr | None, depth: int = 0) -> str | None:
        """A node name from a string literal, START/END, or a constant (also of a local module)."""
        if expr is None or depth > MAX_RESOLVE_DEPTH:
            return None
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return expr.value
        if isinstance(expr, ast.Name):
            if expr.id in self.constants:
                return self.constants[expr.id]
            other = self.imported_module_facts(expr.id)
            if other is not None and other[0] is not self:
                found = other[0].node_ref(ast.Name(id=other[1], ctx=ast.Load()), depth + 1)
                if found is not None:
                    return found
            return {"START": START, "END": END}.get(expr.id)
        if isinstance(expr, ast.Attribute):
            if isinstance(expr.value, ast.Name):
                base = expr.value.id
                if expr.attr in self.class_constants.get(base, {}):  # Nodes.AGENT / a str Enum member
                    return self.class_constants[base][expr.attr]
                other = self.imported_module_facts(base)
                if other is not None and other[0] is not self and expr.attr in other[0].class_constants.get(other[1], {}):
                    return other[0].class_constants[other[1]][expr.attr]
                module = self.module_alias_facts(base)
                if module is not None and module is not self:
                    found = module.node_ref(ast.Name(id=expr.attr, ctx=ast.Load()), depth + 1)
                    if found is not None:
                        return found
            return {"START": START, "END": END}.get(expr.attr)
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


def _endpoint(expr: ast.expr, constants: dict[str, str]) -> str | None:
    """START/END for ``END`` / ``lg.END`` / an alias of them (``FINISH = END``)."""
    if isinstance(expr, ast.Name):
        value = constants.get(expr.id) or {"START": START, "END": END}.get(expr.id)
    elif isinstance(expr, ast.Attribute):
        value = {"START": START, "END": END}.get(expr.attr)
    else:
        value = None
    return value if value in (START, END) else None


def function_info(fn: ast.AST) -> dict[str, Any]:
    """Line, whether it catches exceptions, whether it calls ``interrupt()``."""
    has_try = calls_interrupt = False
    for n in ast.walk(fn):
        has_try = has_try or (isinstance(n, TRY_TYPES) and bool(getattr(n, "handlers", None)))
        calls_interrupt = calls_interrupt or (isinstance(n, ast.Call) and callee_name(n.func) == "interrupt")
    return {"line": fn.lineno, "has_try": has_try, "calls_interrupt": calls_interrupt}  # type: ignore[attr-defined]
