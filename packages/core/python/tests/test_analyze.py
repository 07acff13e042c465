"""Tests for the ``analyze`` op (static analysis; stdlib only, no langgraph needed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import pytest
from conftest import PY_DIR, RUNNER, err, fixture, is_other_environment, ok

from exec_automator_runner.analyze import analyze_source

RESULT_KEYS = {
    "file",
    "syntax_error",
    "imports",
    "third_party_imports",
    "import_lines",
    "state_graphs",
    "nodes",
    "duplicate_nodes",
    "edges",
    "entry_points",
    "compiled",
    "interrupt_nodes",
    "nodes_without_error_handling",
    "functions",
    "graph_variables",
    "undefined_names",
    "unreachable_nodes",
    "dead_end_nodes",
    "local_imports",
    "project_functions",
    "project_functions_complete",
    "prebuilt_graphs",
    "static_complete",
    "static_unknowns",
}


def analyze_one(path: str) -> dict:
    result = ok("analyze", {"files": [path]})
    assert len(result["files"]) == 1
    return result["files"][0]


def analyze_snippet(code: str, tmp_path) -> dict:
    path = tmp_path / "snippet.py"
    path.write_text(textwrap.dedent(code))
    return analyze_one(str(path))


def simple_edges(entry: dict) -> list[tuple]:
    return [(e["source"], e["target"], e["conditional"]) for e in entry["edges"]]


# --------------------------------------------------------------------------
# the review workflow (TypedDict, interrupt, path map, try/except)
# --------------------------------------------------------------------------


def test_review_graph_structure():
    entry = analyze_one(fixture("review_graph.py"))
    assert set(entry) == RESULT_KEYS
    assert entry["syntax_error"] is None
    assert entry["imports"] == ["langgraph", "typing"]
    assert entry["third_party_imports"] == ["langgraph"]
    assert entry["import_lines"] == {"langgraph": 6, "typing": 4}
    assert entry["state_graphs"] == [
        {"variable": "workflow", "line": 41, "state_schema": "ReviewState", "schema_kind": "TypedDict", "static_complete": True}
    ]
    assert entry["nodes"] == [
        {"name": "draft", "function": "draft_node", "line": 42, "graph_variable": "workflow"},
        {"name": "human_review", "function": "review_node", "line": 43, "graph_variable": "workflow"},
        # name given by the module-level constant PUBLISH = "publish"
        {"name": "publish", "function": "publish_node", "line": 44, "graph_variable": "workflow"},
    ]
    assert entry["duplicate_nodes"] == []
    assert simple_edges(entry) == [
        ("__start__", "draft", False),
        ("draft", "human_review", False),
        ("human_review", "publish", True),  # path map values, not the router's keys
        ("human_review", "draft", True),
        ("publish", "__end__", False),
    ]
    assert {e["graph_variable"] for e in entry["edges"]} == {"workflow"}
    assert entry["edges"][2]["line"] == 47
    assert entry["entry_points"] == ["draft"]
    assert entry["compiled"] == [
        {
            "variable": "graph",
            "graph_variable": "workflow",
            "line": 50,
            "interrupt_before": [],
            "interrupt_after": [],
            "has_checkpointer": False,
            "static_complete": True,
        }
    ]
    assert entry["graph_variables"] == ["graph"]
    assert entry["static_complete"] is True and entry["static_unknowns"] == []
    assert entry["prebuilt_graphs"] == [] and entry["local_imports"] == []
    assert set(entry["project_functions"]) == {"draft_node", "review_node", "route_review", "publish_node"}
    assert entry["interrupt_nodes"] == ["human_review"]
    assert entry["nodes_without_error_handling"] == ["human_review", "publish"]
    assert entry["functions"]["draft_node"] == {"line": 20, "has_try": True, "calls_interrupt": False}
    assert entry["functions"]["review_node"] == {"line": 28, "has_try": False, "calls_interrupt": True}
    assert set(entry["functions"]) == {"draft_node", "review_node", "route_review", "publish_node"}


# --------------------------------------------------------------------------
# many builder forms in one file
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cases() -> dict:
    return analyze_one(fixture("analyze_cases.py"))


def test_imports_exclude_stdlib_siblings_and_relative(cases):
    assert cases["imports"] == [
        "dataclasses",
        "functools",
        "langchain_openai",
        "langgraph",
        "local_pkg",
        "os",
        "pydantic",
        "re",
        "typing_extensions",
        "wf_helpers",
    ]
    # wf_helpers.py and local_pkg/ are siblings; `from . import x` is relative
    assert cases["third_party_imports"] == ["langchain_openai", "langgraph", "pydantic", "typing_extensions"]
    assert cases["import_lines"]["os"] == 3
    assert cases["import_lines"]["langgraph"] == 11  # first of two langgraph import lines
    assert cases["local_imports"] == [
        {"module": ".", "file": None},  # `from . import relative_thing`: no package here defines it
        {"module": "local_pkg", "file": fixture("local_pkg")},
        {"module": "wf_helpers", "file": fixture("wf_helpers.py")},
    ]


def test_schema_kinds(cases):
    kinds = {g["variable"]: (g["state_schema"], g["schema_kind"]) for g in cases["state_graphs"]}
    assert kinds == {
        "main": ("Derived", "TypedDict"),  # inherits from a TypedDict class in the module
        "other": ("Config", "pydantic"),
        "data_graph": ("DataState", "dataclass"),  # @dataclass(frozen=True)
        "plain_graph": ("Plain", "unknown"),
        "missing_graph": ("ImportedState", "unknown"),
        "empty_graph": (None, None),
        "sub": ("BaseState", "TypedDict"),
    }


def test_node_forms_and_duplicates(cases):
    main_nodes = [(n["name"], n["function"]) for n in cases["nodes"] if n["graph_variable"] == "main"]
    assert main_nodes == [
        ("writer", "writer_fn"),  # name from constant WRITER
        ("guarded", "guarded"),  # add_node(fn)
        ("approval", "approval"),  # add_node(node=..., action=...)
        ("left_node", "writer_fn"),  # partial(writer_fn)
        ("right_node", None),  # lambda
        ("writer", "writer_fn"),
    ]
    assert cases["duplicate_nodes"] == ["writer"]
    chained = [n for n in cases["nodes"] if n["graph_variable"] == "other"]
    assert [(n["name"], n["line"]) for n in chained] == [("guarded", 93)]


def test_edge_forms(cases):
    main_edges = [
        (e["source"], e["target"], e["conditional"], e["line"])
        for e in cases["edges"]
        if e["graph_variable"] == "main"
    ]
    assert main_edges == [
        ("__start__", "writer", False, 82),  # set_entry_point(WRITER)
        ("writer", "approval", False, 83),  # add_edge([...], ...) -> one per source
        ("guarded", "approval", False, 83),
        ("approval", "left_node", True, 84),  # router returns + Literal annotation
        ("approval", "__end__", True, 84),
        ("approval", "right_node", True, 84),
        ("left_node", None, True, 85),  # router we cannot read
        ("right_node", "worker", True, 86),  # Send("worker", ...)
        ("guarded", "left_node", True, 87),  # dict path map via module constant
        ("guarded", "right_node", True, 87),
        ("writer", "left_node", True, 88),  # list path map
        ("writer", "__end__", True, 88),
        ("left_node", "__end__", False, 89),  # set_finish_point
    ]
    other_edges = [
        (e["source"], e["target"], e["conditional"]) for e in cases["edges"] if e["graph_variable"] == "other"
    ]
    assert other_edges == [("__start__", "guarded", False), ("__start__", "left_node", True)]
    assert cases["entry_points"] == ["writer", "guarded", "left_node"]


def test_compile_calls(cases):
    assert cases["compiled"] == [
        {
            "variable": "app",
            "graph_variable": "main",
            "line": 90,
            "interrupt_before": ["approval"],
            "interrupt_after": ["*"],
            "has_checkpointer": True,
            "static_complete": True,
        },
        {
            # compiled inside build_app() and returned: the module-level name wins
            "variable": "built",
            "graph_variable": "sub",
            "line": 105,
            "interrupt_before": [],
            "interrupt_after": [],
            "has_checkpointer": False,
            "static_complete": False,  # built in a factory function
        },
    ]
    assert cases["static_complete"] is False
    assert cases["static_unknowns"] == [{"reason": "factory", "line": 103, "graph_variable": "sub"}]
    # re.compile(...) is not mistaken for a graph compile
    assert cases["graph_variables"] == ["app", "built"]


def test_interrupt_and_error_handling_lists(cases):
    assert cases["interrupt_nodes"] == ["approval"]
    # lambda node (no def) and guarded (has try/except) are not listed
    assert cases["nodes_without_error_handling"] == ["writer", "approval", "left_node", "only"]
    assert cases["functions"]["guarded"]["has_try"] is True
    assert cases["functions"]["approval"]["calls_interrupt"] is True
    assert cases["functions"]["writer_fn"] == {"line": 45, "has_try": False, "calls_interrupt": False}


# --------------------------------------------------------------------------
# snippets for the remaining rules
# --------------------------------------------------------------------------


def test_string_start_end_sequence_and_local_compile(tmp_path):
    entry = analyze_snippet(
        """
        import langgraph.graph as lg
        from langgraph.graph import MessagesState
        from langgraph.types import interrupt

        def a(state):
            return {}

        def b(state):
            lg.types.interrupt("x")

        def make():
            g = lg.StateGraph(MessagesState)
            g.add_sequence([a, ("second", b)])
            g.add_edge("__start__", "a")
            g.add_edge("second", "__end__")
            g.add_conditional_edges("a", lambda s: "second" if s else lg.END)
            local_app = g.compile(interrupt_before=("second",))
            return None
        """,
        tmp_path,
    )
    assert entry["state_graphs"][0]["variable"] == "g"
    assert entry["state_graphs"][0]["state_schema"] == "MessagesState"
    assert entry["state_graphs"][0]["schema_kind"] == "TypedDict"  # known langgraph TypedDict
    assert [(n["name"], n["function"]) for n in entry["nodes"]] == [("a", "a"), ("second", "b")]
    assert simple_edges(entry) == [
        ("a", "second", False),  # from add_sequence
        ("__start__", "a", False),
        ("second", "__end__", False),
        ("a", "second", True),
        ("a", "__end__", True),
    ]
    assert entry["interrupt_nodes"] == ["second"]  # Attribute call `.interrupt(...)`
    assert entry["compiled"][0]["variable"] == "local_app"
    assert entry["compiled"][0]["interrupt_before"] == ["second"]
    assert entry["graph_variables"] == []  # not module-level
    assert entry["import_lines"] == {"langgraph": 2}


def test_unresolvable_names_are_null(tmp_path):
    entry = analyze_snippet(
        """
        from langgraph.graph import StateGraph
        import agents
        NAME = compute()
        builder = StateGraph(dict)
        builder.add_node(NAME, agents.draft)
        builder.add_node(make_node("x"))
        builder.add_conditional_edges("draft", agents.route, PATHS)
        graph = builder.compile(checkpointer=None)
        """,
        tmp_path,
    )
    assert entry["nodes"][0] == {
        "name": None,
        "function": "agents.draft",
        "line": 6,
        "graph_variable": "builder",
    }
    assert entry["nodes"][1]["name"] is None and entry["nodes"][1]["function"] is None
    assert simple_edges(entry) == [("draft", None, True)]
    assert entry["state_graphs"][0]["schema_kind"] == "unknown"
    assert entry["compiled"][0]["has_checkpointer"] is False
    assert entry["third_party_imports"] == ["agents", "langgraph"]


def test_syntax_error_file_keeps_shape():
    entry = analyze_one(fixture("syntax_error.py"))
    assert set(entry) == RESULT_KEYS
    assert entry["syntax_error"]["line"] == 4
    assert isinstance(entry["syntax_error"]["column"], int)
    assert entry["syntax_error"]["message"]
    for key in RESULT_KEYS - {"file", "syntax_error"}:
        assert not entry[key], key


def test_missing_file_and_many_files(tmp_path):
    missing = str(tmp_path / "nope.py")
    result = ok("analyze", {"files": [fixture("review_graph.py"), missing, fixture("syntax_error.py")]})
    files = result["files"]
    assert [f["file"] for f in files] == [fixture("review_graph.py"), missing, fixture("syntax_error.py")]
    assert files[1]["error"] == "file not found"
    assert files[1]["syntax_error"] is None
    assert files[1]["nodes"] == []
    assert "error" not in files[0]


def test_analyze_does_not_import_the_workflow(tmp_path):
    marker = tmp_path / "imported.txt"
    path = tmp_path / "side_effect.py"
    path.write_text(f"open({str(marker)!r}, 'w').write('x')\n")
    analyze_one(str(path))
    assert not marker.exists()


@pytest.mark.parametrize("params", [{}, {"files": "a.py"}, {"files": [1]}, {"files": [""]}])
def test_bad_params(params):
    error = err("analyze", params)
    assert error["code"] == "BAD_REQUEST"


def test_analyze_source_accepts_bytes_with_encoding_cookie():
    entry = analyze_source(b"# -*- coding: latin-1 -*-\nimport os\nx = '\xe9'\n", "/virtual/x.py")
    assert entry["imports"] == ["os"]
    assert entry["syntax_error"] is None


# --------------------------------------------------------------------------
# stdlib-only proof
# --------------------------------------------------------------------------

_NO_THIRD_PARTY = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, {py_dir!r})
    from exec_automator_runner import cli, ops
    result = ops.dispatch("analyze", {{"files": [{path!r}]}})
    ops.dispatch("ping", {{}})
    ops.dispatch("check_requirements", {{"requirements": ["pytest>=1"]}})
    ops.dispatch("list_packages", {{}})
    leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("langgraph", "langchain", "langchain_core", "pydantic"))
    print(json.dumps({{"leaked": leaked, "nodes": len(result["files"][0]["nodes"])}}))
    """
)


