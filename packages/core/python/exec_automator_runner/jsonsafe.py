"""Conversion of arbitrary graph state into JSON-safe values.

Graph state routinely holds LangChain messages, pydantic models, dataclasses,
sets and other objects ``json`` cannot encode.  The TypeScript side only needs a
faithful, readable rendering, so the conversion never fails: anything unknown
becomes ``str(obj)``.  LangChain and pydantic are recognised by duck typing so
this module stays stdlib-only.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import enum
import json
import math
import uuid
from decimal import Decimal
from pathlib import PurePath
from typing import Any

_MAX_DEPTH = 64
_MESSAGE_TYPES = {
    "ai": "ai",
    "AIMessageChunk": "ai",
    "human": "human",
    "HumanMessageChunk": "human",
    "system": "system",
    "SystemMessageChunk": "system",
    "tool": "tool",
    "ToolMessageChunk": "tool",
}


def _is_message(obj: Any) -> bool:
    """True for langchain_core ``BaseMessage`` instances (checked by MRO name)."""
    return any(cls.__name__ == "BaseMessage" for cls in type(obj).__mro__) and hasattr(obj, "content")


def message_to_json(msg: Any, depth: int = 0) -> dict[str, Any]:
    """Render a LangChain message as ``{"type", "content", "tool_calls"?, "name"?}``."""
    raw_type = getattr(msg, "type", None) or type(msg).__name__
    out: dict[str, Any] = {
        "type": _MESSAGE_TYPES.get(raw_type, raw_type),
        "content": to_jsonable(getattr(msg, "content", None), depth + 1),
    }
    tool_calls = getattr(msg, "tool_calls", None)
    if tool_calls:
        out["tool_calls"] = to_jsonable(list(tool_calls), depth + 1)
    name = getattr(msg, "name", None)
    if name:
        out["name"] = name
    tool_call_id = getattr(msg, "tool_call_id", None)
    if tool_call_id:
        out["tool_call_id"] = tool_call_id
    return out


def to_jsonable(obj: Any, depth: int = 0) -> Any:
    """Return a value ``json.dumps(..., allow_nan=False)`` accepts."""
    if depth > _MAX_DEPTH:
        return str(obj)
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else str(obj)
    if isinstance(obj, dict):
        return {_key(k): to_jsonable(v, depth + 1) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v, depth + 1) for v in obj]
    if isinstance(obj, (set, frozenset)):
        items = [to_jsonable(v, depth + 1) for v in obj]
        try:
            return sorted(items)
        except TypeError:
            return items
    if _is_message(obj):
        return message_to_json(obj, depth)
    if isinstance(obj, enum.Enum):
        return to_jsonable(obj.value, depth + 1)
    if isinstance(obj, (datetime.datetime, datetime.date, datetime.time)):
        return obj.isoformat()
    if isinstance(obj, (uuid.UUID, Decimal, PurePath)):
        return str(obj)
    if isinstance(obj, (bytes, bytearray)):
        try:
            return bytes(obj).decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(bytes(obj)).decode("ascii")
    dump = getattr(obj, "model_dump", None)
    if callable(dump) and not isinstance(obj, type):
        try:
            return to_jsonable(dump(mode="json"), depth + 1)
        except Exception:  # noqa: BLE001 - fall through to the generic rendering
            pass
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        try:
            fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        except Exception:  # noqa: BLE001
            return str(obj)
        return {k: to_jsonable(v, depth + 1) for k, v in fields.items()}
    legacy_dict = getattr(obj, "dict", None)
    if callable(legacy_dict) and hasattr(obj, "__fields__") and not isinstance(obj, type):
        try:
            return to_jsonable(legacy_dict(), depth + 1)
        except Exception:  # noqa: BLE001
            pass
    return str(obj)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, enum.Enum):
        return str(key.value)
    return str(key)


def dumps_line(obj: Any) -> str:
    """Serialise one protocol message as a single ASCII JSON line.

    ASCII keeps the stream independent of the pipe's encoding; if the object is
    not already JSON-safe it is converted rather than failing the response.
    """
    try:
        text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        text = json.dumps(to_jsonable(obj), ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text + "\n"
