"""The project around a workflow file: which imports are local, and what they define.

Static analysis must know that ``from agent.tools import TOOLS`` is the
project's own code (not a missing dependency) and which functions and tools
such modules define (an agent config may name a tool defined in ``tools.py``).
``ProjectIndex`` answers both from the file system and ``ast`` alone: nothing is
imported, every parsed module is cached for the whole ``analyze`` call, and the
walk over local imports is bounded (``MAX_PROJECT_FILES``).

An import is local when its top-level name is a module (``x.py``) or a package
(``x/``, with or without ``__init__.py``) in one of the search directories of
the importing file: its own directory, the directory above its outermost
``__init__.py`` package (what makes ``from agent.state import State`` work inside
``src/agent/graph.py``), and the caller's ``roots`` (project dir, ``src/``,
local dependencies).  Relative imports are always local.
"""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .analyze_ast import FUNC_TYPES, arg, callee_name

MAX_PROJECT_FILES = 200

# Calls whose result is a LangChain tool, and where their literal tool name sits:
# ``tool("name")`` / ``Tool(name=...)`` / ``create_retriever_tool(r, "name", ...)``.
TOOL_FACTORIES: dict[str, tuple[int, str]] = {
    "tool": (0, "name_or_callable"),
    "Tool": (0, "name"),
    "StructuredTool": (-1, "name"),
    "from_function": (-1, "name"),
    "as_tool": (-1, "name"),
    "create_retriever_tool": (1, "name"),
    "convert_runnable_to_tool": (-1, "name"),
}
# Calls that take a list of tools (position of the list, keyword).
TOOL_LIST_CALLS: dict[str, tuple[int, str]] = {
    "ToolNode": (0, "tools"),
    "bind_tools": (0, "tools"),
    "create_react_agent": (1, "tools"),
    "create_agent": (1, "tools"),
    "create_deep_agent": (0, "tools"),
}
# Calls that produce tools whose names cannot be read statically.
OPAQUE_TOOL_SOURCES = frozenset({"load_tools", "get_tools", "load_mcp_tools"})


def _is_identifier_dir(entry: os.DirEntry) -> bool:
    return entry.name.isidentifier() and entry.is_dir()


def _python_dir(path: str) -> bool:
    """A directory Python can import: ``__init__.py``, a ``.py`` file, or a package inside."""
    try:
        entries = list(os.scandir(path))
    except OSError:
        return False
    for entry in entries:
        try:
            if entry.is_file() and entry.name.endswith(".py"):
                return True
            if _is_identifier_dir(entry) and os.path.isfile(os.path.join(entry.path, "__init__.py")):
                return True
        except OSError:
            continue
    return False


def package_root(directory: str) -> str:
    """The directory above the outermost ``__init__.py`` package containing ``directory``."""
    current = directory
    while os.path.isfile(os.path.join(current, "__init__.py")):
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return current


@dataclass
class ModuleTools:
    """What one module defines that an agent config may name, and what it imports locally."""

    defs: dict[str, int] = field(default_factory=dict)
    complete: bool = True
    imported_files: list[str] = field(default_factory=list)


