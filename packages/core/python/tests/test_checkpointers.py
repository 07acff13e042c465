"""Checkpoint stores against real servers: SQLite files, a PostgreSQL server
and a Redis server started on 127.0.0.1 for this module; compression,
LangGraph's EncryptedSerializer, retention pruning and workflow logging."""

from __future__ import annotations

import json
import os
import uuid

import pytest
from conftest import err, fixture, ok

pytest.importorskip("langgraph")

import servers  # noqa: E402

MARKER = "PLAINTEXT-STATE-MARKER-4f1d"
AES_KEY = "k" * 16 + "0123456789abcdef"  # 32 bytes, as LANGGRAPH_AES_KEY must be


def sqlite_spec(tmp_path, **options):
    return {"type": "sqlite", "path": str(tmp_path / "checkpoints" / "checkpoints.sqlite"), **options}


def run_marker(spec, thread_id="t-1", **extra):
    return ok("invoke", {"ref": fixture("marker_graph.py"), "input": {"text": MARKER}, "thread_id": thread_id, "checkpointer": spec, **extra})


@pytest.fixture
def aes_key(monkeypatch):
    monkeypatch.setenv("TEST_AES_KEY", AES_KEY)
    return {"key_env": "TEST_AES_KEY"}


# ---------------------------------------------------------------- SQLite


def test_encrypted_sqlite_file_does_not_contain_the_state(tmp_path, aes_key):
    pytest.importorskip("Crypto")
    spec = sqlite_spec(tmp_path, compression=True, encryption=aes_key)
    first = run_marker(spec)
    assert first["status"] == "interrupted"
    resumed = ok("invoke", {"ref": fixture("marker_graph.py"), "resume": True, "thread_id": "t-1", "checkpointer": spec})
    assert resumed["status"] == "completed"
    assert resumed["output"]["text"] == f"{MARKER} (remembered)"  # decrypted on read
    data = b"".join(p.read_bytes() for p in (tmp_path / "checkpoints").iterdir())
    assert MARKER.encode() not in data


def test_unencrypted_sqlite_file_shows_the_state_the_scan_looks_for(tmp_path):
    run_marker(sqlite_spec(tmp_path, compression=False))
    data = b"".join(p.read_bytes() for p in (tmp_path / "checkpoints").iterdir())
    assert MARKER.encode() in data


def test_compressed_checkpoints_stay_readable_when_compression_is_turned_off(tmp_path):
    run_marker(sqlite_spec(tmp_path, compression=True))
    resumed = ok("invoke", {"ref": fixture("marker_graph.py"), "resume": True, "thread_id": "t-1", "checkpointer": sqlite_spec(tmp_path)})
    assert resumed["status"] == "completed"
    assert resumed["output"]["text"].startswith(MARKER)


def test_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    run_marker(sqlite_spec(tmp_path))
    assert os.stat(tmp_path / "checkpoints" / "checkpoints.sqlite").st_mode & 0o077 == 0


def test_encryption_without_its_key_fails_before_the_run(tmp_path, monkeypatch):
    monkeypatch.delenv("TEST_AES_KEY", raising=False)
    spec = sqlite_spec(tmp_path, encryption={"key_env": "TEST_AES_KEY"})
    assert err("invoke", {"ref": fixture("marker_graph.py"), "checkpointer": spec})["code"] == "INVOKE_FAILED"
    check = ok("checkpoint_check", {"checkpointer": spec})
    assert check["status"] == "unreachable"
    assert "TEST_AES_KEY" in check["message"]


def test_check_sets_up_an_sqlite_store(tmp_path):
    check = ok("checkpoint_check", {"checkpointer": sqlite_spec(tmp_path)})
    assert (check["status"], check["setup"]) == ("ok", True)
    assert (tmp_path / "checkpoints" / "checkpoints.sqlite").exists()


def test_invalid_specs_are_bad_requests(tmp_path):
    assert err("checkpoint_check", {"checkpointer": {"type": "sqlite"}})["code"] == "BAD_REQUEST"
    assert err("checkpoint_check", {"checkpointer": {"type": "mongo", "path": "x"}})["code"] == "BAD_REQUEST"
    assert err("checkpoint_prune", {"checkpointer": sqlite_spec(tmp_path), "retention_days": 0})["code"] == "BAD_REQUEST"


