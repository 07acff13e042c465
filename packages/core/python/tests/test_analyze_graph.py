"""Static analysis beyond single calls: reachability, dead ends, names never imported."""

from __future__ import annotations

import textwrap

from exec_automator_runner.analyze import analyze_source

HEADER = """
from typing_extensions import TypedDict
from langgraph.graph import StateGraph, START, END
from langgraph.types import Command, interrupt

class S(TypedDict):
    x: int

def a(s): return {}
def b(s): return {}
def c(s): return {}
"""


def analyze(body: str) -> dict:
    source = textwrap.dedent(HEADER) + textwrap.dedent(body)
    return {**analyze_source(source, "/tmp/wf.py"), "source": source}


def names(entries: list[dict]) -> list[str]:
    return [e["name"] for e in entries]


def test_a_clean_linear_graph_has_no_findings():
    result = analyze(
        """
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("b", b)
        g.add_edge(START, "a"); g.add_edge("a", "b"); g.add_edge("b", END)
        graph = g.compile()
        """
    )
    assert result["unreachable_nodes"] == []
    assert result["dead_end_nodes"] == []
    assert result["undefined_names"] == []


def test_a_node_no_edge_leads_to_is_unreachable_with_its_add_node_line():
    result = analyze(
        """
        g = StateGraph(S)
        g.add_node("a", a)
        g.add_node("b", b)
        g.add_node("c", c)
        g.add_edge(START, "a")
        g.add_edge("a", END)
        g.add_edge("b", "c")
        g.add_edge("c", END)
        graph = g.compile()
        """
    )
    assert names(result["unreachable_nodes"]) == ["b", "c"]
    lines = result["source"].splitlines()
    assert lines[result["unreachable_nodes"][0]["line"] - 1] == 'g.add_node("b", b)'
    assert result["dead_end_nodes"] == []


def test_a_node_without_outgoing_edges_ends_the_run_and_is_no_dead_end():
    # LangGraph finishes a run when no task is left: "b" ends it like an edge to END would
    result = analyze(
        """
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("b", b); g.add_node("c", c)
        g.add_edge(START, "a")
        g.add_conditional_edges("a", lambda s: "b" if s["x"] else "c", ["b", "c"])
        g.add_edge("c", END)
        graph = g.compile()
        """
    )
    assert result["dead_end_nodes"] == []
    assert result["unreachable_nodes"] == []


def test_a_dead_end_reports_the_loop_where_the_trap_closes_not_its_callers():
    result = analyze(
        """
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("b", b); g.add_node("c", c)
        g.add_edge(START, "a")
        g.add_edge("a", "b"); g.add_edge("b", "c"); g.add_edge("c", "b")
        graph = g.compile()
        """
    )
    assert names(result["dead_end_nodes"]) == ["b", "c"]


def test_a_self_loop_without_exit_is_a_dead_end_but_one_with_an_exit_is_not():
    result = analyze(
        """
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("b", b)
        g.add_edge(START, "a"); g.add_edge(START, "b")
        g.add_edge("a", "a")
        g.add_conditional_edges("b", lambda s: "b" if s["x"] else END)
        graph = g.compile()
        """
    )
    assert names(result["dead_end_nodes"]) == ["a"]


def test_a_loop_without_exit_reports_every_node_of_the_loop():
    result = analyze(
        """
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("b", b)
        g.add_edge(START, "a"); g.add_edge("a", "b"); g.add_edge("b", "a")
        graph = g.compile()
        """
    )
    assert names(result["dead_end_nodes"]) == ["a", "b"]


def test_interrupt_points_are_not_dead_ends():
    # both loops are closed, but each stops for a human on every turn
    result = analyze(
        """
        def review(s):
            return {"x": interrupt("ok?")}
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("review", review); g.add_node("b", b)
        g.add_edge(START, "a"); g.add_edge("a", "review"); g.add_edge("review", "a")
        g.add_edge(START, "b"); g.add_edge("b", "b")
        graph = g.compile(interrupt_before=["b"])
        """
    )
    assert result["dead_end_nodes"] == []


def test_a_loop_through_a_node_of_unknown_code_is_no_dead_end():
    # "h" runs code from another module: it may return Command(goto=END)
    result = analyze(
        """
        from elsewhere import helper
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("h", helper)
        g.add_edge(START, "a"); g.add_edge("a", "h"); g.add_edge("h", "a")
        graph = g.compile()
        """
    )
    assert result["dead_end_nodes"] == []


