"""Fake chat models in real-project patterns: prebuilt agents from model strings, tool
calls executed by a real ToolNode, structured output, async and streaming calls."""

from __future__ import annotations

import asyncio

import pytest
from conftest import fixture, ok

pytest.importorskip("langgraph")
pytest.importorskip("langchain")
pytest.importorskip("langchain_anthropic")

from exec_automator_runner import fake_models  # noqa: E402


@pytest.fixture(autouse=True)
def no_api_keys(monkeypatch):
    for key in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(key, raising=False)


@pytest.mark.filterwarnings("ignore:create_react_agent has been moved")
def test_create_react_agent_from_a_model_string_runs_the_tool():
    result = ok(
        "invoke",
        {
            "ref": fixture("prebuilt_agent.py"),
            "input": {"messages": [{"role": "user", "content": "6 times 7?"}]},
            "fake_models": {
                "responses": [
                    {"content": "", "tool_calls": [{"name": "multiply", "args": {"a": 6, "b": 7}, "id": "m1"}]},
                    "It is 42.",
                ]
            },
        },
    )
    assert result["status"] == "completed", result["error"]
    messages = result["output"]["messages"]
    assert messages[2] == {"type": "tool", "content": "42", "name": "multiply", "tool_call_id": "m1"}
    assert messages[-1] == {"type": "ai", "content": "It is 42."}
    assert [(c["model"], c["node"]) for c in result["model_calls"]] == [("claude-sonnet-4-5", "agent")] * 2


def test_langchain_create_agent_with_an_async_tool():
    pytest.importorskip("langchain.agents")
    result = ok(
        "invoke",
        {
            "ref": fixture("langchain_agent.py"),
            "input": {"messages": [{"role": "user", "content": "Tell me about Paris"}]},
            "fake_models": {
                "responses": [{"content": "", "tool_calls": [{"name": "lookup_city", "args": {"city": "Paris"}}]}],
                "default_response": "Paris it is.",
            },
        },
    )
    assert result["status"] == "completed", result["error"]
    messages = result["output"]["messages"]
    assert messages[2]["type"] == "tool" and messages[2]["content"] == "Paris has 3 bridges"
    assert messages[-1] == {"type": "ai", "content": "Paris it is."}
    assert {c["model"] for c in result["model_calls"]} == {"claude-haiku-4-5"}


def test_structured_output_sync_and_async_and_astream():
    pytest.importorskip("langchain_openai")
    result = ok(
        "invoke",
        {
            "ref": fixture("structured_output.py"),
            "input": {},
            "fake_models": {
                "responses": [
                    '{"score": 4, "reason": "clear"}',
                    {"content": "", "tool_calls": [{"name": "Plan", "args": {"steps": ["outline", "write"]}}]},
                    "streamed text",
                ]
            },
        },
    )
    assert result["status"] == "completed", result["error"]
    assert result["output"]["verdict"] == {"score": 4, "reason": "clear"}
    assert result["output"]["steps"] == ["outline", "write"]
    assert result["output"]["chunks"] >= 1
    assert [(c["model"], c["node"]) for c in result["model_calls"]] == [
        ("claude-haiku-4-5", "grade"),
        ("gpt-4o-mini", "plan"),
        ("claude-sonnet-4-5", "plan"),
    ]


def test_fake_model_async_and_streaming_calls_answer_from_the_queue():
    from langchain_core.tools import tool

    @tool
    def ping(host: str) -> str:
        """Ping a host."""
        return host

    init = fake_models.fake_init_chat_model
    responses = [
        "sync",
        "async",
        {"content": "streamed", "usage": {"input_tokens": 3, "output_tokens": 2}},
        {"content": "", "tool_calls": [{"name": "ping", "args": {"host": "h"}, "id": "p1"}]},
    ]
    with fake_models.fake_models_session(responses, default_response="fallback") as session:
        model = init("anthropic:claude-x")
        assert model.invoke("a").content == "sync"
        assert asyncio.run(model.ainvoke("b")).content == "async"
        chunks = list(model.stream("c"))
        full = chunks[0]
        for chunk in chunks[1:]:
            full = full + chunk
        assert full.content == "streamed" and full.usage_metadata["output_tokens"] == 2

        async def collect():
            return [c async for c in model.bind_tools([ping]).astream("d")]

        achunks = asyncio.run(collect())
        merged = achunks[0]
        for chunk in achunks[1:]:
            merged = merged + chunk
        assert merged.tool_calls == [{"name": "ping", "args": {"host": "h"}, "id": "p1", "type": "tool_call"}]
        assert model.invoke("e").content == "fallback"  # queue empty: the default answers
        assert [c["model"] for c in session.calls] == ["claude-x"] * 5
        assert session.calls[2]["input_tokens"] == 3


def test_init_chat_model_forms_name_the_model():
    init = fake_models.fake_init_chat_model
    with fake_models.fake_models_session(["a", "b", "c"]) as session:
        init("anthropic:claude-sonnet-4-5").invoke("x")
        init("gpt-4o", model_provider="openai").invoke("x")
        init().invoke("x")
    assert [c["model"] for c in session.calls] == ["claude-sonnet-4-5", "gpt-4o", "fake-chat-model"]


def test_validate_fake_models_default_response():
    assert fake_models.validate_fake_models({"responses": ["a"]}) == (["a"], None)
    assert fake_models.validate_fake_models({"responses": [], "default_response": "d"}) == ([], "d")
    with pytest.raises(ValueError):
        fake_models.validate_fake_models({"responses": [], "default_response": 1})
