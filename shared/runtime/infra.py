"""Kafka and PostgreSQL for the local stack: started (locally or by docker compose),
databases created, topics, principals and ACLs provisioned."""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from shared.contract.topics import SERVICES
from shared.ops.kafka_access import provision
from shared.runtime import LOCALHOST, run_blocking
from shared.runtime.cluster import LocalKafkaCluster
from shared.runtime.credentials import as_principal, platform_passwords
from shared.runtime.docker import compose_infra, docker_engine_answers
from shared.runtime.kafka_local import LocalKafka
from shared.runtime.postgres_local import LocalPostgres
from shared.settings import KafkaSettings

PROJECT_DIR = Path(__file__).resolve().parents[2]


def database_name(service: str) -> str:
    return f"weerbaar_{service}"


class Database(Protocol):
    """What tests and the stack need from any PostgreSQL server."""

    def url(self, database: str) -> str: ...

    def create_database(self, name: str) -> None: ...


@dataclass
class Infra:
    kafka: KafkaSettings  # the admin's: a super user that provisions the rest
    postgres: Database
    passwords: dict[str, str]  # each platform principal's Kafka password
    children: list[Any] = field(default_factory=list)  # local processes the supervisor keeps running

    def describe_kafka(self) -> str:
        nodes = self.kafka.bootstrap_servers.count(",") + 1
        return self.kafka.bootstrap_servers + (f" ({nodes} nodes)" if nodes > 1 else "")

    def principal(self, name: str) -> KafkaSettings:
        """The same cluster as ``kafka``, as principal ``name``."""
        password = self.passwords.get(name)
        if password is None or not self.kafka.sasl_mechanism:
            return self.kafka
        return as_principal(self.kafka, name, password)


def bring_up_infra(stack: ExitStack, state_dir: Path, kafka_port: int, postgres_port: int, brokers: int = 1) -> Infra:
    """Start Kafka and PostgreSQL (registering their shutdown on stack), then databases, topics and access."""
    if docker_engine_answers() and brokers == 1:
        print("Docker engine found: Kafka and PostgreSQL from docker compose (secrets from .env)")
        infra = compose_infra(stack, PROJECT_DIR)
    else:
        print(f"Kafka and PostgreSQL as local processes, data in {state_dir}/")
        infra = _start_local_infra(stack, state_dir, kafka_port, postgres_port, brokers)
    for service in SERVICES:
        infra.postgres.create_database(database_name(service))
    run_blocking(lambda: provision(infra.kafka, infra.passwords, replication_factor=brokers))
    return infra


def _start_local_infra(stack: ExitStack, state_dir: Path, kafka_port: int, postgres_port: int, brokers: int) -> Infra:
    postgres = LocalPostgres(state_dir / "postgres", port=postgres_port)
    started = time.monotonic()
    postgres.start()
    stack.callback(postgres.stop)
    print(f"  PostgreSQL ready on {LOCALHOST}:{postgres_port} ({time.monotonic() - started:.1f}s)")
    started = time.monotonic()
    if brokers == 1:
        kafka = LocalKafka(state_dir / "kafka", port=kafka_port)
        nodes = [kafka]
    else:
        kafka = LocalKafkaCluster(state_dir / "kafka-cluster", brokers, base_port=kafka_port)  # type: ignore[assignment]
        nodes = kafka.nodes  # type: ignore[attr-defined]
    stack.callback(kafka.stop)
    kafka.start()
    print(f"  Kafka ready on {kafka.bootstrap_servers} ({time.monotonic() - started:.1f}s)")
    admin = kafka.admin_settings
    return Infra(admin, postgres, platform_passwords(admin), children=[postgres, *nodes])


def stop_infra_leftovers(state_dir: Path) -> None:
    if LocalKafka(state_dir / "kafka").stop_orphan():
        print("stopped Kafka")
    cluster_dir = state_dir / "kafka-cluster"
    if cluster_dir.exists() and LocalKafkaCluster(cluster_dir).stop_orphans():
        print("stopped the Kafka cluster")
    if (state_dir / "postgres").exists() and LocalPostgres(state_dir / "postgres").stop():
        print("stopped PostgreSQL")
