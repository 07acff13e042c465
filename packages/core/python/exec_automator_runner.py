#!/usr/bin/env python3
"""Entry point of the exec-automator Python runner.

The TypeScript side starts ``<venv>/bin/python exec_automator_runner.py serve``
(or ``call <op>``).  The implementation lives in the sibling package directory
``exec_automator_runner/``; this file only makes that directory importable and
hands over to it.  It is deliberately written in the most conservative syntax so
that an interpreter that is too old still gets a readable, machine-parsable
error instead of a SyntaxError from the package.
"""
import json
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))


def _too_old():
    """Report an unsupported interpreter as a protocol error line, exit 3."""
    message = "exec-automator runner needs Python >= 3.10, got %s (%s)" % (
        sys.version.split()[0],
        sys.executable,
    )
    sys.stdout.write(
        json.dumps(
            {
                "id": 0,
                "ok": False,
                "error": {
                    "type": "RuntimeError",
                    "code": "INTERNAL",
                    "message": message,
                    "file": None,
                    "line": None,
                    "traceback": "",
                },
            }
        )
        + "\n"
    )
    sys.stdout.flush()
    return 3


if __name__ == "__main__":
    if sys.version_info < (3, 10):
        sys.exit(_too_old())
    # The package directory of the same name wins over this file on import
    # (the path finder checks for a package directory before a module file).
    if _HERE not in sys.path:
        sys.path.insert(0, _HERE)
    from exec_automator_runner.cli import main

    sys.exit(main(sys.argv[1:]))
