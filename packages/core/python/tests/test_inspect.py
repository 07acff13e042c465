"""Tests for ``inspect`` and for the loader behaviour it shares with ``invoke``."""

from __future__ import annotations

import shutil
import sys

import pytest
from conftest import FIXTURES, err, fixture, ok

pytest.importorskip("langgraph")

from exec_automator_runner.loader import MODULE_PREFIX, module_name_for, parse_ref  # noqa: E402


def test_inspect_compiled_graph_explicit_and_default_variable():
    explicit = ok("inspect", {"ref": fixture("review_graph.py") + ":graph"})
    default = ok("inspect", {"ref": fixture("review_graph.py")})
    assert explicit == default
    assert explicit["variable"] == "graph"
    assert explicit["kind"] == "compiled"
    assert explicit["nodes"] == ["draft", "human_review", "publish"]
    edges = {(e["source"], e["target"], e["conditional"]) for e in explicit["edges"]}
    assert edges == {
        ("__start__", "draft", False),
        ("draft", "human_review", False),
        ("human_review", "publish", True),
        ("human_review", "draft", True),
        ("publish", "__end__", False),
    }
    assert explicit["interrupt_before"] == [] and explicit["interrupt_after"] == []
    import importlib.metadata

    assert explicit["langgraph_version"] == importlib.metadata.version("langgraph")


def test_inspect_interrupt_lists():
    result = ok("inspect", {"ref": fixture("static_interrupt.py")})
    assert result["interrupt_before"] == ["second"]
    assert result["interrupt_after"] == []
    side = ok("inspect", {"ref": fixture("multi_graph.py") + ":side_app"})
    assert side["interrupt_before"] == ["inc"]


def test_inspect_state_graph_is_compiled(tmp_path):
    path = tmp_path / "builder_only.py"
    path.write_text(
        "from typing import TypedDict\n"
        "from langgraph.graph import StateGraph, START\n"
        "class S(TypedDict):\n    x: int\n"
        "def a(s):\n    return {}\n"
        "workflow = StateGraph(S)\nworkflow.add_node('a', a)\nworkflow.add_edge(START, 'a')\n"
    )
    # no `graph` and no compiled graph: the single StateGraph is used
    result = ok("inspect", {"ref": str(path)})
    assert result["variable"] == "workflow"
    assert result["kind"] == "state_graph"
    assert result["nodes"] == ["a"]


def test_inspect_factory():
    result = ok("inspect", {"ref": fixture("factory_graph.py") + ":make_graph"})
    assert result["kind"] == "factory"
    assert result["variable"] == "make_graph"
    assert result["nodes"] == ["double"]
    error = err("inspect", {"ref": fixture("factory_graph.py") + ":make_nothing"})
    assert error["code"] == "GRAPH_NOT_FOUND"
    assert "returned int" in error["message"]


def test_compile_error_at_import_time():
    error = err("inspect", {"ref": fixture("bad_edge.py")})
    assert error["code"] == "GRAPH_COMPILE_FAILED"
    assert error["type"] == "ValueError"
    assert error["message"] == "Found edge ending at unknown node `ghost`"  # LangGraph's words
    assert error["file"] == fixture("bad_edge.py")
    assert error["line"] == 20  # the `graph = builder.compile()` line
    assert "Traceback" in error["traceback"]


def test_compile_error_when_runner_compiles():
    error = err("inspect", {"ref": fixture("bad_edge_builder.py") + ":workflow"})
    assert error["code"] == "GRAPH_COMPILE_FAILED"
    assert error["message"] == "Found edge ending at unknown node `ghost`"
    # also reached via auto-detection of the single StateGraph
    assert err("inspect", {"ref": fixture("bad_edge_builder.py")})["code"] == "GRAPH_COMPILE_FAILED"


def test_duplicate_node_rejected_by_langgraph_is_a_compile_error(tmp_path):
    path = tmp_path / "dup.py"
    path.write_text(
        "from typing import TypedDict\n"
        "from langgraph.graph import StateGraph\n"
        "class S(TypedDict):\n    x: int\n"
        "def a(s):\n    return {}\n"
        "b = StateGraph(S)\n"
        "b.add_node('a', a)\n"
        "b.add_node('a', a)\n"
    )
    error = err("inspect", {"ref": str(path)})
    assert error["code"] == "GRAPH_COMPILE_FAILED"
    assert error["line"] == 9
    assert "already present" in error["message"]


