"""Tests for ``check_requirements`` and ``list_packages`` (stdlib only)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import sys

import pytest
from conftest import err, ok

from exec_automator_runner import requirements as reqs

PYTEST_VERSION = importlib.metadata.version("pytest")
PY = "%d.%d.%d" % sys.version_info[:3]


def by_requirement(result: dict) -> dict:
    return {r["requirement"]: r for r in result["results"]}


def test_check_requirements_installed_missing_and_unsatisfied():
    result = ok(
        "check_requirements",
        {"requirements": ["pytest>=1.0", "PyTest>=999", "definitely-not-a-real-pkg-xyz>=1.0.0", "pytest"]},
    )
    assert result["python"] == PY
    rows = by_requirement(result)
    assert rows["pytest>=1.0"] == {
        "requirement": "pytest>=1.0",
        "name": "pytest",
        "installed": PYTEST_VERSION,
        "satisfied": True,
        "reason": None,
    }
    assert rows["PyTest>=999"]["installed"] == PYTEST_VERSION  # names are normalised
    assert rows["PyTest>=999"]["satisfied"] is False
    assert rows["PyTest>=999"]["reason"] == f"{PYTEST_VERSION} does not satisfy >=999"
    assert rows["definitely-not-a-real-pkg-xyz>=1.0.0"] == {
        "requirement": "definitely-not-a-real-pkg-xyz>=1.0.0",
        "name": "definitely-not-a-real-pkg-xyz",
        "installed": None,
        "satisfied": False,
        "reason": "not installed",
    }
    assert rows["pytest"]["satisfied"] is True


def test_check_requirements_langgraph_when_present():
    if importlib.util.find_spec("langgraph") is None:
        pytest.skip("langgraph not installed here")
    row = ok("check_requirements", {"requirements": ["langgraph>=0.2.0"]})["results"][0]
    assert row["installed"] == importlib.metadata.version("langgraph")
    assert row["satisfied"] is True


def test_invalid_and_comment_entries():
    result = ok("check_requirements", {"requirements": ["!!!bad", "# a comment", "  ", "pytest>=1 # pinned"]})
    assert [r["requirement"] for r in result["results"]] == ["!!!bad", "pytest>=1 # pinned"]
    bad = result["results"][0]
    assert bad["satisfied"] is False and bad["name"] == "!!!bad"
    assert bad["reason"].startswith("invalid requirement")
    assert result["results"][1]["satisfied"] is True


def test_prereleases_count_when_installed(monkeypatch):
    monkeypatch.setattr(reqs, "installed_version", lambda name: "2.0.0rc1")
    for checker in (None, reqs.check_fallback):
        result = reqs.check_requirements(["somepkg>=1.5"], checker=checker)
        assert result["results"][0]["satisfied"] is True, checker
        result = reqs.check_requirements(["somepkg>=2.1"], checker=checker)
        assert result["results"][0]["satisfied"] is False


def test_environment_markers(monkeypatch):
    pytest.importorskip("packaging")
    monkeypatch.setattr(reqs, "installed_version", lambda name: None)
    row = reqs.check_requirements(['winonly>=1; sys_platform == "nonexistent-os"'])["results"][0]
    assert row["satisfied"] is True and "marker" in row["reason"]


@pytest.mark.parametrize(
    "spec,installed,expected",
    [
        ("pkg>=1.0", "1.0.0", True),
        ("pkg>=2", "1.0.0", False),
        ("pkg<2,>=1", "1.9", True),
        ("pkg==1.2", "1.2.0", True),
        ("pkg!=1.2", "1.2.0", False),
        ("pkg==1.*", "1.7.3", True),
        ("pkg==1.*", "2.0", False),
        ("pkg~=1.4", "1.9", True),
        ("pkg~=1.4.2", "1.5.0", False),
        ("pkg[extra] >= 0.3", "0.3.1", True),
        ("pkg>1.0", "1.0", False),
        ("pkg===1.0", "1.0", True),
        ("pkg (>=1.0)", "1.2", True),
    ],
)
def test_fallback_parser(monkeypatch, spec, installed, expected):
    monkeypatch.setattr(reqs, "installed_version", lambda name: installed)
    row = reqs.check_fallback(spec)
    assert row["name"] == "pkg"
    assert row["satisfied"] is expected
    if not expected:
        assert row["reason"].startswith(f"{installed} does not satisfy")


def test_fallback_used_when_packaging_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "packaging.requirements", None)
    assert reqs._checker() is reqs.check_fallback
    result = ok("check_requirements", {"requirements": ["pytest>=1", "pytest>=999", "nope-pkg-xyz"]})
    assert [r["satisfied"] for r in result["results"]] == [True, False, False]
    assert result["results"][2]["reason"] == "not installed"


def test_check_requirements_bad_params():
    assert err("check_requirements", {})["code"] == "BAD_REQUEST"
    assert err("check_requirements", {"requirements": "pytest"})["code"] == "BAD_REQUEST"
    assert err("check_requirements", {"requirements": [1]})["code"] == "BAD_REQUEST"


def test_list_packages():
    packages = ok("list_packages", {})
    assert isinstance(packages, list) and packages
    assert all(set(p) == {"name", "version"} for p in packages)
    keys = [reqs.canonical_name(p["name"]) for p in packages]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))
    versions = {reqs.canonical_name(p["name"]): p["version"] for p in packages}
    assert versions["pytest"] == PYTEST_VERSION
