"""The ``invoke`` and ``inspect`` operations: run or describe a loaded graph.

A graph raising during ``invoke`` is a *result* (status ``"error"``), not a
protocol error: the TS side wants the partial state, the failing node and the
model calls made so far.  Only problems before the run starts (bad params, load
or compile failures, checkpointer setup) are protocol errors.

Graphs with ``async def`` nodes (or routers, or async-only tools) run through
``astream`` on the runner's event loop (``aio``) with the async savers; all
others keep the plain sync path.  Should the sync run still fail with "no
synchronous function" before any node finished or any model was called, it is
retried once through the async path.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import re
import threading
import time
import traceback
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

from . import aio, checkpointers, introspect, logging_setup, redaction, run_context, stream_channel
from . import fake_models as fakes
from .errors import (
    GRAPH_COMPILE_FAILED,
    INVOKE_FAILED,
    RESPONSES_EXHAUSTED,
    RunnerError,
    bad_request,
    format_traceback,
)
from .jsonsafe import to_jsonable
from .loader import load_graph, load_module, load_module_cached, parse_ref, project_params, resolve_graph, workflow_environment

START = "__start__"
END = "__end__"
_TASK_NOTE = re.compile(r"^(?:During|Before) task with name '(?P<name>[^']*)'")
# What LangChain/LangGraph raise when async-only code is driven through the sync API.
_SYNC_API_ERRORS = re.compile(
    r"No synchronous function provided|does not support sync invocation|"
    r"Cannot invoke a coroutine function synchronously|invoked synchronously"
)

# One in-memory saver per worker process: the "memory" checkpointer must keep
# threads between requests or an interrupted thread could never be resumed.
_MEMORY_SAVER: Any = None
_MEMORY_LOCK = threading.Lock()

# LangGraph stream modes a request may ask to receive (``stream_mode``), sent as stream
# chunks before the reply (``stream_channel``).
STREAM_MODES = ("values", "updates", "custom", "messages", "debug", "tasks", "checkpoints")


def langgraph_version() -> str | None:
    try:
        return importlib.metadata.version("langgraph")
    except importlib.metadata.PackageNotFoundError:
        return None


# --------------------------------------------------------------------------
# inspect
# --------------------------------------------------------------------------


def op_inspect(params: dict[str, Any]) -> dict[str, Any]:
    """Describe a graph's nodes/edges/interrupts from ``compiled.get_graph()``, plus
    what running it needs (async, context, input) and uses (models, tools)."""
    path, variable = parse_ref(params.get("ref"))
    sys_path, cwd = project_params(params)
    fake = params.get("fake_models")
    if fake not in (None, False, True) and not isinstance(fake, dict):
        raise bad_request("inspect fake_models must be a boolean (or an invoke-style fake_models object)")
    # fake providers: models constructed at import need no API key (ChatOpenAI() raises without one)
    fake_ctx = fakes.fake_models_session([]) if fake else contextlib.nullcontext(None)
    with workflow_environment(path, sys_path, cwd), fake_ctx:
        census = _enter_census()
        try:
            loaded = load_graph(path, variable, sys_path)
        finally:
            if census is not None:
                with contextlib.suppress(Exception):
                    census.__exit__(None, None, None)
        compiled = loaded.graph
        try:
            drawable = compiled.get_graph()
        except Exception as exc:  # noqa: BLE001
            raise RunnerError(
                GRAPH_COMPILE_FAILED,
                f"get_graph() failed: {exc}",
                exc_type=type(exc).__name__,
                file=path,
                tb=format_traceback(exc),
            ) from exc
        result = {
            "variable": loaded.variable,
            "kind": loaded.kind,
            "nodes": [node_id for node_id in drawable.nodes if node_id not in (START, END)],
            "edges": [
                {"source": e.source, "target": e.target, "conditional": bool(e.conditional)}
                for e in drawable.edges
            ],
            "interrupt_before": _node_list(getattr(compiled, "interrupt_before_nodes", None)),
            "interrupt_after": _node_list(getattr(compiled, "interrupt_after_nodes", None)),
            "langgraph_version": langgraph_version(),
        }
        result.update(_inspect_extras(compiled, census))
        return result


def _enter_census() -> Any:
    census = fakes.ModelCensus()
    try:
        return census.__enter__()
    except Exception:  # noqa: BLE001 - no model list then, but the inspect still works
        with contextlib.suppress(Exception):
            census.__exit__(None, None, None)
        return None


def _inspect_extras(compiled: Any, census: Any) -> dict[str, Any]:
    """The extra inspect fields; any that cannot be computed is left out, never failing the op."""
    extras: dict[str, Any] = {}
    schema = run_context.context_schema_of(compiled)

    def models() -> dict[str, Any]:
        found = list(census.models) if census is not None else []
        with contextlib.suppress(Exception):
            found += [m for m in introspect.context_models(schema) if m not in found]
        return {"models": found}

    def input_fields() -> dict[str, Any]:
        info, accepts_empty = introspect.input_schema_info(compiled)
        return {"input_schema": info, "accepts_empty_input": accepts_empty}

    for compute in (
        lambda: {"is_async": introspect.needs_async(compiled)},
        lambda: {"context_schema": introspect.schema_info(schema)},
        input_fields,
        models,
        lambda: {"tools": introspect.tool_names(compiled)},
    ):
        try:
            extras.update(to_jsonable(compute()))
        except Exception:  # noqa: BLE001
            continue
    return extras


def _node_list(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


# --------------------------------------------------------------------------
# invoke: parameters
# --------------------------------------------------------------------------


def _invoke_params(params: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise invoke params (BAD_REQUEST on anything unusable)."""
    thread_id = params.get("thread_id")
    if thread_id is not None and (not isinstance(thread_id, str) or not thread_id):
        raise bad_request("thread_id must be a non-empty string")
    checkpointer = params.get("checkpointer") or {"type": "memory"}
    if not (isinstance(checkpointer, dict) and checkpointer.get("type") in ("memory", "none")):
        checkpointer = checkpointers.validate_spec(checkpointer)
    logging_setup.validate(params.get("logging"))
    recursion_limit = params.get("recursion_limit")
    if recursion_limit is not None and (
        isinstance(recursion_limit, bool) or not isinstance(recursion_limit, int) or recursion_limit < 1
    ):
        raise bad_request("recursion_limit must be a positive integer")
    config, thread_id = run_context.validate_config(params.get("config"), thread_id, recursion_limit)
    if thread_id is None:
        thread_id = str(uuid.uuid4())
    responses = default_response = None
    if params.get("fake_models") is not None:
        try:
            responses, default_response = fakes.validate_fake_models(params["fake_models"])
        except ValueError as exc:
            raise bad_request(str(exc)) from exc
    stream_mode = params.get("stream_mode")
    if stream_mode is None:
        stream_mode = []
    if not isinstance(stream_mode, list) or not all(m in STREAM_MODES for m in stream_mode):
        raise bad_request(f"stream_mode must be a list of {', '.join(STREAM_MODES)}")
    return {
        "stream_mode": list(dict.fromkeys(stream_mode)),
        "thread_id": thread_id,
        "checkpointer": checkpointer,
        "recursion_limit": recursion_limit,
        "config": config,
        "context": run_context.validate_context(params.get("context")),
        "responses": responses,
        "default_response": default_response,
        "resume": "resume" in params,
    }


