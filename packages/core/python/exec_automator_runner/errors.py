"""Protocol error codes and the conversion of exceptions into error objects.

Every failure that reaches the protocol is turned into the same JSON shape
(``type``/``code``/``message``/``file``/``line``/``traceback``) so the
TypeScript side can branch on ``code`` and show ``file:line`` to the user
without parsing Python tracebacks itself.
"""

from __future__ import annotations

import os
import traceback
from types import TracebackType
from typing import Any

BAD_REQUEST = "BAD_REQUEST"
GRAPH_REF_INVALID = "GRAPH_REF_INVALID"
GRAPH_LOAD_FAILED = "GRAPH_LOAD_FAILED"
GRAPH_NOT_FOUND = "GRAPH_NOT_FOUND"
GRAPH_COMPILE_FAILED = "GRAPH_COMPILE_FAILED"
INVOKE_FAILED = "INVOKE_FAILED"
RESPONSES_EXHAUSTED = "RESPONSES_EXHAUSTED"
INTERNAL = "INTERNAL"

ALL_CODES = (
    BAD_REQUEST,
    GRAPH_REF_INVALID,
    GRAPH_LOAD_FAILED,
    GRAPH_NOT_FOUND,
    GRAPH_COMPILE_FAILED,
    INVOKE_FAILED,
    RESPONSES_EXHAUSTED,
    INTERNAL,
)


class RunnerError(Exception):
    """An expected, classified failure of an operation.

    ``exc_type`` is the class name reported in the ``type`` field: for errors
    that wrap a user or LangGraph exception it is that exception's class (e.g.
    ``ModuleNotFoundError``), so the TS side sees what actually went wrong.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        exc_type: str | None = None,
        file: str | None = None,
        line: int | None = None,
        tb: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.exc_type = exc_type or "RunnerError"
        self.file = file
        self.line = line
        self.tb = tb or ""


def bad_request(message: str) -> RunnerError:
    """Shorthand for the most common error: the caller sent unusable params."""
    return RunnerError(BAD_REQUEST, message, exc_type="BadRequest")


def format_traceback(exc: BaseException) -> str:
    """Full traceback text of ``exc`` (including chained causes)."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def error_payload(exc: BaseException) -> dict[str, Any]:
    """Build the protocol ``error`` object for any exception.

    Unclassified exceptions are internal errors of the runner itself (a bug or
    an unexpected environment), reported with code ``INTERNAL``.
    """
    if isinstance(exc, RunnerError):
        return {
            "type": exc.exc_type,
            "code": exc.code,
            "message": exc.message,
            "file": exc.file,
            "line": exc.line,
            "traceback": exc.tb,
        }
    return {
        "type": type(exc).__name__,
        "code": INTERNAL,
        "message": str(exc) or type(exc).__name__,
        "file": None,
        "line": None,
        "traceback": format_traceback(exc),
    }


def iter_frames(tb: TracebackType | None):
    """Yield ``(filename, lineno, function)`` from outermost to innermost frame."""
    while tb is not None:
        code = tb.tb_frame.f_code
        yield code.co_filename, tb.tb_lineno, code.co_name
        tb = tb.tb_next


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))
    except (OSError, ValueError):
        return a == b


def _is_under(path: str, directory: str) -> bool:
    try:
        path = os.path.normcase(os.path.realpath(path))
        directory = os.path.normcase(os.path.realpath(directory))
    except (OSError, ValueError):
        return False
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def locate_in_file(exc: BaseException, path: str) -> tuple[str | None, int | None]:
    """Find where ``exc`` happened in the user's workflow file.

    Preference order, chosen so the user is pointed at *their* code:
    a SyntaxError located in the workflow file itself; the innermost traceback
    frame inside the workflow file; the innermost frame in the workflow's
    directory tree (a sibling helper module); the location a SyntaxError in a
    sibling module reports.  ``(None, None)`` when nothing matches.
    """
    if isinstance(exc, SyntaxError) and exc.filename and _same_file(exc.filename, path):
        return path, exc.lineno
    frames = list(iter_frames(exc.__traceback__))
    for filename, lineno, _ in reversed(frames):
        if _same_file(filename, path):
            return path, lineno
    directory = os.path.dirname(path)
    for filename, lineno, _ in reversed(frames):
        if _is_under(filename, directory) and "site-packages" not in filename:
            return filename, lineno
    if isinstance(exc, SyntaxError) and exc.filename:
        return exc.filename, exc.lineno
    return None, None
