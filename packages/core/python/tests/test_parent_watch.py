"""No orphans: a runner (and what its graph started) ends with the process that
started it; the installer guard does the same for installers; the checkpoint
key reaches the checkpointer in the request, not in os.environ."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RUNNER, fixture, handle, ok, requires_langgraph

GUARD = Path(RUNNER).parent / "exec_automator_guard.py"
AES_KEY = "k" * 16 + "0123456789abcdef"


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def wait_gone(pids, seconds=10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = [p for p in pids if alive(p)]
        if not left:
            return []
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


def wait_pids(pid_file: Path, seconds=60.0) -> tuple[int, int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pid_file.exists() and pid_file.read_text().strip():
            runner, child = pid_file.read_text().split()
            return int(runner), int(child)
        time.sleep(0.1)
    raise AssertionError("the graph never started")


def invoke_line(pid_file: Path) -> bytes:
    params = {"ref": fixture("sleepy_graph.py") + ":graph", "input": {"pid_file": str(pid_file)}}
    return (json.dumps({"id": 1, "op": "invoke", "params": params}) + "\n").encode()


pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")


@requires_langgraph
def test_serve_ends_its_group_when_stdin_closes_during_an_op(tmp_path):
    pid_file = tmp_path / "pids"
    proc = subprocess.Popen(
        [sys.executable, "-u", str(RUNNER), "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )
    proc.stdout.readline()  # ready
    proc.stdin.write(invoke_line(pid_file))
    proc.stdin.flush()
    runner, child = wait_pids(pid_file)
    proc.stdin.close()
    assert wait_gone([runner, child]) == []
    proc.wait(timeout=10)


@requires_langgraph
def test_serve_ends_its_group_when_its_parent_is_killed(tmp_path):
    pid_file = tmp_path / "pids"
    # A parent that starts the runner the way RunnerWorker does (own group, --parent) and is then SIGKILLed.
    parent_code = (
        "import subprocess, sys, time\n"
        f"p = subprocess.Popen([sys.executable, '-u', {str(RUNNER)!r}, 'serve', '--parent', str(__import__('os').getpid())],"
        " stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)\n"
        "p.stdout.readline()\n"
        f"p.stdin.write({invoke_line(pid_file)!r}); p.stdin.flush()\n"
        "time.sleep(300)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", parent_code])
    runner, child = wait_pids(pid_file)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    assert wait_gone([runner, child]) == []


def test_guard_ends_the_command_when_its_parent_is_killed(tmp_path):
    pid_file = tmp_path / "pid"
    parent_code = (
        "import os, subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, {str(GUARD)!r}, str(os.getpid()), '--', 'sh', '-c', 'echo $$ > {pid_file}; exec sleep 300'],"
        " start_new_session=True)\n"
        "time.sleep(300)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", parent_code])
    deadline = time.monotonic() + 20
    while not (pid_file.exists() and pid_file.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    command = int(pid_file.read_text())
    assert alive(command)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    assert wait_gone([command]) == []


def test_guard_passes_the_exit_code_and_streams_through():
    result = subprocess.run(
        [sys.executable, str(GUARD), str(os.getpid()), "--", "sh", "-c", "echo out; echo err >&2; exit 7"],
        capture_output=True, text=True, timeout=30,
    )
    assert (result.returncode, result.stdout, result.stderr) == (7, "out\n", "err\n")


@requires_langgraph
def test_the_checkpoint_key_comes_in_the_request_and_never_into_os_environ(tmp_path):
    pytest.importorskip("Crypto")
    spec = {"type": "sqlite", "path": str(tmp_path / "cp.sqlite"), "encryption": {"key_env": "CHANNEL_AES_KEY"}}
    assert "CHANNEL_AES_KEY" not in os.environ
    params = {"ref": fixture("marker_graph.py"), "input": {"text": "secret state"}, "thread_id": "t-1", "checkpointer": spec}
    first = ok("invoke", {**params, "runner_secrets": {"CHANNEL_AES_KEY": AES_KEY}})
    assert first["status"] == "interrupted"
    assert "CHANNEL_AES_KEY" not in os.environ
    assert b"secret state" not in (tmp_path / "cp.sqlite").read_bytes()
    # Without the key in the request the encrypted store cannot be opened.
    again = handle("invoke", {**params, "resume": True})
    assert again["ok"] is False and "CHANNEL_AES_KEY" in again["error"]["message"]