# --------------------------------------------------------------------------
# invoke: checkpointers
# --------------------------------------------------------------------------


def _memory_saver() -> Any:
    global _MEMORY_SAVER
    with _MEMORY_LOCK:
        if _MEMORY_SAVER is None:
            from langgraph.checkpoint.memory import InMemorySaver

            _MEMORY_SAVER = InMemorySaver()
        return _MEMORY_SAVER


@contextlib.contextmanager
def checkpointer_for(spec: dict[str, Any]) -> Iterator[Any]:
    """Yield the saver to attach (``None`` for type "none"); closes persistent stores after."""
    kind = spec["type"]
    if kind == "none":
        yield None
        return
    if kind == "memory":
        yield _memory_saver()
        return
    # sqlite / postgres / redis, with compression and encryption: checkpointers.py
    with checkpointers.saver_for_invoke(spec) as saver:
        yield saver


@contextlib.asynccontextmanager
async def async_checkpointer_for(spec: dict[str, Any]) -> AsyncIterator[Any]:
    """``checkpointer_for`` for async runs: the shared memory saver works both ways."""
    kind = spec["type"]
    if kind == "none":
        yield None
        return
    if kind == "memory":
        yield _memory_saver()
        return
    async with checkpointers.async_saver_for_invoke(spec) as saver:
        yield saver


