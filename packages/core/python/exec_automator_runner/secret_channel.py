"""Secrets the runner itself needs, kept in memory, out of ``os.environ``.

The checkpoint store's password and the checkpoint encryption key
(``LANGGRAPH_AES_KEY``) are not given to the runner process in its environment,
where the graph's code (and every library it imports) would read them: the
TypeScript side sends them in the request as ``runner_secrets`` and
:func:`take` moves them here before the op runs.  Graph code running in the same
interpreter could still reach this module on purpose; what it no longer gets is
the key by a casual ``os.environ`` dump or an inherited child process.

A variable set in the process environment still works (the runner's own tests,
older hosts), but is the fallback.
"""

from __future__ import annotations

import os
from typing import Any

_SECRETS: dict[str, str] = {}


def take(params: Any) -> None:
    """Move ``params["runner_secrets"]`` (if any) into memory; it never reaches the op."""
    if not isinstance(params, dict):
        return
    secrets = params.pop("runner_secrets", None)
    _SECRETS.clear()
    if isinstance(secrets, dict):
        _SECRETS.update({k: v for k, v in secrets.items() if isinstance(k, str) and isinstance(v, str)})


def get(name: str | None) -> str | None:
    """The secret ``name``: from the request first, the process environment second."""
    if not name:
        return None
    return _SECRETS.get(name) or os.environ.get(name) or None


def values() -> list[str]:
    """Every secret value taken from the current request (for redaction)."""
    return list(_SECRETS.values())
