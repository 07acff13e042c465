"""What a compiled graph needs and offers, read from the objects LangGraph built.

* ``needs_async``: must the graph run through ``astream``?  True when some
  runnable in it (a node, a conditional-edge router, a node of a subgraph) has
  only an async function, or a ToolNode holds a tool with only a coroutine.
* ``tool_names``: the tools of every ToolNode in the graph and its subgraphs.
* ``schema_info`` / ``input_schema_info``: fields of the context and input
  schemas, with which of them a caller must give.
* ``context_models``: chat models named by context-schema defaults
  (``model: str = "anthropic/claude-sonnet-4-5"``).

Everything here is best effort and cheap: a walk over the graph's runnables,
never a call of user code except a dataclass ``default_factory``.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Iterator
from typing import Any

from .fake_models import split_model_string
from .jsonsafe import to_jsonable

_MAX_DEPTH = 32
_CHILD_ATTRS = ("bound", "runnable", "default", "first", "last")
_CHILD_LIST_ATTRS = ("middle", "fallbacks")
_MODEL_STRING = re.compile(r"^[A-Za-z][\w.-]*[:/][\w.:/@-]+$")


# --------------------------------------------------------------------------
# walking the graph
# --------------------------------------------------------------------------


def _children(obj: Any) -> Iterator[Any]:
    steps = getattr(obj, "steps", None)  # RunnableSequence (property), RunnableSeq (tuple)
    if isinstance(steps, (list, tuple)):
        yield from steps
    else:
        for attr in _CHILD_ATTRS:
            child = obj.__dict__.get(attr) if hasattr(obj, "__dict__") else None
            if child is not None:
                yield child
        for attr in _CHILD_LIST_ATTRS:
            children = obj.__dict__.get(attr) if hasattr(obj, "__dict__") else None
            if isinstance(children, (list, tuple)):
                yield from children
    parallel = getattr(obj, "steps__", None)  # RunnableParallel
    if isinstance(parallel, dict):
        yield from parallel.values()
    branches = getattr(obj, "branches", None)  # RunnableBranch: [(condition, runnable)]
    if isinstance(branches, (list, tuple)):
        for branch in branches:
            if isinstance(branch, tuple):
                yield from branch


def _is_pregel(obj: Any) -> bool:
    return hasattr(obj, "nodes") and hasattr(obj, "channels") and hasattr(obj, "stream_mode")


def _graph_runnables(graph: Any, seen: set[int], depth: int) -> Iterator[Any]:
    for node in list(getattr(graph, "nodes", {}).values()):
        bound = getattr(node, "bound", None)
        if bound is not None:
            yield from _walk(bound, seen, depth + 1)
        for sub in getattr(node, "subgraphs", None) or ():
            yield from _walk(sub, seen, depth + 1)
    builder = getattr(graph, "builder", None)
    for branches in list((getattr(builder, "branches", None) or {}).values()):
        for branch in list(branches.values()):
            path = getattr(branch, "path", None)
            if path is not None:
                yield from _walk(path, seen, depth + 1)


def _walk(obj: Any, seen: set[int], depth: int) -> Iterator[Any]:
    if obj is None or id(obj) in seen or depth > _MAX_DEPTH:
        return
    seen.add(id(obj))
    yield obj
    if _is_pregel(obj):
        yield from _graph_runnables(obj, seen, depth)
        return
    for child in _children(obj):
        yield from _walk(child, seen, depth + 1)


def iter_runnables(graph: Any) -> Iterator[Any]:
    """Every runnable reachable from the graph's nodes, routers and subgraphs (each once)."""
    seen: set[int] = {id(graph)}
    yield from _graph_runnables(graph, seen, 0)


def _tools_of(obj: Any) -> dict[str, Any] | None:
    tools = getattr(obj, "tools_by_name", None) if hasattr(type(obj), "tools_by_name") else None
    return tools if isinstance(tools, dict) else None


def _async_only(obj: Any) -> bool:
    # RunnableCallable keeps func=None for `async def` nodes; RunnableLambda has no `func` at all
    if getattr(obj, "afunc", None) is not None and getattr(obj, "func", None) is None:
        return True
    tools = _tools_of(obj)
    if tools:
        return any(
            getattr(t, "coroutine", None) is not None and getattr(t, "func", None) is None for t in tools.values()
        )
    return False


def needs_async(graph: Any) -> bool:
    """True when the graph cannot run through the sync API (see the module doc)."""
    return any(_async_only(obj) for obj in iter_runnables(graph))


def tool_names(graph: Any) -> list[str]:
    names: list[str] = []
    for obj in iter_runnables(graph):
        for name in _tools_of(obj) or {}:
            if isinstance(name, str) and name not in names:
                names.append(name)
    return names


# --------------------------------------------------------------------------
# schemas
# --------------------------------------------------------------------------


def _is_pydantic(schema: Any) -> bool:
    return isinstance(schema, type) and hasattr(schema, "model_fields") and hasattr(schema, "model_validate")


