"""Project-aware static analysis: local imports, and functions and tools across modules."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from conftest import err, fixture, ok

from exec_automator_runner.analyze import analyze_files
from exec_automator_runner.analyze_project import MAX_PROJECT_FILES

HELPER = Path(fixture("projects/helper_agent"))
HELPER_PKG = HELPER / "src" / "helper_agent"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def analyze(path: Path | str, roots: list[Path | str] | None = None) -> dict:
    params: dict = {"files": [str(path)]}
    if roots is not None:
        params["roots"] = [str(r) for r in roots]
    return ok("analyze", params)["files"][0]


# --------------------------------------------------------------------------
# a tool-calling agent in a src-layout package
# --------------------------------------------------------------------------


@pytest.mark.parametrize("roots", [None, [HELPER, HELPER / "src"]], ids=["package-root-inferred", "roots-given"])
def test_src_layout_agent_has_no_findings(roots):
    entry = analyze(HELPER_PKG / "graph.py", roots)
    assert entry["third_party_imports"] == ["langchain_core", "langgraph"]
    assert entry["local_imports"] == [{"module": "helper_agent", "file": str(HELPER_PKG)}]
    assert entry["undefined_names"] == []
    # the schema is a dataclass of state.py, read there
    assert [(g["variable"], g["state_schema"], g["schema_kind"]) for g in entry["state_graphs"]] == [
        ("builder", "State", "dataclass")
    ]
    assert [(n["name"], n["function"]) for n in entry["nodes"]] == [("call_model", "call_model"), ("tools", None)]
    assert [(e["source"], e["target"], e["compile_checked"]) for e in entry["edges"]] == [
        ("__start__", "call_model", True),
        ("call_model", "tools", True),  # from the router's Literal["__end__", "tools"] hint
        ("call_model", "__end__", True),
        ("tools", "call_model", True),
    ]
    assert entry["graph_variables"] == ["graph"]
    assert entry["unreachable_nodes"] == [] and entry["dead_end_nodes"] == [] and entry["duplicate_nodes"] == []
    assert entry["static_complete"] is True
    tools = str(HELPER_PKG / "tools.py")
    functions = entry["project_functions"]
    assert functions["lookup"] == {"file": tools, "line": 11}  # async def in tools.py
    assert functions["read_page"] == {"file": tools, "line": 18}  # @tool("read_page")
    assert functions["fetch"] == {"file": tools, "line": 18}
    assert functions["load_chat_model"]["file"] == str(HELPER_PKG / "utils.py")
    assert functions["call_model"]["file"] == str(HELPER_PKG / "graph.py")
    assert entry["project_functions_complete"] is True


def test_relative_imports_are_local_with_their_files():
    entry = analyze(HELPER_PKG / "context.py")
    assert entry["local_imports"] == [{"module": ".prompts", "file": str(HELPER_PKG / "prompts.py")}]
    assert entry["third_party_imports"] == []
    assert entry["undefined_names"] == []


def test_package_init_reexport_is_local():
    entry = analyze(HELPER_PKG / "__init__.py")
    assert entry["third_party_imports"] == []
    assert "lookup" in entry["project_functions"]


# --------------------------------------------------------------------------
# which imports are local
# --------------------------------------------------------------------------


def test_roots_make_their_modules_local(tmp_path):
    write(
        tmp_path,
        {
            "app/flows/wf.py": """
                import shared_utils
                import vendored
                from helpers.text import clean
                import requests
            """,
            "libs/shared_utils.py": "def normalize(x):\n    return x\n",
            "libs/vendored/__init__.py": "",
            "libs/helpers/text.py": "def clean(x):\n    return x\n",  # namespace package (no __init__)
        },
    )
    wf = tmp_path / "app" / "flows" / "wf.py"
    assert analyze(wf)["third_party_imports"] == ["helpers", "requests", "shared_utils", "vendored"]
    entry = analyze(wf, [tmp_path / "app", tmp_path / "libs"])
    assert entry["third_party_imports"] == ["requests"]
    assert entry["local_imports"] == [
        {"module": "helpers", "file": str(tmp_path / "libs" / "helpers")},
        {"module": "shared_utils", "file": str(tmp_path / "libs" / "shared_utils.py")},
        {"module": "vendored", "file": str(tmp_path / "libs" / "vendored")},
    ]
    assert set(entry["project_functions"]) == {"normalize", "clean"}


def test_a_stray_folder_does_not_shadow_the_standard_library(tmp_path):
    write(tmp_path, {"wf.py": "import json\nimport email\n", "json/notes.py": "", "email/__init__.py": ""})
    entry = analyze(tmp_path / "wf.py")
    assert entry["third_party_imports"] == []
    # a real package beside the file does shadow it (Python imports it first)
    assert entry["local_imports"] == [{"module": "email", "file": str(tmp_path / "email")}]


def test_unresolvable_relative_import_has_no_file(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/wf.py": "from .missing import thing\nfrom . import also_missing\n"})
    entry = analyze(tmp_path / "pkg" / "wf.py")
    assert entry["local_imports"] == [
        {"module": ".", "file": str(tmp_path / "pkg" / "__init__.py")},
        {"module": ".missing", "file": None},
    ]


@pytest.mark.parametrize("roots", [{"roots": "src"}, {"roots": [1]}, {"roots": [""]}])
def test_bad_roots(roots):
    assert err("analyze", {"files": ["x.py"], **roots})["code"] == "BAD_REQUEST"


# --------------------------------------------------------------------------
# functions and tools across modules
# --------------------------------------------------------------------------


def test_tools_are_found_through_every_import_form(tmp_path):
    write(
        tmp_path,
        {
            "proj/agent/__init__.py": "",
            "proj/agent/graph.py": """
                import agent.extra
                from agent.tools import TOOLS
                from .local_tools import search
                from . import more
            """,
            "proj/agent/extra.py": "async def extra_tool(x):\n    return x\n",
            "proj/agent/tools.py": """
                from langchain_core.tools import StructuredTool, Tool, tool, BaseTool
                from langchain_core.tools.retriever import create_retriever_tool
                from .deep.nested import nested_fn

                @tool("web_search")
                def search_the_web(query: str) -> str:
                    return query

                @tool(parse_docstring=True)
                def plain(x: str) -> str:
                    return x

                def _calc(expr: str) -> str:
                    return expr

                calculator = Tool(name="calc", func=_calc, description="math")
                converter = StructuredTool.from_function(func=_calc, name="convert")
                retriever_tool = create_retriever_tool(None, "retrieve_docs", "docs")

                class Weather(BaseTool):
                    name: str = "weather"
                    description: str = "the weather"

                TOOLS = [search_the_web, plain, calculator, converter, retriever_tool, Weather(), nested_fn]
            """,
            "proj/agent/deep/__init__.py": "",
            "proj/agent/deep/nested.py": "def nested_fn():\n    pass\n",
            "proj/agent/local_tools.py": "def search(q):\n    return q\n",
            "proj/agent/more/__init__.py": "from .inner import inner_tool\n",
            "proj/agent/more/inner.py": "def inner_tool():\n    pass\n",
        },
    )
    entry = analyze(tmp_path / "proj" / "agent" / "graph.py")
    functions = entry["project_functions"]
    for name in (
        "extra_tool",  # import agent.extra
        "web_search",  # @tool("web_search")
        "search_the_web",
        "plain",
        "calc",  # Tool(name="calc")
        "calculator",
        "convert",  # StructuredTool.from_function(name=...)
        "retrieve_docs",  # create_retriever_tool(r, "retrieve_docs", ...)
        "weather",  # BaseTool subclass with a literal name
        "nested_fn",  # imported by tools.py, transitively
        "search",  # from .local_tools import search
        "inner_tool",  # from . import more -> more/__init__.py -> .inner
    ):
        assert name in functions, name
    assert functions["web_search"]["file"] == str(tmp_path / "proj" / "agent" / "tools.py")
    assert entry["project_functions_complete"] is True
    assert entry["third_party_imports"] == []


def test_tools_whose_names_cannot_be_read_make_the_table_incomplete(tmp_path):
    write(
        tmp_path,
        {
            "wf.py": "from tools import TOOLS\n",
            "tools.py": """
                from langchain_tavily import TavilySearch
                def mine(x):
                    return x
                TOOLS = [mine, TavilySearch(max_results=2)]
            """,
        },
    )
    entry = analyze(tmp_path / "wf.py")
    assert "mine" in entry["project_functions"]
    assert entry["project_functions_complete"] is False


def test_tools_loaded_at_run_time_make_the_table_incomplete(tmp_path):
    write(
        tmp_path,
        {
            "wf.py": """
                from langchain_mcp_adapters.client import MultiServerMCPClient
                from langgraph.prebuilt import ToolNode
                async def make_graph():
                    tools = await MultiServerMCPClient({}).get_tools()
                    return ToolNode(tools)
            """
        },
    )
    assert analyze(tmp_path / "wf.py")["project_functions_complete"] is False


def test_the_walk_over_local_modules_is_bounded(tmp_path):
    count = MAX_PROJECT_FILES + 5
    files = {f"m{i}.py": f"import m{i + 1}\ndef f{i}():\n    pass\n" for i in range(count)}
    files[f"m{count}.py"] = "def last():\n    pass\n"
    write(tmp_path, files)
    entry = analyze(tmp_path / "m0.py")
    assert entry["project_functions_complete"] is False
    assert len(entry["project_functions"]) == MAX_PROJECT_FILES
    short = analyze(tmp_path / f"m{count - 10}.py")
    assert short["project_functions_complete"] is True and "last" in short["project_functions"]


def test_import_cycles_and_side_effects(tmp_path):
    marker = tmp_path / "ran.txt"
    write(
        tmp_path,
        {
            "wf.py": "import a\n",
            "a.py": f"import b\nopen({str(marker)!r}, 'w')\ndef fa():\n    pass\n",
            "b.py": "import a\nfrom wf import *\ndef fb():\n    pass\n",
        },
    )
    entry = analyze(tmp_path / "wf.py")
    assert {"fa", "fb"} <= set(entry["project_functions"])
    assert not marker.exists()  # nothing is ever imported


def test_unparsable_local_module_makes_the_table_incomplete(tmp_path):
    write(tmp_path, {"wf.py": "import broken\ndef here():\n    pass\n", "broken.py": "def (:\n"})
    entry = analyze(tmp_path / "wf.py")
    assert "here" in entry["project_functions"]
    assert entry["project_functions_complete"] is False


# --------------------------------------------------------------------------
# graphs whose pieces live in other modules of the project
# --------------------------------------------------------------------------


def test_node_names_constants_and_schemas_from_local_modules(tmp_path):
    write(
        tmp_path,
        {
            "agent/__init__.py": "",
            "agent/names.py": 'PLANNER = "planner"\nclass Nodes:\n    WRITER = "writer"\n',
            "agent/state.py": "from pydantic import BaseModel\nclass State(BaseModel):\n    text: str = ''\n",
            "agent/nodes.py": "def plan(state):\n    return {}\ndef write(state):\n    return {}\n",
            "agent/reexport.py": "from agent.nodes import write as write_step\n",
            "agent/graph.py": """
                from langgraph.graph import END, START, StateGraph
                from agent import names
                from agent.names import PLANNER, Nodes
                from agent.nodes import plan
                from agent.reexport import write_step
                from .state import State

                builder = StateGraph(State)
                builder.add_node(PLANNER, plan)
                builder.add_node(write_step)
                builder.add_edge(START, names.PLANNER)
                builder.add_edge(PLANNER, Nodes.WRITER)
                builder.add_edge("write", END)
                graph = builder.compile()
            """,
        },
    )
    entry = analyze(tmp_path / "agent" / "graph.py")
    assert entry["state_graphs"][0]["schema_kind"] == "pydantic"
    assert [n["name"] for n in entry["nodes"]] == ["planner", "write"]  # write_step.__name__ is "write"
    assert [(e["source"], e["target"]) for e in entry["edges"]] == [
        ("__start__", "planner"),
        ("planner", "writer"),
        ("write", "__end__"),
    ]
    assert entry["static_complete"] is True


def test_a_graph_made_by_a_local_factory_module(tmp_path):
    write(
        tmp_path,
        {
            "agent/__init__.py": "",
            "agent/factory.py": """
                from langgraph.graph import StateGraph
                def make_graph(config=None):
                    builder = StateGraph(dict)
                    return builder.compile()
                def not_a_graph():
                    return 1
            """,
            "agent/sub.py": "from langgraph.prebuilt import create_react_agent\nresearcher = create_react_agent('m', [])\n",
            "wf.py": """
                from langgraph.graph import StateGraph, START
                from agent.factory import make_graph, not_a_graph
                from agent.sub import researcher
                graph = make_graph()
                value = not_a_graph()
                outer = StateGraph(dict)
                outer.add_node(researcher)
                outer.add_edge(START, "researcher")
                app = outer.compile()
            """,
        },
    )
    entry = analyze(tmp_path / "wf.py")
    assert entry["prebuilt_graphs"] == [{"variable": "graph", "kind": "make_graph", "line": 5}]
    assert entry["graph_variables"] == ["app", "graph"]
    # `researcher` is an agent of another module, not a def: its node name is not known here
    assert entry["nodes"][0]["name"] is None
    assert [u["reason"] for u in entry["static_unknowns"]] == ["prebuilt", "dynamic-name"]
    assert entry["static_complete"] is False


def test_many_files_share_one_project_index(tmp_path):
    write(tmp_path, {"one.py": "import common\n", "two.py": "import common\n", "common.py": "def shared():\n    pass\n"})
    first, second = analyze_files([str(tmp_path / "one.py"), str(tmp_path / "two.py")])
    assert first["project_functions"]["shared"] == second["project_functions"]["shared"]
    assert os.path.basename(first["project_functions"]["shared"]["file"]) == "common.py"


def test_constants_of_a_plainly_imported_local_module(tmp_path):
    write(
        tmp_path,
        {
            "consts.py": 'ALPHA = "alpha"\n',
            "wf.py": """
                import consts
                from langgraph.graph import StateGraph, START
                def f(s):
                    return {}
                g = StateGraph(dict)
                g.add_node(consts.ALPHA, f)
                g.add_edge(START, consts.ALPHA)
                graph = g.compile()
            """,
        },
    )
    entry = analyze(tmp_path / "wf.py")
    assert [n["name"] for n in entry["nodes"]] == ["alpha"]
    assert entry["edges"][0]["target"] == "alpha"
    assert entry["static_complete"] is True


def test_interrupts_and_error_handling_of_node_functions_in_local_modules(tmp_path):
    write(
        tmp_path,
        {
            "agent/__init__.py": "",
            "agent/nodes.py": """
                from langgraph.types import interrupt
                def review(state):
                    return {"ok": interrupt("approve?")}
                def careful(state):
                    try:
                        return {}
                    except Exception:
                        return {"error": True}
            """,
            "agent/graph.py": """
                from langgraph.graph import StateGraph, START
                from agent import nodes
                from .nodes import review
                g = StateGraph(dict)
                g.add_node("review", review)
                g.add_node("careful", nodes.careful)
                g.add_edge(START, "review"); g.add_edge("review", "careful")
                graph = g.compile()
            """,
        },
    )
    entry = analyze(tmp_path / "agent" / "graph.py")
    assert entry["interrupt_nodes"] == ["review"]
    assert entry["nodes_without_error_handling"] == ["review"]
    assert "review" not in entry["functions"]  # `functions` stays the file's own table
