"""The extra ``inspect`` fields: is_async, context/input schemas, models, tools."""

from __future__ import annotations

import sys

import pytest
from conftest import FIXTURES, fixture, ok

pytest.importorskip("langgraph")

EXTRAS = ("is_async", "context_schema", "input_schema", "accepts_empty_input", "models", "tools")
PROJECT_SRC = str(FIXTURES / "react_project" / "src")


@pytest.fixture(autouse=True)
def no_api_keys(monkeypatch):
    for key in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(key, raising=False)


def extras(ref, **params):
    result = ok("inspect", {"ref": ref, **params})
    return {key: result[key] for key in EXTRAS}


def test_react_project():
    pytest.importorskip("langchain")
    info = extras(PROJECT_SRC + "/my_agent/graph.py:graph", sys_path=[PROJECT_SRC])
    assert info == {
        "is_async": True,
        "context_schema": {
            "name": "Context",
            "kind": "dataclass",
            "fields": [
                {"name": "system_prompt", "required": False, "default": "You help {user}. Be brief."},
                {"name": "model", "required": False, "default": "anthropic/claude-sonnet-4-5-20250929"},
                {"name": "user_name", "required": False, "default": "anonymous"},
                {"name": "max_results", "required": False, "default": 3},
                {"name": "tags", "required": False, "default": ["fixture"]},
            ],
        },
        # a reducer channel starts as [] (invoke({}) runs with messages == []): not required
        "input_schema": {"name": "InputState", "fields": [{"name": "messages", "required": False}]},
        "accepts_empty_input": True,
        "models": [{"name": "claude-sonnet-4-5-20250929", "provider": "anthropic", "via": "context_default"}],
        "tools": ["search", "word_count"],
    }


def test_existing_fields_are_unchanged():
    result = ok("inspect", {"ref": fixture("review_graph.py")})
    assert {"variable", "kind", "nodes", "edges", "interrupt_before", "interrupt_after", "langgraph_version"} <= set(result)
    assert result["nodes"] == ["draft", "human_review", "publish"]
    assert result["is_async"] is False and result["context_schema"] is None and result["tools"] == []
    assert result["accepts_empty_input"] is True  # every key of a total=False TypedDict is optional


@pytest.mark.filterwarnings("ignore:create_react_agent has been moved")
def test_prebuilt_agent_model_string_and_tools():
    pytest.importorskip("langchain")
    info = extras(fixture("prebuilt_agent.py"))
    assert info["models"] == [{"name": "claude-sonnet-4-5", "provider": "anthropic", "via": "init_chat_model"}]
    assert info["tools"] == ["multiply"]
    assert info["is_async"] is False
    assert info["accepts_empty_input"] is True


def test_langchain_create_agent():
    pytest.importorskip("langchain.agents")
    info = extras(fixture("langchain_agent.py"))
    assert info["models"] == [{"name": "claude-haiku-4-5", "provider": "anthropic", "via": "init_chat_model"}]
    assert info["tools"] == ["lookup_city"]
    assert info["is_async"] is True  # its only tool is async


def test_models_built_from_classes_at_import_and_required_input():
    pytest.importorskip("langchain_anthropic")
    info = extras(fixture("llm_workflow.py"))
    # only the module-level model: the one built inside a node is not seen without a run
    assert info["models"] == [{"name": "claude-sonnet-4-5", "provider": "anthropic", "via": "class"}]
    assert info["input_schema"] == {
        "name": "ChatState",
        "fields": [{"name": "messages", "required": False}, {"name": "tool_name", "required": True}],
    }
    assert info["accepts_empty_input"] is False


@pytest.mark.filterwarnings("ignore:create_react_agent has been moved")
def test_model_wrappers_are_restored_after_inspect():
    pytest.importorskip("langchain")
    import langchain.chat_models as chat_models
    from langchain_core.language_models.chat_models import BaseChatModel

    original = chat_models.init_chat_model
    ok("inspect", {"ref": fixture("prebuilt_agent.py")})
    assert chat_models.init_chat_model is original
    assert "__init__" not in BaseChatModel.__dict__
    factory = sys.modules.get("langchain.agents.factory")
    if factory is not None:
        assert factory.init_chat_model is original


def test_inspect_with_fake_models_needs_no_api_key(tmp_path):
    pytest.importorskip("langchain_openai")
    wf = tmp_path / "openai_at_import.py"
    wf.write_text(
        "from typing import TypedDict\n"
        "from langchain_openai import ChatOpenAI\n"
        "from langgraph.graph import StateGraph, START, END\n"
        "llm = ChatOpenAI(model='gpt-4o')\n"
        "class S(TypedDict, total=False):\n    x: str\n"
        "def n(s):\n    return {'x': llm.invoke('hi').content}\n"
        "b = StateGraph(S)\nb.add_node('n', n)\nb.add_edge(START, 'n')\nb.add_edge('n', END)\n"
        "graph = b.compile()\n"
    )
    from conftest import err

    assert err("inspect", {"ref": str(wf)})["code"] == "GRAPH_LOAD_FAILED"  # the real class wants a key
    info = extras(str(wf), fake_models=True)
    assert info["models"] == [{"name": "gpt-4o", "provider": "openai", "via": "class"}]


def test_schema_kinds(tmp_path):
    wf = tmp_path / "schemas.py"
    wf.write_text(
        "from dataclasses import dataclass\n"
        "from typing import Annotated\n"
        "import operator\n"
        "from pydantic import BaseModel\n"
        "from typing_extensions import NotRequired, TypedDict\n"
        "from langgraph.graph import StateGraph, START, END\n"
        "class Ctx(BaseModel):\n    api_base: str\n    llm_model: str = 'my-local-model/v2'\n    retries: int = 2\n"
        "class In(TypedDict):\n    question: str\n    notes: NotRequired[str]\n    log: Annotated[list, operator.add]\n"
        "class S(In):\n    answer: str\n"
        "def n(s):\n    return {}\n"
        "b = StateGraph(S, input_schema=In, context_schema=Ctx)\nb.add_node('n', n)\nb.add_edge(START, 'n')\nb.add_edge('n', END)\n"
        "graph = b.compile()\n"
    )
    info = extras(str(wf))
    assert info["context_schema"] == {
        "name": "Ctx",
        "kind": "pydantic",
        "fields": [
            {"name": "api_base", "required": True},
            {"name": "llm_model", "required": False, "default": "my-local-model/v2"},
            {"name": "retries", "required": False, "default": 2},
        ],
    }
    # unknown provider prefix, but the field is named like a model: reported without a provider
    assert info["models"] == [{"name": "my-local-model/v2", "provider": None, "via": "context_default"}]
    assert info["input_schema"] == {
        "name": "In",
        "fields": [
            {"name": "question", "required": True},
            {"name": "notes", "required": False},
            {"name": "log", "required": False},
        ],
    }
    assert info["accepts_empty_input"] is False


def test_extras_never_fail_the_op(monkeypatch):
    from exec_automator_runner import introspect

    def broken(graph):
        raise RuntimeError("introspection bug")

    monkeypatch.setattr(introspect, "needs_async", broken)
    monkeypatch.setattr(introspect, "tool_names", broken)
    monkeypatch.setattr(introspect, "input_schema_info", broken)
    result = ok("inspect", {"ref": fixture("review_graph.py")})
    assert "is_async" not in result and "tools" not in result and "input_schema" not in result
    assert "accepts_empty_input" not in result
    assert result["nodes"] == ["draft", "human_review", "publish"] and result["models"] == []
