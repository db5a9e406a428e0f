"""A private, throwaway PostgreSQL cluster from the machine's binaries (initdb + pg_ctl).

It listens on a free loopback port with trust authentication and lives in a temp dir that is
removed afterwards. PostgreSQL refuses to run as root, so as root the server runs as the
`postgres` system user (or `nobody`) through runuser.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from wavemod.engine.core.errors import WavemodError


class PostgresUnavailable(WavemodError):
    exit_code = 6


def find_bindir() -> Path:
    """Where initdb and pg_ctl live: $PG_BINDIR, the PATH, then Debian's versioned directories."""
    candidates = [os.environ.get("PG_BINDIR", "")]
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(str(Path(os.path.realpath(initdb)).parent))
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    candidates += sorted(glob.glob("/usr/local/pgsql/bin"))
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    raise PostgresUnavailable(
        "no PostgreSQL server binaries (initdb, pg_ctl) found",
        hint="install them (Debian/Ubuntu: apt-get install postgresql), set PG_BINDIR, or pass --database-url",
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_as() -> list[str]:
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["runuser", "-u", user, "--"]
    raise PostgresUnavailable("running as root and no unprivileged user to run PostgreSQL as", hint="create a `postgres` user or pass --database-url")


def _chown_for(prefix: list[str], path: Path) -> None:
    if prefix:
        user = pwd.getpwnam(prefix[2])
        os.chown(path, user.pw_uid, user.pw_gid)


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """Start a cluster; yield its connection URL; stop it and delete everything on exit."""
    bindir = find_bindir()
    prefix = _run_as()
    root = Path(tempfile.mkdtemp(prefix="wavemod-pg-"))
    os.chmod(root, 0o755)
    data = root / "data"
    data.mkdir()
    _chown_for(prefix, data)
    os.chmod(data, 0o700)
    port = free_port()
    log = root / "server.log"
    log.touch()
    _chown_for(prefix, log)
    env = dict(os.environ, LC_ALL="C", LANG="C")
    try:
        subprocess.run(prefix + [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"], check=True, capture_output=True, env=env)
        options = f"-p {port} -c listen_addresses=127.0.0.1 -k {data} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"], check=True, capture_output=True, env=env)
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode(errors="replace").strip() or log.read_text(errors="replace")[-2000:]
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"could not start a temporary PostgreSQL: {detail}", hint="check the PostgreSQL installation, or pass --database-url") from exc
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True, env=env)
        shutil.rmtree(root, ignore_errors=True)


def without_password(url: str) -> str:
    """The URL as it may be printed: any password replaced by `***`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


@contextmanager
def scratch_database(url: str, name_prefix: str = "wavemod") -> Iterator[str]:
    """A fresh database on the server at `url`, dropped afterwards."""
    import psycopg

    name = f"{name_prefix}_{os.getpid()}_{free_port()}"
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PostgresUnavailable(
            f"cannot create a scratch database on {without_password(url)}: {reason}",
            hint="check --database-url (a running server, and a user allowed to CREATE DATABASE), or leave it out to use a private temporary server",
        ) from exc
    base, _, _ = url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
