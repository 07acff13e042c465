"""The ``thread`` operation: read or change a thread's checkpointed state.

What the HTTP server's thread routes need (``/threads/{id}/state``, ``/history``,
state updates): the graph is loaded like ``invoke`` loads it and attached to the
environment's checkpointer, then ``get_state`` / ``get_state_history`` /
``update_state`` run on it.  Snapshots are returned in the shape of the
LangGraph Agent Server's ``ThreadState`` (``values``, ``next``, ``tasks``,
``checkpoint``, ``metadata``, ``created_at``, ``parent_checkpoint``,
``interrupts``).
"""

from __future__ import annotations

from typing import Any

from . import checkpointers, introspect, invoke
from .errors import bad_request
from .jsonsafe import to_jsonable
from .loader import load_module, load_module_cached, parse_ref, project_params, resolve_graph, workflow_environment

ACTIONS = ("get", "history", "update")


def _checkpoint(config: Any, thread_id: str) -> dict[str, Any] | None:
    configurable = (config or {}).get("configurable") if isinstance(config, dict) else None
    if not configurable or not configurable.get("checkpoint_id"):
        return None
    return {
        "thread_id": configurable.get("thread_id", thread_id),
        "checkpoint_ns": configurable.get("checkpoint_ns", ""),
        "checkpoint_id": configurable.get("checkpoint_id"),
        "checkpoint_map": configurable.get("checkpoint_map"),
    }


def _interrupt(intr: Any) -> dict[str, Any]:
    return {"value": to_jsonable(getattr(intr, "value", None)), "id": getattr(intr, "id", None)}


def snapshot_json(snapshot: Any, thread_id: str) -> dict[str, Any]:
    """A ``StateSnapshot`` as the Agent Server's ``ThreadState``."""
    tasks = []
    interrupts: list[dict[str, Any]] = []
    for task in snapshot.tasks or ():
        own = [_interrupt(i) for i in getattr(task, "interrupts", ()) or ()]
        interrupts.extend(own)
        error = getattr(task, "error", None)
        tasks.append(
            {
                "id": task.id,
                "name": task.name,
                "error": f"{type(error).__name__}({error})" if error is not None else None,
                "interrupts": own,
                "checkpoint": None,
                "state": None,
                "result": to_jsonable(getattr(task, "result", None)),
            }
        )
    return {
        "values": to_jsonable(snapshot.values if snapshot.values is not None else {}),
        "next": list(snapshot.next or ()),
        "tasks": tasks,
        "checkpoint": _checkpoint(snapshot.config, thread_id)
        or {"thread_id": thread_id, "checkpoint_ns": "", "checkpoint_id": None, "checkpoint_map": None},
        "metadata": to_jsonable(snapshot.metadata or {}),
        "created_at": snapshot.created_at,
        "parent_checkpoint": _checkpoint(snapshot.parent_config, thread_id),
        "interrupts": interrupts,
    }


def op_thread(params: dict[str, Any]) -> Any:
    """``action`` "get" (one snapshot), "history" (newest first, ``limit``) or "update" (``values``, ``as_node``)."""
    path, variable = parse_ref(params.get("ref"))
    sys_path, cwd = project_params(params)
    thread_id = params.get("thread_id")
    if not isinstance(thread_id, str) or not thread_id:
        raise bad_request("thread needs thread_id: a non-empty string")
    action = params.get("action", "get")
    if action not in ACTIONS:
        raise bad_request(f"thread action must be one of {', '.join(ACTIONS)}")
    checkpoint_id = params.get("checkpoint_id")
    if checkpoint_id is not None and (not isinstance(checkpoint_id, str) or not checkpoint_id):
        raise bad_request("checkpoint_id must be a non-empty string")
    limit = params.get("limit", 10)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise bad_request("limit must be a positive integer")
    as_node = params.get("as_node")
    if as_node is not None and not isinstance(as_node, str):
        raise bad_request("as_node must be a string")
    spec = params.get("checkpointer") or {"type": "memory"}
    if not (isinstance(spec, dict) and spec.get("type") == "memory"):
        spec = checkpointers.validate_spec(spec)
    config: dict[str, Any] = {"configurable": {"thread_id": thread_id}}
    if checkpoint_id:
        config["configurable"]["checkpoint_id"] = checkpoint_id
    with workflow_environment(path, sys_path, cwd):
        load = load_module_cached if params.get("reuse_module") is True else load_module
        loaded = resolve_graph(load(path, sys_path), path, variable)
        with invoke.checkpointer_for(spec) as saver:
            graph = loaded.graph.copy(update={"checkpointer": saver})
            if action == "get":
                return snapshot_json(graph.get_state(config), thread_id)
            if action == "history":
                return [snapshot_json(s, thread_id) for s in graph.get_state_history(config, limit=limit)]
            written = graph.update_state(config, params.get("values"), as_node=as_node)
            return {"checkpoint": _checkpoint(written, thread_id)}


def _json_schema(graph: Any, method: str) -> Any:
    fn = getattr(graph, method, None)
    if fn is None:
        return None
    try:
        return to_jsonable(fn())
    except Exception:  # noqa: BLE001 - a schema that cannot be rendered is left out
        return None


def _field_schema(graph: Any) -> Any:
    """A plain object schema from the input fields, when pydantic cannot render one
    (``typing.TypedDict`` on Python < 3.12)."""
    try:
        info, _ = introspect.input_schema_info(graph)
    except Exception:  # noqa: BLE001
        return None
    if info is None:
        return None
    return {
        "title": info["name"],
        "type": "object",
        "properties": {f["name"]: {} for f in info["fields"]},
        "required": [f["name"] for f in info["fields"] if f["required"]],
    }


def op_describe(params: dict[str, Any]) -> dict[str, Any]:
    """The graph's drawable structure (``get_graph().to_json()``) and its JSON schemas, as the Agent Server's
    ``/assistants/{id}/graph`` and ``/schemas`` answer them."""
    path, variable = parse_ref(params.get("ref"))
    sys_path, cwd = project_params(params)
    with workflow_environment(path, sys_path, cwd):
        load = load_module_cached if params.get("reuse_module") is True else load_module
        graph = resolve_graph(load(path, sys_path), path, variable).graph
        try:
            drawable = to_jsonable(graph.get_graph().to_json())
        except Exception:  # noqa: BLE001
            drawable = {"nodes": [], "edges": []}
        return {
            "graph": drawable,
            "schemas": {
                "input_schema": _json_schema(graph, "get_input_jsonschema") or _field_schema(graph),
                "output_schema": _json_schema(graph, "get_output_jsonschema") or _field_schema(graph),
                "state_schema": _json_schema(graph, "get_input_jsonschema") or _field_schema(graph),
                "config_schema": _json_schema(graph, "get_config_jsonschema"),
                "context_schema": _json_schema(graph, "get_context_jsonschema"),
            },
        }
