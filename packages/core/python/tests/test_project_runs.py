"""Real LangGraph project shapes: a src-layout ReAct agent loaded with ``sys_path``, run
contexts and their defaults, ``config``, ``cwd``, and ``default_response`` smoke runs."""

from __future__ import annotations

import os
import shutil
import sys
import uuid

import pytest
from conftest import FIXTURES, err, fixture, ok

pytest.importorskip("langgraph")
pytest.importorskip("langchain")
pytest.importorskip("langchain_anthropic")

PROJECT_SRC = str(FIXTURES / "react_project" / "src")
AGENT = PROJECT_SRC + "/my_agent/graph.py:graph"
STARTER_SRC = str(FIXTURES / "starter_project" / "src")
STARTER = STARTER_SRC + "/agent/graph.py"
QUESTION = {"messages": [{"role": "user", "content": "find owls"}]}
TOOL_CALL = {
    "content": "",
    "tool_calls": [
        {"name": "search", "args": {"query": "owls"}, "id": "call_s"},
        {"name": "word_count", "args": {"text": "one two three"}, "id": "call_w"},
    ],
    "usage": {"input_tokens": 12, "output_tokens": 4},
}


@pytest.fixture(autouse=True)
def no_api_keys(monkeypatch):
    for key in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(key, raising=False)


def agent(**params):
    return ok("invoke", {"ref": AGENT, "sys_path": [PROJECT_SRC], **params})


def test_recorded_tool_call_runs_the_real_tools_and_loops_back():
    result = agent(input=QUESTION, fake_models={"responses": [TOOL_CALL, "Owls found."]})
    assert result["status"] == "completed", result["error"]
    messages = result["output"]["messages"]
    assert [m["type"] for m in messages] == ["human", "ai", "tool", "tool", "ai"]
    assert messages[2] == {
        "type": "tool",
        "content": '{"query": "owls", "hits": ["result for owls"]}',  # the async tool really ran
        "name": "search",
        "tool_call_id": "call_s",
    }
    assert messages[3]["content"] == "3" and messages[3]["name"] == "word_count"
    assert messages[4] == {"type": "ai", "content": "Owls found."}
    assert result["output"]["model_turns"] == 2
    # model named by the context default (load_chat_model("anthropic/...") -> init_chat_model)
    assert result["model_calls"] == [
        {"model": "claude-sonnet-4-5-20250929", "node": "call_model", "input_tokens": 12, "output_tokens": 4},
        {"model": "claude-sonnet-4-5-20250929", "node": "call_model", "input_tokens": 0, "output_tokens": 0},
    ]


def test_context_from_params_is_visible_to_the_node():
    result = agent(
        input=QUESTION,
        context={"user_name": "Ada", "model": "openai/gpt-4o", "max_results": 7},
        fake_models={"responses": ["hi Ada"]},
    )
    assert result["status"] == "completed", result["error"]
    assert result["output"]["seen_context"] == "openai/gpt-4o|Ada|7"
    assert result["model_calls"][0]["model"] == "gpt-4o"


def test_context_defaults_apply_when_none_is_given():
    result = agent(input=QUESTION, fake_models={"responses": ["hello"]})
    assert result["output"]["seen_context"] == "anthropic/claude-sonnet-4-5-20250929|anonymous|3"


def test_a_context_that_does_not_fit_the_schema_is_a_bad_request():
    for context in ({"no_such_field": 1}, "not an object", [1]):
        error = err("invoke", {"ref": AGENT, "sys_path": [PROJECT_SRC], "input": QUESTION, "context": context})
        assert error["code"] == "BAD_REQUEST"
    error = err("invoke", {"ref": fixture("context_config.py"), "input": {}, "context": {"limit": "many"}})
    assert error["code"] == "BAD_REQUEST" and "Settings" in error["message"]
    error = err("invoke", {"ref": STARTER, "sys_path": [STARTER_SRC], "input": {}, "context": {"other": 1}})
    assert error["code"] == "BAD_REQUEST" and "unknown keys ['other']" in error["message"]