class ProjectIndex:
    """Local-module resolution and parsed-module cache shared by one ``analyze`` call."""

    def __init__(self, roots: Iterable[str] = ()) -> None:
        self.roots = [os.path.abspath(r) for r in roots if r]
        self._listings: dict[str, dict[str, str]] = {}
        self._trees: dict[str, ast.Module | None] = {}
        self._tools: dict[str, ModuleTools] = {}
        self._facts: dict[str, Any] = {}

    # ---- directories ------------------------------------------------------

    def search_dirs(self, path: str) -> list[str]:
        directory = os.path.dirname(os.path.abspath(path))
        dirs = [directory, package_root(directory), *self.roots]
        return list(dict.fromkeys(dirs))

    def listing(self, directory: str) -> dict[str, str]:
        """Top-level importable names of a directory -> the module file or package dir."""
        if directory in self._listings:
            return self._listings[directory]
        names: dict[str, str] = {}
        try:
            entries = list(os.scandir(directory))
        except OSError:
            entries = []
        packages: dict[str, str] = {}
        namespaces: dict[str, str] = {}
        for entry in entries:
            try:
                if entry.is_file() and entry.name.endswith(".py") and entry.name[:-3].isidentifier():
                    names[entry.name[:-3]] = entry.path
                elif _is_identifier_dir(entry):
                    if os.path.isfile(os.path.join(entry.path, "__init__.py")):
                        packages[entry.name] = entry.path
                    elif _python_dir(entry.path):
                        namespaces[entry.name] = entry.path
            except OSError:
                continue
        # Python's finder: a regular package beats a module, a module beats a namespace dir.
        result = {**namespaces, **names, **packages}
        self._listings[directory] = result
        return result

    def find_top(self, name: str, path: str) -> str | None:
        """The file or dir a top-level import ``name`` of ``path`` resolves to, when local."""
        if name in sys.builtin_module_names:
            return None
        stdlib = name in getattr(sys, "stdlib_module_names", frozenset())
        for directory in self.search_dirs(path):
            found = self.listing(directory).get(name)
            if found is None:
                continue
            if stdlib and os.path.isdir(found) and not os.path.isfile(os.path.join(found, "__init__.py")):
                continue  # a stray folder does not shadow the standard library
            return found
        return None

    def relative_base(self, path: str, level: int) -> str:
        base = os.path.dirname(os.path.abspath(path))
        for _ in range(level - 1):
            base = os.path.dirname(base)
        return base

    # ---- import statements -> files ---------------------------------------

    @staticmethod
    def _init_files(target: str) -> list[str]:
        if os.path.isdir(target):
            init = os.path.join(target, "__init__.py")
            return [init] if os.path.isfile(init) else []
        return [target]

    @staticmethod
    def _child(target: str | None, part: str) -> str | None:
        """Submodule ``part`` of a package dir, in the order Python's path finder uses."""
        if target is None or not os.path.isdir(target):
            return None
        package = os.path.join(target, part)
        if os.path.isfile(os.path.join(package, "__init__.py")):
            return package
        if os.path.isfile(package + ".py"):
            return package + ".py"
        return package if os.path.isdir(package) and part.isidentifier() else None

    def _walk(self, start: str, parts: list[str]) -> tuple[list[str], str | None]:
        """Files executed importing ``start``.``parts``, and the final module (None if missing)."""
        files = self._init_files(start)
        current: str | None = start
        for part in parts:
            nxt = self._child(current, part)
            if nxt is None:
                return files, None
            files.extend(self._init_files(nxt))
            current = nxt
        return files, current

    def import_targets(self, path: str, node: ast.Import | ast.ImportFrom) -> tuple[list[str], list[tuple[str, str | None]]]:
        """(local files the statement executes, [(module as written, resolved path)] of local imports)."""
        files: list[str] = []
        found: list[tuple[str, str | None]] = []
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                top = self.find_top(parts[0], path)
                if top is not None:
                    found.append((parts[0], top))
                    files.extend(self._walk(top, parts[1:])[0])
            return files, found
        parts = node.module.split(".") if node.module else []
        if node.level == 0:
            if not parts:
                return files, found
            top = self.find_top(parts[0], path)
            if top is None:
                return files, found
            found.append((parts[0], top))
            walked, final = self._walk(top, parts[1:])
        else:
            base = self.relative_base(path, node.level)
            walked, final = self._walk(base, parts)
            written = "." * node.level + (node.module or "")
            if parts:
                found.append((written, final))
            else:  # `from . import a, b`: each name a submodule, or names of the package itself
                init = os.path.join(base, "__init__.py")
                for alias in node.names:
                    child = self._child(base, alias.name)
                    if child:
                        found.append((written + alias.name, child))
                    else:  # a name of the package itself (None: no package there to define it)
                        found.append((written, init if os.path.isfile(init) else None))
        files.extend(walked)
        if final is not None:
            for alias in node.names:
                child = self._child(final, alias.name) if alias.name != "*" else None
                if child is not None:
                    files.extend(self._init_files(child))
        return files, found

    def resolve_import_from(self, path: str, module: str | None, level: int) -> str | None:
        """The module file (or package ``__init__.py``) ``from <module> import ...`` reads."""
        parts = module.split(".") if module else []
        if level == 0:
            if not parts:
                return None
            top = self.find_top(parts[0], path)
            if top is None:
                return None
            _, final = self._walk(top, parts[1:])
        else:
            _, final = self._walk(self.relative_base(path, level), parts)
        if final is None:
            return None
        files = self._init_files(final)
        return files[0] if files else None

    # ---- parsed modules ---------------------------------------------------

    def tree(self, path: str) -> ast.Module | None:
        if path not in self._trees:
            try:
                with open(path, "rb") as fh:
                    self._trees[path] = ast.parse(fh.read(), filename=path)
            except (OSError, SyntaxError, ValueError):
                self._trees[path] = None
        return self._trees[path]

    def facts(self, path: str):
        """``ModuleFacts`` of another local module (cached), or None when unreadable."""
        if path not in self._facts:
            self._facts[path] = None  # a module importing itself back sees "unreadable", not a loop
            tree = self.tree(path)
            if tree is not None:
                from .analyze_module import ModuleFacts  # noqa: PLC0415 - analyze_module imports this module

                self._facts[path] = ModuleFacts(tree, path, self)
        return self._facts[path]

    # ---- functions and tools across modules -------------------------------

    def project_functions(self, path: str, tree: ast.Module) -> tuple[dict[str, dict[str, Any]], bool]:
        """Functions and tools of ``path`` and every local module it imports, transitively.

        Returns ``({name: {file, line}}, complete)``; ``complete`` is False when a tool's
        name cannot be read statically, a local module does not parse, or the walk
        stopped at ``MAX_PROJECT_FILES``.
        """
        start = os.path.abspath(path)
        self._trees.setdefault(start, tree)
        queue = [start]
        seen = {start}
        found: dict[str, dict[str, Any]] = {}
        complete = True
        while queue:
            current = queue.pop(0)
            module_tree = tree if current == start else self.tree(current)
            if module_tree is None:
                complete = False
                continue
            tools = self.module_tools(current, module_tree)
            complete = complete and tools.complete
            for name, line in tools.defs.items():
                found.setdefault(name, {"file": current, "line": line})
            for nxt in tools.imported_files:
                if nxt in seen:
                    continue
                if len(seen) >= MAX_PROJECT_FILES:
                    complete = False
                    break
                seen.add(nxt)
                queue.append(nxt)
        return found, complete

    def module_tools(self, path: str, tree: ast.Module) -> ModuleTools:
        if path not in self._tools:
            self._tools[path] = _ToolReader(self, path, tree).read()
        return self._tools[path]


