"""LangGraph builder semantics in static analysis, and what static reading admits it cannot know.

The rule under test: a graph LangGraph compiles never gets an error-level finding. Where
the file alone cannot tell (loops, factories, subgraphs, prebuilt agents, the functional
API), the result says so (``static_complete`` false, ``static_unknowns``) and the
reachability checks stay silent.
"""

from __future__ import annotations

import textwrap

from conftest import fixture

from exec_automator_runner.analyze import analyze_file, analyze_source

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


def analyze(body: str, header: str = HEADER) -> dict:
    return analyze_source(textwrap.dedent(header) + textwrap.dedent(body), "/virtual/wf.py")


def pairs(result: dict) -> list[tuple]:
    return [(e["source"], e["target"]) for e in result["edges"]]


def node_names(result: dict) -> list:
    return [n["name"] for n in result["nodes"]]


def reasons(result: dict) -> list[str]:
    return [u["reason"] for u in result["static_unknowns"]]


# --------------------------------------------------------------------------
# how nodes are named and edges read
# --------------------------------------------------------------------------


def test_add_node_forms_name_nodes_like_langgraph():
    result = analyze(
        """
        from langgraph.prebuilt import ToolNode
        from helpers import summarize as short
        TOOLS = []
        g = StateGraph(S)
        g.add_node(a)
        g.add_node(node="second", action=b)
        g.add_node(name="third", action=c)
        g.add_node(action=a, node="fourth")
        g.add_node("tools", ToolNode(TOOLS))
        g.add_node(ToolNode(TOOLS))
        g.add_node(ToolNode(TOOLS, name="more_tools"))
        g.add_node(short)
        g.add_edge(START, "a")
        graph = g.compile()
        """
    )
    assert [(n["name"], n["function"]) for n in result["nodes"]] == [
        ("a", "a"),
        ("second", "b"),
        ("third", "c"),
        ("fourth", "a"),
        ("tools", None),
        ("tools", None),  # ToolNode's default name
        ("more_tools", None),
        ("summarize", "short"),  # a function's __name__, not the alias it is imported as
    ]
    assert result["duplicate_nodes"] == ["tools"]
    assert result["static_complete"] is True


def test_add_sequence_adds_nodes_and_the_edges_between_them():
    result = analyze(
        """
        g = StateGraph(S)
        g.add_sequence([a, b, ("named", c)])
        g.add_edge(START, "a")
        g.add_edge("named", END)
        graph = g.compile()
        """
    )
    assert node_names(result) == ["a", "b", "named"]
    assert pairs(result) == [("a", "b"), ("b", "named"), ("__start__", "a"), ("named", "__end__")]
    assert result["unreachable_nodes"] == [] and result["dead_end_nodes"] == []


def test_start_and_end_as_strings_aliases_and_constants():
    result = analyze(
        """
        from langgraph.graph import START as BEGIN, END as FINISH
        import langgraph.graph as lg
        DONE = FINISH
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("b", b); g.add_node("c", c)
        g.add_edge("__start__", "a")
        g.add_edge(BEGIN, "b")
        g.add_edge("a", "__end__")
        g.add_edge("b", lg.END)
        g.add_edge("c", DONE)
        g.set_entry_point("c")
        graph = g.compile()
        """
    )
    assert pairs(result) == [
        ("__start__", "a"),
        ("__start__", "b"),
        ("a", "__end__"),
        ("b", "__end__"),
        ("c", "__end__"),
        ("__start__", "c"),
    ]
    assert result["entry_points"] == ["a", "b", "c"]


def test_set_finish_point_is_an_edge_to_end():
    result = analyze(
        """
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("b", b)
        g.set_entry_point("a"); g.add_edge("a", "b"); g.add_edge("b", "a")
        g.set_finish_point("b")
        graph = g.compile()
        """
    )
    assert ("b", "__end__") in pairs(result)
    assert result["dead_end_nodes"] == []


