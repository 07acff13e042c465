"""Persistent checkpoint savers: SQLite, Postgres and Redis.

A spec (see ``CheckpointerSpec`` in runner-protocol.ts) names the store and how
values are serialized.  Secrets are never in the spec: it names the environment
variables that hold them (``password_env``, ``encryption.key_env``), so nothing
secret travels in a request or lands in an error message.

Serialization is LangGraph's ``JsonPlusSerializer``, optionally zlib-compressed
(type prefix ``zlib:``), then optionally encrypted by LangGraph's
``EncryptedSerializer`` (AES, key from ``LANGGRAPH_AES_KEY``).  Compression sits
inside encryption: ciphertext does not compress.  Reads always understand the
``zlib:`` prefix, so turning compression off keeps old checkpoints readable.

Graphs that run through LangGraph's async API get the async savers
(``AsyncSqliteSaver``, ``AsyncPostgresSaver``, ``AsyncRedisSaver``) with the
very same serializer stack: ``open_async_saver`` mirrors ``open_saver``.

Also the ``checkpoint_check`` op (connect + ``setup()``, answered as a status,
not an error, so the TS side can map it to its own error codes) and the
``checkpoint_prune`` op (retention).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import zlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

from . import redaction, secret_channel
from .errors import INVOKE_FAILED, RunnerError, bad_request, format_traceback

PERSISTENT = ("sqlite", "postgres", "redis")
ZLIB_PREFIX = "zlib:"
# Redis modules langgraph-checkpoint-redis needs (RedisJSON and RediSearch >= 2).
REDIS_MODULES = {"ReJSON": "RedisJSON", "search": "RediSearch"}

# Postgres tables are created once per worker and connection string.
_PG_READY: set[str] = set()


class StoreUnreachable(Exception):
    """The store cannot be connected to (refused, timeout, authentication, missing key)."""


class StoreUnsupported(Exception):
    """The store answers but cannot hold LangGraph checkpoints."""


def validate_spec(spec: Any) -> dict[str, Any]:
    """Check a persistent checkpointer spec; BAD_REQUEST on anything unusable."""
    if not isinstance(spec, dict) or spec.get("type") not in PERSISTENT:
        raise bad_request('checkpointer must be {"type": "memory"|"none"|"sqlite"|"postgres"|"redis", ...}')
    need = {"sqlite": "path", "postgres": "conninfo", "redis": "url"}[spec["type"]]
    if not (isinstance(spec.get(need), str) and spec[need]):
        raise bad_request(f'{spec["type"]} checkpointer needs "{need}"')
    encryption = spec.get("encryption")
    if encryption is not None and not (isinstance(encryption, dict) and isinstance(encryption.get("key_env"), str)):
        raise bad_request('checkpointer "encryption" must be null or {"key_env": "<VARIABLE>"}')
    return spec


class Boxed:
    """A plain value (str, number, bool, None) routed through the serializer.

    PostgresSaver keeps such channel values inline in the ``checkpoints`` JSONB
    column, bypassing the serializer, so with encryption on they would be stored
    in plaintext.  Boxed values are not plain, so the saver writes them to the
    blobs table through the serializer, which unboxes them before serializing:
    they are read back as the plain value they were.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class CompressingSerializer:
    """zlib around another serializer; reads both compressed and plain values."""

    def __init__(self, inner: Any, enabled: bool) -> None:
        self.inner = inner
        self.enabled = enabled

    def dumps_typed(self, obj: Any) -> tuple[str, bytes]:
        # A failed task's exception is stored as its repr: masked before it is written.
        typ, data = self.inner.dumps_typed(redaction.for_storage(obj.value if isinstance(obj, Boxed) else obj))
        if not self.enabled or typ.startswith(ZLIB_PREFIX):
            return typ, data
        return ZLIB_PREFIX + typ, zlib.compress(data)

    def loads_typed(self, data: tuple[str, bytes]) -> Any:
        typ, payload = data
        if typ.startswith(ZLIB_PREFIX):
            return self.inner.loads_typed((typ[len(ZLIB_PREFIX) :], zlib.decompress(payload)))
        return self.inner.loads_typed(data)


def build_serde(spec: dict[str, Any]) -> Any:
    """JsonPlus, compressed when asked, encrypted when asked (key from the named variable)."""
    from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

    serde: Any = CompressingSerializer(JsonPlusSerializer(), bool(spec.get("compression")))
    encryption = spec.get("encryption")
    if not encryption:
        return serde
    key_env = encryption["key_env"]
    key = secret_channel.get(key_env)
    if not key:
        raise StoreUnreachable(f"checkpoint encryption needs the {key_env} secret, which is not set")
    if len(key.encode()) not in (16, 24, 32):
        raise StoreUnreachable(f"{key_env} must be 16, 24 or 32 bytes long")
    try:
        from langgraph.checkpoint.serde.encrypted import EncryptedSerializer

        return EncryptedSerializer.from_pycryptodome_aes(serde, key=key.encode())
    except ImportError as exc:
        raise bad_request("checkpoint encryption needs the 'pycryptodome' package in this environment") from exc


