"""Graphs with ``async def`` nodes run through ``astream`` on the runner's loop, with the
async checkpoint savers; sync graphs keep the sync path."""

from __future__ import annotations

import json
import uuid

import pytest
from conftest import err, fixture, ok, run_call

pytest.importorskip("langgraph")

from exec_automator_runner import aio, introspect, invoke  # noqa: E402

MARKER = "ASYNC-PLAINTEXT-MARKER-91c2"
AES_KEY = "a" * 16 + "0123456789abcdef"


def run(**params):
    return ok("invoke", params)


@pytest.fixture
def loop_runs(monkeypatch):
    """Counts ops that went through the runner's event loop."""
    calls = []
    real = aio.run

    def counting(awaitable):
        calls.append(awaitable)
        return real(awaitable)

    monkeypatch.setattr(aio, "run", counting)
    return calls


def test_async_interrupt_and_resume_in_memory(loop_runs):
    thread = f"amem-{uuid.uuid4()}"
    first = run(ref=fixture("async_review.py"), input={"topic": "owls"}, thread_id=thread)
    assert first["status"] == "interrupted", first["error"]
    assert first["interrupt"] == {
        "node": "human_review",
        "value": {"question": "publish?", "draft": "Async draft about owls"},
    }
    assert first["next"] == ["human_review"]
    assert first["output"] == {"topic": "owls", "draft": "Async draft about owls", "loop_seen": True}
    # the async router sends "no" back to the draft, which stops at the review again
    again = run(ref=fixture("async_review.py"), resume="no", thread_id=thread)
    assert again["status"] == "interrupted"
    assert again["output"]["decision"] == "no"
    done = run(ref=fixture("async_review.py"), resume="yes", thread_id=thread)
    assert done["status"] == "completed"
    assert done["output"]["published"] is True and done["next"] == []
    assert len(loop_runs) == 3


def test_async_interrupt_resume_with_sqlite_in_process_and_across_processes(tmp_path):
    spec = {"type": "sqlite", "path": str(tmp_path / "db" / "checkpoints.sqlite"), "compression": True}
    first = run(ref=fixture("async_review.py"), input={"topic": "bats"}, thread_id="s-1", checkpointer=spec)
    assert first["status"] == "interrupted", first["error"]
    # resumed by another process: only the file carries the thread
    code, lines, stderr = run_call(
        "invoke", {"ref": fixture("async_review.py"), "resume": "yes", "thread_id": "s-1", "checkpointer": spec}
    )
    assert code == 0, stderr
    done = json.loads(lines[0])["result"]
    assert done["status"] == "completed", done["error"]
    assert done["output"] == {
        "topic": "bats",
        "draft": "Async draft about bats",
        "decision": "yes",
        "published": True,
        "loop_seen": True,
    }
    # and the finished thread reads back in process (the connection was closed in between)
    after = run(ref=fixture("async_review.py"), input=None, thread_id="s-1", checkpointer=spec)
    assert after["status"] == "completed" and after["output"]["published"] is True
    (tmp_path / "db" / "checkpoints.sqlite").unlink()


def test_encrypted_async_sqlite_does_not_contain_the_state(tmp_path, monkeypatch):
    pytest.importorskip("Crypto")
    monkeypatch.setenv("TEST_ASYNC_AES_KEY", AES_KEY)
    spec = {
        "type": "sqlite",
        "path": str(tmp_path / "c" / "checkpoints.sqlite"),
        "compression": True,
        "encryption": {"key_env": "TEST_ASYNC_AES_KEY"},
    }
    first = run(ref=fixture("async_marker.py"), input={"text": MARKER}, thread_id="e-1", checkpointer=spec)
    assert first["status"] == "interrupted"
    done = run(ref=fixture("async_marker.py"), resume=True, thread_id="e-1", checkpointer=spec)
    assert done["output"] == {"text": f"{MARKER} (remembered)", "approved": True}
    data = b"".join(p.read_bytes() for p in (tmp_path / "c").iterdir())
    assert MARKER.encode() not in data


def test_async_node_error_is_a_result_with_partial_state(tmp_path):
    wf = tmp_path / "async_boom.py"
    wf.write_text(
        "from typing import TypedDict\n"
        "from langgraph.graph import StateGraph, START, END\n"
        "class S(TypedDict, total=False):\n    n: int\n"
        "async def first(s):\n    return {'n': 1}\n"
        "async def explode(s):\n    raise ValueError('async boom')\n"
        "b = StateGraph(S)\nb.add_node('first', first)\nb.add_node('explode', explode)\n"
        "b.add_edge(START, 'first')\nb.add_edge('first', 'explode')\nb.add_edge('explode', END)\n"
        "graph = b.compile()\n"
    )
    result = run(ref=str(wf), input={})
    assert result["status"] == "error"
    assert result["error"]["type"] == "ValueError" and result["error"]["message"] == "async boom"
    assert result["error"]["node"] == "explode"
    assert result["output"] == {"n": 1} and result["next"] == ["explode"]
    bare = run(ref=str(wf), input={}, checkpointer={"type": "none"})
    assert bare["error"]["node"] == "explode" and bare["output"] is None