def test_empty_input_and_default_response_smoke_run():
    # nothing recorded: every model call answers with the default (plain text, no tool calls)
    result = agent(input={}, fake_models={"responses": [], "default_response": "smoke ok"})
    assert result["status"] == "completed", result["error"]
    assert result["output"]["messages"] == [{"type": "ai", "content": "smoke ok"}]
    assert len(result["model_calls"]) == 1
    # recorded responses are used first, then the default
    looped = agent(input=QUESTION, fake_models={"responses": [TOOL_CALL], "default_response": "done"})
    assert looped["status"] == "completed"
    assert looped["output"]["messages"][-1] == {"type": "ai", "content": "done"}
    # without a default the queue still runs dry
    dry = agent(input=QUESTION, fake_models={"responses": [TOOL_CALL]})
    assert dry["status"] == "error" and dry["error"]["code"] == "RESPONSES_EXHAUSTED"
    assert err("invoke", {"ref": AGENT, "fake_models": {"responses": [], "default_response": 3}})["code"] == "BAD_REQUEST"


def test_async_agent_interrupt_free_thread_continues_with_memory():
    thread = f"agent-{uuid.uuid4()}"
    first = agent(input=QUESTION, thread_id=thread, fake_models={"responses": ["first answer"]})
    second = agent(
        input={"messages": [{"role": "user", "content": "and bats?"}]},
        thread_id=thread,
        fake_models={"responses": ["second answer"]},
    )
    assert first["status"] == second["status"] == "completed"
    assert [m["content"] for m in second["output"]["messages"]] == ["find owls", "first answer", "and bats?", "second answer"]


def test_starter_project_typeddict_context_defaults_to_empty_and_takes_values():
    plain = ok("invoke", {"ref": STARTER, "sys_path": [STARTER_SRC], "input": {}})
    assert plain["status"] == "completed", plain["error"]
    assert plain["output"] == {"changeme": "example -> configured with <unset>"}
    given = ok("invoke", {"ref": STARTER, "sys_path": [STARTER_SRC], "input": {}, "context": {"greeting_param": "hi"}})
    assert given["output"] == {"changeme": "example -> configured with hi"}


def test_config_tags_metadata_and_configurable_reach_the_node():
    result = ok(
        "invoke",
        {
            "ref": fixture("context_config.py"),
            "input": {},
            "thread_id": "cfg-1",
            "context": {"tone": "warm"},
            "config": {
                "tags": ["smoke"],
                "metadata": {"flag": "on"},
                "configurable": {"user_setting": "u1", "thread_id": "cfg-1"},
                "recursion_limit": 5,
            },
        },
    )
    assert result["status"] == "completed", result["error"]
    assert result["output"] == {
        "tone": "warm",
        "limit": 2,
        "tags": ["smoke"],
        "metadata_flag": "on",
        "user_setting": "u1",
        "thread": "cfg-1",
    }
    # a lone configurable.thread_id names the thread
    lone = ok("invoke", {"ref": fixture("context_config.py"), "input": {}, "config": {"configurable": {"thread_id": "cfg-2"}}})
    assert lone["thread_id"] == "cfg-2" and lone["output"]["thread"] == "cfg-2"


@pytest.mark.parametrize(
    "config",
    [
        {"configurable": {"thread_id": "other"}},
        {"configurable": "x"},
        {"configurable": {"thread_id": 3}},
        {"tags": "x"},
        {"tags": [1]},
        {"metadata": []},
        {"recursion_limit": 0},
        {"recursion_limit": 9},  # conflicts with the top-level recursion_limit
        {"callbacks": []},
        "config",
    ],
)
def test_bad_config_is_a_bad_request(config):
    params = {"ref": fixture("context_config.py"), "input": {}, "thread_id": "t", "recursion_limit": 3, "config": config}
    error = err("invoke", params)
    assert error["code"] == "BAD_REQUEST"
    if config == {"configurable": {"thread_id": "other"}}:
        assert "conflicts with thread_id" in error["message"]


