"""The graph-builder calls of one module: StateGraphs, nodes, edges, compiles.

Every ``add_node`` / ``add_edge`` / ``add_conditional_edges`` / ``add_sequence`` /
``set_*_point`` / ``compile`` call is interpreted from the AST alone.  Where a
router's or a ``Command``'s targets cannot be read statically, the edge gets a
``None`` target: "could go anywhere", which keeps the reachability checks free
of false alarms.

Each ``StateGraph(...)`` is one graph; builder calls are attributed to it through
the variable they are called on (looked up scope by scope, latest binding
first) or through a builder chain (``StateGraph(S).add_node(f).compile()``: an
anonymous builder).  Whatever static reading cannot know about a graph (nodes
added in a loop or under an ``if``, names that are not literals, a graph built
in a factory function, a subgraph node, a builder from elsewhere, prebuilt
agents, the functional API) is recorded as an *unknown*: the graph is then not
``static_complete`` and the reachability checks stay silent.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from .analyze_ast import (
    BUILDER_METHODS,
    COMPILE_KEYWORDS,
    END,
    FUNC_TYPES,
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

# Library calls that return a compiled graph (or a builder of one) whose nodes are not in the file.
PREBUILT_GRAPH_FACTORIES = frozenset(
    {
        "create_react_agent",
        "create_agent",
        "create_supervisor",
        "create_swarm",
        "create_deep_agent",
        "create_tool_calling_executor",
    }
)
# Of those, the ones that return a builder: the graph is what ``.compile()`` makes of it.
BUILDER_FACTORIES = frozenset({"create_supervisor", "create_swarm"})
LOOP_TYPES: tuple[type, ...] = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
BRANCH_TYPES: tuple[type, ...] = (ast.If, ast.IfExp, ast.ExceptHandler, ast.BoolOp, *(t for t in (getattr(ast, "Match", None),) if t))
SCOPES: tuple[type, ...] = (*FUNC_TYPES, ast.Lambda, ast.ClassDef)
MAX_HELPER_DEPTH = 3


@dataclass
class Graph:
    """One graph being built: a ``StateGraph(...)`` call, or a builder we only see used."""

    key: Any
    variable: str | None
    line: int
    entry: dict[str, Any] | None = None  # its state_graphs entry (None: not created here)
    unknowns: list[dict[str, Any]] = field(default_factory=list)

    def unknown(self, reason: str, line: int) -> None:
        self.unknowns.append({"reason": reason, "line": line, "graph_variable": self.variable})


class BuilderCalls:
    """Interprets the builder calls of one module (see :meth:`collect`)."""

    def __init__(self, facts: ModuleFacts) -> None:
        self.facts = facts
        self.graphs: dict[Any, Graph] = {}
        # (scope, variable) -> [(line, graph)] for `variable = StateGraph(...)`
        self.bindings: dict[tuple[int, str], list[tuple[int, Graph]]] = {}
        self.file_unknowns: list[dict[str, Any]] = []
        self.graph_values: dict[str, ast.AST] = {}  # names bound to compiled graphs / prebuilt agents

    # ---- the whole module -------------------------------------------------

    def collect(self) -> dict[str, Any]:
        """``state_graphs``, ``nodes``, ``edges``, ``compiled``, ``graph_variables``, ``prebuilt_graphs``,
        ``unknowns`` (what static reading cannot know) and ``complete`` (per graph key)."""
        f = self.facts
        builder_calls: list[tuple[ast.Call, str]] = []
        compile_calls: list[ast.Call] = []
        for call in f.calls:
            if is_state_graph_call(call):
                self._new_graph(call)
            if isinstance(call.func, ast.Attribute):
                if call.func.attr in BUILDER_METHODS:
                    builder_calls.append((call, call.func.attr))
                elif call.func.attr == "compile":
                    compile_calls.append(call)
        prebuilt = self._prebuilt_graphs()
        graph_compiles = [c for c in compile_calls if self._looks_like_graph_compile(c)]
        for call in graph_compiles:
            name = f.assigned_name(call)
            if name:
                self.graph_values.setdefault(name, call)
        self._escaping_builders(builder_calls)

        nodes: list[dict[str, Any]] = []
        edges: list[dict[str, Any]] = []
        for call, method in builder_calls:
            graph = self._graph_of(call.func.value, call)  # type: ignore[attr-defined]
            uncertain = self._placement(call, graph)
            if method == "add_node":
                node, node_edges = self._node(call, graph)
                node["_uncertain"] = uncertain
                nodes.append(node)
                edges.extend(node_edges)
            elif method == "add_sequence":
                seq_nodes, seq_edges = self._sequence(call, graph)
                for node in seq_nodes:
                    node["_uncertain"] = uncertain
                nodes.extend(seq_nodes)
                edges.extend(seq_edges)
            else:
                edges.extend(self._edges(call, method, graph))

        compiled = [self._compiled(c) for c in graph_compiles]
        unknowns = [u for g in self.graphs.values() for u in g.unknowns] + self.file_unknowns
        for graph in self.graphs.values():
            if graph.entry is not None:
                graph.entry["static_complete"] = not graph.unknowns
        return {
            "state_graphs": [g.entry for g in self.graphs.values() if g.entry is not None],
            "nodes": nodes,
            "edges": edges,
            "compiled": compiled,
            "graph_variables": unique([*self._graph_variables(graph_compiles), *self._prebuilt_variables(prebuilt)]),
            "prebuilt_graphs": [p for p, _ in prebuilt],
            "unknowns": sorted(unique(unknowns), key=lambda u: u["line"]),
            "complete": {key: not g.unknowns for key, g in self.graphs.items()},
        }

    # ---- which graph a call builds ------------------------------------------

    def _scope(self, node: ast.AST) -> ast.AST | None:
        return self.facts.enclosing_function(node)

    def _new_graph(self, call: ast.Call) -> Graph:
        f = self.facts
        variable = f.assigned_name(call, through=BUILDER_METHODS)
        entry = f.state_graph(call, arg(call, 0, "state_schema"))
        entry["variable"] = variable
        graph = Graph(key=("graph", id(call)), variable=variable, line=call.lineno, entry=entry)
        self.graphs[graph.key] = graph
        scope = self._scope(call)
        if scope is not None:
            graph.unknown("factory", call.lineno)
        if variable:
            self.bindings.setdefault((id(scope), variable), []).append((call.lineno, graph))
        return graph

    def _graph_of(self, expr: ast.expr, at: ast.AST) -> Graph:
        """The graph a builder method called on ``expr`` (at node ``at``) builds."""
        while isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in BUILDER_METHODS:
            expr = expr.func.value
        if is_state_graph_call(expr):
            return self.graphs[("graph", id(expr))]
        name = dotted(expr)
        line = getattr(at, "lineno", 0)
        if name:
            found = self._bound_graph(name, at, line)
            if found is not None:
                return found
        key = ("external", id(self._scope(at)), name or ast.unparse(expr))
        if key not in self.graphs:
            graph = Graph(key=key, variable=name, line=line)
            graph.unknown("external-builder", line)
            self.graphs[key] = graph
        return self.graphs[key]

    def _bound_graph(self, name: str, at: ast.AST, line: int) -> Graph | None:
        scope: ast.AST | None = self._scope(at)
        while True:
            candidates = self.bindings.get((id(scope), name), [])
            if candidates:
                before = [g for bound_at, g in candidates if bound_at <= line]
                return before[-1] if before else candidates[0][1]
            if scope is None:
                break
            scope = self._scope(scope)
        # e.g. `self.builder = StateGraph(...)` in __init__, used in another method
        others = [g for (_, variable), bound in self.bindings.items() if variable == name for _, g in bound]
        return others[-1] if others else None

    def _placement(self, call: ast.Call, graph: Graph) -> bool:
        """Record a builder call made in a loop or under a condition; True when it is."""
        node: ast.AST | None = self.facts.parents.get(call)
        while node is not None and not isinstance(node, SCOPES):
            if isinstance(node, LOOP_TYPES):
                graph.unknown("loop", method_line(call))
                return True
            if isinstance(node, BRANCH_TYPES):
                graph.unknown("conditional", method_line(call))
                return True
            node = self.facts.parents.get(node)
        return False

    def _escaping_builders(self, builder_calls: list[tuple[ast.Call, str]]) -> None:
        """A builder passed to a function may get nodes and edges there: ``add_tools(builder)``."""
        builder_names = {variable for (_, variable) in self.bindings}
        for call in self.facts.calls:
            if isinstance(call.func, ast.Attribute) and call.func.attr in (*BUILDER_METHODS, "compile"):
                continue
            for value in [*call.args, *(kw.value for kw in call.keywords)]:
                if isinstance(value, ast.Name) and value.id in builder_names:
                    self._graph_of(value, call).unknown("builder-passed-to-function", call.lineno)

    # ---- nodes ------------------------------------------------------------

    def _node(self, call: ast.Call, graph: Graph) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        f = self.facts
        first = arg(call, 0, "node", "name")
        action = arg(call, 1, "action")
        name = f.node_ref(first) if first is not None else None
        if action is not None:
            function = f.func_name(action)
            if first is not None and name is None:
                graph.unknown("dynamic-name", method_line(call))
            if self._is_subgraph(action):
                graph.unknown("subgraph", method_line(call))
        elif name is not None:  # add_node("name") with no action: nothing to call
            function = None
        else:  # add_node(fn): LangGraph names the node after the function (or the runnable)
            function = f.func_name(first)
            name, reason = self._action_name(first)
            if reason:
                graph.unknown(reason, method_line(call))
        node = {"name": name, "function": function, "line": method_line(call), "graph_variable": graph.variable, "_graph": graph.key}
        edges: list[dict[str, Any]] = []
        destinations = f.literal(next((kw.value for kw in call.keywords if kw.arg == "destinations"), None))
        if isinstance(destinations, (ast.Tuple, ast.List, ast.Set)):
            targets = [f.node_ref(e) for e in destinations.elts]
        elif isinstance(destinations, ast.Dict):
            targets = [f.node_ref(k) if k is not None else None for k in destinations.keys]
        else:
            targets = []
        edges.extend(self._edge(graph, name, t, method_line(call), True, "destinations", t is not None) for t in unique(targets))
        fn = f.function_for(function)
        if name is not None and fn is not None:
            checked, gotos, complete = self._command_targets(fn, 0)
            line = fn.lineno
            edges.extend(self._edge(graph, name, t, line, True, "command", True) for t in checked)
            edges.extend(self._edge(graph, name, t, line, True, "command", False) for t in gotos if t not in checked)
            if not complete:
                edges.append(self._edge(graph, name, None, line, True, "command", False))
        return node, edges

    def _action_name(self, expr: ast.expr | None) -> tuple[str | None, str | None]:
        """The name LangGraph gives a node added without one, and why it is unknown (if it is)."""
        f = self.facts
        if isinstance(expr, ast.Name):
            if expr.id in f.functions:
                return f.functions[expr.id].name, None
            if expr.id in self.graph_values:
                return self._graph_name(self.graph_values[expr.id]), "subgraph"
            value = self._local_value(expr.id)
            if isinstance(value, ast.Call):
                return self._call_node_name(value)
            if value is not None:
                return None, "dynamic-name"
            imported = f.imported_names.get(expr.id)
            if imported is not None:
                return _imported_def_name(f, expr.id, 0)
            return None, "dynamic-name"
        if isinstance(expr, ast.Attribute):
            return expr.attr, None
        if isinstance(expr, ast.Call):
            return self._call_node_name(expr)
        return None, "dynamic-name"

    def _call_node_name(self, call: ast.Call) -> tuple[str | None, str | None]:
        callee = callee_name(call.func)
        literal = self.facts.node_ref(next((kw.value for kw in call.keywords if kw.arg == "name"), None))
        if callee == "ToolNode":
            return literal or "tools", None
        if self._is_subgraph(call):
            return literal, "subgraph"
        return literal, None if literal else "dynamic-name"

    def _local_value(self, name: str) -> ast.expr | None:
        """The value of the last plain ``name = value`` in the module (any scope)."""
        found = None
        for node in self.facts.all_nodes:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                if found is None or node.lineno > found.lineno:
                    found = node
        return found.value if found is not None else None

    def _graph_name(self, value: ast.AST) -> str | None:
        if isinstance(value, ast.Call):
            return self.facts.node_ref(next((kw.value for kw in value.keywords if kw.arg == "name"), None))
        return None

    def _is_subgraph(self, expr: ast.expr) -> bool:
        """A compiled graph or prebuilt agent used as a node."""
        if isinstance(expr, ast.Name):
            return expr.id in self.graph_values
        if isinstance(expr, ast.Call):
            if isinstance(expr.func, ast.Attribute) and expr.func.attr in ("compile", "with_config"):
                return True
            return self._prebuilt_kind(expr) is not None
        return False

    def _command_targets(self, fn: ast.AST, depth: int) -> tuple[list[str], list[str], bool]:
        """``Command(goto=...)`` targets a node function returns.

        (targets of its ``Command[Literal[...]]`` hint (compile-checked), gotos read from its body,
        whether all of them are known).  A returned call of a local helper is followed; a
        returned call of anything else may be a ``Command`` unless the return hint says otherwise.
        """
        returns = getattr(fn, "returns", None)
        if isinstance(returns, ast.Subscript) and callee_name(returns.value) == "Command":
            annotated = [t for t in self._literal_annotation(returns.slice) if t is not None]
            if annotated:
                return unique(annotated), [], True
        may_be_command = returns is None or "Command" in ast.unparse(returns) or ast.unparse(returns) in ("Any", "typing.Any")
        targets: list[str] = []
        complete = True
        for node in walk_body(fn):
            if isinstance(node, ast.Return) and isinstance(node.value, (ast.Call, ast.Await)) and may_be_command:
                value = node.value.value if isinstance(node.value, ast.Await) else node.value
                if isinstance(value, ast.Call) and callee_name(value.func) not in ("Command", "dict", "list", "Send"):
                    helper = self.facts.functions.get(value.func.id) if isinstance(value.func, ast.Name) else None
                    if helper is not None and helper is not fn and depth < MAX_HELPER_DEPTH:
                        checked, found, ok = self._command_targets(helper, depth + 1)
                        targets.extend([*checked, *found])
                        complete = complete and ok
                    else:
                        complete = False  # whatever it returns may be a Command
            if not (isinstance(node, ast.Call) and callee_name(node.func) == "Command"):
                continue
            goto = next((kw.value for kw in node.keywords if kw.arg == "goto"), None)
            if goto is None:
                continue
            if any(kw.arg == "graph" for kw in node.keywords):
                complete = False  # Command(graph=Command.PARENT): a parent graph's node
                continue
            names, resolved = self._returned_names(self.facts.literal(goto))
            targets.extend(n for n in names if n is not None)
            complete = complete and resolved
        return [], unique(targets), complete

    def _sequence(self, call: ast.Call, graph: Graph):
        """``add_sequence([a, ("b", fn), ...])`` adds nodes plus edges between them."""
        f = self.facts
        seq = f.literal(arg(call, 0, "nodes"))
        nodes: list[dict[str, Any]] = []
        if isinstance(seq, (ast.List, ast.Tuple)):
            for element in seq.elts:
                if isinstance(element, ast.Tuple) and len(element.elts) == 2:
                    name = f.node_ref(element.elts[0])
                    function = f.func_name(element.elts[1])
                    if name is None:
                        graph.unknown("dynamic-name", method_line(call))
                    if self._is_subgraph(element.elts[1]):
                        graph.unknown("subgraph", method_line(call))
                else:
                    function = f.func_name(element)
                    name, reason = self._action_name(element)
                    if reason:
                        graph.unknown(reason, method_line(call))
                nodes.append(
                    {"name": name, "function": function, "line": method_line(call), "graph_variable": graph.variable, "_graph": graph.key}
                )
        else:
            graph.unknown("dynamic-name", method_line(call))
        edges = [
            self._edge(graph, a["name"], b["name"], method_line(call), False, "add_sequence", True)
            for a, b in zip(nodes, nodes[1:], strict=False)
            if a["name"] and b["name"]
        ]
        return nodes, edges

    # ---- edges ------------------------------------------------------------

    @staticmethod
    def _edge(graph: Graph, source, target, line, conditional, via, checked) -> dict[str, Any]:
        return {**edge(source, target, line, conditional, graph.variable, via), "compile_checked": checked, "_graph": graph.key}

    def _edges(self, call: ast.Call, method: str, graph: Graph) -> list[dict[str, Any]]:
        f = self.facts
        line = method_line(call)
        if method == "add_edge":
            start = f.literal(arg(call, 0, "start_key"))
            target = f.node_ref(arg(call, 1, "end_key"))
            sources = start.elts if isinstance(start, (ast.List, ast.Tuple)) else [start]
            found = [self._edge(graph, f.node_ref(s), target, line, False, method, True) for s in sources]
        elif method == "set_entry_point":
            found = [self._edge(graph, START, f.node_ref(arg(call, 0, "key")), line, False, method, True)]
        elif method == "set_finish_point":
            found = [self._edge(graph, f.node_ref(arg(call, 0, "key")), END, line, False, method, True)]
        else:
            if method == "add_conditional_edges":
                source = f.node_ref(arg(call, 0, "source"))
                targets = self._branch_targets(arg(call, 1, "path"), arg(call, 2, "path_map"))
            else:  # set_conditional_entry_point
                source = START
                targets = self._branch_targets(arg(call, 0, "path"), arg(call, 1, "path_map"))
            return self._check_sources([self._edge(graph, source, t, line, True, method, c) for t, c in targets], graph, line)
        if any(e["target"] is None for e in found):
            graph.unknown("dynamic-name", line)
        return self._check_sources(found, graph, line)

    @staticmethod
    def _check_sources(found: list[dict[str, Any]], graph: Graph, line: int) -> list[dict[str, Any]]:
        if any(e["source"] is None for e in found):
            graph.unknown("dynamic-name", line)
        return found

    def _branch_targets(self, path: ast.expr | None, path_map: ast.expr | None) -> list[tuple[str | None, bool]]:
        """(target, compile-checked) of a branch; a ``None`` target means "and possibly others"."""
        f = self.facts
        path_map = f.literal(path_map)
        if isinstance(path_map, ast.Dict):
            return [(t, t is not None) for t in unique(f.node_ref(v) for v in path_map.values)]
        if isinstance(path_map, (ast.List, ast.Tuple, ast.Set)):
            return [(t, t is not None) for t in unique(f.node_ref(v) for v in path_map.elts)]
        if path_map is not None and not is_none(path_map):
            return [(None, False)]  # a map we cannot read statically
        hinted, returned, complete = self._router_targets(path)
        targets = [(t, t in hinted) for t in unique([*returned, *hinted])]
        return targets if targets and complete else [*targets, (None, False)]

    def _router_targets(self, path: ast.expr | None) -> tuple[list[str], list[str], bool]:
        """Targets a router can return: (its ``Literal[...]`` hint, its string returns, all known)."""
        if isinstance(path, ast.Lambda):
            names, complete = self._returned_names(path.body)
            return [], unique(n for n in names if n is not None), complete
        fn = self.facts.functions.get(path.id) if isinstance(path, ast.Name) else None
        if fn is None:
            return [], [], False
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
        return unique(hinted), unique(n for n in found if n is not None), complete or bool(hinted)

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

    def _looks_like_graph_compile(self, call: ast.Call) -> bool:
        value = call.func.value  # type: ignore[attr-defined]
        if isinstance(value, ast.Call) and (
            is_state_graph_call(value)
            or (isinstance(value.func, ast.Attribute) and value.func.attr in BUILDER_METHODS)
            or self._prebuilt_kind(value) is not None
        ):
            return True
        receiver = dotted(value)
        if receiver is not None and self._bound_graph(receiver, call, call.lineno) is not None:
            return True
        if any(kw.arg in COMPILE_KEYWORDS for kw in call.keywords):
            return True
        # re.compile(p) / py_compile.compile(f) always take a positional argument
        return not call.args and receiver not in ("re", "regex")

    def _compile_graph(self, call: ast.Call) -> Graph | None:
        value = call.func.value  # type: ignore[attr-defined]
        root = value
        while isinstance(root, ast.Call) and isinstance(root.func, ast.Attribute) and root.func.attr in BUILDER_METHODS:
            root = root.func.value
        if is_state_graph_call(root):
            return self.graphs[("graph", id(root))]
        name = dotted(root)
        bound = self._bound_graph(name, call, call.lineno) if name else None
        if bound is not None:
            return bound
        if isinstance(root, ast.Call) and self._prebuilt_kind(root) is not None:
            return None  # create_supervisor(...).compile(): recorded as a prebuilt graph
        if isinstance(root, ast.Call) and isinstance(root.func, ast.Name) and root.func.id in self.facts.functions:
            returned = self._returned_builder(self.facts.functions[root.func.id])
            if returned is not None:  # build().compile() with `def build(): ...; return builder`
                return returned
        return self._graph_of(value, call)  # a builder from elsewhere

    def _returned_builder(self, fn: ast.AST) -> Graph | None:
        for node in walk_body(fn):
            if isinstance(node, ast.Return) and node.value is not None:
                value = node.value
                while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in BUILDER_METHODS:
                    value = value.func.value
                if is_state_graph_call(value):
                    return self.graphs[("graph", id(value))]
                if isinstance(value, ast.Name):
                    return self._bound_graph(value.id, node, node.lineno)
        return None

    def _compiled(self, call: ast.Call) -> dict[str, Any]:
        checkpointer = arg(call, 0, "checkpointer")
        graph = self._compile_graph(call)
        return {
            "variable": self._result_variable(call),
            "graph_variable": graph.variable if graph is not None else None,
            "line": method_line(call),
            "interrupt_before": self._interrupt_list(call, "interrupt_before"),
            "interrupt_after": self._interrupt_list(call, "interrupt_after"),
            "has_checkpointer": not is_none(checkpointer),
            "static_complete": graph is not None and not graph.unknowns,
        }

    def _result_variable(self, call: ast.Call) -> str | None:
        """Module-level name bound to the call's result (a graph), else the local name.

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
            value = node.value.value if isinstance(node.value, ast.Await) else node.value
            if value is call or (local and isinstance(value, ast.Name) and value.id == local):
                return True
            # return create_react_agent(...).with_config(...) / return builder.compile(name=...)
            inner = value
            while isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute):
                inner = inner.func.value
                if inner is call:
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
            variable = self._result_variable(call)
            if variable and self._is_module_level_name(call, variable):
                names.append(variable)
        return unique(names)

    def _is_module_level_name(self, node: ast.AST, variable: str) -> bool:
        if self.facts.enclosing_function(node) is None:
            return "." not in variable
        return any(variable in names for names in self.facts.module_calls.values())

    # ---- prebuilt graphs and the functional API ---------------------------

    def _prebuilt_kind(self, call: ast.Call) -> str | None:
        """``create_react_agent`` & co. from a library (not a same-named function of the project)."""
        f = self.facts
        name = callee_name(call.func)
        if name not in PREBUILT_GRAPH_FACTORIES:
            return None
        if isinstance(call.func, ast.Name):
            if name in f.functions:
                return None
            imported = f.imported_names.get(name)
            if imported is not None and (imported[1] > 0 or f.project.find_top((imported[0] or "").split(".")[0], f.path)):
                return None  # the project's own create_agent (e.g. a prompt | llm helper)
        return name

    def _prebuilt_graphs(self) -> list[tuple[dict[str, Any], ast.AST]]:
        f = self.facts
        found: list[tuple[dict[str, Any], ast.AST]] = []
        for call in f.calls:
            kind = self._prebuilt_kind(call)
            if kind is None:
                kind = self._local_factory_kind(call)
            if kind is None:
                continue
            variable = self._result_variable(call)
            found.append(({"variable": variable, "kind": kind, "line": call.lineno}, call))
            self._unknown_at(call, "prebuilt")
            if variable and not self._uncompiled_builder(call, kind):
                self.graph_values.setdefault(variable, call)
        for fn in f.all_nodes:
            if not isinstance(fn, FUNC_TYPES):
                continue
            for deco in fn.decorator_list:
                name = callee_name(deco.func if isinstance(deco, ast.Call) else deco)
                if name == "entrypoint" and name not in f.functions:
                    module_level = f.enclosing_function(fn) is None
                    entry = {"variable": fn.name if module_level else None, "kind": "entrypoint", "line": fn.lineno}
                    found.append((entry, fn))
                    self.file_unknowns.append({"reason": "functional-api", "line": fn.lineno, "graph_variable": entry["variable"]})
                    self.graph_values.setdefault(fn.name, fn)
                elif name == "task" and name not in f.functions:
                    self.file_unknowns.append({"reason": "functional-api", "line": fn.lineno, "graph_variable": None})
        return sorted(found, key=lambda p: p[0]["line"])

    def _local_factory_kind(self, call: ast.Call) -> str | None:
        """``graph = make_graph()`` with ``make_graph`` a graph factory of a local module."""
        f = self.facts
        if not isinstance(call.func, ast.Name) or f.enclosing_function(call) is not None:
            return None
        if call.func.id in f.functions:
            return None
        other = f.imported_module_facts(call.func.id)
        if other is None or other[0] is f:
            return None
        fn = other[0].functions.get(other[1])
        if fn is None:
            return None
        for node in walk_body(fn):
            if isinstance(node, ast.Call) and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "compile" and not node.args)
                or callee_name(node.func) in PREBUILT_GRAPH_FACTORIES
            ):
                return call.func.id
        return None

    def _unknown_at(self, call: ast.Call, reason: str) -> None:
        self.file_unknowns.append({"reason": reason, "line": call.lineno, "graph_variable": self.facts.assigned_name(call)})

    def _uncompiled_builder(self, call: ast.Call, kind: str) -> bool:
        """``workflow = create_swarm(...)``: a builder, compiled later (or not at all)."""
        if kind not in BUILDER_FACTORIES:
            return False
        node: ast.AST = call
        parent = self.facts.parents.get(node)
        while isinstance(parent, ast.Attribute) and isinstance(self.facts.parents.get(parent), ast.Call):
            if parent.attr == "compile":
                return False
            node = self.facts.parents[parent]
            parent = self.facts.parents.get(node)
        return True

    def _prebuilt_variables(self, prebuilt: list[tuple[dict[str, Any], ast.AST]]) -> list[str]:
        return [
            entry["variable"]
            for entry, node in prebuilt
            if entry["variable"]
            and self._is_module_level_name(node, entry["variable"])
            and not (isinstance(node, ast.Call) and self._uncompiled_builder(node, entry["kind"]))
        ]



def _imported_def_name(facts: ModuleFacts, local: str, depth: int) -> tuple[str | None, str | None]:
    """Node name of an imported callable: a def's ``__name__`` (followed through re-exports)."""
    original = facts.imported_names[local][2]
    other = facts.imported_module_facts(local)
    if other is None:
        return original, None  # a library's function (or unreadable): named as imported
    module, name = other
    if name in module.functions:
        return module.functions[name].name, None
    if name in module.imported_names and depth < 3:
        return _imported_def_name(module, name, depth + 1)
    return None, "dynamic-name"  # a local module's object, not a def: its name is its own


def method_line(call: ast.Call) -> int:
    """The line of ``.method(`` in ``x.method(...)``: in a multi-line builder chain, its own line."""
    func = call.func
    return (func.end_lineno or call.lineno) if isinstance(func, ast.Attribute) else call.lineno
