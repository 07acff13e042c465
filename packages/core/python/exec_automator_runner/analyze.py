"""Static analysis of LangGraph workflow files with ``ast`` only.

The workflow is never imported: analysis must work before the project's
dependencies are installed (bare system Python) and must not run user code.
The result is a best-effort structural picture (imports, graphs, nodes, edges,
compile calls) that the TypeScript side uses for validation and reporting.
Everything resolvable from literals and module-level string constants is
resolved; everything else is reported as ``null`` rather than guessed.
"""

from __future__ import annotations

import ast
import os
import sys
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

_TRY_TYPES: tuple[type, ...] = tuple(
    t for t in (getattr(ast, "Try", None), getattr(ast, "TryStar", None)) if t is not None
)
_FUNC_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef)
_SCOPE_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


# --------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------


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
    _Analyzer(tree, path, listing_cache if listing_cache is not None else {}).fill(result)
    return result


def empty_result(path: str) -> dict[str, Any]:
    """The per-file result skeleton; keys are part of the TS contract."""
    return {
        "file": path,
        "syntax_error": None,
        "imports": [],
        "third_party_imports": [],
        "import_lines": {},
        "state_graphs": [],
        "nodes": [],
        "duplicate_nodes": [],
        "edges": [],
        "entry_points": [],
        "compiled": [],
        "interrupt_nodes": [],
        "nodes_without_error_handling": [],
        "functions": {},
        "graph_variables": [],
    }


# --------------------------------------------------------------------------
# small AST helpers
# --------------------------------------------------------------------------


def _callee_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _dotted(expr: ast.expr) -> str | None:
    """``a.b.c`` for Name/Attribute chains, else None."""
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Name):
        parts.append(expr.id)
        return ".".join(reversed(parts))
    return None


def _arg(call: ast.Call, index: int, *names: str) -> ast.expr | None:
    """Positional argument ``index`` (before any ``*args``) or the first matching keyword."""
    positional: list[ast.expr] = []
    for arg in call.args:
        if isinstance(arg, ast.Starred):
            break
        positional.append(arg)
    if index < len(positional):
        return positional[index]
    for kw in call.keywords:
        if kw.arg in names:
            return kw.value
    return None


def _is_none(expr: ast.expr | None) -> bool:
    return expr is None or (isinstance(expr, ast.Constant) and expr.value in (None, False))


def _walk_body(func: ast.AST) -> Iterable[ast.AST]:
    """Walk a function body without descending into nested defs/lambdas/classes."""
    stack = list(reversed(list(ast.iter_child_nodes(func))))
    while stack:  # depth-first, in source order
        node = stack.pop()
        yield node
        if isinstance(node, _SCOPE_TYPES):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _is_state_graph_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and _callee_name(node.func) == "StateGraph"


# --------------------------------------------------------------------------
# the analyzer
# --------------------------------------------------------------------------