def test_sys_path_order_restoration_and_fresh_project_modules(tmp_path):
    project = tmp_path / "proj"
    shutil.copytree(FIXTURES / "react_project", project)
    src = str(project / "src")
    ref = src + "/my_agent/graph.py:graph"
    before = list(sys.path)
    first = ok("invoke", {"ref": ref, "sys_path": [src], "input": QUESTION, "fake_models": {"responses": [TOOL_CALL, "x"]}})
    assert first["output"]["messages"][2]["content"].startswith('{"query": "owls"')
    assert sys.path == before
    # an edit to a module of the project package is seen by the next op in the same worker
    tools = project / "src" / "my_agent" / "tools.py"
    tools.write_text(tools.read_text().replace('f"result for {query}"', 'f"EDITED {query}"'))
    second = ok("invoke", {"ref": ref, "sys_path": [src], "input": QUESTION, "fake_models": {"responses": [TOOL_CALL, "x"]}})
    assert "EDITED owls" in second["output"]["messages"][2]["content"]
    assert sys.path == before
    # the project package is not left behind in sys.modules for an unrelated op to pick up
    ok("inspect", {"ref": fixture("review_graph.py")})
    assert "my_agent.tools" not in sys.modules


def test_sys_path_comes_after_the_workflow_dir(tmp_path):
    (tmp_path / "wf").mkdir()
    (tmp_path / "lib").mkdir()
    (tmp_path / "wf" / "shared_name.py").write_text("WHERE = 'workflow dir'\n")
    (tmp_path / "lib" / "shared_name.py").write_text("WHERE = 'sys_path dir'\n")
    (tmp_path / "lib" / "only_in_lib.py").write_text("VALUE = 41\n")
    wf = tmp_path / "wf" / "flow.py"
    wf.write_text(
        "import sys\n"
        "from typing import TypedDict\n"
        "from langgraph.graph import StateGraph, START, END\n"
        "import shared_name, only_in_lib\n"
        "class S(TypedDict, total=False):\n    where: str\n    value: int\n    first: list\n"
        "def node(s):\n    return {'where': shared_name.WHERE, 'value': only_in_lib.VALUE + 1, 'first': sys.path[:2]}\n"
        "b = StateGraph(S)\nb.add_node('node', node)\nb.add_edge(START, 'node')\nb.add_edge('node', END)\n"
        "graph = b.compile()\n"
    )
    result = ok("invoke", {"ref": str(wf), "input": {}, "sys_path": [str(tmp_path / "lib")]})
    assert result["output"] == {
        "where": "workflow dir",
        "value": 42,
        "first": [str(tmp_path / "wf"), str(tmp_path / "lib")],
    }


def test_cwd_is_used_for_the_op_and_restored(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "prompt.txt").write_text("from the project dir")
    wf = tmp_path / "reads_file.py"
    wf.write_text(
        "import os\n"
        "from typing import TypedDict\n"
        "from langgraph.graph import StateGraph, START, END\n"
        "AT_IMPORT = open('prompt.txt').read()\n"
        "class S(TypedDict, total=False):\n    text: str\n    cwd: str\n"
        "def node(s):\n    return {'text': AT_IMPORT + ' / ' + open('prompt.txt').read(), 'cwd': os.getcwd()}\n"
        "b = StateGraph(S)\nb.add_node('node', node)\nb.add_edge(START, 'node')\nb.add_edge('node', END)\n"
        "graph = b.compile()\n"
    )
    before = os.getcwd()
    result = ok("invoke", {"ref": str(wf), "input": {}, "cwd": str(data)})
    assert result["output"] == {"text": "from the project dir / from the project dir", "cwd": str(data)}
    assert os.getcwd() == before
    assert ok("inspect", {"ref": str(wf), "cwd": str(data)})["nodes"] == ["node"]
    assert os.getcwd() == before


@pytest.mark.parametrize(
    "extra",
    [
        {"sys_path": "src"},
        {"sys_path": ["relative/dir"]},
        {"sys_path": ["/definitely/not/a/dir/xyz"]},
        {"sys_path": [3]},
        {"cwd": "relative"},
        {"cwd": "/definitely/not/a/dir/xyz"},
        {"cwd": 5},
    ],
)
def test_bad_project_params(extra):
    assert err("invoke", {"ref": fixture("review_graph.py"), "input": {}, **extra})["code"] == "BAD_REQUEST"
    assert err("inspect", {"ref": fixture("review_graph.py"), **extra})["code"] == "BAD_REQUEST"


def test_without_its_src_dir_the_project_does_not_import():
    error = err("inspect", {"ref": AGENT})
    assert error["code"] == "GRAPH_LOAD_FAILED"
