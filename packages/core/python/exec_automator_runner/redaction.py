"""Masks known secret values before anything the runner writes leaves the process.

The values of one request are: the ``runner_secrets`` it sent (checkpoint store
password, encryption key), and the value of every environment variable -- the
process's and the request's ``env`` -- whose name is listed in the request's
``redact_env`` or looks like a secret (the same name pattern as the TypeScript
side's ``SECRET_NAME_PATTERN``: ``*_API_KEY``, ``*_TOKEN``, ``*_SECRET``,
``*_PASSWORD``, ...).  Values shorter than 4 characters are not masked (as in the
TypeScript ``Redactor``).

What is masked, as ``***``:

- every log record, at creation (a record factory, so handlers the workflow adds
  itself are covered too): its message with the arguments merged in, its
  exception text and stack; and, by a filter on the handlers of the
  environment's logging config, string fields given with ``extra=``;
- exceptions stored by a persistent checkpointer (LangGraph writes a failed
  task's exception as its ``repr``; see ``checkpointers.CompressingSerializer``);
- the error message and traceback of an ``invoke`` result.
"""

from __future__ import annotations

import logging
import os
import re
import traceback
from typing import Any

from . import secret_channel

MASK = "***"
SECRET_NAME = re.compile(r"(API_KEY|TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE_KEY|WEBHOOK|WEBHOOK_URL|ROUTING_KEY|AES_KEY|CREDENTIALS?)$", re.I)
MIN_LENGTH = 4

_VALUES: list[str] = []
_INSTALLED = False
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def begin(params: Any) -> None:
    """Collect the secret values of one request (call with its ``env`` applied).

    Pops ``redact_env`` from ``params``; it never reaches the op.
    """
    names: set[str] = set()
    if isinstance(params, dict):
        listed = params.pop("redact_env", None)
        if isinstance(listed, list):
            names.update(n for n in listed if isinstance(n, str))
    found = set(secret_channel.values())
    for name, value in os.environ.items():
        if name in names or SECRET_NAME.search(name):
            found.add(value)
    # Longest first, so a secret holding another is masked whole.
    _VALUES[:] = sorted((v for v in found if isinstance(v, str) and len(v) >= MIN_LENGTH), key=len, reverse=True)
    install()


def active() -> bool:
    """True when there is anything to mask."""
    return bool(_VALUES)


def redact(text: str) -> str:
    """``text`` with every known secret value replaced by ``***``."""
    for value in _VALUES:
        if value in text:
            text = text.replace(value, MASK)
    return text


def redact_deep(value: Any) -> Any:
    """A copy of ``value`` (JSON-like) with every string redacted."""
    if not _VALUES:
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: redact_deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_deep(v) for v in value]
    return value


def for_storage(obj: Any) -> Any:
    """What a checkpointer stores for ``obj``: an exception as its redacted ``repr``.

    LangGraph's serializer stores exceptions as ``repr(exc)`` already; doing it
    here first lets the text be masked before it is written.
    """
    if isinstance(obj, BaseException):
        return redact(repr(obj))
    return obj


def scrub(record: logging.LogRecord) -> logging.LogRecord:
    """Mask a record's message (arguments merged), exception text and stack."""
    if not _VALUES:
        return record
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a bad format string must not break logging
        message = str(record.msg)
    record.msg = redact(message)
    record.args = None
    if record.exc_info and record.exc_info[0] is not None:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = redact(text)
        record.exc_info = None
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


class RedactFilter(logging.Filter):
    """Handler filter: masks what a record got after creation (``extra=`` string fields)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _VALUES:
            return True
        scrub(record)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, redact(value))
        return True


def install() -> None:
    """Wrap the log record factory once per process."""
    global _INSTALLED
    if _INSTALLED:
        return
    original = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return scrub(original(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _INSTALLED = True
