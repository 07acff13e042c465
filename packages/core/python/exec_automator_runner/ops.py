"""The operation table: op name -> handler taking the params dict.

Handlers validate their own params and return a JSON-safe result.  Modules that
need LangGraph import it lazily inside their handlers, so building this table
(and running ``analyze``/``ping``/``check_requirements``/``list_packages``)
needs nothing beyond the standard library.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import sys
from collections.abc import Callable
from typing import Any

from . import analyze, checkpointers, constraints, invoke, requirements, threads
from .errors import bad_request


def op_ping(params: dict[str, Any]) -> dict[str, Any]:
    """Interpreter identity; the langgraph version comes from metadata (no import)."""
    try:
        langgraph = importlib.metadata.version("langgraph")
    except importlib.metadata.PackageNotFoundError:
        langgraph = None
    return {
        "python": requirements.python_version(),
        "executable": sys.executable,
        "langgraph": langgraph,
        "pid": os.getpid(),
    }


def op_analyze(params: dict[str, Any]) -> dict[str, Any]:
    files = params.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) and f for f in files):
        raise bad_request('analyze needs "files": a list of file paths')
    roots = params.get("roots", [])
    if roots is None:
        roots = []
    if not isinstance(roots, list) or not all(isinstance(r, str) and r for r in roots):
        raise bad_request('analyze "roots" must be a list of directory paths')
    return {"files": analyze.analyze_files(files, roots)}


def op_check_requirements(params: dict[str, Any]) -> dict[str, Any]:
    reqs = params.get("requirements")
    if not isinstance(reqs, list) or not all(isinstance(r, str) for r in reqs):
        raise bad_request('check_requirements needs "requirements": a list of strings')
    return requirements.check_requirements([r for r in reqs if r.strip() and not r.lstrip().startswith("#")])


def op_check_minimums(params: dict[str, Any]) -> dict[str, Any]:
    declared, minimums = params.get("declared"), params.get("minimums")
    if not all(isinstance(v, list) and all(isinstance(r, str) for r in v) for v in (declared, minimums)):
        raise bad_request('check_minimums needs "declared" and "minimums": lists of requirement strings')
    return {"results": constraints.check_minimums(declared, minimums)}


def op_find_modules(params: dict[str, Any]) -> dict[str, Any]:
    """Which top-level modules this interpreter cannot import (found without importing them)."""
    modules = params.get("modules")
    if not isinstance(modules, list) or not all(isinstance(m, str) and m.isidentifier() for m in modules):
        raise bad_request('find_modules needs "modules": a list of top-level module names')
    return {"missing": [m for m in modules if importlib.util.find_spec(m) is None]}


def op_list_packages(params: dict[str, Any]) -> list[dict[str, str]]:
    return requirements.list_packages()


OPS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "ping": op_ping,
    "analyze": op_analyze,
    "inspect": invoke.op_inspect,
    "invoke": invoke.op_invoke,
    "thread": threads.op_thread,
    "describe": threads.op_describe,
    "check_requirements": op_check_requirements,
    "check_minimums": op_check_minimums,
    "find_modules": op_find_modules,
    "list_packages": op_list_packages,
    "checkpoint_check": checkpointers.op_checkpoint_check,
    "checkpoint_prune": checkpointers.op_checkpoint_prune,
}


def dispatch(op: Any, params: Any) -> Any:
    """Run one op; raises RunnerError(BAD_REQUEST) for unknown ops / bad params."""
    handler = OPS.get(op) if isinstance(op, str) else None
    if handler is None:
        raise bad_request(f"unknown op {op!r}; known ops: {', '.join(sorted(OPS))}")
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise bad_request(f"params for {op!r} must be a JSON object")
    return handler(params)