def test_class_and_str_enum_constants_name_nodes():
    result = analyze(
        """
        from enum import Enum
        class Step(str, Enum):
            FIRST = "first"
            SECOND = "second"
        class Names:
            THIRD = "third"
        g = StateGraph(S)
        g.add_node(Step.FIRST, a); g.add_node(Step.SECOND, b); g.add_node(Names.THIRD, c)
        g.add_edge(START, Step.FIRST); g.add_edge(Step.FIRST, Step.SECOND)
        g.add_edge(Step.SECOND, Names.THIRD); g.add_edge(Names.THIRD, END)
        graph = g.compile()
        """
    )
    assert node_names(result) == ["first", "second", "third"]
    assert pairs(result)[1] == ("first", "second")
    assert result["static_complete"] is True


def test_chained_builder_is_anonymous_and_its_compile_is_the_graph():
    entry = analyze_file(fixture("projects/starter/src/agent/graph.py"))
    assert entry["state_graphs"] == [
        {"variable": None, "line": 28, "state_schema": "State", "schema_kind": "dataclass", "static_complete": True}
    ]
    assert entry["nodes"] == [{"name": "call_model", "function": "call_model", "line": 29, "graph_variable": None}]
    assert [(e["source"], e["target"], e["line"]) for e in entry["edges"]] == [("__start__", "call_model", 30)]
    assert entry["compiled"] == [
        {
            "variable": "graph",
            "graph_variable": None,
            "line": 31,
            "interrupt_before": [],
            "interrupt_after": [],
            "has_checkpointer": False,
            "static_complete": True,
        }
    ]
    assert entry["graph_variables"] == ["graph"]
    assert entry["entry_points"] == ["call_model"]
    # call_model has no outgoing edge: the run ends there, which is no dead end
    assert entry["dead_end_nodes"] == [] and entry["unreachable_nodes"] == []
    assert entry["static_complete"] is True


def test_one_line_chain_keeps_builder_and_compiled_names_apart():
    result = analyze(
        """
        builder = StateGraph(S).add_node(a).add_edge(START, "a")
        graph = builder.compile()
        app = StateGraph(S).add_node(b).add_edge(START, "b").compile()
        """
    )
    assert [g["variable"] for g in result["state_graphs"]] == ["builder", None]
    assert [(n["name"], n["graph_variable"]) for n in result["nodes"]] == [("a", "builder"), ("b", None)]
    assert [(c["variable"], c["graph_variable"]) for c in result["compiled"]] == [("graph", "builder"), ("app", None)]
    assert result["graph_variables"] == ["graph", "app"]


def test_compile_checked_tells_which_targets_langgraph_validates_when_compiling():
    result = analyze(
        """
        from typing import Literal
        def hinted(s) -> Literal["b", "c"]:
            return "b" if s["x"] else "c"
        def unhinted(s):
            return "b" if s["x"] else "nowhere"
        def jump(s) -> Command[Literal["c"]]:
            return Command(goto="c")
        def hop(s):
            return Command(goto="b")
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("b", b); g.add_node("c", c)
        g.add_node("jump", jump); g.add_node("hop", hop)
        g.add_edge(START, "a")
        g.add_conditional_edges("a", hinted)
        g.add_conditional_edges("b", unhinted)
        g.add_conditional_edges("c", unhinted, {"b": "b", "nowhere": END})
        graph = g.compile()
        """
    )
    checked = {(e["source"], e["target"]): e["compile_checked"] for e in result["edges"]}
    assert checked == {
        ("__start__", "a"): True,
        ("a", "b"): True,  # Literal return hint: LangGraph's path map
        ("a", "c"): True,
        ("b", "b"): False,  # returned strings: only checked when the router runs
        ("b", "nowhere"): False,
        ("c", "b"): True,  # explicit path map
        ("c", "__end__"): True,
        ("jump", "c"): True,  # Command[Literal[...]] hint: the node's declared ends
        ("hop", "b"): False,  # Command(goto=...) in the body
    }


# --------------------------------------------------------------------------
# dead ends: only loops that can never finish
# --------------------------------------------------------------------------


def test_a_graph_whose_last_node_has_no_edges_has_no_dead_end():
    result = analyze(
        """
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("b", b)
        g.add_edge(START, "a"); g.add_edge("a", "b")
        graph = g.compile()
        """
    )
    assert result["dead_end_nodes"] == []