def test_async_recursion_limit_and_static_breakpoint(tmp_path):
    wf = tmp_path / "async_steps.py"
    wf.write_text(
        "import operator\n"
        "from typing import Annotated, TypedDict\n"
        "from langgraph.graph import StateGraph, START, END\n"
        "class S(TypedDict, total=False):\n    steps: Annotated[list, operator.add]\n"
        "async def one(s):\n    return {'steps': ['one']}\n"
        "async def two(s):\n    return {'steps': ['two']}\n"
        "b = StateGraph(S)\nb.add_node('one', one)\nb.add_node('two', two)\n"
        "b.add_edge(START, 'one')\nb.add_edge('one', 'two')\nb.add_edge('two', END)\n"
        "graph = b.compile(interrupt_before=['two'])\n"
    )
    thread = f"abp-{uuid.uuid4()}"
    first = run(ref=str(wf), input={}, thread_id=thread)
    assert first["status"] == "interrupted"
    assert first["interrupt"] == {"node": "two", "value": None}
    assert first["output"] == {"steps": ["one"]}
    done = run(ref=str(wf), input=None, thread_id=thread)
    assert done["status"] == "completed" and done["output"] == {"steps": ["one", "two"]}
    limited = run(ref=str(wf), input={}, config={"recursion_limit": 1}, checkpointer={"type": "none"})
    assert limited["status"] == "error" and limited["error"]["type"] == "GraphRecursionError"


def test_sync_graph_keeps_the_sync_path(loop_runs, tmp_path):
    wf = tmp_path / "sync_thread.py"
    wf.write_text(
        "import asyncio, threading\n"
        "from typing import TypedDict\n"
        "from langgraph.graph import StateGraph, START, END\n"
        "class S(TypedDict, total=False):\n    loop_running: bool\n"
        "def node(s):\n"
        "    try:\n        asyncio.get_running_loop()\n        running = True\n"
        "    except RuntimeError:\n        running = False\n"
        "    return {'loop_running': running}\n"
        "b = StateGraph(S)\nb.add_node('node', node)\nb.add_edge(START, 'node')\nb.add_edge('node', END)\n"
        "graph = b.compile()\n"
    )
    result = run(ref=str(wf), input={})
    assert result["status"] == "completed" and result["output"] == {"loop_running": False}
    assert run(ref=fixture("review_graph.py"), input={"topic": "x"})["status"] == "interrupted"
    assert loop_runs == []
    assert ok("inspect", {"ref": str(wf)})["is_async"] is False


def test_async_only_code_missed_by_detection_falls_back_to_async(monkeypatch, loop_runs):
    monkeypatch.setattr(introspect, "needs_async", lambda graph: False)
    thread = f"fb-{uuid.uuid4()}"
    result = run(ref=fixture("async_review.py"), input={"topic": "moles"}, thread_id=thread)
    assert result["status"] == "interrupted", result["error"]
    assert result["output"]["draft"] == "Async draft about moles"
    assert len(loop_runs) == 1
    done = run(ref=fixture("async_review.py"), resume="yes", thread_id=thread)
    assert done["status"] == "completed" and done["output"]["published"] is True


def test_detection_sees_async_nodes_routers_tools_and_subgraphs(tmp_path):
    from langchain_core.tools import StructuredTool
    from langgraph.graph import START, StateGraph
    from langgraph.prebuilt import ToolNode
    from typing_extensions import TypedDict

    class S(TypedDict, total=False):
        x: int

    def sync_node(state):
        return {}

    async def async_node(state):
        return {}

    async def async_router(state):
        return "a"

    def plain(node):
        builder = StateGraph(S)
        builder.add_node("a", node)
        builder.add_edge(START, "a")
        return builder

    assert introspect.needs_async(plain(sync_node).compile()) is False
    assert introspect.needs_async(plain(async_node).compile()) is True
    routed = plain(sync_node)
    routed.add_node("b", sync_node)
    routed.add_conditional_edges("a", async_router, ["a", "b"])
    assert introspect.needs_async(routed.compile()) is True

    async def only_async(q: str) -> str:
        """Async only."""
        return q

    tool_graph = plain(ToolNode([StructuredTool.from_function(coroutine=only_async)]))
    assert introspect.needs_async(tool_graph.compile()) is True
    inner = plain(async_node).compile()
    outer = plain(inner).compile()
    assert introspect.needs_async(outer) is True
    from langchain_core.runnables import RunnableLambda

    assert introspect.needs_async(plain(RunnableLambda(sync_node) | RunnableLambda(async_node)).compile()) is True
    assert introspect.needs_async(plain(RunnableLambda(sync_node).with_retry()).compile()) is False


