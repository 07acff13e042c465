#!/usr/bin/env python3
"""Runs one command and ends its whole process group when the parent dies.

``exec_automator_guard.py <parent-pid> -- <command> [args...]``

exec-automator starts installers (uv, pip, ``python -m venv``) in their own
process group so a timeout kills them with everything they started.  If the
exec-automator process itself is killed (SIGKILL), nothing would end that
group: this guard leads it, runs the command as its child, and kills the group
as soon as the parent is gone (``PR_SET_PDEATHSIG`` on Linux, and a parent-pid
check twice a second everywhere).  Standard streams pass through; the exit
code is the command's (128 + N when it died of signal N).  Standard library only.
"""
import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys


def _end(*_args):
    try:
        if os.getpgrp() == os.getpid():
            os.killpg(os.getpgrp(), signal.SIGKILL)
    except OSError:
        pass
    os._exit(137)


def _pdeathsig(sig):
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, sig, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main(argv):
    if len(argv) < 3 or argv[1] != "--" or not argv[0].isdigit():
        sys.stderr.write("usage: exec_automator_guard.py <parent-pid> -- <command> [args...]\n")
        return 2
    parent = int(argv[0])
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _end)
    _pdeathsig(signal.SIGTERM)
    if os.getppid() != parent:
        _end()
    try:
        child = subprocess.Popen(argv[2:])
    except OSError as exc:
        sys.stderr.write("cannot run %s: %s\n" % (argv[2], exc))
        return 127
    while True:
        try:
            code = child.wait(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            if os.getppid() != parent:
                _end()
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
