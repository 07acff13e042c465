"""Tests for ``invoke`` with ``fake_models``: recorded responses, accounting, restore."""

from __future__ import annotations

import sys
import types

import pytest
from conftest import fixture, ok

pytest.importorskip("langgraph")
langchain_anthropic = pytest.importorskip("langchain_anthropic")

from exec_automator_runner import fake_models  # noqa: E402

TWO_RESPONSES = [
    "Here is a draft",
    {
        "content": "",
        "tool_calls": [{"name": "lookup", "args": {"term": "graphs"}, "id": "call_1"}],
        "usage": {"input_tokens": 10, "output_tokens": 5},
    },
]
USER_INPUT = {"messages": [{"role": "user", "content": "write about graphs"}]}


@pytest.fixture(autouse=True)
def no_api_keys(monkeypatch):
    for key in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"):
        monkeypatch.delenv(key, raising=False)


def test_recorded_responses_and_model_calls():
    result = ok(
        "invoke",
        {"ref": fixture("llm_workflow.py"), "input": USER_INPUT, "fake_models": {"responses": TWO_RESPONSES}},
    )
    assert result["status"] == "completed", result["error"]
    assert result["output"]["messages"] == [
        {"type": "human", "content": "write about graphs"},
        {"type": "ai", "content": "Here is a draft"},
        {
            "type": "ai",
            "content": "",
            "tool_calls": [
                {"name": "lookup", "args": {"term": "graphs"}, "id": "call_1", "type": "tool_call"}
            ],
        },
    ]
    assert result["output"]["tool_name"] == "lookup"
    assert result["model_calls"] == [
        {"model": "claude-sonnet-4-5", "node": "draft", "input_tokens": 0, "output_tokens": 0},
        {"model": "claude-haiku-4-5", "node": "review", "input_tokens": 10, "output_tokens": 5},
    ]


def test_responses_exhausted():
    result = ok(
        "invoke",
        {"ref": fixture("llm_workflow.py"), "input": USER_INPUT, "fake_models": {"responses": ["only one"]}},
    )
    assert result["status"] == "error"
    assert result["error"]["type"] == "ResponsesExhausted"
    assert result["error"]["code"] == "RESPONSES_EXHAUSTED"
    assert (
        result["error"]["message"] == "workflow made model call #2 but only 1 recorded responses were given"
    )
    assert result["error"]["node"] == "review"
    assert result["model_calls"] == [
        {"model": "claude-sonnet-4-5", "node": "draft", "input_tokens": 0, "output_tokens": 0}
    ]
    assert result["output"]["messages"][-1] == {"type": "ai", "content": "only one"}


def test_zero_responses():
    result = ok(
        "invoke", {"ref": fixture("llm_workflow.py"), "input": USER_INPUT, "fake_models": {"responses": []}}
    )
    assert (
        result["error"]["message"] == "workflow made model call #1 but only 0 recorded responses were given"
    )
    assert result["error"]["node"] == "draft"
    assert result["model_calls"] == []


def test_openai_structured_output_init_chat_model_and_streaming():
    pytest.importorskip("langchain_openai")
    pytest.importorskip("langchain")
    responses = [
        '{"steps": ["outline", "write"]}',
        {"content": "all done", "usage": {"input_tokens": 7, "output_tokens": 2}},
    ]
    result = ok(
        "invoke",
        {"ref": fixture("init_chat_workflow.py"), "input": {}, "fake_models": {"responses": responses}},
    )
    assert result["status"] == "completed", result["error"]
    assert result["output"] == {"plan": ["outline", "write"], "summary": "all done"}
    assert result["model_calls"] == [
        {"model": "gpt-4o-mini", "node": "plan", "input_tokens": 0, "output_tokens": 0},
        {"model": "claude-3-5-haiku-latest", "node": "summarize", "input_tokens": 7, "output_tokens": 2},
    ]


def test_originals_are_restored_after_the_call():
    import langchain_anthropic.chat_models as anthropic_chat_models

    original = langchain_anthropic.ChatAnthropic
    holder = types.ModuleType("exec_automator_test_holder")  # a module that bound the class earlier
    holder.ChatAnthropic = original
    sys.modules[holder.__name__] = holder
    seen_during: list[object] = []
    real_next = fake_models.FakeSession.next_message

    def spy(self, model, node):
        seen_during.append(holder.ChatAnthropic)
        return real_next(self, model, node)

    try:
        fake_models.FakeSession.next_message = spy
        result = ok(
            "invoke",
            {
                "ref": fixture("llm_workflow.py"),
                "input": USER_INPUT,
                "fake_models": {"responses": TWO_RESPONSES},
            },
        )
    finally:
        fake_models.FakeSession.next_message = real_next
        sys.modules.pop(holder.__name__, None)
    assert result["status"] == "completed"
    # during the run the sweep replaced the reference, afterwards it is back
    assert seen_during and all(cls is not original for cls in seen_during)
    assert seen_during[0].__name__ == "ChatAnthropic"
    assert holder.ChatAnthropic is original
    assert langchain_anthropic.ChatAnthropic is original
    assert anthropic_chat_models.ChatAnthropic is original
    assert not any(isinstance(f, fake_models._PatchAfterImport) for f in sys.meta_path)
    assert fake_models._ACTIVE is None