def _put_checkpoint(spec, thread_id, ts):
    from exec_automator_runner.checkpointers import open_saver
    from langgraph.checkpoint.base import empty_checkpoint

    checkpoint = empty_checkpoint()
    checkpoint["ts"] = ts
    checkpoint["id"] = str(uuid.uuid4())
    with open_saver(spec, setup=True) as saver:
        saver.put({"configurable": {"thread_id": thread_id, "checkpoint_ns": ""}}, checkpoint, {"source": "input", "step": -1}, {})


def test_prune_deletes_threads_idle_longer_than_the_retention(tmp_path, aes_key):
    spec = sqlite_spec(tmp_path, compression=True)
    _put_checkpoint(spec, "old-thread", "2020-01-01T00:00:00+00:00")
    run_marker(spec, thread_id="fresh-thread")
    dry = ok("checkpoint_prune", {"checkpointer": spec, "retention_days": 30, "dry_run": True})
    assert dry["threads_deleted"] == ["old-thread"] and dry["dry_run"] is True
    pruned = ok("checkpoint_prune", {"checkpointer": spec, "retention_days": 30})
    assert pruned["threads_deleted"] == ["old-thread"]
    assert pruned["threads_kept"] == 1
    again = ok("checkpoint_prune", {"checkpointer": spec, "retention_days": 30})
    assert again["threads_deleted"] == [] and again["threads_kept"] == 1


# ---------------------------------------------------------------- logging


def test_runs_write_json_lines_with_ids_node_and_level(tmp_path):
    log_file = tmp_path / "logs" / "workflows.log"
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"class": "pythonjsonlogger.jsonlogger.JsonFormatter", "format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
        "handlers": {"file": {"class": "logging.handlers.RotatingFileHandler", "filename": str(log_file), "maxBytes": 10485760, "backupCount": 5, "formatter": "json"}},
        "root": {"level": "DEBUG", "handlers": ["file"]},
    }
    config_file = tmp_path / "logging-config.json"
    config_file.write_text(json.dumps(config))
    logging_params = {"config": str(config_file), "workflow_id": "workflow_marker", "deployment_id": "dep-test-1"}
    run_marker({"type": "memory"}, thread_id="log-1", logging=logging_params)
    lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert all(line["workflow_id"] == "workflow_marker" and line["deployment_id"] == "dep-test-1" for line in lines)
    assert all(line["level"] in ("DEBUG", "INFO", "WARNING", "ERROR") for line in lines)
    own = next(line for line in lines if line["name"] == "marker_graph")
    assert own["node"] == "remember" and own["level"] == "INFO"
    assert any(line["message"] == "node completed" and line["node"] == "remember" for line in lines)
    assert any(line["message"] == "workflow interrupted" for line in lines)


def test_a_bad_logging_param_is_a_bad_request():
    response = err("invoke", {"ref": fixture("marker_graph.py"), "logging": {"config": "x"}})
    assert response["code"] == "BAD_REQUEST"


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="module")
def postgres():
    pytest.importorskip("psycopg")
    pytest.importorskip("langgraph.checkpoint.postgres")
    if servers.postgres_bindir() is None:
        pytest.skip("PostgreSQL server binaries are not installed (scripts/test.sh installs them)")
    server = servers.start_postgres()
    server.create_role("checkpoints", "pg-pass-" + MARKER, "checkpoints")
    yield server
    server.stop()


def pg_spec(server, monkeypatch, **options):
    monkeypatch.setenv("TEST_PG_PASSWORD", "pg-pass-" + MARKER)
    return {"type": "postgres", "conninfo": server.conninfo("checkpoints", "checkpoints"), "password_env": "TEST_PG_PASSWORD", **options}


def test_postgres_store_is_set_up_and_keeps_threads_across_runs(postgres, monkeypatch):
    spec = pg_spec(postgres, monkeypatch, compression=True)
    check = ok("checkpoint_check", {"checkpointer": spec})
    assert (check["status"], check["setup"]) == ("ok", True)
    assert check["server_version"].startswith("15") or check["server_version"][0].isdigit()
    assert run_marker(spec, thread_id="pg-1")["status"] == "interrupted"
    resumed = ok("invoke", {"ref": fixture("marker_graph.py"), "resume": True, "thread_id": "pg-1", "checkpointer": spec})
    assert resumed["status"] == "completed"


