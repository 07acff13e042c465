"""A request's ``env`` is set for that request only: one warm worker serves phases whose
workflows run with different settings, and nothing one request sets leaks into the next."""

from __future__ import annotations

import os

import pytest

from exec_automator_runner.cli import handle, scoped_environ
from exec_automator_runner.errors import RunnerError


def test_sets_and_restores_variables() -> None:
    os.environ["EXEC_AUTOMATOR_T_KEEP"] = "before"
    os.environ.pop("EXEC_AUTOMATOR_T_NEW", None)
    with scoped_environ({"EXEC_AUTOMATOR_T_KEEP": "during", "EXEC_AUTOMATOR_T_NEW": "set"}):
        assert os.environ["EXEC_AUTOMATOR_T_KEEP"] == "during"
        assert os.environ["EXEC_AUTOMATOR_T_NEW"] == "set"
    assert os.environ["EXEC_AUTOMATOR_T_KEEP"] == "before"
    assert "EXEC_AUTOMATOR_T_NEW" not in os.environ


def test_restores_after_a_failing_request() -> None:
    os.environ.pop("EXEC_AUTOMATOR_T_FAIL", None)
    response = handle("no_such_op", {}, {"EXEC_AUTOMATOR_T_FAIL": "x"})
    assert response["ok"] is False
    assert "EXEC_AUTOMATOR_T_FAIL" not in os.environ


def test_rejects_a_malformed_env() -> None:
    with pytest.raises(RunnerError):
        with scoped_environ({"A": 1}):
            pass
    response = handle("ping", {}, ["not", "an", "object"])
    assert response["ok"] is False
    assert response["error"]["code"] == "BAD_REQUEST"
