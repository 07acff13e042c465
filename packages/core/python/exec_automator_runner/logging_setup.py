"""Workflow logging: the environment's logging-config.json, applied when graphs run.

The config is the seed's ``logging.config.dictConfig`` document (JSON lines by
python-json-logger to ``<env>/logs/workflows.log``, rotating 10 MB x 5, and the
console).  Log files are created 0600 (rotations too) and every record is masked
of known secret values before a handler sees it (``redaction``).  It is applied once per worker and config file.  A filter on every
root handler stamps each record with ``workflow_id``, ``deployment_id``,
``node`` (the LangGraph node running, when there is one) and ``level``, so
lines written by workflow code with plain ``logging`` carry them too.  A
callback handler adds one line per node start/finish/failure, and the runner
adds one line per run.

When python-json-logger is not installed the same JSON lines come from a small
stdlib formatter, so logging never breaks a run.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import json
import logging
import logging.config
import os
from collections.abc import Iterator
from typing import Any

from . import redaction
from .errors import bad_request

LOGGER_NAME = "exec_automator.workflow"
_IDS: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("exec_automator_log_ids", default=None)
_APPLIED: set[str] = set()


class JsonLinesFormatter(logging.Formatter):
    """Stdlib fallback: one JSON object per record with the standard and extra fields."""

    _STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        out: dict[str, Any] = {
            "asctime": self.formatTime(record),
            "levelname": record.levelname,
            "name": record.name,
            "message": record.message,
        }
        for key, value in vars(record).items():
            if key not in self._STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:
            out["exc_info"] = record.exc_text
        return json.dumps(out, default=str)


class ContextFilter(logging.Filter):
    """Adds the run's ids, the current LangGraph node and ``level`` to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        ids = _IDS.get()
        if ids is not None:
            for key, value in ids.items():
                if not hasattr(record, key):
                    setattr(record, key, value)
        if not hasattr(record, "node"):
            record.node = _current_node()
        record.level = record.levelname
        return True


def _current_node() -> str | None:
    try:
        from langgraph.config import get_config

        return (get_config().get("metadata") or {}).get("langgraph_node")
    except Exception:  # noqa: BLE001 - outside a graph run there is no node
        return None


def _with_fallback_formatters(config: dict[str, Any]) -> dict[str, Any]:
    """Swap python-json-logger for the stdlib formatter when it is not installed."""
    try:
        import pythonjsonlogger  # noqa: F401
    except ImportError:
        config = copy.deepcopy(config)
        for formatter in (config.get("formatters") or {}).values():
            if isinstance(formatter, dict) and "pythonjsonlogger" in str(formatter.get("class", "")):
                formatter.pop("class")
                formatter["()"] = f"{__name__}.JsonLinesFormatter"
    return config


def apply_config(path: str) -> None:
    """Apply a logging-config.json once per worker (BAD_REQUEST when unusable)."""
    path = os.path.abspath(path)
    if path in _APPLIED:
        return
    try:
        with open(path, encoding="utf-8") as fh:
            config = json.load(fh)
        for handler in (config.get("handlers") or {}).values():
            filename = handler.get("filename") if isinstance(handler, dict) else None
            if filename:
                os.makedirs(os.path.dirname(os.path.abspath(filename)), exist_ok=True)
        import warnings

        with warnings.catch_warnings():
            # python-json-logger >= 3 warns that `jsonlogger` moved; the seed's class name still works.
            warnings.simplefilter("ignore", DeprecationWarning)
            logging.config.dictConfig(_with_fallback_formatters(config))
    except (OSError, ValueError, TypeError, AttributeError, ImportError) as exc:
        raise bad_request(f"cannot apply logging config {path}: {exc}") from exc
    context_filter = ContextFilter()
    redact_filter = redaction.RedactFilter()
    for handler in logging.getLogger().handlers:
        handler.addFilter(context_filter)
        handler.addFilter(redact_filter)
        if isinstance(handler, logging.FileHandler):
            _private(handler)
    _APPLIED.add(path)


def _private(handler: logging.FileHandler) -> None:
    """Keep a log file (and each file a rotation starts) readable by its owner only (0600).

    Workflow logs hold what workflows print about their inputs; they are created
    0600 whatever the umask, and a rotating handler's new file gets the same mode.
    """
    path = handler.baseFilename

    def chmod() -> None:
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)

    if handler.stream is not None:
        chmod()
    original = handler._open

    def opened() -> Any:
        # Create the file 0600 before the handler opens it, so it never exists wider.
        with contextlib.suppress(OSError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        chmod()
        return original()

    handler._open = opened  # type: ignore[method-assign]


def validate(params: Any) -> dict[str, str] | None:
    """The ``logging`` param of invoke: null, or config + workflow_id + deployment_id."""
    if params is None:
        return None
    if not isinstance(params, dict) or not all(
        isinstance(params.get(key), str) and params[key] for key in ("config", "workflow_id", "deployment_id")
    ):
        raise bad_request('logging must be null or {"config", "workflow_id", "deployment_id"} (strings)')
    return {key: params[key] for key in ("config", "workflow_id", "deployment_id")}


def node_callbacks() -> list[Any]:
    """A callback handler logging each node's start, end and failure."""
    from langchain_core.callbacks import BaseCallbackHandler

    logger = logging.getLogger(LOGGER_NAME)

    class NodeLogger(BaseCallbackHandler):
        run_inline = True  # async runs: log on the loop, in the node's context (not an executor thread)

        def __init__(self) -> None:
            self.nodes: dict[Any, str] = {}

        def on_chain_start(self, serialized: Any, inputs: Any, *, run_id: Any, metadata: Any = None, **kw: Any) -> None:
            node = (metadata or {}).get("langgraph_node")
            # Only the node's own runnable, not every chain nested inside it.
            if node and kw.get("name") == node:
                self.nodes[run_id] = node
                logger.debug("node started", extra={"node": node})

        def on_chain_end(self, outputs: Any, *, run_id: Any, **kw: Any) -> None:
            node = self.nodes.pop(run_id, None)
            if node:
                logger.info("node completed", extra={"node": node})

        def on_chain_error(self, error: BaseException, *, run_id: Any, **kw: Any) -> None:
            node = self.nodes.pop(run_id, None)
            if node:
                logger.error("node failed: %s: %s", type(error).__name__, error, extra={"node": node})

    return [NodeLogger()]


@contextlib.contextmanager
def invocation(params: Any) -> Iterator[list[Any]]:
    """Logging for one run: yields callbacks to attach (empty when logging is off)."""
    ids = validate(params)
    if ids is None:
        yield []
        return
    apply_config(ids["config"])
    token = _IDS.set({"workflow_id": ids["workflow_id"], "deployment_id": ids["deployment_id"]})
    try:
        yield node_callbacks()
    finally:
        _IDS.reset(token)


def log_result(params: Any, result: dict[str, Any]) -> None:
    """One line per run: completed / interrupted at INFO, error at ERROR."""
    if params is None:
        return
    logger = logging.getLogger(LOGGER_NAME)
    status = result.get("status")
    extra = {"node": None, "thread_id": result.get("thread_id"), "status": status, "duration_ms": result.get("duration_ms")}
    if status == "error":
        error = result.get("error") or {}
        logger.error("workflow failed: %s: %s", error.get("type"), error.get("message"), extra={**extra, "node": error.get("node")})
    else:
        logger.info("workflow %s", status, extra=extra)