def test_a_genuine_closed_loop_is_a_dead_end():
    result = analyze(
        """
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("b", b); g.add_node("c", c)
        g.add_edge(START, "a")
        g.add_conditional_edges("a", lambda s: "b" if s["x"] else END)
        g.add_edge("b", "c"); g.add_edge("c", "b")
        graph = g.compile()
        """
    )
    assert [(d["name"], d["line"]) for d in result["dead_end_nodes"]] == [("b", 14), ("c", 14)]


def test_a_loop_left_through_a_command_or_an_unknown_router_is_no_dead_end():
    result = analyze(
        """
        from elsewhere import route
        def b_leaves(s):
            return Command(goto=END) if s["x"] else {}
        def c_computed(s):
            return Command(goto=s["next"])
        g = StateGraph(S)
        g.add_node("a", a); g.add_node("b", b_leaves); g.add_node("c", c_computed); g.add_node("d", a)
        g.add_edge(START, "a"); g.add_edge("a", "b"); g.add_edge("b", "a")
        g.add_edge(START, "c"); g.add_edge("c", "c")
        g.add_edge(START, "d"); g.add_conditional_edges("d", route)
        graph = g.compile()
        """
    )
    assert result["dead_end_nodes"] == []
    assert ("c", None) in pairs(result)  # non-literal goto: the node may go anywhere


def test_a_node_returning_a_helpers_result_may_return_a_command():
    result = analyze(
        """
        from elsewhere import decide
        def local_helper(s):
            return Command(goto=END)
        def via_local(s):
            return local_helper(s)
        def via_foreign(s):
            return decide(s)
        def typed(s) -> dict:
            return dict(x=1)
        g = StateGraph(S)
        g.add_node("local", via_local); g.add_node("foreign", via_foreign); g.add_node("typed", typed)
        g.add_edge(START, "local"); g.add_edge("local", "local")
        g.add_edge(START, "foreign"); g.add_edge("foreign", "foreign")
        g.add_edge(START, "typed"); g.add_edge("typed", "typed")
        graph = g.compile()
        """
    )
    assert ("local", "__end__") in pairs(result)
    assert ("foreign", None) in pairs(result)
    assert [d["name"] for d in result["dead_end_nodes"]] == ["typed"]


# --------------------------------------------------------------------------
# what static reading cannot know
# --------------------------------------------------------------------------


def test_nodes_added_in_a_loop_make_the_graph_incomplete():
    result = analyze(
        """
        STEPS = {"a": a, "b": b}
        g = StateGraph(S)
        for name, fn in STEPS.items():
            g.add_node(name, fn)
        g.add_node("c", c)
        g.add_edge(START, "a")
        g.add_edge("a", "b")
        graph = g.compile()
        """
    )
    assert result["static_complete"] is False
    assert result["static_unknowns"] == [
        {"reason": "loop", "line": 16, "graph_variable": "g"},
        {"reason": "dynamic-name", "line": 16, "graph_variable": "g"},
    ]
    assert result["state_graphs"][0]["static_complete"] is False
    assert result["compiled"][0]["static_complete"] is False
    # "c" looks unreachable, but the graph is not fully known: no guess
    assert result["unreachable_nodes"] == [] and result["dead_end_nodes"] == []


def test_nodes_added_under_a_condition_are_no_duplicates():
    result = analyze(
        """
        import os
        g = StateGraph(S)
        if os.environ.get("FAST"):
            g.add_node("work", a)
        else:
            g.add_node("work", b)
        g.add_edge(START, "work")
        graph = g.compile()
        """
    )
    assert result["duplicate_nodes"] == []
    assert reasons(result) == ["conditional", "conditional"]


def test_a_graph_factory_is_collected_but_not_judged():
    result = analyze(
        """
        def make_graph(config=None):
            builder = StateGraph(S)
            builder.add_node("a", a); builder.add_node("b", b)
            builder.add_edge(START, "a"); builder.add_edge("a", "b"); builder.add_edge("b", "a")
            return builder.compile()
        """
    )
    assert node_names(result) == ["a", "b"]
    assert result["state_graphs"][0]["variable"] == "builder"
    assert reasons(result) == ["factory"]
    assert result["dead_end_nodes"] == []  # would be a closed loop, but the factory may differ per call


