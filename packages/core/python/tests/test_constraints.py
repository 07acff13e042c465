"""``check_minimums``: declared requirements against the required minimums (PEP 440)."""

from __future__ import annotations

import pytest
from conftest import ok

from exec_automator_runner import constraints

MINIMUMS = ["langgraph>=0.2.0", "langchain>=0.3.0", "mcp>=1.0.0"]


def compatible(line: str) -> bool:
    [result] = constraints.check_minimums([line], MINIMUMS)
    return result["compatible"]


@pytest.mark.parametrize(
    "line",
    [
        "langgraph==0.1.19",
        "langgraph<0.2",
        "langgraph<0.2.0rc1",
        "langgraph==0.2.0rc1",  # a pre-release of 0.2.0 is older than 0.2.0
        "langgraph~=0.1.5",  # >=0.1.5, ==0.1.*
        "langgraph==0.1.*",
        "langgraph===0.1.19",
        "langgraph>0.1,<=0.1.99",
        "LangGraph[extra] == 0.1.19 ; python_version >= '3.8'",
    ],
)
def test_pins_below_the_minimum_are_incompatible(line):
    assert not compatible(line)


@pytest.mark.parametrize(
    "line",
    [
        "langgraph",
        "langgraph>=0.1",
        "langgraph==0.2.0",
        "langgraph==0.2.0+local.1",  # a local version of 0.2.0 satisfies >=0.2.0
        "langgraph!=0.2.0",  # 0.2.1 still fits
        "langgraph~=0.2",
        "langgraph<=0.2.0",
        "langgraph==1.*",
        "langgraph===1.0.0",
        "langgraph==0.3.0.post1",
    ],
)
def test_pins_that_leave_room_for_the_minimum_are_compatible(line):
    assert compatible(line)


def test_projects_without_a_minimum_and_comments_are_not_reported():
    assert constraints.check_minimums(["requests==1.0", "# langgraph==0.1", "-r other.txt"], MINIMUMS) == []


def test_the_reason_names_both_lines():
    [result] = constraints.check_minimums(["mcp==0.9"], MINIMUMS)
    assert result == {
        "requirement": "mcp==0.9",
        "name": "mcp",
        "minimum": "mcp>=1.0.0",
        "compatible": False,
        "reason": "mcp==0.9 allows no version that satisfies mcp>=1.0.0",
    }


def test_without_packaging_exact_pins_are_still_compared(monkeypatch):
    monkeypatch.setattr(constraints, "_packaging", lambda: None)
    assert not compatible("langgraph==0.1.19")
    assert compatible("langgraph==0.2")
    assert compatible("langgraph<0.2")  # only exact pins can be judged without packaging


def test_the_op_answers_over_the_protocol():
    result = ok("check_minimums", {"declared": ["langgraph==0.1.0"], "minimums": MINIMUMS})
    assert [r["compatible"] for r in result["results"]] == [False]


def test_find_modules_names_the_modules_that_cannot_be_imported():
    result = ok("find_modules", {"modules": ["json", "no_such_module_xyz"]})
    assert result == {"missing": ["no_such_module_xyz"]}
