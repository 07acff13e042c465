"""``check_requirements`` and ``list_packages``: what is installed in this interpreter.

Answers come from ``importlib.metadata`` of the running interpreter (the venv the
TS side started), so they reflect exactly what a workflow would import.
``packaging`` is used when importable; otherwise a small fallback parser that
handles the usual ``name[extras] >=x, <y`` forms keeps this stdlib-only.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from collections.abc import Callable
from typing import Any

_NAME_RE = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$")
_SPEC_RE = re.compile(r"^\s*(===|==|!=|~=|>=|<=|>|<)\s*([^\s,;]+)\s*$")


def python_version() -> str:
    return "%d.%d.%d" % sys.version_info[:3]


def canonical_name(name: str) -> str:
    """PEP 503 normalisation (``Foo_Bar`` == ``foo-bar``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_version(name: str) -> str | None:
    for candidate in (name, canonical_name(name), canonical_name(name).replace("-", "_")):
        try:
            return importlib.metadata.version(candidate)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


# --------------------------------------------------------------------------
# requirement evaluation
# --------------------------------------------------------------------------


def _check_with_packaging(text: str) -> dict[str, Any]:
    from packaging.requirements import Requirement
    from packaging.version import InvalidVersion, Version

    req = Requirement(text)
    result = {"requirement": text, "name": req.name, "installed": installed_version(req.name)}
    if req.marker is not None and not req.marker.evaluate():
        return {**result, "satisfied": True, "reason": "not required in this environment (marker is false)"}
    if result["installed"] is None:
        return {**result, "satisfied": False, "reason": "not installed"}
    spec = req.specifier
    if not str(spec):
        return {**result, "satisfied": True, "reason": None}
    try:
        ok = spec.contains(Version(result["installed"]), prereleases=True)
    except InvalidVersion:
        ok = spec.contains(result["installed"], prereleases=True)
    reason = None if ok else f"{result['installed']} does not satisfy {spec}"
    return {**result, "satisfied": bool(ok), "reason": reason}


def _release(version: str) -> tuple[int, ...]:
    """Numeric release tuple of a version (pre/post/dev suffixes ignored)."""
    match = re.match(r"^\s*v?(\d+(?:\.\d+)*)", version)
    if not match:
        raise ValueError(f"unparsable version {version!r}")
    parts = [int(p) for p in match.group(1).split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _fallback_matches(installed: str, op: str, wanted: str) -> bool:
    if op == "===":
        return installed == wanted
    if op in ("==", "!=") and wanted.endswith(".*"):
        prefix = _release(wanted[:-2])
        equal = _release(installed)[: len(prefix)] == prefix
        return equal if op == "==" else not equal
    have, want = _release(installed), _release(wanted)
    if op == "~=":
        head = want[:-1] if len(want) > 1 else want
        return have >= want and have[: len(head)] == head
    return {
        "==": have == want,
        "!=": have != want,
        ">=": have >= want,
        "<=": have <= want,
        ">": have > want,
        "<": have < want,
    }[op]


def check_fallback(text: str) -> dict[str, Any]:
    """Stdlib-only evaluation of ``name[extras] op version, ...`` (markers ignored)."""
    body = text.split(";", 1)[0]
    match = _NAME_RE.match(body)
    if not match:
        raise ValueError(f"invalid requirement {text!r}")
    name, spec_text = match.group(1), match.group(3).strip()
    if spec_text.startswith("(") and spec_text.endswith(")"):
        spec_text = spec_text[1:-1]
    clauses = []
    for clause in filter(None, (c.strip() for c in spec_text.split(","))):
        spec_match = _SPEC_RE.match(clause)
        if not spec_match:
            raise ValueError(f"invalid version specifier {clause!r} in {text!r}")
        clauses.append((spec_match.group(1), spec_match.group(2)))
    installed = installed_version(name)
    result = {"requirement": text, "name": name, "installed": installed}
    if installed is None:
        return {**result, "satisfied": False, "reason": "not installed"}
    failed = [f"{op}{ver}" for op, ver in clauses if not _fallback_matches(installed, op, ver)]
    if failed:
        return {**result, "satisfied": False, "reason": f"{installed} does not satisfy {','.join(failed)}"}
    return {**result, "satisfied": True, "reason": None}


def _checker() -> Callable[[str], dict[str, Any]]:
    try:
        import packaging.requirements  # noqa: F401
        import packaging.version  # noqa: F401
    except ImportError:
        return check_fallback
    return _check_with_packaging


def _guess_name(text: str) -> str:
    """Leading name-like part of an unparsable line (the TS type wants a string)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", text)
    return match.group(1) if match else text.strip()


def check_requirements(
    requirements: list[str], checker: Callable[[str], dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Evaluate each requirement string; invalid ones are reported, not raised."""
    check = checker or _checker()
    results = []
    for raw in requirements:
        text = raw.split(" #", 1)[0].strip()
        try:
            results.append({**check(text), "requirement": raw})  # echo the caller's string
        except Exception as exc:  # noqa: BLE001 - packaging.InvalidRequirement, ValueError
            results.append(
                {
                    "requirement": raw,
                    "name": _guess_name(text),
                    "installed": None,
                    "satisfied": False,
                    "reason": f"invalid requirement: {exc}",
                }
            )
    return {"python": python_version(), "results": results}


# --------------------------------------------------------------------------
# list_packages
# --------------------------------------------------------------------------


def list_packages() -> list[dict[str, str]]:
    """``pip list --format=json``-shaped list; first distribution on sys.path wins."""
    seen: dict[str, dict[str, str]] = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"] if dist.metadata else None
        if not name:
            continue
        seen.setdefault(canonical_name(name), {"name": name, "version": dist.version})
    return sorted(seen.values(), key=lambda item: canonical_name(item["name"]))