@pytest.mark.parametrize(
    "name,exc_type,line",
    [
        ("import_error.py", "ModuleNotFoundError", 5),
        ("runtime_import_error.py", "KeyError", 7),
        ("syntax_error.py", "SyntaxError", 4),
        ("exits_on_import.py", "SystemExit", 5),
    ],
)
def test_load_failures(name, exc_type, line):
    error = err("inspect", {"ref": fixture(name)})
    assert error["code"] == "GRAPH_LOAD_FAILED"
    assert error["type"] == exc_type
    assert error["file"] == fixture(name)
    assert error["line"] == line
    assert error["message"].startswith(exc_type + ":")  # the TS side shows only the message


def test_load_failure_in_sibling_module_points_at_workflow_frame(tmp_path):
    (tmp_path / "helper_mod.py").write_text("VALUE = 1\nraise RuntimeError('helper is broken')\n")
    wf = tmp_path / "wf.py"
    wf.write_text("import os\nimport helper_mod\n")
    error = err("inspect", {"ref": str(wf)})
    assert error["code"] == "GRAPH_LOAD_FAILED"
    assert error["type"] == "RuntimeError"
    assert (error["file"], error["line"]) == (str(wf), 2)
    assert "helper_mod.py" in error["traceback"]


def test_missing_file():
    error = err("inspect", {"ref": str(FIXTURES / "does_not_exist.py") + ":graph"})
    assert error["code"] == "GRAPH_LOAD_FAILED"
    assert error["type"] == "FileNotFoundError"


def test_graph_not_found_cases():
    several = err("inspect", {"ref": fixture("multi_graph.py")})
    assert several["code"] == "GRAPH_NOT_FOUND"
    assert "main_app" in several["message"] and "side_app" in several["message"]
    missing = err("inspect", {"ref": fixture("multi_graph.py") + ":nope"})
    assert missing["code"] == "GRAPH_NOT_FOUND"
    assert "'nope'" in missing["message"] and "main_app" in missing["message"]
    wrong_type = err("inspect", {"ref": fixture("multi_graph.py") + ":NOT_A_GRAPH"})
    assert wrong_type["code"] == "GRAPH_NOT_FOUND"
    assert "str" in wrong_type["message"]
    assert ok("inspect", {"ref": fixture("multi_graph.py") + ":main_app"})["nodes"] == ["inc"]


def test_no_graph_at_all(tmp_path):
    path = tmp_path / "empty.py"
    path.write_text("X = 1\n")
    error = err("inspect", {"ref": str(path)})
    assert error["code"] == "GRAPH_NOT_FOUND"
    assert "no module-level graph" in error["message"]


@pytest.mark.parametrize(
    "ref", ["", "   ", "x.py:", ":graph", "x.py:1abc", "x.py:a.b", "x.txt:graph", "dir/", 42, None]
)
def test_invalid_refs(ref):
    assert err("inspect", {"ref": ref})["code"] == "GRAPH_REF_INVALID"


def test_parse_ref_forms():
    assert parse_ref("/a/b.py:graph") == ("/a/b.py", "graph")
    assert parse_ref("/a/b.py") == ("/a/b.py", None)
    assert parse_ref("/a/b-c.py:my_graph") == ("/a/b-c.py", "my_graph")
    path, variable = parse_ref("rel/x.py:g")
    assert path.endswith("/rel/x.py") and path.startswith("/") and variable == "g"


def test_hyphenated_file_gets_a_sanitized_stable_module_name():
    name = module_name_for(fixture("my-workflow.py"))
    assert name.startswith(MODULE_PREFIX) and name.isidentifier()
    assert name == module_name_for(fixture("my-workflow.py"))
    assert name != module_name_for(fixture("review_graph.py"))
    result = ok("inspect", {"ref": fixture("my-workflow.py")})
    assert result["nodes"] == ["label"]
    # registered in sys.modules (dataclass state / pickling need it)
    assert name in sys.modules


def test_sys_path_is_restored_after_ops():
    before = list(sys.path)
    ok("inspect", {"ref": fixture("review_graph.py")})
    err("inspect", {"ref": fixture("import_error.py")})
    assert sys.path == before


def test_each_call_loads_the_file_fresh(tmp_path):
    shutil.copy(fixture("review_graph.py"), tmp_path / "wf.py")
    first = ok("inspect", {"ref": str(tmp_path / "wf.py")})
    assert "extra" not in first["nodes"]
    source = (tmp_path / "wf.py").read_text()
    source = source.replace(
        "graph = workflow.compile()",
        "workflow.add_node('extra', publish_node)\nworkflow.add_edge('extra', END)\ngraph = workflow.compile()",
    )
    (tmp_path / "wf.py").write_text(source)
    second = ok("inspect", {"ref": str(tmp_path / "wf.py")})
    assert second["nodes"] == ["draft", "human_review", "publish", "extra"]
