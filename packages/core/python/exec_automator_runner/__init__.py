"""exec-automator Python runner.

A small JSON-lines worker that the TypeScript side of exec-automator starts
with a project's virtualenv interpreter to analyze, inspect and invoke LangGraph
workflows.  Every module in this package imports only the standard library at
import time; LangGraph / LangChain are imported lazily inside the operations that
need them, so ``analyze``, ``ping``, ``check_requirements`` and
``list_packages`` work on a bare system Python.
"""

PROTOCOL_VERSION = 1
