"""Process modes: the long-lived ``serve`` worker and the one-shot ``call <op>``.

The protocol stream is a private duplicate of the original stdout.  File
descriptor 1 and ``sys.stdout`` are then pointed at stderr, so whatever user
workflow code prints (Python ``print``, C extensions, subprocesses) can never
corrupt the JSON lines the TypeScript side parses.  For ``serve`` the same is
done for stdin: user code calling ``input()`` reads /dev/null instead of
swallowing protocol requests.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import sys
import threading
from typing import IO, Any

from . import redaction, secret_channel, stream_channel
from .errors import RunnerError, bad_request, error_payload
from .jsonsafe import dumps_line
from .ops import dispatch
from .parent_watch import end_group, watch_parent
from .requirements import python_version

USAGE = "usage: exec_automator_runner.py serve [--parent <pid>] | call <op>  (params JSON on stdin)"


def claim_stdout() -> IO[str]:
    """Keep a private line-buffered copy of fd 1; send fd 1 and sys.stdout to stderr."""
    sys.stdout.flush()
    proto = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8", newline="\n")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return proto


def claim_stdin() -> IO[bytes]:
    """Keep a private copy of fd 0 for requests; user code gets /dev/null."""
    requests = os.fdopen(os.dup(0), "rb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives for the process
    return requests


@contextlib.contextmanager
def scoped_environ(env: Any) -> Any:
    """Set ``env`` (a ``{name: value}`` object) in ``os.environ`` for one request, then restore.

    One warm worker serves several phases of an operation whose workflows run with different
    settings; what one request sets never leaks into the next.
    """
    if env is None:
        yield
        return
    if not isinstance(env, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in env.items()):
        raise bad_request('"env" must be an object of string values')
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def handle(op: Any, params: Any, env: Any = None) -> dict[str, Any]:
    """Run one request; never raises (except KeyboardInterrupt).

    Process-wide state that workflow code commonly changes (working directory,
    ``sys.stdout``/``sys.stdin``, the variables of ``env``) is restored afterwards so one
    request cannot leak into the next one in a long-lived worker.
    """
    saved_streams = (sys.stdout, sys.stdin)
    try:
        saved_cwd: str | None = os.getcwd()
    except OSError:
        saved_cwd = None
    try:
        secret_channel.take(params)
        with scoped_environ(env):
            redaction.begin(params)
            return {"ok": True, "result": dispatch(op, params)}
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - an op must never kill the worker
        return {"ok": False, "error": error_payload(exc)}
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        sys.stdout, sys.stdin = saved_streams
        sys.stderr.flush()
        if saved_cwd is not None:
            with contextlib.suppress(OSError):
                os.chdir(saved_cwd)


def parse_request(raw: bytes) -> tuple[Any, Any, Any, Any]:
    """Decode a request line into (id, op, params, env); raises RunnerError(BAD_REQUEST)."""
    try:
        message = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise bad_request(f"request is not valid JSON: {exc}") from exc
    if not isinstance(message, dict):
        raise bad_request("request must be a JSON object")
    request_id = message.get("id")
    if "op" not in message:
        raise bad_request("request has no 'op'")
    return request_id, message.get("op"), message.get("params"), message.get("env")


def _write(proto: IO[str], message: dict[str, Any]) -> None:
    proto.write(dumps_line(message))
    proto.flush()


def serve(parent_pid: int | None = None) -> int:
    """Answer JSON-line requests one at a time until stdin closes.

    A reader thread owns stdin, so EOF is seen even while an op runs: then the
    parent is gone (or closed us), and the whole process group ends at once
    instead of finishing work nobody waits for (see ``parent_watch``).
    """
    proto = claim_stdout()
    requests = claim_stdin()
    watch_parent(parent_pid)
    lines: queue.Queue[bytes | None] = queue.Queue()
    busy = threading.Event()

    def read() -> None:
        with contextlib.suppress(Exception):
            for raw in requests:
                lines.put(raw)
        lines.put(None)
        if busy.is_set():
            end_group(1)

    threading.Thread(target=read, name="stdin-reader", daemon=True).start()
    try:
        _write(
            proto,
            {"id": 0, "ok": True, "result": {"ready": True, "python": python_version(), "pid": os.getpid()}},
        )
        while True:
            raw = lines.get()
            if raw is None:
                break
            if not raw.strip():
                continue
            try:
                request_id, op, params, env = parse_request(raw)
            except RunnerError as exc:
                request_id = _salvage_id(raw)
                _write(proto, {"id": request_id, "ok": False, "error": error_payload(exc)})
                continue
            busy.set()
            stream_channel.bind(lambda chunk, rid=request_id: _write(proto, {"id": rid, "stream": chunk}))
            try:
                response = handle(op, params, env)
            finally:
                stream_channel.bind(None)
                busy.clear()
            _write(proto, {"id": request_id, **response})
    except BrokenPipeError:
        return 0  # the parent went away; nobody is left to answer
    except KeyboardInterrupt:
        return 130
    return 0


def _salvage_id(raw: bytes) -> Any:
    """Best-effort id of a malformed request so the caller can still correlate."""
    try:
        message = json.loads(raw.decode("utf-8", "replace"))
        return message.get("id") if isinstance(message, dict) else None
    except ValueError:
        return None


def call(op: str) -> int:
    """One-shot: params JSON on stdin, one response line on stdout, exit 0/1."""
    proto = claim_stdout()
    raw = sys.stdin.buffer.read()
    if raw.strip():
        try:
            params = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            _write(
                proto, {"ok": False, "error": error_payload(bad_request(f"params are not valid JSON: {exc}"))}
            )
            return 1
    else:
        params = {}
    response = handle(op, params)
    _write(proto, response)
    return 0 if response["ok"] else 1


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["serve"] and len(args) == 1:
        return serve()
    if args[:1] == ["serve"] and len(args) == 3 and args[1] == "--parent" and args[2].isdigit():
        return serve(int(args[2]))
    if args[:1] == ["call"] and len(args) == 2:
        return call(args[1])
    sys.stderr.write(USAGE + "\n")
    return 2
