"""The runner's event loop, for graphs that must run through LangGraph's async API.

One loop per worker process, created on first use and kept: objects that
installed packages cache across requests (e.g. the default async HTTP clients
of langchain-anthropic / langchain-openai, held in ``lru_cache``) are bound to
the loop they were first used on and would fail with "Event loop is closed" if
every op got a fresh loop.  The loop is never set as the thread's current loop
and only runs while an op awaits on it, so sync code (and ``asyncio.run`` in a
sync node) is unaffected between ops.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

T = TypeVar("T")
_LOOP: asyncio.AbstractEventLoop | None = None


def loop() -> asyncio.AbstractEventLoop:
    global _LOOP
    if _LOOP is None or _LOOP.is_closed():
        _LOOP = asyncio.new_event_loop()
    return _LOOP


def run(awaitable: Awaitable[T]) -> T:
    """Run ``awaitable`` to completion on the runner's loop (not from inside a running loop)."""
    return loop().run_until_complete(_wrap(awaitable))


async def _wrap(awaitable: Awaitable[Any]) -> Any:
    return await awaitable