class _ToolReader:
    """Collects one module's functions, tool names and local imports."""

    def __init__(self, index: ProjectIndex, path: str, tree: ast.Module) -> None:
        self.index = index
        self.path = path
        self.tree = tree
        self.out = ModuleTools()
        self.third_party_names: set[str] = set()
        self.module_lists: dict[str, ast.expr] = {}
        self._reading: set[str] = set()
        self.tool_classes: dict[str, bool] = {}  # BaseTool subclasses -> has a literal name

    def read(self) -> ModuleTools:
        files: list[str] = []
        nodes = list(ast.walk(self.tree))
        for node in nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                local_files, local = self.index.import_targets(self.path, node)
                files.extend(local_files)
                if not local and not (isinstance(node, ast.ImportFrom) and node.level):
                    for alias in node.names:
                        self.third_party_names.add((alias.asname or alias.name).split(".")[0])
        self.out.imported_files = list(dict.fromkeys(os.path.abspath(f) for f in files))
        for node in nodes:
            if isinstance(node, FUNC_TYPES):
                self._add(node.name, node.lineno)
                for deco in node.decorator_list:
                    name = self._decorator_tool_name(deco)
                    if name:
                        self._add(name, node.lineno)
            elif isinstance(node, ast.ClassDef):
                self._tool_class(node)
        for stmt in self.tree.body:
            self._module_assignment(stmt)
        for node in nodes:
            if isinstance(node, ast.Call):
                self._tool_list_call(node)
        return self.out

    def _add(self, name: str, line: int) -> None:
        self.out.defs.setdefault(name, line)

    @staticmethod
    def _literal_str(expr: ast.expr | None) -> str | None:
        return expr.value if isinstance(expr, ast.Constant) and isinstance(expr.value, str) else None

    def _decorator_tool_name(self, deco: ast.expr) -> str | None:
        """``@tool("web_search")`` / ``@tool(name_or_callable="x")`` -> the literal name."""
        if isinstance(deco, ast.Call) and callee_name(deco.func) == "tool":
            return self._literal_str(arg(deco, 0, "name_or_callable"))
        return None

    def _factory_name(self, call: ast.Call) -> tuple[bool, str | None]:
        """(is a tool factory call, its literal tool name)."""
        func = call.func
        if isinstance(func, ast.Call) and callee_name(func.func) == "tool":  # tool("name")(fn)
            return True, self._literal_str(arg(func, 0, "name_or_callable"))
        name = callee_name(func)
        if name not in TOOL_FACTORIES:
            return False, None
        index, keyword = TOOL_FACTORIES[name]
        literal = self._literal_str(arg(call, index, keyword) if index >= 0 else arg(call, 99, keyword))
        return True, literal

    def _tool_class(self, node: ast.ClassDef) -> None:
        """``class Lookup(BaseTool): name: str = "lookup"``."""
        if not any((callee_name(b) or "").endswith("Tool") for b in node.bases):
            return
        self.tool_classes[node.name] = False
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign):
                target, value = stmt.target, stmt.value
            elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target, value = stmt.targets[0], stmt.value
            else:
                continue
            literal = self._literal_str(value) if isinstance(target, ast.Name) and target.id == "name" else None
            if literal:
                self._add(literal, node.lineno)
                self.tool_classes[node.name] = True

    def _module_assignment(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.Assign):
            targets = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
            value = stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            targets, value = [stmt.target.id], stmt.value
        else:
            return
        if isinstance(value, ast.Await):
            value = value.value
        if isinstance(value, (ast.List, ast.Tuple, ast.Set, ast.BinOp)):
            for target in targets:
                self.module_lists[target] = value
        if isinstance(value, ast.Call):
            is_tool, literal = self._factory_name(value)
            callee = callee_name(value.func) or ""
            toolish = "tool" in callee.lower() or "search" in callee.lower()
            if is_tool or (toolish and callee not in TOOL_LIST_CALLS and callee not in OPAQUE_TOOL_SOURCES):
                for target in targets:
                    self._add(target, stmt.lineno)
                if literal:
                    self._add(literal, stmt.lineno)
                elif not is_tool:
                    self.out.complete = False  # a tool object whose name we cannot read
        if any("tool" in target.lower() for target in targets) and isinstance(value, (ast.List, ast.Tuple, ast.Set, ast.BinOp)):
            self._tool_list(value)

    def _tool_list_call(self, call: ast.Call) -> None:
        name = callee_name(call.func)
        if name in OPAQUE_TOOL_SOURCES:
            self.out.complete = False
        if name not in TOOL_LIST_CALLS:
            return
        index, keyword = TOOL_LIST_CALLS[name]
        tools = arg(call, index, keyword)
        if tools is not None:
            self._tool_list(tools)

    def _tool_list(self, expr: ast.expr) -> None:
        """Tool names of a list of tools; unreadable elements make the result incomplete."""
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            self._tool_list(expr.left)
            self._tool_list(expr.right)
            return
        if isinstance(expr, ast.Name):
            if expr.id in self.third_party_names:
                self.out.complete = False
            elif expr.id in self.module_lists and expr.id not in self._reading:
                self._reading.add(expr.id)
                self._tool_list(self.module_lists[expr.id])
            return  # otherwise a local list is read where it is defined
        if not isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            if not isinstance(expr, ast.Attribute):
                self.out.complete = False
            return
        for element in expr.elts:
            if isinstance(element, ast.Starred):
                self._tool_list(element.value)
            elif isinstance(element, ast.Name):
                if element.id in self.third_party_names:
                    self.out.complete = False  # a tool from a library: its name is its own
            elif isinstance(element, ast.Call):
                is_tool, literal = self._factory_name(element)
                if literal:
                    self._add(literal, element.lineno)
                elif isinstance(element.func, ast.Name) and self.tool_classes.get(element.func.id):
                    continue  # an instance of a tool class of this module: its name was read
                elif not is_tool or not element.args or not isinstance(element.args[-1], (ast.Name, ast.Attribute)):
                    self.out.complete = False
            elif not isinstance(element, ast.Attribute):
                self.out.complete = False
