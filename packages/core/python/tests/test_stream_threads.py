"""Tests for streaming ``invoke`` chunks and the ``thread`` op (the HTTP server's needs)."""

from __future__ import annotations

import json

from conftest import err, fixture, ok, requires_langgraph

pytestmark = requires_langgraph


def test_serve_sends_stream_chunks_before_the_reply(serve_worker, tmp_path):
    worker = serve_worker()
    assert worker.read()["result"]["ready"] is True
    db = str(tmp_path / "c.sqlite")
    params = {
        "ref": fixture("review_graph.py"),
        "input": {"topic": "cats"},
        "thread_id": "s-1",
        "checkpointer": {"type": "sqlite", "path": db},
        "stream_mode": ["values", "updates"],
    }
    worker.send_raw(json.dumps({"id": 7, "op": "invoke", "params": params}) + "\n")
    chunks = []
    while True:
        message = worker.read()
        assert message["id"] == 7
        if "stream" in message:
            chunks.append(message["stream"])
            continue
        break
    assert message["ok"] is True and message["result"]["status"] == "interrupted"
    modes = [c["mode"] for c in chunks]
    assert modes[0] == "values" and chunks[0]["data"] == {"topic": "cats"}
    assert {"mode": "updates", "data": {"draft": {"draft": "Draft about cats", "revisions": 1}}} in chunks
    # the interrupt shows up in the updates stream as the official server streams it
    interrupt = next(c for c in chunks if c["mode"] == "updates" and "__interrupt__" in c["data"])
    assert interrupt["data"]["__interrupt__"][0]["value"]["question"] == "approve the draft?"
    # a request without stream_mode sends no chunks: the next line is its reply
    second = worker.request(8, "ping", {})
    assert second["id"] == 8 and "stream" not in second
    worker.close()


def test_invoke_rejects_unknown_stream_modes():
    error = err("invoke", {"ref": fixture("review_graph.py"), "input": {}, "stream_mode": ["bogus"]})
    assert error["code"] == "BAD_REQUEST"


def test_thread_state_history_and_update(tmp_path):
    spec = {"type": "sqlite", "path": str(tmp_path / "c.sqlite")}
    base = {"ref": fixture("review_graph.py"), "checkpointer": spec, "thread_id": "t-9"}
    empty = ok("thread", {**base, "action": "get"})
    assert empty["values"] == {} and empty["next"] == [] and empty["checkpoint"]["checkpoint_id"] is None

    result = ok("invoke", {**base, "input": {"topic": "owls"}})
    assert result["status"] == "interrupted"
    state = ok("thread", base)
    assert state["values"]["draft"] == "Draft about owls"
    assert state["next"] == ["human_review"]
    assert state["interrupts"][0]["value"]["question"] == "approve the draft?"
    assert state["tasks"][0]["name"] == "human_review"
    assert state["checkpoint"]["thread_id"] == "t-9" and state["checkpoint"]["checkpoint_id"]
    assert state["parent_checkpoint"]["checkpoint_id"]

    history = ok("thread", {**base, "action": "history", "limit": 2})
    assert len(history) == 2
    assert history[0]["checkpoint"]["checkpoint_id"] == state["checkpoint"]["checkpoint_id"]

    written = ok("thread", {**base, "action": "update", "values": {"topic": "bats"}})
    assert written["checkpoint"]["checkpoint_id"] != state["checkpoint"]["checkpoint_id"]
    assert ok("thread", base)["values"]["topic"] == "bats"


def test_thread_op_validates_params():
    assert err("thread", {"ref": fixture("review_graph.py"), "checkpointer": {"type": "sqlite", "path": "/tmp/x"}})["code"] == "BAD_REQUEST"
    error = err("thread", {"ref": fixture("review_graph.py"), "thread_id": "x", "action": "drop", "checkpointer": {"type": "memory"}})
    assert error["code"] == "BAD_REQUEST"


def test_describe_returns_the_drawable_graph_and_json_schemas():
    result = ok("describe", {"ref": fixture("review_graph.py")})
    ids = [n["id"] for n in result["graph"]["nodes"]]
    assert "human_review" in ids and "__start__" in ids
    assert {"source": "draft", "target": "human_review"}.items() <= result["graph"]["edges"][1].items() or any(
        e["source"] == "draft" and e["target"] == "human_review" for e in result["graph"]["edges"]
    )
    assert "topic" in result["schemas"]["input_schema"]["properties"]


def test_reuse_module_imports_an_unchanged_file_once(tmp_path):
    wf = tmp_path / "counting.py"
    wf.write_text(
        "import builtins\n"
        "builtins.__dict__.setdefault('_ea_imports', []).append(1)\n"
        "from typing_extensions import TypedDict\n"
        "from langgraph.graph import END, START, StateGraph\n"
        "class S(TypedDict, total=False):\n    n: int\n"
        "def step(s):\n    return {'n': s.get('n', 0) + 1}\n"
        "b = StateGraph(S)\nb.add_node('step', step)\nb.add_edge(START, 'step')\nb.add_edge('step', END)\ngraph = b.compile()\n"
    )
    import builtins

    builtins.__dict__["_ea_imports"] = []
    params = {"ref": f"{wf}:graph", "input": {"n": 1}, "checkpointer": {"type": "none"}, "reuse_module": True}
    for _ in range(3):
        assert ok("invoke", params)["output"] == {"n": 2}
    assert len(builtins.__dict__["_ea_imports"]) == 1
    # without the flag every invoke imports the file afresh (the deploy-time checks need that)
    ok("invoke", {**params, "reuse_module": False})
    assert len(builtins.__dict__["_ea_imports"]) == 2
    # a changed file is imported again
    wf.write_text(wf.read_text() + "\n# changed\n")
    ok("invoke", params)
    assert len(builtins.__dict__["_ea_imports"]) == 3


def _stream(params):
    """Run invoke in-process with a bound stream writer; returns (chunks, result)."""
    from exec_automator_runner import stream_channel

    chunks = []
    stream_channel.bind(chunks.append)
    try:
        result = ok("invoke", params)
    finally:
        stream_channel.bind(None)
    return chunks, result


def test_custom_mode_streams_what_nodes_write():
    chunks, result = _stream({"ref": fixture("custom_stream.py"), "input": {}, "stream_mode": ["custom"]})
    assert result["status"] == "completed"
    assert chunks == [{"mode": "custom", "data": {"progress": i}} for i in range(3)]


def test_messages_mode_streams_message_chunks_with_metadata(monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    responses = ["Here is a draft", {"content": "", "tool_calls": [{"name": "lookup", "args": {"term": "graphs"}, "id": "call_1"}]}]
    chunks, result = _stream(
        {
            "ref": fixture("llm_workflow.py"),
            "input": {"messages": [{"role": "user", "content": "write about graphs"}]},
            "fake_models": {"responses": responses},
            "stream_mode": ["messages"],
        }
    )
    assert result["status"] == "completed", result["error"]
    assert chunks and all(c["mode"] == "messages" for c in chunks)
    message, metadata = chunks[0]["data"]
    assert message["type"].startswith("AIMessage") or message["type"] == "ai"
    assert metadata["langgraph_node"] == "draft"
    assert "".join(str(c["data"][0].get("content") or "") for c in chunks if c["data"][1]["langgraph_node"] == "draft") == "Here is a draft"
