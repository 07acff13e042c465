"""Chunks an op sends before its reply: the graph's stream, for the HTTP server.

A request's reply is one protocol line; a streaming ``invoke`` also sends
``{"id": <request id>, "stream": {"mode": ..., "data": ...}}`` lines before it,
one per chunk of the stream modes the request asked for.  ``serve`` binds the
writer for the duration of one request; outside a request (``call``, tests)
:func:`emit` is a no-op.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from .jsonsafe import to_jsonable

_WRITER: Callable[[dict[str, Any]], None] | None = None
_LOCK = threading.Lock()


def bind(writer: Callable[[dict[str, Any]], None] | None) -> None:
    """Send this request's chunks through ``writer`` (``None``: drop them)."""
    global _WRITER
    with _LOCK:
        _WRITER = writer


def emit(mode: str, data: Any) -> None:
    """Send one chunk of stream mode ``mode`` (made JSON-safe) to the caller, if one listens."""
    with _LOCK:
        writer = _WRITER
        if writer is None:
            return
        writer({"mode": mode, "data": to_jsonable(data)})
