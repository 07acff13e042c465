"""Process-level tests: ``serve`` JSON-lines protocol and one-shot ``call`` mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import RUNNER, err, fixture, ok, requires_langgraph, run_call


def test_ping_in_process():
    result = ok("ping", {})
    assert result["python"] == "%d.%d.%d" % sys.version_info[:3]
    assert result["executable"] == sys.executable
    assert result["pid"] == os.getpid()
    assert set(result) == {"python", "executable", "langgraph", "pid"}


def test_unknown_op_and_bad_params_in_process():
    error = err("frobnicate", {})
    assert error["code"] == "BAD_REQUEST"
    assert "known ops" in error["message"] and "invoke" in error["message"]
    assert err("ping", ["not", "an", "object"])["code"] == "BAD_REQUEST"


# --------------------------------------------------------------------------
# call mode
# --------------------------------------------------------------------------


def test_call_ping():
    code, lines, _ = run_call("ping", {})
    assert code == 0
    assert len(lines) == 1
    response = json.loads(lines[0])
    assert response["ok"] is True
    assert "id" not in response
    assert response["result"]["python"] == "%d.%d.%d" % sys.version_info[:3]
    assert response["result"]["pid"] > 0


def test_call_with_empty_stdin_uses_empty_params():
    code, lines, _ = run_call("list_packages", None, raw="")
    assert code == 0
    assert isinstance(json.loads(lines[0])["result"], list)


def test_call_errors_exit_1():
    code, lines, _ = run_call("nope", {})
    assert code == 1
    assert json.loads(lines[0])["error"]["code"] == "BAD_REQUEST"

    code, lines, _ = run_call("analyze", None, raw="{not json")
    assert code == 1
    error = json.loads(lines[0])["error"]
    assert error["code"] == "BAD_REQUEST"
    assert "not valid JSON" in error["message"]


def test_usage_errors_exit_2():
    for args in ([], ["bogus"], ["call"], ["serve", "extra"]):
        proc = subprocess.run(
            [sys.executable, str(RUNNER), *args], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 2
        assert "usage" in proc.stderr
        assert proc.stdout == ""


@requires_langgraph
def test_call_keeps_user_prints_off_stdout():
    code, lines, stderr = run_call("invoke", {"ref": fixture("noisy.py"), "input": {"n": 1}})
    assert code == 0
    assert len(lines) == 1, lines
    response = json.loads(lines[0])
    assert response["ok"] is True
    assert response["result"]["status"] == "completed"
    assert response["result"]["output"] == {"n": 2}
    assert "noisy: printing at import time" in stderr
    assert "noisy: raw write to fd 1" in stderr
    assert "noisy: printing inside the node" in stderr
    assert "fake protocol line" in stderr


@requires_langgraph
def test_call_protocol_error_exit_1():
    code, lines, _ = run_call("inspect", {"ref": fixture("bad_edge.py")})
    assert code == 1
    error = json.loads(lines[0])["error"]
    assert error["code"] == "GRAPH_COMPILE_FAILED"
    assert error["message"] == "Found edge ending at unknown node `ghost`"


# --------------------------------------------------------------------------
# serve mode
# --------------------------------------------------------------------------


def test_serve_ready_line_and_eof_exit(serve_worker):
    worker = serve_worker()
    ready = worker.read()
    assert ready["id"] == 0 and ready["ok"] is True
    assert ready["result"]["ready"] is True
    assert ready["result"]["python"] == "%d.%d.%d" % sys.version_info[:3]
    assert ready["result"]["pid"] == worker.proc.pid
    assert worker.close() == 0


def test_serve_stdlib_ops_and_malformed_requests(serve_worker):
    worker = serve_worker()
    worker.read()
    assert worker.request(1, "ping")["result"]["pid"] == worker.proc.pid
    analyzed = worker.request(2, "analyze", {"files": [fixture("review_graph.py")]})
    assert analyzed["id"] == 2 and analyzed["result"]["files"][0]["entry_points"] == ["draft"]

    worker.send_raw("this is not json\n")
    broken = worker.read()
    assert broken == {"id": None, "ok": False, "error": broken["error"]}
    assert broken["error"]["code"] == "BAD_REQUEST"

    worker.send_raw("\n")  # blank lines are ignored
    worker.send_raw(json.dumps({"id": 3}) + "\n")
    assert worker.read()["error"]["code"] == "BAD_REQUEST"
    missing = worker.request(4, "no_such_op")
    assert missing["id"] == 4 and missing["error"]["code"] == "BAD_REQUEST"
    worker.send_raw(json.dumps({"id": 5, "op": "analyze", "params": []}) + "\n")
    assert worker.read()["error"]["code"] == "BAD_REQUEST"
    assert worker.request(6, "ping")["ok"] is True
    assert worker.close() == 0


@requires_langgraph
def test_serve_survives_user_output_and_op_errors(serve_worker):
    worker = serve_worker()
    worker.read()
    # user code printing to stdout (and writing to fd 1) at import and in a node
    first = worker.request(1, "invoke", {"ref": fixture("noisy.py"), "input": {"n": 1}})
    assert first["id"] == 1 and first["ok"] is True
    assert first["result"]["output"] == {"n": 2}

    failed = worker.request(2, "inspect", {"ref": fixture("import_error.py")})
    assert failed["id"] == 2 and failed["ok"] is False
    assert failed["error"]["code"] == "GRAPH_LOAD_FAILED"
    assert failed["error"]["type"] == "ModuleNotFoundError"
    assert failed["error"]["line"] == 5

    compile_failed = worker.request(3, "invoke", {"ref": fixture("bad_edge.py"), "input": {"x": 1}})
    assert compile_failed["error"]["code"] == "GRAPH_COMPILE_FAILED"

    graph_error = worker.request(4, "invoke", {"ref": fixture("raising_node.py"), "input": {}})
    assert graph_error["ok"] is True and graph_error["result"]["status"] == "error"
    assert graph_error["result"]["error"]["node"] == "explode"

    exits = worker.request(5, "inspect", {"ref": fixture("exits_on_import.py")})
    assert exits["error"]["code"] == "GRAPH_LOAD_FAILED"
    assert exits["error"]["type"] == "SystemExit"

    again = worker.request(6, "invoke", {"ref": fixture("noisy.py"), "input": {"n": 5}})
    assert again["ok"] is True and again["result"]["output"] == {"n": 6}
    inspected = worker.request(7, "inspect", {"ref": fixture("review_graph.py")})
    assert inspected["result"]["nodes"] == ["draft", "human_review", "publish"]

    assert worker.close() == 0
    # every byte on the protocol stream is one of our JSON responses, in order
    parsed = [json.loads(line) for line in worker.stdout_lines]
    assert [p["id"] for p in parsed] == [0, 1, 2, 3, 4, 5, 6, 7]
    assert "fake protocol line" in worker.stderr
    assert "noisy: printing inside the node" in worker.stderr


@requires_langgraph
def test_serve_user_input_cannot_steal_requests(serve_worker, tmp_path):
    wf = tmp_path / "reads_stdin.py"
    wf.write_text(
        "import sys\n"
        "DATA = sys.stdin.read()\n"
        "from typing import TypedDict\n"
        "from langgraph.graph import StateGraph, START, END\n"
        "class S(TypedDict, total=False):\n    data: str\n"
        "def n(s):\n    return {'data': DATA}\n"
        "b = StateGraph(S)\nb.add_node('n', n)\nb.add_edge(START, 'n')\nb.add_edge('n', END)\n"
        "graph = b.compile()\n"
    )
    worker = serve_worker()
    worker.read()
    result = worker.request(1, "invoke", {"ref": str(wf), "input": {}})
    assert result["result"]["output"] == {"data": ""}
    assert worker.request(2, "ping")["id"] == 2
    assert worker.close() == 0


@pytest.mark.parametrize("mode", ["serve", "call"])
def test_runner_works_from_another_cwd(tmp_path, mode):
    proc = subprocess.run(
        [sys.executable, str(RUNNER), *([mode] if mode == "serve" else ["call", "ping"])],
        input="" if mode == "call" else json.dumps({"id": 9, "op": "ping"}) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[-1])["ok"] is True


@requires_langgraph
def test_process_state_is_restored_between_requests(tmp_path):
    wf = tmp_path / "meddles.py"
    wf.write_text(
        "import io, os, sys\n"
        f"os.chdir({str(tmp_path)!r})\n"
        "sys.stdout = io.StringIO()\n"
        "from typing import TypedDict\n"
        "from langgraph.graph import StateGraph, START, END\n"
        "class S(TypedDict, total=False):\n    x: int\n"
        "def n(s):\n    return {'x': 1}\n"
        "b = StateGraph(S)\nb.add_node('n', n)\nb.add_edge(START, 'n')\nb.add_edge('n', END)\n"
        "graph = b.compile()\n"
    )
    cwd, stdout = os.getcwd(), sys.stdout
    assert ok("inspect", {"ref": str(wf)})["nodes"] == ["n"]
    assert os.getcwd() == cwd
    assert sys.stdout is stdout
