"""The ``context`` and ``config`` params of ``invoke``, checked and shaped for LangGraph.

``context`` is the run's static context (``Runtime[Context]``, LangGraph >=
0.6).  A dict is coerced into the graph's ``context_schema`` here, not by
LangGraph, so that a shape the schema rejects is a BAD_REQUEST before the run
instead of an error inside it.  Without a context the schema's defaults apply:
a dataclass / pydantic model whose fields all have defaults is instantiated
with no arguments and a TypedDict gets ``{}``; a schema with required fields
leaves the context ``None`` (as LangGraph does), and ``inspect`` lists what is
required.

``config`` carries ``configurable`` (merged with the runner's thread id: a
different ``configurable.thread_id`` is a BAD_REQUEST, the same one is fine and
a lone one is used as the thread id), ``tags``, ``metadata`` and
``recursion_limit``.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

from . import introspect
from .errors import bad_request

CONFIG_KEYS = ("configurable", "tags", "metadata", "recursion_limit")


def _positive_int(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and value >= 1


def validate_config(config: Any, thread_id: str | None, recursion_limit: int | None) -> tuple[dict[str, Any], str | None]:
    """Check ``config``; returns ``(config parts without thread_id, thread id to use or None)``."""
    if config is None:
        return {}, thread_id
    if not isinstance(config, dict):
        raise bad_request("config must be an object")
    unknown = sorted(set(config) - set(CONFIG_KEYS))
    if unknown:
        raise bad_request(f"config has unsupported keys {unknown}; allowed: {', '.join(CONFIG_KEYS)}")
    out: dict[str, Any] = {}
    configurable = config.get("configurable")
    if configurable is not None:
        if not isinstance(configurable, dict):
            raise bad_request("config.configurable must be an object")
        configurable = dict(configurable)
        given = configurable.pop("thread_id", None)
        if given is not None:
            if not isinstance(given, str) or not given:
                raise bad_request("config.configurable.thread_id must be a non-empty string")
            if thread_id is not None and given != thread_id:
                raise bad_request(
                    f"config.configurable.thread_id {given!r} conflicts with thread_id {thread_id!r}; give one of them"
                )
            thread_id = given
        out["configurable"] = configurable
    tags = config.get("tags")
    if tags is not None:
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise bad_request("config.tags must be a list of strings")
        out["tags"] = list(tags)
    metadata = config.get("metadata")
    if metadata is not None:
        if not isinstance(metadata, dict):
            raise bad_request("config.metadata must be an object")
        out["metadata"] = dict(metadata)
    limit = config.get("recursion_limit")
    if limit is not None:
        if not _positive_int(limit):
            raise bad_request("config.recursion_limit must be a positive integer")
        if recursion_limit is not None and recursion_limit != limit:
            raise bad_request(
                f"config.recursion_limit ({limit}) conflicts with recursion_limit ({recursion_limit}); give one of them"
            )
        out["recursion_limit"] = limit
    return out, thread_id


def validate_context(context: Any) -> dict[str, Any] | None:
    if context is not None and not isinstance(context, dict):
        raise bad_request("context must be an object")
    return context


@functools.lru_cache(maxsize=8)
def _stream_takes_context(cls: type) -> bool:
    try:
        return "context" in inspect.signature(cls.stream).parameters
    except (TypeError, ValueError):
        return False


def context_schema_of(graph: Any) -> Any:
    return getattr(graph, "context_schema", None)


def build_context(graph: Any, context: dict[str, Any] | None) -> tuple[bool, Any]:
    """``(pass it, value)``: the context to give ``stream(..., context=...)``.

    BAD_REQUEST when a given context does not fit the schema, or the installed
    LangGraph has no run context (< 0.6).
    """
    supported = _stream_takes_context(type(graph))
    if not supported:
        if context is not None:
            raise bad_request("context needs LangGraph >= 0.6 (graph.stream has no context parameter)")
        return False, None
    schema = context_schema_of(graph)
    if schema is None:
        return context is not None, context
    kind = introspect.schema_kind(schema)
    name = getattr(schema, "__name__", "context schema")
    if context is None:
        return True, _defaults(schema, kind)
    if kind == "dataclass":
        try:
            return True, schema(**context)
        except Exception as exc:  # noqa: BLE001 - TypeError for unknown/missing fields, or __post_init__
            raise bad_request(f"context does not fit {name}: {type(exc).__name__}: {exc}") from exc
    if kind == "pydantic":
        try:
            return True, schema.model_validate(context)
        except Exception as exc:  # noqa: BLE001 - pydantic.ValidationError
            raise bad_request(f"context does not fit {name}: {exc}") from exc
    if kind == "typeddict":
        fields = introspect.raw_fields(schema)
        known = {f[0] for f in fields}
        unknown = sorted(set(context) - known)
        missing = sorted(f[0] for f in fields if f[1] and f[0] not in context)
        if unknown or missing:
            parts = ([f"unknown keys {unknown}"] if unknown else []) + ([f"missing keys {missing}"] if missing else [])
            raise bad_request(f"context does not fit {name}: {'; '.join(parts)}")
    return True, context


def _defaults(schema: Any, kind: str) -> Any:
    if kind == "typeddict":
        return {}
    if kind in ("dataclass", "pydantic") and not any(required for _, required, _ in introspect.raw_fields(schema)):
        try:
            return schema()
        except Exception:  # noqa: BLE001 - e.g. __post_init__ needs something: leave it to LangGraph
            return None
    return None
