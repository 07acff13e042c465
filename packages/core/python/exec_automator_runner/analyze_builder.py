"""The graph-builder calls of one module: StateGraphs, nodes, edges, compiles.

Every ``add_node`` / ``add_edge`` / ``add_conditional_edges`` / ``add_sequence`` /
``set_*_point`` / ``compile`` call is interpreted from the AST alone.  Where a
router's or a ``Command``'s targets cannot be read statically, the edge gets a
``None`` target: "could go anywhere", which keeps the reachability checks free
of false alarms.
"""

from __future__ import annotations

import ast
from typing import Any

from .analyze_ast import (
    BUILDER_METHODS,
    COMPILE_KEYWORDS,
    END,
    START,
    arg,
    callee_name,
    dotted,
    edge,
    is_none,
    is_state_graph_call,
    unique,
    walk_body,
)
from .analyze_module import ModuleFacts


class BuilderCalls:
    """Interprets the builder calls of one module (see :meth:`collect`)."""

    def __init__(self, facts: ModuleFacts) -> None:
        self.facts = facts

    def collect(self) -> dict[str, Any]:
        """``state_graphs``, ``nodes``, ``edges``, ``compiled`` and ``graph_variables``."""
        f = self.facts
        state_graphs: list[dict[str, Any]] = []
        nodes: list[dict[str, Any]] = []
        edges: list[dict[str, Any]] = []
        known_receivers: set[str] = set()
        builder_calls: list[tuple[ast.Call, str, str | None]] = []
        compile_calls: list[ast.Call] = []
        for call in f.calls:
            if is_state_graph_call(call):
                entry = f.state_graph(call, arg(call, 0, "state_schema"))
                state_graphs.append(entry)
                if entry["variable"]:
                    known_receivers.add(entry["variable"])
            if isinstance(call.func, ast.Attribute):
                method = call.func.attr
                if method in BUILDER_METHODS:
                    receiver = f.receiver(call.func.value)
                    if receiver:
                        known_receivers.add(receiver)
                    builder_calls.append((call, method, receiver))
                elif method == "compile":
                    compile_calls.append(call)
        for call, method, receiver in builder_calls:
            if method == "add_node":
                node, node_edges = self._node(call, receiver)
                nodes.append(node)
                edges.extend(node_edges)
            elif method == "add_sequence":
                seq_nodes, seq_edges = self._sequence(call, receiver)
                nodes.extend(seq_nodes)
                edges.extend(seq_edges)
            else:
                edges.extend(self._edges(call, method, receiver))
        graph_compiles = [c for c in compile_calls if self._looks_like_graph_compile(c, known_receivers)]
        return {
            "state_graphs": state_graphs,
            "nodes": nodes,
            "edges": edges,
            "compiled": [self._compiled(c) for c in graph_compiles],
            "graph_variables": self._graph_variables(graph_compiles),
        }

    # ---- nodes ------------------------------------------------------------

    def _node(self, call: ast.Call, receiver: str | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        f = self.facts
        first = arg(call, 0, "node", "name")
        action = arg(call, 1, "action")
        name = f.node_ref(first)
        if action is not None:
            function = f.func_name(action)
        elif name is not None:  # add_node("name") with no action: nothing to call
            function = None
        else:  # add_node(fn): LangGraph names the node after the function
            function = f.func_name(first)
            name = function.rpartition(".")[2] if function else None
        node = {"name": name, "function": function, "line": call.lineno, "graph_variable": receiver}
        edges: list[dict[str, Any]] = []
        destinations = f.literal(next((kw.value for kw in call.keywords if kw.arg == "destinations"), None))
        if isinstance(destinations, (ast.Tuple, ast.List, ast.Set)):
            targets = [f.node_ref(e) for e in destinations.elts]
        elif isinstance(destinations, ast.Dict):
            targets = [f.node_ref(k) if k is not None else None for k in destinations.keys]
        else:
            targets = []
        edges.extend(edge(name, t, call.lineno, True, receiver, "destinations") for t in unique(targets))
        fn = f.function_for(function)
        if name is not None and fn is not None:
            gotos, complete = self._command_targets(fn)
            line = fn.lineno
            edges.extend(edge(name, t, line, True, receiver, "command") for t in gotos)
            if not complete:
                edges.append(edge(name, None, line, True, receiver, "command"))
        return node, edges

    def _command_targets(self, fn: ast.AST) -> tuple[list[str], bool]:
        """Targets of ``Command(goto=...)`` a node function returns; (targets, all resolved)."""
        returns = getattr(fn, "returns", None)
        if isinstance(returns, ast.Subscript) and callee_name(returns.value) == "Command":
            annotated = [t for t in self._literal_annotation(returns.slice) if t is not None]
            if annotated:
                return unique(annotated), True
        targets: list[str] = []
        complete = True
        for node in walk_body(fn):
            if not (isinstance(node, ast.Call) and callee_name(node.func) == "Command"):
                continue
            goto = next((kw.value for kw in node.keywords if kw.arg == "goto"), None)
            if goto is None:
                continue
            names, resolved = self._returned_names(self.facts.literal(goto))
            targets.extend(n for n in names if n is not None)
            complete = complete and resolved
        return unique(targets), complete

    def _sequence(self, call: ast.Call, receiver: str | None):
        """``add_sequence([a, ("b", fn), ...])`` adds nodes plus edges between them."""
        f = self.facts
        seq = f.literal(arg(call, 0, "nodes"))
        nodes: list[dict[str, Any]] = []
        if isinstance(seq, (ast.List, ast.Tuple)):
            for element in seq.elts:
                if isinstance(element, ast.Tuple) and len(element.elts) == 2:
                    name = f.node_ref(element.elts[0])
                    function = f.func_name(element.elts[1])
                else:
                    function = f.func_name(element)
                    name = function.rpartition(".")[2] if function else None
                nodes.append({"name": name, "function": function, "line": call.lineno, "graph_variable": receiver})
        edges = [
            edge(a["name"], b["name"], call.lineno, False, receiver, "add_sequence")
            for a, b in zip(nodes, nodes[1:], strict=False)
            if a["name"] and b["name"]
        ]
        return nodes, edges

    # ---- edges ------------------------------------------------------------

    def _edges(self, call: ast.Call, method: str, receiver: str | None) -> list[dict[str, Any]]:
        f = self.facts
        line = call.lineno
        if method == "add_edge":
            start = f.literal(arg(call, 0, "start_key"))
            target = f.node_ref(arg(call, 1, "end_key"))
            sources = start.elts if isinstance(start, (ast.List, ast.Tuple)) else [start]
            return [edge(f.node_ref(s), target, line, False, receiver, method) for s in sources]
        if method == "set_entry_point":
            return [edge(START, f.node_ref(arg(call, 0, "key")), line, False, receiver, method)]
        if method == "set_finish_point":
            return [edge(f.node_ref(arg(call, 0, "key")), END, line, False, receiver, method)]
        if method == "add_conditional_edges":
            source = f.node_ref(arg(call, 0, "source"))
            targets = self._branch_targets(arg(call, 1, "path"), arg(call, 2, "path_map"))
        else:  # set_conditional_entry_point
            source = START
            targets = self._branch_targets(arg(call, 0, "path"), arg(call, 1, "path_map"))
        return [edge(source, t, line, True, receiver, method) for t in targets]

    def _branch_targets(self, path: ast.expr | None, path_map: ast.expr | None) -> list[str | None]:
        """Targets of a branch; a trailing ``None`` means "and possibly others"."""
        f = self.facts
        path_map = f.literal(path_map)
        if isinstance(path_map, ast.Dict):
            return unique(f.node_ref(v) for v in path_map.values)
        if isinstance(path_map, (ast.List, ast.Tuple, ast.Set)):
            return unique(f.node_ref(v) for v in path_map.elts)
        if path_map is not None and not is_none(path_map):
            return [None]  # a map we cannot read statically
        targets, complete = self._router_targets(path)
        return targets if targets and complete else [*targets, None]

    def _router_targets(self, path: ast.expr | None) -> tuple[list[str], bool]:
        """Targets a router can return: its ``Literal[...]`` hint, else its string returns."""
        if isinstance(path, ast.Lambda):
            names, complete = self._returned_names(path.body)
            return unique(n for n in names if n is not None), complete
        fn = self.facts.functions.get(path.id) if isinstance(path, ast.Name) else None
        if fn is None:
            return [], False
        found: list[str | None] = []
        complete = True
        for node in walk_body(fn):
            if isinstance(node, ast.Return) and node.value is not None:
                names, resolved = self._returned_names(node.value)
                found.extend(names)
                complete = complete and resolved
        # LangGraph reads a Literal return hint as the path map, so with one the set is known;
        # returns are kept too, so a router that strays from its hint never hides an edge.
        hinted = [t for t in self._literal_annotation(fn.returns) if t is not None] if fn.returns is not None else []
        return unique(n for n in [*found, *hinted] if n is not None), complete or bool(hinted)

    def _returned_names(self, expr: ast.expr | None) -> tuple[list[str | None], bool]:
        """Node names an expression evaluates to, and whether all of them are known."""
        f = self.facts
        if expr is None:
            return [], False
        if isinstance(expr, ast.IfExp):
            a, ok_a = self._returned_names(expr.body)
            b, ok_b = self._returned_names(expr.orelse)
            return a + b, ok_a and ok_b
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            names: list[str | None] = []
            complete = True
            for element in expr.elts:
                part, ok = self._returned_names(element)
                names.extend(part)
                complete = complete and ok
            return names, complete
        if isinstance(expr, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            return self._returned_names(expr.elt)
        if isinstance(expr, ast.Call) and callee_name(expr.func) == "Send":
            ref = f.node_ref(arg(expr, 0, "node"))
            return [ref], ref is not None
        ref = f.node_ref(expr)
        return ([ref], True) if ref is not None else ([], False)

    def _literal_annotation(self, ann: ast.expr) -> list[str | None]:
        f = self.facts
        if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
            try:  # string annotation (e.g. under `from __future__ import annotations`)
                ann = ast.parse(ann.value, mode="eval").body
            except SyntaxError:
                return []
        if isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):
            return self._literal_annotation(ann.left) + self._literal_annotation(ann.right)
        if isinstance(ann, ast.Subscript):
            outer = callee_name(ann.value)
            inner = ann.slice
            elements = inner.elts if isinstance(inner, ast.Tuple) else [inner]
            if outer == "Literal":
                return [f.node_ref(e) for e in elements if f.node_ref(e) is not None]
            if outer in ("Union", "Optional", "list", "List", "Sequence", "Command"):
                return [n for e in elements for n in self._literal_annotation(e)]
        return []

    # ---- compile ----------------------------------------------------------

    def _looks_like_graph_compile(self, call: ast.Call, known_receivers: set[str]) -> bool:
        value = call.func.value  # type: ignore[attr-defined]
        if isinstance(value, ast.Call) and (
            is_state_graph_call(value) or (isinstance(value.func, ast.Attribute) and value.func.attr in BUILDER_METHODS)
        ):
            return True
        receiver = dotted(value)
        if receiver in known_receivers:
            return True
        if any(kw.arg in COMPILE_KEYWORDS for kw in call.keywords):
            return True
        # re.compile(p) / py_compile.compile(f) always take a positional argument
        return not call.args and receiver not in ("re", "regex")

    def _compiled(self, call: ast.Call) -> dict[str, Any]:
        checkpointer = arg(call, 0, "checkpointer")
        return {
            "variable": self._compile_variable(call),
            "graph_variable": self.facts.receiver(call.func.value),  # type: ignore[attr-defined]
            "line": call.lineno,
            "interrupt_before": self._interrupt_list(call, "interrupt_before"),
            "interrupt_after": self._interrupt_list(call, "interrupt_after"),
            "has_checkpointer": not is_none(checkpointer),
        }

    def _compile_variable(self, call: ast.Call) -> str | None:
        """Module-level name bound to the compiled graph, else the local name.

        ``def build(): return wf.compile()`` + ``graph = build()`` reports
        ``graph`` because that is the name ``path:variable`` refs can use.
        """
        f = self.facts
        local = f.assigned_name(call)
        scope = f.enclosing_function(call)
        if scope is None or isinstance(scope, (ast.ClassDef, ast.Lambda)):
            return local
        if self._function_returns(scope, call, local):
            module_names = f.module_calls.get(scope.name)  # type: ignore[attr-defined]
            if module_names:
                return module_names[0]
        return local

    @staticmethod
    def _function_returns(fn: ast.AST, call: ast.Call, local: str | None) -> bool:
        for node in walk_body(fn):
            if not isinstance(node, ast.Return) or node.value is None:
                continue
            if node.value is call or (local and isinstance(node.value, ast.Name) and node.value.id == local):
                return True
        return False

    def _interrupt_list(self, call: ast.Call, keyword: str) -> list[str]:
        f = self.facts
        for kw in call.keywords:
            if kw.arg != keyword:
                continue
            value = f.literal(kw.value)
            if isinstance(value, ast.Constant) and value.value == "*":
                return ["*"]
            if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
                return [n for n in (f.node_ref(e) for e in value.elts) if n is not None]
        return []

    def _graph_variables(self, graph_compiles: list[ast.Call]) -> list[str]:
        names: list[str] = []
        for call in graph_compiles:
            variable = self._compile_variable(call)
            if variable and self._is_module_level_name(call, variable):
                names.append(variable)
        return unique(names)

    def _is_module_level_name(self, call: ast.Call, variable: str) -> bool:
        if self.facts.enclosing_function(call) is None:
            return "." not in variable
        return any(variable in names for names in self.facts.module_calls.values())
