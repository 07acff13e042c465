"""Loading a workflow module and resolving the graph a ``path:variable`` ref names.

Modules are loaded the way the LangGraph CLI / langgraph-api does it
(``spec_from_file_location`` under a unique, sanitized module name registered in
``sys.modules``, with the file's directory first on ``sys.path``) so that a graph
that works under ``langgraph dev`` behaves the same here.  Each operation loads
the file afresh: a long-lived ``serve`` worker must see edits to the workflow and
to its sibling helper modules without a restart.

A project can add directories to ``sys.path`` for an op (``sys_path``: the
project dir, a ``src`` dir, local dependencies, as ``langgraph dev`` does) and
a working directory (``cwd``).  Modules under those directories are fresh on
every op too.  A workflow file inside a package (``src/my_agent/graph.py``
with ``src`` on the path) gets that package as ``__package__``, so its
relative imports (``from .tools import TOOLS``) resolve to ``my_agent.tools``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import importlib.util
import inspect
import os
import re
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from . import aio
from .analyze_ast import BUILDER_METHODS
from .errors import (
    GRAPH_COMPILE_FAILED,
    GRAPH_LOAD_FAILED,
    GRAPH_NOT_FOUND,
    GRAPH_REF_INVALID,
    RunnerError,
    bad_request,
    format_traceback,
    iter_frames,
    locate_in_file,
)

MODULE_PREFIX = "exec_automator_workflow_"
DEFAULT_VARIABLE = "graph"

# StateGraph methods whose exceptions mean "LangGraph rejected the graph
# definition" (reported as GRAPH_COMPILE_FAILED, not as an import failure).
_GRAPH_BUILD_FUNCTIONS = BUILDER_METHODS | {"compile", "validate", "_add_schema", "__init__"}
_LANGGRAPH_GRAPH_DIR = os.sep + os.path.join("langgraph", "graph") + os.sep


@dataclass
class LoadedGraph:
    """A resolved, compiled graph plus where it came from."""

    path: str
    variable: str
    kind: str  # "compiled" | "state_graph" | "factory"
    graph: Any  # langgraph Pregel
    module: ModuleType


# --------------------------------------------------------------------------
# refs
# --------------------------------------------------------------------------


def parse_ref(ref: Any) -> tuple[str, str | None]:
    """Split ``/abs/file.py:variable`` into ``(abs path, variable or None)``.

    Only the last colon separates the variable, and only if what follows it has
    no path separator, so Windows drive letters (``C:\\x\\g.py``) still work.
    """
    if not isinstance(ref, str) or not ref.strip():
        raise RunnerError(
            GRAPH_REF_INVALID,
            "graph ref must be a non-empty string like '/path/to/file.py:graph'",
            exc_type="GraphRefInvalid",
        )
    head, sep, tail = ref.rpartition(":")
    variable: str | None = None
    path = ref
    if sep and not any(c in tail for c in "/\\") and not (len(head) == 1 and head.isalpha()):
        if not tail.isidentifier():
            raise RunnerError(
                GRAPH_REF_INVALID,
                f"invalid graph ref {ref!r}: {tail!r} is not a Python identifier",
                exc_type="GraphRefInvalid",
            )
        path, variable = head, tail
    if not path.strip():
        raise RunnerError(
            GRAPH_REF_INVALID, f"invalid graph ref {ref!r}: missing file path", exc_type="GraphRefInvalid"
        )
    if not path.endswith(".py"):
        raise RunnerError(
            GRAPH_REF_INVALID,
            f"invalid graph ref {ref!r}: expected a .py file followed by ':variable'",
            exc_type="GraphRefInvalid",
        )
    return os.path.abspath(path), variable


def module_name_for(path: str) -> str:
    """Stable, importable module name for a workflow file.

    Stable across loads and processes (a hash of the absolute path) so that
    checkpoints serialised with classes from the workflow module can be
    deserialised again after the module was reloaded or in another process.
    """
    stem = re.sub(r"\W", "_", os.path.splitext(os.path.basename(path))[0]) or "workflow"
    digest = hashlib.sha1(os.path.normcase(path).encode("utf-8")).hexdigest()[:10]
    return f"{MODULE_PREFIX}{stem}_{digest}"


# --------------------------------------------------------------------------
# module loading
# --------------------------------------------------------------------------


def project_params(params: dict[str, Any]) -> tuple[list[str], str | None]:
    """The optional ``sys_path`` (absolute directories) and ``cwd`` params of inspect/invoke."""
    sys_path = params.get("sys_path")
    if sys_path is None:
        sys_path = []
    if not isinstance(sys_path, list) or not all(isinstance(p, str) and p for p in sys_path):
        raise bad_request("sys_path must be a list of absolute directory paths")
    for entry in sys_path:
        if not os.path.isabs(entry):
            raise bad_request(f"sys_path entry {entry!r} is not an absolute path")
        if not os.path.isdir(entry):
            raise bad_request(f"sys_path entry {entry!r} is not a directory")
    cwd = params.get("cwd")
    if cwd is not None:
        if not isinstance(cwd, str) or not os.path.isabs(cwd):
            raise bad_request("cwd must be an absolute directory path")
        if not os.path.isdir(cwd):
            raise bad_request(f"cwd {cwd!r} is not a directory")
    return [os.path.normpath(p) for p in sys_path], cwd


@contextlib.contextmanager
def workflow_environment(path: str, sys_path: list[str] | tuple[str, ...] = (), cwd: str | None = None) -> Iterator[None]:
    """Make the workflow's directory (then ``sys_path``, in order) importable for an op.

    Kept for the whole op (not just the import) because nodes may import
    sibling modules lazily while the graph runs.  Bytecode writing is turned
    off so the runner never litters the user's project with ``__pycache__``.
    With ``cwd`` the op runs in that directory; the previous one is restored.
    """
    directory = os.path.dirname(path)
    added = [directory] + [p for p in sys_path if p != directory]
    sys.path[0:0] = added
    old_dont_write = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    old_cwd = None
    try:
        if cwd is not None:
            old_cwd = os.getcwd()
            os.chdir(cwd)
        yield
    finally:
        sys.dont_write_bytecode = old_dont_write
        for entry in added:
            with contextlib.suppress(ValueError):
                sys.path.remove(entry)
        if old_cwd is not None:
            with contextlib.suppress(OSError):
                os.chdir(old_cwd)


def _protected_roots() -> list[str]:
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        with contextlib.suppress(KeyError):
            roots.add(sysconfig.get_paths()[key])
    roots.add(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the runner itself
    return [os.path.normcase(os.path.realpath(r)) for r in roots if r]


# Directories workflows were loaded from in this process.  Modules imported
# from any of them are purged before every load: two workflow directories may
# each have a sibling ``helpers.py``, and the second must not get the first's.
_WORKFLOW_DIRS: set[str] = set()


# Files of installed packages and of the interpreter's own library, never purged.  Remembered
# so each load does not resolve ~1000 module paths again (realpath dominated a warm invoke).
_INSTALLED_FILES: set[str] = set()


@functools.lru_cache(maxsize=1)
def _interpreter_prefixes() -> tuple[str, ...]:
    return tuple({os.path.normcase(os.path.realpath(p)).rstrip(os.sep) + os.sep for p in (sys.base_prefix, sys.prefix) if p})


def _is_installed(real: str) -> bool:
    if "site-packages" in real or "dist-packages" in real:
        return True
    return any(real.startswith(p) for p in _interpreter_prefixes())


def _normdir(directory: str) -> str:
    return os.path.normcase(os.path.realpath(directory)).rstrip(os.sep) + os.sep


def purge_local_modules(directory: str, extra_dirs: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Drop cached modules imported from this or any earlier workflow directory.

    Without this a ``serve`` worker would keep using the first version of a
    sibling helper module (``from helpers import x``) forever.  Installed
    packages, the standard library and the runner itself are never purged.
    ``extra_dirs`` (an op's ``sys_path``) count as workflow directories.
    """
    for entry in (directory, *extra_dirs):
        _WORKFLOW_DIRS.add(_normdir(entry))
    roots = tuple(_WORKFLOW_DIRS)
    protected = tuple(r.rstrip(os.sep) + os.sep for r in _protected_roots())
    removed = []
    for name, module in list(sys.modules.items()):
        filename = getattr(module, "__file__", None)
        if not filename or name.startswith("exec_automator_runner") or filename in _INSTALLED_FILES:
            continue
        try:
            real = os.path.normcase(os.path.realpath(filename))
        except (OSError, ValueError):
            continue
        if _is_installed(real):
            _INSTALLED_FILES.add(filename)
        owner = next((root for root in roots if real.startswith(root)), None)
        if owner is None or "site-packages" in real or "dist-packages" in real:
            continue
        # a protected root (stdlib, venv) inside the workflow dir is still protected
        if any(real.startswith(p) and p.startswith(owner) for p in protected):
            continue
        sys.modules.pop(name, None)
        removed.append(name)
    return removed