def test_two_factories_with_the_same_builder_name_are_two_graphs():
    result = analyze(
        """
        def first():
            builder = StateGraph(S)
            builder.add_node("a", a); builder.add_edge(START, "a")
            return builder.compile()
        def second():
            builder = StateGraph(S)
            builder.add_node("a", a); builder.add_edge(START, "a")
            return builder.compile()
        one, two = first(), second()
        """
    )
    assert result["duplicate_nodes"] == []
    assert len(result["state_graphs"]) == 2


def test_a_compiled_graph_used_as_a_node_is_a_subgraph():
    result = analyze(
        """
        inner = StateGraph(S)
        inner.add_node("a", a); inner.add_edge(START, "a")
        inner_graph = inner.compile(name="inner")
        outer = StateGraph(S)
        outer.add_node("sub", inner_graph)
        outer.add_node(inner_graph)
        outer.add_edge(START, "sub")
        graph = outer.compile()
        """
    )
    assert [(n["name"], n["graph_variable"]) for n in result["nodes"]] == [
        ("a", "inner"),
        ("sub", "outer"),
        ("inner", "outer"),  # a compiled graph's node name is its own name=
    ]
    assert reasons(result) == ["subgraph", "subgraph"]
    assert [g["static_complete"] for g in result["state_graphs"]] == [True, False]
    assert result["graph_variables"] == ["inner_graph", "graph"]


def test_a_builder_from_elsewhere_or_passed_to_a_function_is_unknown():
    result = analyze(
        """
        from elsewhere import base_builder, add_tools
        g = StateGraph(S)
        g.add_node("a", a); g.add_edge(START, "a")
        add_tools(g)
        base_builder.add_node("b", b)
        graph = g.compile()
        """
    )
    assert reasons(result) == ["builder-passed-to-function", "external-builder"]
    assert result["static_complete"] is False


def test_non_literal_names_and_gotos():
    result = analyze(
        """
        def pick(s):
            return Command(goto=s["next"], update={})
        def up(s):
            return Command(goto="elsewhere", graph=Command.PARENT)
        name = "a" + ""
        g = StateGraph(S)
        g.add_node(name, a)
        g.add_node("pick", pick); g.add_node("up", up)
        g.add_edge(START, "pick"); g.add_edge("pick", name)
        graph = g.compile()
        """
    )
    assert ("pick", None) in pairs(result) and ("up", None) in pairs(result)
    assert ("up", "elsewhere") not in pairs(result)  # a parent graph's node, not this graph's
    assert reasons(result) == ["dynamic-name", "dynamic-name"]


def test_prebuilt_agents_are_graphs_whose_nodes_are_not_in_the_file():
    result = analyze(
        """
        from langgraph.prebuilt import create_react_agent
        from langchain.agents import create_agent
        from langgraph_supervisor import create_supervisor

        def lookup(q: str) -> str:
            return q

        research = create_react_agent("anthropic:claude-sonnet-4-5", tools=[lookup], name="research")
        graph = create_agent("openai:gpt-4o", tools=[lookup]).with_config({"recursion_limit": 5})
        team = create_supervisor([research], model="openai:gpt-4o").compile(name="team")

        def make():
            return create_react_agent("openai:gpt-4o", tools=[])
        made = make()
        """,
        header="",
    )
    assert result["prebuilt_graphs"] == [
        {"variable": "research", "kind": "create_react_agent", "line": 9},
        {"variable": "graph", "kind": "create_agent", "line": 10},
        {"variable": "team", "kind": "create_supervisor", "line": 11},
        {"variable": "made", "kind": "create_react_agent", "line": 14},
    ]
    assert set(result["graph_variables"]) == {"research", "graph", "team", "made"}
    assert result["static_complete"] is False
    assert set(reasons(result)) == {"prebuilt"}
    assert result["state_graphs"] == [] and result["dead_end_nodes"] == []


