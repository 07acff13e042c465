"""Secret values never leave the runner: log records, stored exceptions and result errors are
masked before they are written, and log files are created 0600."""

from __future__ import annotations

import json
import sqlite3
import stat
import textwrap
import zlib

import pytest

pytest.importorskip("langgraph")

from exec_automator_runner import redaction  # noqa: E402
from exec_automator_runner.cli import handle  # noqa: E402

SECRET = "sk-LEAK-MARKER-redaction-7d1e"
RUNNER_SECRET = "pg-LEAK-MARKER-runner-secret-33ab"

WORKFLOW = textwrap.dedent(
    '''
    import logging, os
    from typing import TypedDict
    from langgraph.graph import StateGraph, START, END

    log = logging.getLogger("leaky")

    class S(TypedDict, total=False):
        fail: bool
        done: bool

    def leak(state: S) -> S:
        key = os.environ["LEAKY_API_KEY"]
        log.info("calling the API with key %s", key)
        log.warning("key as extra", extra={"api_key": key})
        try:
            raise RuntimeError("inner " + key)
        except RuntimeError:
            log.exception("caught")
        if state.get("fail"):
            raise ValueError(f"the API refused key {key}")
        return {"done": True}

    b = StateGraph(S)
    b.add_node("leak", leak)
    b.add_edge(START, "leak")
    b.add_edge("leak", END)
    graph = b.compile()
    '''
)


def logging_config(tmp_path, formatter):
    log_file = tmp_path / "logs" / "workflows.log"
    formatters = {
        "json": {"class": "pythonjsonlogger.jsonlogger.JsonFormatter", "format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    }
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {formatter: formatters[formatter]},
        "handlers": {"file": {"class": "logging.handlers.RotatingFileHandler", "filename": str(log_file), "maxBytes": 10485760, "backupCount": 5, "formatter": formatter}},
        "root": {"level": "DEBUG", "handlers": ["file"]},
    }
    path = tmp_path / "logging-config.json"
    path.write_text(json.dumps(config))
    return log_file, {"config": str(path), "workflow_id": "workflow_leak", "deployment_id": "dep-leak-1"}


def sqlite_texts(db):
    """Every value of every table, zlib blobs decompressed."""
    out = []
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        for table in tables:
            for row in conn.execute(f"select * from {table}"):  # noqa: S608 - our own table names
                for value in row:
                    if isinstance(value, bytes):
                        try:
                            value = zlib.decompress(value)
                        except zlib.error:
                            pass
                        out.append(value.decode("utf-8", "replace"))
                    elif value is not None:
                        out.append(str(value))
    finally:
        conn.close()
    return out


@pytest.mark.parametrize("formatter", ["json", "plain"])
def test_secret_is_masked_in_logs_checkpoints_and_errors(tmp_path, formatter):
    graph_file = tmp_path / "leaky_graph.py"
    graph_file.write_text(WORKFLOW)
    log_file, logging_params = logging_config(tmp_path, formatter)
    db = tmp_path / "checkpoints" / "checkpoints.sqlite"
    params = {
        "ref": f"{graph_file}:graph",
        "input": {"fail": True},
        "thread_id": "leak-1",
        "checkpointer": {"type": "sqlite", "path": str(db), "compression": True},
        "logging": logging_params,
        "runner_secrets": {"UNUSED_STORE_PASSWORD": RUNNER_SECRET},
    }
    response = handle("invoke", params, {"LEAKY_API_KEY": SECRET})
    assert response["ok"] is True, response
    result = response["result"]
    assert result["status"] == "error"
    assert SECRET not in json.dumps(result)
    assert "the API refused key ***" in result["error"]["message"]
    assert "***" in result["error"]["traceback"]

    text = log_file.read_text()
    assert SECRET not in text
    assert "calling the API with key ***" in text
    assert "inner ***" in text  # the logged exception's traceback
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600

    stored = "\n".join(sqlite_texts(db))
    assert "the API refused key ***" in stored  # the failed task's exception, masked
    assert SECRET not in stored


def test_names_listed_in_redact_env_are_masked_too(tmp_path):
    graph_file = tmp_path / "plain_name_graph.py"
    graph_file.write_text(WORKFLOW.replace('os.environ["LEAKY_API_KEY"]', 'os.environ["SERVICE_LOGIN"]'))
    log_file, logging_params = logging_config(tmp_path, "json")
    params = {"ref": f"{graph_file}:graph", "input": {}, "logging": logging_params, "redact_env": ["SERVICE_LOGIN"]}
    response = handle("invoke", params, {"SERVICE_LOGIN": SECRET})
    assert response["ok"] is True, response
    assert response["result"]["status"] == "completed"
    text = log_file.read_text()
    assert "calling the API with key ***" in text
    assert SECRET not in text
    assert '"api_key": "***"' in text  # an extra= field
    # Each request has its own values: the next one, without the secret, masks nothing.
    assert handle("ping", {})["ok"] is True
    assert redaction.redact(SECRET) == SECRET


def test_rotated_log_files_stay_private(tmp_path):
    import logging.handlers

    log_file = tmp_path / "rot.log"
    handler = logging.handlers.RotatingFileHandler(str(log_file), maxBytes=50, backupCount=2)
    from exec_automator_runner.logging_setup import _private

    _private(handler)
    logger = logging.getLogger("rotation-test")
    logger.addHandler(handler)
    try:
        for i in range(10):
            logger.warning("line %d with some padding to rotate", i)
    finally:
        logger.removeHandler(handler)
        handler.close()
    files = sorted(tmp_path.glob("rot.log*"))
    assert len(files) == 3
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