def test_async_functional_api_entrypoint_with_interrupt(tmp_path):
    wf = tmp_path / "func_flow.py"
    wf.write_text(
        "from langgraph.func import entrypoint, task\n"
        "from langgraph.types import interrupt\n"
        "@task\nasync def double(x: int) -> int:\n    return x * 2\n"
        "@entrypoint()\nasync def flow(inputs: dict) -> dict:\n"
        "    value = await double(inputs.get('n', 1))\n"
        "    return {'value': value, 'answer': interrupt({'doubled': value})}\n"
    )
    assert ok("inspect", {"ref": str(wf)})["is_async"] is True
    thread = f"func-{uuid.uuid4()}"
    first = run(ref=str(wf), input={"n": 4}, thread_id=thread)
    assert first["status"] == "interrupted", first["error"]
    assert first["interrupt"] == {"node": "flow", "value": {"doubled": 8}}
    done = run(ref=str(wf), resume="yes", thread_id=thread)
    assert done["status"] == "completed" and done["output"] == {"value": 8, "answer": "yes"}


def test_async_runs_write_log_lines_with_the_node(tmp_path):
    log_file = tmp_path / "logs" / "workflows.log"
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"class": "pythonjsonlogger.jsonlogger.JsonFormatter", "format": "%(levelname)s %(name)s %(message)s"}},
        "handlers": {"file": {"class": "logging.FileHandler", "filename": str(log_file), "formatter": "json"}},
        "root": {"level": "DEBUG", "handlers": ["file"]},
    }
    config_file = tmp_path / "logging-config.json"
    config_file.write_text(json.dumps(config))
    logging_params = {"config": str(config_file), "workflow_id": "wf_async", "deployment_id": "dep-async"}
    run(ref=fixture("async_review.py"), input={"topic": "logs"}, logging=logging_params)
    lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert any(line["message"] == "node completed" and line["node"] == "draft" for line in lines)
    assert any(line["message"] == "workflow interrupted" for line in lines)
    assert all(line["workflow_id"] == "wf_async" for line in lines if line["name"].startswith("exec_automator"))


def test_async_store_problems_are_protocol_errors(tmp_path, monkeypatch):
    monkeypatch.delenv("TEST_ASYNC_AES_KEY", raising=False)
    spec = {"type": "sqlite", "path": str(tmp_path / "x.sqlite"), "encryption": {"key_env": "TEST_ASYNC_AES_KEY"}}
    assert err("invoke", {"ref": fixture("async_marker.py"), "checkpointer": spec})["code"] == "INVOKE_FAILED"


def test_memory_saver_is_shared_between_sync_and_async_runs():
    saver = invoke._memory_saver()
    thread = f"shared-{uuid.uuid4()}"
    run(ref=fixture("async_marker.py"), input={"text": "hi"}, thread_id=thread)
    assert saver.get_tuple({"configurable": {"thread_id": thread}}) is not None


# ---------------------------------------------------------------- PostgreSQL (real server)


@pytest.fixture(scope="module")
def postgres():
    pytest.importorskip("psycopg")
    pytest.importorskip("langgraph.checkpoint.postgres.aio")
    import servers

    if servers.postgres_bindir() is None:
        pytest.skip("PostgreSQL server binaries are not installed (scripts/test.sh installs them)")
    server = servers.start_postgres()
    server.create_role("achk", "apg-pass-" + MARKER, "achk")
    yield server
    server.stop()