def _is_typeddict(schema: Any) -> bool:
    if typing.is_typeddict(schema):
        return True
    try:
        import typing_extensions

        return typing_extensions.is_typeddict(schema)
    except ImportError:
        return False


def schema_kind(schema: Any) -> str:
    if isinstance(schema, type) and dataclasses.is_dataclass(schema):
        return "dataclass"
    if _is_pydantic(schema):
        return "pydantic"
    if _is_typeddict(schema):
        return "typeddict"
    return "other"


_NO_DEFAULT = object()


def _dataclass_fields(schema: Any) -> list[tuple[str, bool, Any]]:
    out = []
    for f in dataclasses.fields(schema):
        if not f.init:
            continue
        if f.default is not dataclasses.MISSING:
            out.append((f.name, False, f.default))
        elif f.default_factory is not dataclasses.MISSING:
            try:
                default = f.default_factory()
            except Exception:  # noqa: BLE001 - a factory with side effects that fails: no default shown
                default = _NO_DEFAULT
            out.append((f.name, False, default))
        else:
            out.append((f.name, True, _NO_DEFAULT))
    return out


def _pydantic_fields(schema: Any) -> list[tuple[str, bool, Any]]:
    out = []
    for name, info in schema.model_fields.items():
        if info.is_required():
            out.append((name, True, _NO_DEFAULT))
            continue
        try:
            default = info.get_default(call_default_factory=True)
        except Exception:  # noqa: BLE001
            default = _NO_DEFAULT
        out.append((name, False, default))
    return out


def _typeddict_fields(schema: Any) -> list[tuple[str, bool, Any]]:
    required = set(getattr(schema, "__required_keys__", ()) or ())
    try:
        names = list(typing.get_type_hints(schema, include_extras=True))
    except Exception:  # noqa: BLE001 - unresolved forward references
        names = list(getattr(schema, "__annotations__", {}))
    return [(name, name in required, _NO_DEFAULT) for name in names]


def raw_fields(schema: Any) -> list[tuple[str, bool, Any]]:
    """``[(name, required, default or _NO_DEFAULT)]`` as the schema itself declares them."""
    kind = schema_kind(schema)
    if kind == "dataclass":
        return _dataclass_fields(schema)
    if kind == "pydantic":
        return _pydantic_fields(schema)
    if kind == "typeddict":
        return _typeddict_fields(schema)
    return []


def schema_info(schema: Any) -> dict[str, Any] | None:
    """``{name, kind, fields: [{name, required, default?}]}`` for a context schema (None if none)."""
    if schema is None:
        return None
    fields = []
    for name, required, default in raw_fields(schema):
        entry: dict[str, Any] = {"name": name, "required": required}
        if default is not _NO_DEFAULT:
            entry["default"] = to_jsonable(default)
        fields.append(entry)
    return {"name": getattr(schema, "__name__", str(schema)), "kind": schema_kind(schema), "fields": fields}


def input_schema_of(graph: Any) -> Any:
    builder = getattr(graph, "builder", None)
    if builder is None:
        return None
    return getattr(builder, "input_schema", None) or getattr(builder, "input", None)


def input_schema_info(graph: Any) -> tuple[dict[str, Any] | None, bool]:
    """``({name, fields: [{name, required}]}, accepts_empty_input)``.

    A field is required when the schema requires it and its channel starts
    empty.  Reducer channels (``Annotated[list, add_messages]``, so
    MessagesState's ``messages``) start as their type's empty value, and
    ``graph.invoke({})`` runs with ``messages == []``: they are not required.
    A plain required TypedDict key is: ``invoke({})`` runs, but the node sees
    no such key.  Managed values (``RemainingSteps``) are never required.  No
    schema at all (functional API): ``(None, False)``.
    """
    schema = input_schema_of(graph)
    if schema is None:
        return None, False
    channels = getattr(graph, "channels", None) or {}
    managed = getattr(getattr(graph, "builder", None), "managed", None) or {}
    fields = []
    for name, required, _ in raw_fields(schema):
        if required and (name in managed or _starts_filled(channels.get(name))):
            required = False
        fields.append({"name": name, "required": required})
    info = {"name": getattr(schema, "__name__", str(schema)), "fields": fields}
    return info, not any(f["required"] for f in fields)


def _starts_filled(channel: Any) -> bool:
    if channel is None:
        return False
    try:
        return bool(channel.is_available())
    except Exception:  # noqa: BLE001
        return False


def context_models(schema: Any) -> list[dict[str, Any]]:
    """Chat models named by string defaults of the context schema (``provider/model``, ``provider:model``)."""
    if schema is None:
        return []
    models: list[dict[str, Any]] = []
    for name, _, default in raw_fields(schema):
        if not isinstance(default, str) or not _MODEL_STRING.match(default):
            continue
        model, provider = split_model_string(default, ":/")
        # an unknown prefix counts only on a field named like a model ("model", "llm_model", ...)
        if provider is None and "model" not in name.lower():
            continue
        entry = {"name": model, "provider": provider.lower() if provider else None, "via": "context_default"}
        if entry not in models:
            models.append(entry)
    return models