def test_runner_imports_no_third_party_modules_for_stdlib_ops():
    code = _NO_THIRD_PARTY.format(py_dir=str(PY_DIR), path=fixture("review_graph.py"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"leaked": [], "nodes": 3}


def test_analyze_with_bare_system_python3():
    python3 = shutil.which("python3")
    if python3 is None or not is_other_environment(python3):
        pytest.skip("no python3 outside the test interpreter's environment")
    check = subprocess.run([python3, "-c", "import langgraph"], capture_output=True, timeout=60)
    if check.returncode == 0:
        pytest.skip("python3 on PATH has langgraph installed; not a bare interpreter")
    params = {"files": [fixture("review_graph.py"), fixture("analyze_cases.py"), fixture("syntax_error.py")]}
    proc = subprocess.run(
        [python3, str(RUNNER), "call", "analyze"],
        input=json.dumps(params),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    response = json.loads(lines[0])
    assert response["ok"] is True
    review, cases, broken = response["result"]["files"]
    assert review["interrupt_nodes"] == ["human_review"]
    assert review["entry_points"] == ["draft"]
    assert cases["duplicate_nodes"] == ["writer"]
    assert broken["syntax_error"]["line"] == 4
    # ping through the same bare interpreter reports no langgraph
    ping = subprocess.run(
        [python3, str(RUNNER), "call", "ping"], input="", capture_output=True, text=True, timeout=60
    )
    assert json.loads(ping.stdout)["result"]["langgraph"] is None
