"""``check_minimums``: do declared requirements leave room for the required minimums?

Runs before anything is installed, on the base interpreter: a project that pins
``langgraph==0.1.19`` while the deployment needs ``langgraph>=0.2.0`` is told so
at once, with PEP 440 semantics (pre-releases, local versions, ``~=``, ``!=``,
``===``, wildcards), instead of failing later inside the installer.

Two specifier sets are compatible when some version satisfies both.  Every
boundary of a specifier set is one of the versions it names, so it suffices to
try those versions, a version just above each, and a very large one.
``packaging`` is used when importable, else pip's vendored copy (every Python
with pip has one); without either, only exact pins are compared.
"""

from __future__ import annotations

import re
from typing import Any

from .requirements import canonical_name

_NAME_RE = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)$")
_PIN_RE = re.compile(r"^\s*===?\s*([^\s,;*]+)\s*(?:;.*)?$")


def _packaging() -> Any:
    try:
        import packaging.specifiers as specifiers
        import packaging.version as version
    except ImportError:
        try:
            import pip._vendor.packaging.specifiers as specifiers  # type: ignore[no-redef]
            import pip._vendor.packaging.version as version  # type: ignore[no-redef]
        except ImportError:
            return None
    return specifiers, version


def check_minimums(declared: list[str], minimums: list[str]) -> list[dict[str, Any]]:
    """One entry per declared requirement that names a project with a minimum.

    Each entry: ``requirement``, ``name``, ``minimum`` (the required line), ``compatible``
    and ``reason`` (why not, or None).
    """
    required: dict[str, str] = {}
    for line in minimums:
        match = _NAME_RE.match(line)
        if match:
            required[canonical_name(match.group(1))] = line.strip()
    lib = _packaging()
    results = []
    for line in declared:
        match = _NAME_RE.match(line)
        if not match or line.lstrip().startswith(("#", "-")):
            continue
        name = canonical_name(match.group(1))
        minimum = required.get(name)
        if minimum is None:
            continue
        spec = match.group(2).split(";", 1)[0].strip()
        needed = _NAME_RE.match(minimum).group(2).split(";", 1)[0].strip()  # type: ignore[union-attr]
        ok = _compatible(lib, spec, needed)
        results.append(
            {
                "requirement": line.strip(),
                "name": name,
                "minimum": minimum,
                "compatible": ok,
                "reason": None if ok else f"{line.strip()} allows no version that satisfies {minimum}",
            }
        )
    return results


def _compatible(lib: Any, spec: str, needed: str) -> bool:
    if not spec or not needed:
        return True
    if lib is None:
        return _compatible_fallback(spec, needed)
    specifiers, version = lib
    try:
        mine = specifiers.SpecifierSet(spec)
        theirs = specifiers.SpecifierSet(needed)
    except specifiers.InvalidSpecifier:
        return True  # the installer reports a malformed line better than we can
    for candidate in _candidates(version, [*mine, *theirs]):
        if mine.contains(candidate, prereleases=True) and theirs.contains(candidate, prereleases=True):
            return True
    return False


def _candidates(version: Any, specs: list[Any]) -> list[Any]:
    out: list[Any] = [version.Version("99999")]
    for spec in specs:
        text = spec.version
        if text.endswith(".*"):
            text = text[:-2]
        try:
            v = version.Version(text)
        except version.InvalidVersion:
            continue  # `===` with a non-PEP 440 string: only an exact match could satisfy it
        release = ".".join(str(p) for p in v.release)
        out.append(v)
        out.append(version.Version(f"{release}.1"))  # just above v
        out.append(version.Version(f"{release}.99999"))  # the top of a wildcard / ~= range
    return out


def _compatible_fallback(spec: str, needed: str) -> bool:
    """Without packaging: an exact pin against a ``>=`` minimum, by release numbers."""
    pin = _PIN_RE.match(spec)
    floor = re.match(r"^\s*>=\s*([0-9][0-9.]*)\s*$", needed)
    if not pin or not floor:
        return True
    numbers = re.match(r"^v?(\d+(?:\.\d+)*)", pin.group(1))
    if not numbers:
        return True
    return _release(numbers.group(1)) >= _release(floor.group(1))


def _release(text: str) -> tuple[int, ...]:
    parts = [int(p) for p in text.split(".") if p]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)
