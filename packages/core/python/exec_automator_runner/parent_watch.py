"""Ending with the process that started us: no orphaned runner, no orphaned children.

The runner is started in its own process group (so a timeout or a cancel can
kill it with everything the graph started).  The flip side: when the operation
that started it dies (SIGKILL, a crash), nothing kills the group.  Three watches
close that gap, each ending the whole group:

- stdin, the protocol channel, reaches EOF while an op runs (the parent's end of
  the pipe closes when the parent dies, however it dies);
- ``PR_SET_PDEATHSIG`` (Linux, through ``prctl``): the kernel sends SIGTERM when
  the parent dies, and the SIGTERM handler ends the group;
- the parent pid changes (the runner was re-parented), checked every second:
  the portable fallback.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1


def end_group(code: int = 1) -> None:
    """Kill this runner's whole process group (when it leads one), else exit at once."""
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    try:
        if os.getpgrp() == os.getpid():
            os.killpg(os.getpgrp(), signal.SIGKILL)
    except OSError:
        pass
    os._exit(code)


def _on_term(signum: int, frame: object) -> None:
    end_group(128 + signum)


def _set_pdeathsig(sig: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def watch_parent(parent_pid: int | None) -> None:
    """Start the watches that end this runner's group when ``parent_pid`` dies."""
    signal.signal(signal.SIGTERM, _on_term)
    if parent_pid is None:
        return
    _set_pdeathsig(signal.SIGTERM)
    # The parent may have died before prctl: then we were re-parented already.
    if os.getppid() != parent_pid:
        end_group(1)

    def poll() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                end_group(1)

    threading.Thread(target=poll, name="parent-watch", daemon=True).start()