def package_of(path: str, sys_path: list[str] | tuple[str, ...]) -> str | None:
    """Dotted package of a file inside a package whose root is on ``sys_path`` (else None)."""
    roots = {_normdir(p) for p in sys_path}
    directory = os.path.dirname(path)
    parts: list[str] = []
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        name = os.path.basename(directory)
        if not name.isidentifier():
            return None
        parts.insert(0, name)
        parent = os.path.dirname(directory)
        if _normdir(parent) in roots:
            return ".".join(parts)
        if parent == directory:
            break
        directory = parent
    return None


def load_module(path: str, sys_path: list[str] | tuple[str, ...] = ()) -> ModuleType:
    """Import the workflow file freshly under its unique module name.

    Raises GRAPH_LOAD_FAILED (or GRAPH_COMPILE_FAILED when LangGraph rejected a
    graph built at import time) with the location inside the workflow file.
    """
    if not os.path.isfile(path):
        raise RunnerError(
            GRAPH_LOAD_FAILED,
            f"workflow file not found: {path}",
            exc_type="FileNotFoundError",
            file=path,
        )
    name = module_name_for(path)
    purge_local_modules(os.path.dirname(path), sys_path)
    sys.modules.pop(name, None)
    importlib.invalidate_caches()
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RunnerError(GRAPH_LOAD_FAILED, f"cannot create an import spec for {path}", file=path)
    module = importlib.util.module_from_spec(spec)
    package = package_of(path, sys_path) if sys_path else None
    if package:
        # relative imports resolve inside the project package; __spec__.parent must agree
        module.__package__ = package
        spec.name = f"{package}.{name}"
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - SystemExit at import must not kill the worker
        sys.modules.pop(name, None)
        raise classify_user_exception(exc, path) from exc
    return module


