"""Names a workflow uses but never imports or defines ("missing import").

A deliberately simple, false-alarm-free check: every name bound anywhere in the
module (imports, defs, classes, parameters, assignment targets, ``except ... as``,
``global``) counts as defined everywhere; a name read somewhere and bound
nowhere, and not a builtin, is reported once, at its first use.  A star import
disables the check (anything could come from it).  With
``from __future__ import annotations`` annotations are never evaluated, so they
are not checked either.
"""

from __future__ import annotations

import ast
import builtins
from typing import Any

MODULE_DUNDERS = frozenset(
    {
        "__file__",
        "__name__",
        "__doc__",
        "__builtins__",
        "__spec__",
        "__loader__",
        "__package__",
        "__path__",
        "__annotations__",
        "__dict__",
        "__class__",  # implicit in methods that use super()
        "__cached__",
        "__qualname__",  # bound in every class body
        "__module__",
        "__firstlineno__",
    }
)
# Builtins that ``dir(builtins)`` of this interpreter may lack: added by ``site`` (absent under
# ``python -S``) or only on another platform.
OTHER_BUILTINS = frozenset({"exit", "quit", "help", "copyright", "credits", "license", "WindowsError"})

# The import that provides a name, for the names LangGraph workflows use most.
KNOWN_IMPORTS: dict[str, str] = {
    **{n: f"from langgraph.graph import {n}" for n in ("StateGraph", "START", "END", "MessagesState")},
    "add_messages": "from langgraph.graph.message import add_messages",
    **{n: f"from langgraph.types import {n}" for n in ("interrupt", "Command", "Send", "RetryPolicy")},
    "MemorySaver": "from langgraph.checkpoint.memory import MemorySaver",
    "InMemorySaver": "from langgraph.checkpoint.memory import InMemorySaver",
    **{n: f"from langgraph.prebuilt import {n}" for n in ("ToolNode", "tools_condition", "create_react_agent")},
    "TypedDict": "from typing_extensions import TypedDict",
    **{n: f"from typing import {n}" for n in ("Annotated", "Literal", "Optional", "Any", "Union", "Sequence")},
    "BaseModel": "from pydantic import BaseModel",
    "Field": "from pydantic import Field",
    "dataclass": "from dataclasses import dataclass",
    "field": "from dataclasses import field",
    "partial": "from functools import partial",
    "ChatAnthropic": "from langchain_anthropic import ChatAnthropic",
    "ChatOpenAI": "from langchain_openai import ChatOpenAI",
    "init_chat_model": "from langchain.chat_models import init_chat_model",
    **{
        n: f"from langchain_core.messages import {n}"
        for n in ("HumanMessage", "SystemMessage", "AIMessage", "ToolMessage", "AnyMessage", "BaseMessage")
    },
    "tool": "from langchain_core.tools import tool",
    **{n: f"import {n}" for n in ("operator", "json", "os", "re", "uuid", "logging", "time", "asyncio")},
    "datetime": "from datetime import datetime",
}


def undefined_names(tree: ast.Module, nodes: list[ast.AST] | None = None) -> list[dict[str, Any]]:
    """``[{name, line, column, suggestion}]`` in order of first use.

    ``nodes``: every node of ``tree`` when the caller already has them (saves a traversal).
    """
    nodes = nodes if nodes is not None else list(ast.walk(tree))
    if any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) for n in nodes):
        return []
    skip_annotations = any(
        isinstance(n, ast.ImportFrom) and n.module == "__future__" and any(a.name == "annotations" for a in n.names)
        for n in tree.body
    )
    bound = _bound_names(nodes) | set(dir(builtins)) | MODULE_DUNDERS | OTHER_BUILTINS
    found: dict[str, dict[str, Any]] = {}
    loads = (
        _loads(tree)
        if skip_annotations
        else sorted((n for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)), key=lambda n: (n.lineno, n.col_offset))
    )
    for node in loads:
        if node.id in bound or node.id in found:
            continue
        found[node.id] = {
            "name": node.id,
            "line": node.lineno,
            "column": node.col_offset + 1,
            "suggestion": KNOWN_IMPORTS.get(node.id),
        }
    return sorted(found.values(), key=lambda e: (e["line"], e["column"]))


def _bound_names(nodes: list[ast.AST]) -> set[str]:
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
        elif isinstance(node, ast.alias):
            continue
        else:
            for attr in ("name", "rest"):  # match-statement captures and PEP 695 type parameters
                value = getattr(node, attr, None)
                if isinstance(value, str) and type(node).__name__.startswith(("Match", "TypeVar", "ParamSpec", "TypeVarTuple")):
                    names.add(value)
    return names


def _loads(tree: ast.AST) -> list[ast.Name]:
    """Every ``Name`` read outside annotations, in source order."""
    stack: list[ast.AST] = [tree]
    out: list[ast.Name] = []
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            out.append(node)
        for field_name, value in ast.iter_fields(node):
            if field_name in ("annotation", "returns"):
                continue
            children = value if isinstance(value, list) else [value]
            stack.extend(c for c in children if isinstance(c, ast.AST))
    return sorted(out, key=lambda n: (n.lineno, n.col_offset))
