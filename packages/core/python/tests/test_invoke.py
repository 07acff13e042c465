"""Tests for ``invoke``: statuses, interrupts/resume, checkpointers, JSON-safety."""

from __future__ import annotations

import json
import shutil
import uuid

import pytest
from conftest import err, fixture, ok, run_call

pytest.importorskip("langgraph")

RESULT_KEYS = {
    "status",
    "thread_id",
    "output",
    "interrupt",
    "interrupts",
    "next",
    "error",
    "duration_ms",
    "model_calls",
}


def invoke(**params):
    result = ok("invoke", params)
    assert set(result) == RESULT_KEYS
    assert isinstance(result["duration_ms"], (int, float)) and result["duration_ms"] >= 0
    return result


def test_interrupt_then_resume_with_memory_checkpointer():
    thread = f"mem-{uuid.uuid4()}"
    first = invoke(ref=fixture("review_graph.py"), input={"topic": "cats"}, thread_id=thread)
    assert first["status"] == "interrupted"
    assert first["thread_id"] == thread
    assert first["interrupt"] == {
        "node": "human_review",
        "value": {"question": "approve the draft?", "draft": "Draft about cats"},
    }
    assert first["next"] == ["human_review"]
    assert first["output"] == {"topic": "cats", "draft": "Draft about cats", "revisions": 1}
    assert first["error"] is None

    # the default in-memory saver is shared across requests of one worker
    revised = invoke(ref=fixture("review_graph.py"), resume="revise", thread_id=thread)
    assert revised["status"] == "interrupted"
    assert revised["output"]["revisions"] == 2

    done = invoke(ref=fixture("review_graph.py"), resume="approve", thread_id=thread, input={"ignored": True})
    assert done["status"] == "completed"
    assert done["interrupt"] is None and done["next"] == []
    assert done["output"] == {
        "topic": "cats",
        "draft": "Draft about cats",
        "decision": "approve",
        "published": True,
        "revisions": 2,
    }


def test_interrupt_resume_across_processes_with_sqlite(tmp_path):
    db = tmp_path / "state" / "checkpoints.sqlite"  # parent dir is created
    params = {
        "ref": fixture("review_graph.py"),
        "input": {"topic": "dogs"},
        "thread_id": "t-1",
        "checkpointer": {"type": "sqlite", "path": str(db)},
    }
    code, lines, _ = run_call("invoke", params)
    assert code == 0
    first = json.loads(lines[0])["result"]
    assert first["status"] == "interrupted"
    assert first["interrupt"]["node"] == "human_review"
    assert db.exists()

    # resume in another process: only the sqlite file carries the thread
    resume = {**params, "resume": "approve"}
    del resume["input"]
    code, lines, _ = run_call("invoke", resume)
    assert code == 0
    done = json.loads(lines[0])["result"]
    assert done["status"] == "completed"
    assert done["thread_id"] == "t-1"
    assert done["output"]["published"] is True
    assert done["output"]["decision"] == "approve"

    # in-process too, and the connection is closed afterwards (file deletable)
    again = invoke(**{**params, "thread_id": "t-2"})
    assert again["status"] == "interrupted"
    db.unlink()


def test_static_interrupt_before_and_continue():
    thread = f"static-{uuid.uuid4()}"
    first = invoke(ref=fixture("static_interrupt.py"), input={}, thread_id=thread)
    assert first["status"] == "interrupted"
    assert first["interrupt"] == {"node": "second", "value": None}
    assert first["next"] == ["second"]
    assert first["output"] == {"steps": ["first"]}
    done = invoke(ref=fixture("static_interrupt.py"), input=None, thread_id=thread)
    assert done["status"] == "completed"
    assert done["output"] == {"steps": ["first", "second"]}


def test_node_exception_is_a_result_not_a_protocol_error():
    result = invoke(ref=fixture("raising_node.py"), input={"count": 4})
    assert result["status"] == "error"
    assert result["error"]["type"] == "ValueError"
    assert result["error"]["code"] == "INVOKE_FAILED"
    assert result["error"]["message"] == "boom after count=5"
    assert result["error"]["node"] == "explode"
    assert "raising_node.py" in result["error"]["traceback"]
    assert result["output"] == {"count": 5}  # partial state from the checkpointer
    assert result["next"] == ["explode"]
    assert result["interrupt"] is None


def test_node_exception_without_checkpointer():
    result = invoke(ref=fixture("raising_node.py"), input={}, checkpointer={"type": "none"})
    assert result["status"] == "error"
    assert result["error"]["node"] == "explode"
    assert result["output"] is None
    assert result["next"] == []