def test_unknown_router_targets_and_foreign_functions_never_produce_findings():
    result = analyze(
        """
        from elsewhere import route, helper
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("b", b); g.add_node("h", helper)
        g.add_edge(START, "a")
        g.add_conditional_edges("a", route)
        g.add_edge("b", "h")
        graph = g.compile()
        """
    )
    assert result["unreachable_nodes"] == []
    assert result["dead_end_nodes"] == []
    assert ("a", None) in [(e["source"], e["target"]) for e in result["edges"]]


def test_command_gotos_and_destinations_are_edges():
    result = analyze(
        """
        from typing import Literal
        def hop(s) -> Command[Literal["b"]]:
            return Command(goto="b")
        def jump(s):
            return Command(update={"x": 1}, goto=["c", END])
        g = StateGraph(S)
        g.add_node("hop", hop); g.add_node("jump", jump); g.add_node("b", b, destinations=("c",))
        g.add_node("c", c)
        g.add_edge(START, "hop"); g.add_edge("hop", "jump"); g.add_edge("c", END)
        graph = g.compile()
        """
    )
    edges = {(e["source"], e["target"], e["via"]) for e in result["edges"]}
    assert ("hop", "b", "command") in edges
    assert ("jump", "c", "command") in edges and ("jump", "__end__", "command") in edges
    assert ("b", "c", "destinations") in edges
    assert result["unreachable_nodes"] == []
    assert result["dead_end_nodes"] == []


def test_a_command_with_a_computed_goto_may_go_anywhere():
    result = analyze(
        """
        def pick(s):
            return Command(goto=s["next"])
        g = StateGraph(S)
        g.add_node("pick", pick); g.add_node("a", a)
        g.add_edge(START, "pick"); g.add_edge("a", END)
        graph = g.compile()
        """
    )
    assert result["unreachable_nodes"] == []
    assert result["dead_end_nodes"] == []


def test_each_graph_of_a_file_is_checked_on_its_own():
    result = analyze(
        """
        one = StateGraph(S)
        one.add_node("a", a); one.add_edge(START, "a"); one.add_edge("a", END)
        two = StateGraph(S)
        two.add_node("a", a); two.add_node("b", b); two.add_edge(START, "a"); two.add_edge("a", END)
        g1, g2 = one.compile(), two.compile()
        """
    )
    assert [(e["name"], e["graph_variable"]) for e in result["unreachable_nodes"]] == [("b", "two")]


def test_names_used_but_never_imported_are_reported_once_with_the_import_to_add():
    source = textwrap.dedent(
        """
        from typing_extensions import TypedDict

        class S(TypedDict):
            x: int

        def a(s):
            return {"x": json.dumps(s)}

        g = StateGraph(S)
        g.add_node("a", a)
        g.add_edge(START, "a")
        g.add_edge("a", END)
        graph = g.compile()
        other = StateGraph(S)
        """
    )
    result = analyze_source(source, "/tmp/wf.py")
    found = {e["name"]: e for e in result["undefined_names"]}
    assert list(found) == ["json", "StateGraph", "START", "END"]
    assert found["StateGraph"]["line"] == 10
    assert found["StateGraph"]["suggestion"] == "from langgraph.graph import StateGraph"
    assert found["json"]["suggestion"] == "import json"


def test_bound_names_of_every_kind_are_not_reported():
    source = textwrap.dedent(
        """
        from __future__ import annotations
        import os.path as osp, collections.abc
        try:
            import yaml
        except ImportError as exc:
            yaml = None
        def f(a, /, b, *args, c, **kw) -> Undefined:
            global G
            G = [i for i in range(3)]
            with open(a) as fh:
                for line in fh:
                    pass
            if (n := len(args)) > 0:
                del n
            lam = lambda q: q + c
            return osp, collections, exc, kw, lam, b, __file__, print, G
        class K:
            attr: Undefined2 = 1
        match G:
            case {"k": value, **rest}:
                print(value, rest)
            case [first, *others]:
                print(first, others)
        """
    )
    assert analyze_source(source, "/tmp/wf.py")["undefined_names"] == []


def test_a_star_import_disables_the_undefined_name_check():
    result = analyze_source("from langgraph.graph import *\ng = StateGraph(dict)\n", "/tmp/wf.py")
    assert result["undefined_names"] == []