# Modules kept by load_module_cached: (path, sys_path, mtime_ns, size) -> module.
_MODULE_CACHE: dict[tuple[Any, ...], ModuleType] = {}
_MODULE_CACHE_SIZE = 64


def load_module_cached(path: str, sys_path: list[str] | tuple[str, ...] = ()) -> ModuleType:
    """``load_module`` once per file version: for files that do not change (a deployed release
    served by the HTTP server), later requests reuse the imported module and its compiled graph.
    A changed file (mtime or size) is imported again."""
    try:
        st = os.stat(path)
    except OSError:
        return load_module(path, sys_path)
    key = (path, tuple(sys_path), st.st_mtime_ns, st.st_size)
    module = _MODULE_CACHE.get(key)
    if module is None:
        module = load_module(path, sys_path)
        if len(_MODULE_CACHE) >= _MODULE_CACHE_SIZE:
            _MODULE_CACHE.pop(next(iter(_MODULE_CACHE)))
        _MODULE_CACHE[key] = module
    return module


def raised_by_graph_builder(exc: BaseException) -> bool:
    """True if the outermost LangGraph frame is a StateGraph build/compile method."""
    for filename, _, function in iter_frames(exc.__traceback__):
        if os.sep + "langgraph" + os.sep in filename:
            return _LANGGRAPH_GRAPH_DIR in filename and function in _GRAPH_BUILD_FUNCTIONS
    return False


def classify_user_exception(exc: BaseException, path: str) -> RunnerError:
    """Turn an exception raised by user code at load time into a RunnerError."""
    file, line = locate_in_file(exc, path)
    if raised_by_graph_builder(exc):
        code = GRAPH_COMPILE_FAILED
        message = str(exc)
    else:
        code = GRAPH_LOAD_FAILED
        # the TS side shows only the message: name the exception class in it
        message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if isinstance(exc, SystemExit):
            message = f"SystemExit: the workflow called sys.exit({exc.code!r}) while being imported"
    return RunnerError(
        code, message, exc_type=type(exc).__name__, file=file, line=line, tb=format_traceback(exc)
    )


# --------------------------------------------------------------------------
# graph resolution
# --------------------------------------------------------------------------


def _langgraph_types() -> tuple[type, type]:
    try:
        from langgraph.graph.state import StateGraph
        from langgraph.pregel import Pregel
    except ImportError as exc:
        raise RunnerError(
            GRAPH_LOAD_FAILED,
            f"langgraph is not importable in {sys.executable}: {exc}",
            exc_type=type(exc).__name__,
            tb=format_traceback(exc),
        ) from exc
    return Pregel, StateGraph