def test_encrypted_postgres_rows_do_not_contain_the_state(postgres, monkeypatch, aes_key):
    pytest.importorskip("Crypto")
    import psycopg

    spec = pg_spec(postgres, monkeypatch, encryption=aes_key)
    run_marker(spec, thread_id="pg-secret")
    with psycopg.connect(postgres.conninfo("checkpoints", "checkpoints"), password="pg-pass-" + MARKER) as conn:
        rows = conn.execute(
            "SELECT coalesce(string_agg(encode(blob, 'escape'), ''), '') FROM checkpoint_blobs WHERE thread_id = 'pg-secret' "
            "UNION ALL SELECT coalesce(string_agg(encode(blob, 'escape'), ''), '') FROM checkpoint_writes WHERE thread_id = 'pg-secret' "
            "UNION ALL SELECT coalesce(string_agg(checkpoint::text || metadata::text, ''), '') FROM checkpoints WHERE thread_id = 'pg-secret'"
        ).fetchall()
    dump = "".join(r[0] for r in rows)
    assert len(dump) > 0
    assert MARKER not in dump
    # plain values went through the serializer (not inline): they read back as they were
    resumed = ok("invoke", {"ref": fixture("marker_graph.py"), "resume": True, "thread_id": "pg-secret", "checkpointer": spec})
    assert resumed["output"] == {"text": f"{MARKER} (remembered)", "approved": True}


def test_postgres_with_a_wrong_password_is_unreachable(postgres, monkeypatch):
    spec = pg_spec(postgres, monkeypatch)
    monkeypatch.setenv("TEST_PG_PASSWORD", "wrong")
    check = ok("checkpoint_check", {"checkpointer": spec})
    assert check["status"] == "unreachable"
    assert "wrong" not in check["message"]


def test_postgres_that_is_down_is_unreachable(monkeypatch):
    pytest.importorskip("psycopg")
    spec = {"type": "postgres", "conninfo": f"host=127.0.0.1 port={servers.free_port()} dbname=x user=x connect_timeout=3"}
    assert ok("checkpoint_check", {"checkpointer": spec})["status"] == "unreachable"


# ---------------------------------------------------------------- Redis


@pytest.fixture(scope="module")
def redis_server():
    pytest.importorskip("langgraph.checkpoint.redis")
    try:
        server = servers.start_redis(password="redis-pass-" + MARKER)
    except RuntimeError as exc:
        pytest.skip(str(exc))
    yield server
    server.stop()


def test_redis_is_reached_and_a_server_without_its_modules_is_reported_unsupported(redis_server, monkeypatch):
    # Debian's redis-server has neither RedisJSON nor RediSearch 2; langgraph-checkpoint-redis
    # needs both, so the honest answer here is "unsupported", after a successful AUTH + PING.
    monkeypatch.setenv("TEST_REDIS_PASSWORD", "redis-pass-" + MARKER)
    check = ok("checkpoint_check", {"checkpointer": {"type": "redis", "url": redis_server.url, "password_env": "TEST_REDIS_PASSWORD"}})
    assert check["status"] in ("unsupported", "ok")
    if check["status"] == "unsupported":
        assert "RedisJSON" in check["message"] or "RediSearch" in check["message"]
    assert MARKER not in check["message"]


def test_redis_with_a_wrong_password_is_unreachable(redis_server, monkeypatch):
    monkeypatch.setenv("TEST_REDIS_PASSWORD", "wrong")
    spec = {"type": "redis", "url": redis_server.url, "password_env": "TEST_REDIS_PASSWORD"}
    assert ok("checkpoint_check", {"checkpointer": spec})["status"] == "unreachable"


def test_redis_that_is_down_is_unreachable():
    pytest.importorskip("redis")
    spec = {"type": "redis", "url": f"redis://127.0.0.1:{servers.free_port()}/0", "connect_timeout": 2}
    assert ok("checkpoint_check", {"checkpointer": spec})["status"] == "unreachable"