def _password(spec: dict[str, Any]) -> str | None:
    return secret_channel.get(spec.get("password_env"))


@contextlib.contextmanager
def _sqlite(spec: dict[str, Any], serde: Any) -> Iterator[Any]:
    try:
        from langgraph.checkpoint.sqlite import SqliteSaver
    except ImportError as exc:
        raise bad_request("sqlite checkpointer needs the 'langgraph-checkpoint-sqlite' package in this environment") from exc
    path = os.path.abspath(spec["path"])
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        # WAL: the server's workers (several processes) write one file at once, readers never block
        # writers, and a commit needs no fsync of the database (synchronous=NORMAL stays durable
        # across a killed process; a power cut may lose the newest commits).
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        # Checkpoints hold workflow state: readable by the owner only.
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
    except (OSError, sqlite3.Error) as exc:
        raise StoreUnreachable(f"cannot open sqlite checkpoint file {path}: {exc}") from exc
    try:
        yield SqliteSaver(conn, serde=serde)
    finally:
        conn.close()


@contextlib.contextmanager
def _postgres(spec: dict[str, Any], serde: Any, setup: bool) -> Iterator[Any]:
    try:
        import psycopg
        from langgraph.checkpoint.postgres import PostgresSaver
        from psycopg.rows import dict_row
    except ImportError as exc:
        raise bad_request(
            "postgres checkpointer needs 'langgraph-checkpoint-postgres' and 'psycopg[binary]' in this environment"
        ) from exc
    kwargs: dict[str, Any] = {"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}
    password = _password(spec)
    if password:
        kwargs["password"] = password
    try:
        conn = psycopg.connect(spec["conninfo"], **kwargs)
    except psycopg.Error as exc:
        raise StoreUnreachable(f"cannot connect to postgres ({_safe_conninfo(spec)}): {_first_line(exc)}") from exc
    try:
        saver = _sealed_postgres_saver(PostgresSaver)(conn, serde=serde) if spec.get("encryption") else PostgresSaver(conn, serde=serde)
        if setup or spec["conninfo"] not in _PG_READY:
            saver.setup()
            _PG_READY.add(spec["conninfo"])
        saver.server_version = _pg_version(conn)  # type: ignore[attr-defined]
        yield saver
    finally:
        conn.close()


def _sealed_postgres_saver(base: type) -> type:
    """PostgresSaver that stores no channel value inline (see ``Boxed``)."""

    class SealedPostgresSaver(base):  # type: ignore[misc, valid-type]
        def put(self, config: Any, checkpoint: Any, metadata: Any, new_versions: Any) -> Any:
            return super().put(config, _boxed(checkpoint), metadata, new_versions)

        async def aput(self, config: Any, checkpoint: Any, metadata: Any, new_versions: Any) -> Any:
            return await super().aput(config, _boxed(checkpoint), metadata, new_versions)

    SealedPostgresSaver.__name__ = SealedPostgresSaver.__qualname__ = "Sealed" + base.__name__
    return SealedPostgresSaver


def _boxed(checkpoint: Any) -> Any:
    values = checkpoint["channel_values"]
    plain = {k: Boxed(v) for k, v in values.items() if v is None or isinstance(v, (str, int, float, bool))}
    return {**checkpoint, "channel_values": {**values, **plain}} if plain else checkpoint


@contextlib.contextmanager
def _redis(spec: dict[str, Any], serde: Any, setup: bool) -> Iterator[Any]:
    try:
        import redis
        from langgraph.checkpoint.redis import RedisSaver
    except ImportError as exc:
        raise bad_request("redis checkpointer needs 'langgraph-checkpoint-redis' in this environment") from exc
    timeout = float(spec.get("connect_timeout") or 5)
    client = redis.Redis.from_url(spec["url"], password=_password(spec), socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        try:
            client.ping()
            info = client.info("server")
        except redis.exceptions.RedisError as exc:
            raise StoreUnreachable(f"cannot reach redis at {spec['url']}: {_first_line(exc)}") from exc
        missing = sorted(label for name, label in REDIS_MODULES.items() if name not in _redis_modules(client))
        if missing:
            raise StoreUnsupported(
                f"redis {info.get('redis_version')} at {spec['url']} lacks the {' and '.join(missing)} module(s) that "
                "langgraph-checkpoint-redis needs (use Redis Stack or Redis >= 8 with its modules)"
            )
        saver = RedisSaver(redis_client=client)
        saver.serde = serde
        if setup:
            saver.setup()
        saver.server_version = info.get("redis_version")  # type: ignore[attr-defined]
        yield saver
    finally:
        client.close()


def _redis_modules(client: Any) -> set[str]:
    return _module_names(client.execute_command("MODULE", "LIST"))


def _module_names(listing: Any) -> set[str]:
    names: set[str] = set()
    for module in listing or []:
        entry = module if isinstance(module, dict) else dict(zip(module[::2], module[1::2]))
        name = entry.get(b"name", entry.get("name"))
        if name is not None:
            names.add(name.decode() if isinstance(name, bytes) else str(name))
    return names


@contextlib.contextmanager
def open_saver(spec: dict[str, Any], setup: bool = False) -> Iterator[Any]:
    """The saver for a persistent spec; raises StoreUnreachable / StoreUnsupported."""
    serde = build_serde(spec)
    kind = spec["type"]
    if kind == "sqlite":
        opened = _sqlite(spec, serde)
    elif kind == "postgres":
        opened = _postgres(spec, serde, setup)
    else:
        opened = _redis(spec, serde, setup)
    with opened as saver:
        if setup and kind == "sqlite":
            saver.setup()
        yield saver


@contextlib.contextmanager
def saver_for_invoke(spec: dict[str, Any]) -> Iterator[Any]:
    """``open_saver`` for a run: store problems become INVOKE_FAILED protocol errors."""
    try:
        with open_saver(spec) as saver:
            yield saver
    except (StoreUnreachable, StoreUnsupported) as exc:
        raise RunnerError(INVOKE_FAILED, str(exc), exc_type=type(exc).__name__, tb=format_traceback(exc)) from exc


# --------------------------------------------------------------------------
# async savers (graphs run with astream)
# --------------------------------------------------------------------------


def _sqlite_path(spec: dict[str, Any]) -> str:
    path = os.path.abspath(spec["path"])
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    except OSError as exc:
        raise StoreUnreachable(f"cannot open sqlite checkpoint file {path}: {exc}") from exc
    return path


@contextlib.asynccontextmanager
async def _asqlite(spec: dict[str, Any], serde: Any) -> AsyncIterator[Any]:
    try:
        import aiosqlite
        from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
    except ImportError as exc:
        raise bad_request(
            "async sqlite checkpointer needs 'langgraph-checkpoint-sqlite' and 'aiosqlite' in this environment"
        ) from exc
    path = _sqlite_path(spec)
    try:
        conn = await aiosqlite.connect(path)
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
    except (OSError, sqlite3.Error) as exc:
        raise StoreUnreachable(f"cannot open sqlite checkpoint file {path}: {exc}") from exc
    try:
        yield AsyncSqliteSaver(conn, serde=serde)
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def _apostgres(spec: dict[str, Any], serde: Any, setup: bool) -> AsyncIterator[Any]:
    try:
        import psycopg
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
        from psycopg.rows import dict_row
    except ImportError as exc:
        raise bad_request(
            "postgres checkpointer needs 'langgraph-checkpoint-postgres' and 'psycopg[binary]' in this environment"
        ) from exc
    kwargs: dict[str, Any] = {"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}
    password = _password(spec)
    if password:
        kwargs["password"] = password
    try:
        conn = await psycopg.AsyncConnection.connect(spec["conninfo"], **kwargs)
    except psycopg.Error as exc:
        raise StoreUnreachable(f"cannot connect to postgres ({_safe_conninfo(spec)}): {_first_line(exc)}") from exc
    try:
        cls = _sealed_postgres_saver(AsyncPostgresSaver) if spec.get("encryption") else AsyncPostgresSaver
        saver = cls(conn, serde=serde)
        if setup or spec["conninfo"] not in _PG_READY:
            await saver.setup()
            _PG_READY.add(spec["conninfo"])
        saver.server_version = _pg_version(conn)  # type: ignore[attr-defined]
        yield saver
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def _aredis(spec: dict[str, Any], serde: Any) -> AsyncIterator[Any]:
    try:
        import redis
        import redis.asyncio as aredis
        from langgraph.checkpoint.redis.aio import AsyncRedisSaver
    except ImportError as exc:
        raise bad_request("redis checkpointer needs 'langgraph-checkpoint-redis' in this environment") from exc
    timeout = float(spec.get("connect_timeout") or 5)
    client = aredis.Redis.from_url(spec["url"], password=_password(spec), socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        try:
            await client.ping()
            info = await client.info("server")
            modules = _module_names(await client.execute_command("MODULE", "LIST"))
        except redis.exceptions.RedisError as exc:
            raise StoreUnreachable(f"cannot reach redis at {spec['url']}: {_first_line(exc)}") from exc
        missing = sorted(label for name, label in REDIS_MODULES.items() if name not in modules)
        if missing:
            raise StoreUnsupported(
                f"redis {info.get('redis_version')} at {spec['url']} lacks the {' and '.join(missing)} module(s) that "
                "langgraph-checkpoint-redis needs (use Redis Stack or Redis >= 8 with its modules)"
            )
        saver = AsyncRedisSaver(redis_client=client)
        saver.serde = serde
        # asetup() binds the saver to the running loop and creates the indexes (idempotent);
        # the async saver cannot be used without it.
        await saver.asetup()
        saver.server_version = info.get("redis_version")  # type: ignore[attr-defined]
        yield saver
    finally:
        await client.aclose()


@contextlib.asynccontextmanager
async def open_async_saver(spec: dict[str, Any], setup: bool = False) -> AsyncIterator[Any]:
    """The async saver for a persistent spec (same serde as ``open_saver``); raises
    StoreUnreachable / StoreUnsupported.  Must be entered on the loop that runs the graph."""
    serde = build_serde(spec)
    kind = spec["type"]
    if kind == "sqlite":
        opened = _asqlite(spec, serde)
    elif kind == "postgres":
        opened = _apostgres(spec, serde, setup)
    else:
        opened = _aredis(spec, serde)
    async with opened as saver:
        if setup and kind == "sqlite":
            await saver.setup()
        yield saver


@contextlib.asynccontextmanager
async def async_saver_for_invoke(spec: dict[str, Any]) -> AsyncIterator[Any]:
    """``open_async_saver`` for a run: store problems become INVOKE_FAILED protocol errors."""
    try:
        async with open_async_saver(spec) as saver:
            yield saver
    except (StoreUnreachable, StoreUnsupported) as exc:
        raise RunnerError(INVOKE_FAILED, str(exc), exc_type=type(exc).__name__, tb=format_traceback(exc)) from exc


def op_checkpoint_check(params: dict[str, Any]) -> dict[str, Any]:
    """Connect and run ``setup()``; the outcome is a status, never a protocol error."""
    spec = validate_spec(params.get("checkpointer"))
    result: dict[str, Any] = {"type": spec["type"], "server_version": None, "setup": False}
    try:
        with open_saver(spec, setup=True) as saver:
            version = getattr(saver, "server_version", None) or (sqlite3.sqlite_version if spec["type"] == "sqlite" else None)
            return {**result, "status": "ok", "message": f"{spec['type']} store ready", "server_version": version, "setup": True}
    except StoreUnreachable as exc:
        return {**result, "status": "unreachable", "message": str(exc)}
    except StoreUnsupported as exc:
        return {**result, "status": "unsupported", "message": str(exc)}


def op_checkpoint_prune(params: dict[str, Any]) -> dict[str, Any]:
    """Delete every thread whose newest checkpoint is older than ``retention_days``."""
    spec = validate_spec(params.get("checkpointer"))
    days = params.get("retention_days")
    if isinstance(days, bool) or not isinstance(days, (int, float)) or days <= 0:
        raise bad_request("retention_days must be a positive number")
    dry_run = bool(params.get("dry_run"))
    cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
    try:
        with open_saver(spec) as saver:
            newest: dict[str, dt.datetime] = {}
            for item in saver.list(None):
                thread = item.config["configurable"]["thread_id"]
                ts = _parse_ts(item.checkpoint.get("ts"))
                if ts is not None and (thread not in newest or ts > newest[thread]):
                    newest[thread] = ts
            old = sorted(t for t, ts in newest.items() if ts < cutoff)
            if not dry_run:
                for thread in old:
                    saver.delete_thread(thread)
    except (StoreUnreachable, StoreUnsupported) as exc:
        raise RunnerError(INVOKE_FAILED, str(exc), exc_type=type(exc).__name__, tb=format_traceback(exc)) from exc
    return {"threads_deleted": old, "threads_kept": len(newest) - len(old), "cutoff": cutoff.isoformat(), "dry_run": dry_run}


def _parse_ts(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _pg_version(conn: Any) -> str | None:
    with contextlib.suppress(Exception):
        return str(conn.info.parameter_status("server_version"))
    return None


def _safe_conninfo(spec: dict[str, Any]) -> str:
    # The spec never holds a password; drop one anyway if a caller put it there.
    return " ".join(p for p in str(spec["conninfo"]).split() if not p.lower().startswith("password="))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