# --------------------------------------------------------------------------
# invoke: model call accounting for real models
# --------------------------------------------------------------------------


def _call_recorder() -> Any:
    """A callback handler recording chat model calls (model, node, tokens)."""
    from langchain_core.callbacks import BaseCallbackHandler

    class ModelCallRecorder(BaseCallbackHandler):
        run_inline = True  # async runs: called on the loop, not in an executor thread

        def __init__(self) -> None:
            self.pending: dict[Any, dict[str, Any]] = {}
            self.calls: list[dict[str, Any]] = []
            self.lock = threading.Lock()

        def on_chat_model_start(
            self, serialized: Any, messages: Any, *, run_id: Any, metadata: Any = None, **kw: Any
        ) -> None:
            metadata = metadata or {}
            kwargs = (serialized or {}).get("kwargs") or {}
            model = metadata.get("ls_model_name") or kwargs.get("model") or kwargs.get("model_name")
            with self.lock:
                self.pending[run_id] = {"model": model, "node": metadata.get("langgraph_node")}

        def on_llm_end(self, response: Any, *, run_id: Any, **kw: Any) -> None:
            with self.lock:
                call = self.pending.pop(run_id, None)
            if call is None:
                return
            usage = None
            with contextlib.suppress(Exception):
                usage = response.generations[0][0].message.usage_metadata
            call["input_tokens"] = int(usage.get("input_tokens") or 0) if usage else 0
            call["output_tokens"] = int(usage.get("output_tokens") or 0) if usage else 0
            with self.lock:
                self.calls.append(call)

        def on_llm_error(self, error: BaseException, *, run_id: Any, **kw: Any) -> None:
            with self.lock:
                self.pending.pop(run_id, None)

    return ModelCallRecorder()


# --------------------------------------------------------------------------
# invoke: results
# --------------------------------------------------------------------------


def error_node(exc: BaseException) -> str | None:
    """The LangGraph node a task exception came from (innermost task note)."""
    for note in getattr(exc, "__notes__", None) or []:
        match = _TASK_NOTE.match(str(note))
        if match:
            return match.group("name")
    return None


def _error_object(exc: BaseException, state: Any) -> dict[str, Any]:
    node = error_node(exc)
    if node is None and state is not None:
        node = next((t.name for t in state.tasks if getattr(t, "error", None)), None)
    exhausted = isinstance(exc, fakes.ResponsesExhausted)
    return {
        "type": "ResponsesExhausted" if exhausted else type(exc).__name__,
        "code": RESPONSES_EXHAUSTED if exhausted else INVOKE_FAILED,
        "message": redaction.redact(str(exc) or type(exc).__name__),
        "node": node,
        "traceback": redaction.redact("".join(traceback.format_exception(type(exc), exc, exc.__traceback__))),
    }


def _interrupts(state: Any, stream_interrupts: list[Any] | None) -> list[dict[str, Any]]:
    """Pending interrupts: dynamic ``interrupt()`` calls, else static before/after stops.

    With a checkpointer the thread state names the interrupted task; without
    one only the stream's ``__interrupt__`` update is known (node ``None``).
    """
    found: list[dict[str, Any]] = []
    if state is not None:
        for task in state.tasks:
            for intr in getattr(task, "interrupts", ()) or ():
                found.append(_interrupt_entry(task.name, intr))
        if not found and state.next:
            found.append({"node": state.next[0], "value": None, "id": None})
        return found
    if stream_interrupts is None:
        return found
    found = [_interrupt_entry(None, intr) for intr in stream_interrupts]
    return found or [{"node": None, "value": None, "id": None}]