def test_interrupts_without_checkpointer():
    # a static breakpoint still stops the run; without thread state the node is unknown
    static = invoke(ref=fixture("static_interrupt.py"), input={}, checkpointer={"type": "none"})
    assert static["status"] == "interrupted"
    assert static["interrupt"] == {"node": None, "value": None}
    assert static["output"] == {"steps": ["first"]}
    assert static["next"] == []
    dynamic = invoke(ref=fixture("review_graph.py"), input={"topic": "t"}, checkpointer={"type": "none"})
    assert dynamic["status"] == "interrupted"
    assert dynamic["interrupt"]["value"] == {"question": "approve the draft?", "draft": "Draft about t"}
    assert "__interrupt__" not in dynamic["output"]


def test_real_model_calls_are_recorded_via_callbacks(tmp_path):
    """Without fake_models, calls of any LangChain chat model are still accounted."""
    wf = tmp_path / "own_model.py"
    wf.write_text(
        "from typing import TypedDict\n"
        "from langchain_core.language_models.fake_chat_models import GenericFakeChatModel\n"
        "from langchain_core.messages import AIMessage\n"
        "from langgraph.graph import StateGraph, START, END\n"
        "class S(TypedDict, total=False):\n    text: str\n"
        "def ask(s):\n"
        "    usage = {'input_tokens': 4, 'output_tokens': 6, 'total_tokens': 10}\n"
        "    model = GenericFakeChatModel(messages=iter([AIMessage('yo', usage_metadata=usage)]))\n"
        "    return {'text': model.invoke('hi').content}\n"
        "b = StateGraph(S)\nb.add_node('ask', ask)\nb.add_edge(START, 'ask')\nb.add_edge('ask', END)\n"
        "graph = b.compile()\n"
    )
    result = invoke(ref=str(wf), input={})
    assert result["status"] == "completed"
    assert result["output"] == {"text": "yo"}
    assert len(result["model_calls"]) == 1
    call = result["model_calls"][0]
    assert (call["node"], call["input_tokens"], call["output_tokens"]) == ("ask", 4, 6)


def test_recursion_limit():
    result = invoke(
        ref=fixture("static_interrupt.py"), input={}, recursion_limit=1, checkpointer={"type": "none"}
    )
    assert result["status"] == "error"
    assert result["error"]["type"] == "GraphRecursionError"


def test_json_safety_of_state():
    result = invoke(ref=fixture("my-workflow.py"), input={"title": "doc"})
    assert result["status"] == "completed"
    assert result["output"] == {
        "title": "doc-v1",
        "messages": [{"type": "human", "content": "hi"}, {"type": "ai", "content": "hello", "name": "bot"}],
        "tags": ["a", "b"],
        "verdict": {"score": 3, "notes": ["ok"]},
    }


def test_sibling_module_changes_are_picked_up(tmp_path):
    shutil.copy(fixture("my-workflow.py"), tmp_path / "my-workflow.py")
    helper = tmp_path / "wf_helpers.py"
    shutil.copy(fixture("wf_helpers.py"), helper)
    ref = str(tmp_path / "my-workflow.py") + ":graph"
    assert invoke(ref=ref, input={"title": "a"})["output"]["title"] == "a-v1"
    helper.write_text(helper.read_text().replace('SUFFIX = "-v1"', 'SUFFIX = "-v2-longer"'))
    assert invoke(ref=ref, input={"title": "a"})["output"]["title"] == "a-v2-longer"


def test_default_thread_id_is_fresh():
    a = invoke(ref=fixture("raising_node.py"), input={})
    b = invoke(ref=fixture("raising_node.py"), input={})
    assert a["thread_id"] != b["thread_id"]
    uuid.UUID(a["thread_id"])


def test_load_and_compile_failures_are_protocol_errors():
    assert err("invoke", {"ref": fixture("bad_edge.py"), "input": {}})["code"] == "GRAPH_COMPILE_FAILED"
    assert err("invoke", {"ref": fixture("import_error.py"), "input": {}})["code"] == "GRAPH_LOAD_FAILED"
    assert err("invoke", {"ref": fixture("multi_graph.py"), "input": {}})["code"] == "GRAPH_NOT_FOUND"
    assert err("invoke", {"ref": "nope.py:", "input": {}})["code"] == "GRAPH_REF_INVALID"


@pytest.mark.parametrize(
    "extra",
    [
        {"checkpointer": {"type": "redis"}},
        {"checkpointer": {"type": "sqlite"}},
        {"checkpointer": "memory"},
        {"recursion_limit": 0},
        {"recursion_limit": "10"},
        {"recursion_limit": True},
        {"thread_id": 5},
        {"thread_id": ""},
        {"fake_models": {"responses": "x"}},
        {"fake_models": {"responses": [3]}},
        {"fake_models": []},
    ],
)
def test_bad_params(extra):
    error = err("invoke", {"ref": fixture("raising_node.py"), "input": {}, **extra})
    assert error["code"] == "BAD_REQUEST"