def test_async_postgres_encrypted_rows_and_resume(postgres, monkeypatch):
    pytest.importorskip("Crypto")
    import psycopg

    monkeypatch.setenv("TEST_APG_PASSWORD", "apg-pass-" + MARKER)
    monkeypatch.setenv("TEST_ASYNC_AES_KEY", AES_KEY)
    spec = {
        "type": "postgres",
        "conninfo": postgres.conninfo("achk", "achk"),
        "password_env": "TEST_APG_PASSWORD",
        "compression": True,
        "encryption": {"key_env": "TEST_ASYNC_AES_KEY"},
    }
    first = run(ref=fixture("async_marker.py"), input={"text": MARKER}, thread_id="apg-1", checkpointer=spec)
    assert first["status"] == "interrupted", first["error"]
    with psycopg.connect(postgres.conninfo("achk", "achk"), password="apg-pass-" + MARKER) as conn:
        rows = conn.execute(
            "SELECT coalesce(string_agg(encode(blob, 'escape'), ''), '') FROM checkpoint_blobs WHERE thread_id = 'apg-1' "
            "UNION ALL SELECT coalesce(string_agg(encode(blob, 'escape'), ''), '') FROM checkpoint_writes WHERE thread_id = 'apg-1' "
            "UNION ALL SELECT coalesce(string_agg(checkpoint::text || metadata::text, ''), '') FROM checkpoints WHERE thread_id = 'apg-1'"
        ).fetchall()
    dump = "".join(r[0] for r in rows)
    assert dump and MARKER not in dump
    done = run(ref=fixture("async_marker.py"), resume=True, thread_id="apg-1", checkpointer=spec)
    assert done["status"] == "completed", done["error"]
    assert done["output"] == {"text": f"{MARKER} (remembered)", "approved": True}
    # the sync graph reads the same thread through the sync saver and the same serializer
    state = run(ref=fixture("marker_graph.py"), input=None, thread_id="apg-1", checkpointer=spec)
    assert state["output"]["text"] == f"{MARKER} (remembered)"


def test_real_model_calls_are_accounted_in_async_runs(tmp_path):
    wf = tmp_path / "async_own_model.py"
    wf.write_text(
        "from typing import TypedDict\n"
        "from langchain_core.language_models.fake_chat_models import GenericFakeChatModel\n"
        "from langchain_core.messages import AIMessage\n"
        "from langgraph.graph import StateGraph, START, END\n"
        "class S(TypedDict, total=False):\n    text: str\n"
        "async def ask(s):\n"
        "    usage = {'input_tokens': 5, 'output_tokens': 7, 'total_tokens': 12}\n"
        "    model = GenericFakeChatModel(messages=iter([AIMessage('async yo', usage_metadata=usage)]))\n"
        "    return {'text': (await model.ainvoke('hi')).content}\n"
        "b = StateGraph(S)\nb.add_node('ask', ask)\nb.add_edge(START, 'ask')\nb.add_edge('ask', END)\n"
        "graph = b.compile()\n"
    )
    result = run(ref=str(wf), input={})
    assert result["status"] == "completed", result["error"]
    assert result["output"] == {"text": "async yo"}
    assert [(c["node"], c["input_tokens"], c["output_tokens"]) for c in result["model_calls"]] == [("ask", 5, 7)]


def test_warm_serve_worker_alternates_async_and_sync_runs(serve_worker, tmp_path):
    worker = serve_worker()
    assert worker.read()["result"]["ready"] is True
    spec = {"type": "sqlite", "path": str(tmp_path / "w.sqlite")}
    first = worker.request(1, "invoke", {"ref": fixture("async_review.py"), "input": {"topic": "a"}, "thread_id": "w", "checkpointer": spec})
    assert first["result"]["status"] == "interrupted", first
    sync = worker.request(2, "invoke", {"ref": fixture("review_graph.py"), "input": {"topic": "b"}})
    assert sync["result"]["status"] == "interrupted"
    done = worker.request(3, "invoke", {"ref": fixture("async_review.py"), "resume": "yes", "thread_id": "w", "checkpointer": spec})
    assert done["result"]["status"] == "completed" and done["result"]["output"]["published"] is True
    assert worker.close() == 0


def test_async_redis_without_its_modules_is_an_invoke_failure(monkeypatch):
    pytest.importorskip("langgraph.checkpoint.redis.aio")
    import servers

    try:
        server = servers.start_redis(password="aredis-" + MARKER)
    except RuntimeError as exc:
        pytest.skip(str(exc))
    try:
        monkeypatch.setenv("TEST_AREDIS_PASSWORD", "aredis-" + MARKER)
        spec = {"type": "redis", "url": server.url, "password_env": "TEST_AREDIS_PASSWORD"}
        response = ok("checkpoint_check", {"checkpointer": spec})
        params = {"ref": fixture("async_marker.py"), "input": {"text": "x"}, "checkpointer": spec}
        if response["status"] == "ok":  # a Redis with RedisJSON + RediSearch: the async saver must work
            assert run(**params)["status"] == "interrupted"
        else:
            error = err("invoke", params)
            assert error["code"] == "INVOKE_FAILED" and "RedisJSON" in error["message"]
            assert MARKER not in error["message"]
        monkeypatch.setenv("TEST_AREDIS_PASSWORD", "wrong")
        assert err("invoke", params)["code"] == "INVOKE_FAILED"
    finally:
        server.stop()
