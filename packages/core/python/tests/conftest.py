"""Shared helpers for the runner tests.

Tests call ops in-process through ``cli.handle`` (the exact function the
``serve`` loop uses, so responses have the protocol shape) and spawn the runner
as a subprocess where the process-level behaviour itself is under test.
Tests that need LangGraph skip cleanly on an interpreter without it, so the
stdlib-only parts can be run with a bare ``python3 -m pytest``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

PY_DIR = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RUNNER = PY_DIR / "exec_automator_runner.py"

if str(PY_DIR) not in sys.path:
    sys.path.insert(0, str(PY_DIR))

collect_ignore = ["fixtures"]

HAS_LANGGRAPH = importlib.util.find_spec("langgraph") is not None
requires_langgraph = pytest.mark.skipif(
    not HAS_LANGGRAPH, reason="langgraph is not installed in this interpreter"
)


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def handle(op: str, params: Any) -> dict[str, Any]:
    from exec_automator_runner.cli import handle as _handle

    response = _handle(op, params)
    json.dumps(response, allow_nan=False)  # every response must be strict JSON
    return response


def ok(op: str, params: Any) -> Any:
    response = handle(op, params)
    assert response["ok"] is True, response.get("error")
    return response["result"]


def err(op: str, params: Any) -> dict[str, Any]:
    response = handle(op, params)
    assert response["ok"] is False, response.get("result")
    error = response["error"]
    assert set(error) == {"type", "code", "message", "file", "line", "traceback"}
    return error


def run_call(
    op: str, params: Any, python: str = sys.executable, raw: str | None = None, timeout: float = 180
):
    """Run ``runner call <op>``; returns (exit code, stdout lines, stderr)."""
    proc = subprocess.run(
        [python, str(RUNNER), "call", op],
        input=raw if raw is not None else json.dumps(params),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    return proc.returncode, lines, proc.stderr


class ServeWorker:
    """A ``serve`` subprocess with helpers to exchange JSON lines."""

    def __init__(self, python: str = sys.executable) -> None:
        self.proc = subprocess.Popen(
            # spawned like the TS RunnerWorker does it (unbuffered, no bytecode)
            [python, "-u", str(RUNNER), "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"},
        )
        self.stderr_chunks: list[str] = []
        self._stderr_thread = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_thread.start()
        self.stdout_lines: list[str] = []

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr_chunks.append(line)

    def read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, f"worker closed stdout; stderr: {''.join(self.stderr_chunks)}"
        self.stdout_lines.append(line)
        return json.loads(line)

    def send_raw(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text)
        self.proc.stdin.flush()

    def request(self, request_id: int, op: str, params: Any = None) -> dict[str, Any]:
        self.send_raw(json.dumps({"id": request_id, "op": op, "params": params or {}}) + "\n")
        return self.read()

    def close(self, timeout: float = 30) -> int:
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        code = self.proc.wait(timeout=timeout)
        assert self.proc.stdout is not None
        self.stdout_lines.extend(self.proc.stdout.readlines())
        self._stderr_thread.join(timeout=5)
        return code

    @property
    def stderr(self) -> str:
        return "".join(self.stderr_chunks)


@pytest.fixture
def serve_worker():
    workers: list[ServeWorker] = []

    def start(python: str = sys.executable) -> ServeWorker:
        worker = ServeWorker(python)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.proc.poll() is None:
            worker.proc.kill()
            worker.proc.wait(timeout=10)


def other_python_prefix(other: str) -> str | None:
    """``sys.prefix`` of another interpreter (None if it cannot be run)."""
    try:
        proc = subprocess.run(
            [other, "-c", "import sys; print(sys.prefix)"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() or None


def is_other_environment(other: str) -> bool:
    """True if ``other`` runs in a different environment (venvs share binaries,
    so the prefix is compared, not the executable path)."""
    prefix = other_python_prefix(other)
    return prefix is not None and os.path.realpath(prefix) != os.path.realpath(sys.prefix)
