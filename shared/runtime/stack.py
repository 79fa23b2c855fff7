"""The whole platform on one machine, and the infrastructure the tests run against.

    python -m shared.runtime.stack up      Kafka + PostgreSQL + databases + topics + the four services + the portal
    python -m shared.runtime.stack infra   only Kafka + PostgreSQL + databases + topics
    python -m shared.runtime.stack down    stop what an interrupted `up` left behind

Kafka and PostgreSQL come from docker compose when a Docker engine answers, and
otherwise run as local processes (LocalKafka, LocalPostgres) with their data
under ./.weerbaar/. Ctrl-C or SIGTERM stops the services first, then Kafka and
PostgreSQL, and leaves no process behind.

For tests, ``kafka_for_tests()`` and ``postgres_for_tests()`` pick, in this order: a server
named by WEERBAAR_TEST_KAFKA_BOOTSTRAP / WEERBAAR_TEST_POSTGRES_URL, testcontainers
when Docker answers, else local processes on free ports in a temp dir (so they
never collide with a running `make up`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

from shared.contract.topics import SERVICES, all_topics
from shared.runtime import (
    LOCALHOST,
    die_with_parent,
    free_ports,
    interrupt_on_signals,
    log_tail,
    pid_alive,
    process_cmdline,
    require_free_port,
    run_blocking,
    terminate_process_group,
)
from shared.runtime.docker import (
    KafkaTestContainer,
    PostgresTestContainer,
    compose_stop_infra,
    compose_up_infra,
    docker_engine_answers,
)
from shared.runtime.errors import ProcessStartError, RuntimeSetupError
from shared.runtime.kafka_local import DEFAULT_PORT as DEFAULT_KAFKA_PORT
from shared.runtime.kafka_local import LocalKafka
from shared.runtime.postgres_local import DEFAULT_PORT as DEFAULT_POSTGRES_PORT
from shared.runtime.postgres_local import LocalPostgres, PostgresEndpoint
from shared.runtime.topics import ensure_topics

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_STATE_DIR = Path(".weerbaar")
DEFAULT_BASE_PORT = 8000  # services listen on base+1 .. base+4, in SERVICES order; the portal on base+5
PORTAL = "portal"  # the web front end: no database, no Kafka; it calls the services' HTTP APIs
PORTAL_OFFSET = 5
READY_TIMEOUT = 60.0
SERVICE_STOP_TIMEOUT = 15.0
# docker-compose.yml maps the containers to the same host ports LocalKafka/LocalPostgres use.
COMPOSE_POSTGRES_PASSWORD = "postgres"


def database_name(service: str) -> str:
    return f"weerbaar_{service}"


class Database(Protocol):
    """What tests and the stack need from any PostgreSQL server."""

    def url(self, database: str) -> str: ...

    def create_database(self, name: str) -> None: ...


# -- infrastructure --------------------------------------------------------------


@dataclass(frozen=True)
class Infra:
    bootstrap_servers: str
    postgres: Database


def bring_up_infra(stack: ExitStack, state_dir: Path, kafka_port: int, postgres_port: int) -> Infra:
    """Start Kafka and PostgreSQL (registering their shutdown on stack), then databases and topics."""
    if docker_engine_answers():
        print("Docker engine found: Kafka and PostgreSQL from docker compose")
        compose_up_infra(PROJECT_DIR)
        stack.callback(compose_stop_infra, PROJECT_DIR)
        infra = Infra(
            f"{LOCALHOST}:{DEFAULT_KAFKA_PORT}",
            PostgresEndpoint(LOCALHOST, DEFAULT_POSTGRES_PORT, password=COMPOSE_POSTGRES_PASSWORD),
        )
    else:
        print(f"No Docker engine: Kafka and PostgreSQL as local processes, data in {state_dir}/")
        infra = _start_local_infra(stack, state_dir, kafka_port, postgres_port)
    for service in SERVICES:
        infra.postgres.create_database(database_name(service))
    run_blocking(lambda: ensure_topics(infra.bootstrap_servers, all_topics()))
    return infra


def _start_local_infra(stack: ExitStack, state_dir: Path, kafka_port: int, postgres_port: int) -> Infra:
    postgres = LocalPostgres(state_dir / "postgres", port=postgres_port)
    kafka = LocalKafka(state_dir / "kafka", port=kafka_port)
    started = time.monotonic()
    postgres.start()
    stack.callback(postgres.stop)
    print(f"  PostgreSQL ready on {LOCALHOST}:{postgres_port} ({time.monotonic() - started:.1f}s)")
    started = time.monotonic()
    kafka.start()
    stack.callback(kafka.stop)
    print(f"  Kafka ready on {kafka.bootstrap_servers} ({time.monotonic() - started:.1f}s)")
    return Infra(kafka.bootstrap_servers, postgres)


# -- services ----------------------------------------------------------------------


@dataclass
class ServiceProcess:
    name: str
    port: int
    log_file: Path
    pid_file: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{LOCALHOST}:{self.port}"

    def start(self, env: dict[str, str]) -> None:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            # Own session: Ctrl-C reaches only the stack, which then stops services in order.
            self.process = subprocess.Popen(
                [sys.executable, "-m", f"services.{self.name}", "serve", "--port", str(self.port)],
                cwd=PROJECT_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=die_with_parent(signal.SIGTERM),
            )
        self.pid_file.write_text(f"{self.process.pid}\n")

    def stop(self) -> None:
        if self.process is not None:
            terminate_process_group(self.process.pid, SERVICE_STOP_TIMEOUT)
            self.process.wait()
            self.process = None
        self.pid_file.unlink(missing_ok=True)

    def exited(self) -> bool:
        return self.process is None or self.process.poll() is not None

    def answers_ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/health/ready", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False


def service_env(service: str, infra: Infra, portal_url: str | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "WEERBAAR_DB__URL": infra.postgres.url(database_name(service)),
        "WEERBAAR_KAFKA__BOOTSTRAP_SERVERS": infra.bootstrap_servers,
        "WEERBAAR_SERVICE_NAME": service,
        "PYTHONUNBUFFERED": "1",  # log lines appear in the log file as they happen
    }
    if portal_url:
        env["WEERBAAR_NOTIFY_LINK_BASE_URL"] = portal_url  # the links in e-mails open the portal
    return env


def portal_env(services: list[ServiceProcess]) -> dict[str, str]:
    """The portal calls each service where this stack runs it; on a developer's machine it offers
    the development sign-in and a session cookie over plain HTTP."""
    return {
        **os.environ,
        **{f"WEERBAAR_PORTAL_SERVICES__{s.name.upper()}": s.base_url for s in services},
        "WEERBAAR_PORTAL_DEV_SIGN_IN": os.environ.get("WEERBAAR_PORTAL_DEV_SIGN_IN", "true"),
        "WEERBAAR_PORTAL_COOKIE_SECURE": os.environ.get("WEERBAAR_PORTAL_COOKIE_SECURE", "false"),
        "PYTHONUNBUFFERED": "1",
    }


def plan_services(state_dir: Path, base_port: int) -> list[ServiceProcess]:
    """The four services, then the portal in front of them."""
    names = [*((name, offset) for offset, name in enumerate(SERVICES, start=1)), (PORTAL, PORTAL_OFFSET)]
    return [
        ServiceProcess(name, base_port + offset, state_dir / "logs" / f"{name}.log", state_dir / "run" / f"{name}.pid")
        for name, offset in names
    ]


def start_services(stack: ExitStack, services: list[ServiceProcess], infra: Infra) -> None:
    backends = [s for s in services if s.name != PORTAL]
    portal = next((s for s in services if s.name == PORTAL), None)
    for service in backends:
        service.start(service_env(service.name, infra, portal.base_url if portal else None))
        stack.callback(service.stop)
    wait_until_ready(backends)
    if portal is not None:  # its readiness is that the services answer
        portal.start(portal_env(backends))
        stack.callback(portal.stop)
        wait_until_ready([portal])


def wait_until_ready(services: list[ServiceProcess], timeout: float = READY_TIMEOUT) -> None:
    """Return once every service answers GET /health/ready; raise with the log tail of one that does not."""
    deadline = time.monotonic() + timeout
    pending = list(services)
    while pending:
        for service in list(pending):
            if service.exited():
                raise ProcessStartError(_failure_report(service, "exited during start-up"))
            if service.answers_ready():
                print(f"  {service.name} ready on {service.base_url}")
                pending.remove(service)
        if pending and time.monotonic() > deadline:
            raise ProcessStartError(_failure_report(pending[0], f"not ready after {timeout:.0f}s"))
        time.sleep(0.3)


def _failure_report(service: ServiceProcess, what: str) -> str:
    return f"Service {service.name} {what}. Tail of {service.log_file}:\n{log_tail(service.log_file)}"


def stop_leftovers(state_dir: Path) -> None:
    """Stop services, Kafka and PostgreSQL that a killed `up` left running (found by pid files)."""
    for pid_file in sorted((state_dir / "run").glob("*.pid")):
        pid = int(pid_file.read_text().strip() or 0)
        if pid and pid_alive(pid) and f"services.{pid_file.stem}" in process_cmdline(pid):
            terminate_process_group(pid, SERVICE_STOP_TIMEOUT)
            print(f"stopped service {pid_file.stem} (pid {pid})")
        pid_file.unlink()
    if LocalKafka(state_dir / "kafka").stop_orphan():
        print("stopped Kafka")
    if LocalPostgres(state_dir / "postgres").stop():
        print("stopped PostgreSQL")


# -- CLI ---------------------------------------------------------------------------


def _print_summary(infra: Infra, services: list[ServiceProcess]) -> None:
    print("\nWeerbaar is up:")
    for service in services:
        if service.name == PORTAL:
            print(f"  {service.name:<10} {service.base_url}/   (sign in on {service.base_url}/aanmelden)   "
                  f"log: {service.log_file}")
            continue
        print(
            f"  {service.name:<10} {service.base_url}/docs   {service.base_url}/asyncapi   "
            f"{service.base_url}/health/ready   log: {service.log_file}"
        )
    print(f"  Kafka      {infra.bootstrap_servers}")
    print(f"  PostgreSQL {infra.postgres.url('<database>')}")
    print(f"Mint an API token: {sys.executable} -m shared.auth.mint --help")
    print("Ctrl-C stops everything.", flush=True)


def _wait_for_interrupt(services: list[ServiceProcess]) -> None:
    reported: set[str] = set()
    while True:
        for service in services:
            if service.exited() and service.name not in reported:
                reported.add(service.name)
                print(f"warning: {_failure_report(service, 'exited')}", file=sys.stderr, flush=True)
        time.sleep(1)


def _ignore_further_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m shared.runtime.stack", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["up", "infra", "down"])
    parser.add_argument(
        "--base-port",
        type=int,
        default=DEFAULT_BASE_PORT,
        help="services listen on base+1..base+4 (default 8001..8004), the portal on base+5 (8005)",
    )
    parser.add_argument("--kafka-port", type=int, default=DEFAULT_KAFKA_PORT)
    parser.add_argument("--postgres-port", type=int, default=DEFAULT_POSTGRES_PORT)
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> None:
    state_dir = args.state_dir.resolve()
    stop_leftovers(state_dir)
    services = plan_services(state_dir, args.base_port) if args.command == "up" else []
    for service in services:
        require_free_port(service.port, f"service {service.name}")
    with ExitStack() as stack:
        try:
            infra = bring_up_infra(stack, state_dir, args.kafka_port, args.postgres_port)
            start_services(stack, services, infra)
            if services:
                _print_summary(infra, services)
            else:
                print(
                    f"\nInfra is up: Kafka {infra.bootstrap_servers}, PostgreSQL "
                    f"{infra.postgres.url('<database>')}. Ctrl-C stops it.",
                    flush=True,
                )
            _wait_for_interrupt(services)
        except KeyboardInterrupt:
            print("\nStopping ...", flush=True)
            _ignore_further_interrupts()  # a second Ctrl-C must not abort the shutdown half-way
    print("Stopped.")


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    interrupt_on_signals()
    try:
        if args.command == "down":
            stop_leftovers(args.state_dir.resolve())
        else:
            run(args)
    except RuntimeSetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


# -- test infrastructure (used by tests/conftest.py) --------------------------------


@dataclass(frozen=True)
class ExternalKafka:
    """A broker someone else runs (WEERBAAR_TEST_KAFKA_BOOTSTRAP): usable, not restartable."""

    bootstrap_servers: str
    restartable: ClassVar[bool] = False


@contextmanager
def kafka_for_tests() -> Iterator[LocalKafka | KafkaTestContainer | ExternalKafka]:
    """A broker with the contract's topics, for one test session.

    The yielded object has ``bootstrap_servers``; unless it is ExternalKafka it also
    has start()/stop() (and *_async twins) that keep port, data and topics.
    """
    external = os.environ.get("WEERBAAR_TEST_KAFKA_BOOTSTRAP")
    if external:
        broker: LocalKafka | KafkaTestContainer | ExternalKafka = ExternalKafka(external)
        cleanup = _nothing_to_clean
    elif docker_engine_answers():
        broker = KafkaTestContainer()
        cleanup = broker.remove
    else:
        kafka_dir = _private_temp_dir("kafka")
        ports = free_ports(2)
        broker = LocalKafka(kafka_dir, port=ports[0], controller_port=ports[1])

        def cleanup() -> None:
            broker.stop()  # type: ignore[union-attr]
            shutil.rmtree(kafka_dir, ignore_errors=True)

    try:
        if not isinstance(broker, ExternalKafka):
            broker.start()
        run_blocking(lambda: ensure_topics(broker.bootstrap_servers, all_topics()))
        yield broker
    finally:
        cleanup()


@contextmanager
def postgres_for_tests() -> Iterator[Database]:
    """A PostgreSQL server for one test session; databases are created by the tests."""
    external = os.environ.get("WEERBAAR_TEST_POSTGRES_URL")
    if external:
        yield PostgresEndpoint.from_url(external)
    elif docker_engine_answers():
        container = PostgresTestContainer()
        try:
            yield container.start()
        finally:
            container.remove()
    else:
        postgres_dir = _private_temp_dir("postgres")
        (port,) = free_ports(1)
        server = LocalPostgres(postgres_dir, port=port, durable=False)
        try:
            server.start()
            yield server
        finally:
            server.stop()
            shutil.rmtree(postgres_dir, ignore_errors=True)


def _private_temp_dir(what: str) -> Path:
    # Not pytest's tmp_path: that lives under a 0700 directory the PostgreSQL
    # system user (when we are root) could not enter.
    path = Path(tempfile.mkdtemp(prefix=f"weerbaar-test-{what}-"))
    path.chmod(0o711)
    return path


def _nothing_to_clean() -> None:
    pass


if __name__ == "__main__":
    sys.exit(main())