@dataclass
class Attempt:
    """One pass over the graph's ``["updates", "values"]`` stream.

    ``graph.invoke`` semantics, via the same stream ``Pregel.invoke`` consumes
    internally, but also telling whether the run stopped at an interrupt: a
    static ``interrupt_before/after`` stop shows up only as an empty
    ``__interrupt__`` update, which ``invoke`` drops.
    """

    output: Any = None  # last values chunk
    interrupts: list[Any] | None = None  # None if the run did not stop
    failure: BaseException | None = None
    progressed: bool = False  # some node finished (an update other than __interrupt__)
    duration_ms: float = 0.0
    state: Any = None  # thread state after the run (None without checkpointer)
    emit: tuple[str, ...] = ()  # stream modes whose chunks go to the caller as they come

    def modes(self) -> list[str]:
        """What to ask the graph's stream for: what ``invoke`` needs plus what the caller wants."""
        return list(dict.fromkeys(["updates", "values", *self.emit]))

    def consume(self, mode: str, payload: Any) -> None:
        if mode in self.emit:
            stream_channel.emit(mode, payload)
        if mode == "updates":
            if isinstance(payload, dict) and "__interrupt__" in payload:
                self.interrupts = (self.interrupts or []) + list(payload["__interrupt__"] or ())
            else:
                self.progressed = True
        elif mode == "values":
            self.output = payload


def run_graph(graph: Any, graph_input: Any, config: dict[str, Any], **kwargs: Any) -> tuple[Any, list[Any] | None]:
    """Sync run: ``(last values chunk, interrupts or None if the run did not stop)``; raises what the graph raises."""
    attempt = Attempt()
    for mode, payload in graph.stream(graph_input, config, stream_mode=["updates", "values"], **kwargs):
        attempt.consume(mode, payload)
    return attempt.output, attempt.interrupts


async def arun_graph(graph: Any, graph_input: Any, config: dict[str, Any], **kwargs: Any) -> tuple[Any, list[Any] | None]:
    """``run_graph`` through ``astream``."""
    attempt = Attempt()
    async for mode, payload in graph.astream(graph_input, config, stream_mode=["updates", "values"], **kwargs):
        attempt.consume(mode, payload)
    return attempt.output, attempt.interrupts


def _state_failed(exc: Exception) -> RunnerError:
    return RunnerError(
        INVOKE_FAILED,
        f"get_state failed after invoke: {exc}",
        exc_type=type(exc).__name__,
        tb=format_traceback(exc),
    )


def _attempt_sync(
    template: Any, spec: dict[str, Any], graph_input: Any, config: dict[str, Any], kwargs: dict[str, Any], emit: tuple[str, ...] = ()
) -> Attempt:
    attempt = Attempt(emit=emit)
    with checkpointer_for(spec) as saver:
        graph = template.copy(update={"checkpointer": saver})
        started = time.perf_counter()
        try:
            for mode, payload in graph.stream(graph_input, config, stream_mode=attempt.modes(), **kwargs):
                attempt.consume(mode, payload)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - includes SystemExit raised in a node
            attempt.failure = exc
        attempt.duration_ms = round((time.perf_counter() - started) * 1000, 3)
        if graph.checkpointer is not None:
            try:
                attempt.state = graph.get_state(_thread_config(config))
            except Exception as exc:  # noqa: BLE001
                if attempt.failure is None:
                    raise _state_failed(exc) from exc
    return attempt


async def _attempt_async(
    template: Any, spec: dict[str, Any], graph_input: Any, config: dict[str, Any], kwargs: dict[str, Any], emit: tuple[str, ...] = ()
) -> Attempt:
    attempt = Attempt(emit=emit)
    async with async_checkpointer_for(spec) as saver:
        graph = template.copy(update={"checkpointer": saver})
        started = time.perf_counter()
        try:
            async for mode, payload in graph.astream(graph_input, config, stream_mode=attempt.modes(), **kwargs):
                attempt.consume(mode, payload)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - includes SystemExit / CancelledError raised in a node
            attempt.failure = exc
        attempt.duration_ms = round((time.perf_counter() - started) * 1000, 3)
        if graph.checkpointer is not None:
            try:
                attempt.state = await graph.aget_state(_thread_config(config))
            except Exception as exc:  # noqa: BLE001
                if attempt.failure is None:
                    raise _state_failed(exc) from exc
    return attempt


def _thread_config(config: dict[str, Any]) -> dict[str, Any]:
    return {"configurable": {"thread_id": config["configurable"]["thread_id"]}}


