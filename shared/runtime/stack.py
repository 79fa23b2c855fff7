"""The whole platform on one machine, supervised.

    python -m shared.runtime.stack up      Kafka + PostgreSQL + topics and access + mail sink + the four services + the portal
    python -m shared.runtime.stack infra   only Kafka + PostgreSQL + databases + topics and access
    python -m shared.runtime.stack down    stop what an interrupted `up` left behind

``--brokers 3`` runs a three-node Kafka cluster instead of one broker (replication 3,
min.insync.replicas 2); ``--replicas 2`` runs every service twice (one relay leads,
the consumer groups share the partitions).

Kafka and PostgreSQL come from docker compose when a Docker engine answers, and
otherwise run as local processes (LocalKafka, LocalPostgres) with their data
under ./.weerbaar/. The stack then watches its processes: one that exits is
restarted with backoff and reported; one that keeps failing stops the stack with
its log tail. Ctrl-C or SIGTERM stops the services first, then Kafka and
PostgreSQL, and leaves no process behind.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from contextlib import ExitStack
from pathlib import Path

from shared.ops.topics import TopicSetupError
from shared.runtime import LOCALHOST, interrupt_on_signals, require_free_port
from shared.runtime.credentials import kafka_env
from shared.runtime.errors import RuntimeSetupError
from shared.runtime.infra import Infra, bring_up_infra, stop_infra_leftovers
from shared.runtime.kafka_local import DEFAULT_PORT as DEFAULT_KAFKA_PORT
from shared.runtime.mail_sink import MailSink
from shared.runtime.postgres_local import DEFAULT_PORT as DEFAULT_POSTGRES_PORT
from shared.runtime.services import (
    PORTAL,
    ServiceProcess,
    plan_services,
    portal_env,
    service_env,
    start_services,
    stop_service_leftovers,
)
from shared.runtime.supervisor import Supervisor
from shared.settings import KafkaSettings

DEFAULT_STATE_DIR = Path(".weerbaar")
DEFAULT_BASE_PORT = 8000  # services listen on base+1 .. base+4, in SERVICES order
DEFAULT_SMTP_PORT = 1025  # notify's default SMTP port
DEFAULT_MAIL_WEB_PORT = 8025
ADMIN_ENV_FILE = "admin.env"


def stop_leftovers(state_dir: Path) -> None:
    """Stop services, Kafka and PostgreSQL that a killed `up` left running (found by pid files)."""
    stop_service_leftovers(state_dir)
    stop_infra_leftovers(state_dir)


def write_admin_env(state_dir: Path, kafka: KafkaSettings) -> Path:
    """WEERBAAR_KAFKA__* of the admin, for the operator tools (dead letters, status, kafka_access)."""
    path = state_dir / ADMIN_ENV_FILE
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.writelines(f"{key}={value}\n" for key, value in kafka_env(kafka).items())
    return path


# -- CLI ---------------------------------------------------------------------------


def _print_summary(infra: Infra, services: list[ServiceProcess], mail: MailSink | None, admin_env: Path) -> None:
    print("\nWeerbaar is up:")
    for service in services:
        if service.service == PORTAL:
            print(f"  {service.name:<12} {service.base_url}/   sign in at {service.base_url}/aanmelden   "
                  f"log: {service.log_file}")
            continue
        print(
            f"  {service.name:<12} {service.base_url}/v1/docs   {service.base_url}/health/ready   "
            f"{service.base_url}/metrics   log: {service.log_file}"
        )
    print(f"  Kafka        {infra.describe_kafka()}   SASL/SCRAM, each service its own principal")
    print(f"  PostgreSQL   {infra.postgres.url('<database>')}")
    if mail is not None:
        print(f"  Mail         SMTP {LOCALHOST}:{mail.smtp_port} (notify sends here); read it at {mail.web_url}")
        print(f"               or in the Maildir {mail.directory}")
    base = services[0].port - 1 if services else DEFAULT_BASE_PORT
    print(f"Status (backlog, lag, dead letters): {sys.executable} -m shared.ops.status --base-port {base}")
    print(f"Operator tools as the Kafka admin: set -a; . {admin_env}; set +a")
    print(f"Mint an API token: {sys.executable} -m shared.auth.mint --help")
    print("The stack restarts a process that exits (and says so). Ctrl-C stops everything.", flush=True)


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
        help="services listen on base+1..base+4 (default 8001..8004), the portal on base+5 (8005); "
        "second replicas on base+11..base+14",
    )
    parser.add_argument("--kafka-port", type=int, default=DEFAULT_KAFKA_PORT, help="first broker's port")
    parser.add_argument("--postgres-port", type=int, default=DEFAULT_POSTGRES_PORT)
    parser.add_argument("--smtp-port", type=int, default=DEFAULT_SMTP_PORT)
    parser.add_argument("--mail-web-port", type=int, default=DEFAULT_MAIL_WEB_PORT)
    parser.add_argument("--brokers", type=int, default=1, choices=[1, 3], help="Kafka nodes (3: replicated cluster)")
    parser.add_argument("--replicas", type=int, default=1, choices=[1, 2], help="processes per service")
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> None:
    state_dir = args.state_dir.resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    stop_leftovers(state_dir)
    services = plan_services(state_dir, args.base_port, args.replicas) if args.command == "up" else []
    for service in services:
        require_free_port(service.port, f"service {service.name}")
    with ExitStack() as stack:
        try:
            infra = bring_up_infra(stack, state_dir, args.kafka_port, args.postgres_port, args.brokers)
            admin_env = write_admin_env(state_dir, infra.kafka)
            mail = _start_mail_sink(stack, state_dir, args) if services else None
            portal = next((s for s in services if s.service == PORTAL), None)
            backends = [s for s in services if s is not portal]
            for service in backends:
                service.env = service_env(service.service, infra, mail.smtp_port if mail else None,
                                          portal.base_url if portal else None)
            if portal is not None:
                portal.env = portal_env(backends)
            start_services(stack, services)
            if services:
                _print_summary(infra, services, mail, admin_env)
            else:
                print(
                    f"\nInfra is up: Kafka {infra.describe_kafka()}, PostgreSQL {infra.postgres.url('<database>')}.\n"
                    f"Kafka admin settings: {admin_env}. The stack restarts what exits. Ctrl-C stops it.",
                    flush=True,
                )
            Supervisor([*infra.children, *services], report=_report).run_forever()
        except KeyboardInterrupt:
            print("\nStopping ...", flush=True)
            _ignore_further_interrupts()  # a second Ctrl-C must not abort the shutdown half-way
    print("Stopped.")


def _start_mail_sink(stack: ExitStack, state_dir: Path, args: argparse.Namespace) -> MailSink:
    require_free_port(args.smtp_port, "the local SMTP sink")
    require_free_port(args.mail_web_port, "the mail sink's web page")
    mail = MailSink(state_dir / "mail", args.smtp_port, args.mail_web_port)
    mail.start()
    stack.callback(mail.stop)
    return mail


def _report(line: str) -> None:
    print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    interrupt_on_signals()
    try:
        if args.command == "down":
            stop_leftovers(args.state_dir.resolve())
        else:
            run(args)
    except (RuntimeSetupError, TopicSetupError) as error:
        print(f"error: {error}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
