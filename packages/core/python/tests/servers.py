"""Real PostgreSQL and Redis servers for tests, on 127.0.0.1 with a free port
and a temporary data directory, stopped afterwards.

PostgreSQL refuses to run as root, so when the tests run as root the server
runs as the ``postgres`` system user (the Debian package creates it) and the
data directory is handed to that user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bindir() -> str | None:
    for pattern in ("/usr/lib/postgresql/*/bin",):
        for candidate in sorted(glob.glob(pattern), reverse=True):
            if os.path.exists(os.path.join(candidate, "initdb")):
                return candidate
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


@dataclass
class Postgres:
    port: int
    base: str
    bindir: str
    superuser_password: str
    prefix: list[str]

    def conninfo(self, user: str = "postgres", database: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} dbname={database} user={user} connect_timeout=5"

    def create_role(self, user: str, password: str, database: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.conninfo(), password=self.superuser_password, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(user), sql.Literal(password)))
            conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(user)))

    def stop(self) -> None:
        subprocess.run(
            [*self.prefix, os.path.join(self.bindir, "pg_ctl"), "-D", os.path.join(self.base, "data"), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.base, ignore_errors=True)


def start_postgres() -> Postgres:
    bindir = postgres_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    base = tempfile.mkdtemp(prefix="exec-automator-pg-")
    prefix: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    password = "pg-super-" + os.urandom(6).hex()
    pwfile = os.path.join(base, "pwfile")
    with open(pwfile, "w", encoding="utf-8") as fh:
        fh.write(password + "\n")
    if prefix:
        os.chown(pwfile, pwd.getpwnam("postgres").pw_uid, -1)
    data = os.path.join(base, "data")
    run = lambda *args: subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)  # noqa: E731
    init = run(os.path.join(bindir, "initdb"), "-D", data, "-U", "postgres", "--auth=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--no-sync")
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed: {init.stderr}")
    os.unlink(pwfile)
    port = free_port()
    opts = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    started = run(os.path.join(bindir, "pg_ctl"), "-D", data, "-o", opts, "-l", os.path.join(base, "server.log"), "-w", "-t", "60", "start")
    if started.returncode != 0:
        raise RuntimeError(f"pg_ctl start failed: {started.stderr}{started.stdout}")
    return Postgres(port=port, base=base, bindir=bindir, superuser_password=password, prefix=prefix)


@dataclass
class Redis:
    port: int
    base: str
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.base, ignore_errors=True)


def start_redis(password: str | None = None) -> Redis:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed")
    base = tempfile.mkdtemp(prefix="exec-automator-redis-")
    port = free_port()
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", base]
    if password:
        args += ["--requirepass", password]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return Redis(port=port, base=base, process=process)
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("redis-server did not start")
