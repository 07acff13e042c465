"""Import hooks of the fake models and of the model census must not call each other forever.

Both watch ``langchain.chat_models``; when a fresh process loads a graph that imports it with
``inspect(fake_models=True)``, both hooks are installed at once. This ran into a
RecursionError once (each hook delegated to the other), so it runs in a fresh process here.
"""

from __future__ import annotations

import json

from conftest import fixture, requires_langgraph, run_call


@requires_langgraph
def test_inspect_with_fake_models_imports_langchain_chat_models_in_a_fresh_process() -> None:
    code, lines, stderr = run_call("inspect", {"ref": fixture("init_chat_workflow.py"), "fake_models": True})
    assert code == 0, stderr
    response = json.loads(lines[-1])
    assert response["ok"] is True, response.get("error")
    assert response["result"]["nodes"], response["result"]
