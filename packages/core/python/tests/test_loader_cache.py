"""The loader remembers installed module files, so a warm worker's loads stay cheap, while
modules next to a workflow are still dropped before every load."""

from __future__ import annotations

import sys

import pytest

from exec_automator_runner import loader


def test_installed_modules_are_remembered_and_never_purged(tmp_path):
    pytest.importorskip("langgraph")
    import langgraph.graph  # noqa: F401 - an installed package in sys.modules

    (tmp_path / "wf_local_helper.py").write_text("VALUE = 1\n")
    sys.path.insert(0, str(tmp_path))
    try:
        import wf_local_helper  # noqa: F401

        removed = loader.purge_local_modules(str(tmp_path))
        assert "wf_local_helper" in removed
        assert "langgraph.graph" in sys.modules
        assert sys.modules["langgraph.graph"].__file__ in loader._INSTALLED_FILES

        # Warm cache: the sibling helper is purged again on the next load.
        import wf_local_helper  # noqa: F401, F811

        assert "wf_local_helper" in loader.purge_local_modules(str(tmp_path))
        assert "langgraph.graph" in sys.modules
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("wf_local_helper", None)