def test_a_projects_own_create_agent_helper_is_no_prebuilt_graph():
    result = analyze(
        """
        def create_agent(llm, tools, system_message: str):
            return llm.bind_tools(tools)
        research_agent = create_agent(None, [], "research")
        g = StateGraph(S)
        g.add_node("a", a); g.add_edge(START, "a")
        graph = g.compile()
        """
    )
    assert result["prebuilt_graphs"] == []
    assert result["graph_variables"] == ["graph"]
    assert result["static_complete"] is True


def test_the_functional_api_is_a_graph_too():
    result = analyze(
        """
        from langgraph.func import entrypoint, task
        from langgraph.checkpoint.memory import InMemorySaver

        @task
        def write(topic: str) -> str:
            return topic

        @entrypoint(checkpointer=InMemorySaver())
        def workflow(topic: str) -> dict:
            return {"essay": write(topic).result()}
        """,
        header="",
    )
    assert result["prebuilt_graphs"] == [{"variable": "workflow", "kind": "entrypoint", "line": 10}]  # the def line
    assert result["graph_variables"] == ["workflow"]
    assert result["static_complete"] is False
    assert reasons(result) == ["functional-api", "functional-api"]
    assert result["undefined_names"] == []


def test_unknowns_are_empty_for_a_plain_module_level_graph():
    entry = analyze_file(fixture("review_graph.py"))
    assert entry["static_complete"] is True and entry["static_unknowns"] == []


# --------------------------------------------------------------------------
# names that are not missing imports
# --------------------------------------------------------------------------


def test_implicit_module_and_class_names_are_not_missing_imports():
    source = textwrap.dedent(
        """
        import sys
        HERE = __file__, __cached__, __spec__
        class K:
            label = __qualname__ + __module__
        def bail():
            if sys.platform == "win32":
                raise WindowsError("no")
            exit(1)
        """
    )
    assert analyze_source(source, "/virtual/wf.py")["undefined_names"] == []


def test_scoping_constructs_of_real_projects_are_not_missing_imports():
    source = textwrap.dedent(
        """
        from __future__ import annotations
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from agent.context import Context
        def node(state: "State", runtime: Runtime[Context]) -> Missing:
            return {"x": [y for y in range(3) if (z := y)], "z": z}
        class Config:
            LIMIT = 3
            STEPS = [LIMIT for _ in range(2)]
        def count():
            global CALLS
            CALLS = 1
        try:
            pass
        except* ValueError as group:
            print(group)
        match count():
            case {"k": value}:
                print(value)
            case Config(LIMIT=limit) as whole:
                print(limit, whole)
        del CALLS
        """
    )
    assert analyze_source(source, "/virtual/wf.py")["undefined_names"] == []


def test_a_genuinely_missing_import_is_still_reported():
    result = analyze_source("from typing_extensions import TypedDict\ng = StateGraph(dict)\n", "/virtual/wf.py")
    assert [(n["name"], n["line"]) for n in result["undefined_names"]] == [("StateGraph", 2)]


def test_a_swarm_builder_is_not_a_graph_until_compiled():
    result = analyze(
        """
        from langgraph_swarm import create_swarm
        from langgraph.prebuilt import create_react_agent
        alice = create_react_agent("openai:gpt-4o", [], name="Alice")
        workflow = create_swarm([alice], default_active_agent="Alice")
        app = workflow.compile()
        """,
        header="",
    )
    assert [(p["variable"], p["kind"]) for p in result["prebuilt_graphs"]] == [
        ("alice", "create_react_agent"),
        ("workflow", "create_swarm"),
    ]
    assert result["graph_variables"] == ["app", "alice"]  # `workflow` is the builder
    assert result["compiled"][0]["static_complete"] is False


def test_a_builder_returned_by_a_local_function_is_the_graph_compiled():
    entry = analyze_file(fixture("multi_graph.py"))
    assert [(c["variable"], c["graph_variable"]) for c in entry["compiled"]] == [("main_app", "b"), ("side_app", "b")]
    assert reasons(entry) == ["factory"]