def _candidates(module: ModuleType, pregel: type, state_graph: type) -> tuple[list[str], list[str]]:
    compiled, builders = [], []
    for name, value in vars(module).items():
        if name.startswith("__"):
            continue
        if isinstance(value, pregel):
            compiled.append(name)
        elif isinstance(value, state_graph):
            builders.append(name)
    return compiled, builders


def pick_variable(module: ModuleType, path: str, variable: str | None) -> str:
    """The variable to use: the explicit one, ``graph``, or the single graph."""
    pregel, state_graph = _langgraph_types()
    compiled, builders = _candidates(module, pregel, state_graph)
    listing = ", ".join(compiled + builders) or "none"
    if variable is not None:
        if not hasattr(module, variable):
            raise RunnerError(
                GRAPH_NOT_FOUND,
                f"{os.path.basename(path)} has no variable {variable!r}; graph candidates: {listing}",
                exc_type="GraphNotFound",
                file=path,
            )
        return variable
    if hasattr(module, DEFAULT_VARIABLE):
        return DEFAULT_VARIABLE
    if len(compiled) == 1:
        return compiled[0]
    if not compiled and len(builders) == 1:
        return builders[0]
    reason = "no module-level graph found" if not (compiled or builders) else "several graphs found"
    raise RunnerError(
        GRAPH_NOT_FOUND,
        f"{reason} in {os.path.basename(path)} (candidates: {listing}); use '{path}:<variable>'",
        exc_type="GraphNotFound",
        file=path,
    )


def compile_state_graph(builder: Any, path: str) -> Any:
    """``builder.compile()``; LangGraph's message is passed through verbatim."""
    try:
        return builder.compile()
    except Exception as exc:  # noqa: BLE001
        raise RunnerError(
            GRAPH_COMPILE_FAILED,
            str(exc),
            exc_type=type(exc).__name__,
            file=path,
            tb=format_traceback(exc),
        ) from exc


def call_factory(factory: Any, path: str, variable: str) -> Any:
    """Call a graph factory with no args, or with an empty RunnableConfig."""
    try:
        params = [
            p
            for p in inspect.signature(factory).parameters.values()
            if p.default is inspect.Parameter.empty
            and p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        ]
    except (TypeError, ValueError):
        params = []
    if len(params) > 1:
        raise RunnerError(
            GRAPH_NOT_FOUND,
            f"factory {variable!r} takes {len(params)} required arguments; expected none or one (config)",
            exc_type="GraphNotFound",
            file=path,
        )
    try:
        result = factory({}) if params else factory()
        if inspect.isawaitable(result):
            # the runner's loop: what an async factory creates may be used by async runs later
            result = aio.run(result)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001
        raise classify_user_exception(exc, path) from exc
    return result


def resolve_graph(module: ModuleType, path: str, variable: str | None) -> LoadedGraph:
    """Resolve the ref's value to a compiled graph (compiling/calling as needed)."""
    pregel, state_graph = _langgraph_types()
    name = pick_variable(module, path, variable)
    value = getattr(module, name)
    if isinstance(value, pregel):
        return LoadedGraph(path, name, "compiled", value, module)
    if isinstance(value, state_graph):
        return LoadedGraph(path, name, "state_graph", compile_state_graph(value, path), module)
    if callable(value) and not inspect.isclass(value):
        produced = call_factory(value, path, name)
        if isinstance(produced, state_graph):
            produced = compile_state_graph(produced, path)
        if isinstance(produced, pregel):
            return LoadedGraph(path, name, "factory", produced, module)
        raise RunnerError(
            GRAPH_NOT_FOUND,
            f"factory {name!r} returned {type(produced).__name__}, not a LangGraph graph",
            exc_type="GraphNotFound",
            file=path,
        )
    raise RunnerError(
        GRAPH_NOT_FOUND,
        f"{name!r} in {os.path.basename(path)} is a {type(value).__name__}, not a LangGraph graph",
        exc_type="GraphNotFound",
        file=path,
    )


def load_graph(path: str, variable: str | None, sys_path: list[str] | tuple[str, ...] = ()) -> LoadedGraph:
    """Load the module at ``path`` (from :func:`parse_ref`) and resolve the graph.

    Callers must run this inside :func:`workflow_environment` for the path.
    """
    module = load_module(path, sys_path)
    return resolve_graph(module, path, variable)