def _needs_sync_fallback(attempt: Attempt, calls_before: int, calls: list[Any]) -> bool:
    """The sync run hit async-only code before anything happened: safe to redo it async."""
    failure = attempt.failure
    return (
        failure is not None
        and not attempt.progressed
        and len(calls) == calls_before
        and isinstance(failure, (TypeError, NotImplementedError, RuntimeError))
        and bool(_SYNC_API_ERRORS.search(str(failure)))
    )


def _interrupt_entry(node: str | None, intr: Any) -> dict[str, Any]:
    return {"node": node, "value": to_jsonable(getattr(intr, "value", None)), "id": getattr(intr, "id", None)}


def _strip_interrupt(output: Any) -> Any:
    if isinstance(output, dict) and "__interrupt__" in output:
        return {k: v for k, v in output.items() if k != "__interrupt__"}
    return output


# --------------------------------------------------------------------------
# invoke: the op
# --------------------------------------------------------------------------


def op_invoke(params: dict[str, Any]) -> dict[str, Any]:
    """Run a graph once (or resume a thread) and report status/output/interrupt."""
    path, variable = parse_ref(params.get("ref"))
    options = _invoke_params(params)
    sys_path, cwd = project_params(params)
    fake_ctx = (
        fakes.fake_models_session(options["responses"], options["default_response"])
        if options["responses"] is not None
        else contextlib.nullcontext(None)
    )
    # ``reuse_module``: the file is immutable (a served release); fake models need a fresh import
    # (a module-level model must be built from the fake classes).
    load = load_module_cached if params.get("reuse_module") is True and options["responses"] is None else load_module
    with workflow_environment(path, sys_path, cwd), fake_ctx as session:
        loaded = resolve_graph(load(path, sys_path), path, variable)
        pass_context, context = run_context.build_context(loaded.graph, options["context"])
        kwargs = {"context": context} if pass_context else {}
        with logging_setup.invocation(params.get("logging")) as log_callbacks:
            result = _run(loaded.graph, params, {**options, "log_callbacks": log_callbacks}, session, kwargs)
            logging_setup.log_result(params.get("logging"), result)
            return result


def _run(template: Any, params: dict[str, Any], options: dict[str, Any], session: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    from langgraph.types import Command

    recorder = _call_recorder() if session is None else None
    config: dict[str, Any] = dict(options.get("config") or {})
    config["configurable"] = {**(config.get("configurable") or {}), "thread_id": options["thread_id"]}
    if options["recursion_limit"] is not None:
        config["recursion_limit"] = options["recursion_limit"]
    callbacks = ([recorder] if recorder is not None else []) + list(options.get("log_callbacks") or [])
    if callbacks:
        config["callbacks"] = callbacks
    graph_input = Command(resume=params.get("resume")) if options["resume"] else params.get("input", {})
    model_calls = session.calls if session is not None else recorder.calls
    spec = options["checkpointer"]
    emit = tuple(options.get("stream_mode") or ())

    if introspect.needs_async(template):
        attempt = aio.run(_attempt_async(template, spec, graph_input, config, kwargs, emit))
    else:
        attempt = _attempt_sync(template, spec, graph_input, config, kwargs, emit)
        if _needs_sync_fallback(attempt, 0, model_calls):
            attempt = aio.run(_attempt_async(template, spec, graph_input, config, kwargs, emit))
    return _result(attempt, options["thread_id"], model_calls)


def _result(attempt: Attempt, thread_id: str, model_calls: list[Any]) -> dict[str, Any]:
    state = attempt.state
    if attempt.failure is not None:
        return {
            "status": "error",
            "thread_id": thread_id,
            "output": to_jsonable(state.values) if state is not None else None,
            "interrupt": None,
            "interrupts": [],
            "next": list(state.next) if state is not None else [],
            "error": _error_object(attempt.failure, state),
            "duration_ms": attempt.duration_ms,
            "model_calls": to_jsonable(model_calls),
        }
    interrupts = _interrupts(state, attempt.interrupts)
    return {
        "status": "interrupted" if interrupts else "completed",
        "thread_id": thread_id,
        "output": to_jsonable(_strip_interrupt(attempt.output)),
        "interrupt": {"node": interrupts[0]["node"], "value": interrupts[0]["value"]} if interrupts else None,
        "interrupts": interrupts,
        "next": list(state.next) if state is not None else [],
        "error": None,
        "duration_ms": attempt.duration_ms,
        "model_calls": to_jsonable(model_calls),
    }