def test_without_fake_models_the_real_class_is_used():
    # the module-level ChatAnthropic(...) is the real one: building it must not
    # be intercepted; we only inspect (no network call is made)
    result = ok("inspect", {"ref": fixture("llm_workflow.py")})
    assert result["nodes"] == ["draft", "review"]
    mod = next(
        m for name, m in sys.modules.items() if name.startswith("exec_automator_workflow_llm_workflow")
    )
    assert type(mod.llm) is langchain_anthropic.ChatAnthropic


def test_fake_session_unit():
    session = fake_models.FakeSession(
        ["a", {"content": "b", "usage": {"input_tokens": 2, "output_tokens": 3}}]
    )
    first = session.next_message("m1", "n1")
    second = session.next_message("m2", None)
    assert first.content == "a" and first.usage_metadata is None
    assert second.usage_metadata == {"input_tokens": 2, "output_tokens": 3, "total_tokens": 5}
    assert session.calls == [
        {"model": "m1", "node": "n1", "input_tokens": 0, "output_tokens": 0},
        {"model": "m2", "node": None, "input_tokens": 2, "output_tokens": 3},
    ]
    with pytest.raises(fake_models.ResponsesExhausted, match=r"call #3 but only 2 recorded"):
        session.next_message("m", None)


def test_fake_class_accepts_arbitrary_kwargs_and_shares_the_queue():
    cls = fake_models.fake_class("anthropic", "ChatAnthropic")
    with fake_models.fake_models_session(["x", "y", "z"]) as session:
        model = cls(model_name="claude-x", temperature=0.3, max_tokens=10, api_key="nope", timeout=3)
        other = cls()
        assert model.model_name == "claude-x" and other.model == "claude"
        assert model.bind_tools([]).invoke("hi").content == "x"
        assert other.with_config(tags=["t"]).invoke("hi").content == "y"
        assert model.invoke("hi").content == "z"
        assert [c["model"] for c in session.calls] == ["claude-x", "claude", "claude-x"]
    with pytest.raises(RuntimeError, match="outside of an invoke"):
        model.invoke("after the session")


def test_validate_responses():
    assert fake_models.validate_responses({"responses": ["a", {"content": "b"}]}) == ["a", {"content": "b"}]
    for bad in (None, [], {"responses": None}, {"responses": [1]}, {"responses": [{"tool_calls": "x"}]}):
        with pytest.raises(ValueError):
            fake_models.validate_responses(bad)


def test_fresh_process_patches_on_import_only_used_providers(tmp_path):
    """In a new process the provider is imported by the workflow itself (import
    hook path) and providers the workflow does not use are never imported."""
    import json

    from conftest import run_call

    wf = tmp_path / "fresh_llm.py"
    wf.write_text(
        "import sys\n"
        "from typing import TypedDict\n"
        "from langchain_anthropic import ChatAnthropic\n"
        "from langgraph.graph import StateGraph, START, END\n"
        "class S(TypedDict, total=False):\n    text: str\n    openai_loaded: bool\n    cls: str\n"
        "def talk(s):\n"
        "    m = ChatAnthropic(model='claude-opus-4')\n"
        "    return {'text': m.invoke('hi').content, 'openai_loaded': 'langchain_openai' in sys.modules,\n"
        "            'cls': type(m).__module__}\n"
        "b = StateGraph(S)\nb.add_node('talk', talk)\nb.add_edge(START, 'talk')\nb.add_edge('talk', END)\n"
        "graph = b.compile()\n"
    )
    code, lines, stderr = run_call(
        "invoke",
        {
            "ref": str(wf),
            "input": {},
            "fake_models": {
                "responses": [{"content": "hello", "usage": {"input_tokens": 1, "output_tokens": 2}}]
            },
        },
    )
    assert code == 0, stderr
    result = json.loads(lines[0])["result"]
    assert result["status"] == "completed", result["error"]
    assert result["output"] == {
        "text": "hello",
        "openai_loaded": False,
        "cls": "exec_automator_runner.fake_models",
    }
    assert result["model_calls"] == [
        {"model": "claude-opus-4", "node": "talk", "input_tokens": 1, "output_tokens": 2}
    ]