class _Analyzer:
    """Two passes over one module: collect definitions, then interpret calls."""

    def __init__(self, tree: ast.Module, path: str, listing_cache: dict[str, set[str]]) -> None:
        self.tree = tree
        self.path = path
        self.listing_cache = listing_cache
        self.parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent
        self.constants: dict[str, str] = {}  # module-level NAME = "literal"
        self.literals: dict[str, ast.expr] = {}  # module-level NAME = [..] / {..} / (..)
        self.classes: dict[str, ast.AST] = {}
        self.functions: dict[str, ast.AST] = {}
        self.imported_from: dict[str, str] = {}  # local name -> source module
        self.module_calls: dict[str, list[str]] = {}  # fn name -> module-level vars bound to fn()
        self._collect_definitions()
        self.calls = sorted(
            (n for n in ast.walk(tree) if isinstance(n, ast.Call)),
            key=lambda n: (n.lineno, n.col_offset),
        )

    # ---- pass 1 -----------------------------------------------------------

    def _collect_definitions(self) -> None:
        for stmt in self.tree.body:
            targets, value = self._assignment(stmt)
            for target in targets:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    self.constants[target] = value.value
                elif isinstance(value, (ast.List, ast.Tuple, ast.Dict, ast.Set)):
                    self.literals[target] = value
                elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
                    self.module_calls.setdefault(value.func.id, []).append(target)
        # module-level definitions first so they win over nested ones
        module_level = [n for n in self.tree.body if isinstance(n, (*_FUNC_TYPES, ast.ClassDef))]
        nested = [
            n
            for n in ast.walk(self.tree)
            if isinstance(n, (*_FUNC_TYPES, ast.ClassDef)) and n not in module_level
        ]
        for node in module_level + sorted(nested, key=lambda n: n.lineno):
            table = self.classes if isinstance(node, ast.ClassDef) else self.functions
            table.setdefault(node.name, node)
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    self.imported_from[alias.asname or alias.name] = node.module

    @staticmethod
    def _assignment(stmt: ast.AST) -> tuple[list[str], ast.expr | None]:
        if isinstance(stmt, ast.Assign):
            return [t.id for t in stmt.targets if isinstance(t, ast.Name)], stmt.value
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
            return [stmt.target.id], stmt.value
        return [], None

    # ---- pass 2 -----------------------------------------------------------

    def fill(self, result: dict[str, Any]) -> None:
        imports, import_lines = self._imports()
        result["imports"] = imports
        result["import_lines"] = import_lines
        result["third_party_imports"] = self._third_party(imports)
        result["functions"] = self._function_table()

        state_graphs: list[dict[str, Any]] = []
        nodes: list[dict[str, Any]] = []
        edges: list[dict[str, Any]] = []
        known_receivers: set[str] = set()
        builder_calls: list[tuple[ast.Call, str, str | None]] = []
        compile_calls: list[ast.Call] = []

        for call in self.calls:
            if _is_state_graph_call(call):
                entry = self._state_graph(call)
                state_graphs.append(entry)
                if entry["variable"]:
                    known_receivers.add(entry["variable"])
            if isinstance(call.func, ast.Attribute):
                method = call.func.attr
                if method in BUILDER_METHODS:
                    receiver = self._receiver(call.func.value)
                    if receiver:
                        known_receivers.add(receiver)
                    builder_calls.append((call, method, receiver))
                elif method == "compile":
                    compile_calls.append(call)

        for call, method, receiver in builder_calls:
            if method == "add_node":
                nodes.append(self._node(call, receiver))
            elif method == "add_sequence":
                seq_nodes, seq_edges = self._sequence(call, receiver)
                nodes.extend(seq_nodes)
                edges.extend(seq_edges)
            else:
                edges.extend(self._edges(call, method, receiver))

        compiled = [
            self._compiled(call)
            for call in compile_calls
            if self._looks_like_graph_compile(call, known_receivers)
        ]

        result["state_graphs"] = state_graphs
        result["nodes"] = nodes
        result["duplicate_nodes"] = _duplicates(nodes)
        result["edges"] = edges
        result["entry_points"] = _unique(
            e["target"] for e in edges if e["source"] == START and e["target"] is not None
        )
        result["compiled"] = compiled
        result["graph_variables"] = self._graph_variables(compile_calls, known_receivers)
        fn_table = result["functions"]
        result["interrupt_nodes"] = _unique(
            n["name"]
            for n in nodes
            if n["name"] is not None and self._fn_info(n["function"], fn_table, "calls_interrupt") is True
        )
        result["nodes_without_error_handling"] = _unique(
            n["name"]
            for n in nodes
            if n["name"] is not None and self._fn_info(n["function"], fn_table, "has_try") is False
        )

    # ---- imports ----------------------------------------------------------

    def _imports(self) -> tuple[list[str], dict[str, int]]:
        lines: dict[str, int] = {}
        for node in ast.walk(self.tree):
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

    def _third_party(self, imports: list[str]) -> list[str]:
        stdlib = getattr(sys, "stdlib_module_names", frozenset())
        local = self._local_module_names()
        return [
            m for m in imports if m not in stdlib and m not in local and m not in sys.builtin_module_names
        ]

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

    def _function_table(self) -> dict[str, dict[str, Any]]:
        table = {}
        for name, fn in self.functions.items():
            table[name] = {
                "line": fn.lineno,
                "has_try": any(
                    isinstance(n, _TRY_TYPES) and getattr(n, "handlers", None) for n in ast.walk(fn)
                ),
                "calls_interrupt": any(
                    isinstance(n, ast.Call) and _callee_name(n.func) == "interrupt" for n in ast.walk(fn)
                ),
            }
        return table

    @staticmethod
    def _fn_info(function: str | None, table: dict[str, dict[str, Any]], key: str) -> Any:
        """Look a node's function up (``self.x``/``cls.x`` map to method ``x``)."""
        if not function:
            return None
        if function in table:
            return table[function][key]
        head, _, tail = function.rpartition(".")
        if head in ("self", "cls") and tail in table:
            return table[tail][key]
        return None

    # ---- state graphs -----------------------------------------------------

    def _state_graph(self, call: ast.Call) -> dict[str, Any]:
        schema_expr = _arg(call, 0, "state_schema")
        if schema_expr is None:
            schema, kind = None, None
        else:
            schema = _dotted(schema_expr) or ast.unparse(schema_expr)
            kind = self._schema_kind(schema_expr)
        return {
            "variable": self._assigned_name(call),
            "line": call.lineno,
            "state_schema": schema,
            "schema_kind": kind,
        }

    def _schema_kind(self, expr: ast.expr) -> str:
        if not isinstance(expr, ast.Name):
            return "unknown"
        return self._class_kind(expr.id, set())

    def _class_kind(self, name: str, seen: set[str]) -> str:
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
            if _callee_name(target) == "dataclass":
                return "dataclass"
        for base in node.bases:
            base_name = _callee_name(base)
            if base_name == "TypedDict":
                return "TypedDict"
            if base_name == "BaseModel":
                return "pydantic"
        for base in node.bases:  # inherit the kind of a base defined in this module
            if isinstance(base, ast.Name):
                kind = self._class_kind(base.id, seen)
                if kind != "unknown":
                    return kind
        return "unknown"

    def _functional_typeddict(self, name: str) -> str:
        """``State = TypedDict("State", {...})`` at module level."""
        for stmt in self.tree.body:
            targets, value = self._assignment(stmt)
            if name in targets and isinstance(value, ast.Call) and _callee_name(value.func) == "TypedDict":
                return "TypedDict"
        return "unknown"

    # ---- receivers and assignment targets ---------------------------------

    def _receiver(self, expr: ast.expr) -> str | None:
        """Name of the builder a method is called on, following builder chains."""
        while (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Attribute)
            and expr.func.attr in BUILDER_METHODS
        ):
            expr = expr.func.value
        if _is_state_graph_call(expr):
            return self._assigned_name(expr)
        return _dotted(expr)

    def _assigned_name(self, call: ast.Call) -> str | None:
        """Target of ``x = <call>`` (also through ``.with_config(...)``-style chains)."""
        node: ast.AST = call
        parent = self.parents.get(node)
        while (
            isinstance(parent, ast.Attribute)
            and isinstance(self.parents.get(parent), ast.Call)
            and self.parents[parent].func is parent
        ):
            node = self.parents[parent]
            parent = self.parents.get(node)
        if isinstance(parent, ast.Assign) and parent.value is node:
            for target in parent.targets:
                name = _dotted(target)
                if name:
                    return name
        if isinstance(parent, ast.AnnAssign) and parent.value is node:
            return _dotted(parent.target)
        if isinstance(parent, ast.NamedExpr) and parent.value is node:
            return parent.target.id
        return None

    def _enclosing_function(self, node: ast.AST) -> ast.AST | None:
        parent = self.parents.get(node)
        while parent is not None:
            if isinstance(parent, (*_FUNC_TYPES, ast.Lambda)):
                return parent
            if isinstance(parent, ast.ClassDef):
                return parent
            parent = self.parents.get(parent)
        return None

    # ---- node/edge name resolution ----------------------------------------

    def _node_ref(self, expr: ast.expr | None) -> str | None:
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

    def _func_name(self, expr: ast.expr | None) -> str | None:
        """Name of the callable used as a node action (None for lambdas/calls)."""
        if expr is None:
            return None
        if isinstance(expr, (ast.Name, ast.Attribute)):
            return _dotted(expr)
        if isinstance(expr, ast.Call) and _callee_name(expr.func) == "partial" and expr.args:
            return self._func_name(expr.args[0])
        return None

    def _literal(self, expr: ast.expr | None) -> ast.expr | None:
        """Follow a module-level name to its list/tuple/dict literal."""
        if isinstance(expr, ast.Name) and expr.id in self.literals:
            return self.literals[expr.id]
        return expr

    # ---- nodes ------------------------------------------------------------

    def _node(self, call: ast.Call, receiver: str | None) -> dict[str, Any]:
        first = _arg(call, 0, "node", "name")
        action = _arg(call, 1, "action")
        name = self._node_ref(first)
        if action is not None:
            function = self._func_name(action)
        elif name is not None:  # add_node("name") with no action: nothing to call
            function = None
        else:  # add_node(fn): LangGraph names the node after the function
            function = self._func_name(first)
            name = function.rpartition(".")[2] if function else None
        return {"name": name, "function": function, "line": call.lineno, "graph_variable": receiver}

    def _sequence(self, call: ast.Call, receiver: str | None):
        """``add_sequence([a, ("b", fn), ...])`` adds nodes plus edges between them."""
        seq = self._literal(_arg(call, 0, "nodes"))
        nodes: list[dict[str, Any]] = []
        if isinstance(seq, (ast.List, ast.Tuple)):
            for element in seq.elts:
                if isinstance(element, ast.Tuple) and len(element.elts) == 2:
                    name = self._node_ref(element.elts[0])
                    function = self._func_name(element.elts[1])
                else:
                    function = self._func_name(element)
                    name = function.rpartition(".")[2] if function else None
                nodes.append(
                    {"name": name, "function": function, "line": call.lineno, "graph_variable": receiver}
                )
        edges = [
            _edge(a["name"], b["name"], call.lineno, False, receiver)
            for a, b in zip(nodes, nodes[1:], strict=False)
            if a["name"] and b["name"]
        ]
        return nodes, edges

    # ---- edges ------------------------------------------------------------

    def _edges(self, call: ast.Call, method: str, receiver: str | None) -> list[dict[str, Any]]:
        line = call.lineno
        if method == "add_edge":
            start = self._literal(_arg(call, 0, "start_key"))
            target = self._node_ref(_arg(call, 1, "end_key"))
            sources = start.elts if isinstance(start, (ast.List, ast.Tuple)) else [start]
            return [_edge(self._node_ref(s), target, line, False, receiver) for s in sources]
        if method == "set_entry_point":
            return [_edge(START, self._node_ref(_arg(call, 0, "key")), line, False, receiver)]
        if method == "set_finish_point":
            return [_edge(self._node_ref(_arg(call, 0, "key")), END, line, False, receiver)]
        if method == "add_conditional_edges":
            source = self._node_ref(_arg(call, 0, "source"))
            targets = self._branch_targets(_arg(call, 1, "path"), _arg(call, 2, "path_map"))
        else:  # set_conditional_entry_point
            source = START
            targets = self._branch_targets(_arg(call, 0, "path"), _arg(call, 1, "path_map"))
        if not targets:
            return [_edge(source, None, line, True, receiver)]
        return [_edge(source, t, line, True, receiver) for t in targets]

    def _branch_targets(self, path: ast.expr | None, path_map: ast.expr | None) -> list[str | None]:
        path_map = self._literal(path_map)
        if isinstance(path_map, ast.Dict):
            return _unique(self._node_ref(v) for v in path_map.values)
        if isinstance(path_map, (ast.List, ast.Tuple, ast.Set)):
            return _unique(self._node_ref(v) for v in path_map.elts)
        if path_map is not None and not _is_none(path_map):
            return []  # a map we cannot read statically
        return [t for t in self._router_targets(path) if t is not None]

    def _router_targets(self, path: ast.expr | None) -> list[str | None]:
        """Targets a router can return: string returns and ``Literal[...]`` hints."""
        if isinstance(path, ast.Lambda):
            return _unique(self._returned_names(path.body))
        fn = self.functions.get(path.id) if isinstance(path, ast.Name) else None
        if fn is None:
            return []
        found: list[str | None] = []
        for node in _walk_body(fn):
            if isinstance(node, ast.Return) and node.value is not None:
                found.extend(self._returned_names(node.value))
        if fn.returns is not None:
            found.extend(self._literal_annotation(fn.returns))
        return _unique(found)

    def _returned_names(self, expr: ast.expr) -> list[str | None]:
        if isinstance(expr, ast.IfExp):
            return self._returned_names(expr.body) + self._returned_names(expr.orelse)
        if isinstance(expr, (ast.List, ast.Tuple)):
            return [n for e in expr.elts for n in self._returned_names(e)]
        if isinstance(expr, ast.Call) and _callee_name(expr.func) == "Send" and expr.args:
            return [self._node_ref(expr.args[0])]
        ref = self._node_ref(expr)
        return [ref] if ref is not None else []

    def _literal_annotation(self, ann: ast.expr) -> list[str | None]:
        if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
            try:  # string annotation (e.g. under `from __future__ import annotations`)
                ann = ast.parse(ann.value, mode="eval").body
            except SyntaxError:
                return []
        if isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):
            return self._literal_annotation(ann.left) + self._literal_annotation(ann.right)
        if isinstance(ann, ast.Subscript):
            outer = _callee_name(ann.value)
            inner = ann.slice
            elements = inner.elts if isinstance(inner, ast.Tuple) else [inner]
            if outer == "Literal":
                return [self._node_ref(e) for e in elements if self._node_ref(e) is not None]
            if outer in ("Union", "Optional", "list", "List", "Sequence"):
                return [n for e in elements for n in self._literal_annotation(e)]
        return []

    # ---- compile ----------------------------------------------------------

    def _looks_like_graph_compile(self, call: ast.Call, known_receivers: set[str]) -> bool:
        value = call.func.value  # type: ignore[union-attr]
        if isinstance(value, ast.Call) and (
            _is_state_graph_call(value)
            or (isinstance(value.func, ast.Attribute) and value.func.attr in BUILDER_METHODS)
        ):
            return True
        receiver = _dotted(value)
        if receiver in known_receivers:
            return True
        if any(kw.arg in COMPILE_KEYWORDS for kw in call.keywords):
            return True
        # re.compile(p) / py_compile.compile(f) always take a positional argument
        return not call.args and receiver not in ("re", "regex")

    def _compiled(self, call: ast.Call) -> dict[str, Any]:
        checkpointer = _arg(call, 0, "checkpointer")
        return {
            "variable": self._compile_variable(call),
            "graph_variable": self._receiver(call.func.value),  # type: ignore[union-attr]
            "line": call.lineno,
            "interrupt_before": self._interrupt_list(call, "interrupt_before"),
            "interrupt_after": self._interrupt_list(call, "interrupt_after"),
            "has_checkpointer": not _is_none(checkpointer),
        }

    def _compile_variable(self, call: ast.Call) -> str | None:
        """Module-level name bound to the compiled graph, else the local name.

        ``def build(): return wf.compile()`` + ``graph = build()`` reports
        ``graph`` because that is the name ``path:variable`` refs can use.
        """
        local = self._assigned_name(call)
        scope = self._enclosing_function(call)
        if scope is None or isinstance(scope, (ast.ClassDef, ast.Lambda)):
            return local
        if self._function_returns(scope, call, local):
            module_names = self.module_calls.get(scope.name)
            if module_names:
                return module_names[0]
        return local

    def _function_returns(self, fn: ast.AST, call: ast.Call, local: str | None) -> bool:
        for node in _walk_body(fn):
            if not isinstance(node, ast.Return) or node.value is None:
                continue
            if node.value is call or (local and isinstance(node.value, ast.Name) and node.value.id == local):
                return True
        return False

    def _interrupt_list(self, call: ast.Call, keyword: str) -> list[str]:
        for kw in call.keywords:
            if kw.arg != keyword:
                continue
            value = self._literal(kw.value)
            if isinstance(value, ast.Constant) and value.value == "*":
                return ["*"]
            if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
                return [n for n in (self._node_ref(e) for e in value.elts) if n is not None]
        return []

    def _graph_variables(self, compile_calls: list[ast.Call], known: set[str]) -> list[str]:
        names: list[str] = []
        for call in compile_calls:
            if not self._looks_like_graph_compile(call, known):
                continue
            variable = self._compile_variable(call)
            if variable and self._is_module_level_name(call, variable):
                names.append(variable)
        return _unique(names)

    def _is_module_level_name(self, call: ast.Call, variable: str) -> bool:
        if self._enclosing_function(call) is None:
            return "." not in variable
        return any(variable in names for names in self.module_calls.values())


def _edge(source: str | None, target: str | None, line: int, conditional: bool, receiver: str | None):
    return {
        "source": source,
        "target": target,
        "line": line,
        "conditional": conditional,
        "graph_variable": receiver,
    }


def _unique(items: Iterable[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _duplicates(nodes: list[dict[str, Any]]) -> list[str]:
    """Node names added more than once to the same graph variable."""
    counts: dict[tuple[Any, str], int] = {}
    for node in nodes:
        if node["name"] is not None:
            key = (node["graph_variable"], node["name"])
            counts[key] = counts.get(key, 0) + 1
    return _unique(name for (_, name), count in counts.items() if count > 1)
