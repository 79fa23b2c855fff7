"""Kafka and PostgreSQL for a test session (tests/conftest.py) and for benchmarks.

``kafka_for_tests()`` and ``postgres_for_tests()`` pick, in this order: a server
named by WEERBAAR_TEST_KAFKA_BOOTSTRAP / WEERBAAR_TEST_POSTGRES_URL, testcontainers
when Docker answers, else local processes on free ports in a temp dir (so they
never collide with a running `make up`).

The broker authenticates and authorizes like production: the yielded broker's
``admin_settings`` are a super user's (the tests' ``kafka_settings``); the services'
principals and ACLs are provisioned with passwords derived from the admin's
(``shared.runtime.credentials.principal_settings``). An external broker is used as it
is: with WEERBAAR_TEST_KAFKA_ADMIN_PASSWORD as a SASL/SCRAM one, else without
authentication.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from shared.ops.kafka_access import provision
from shared.runtime import free_base_port, free_ports, run_blocking
from shared.runtime.cluster import LocalKafkaCluster
from shared.runtime.credentials import admin_settings, platform_passwords
from shared.runtime.docker import KafkaTestContainer, PostgresTestContainer, docker_engine_answers
from shared.runtime.infra import Database
from shared.runtime.kafka_local import LocalKafka
from shared.runtime.postgres_local import LocalPostgres, PostgresEndpoint
from shared.runtime.services import PORTAL_OFFSET
from shared.settings import KafkaSettings


@dataclass(frozen=True)
class ExternalKafka:
    """A broker someone else runs (WEERBAAR_TEST_KAFKA_BOOTSTRAP): usable, not restartable."""

    bootstrap_servers: str
    admin_password: str | None = None
    restartable: ClassVar[bool] = False

    @property
    def admin_settings(self) -> KafkaSettings:
        if self.admin_password is None:
            return KafkaSettings(bootstrap_servers=self.bootstrap_servers)
        return admin_settings(self.bootstrap_servers, self.admin_password)


def provision_for_tests(broker: Any, replication_factor: int = 1) -> None:
    """Topics, service principals and ACLs on a broker the tests just started."""
    admin = broker.admin_settings
    run_blocking(lambda: provision(admin, platform_passwords(admin), replication_factor=replication_factor))


@contextmanager
def kafka_for_tests() -> Iterator[LocalKafka | KafkaTestContainer | ExternalKafka]:
    """A broker with the contract's topics and the platform's principals, for one test session.

    The yielded object has ``bootstrap_servers`` and ``admin_settings``; unless it is
    ExternalKafka it also has start()/stop() (and *_async twins) that keep port,
    data, topics and credentials.
    """
    external = os.environ.get("WEERBAAR_TEST_KAFKA_BOOTSTRAP")
    if external:
        broker: LocalKafka | KafkaTestContainer | ExternalKafka = ExternalKafka(
            external, os.environ.get("WEERBAAR_TEST_KAFKA_ADMIN_PASSWORD")
        )
        cleanup = _nothing_to_clean
    elif docker_engine_answers():
        broker = KafkaTestContainer()
        cleanup = broker.remove
    else:
        kafka_dir = private_temp_dir("kafka")
        ports = free_ports(2)
        broker = LocalKafka(kafka_dir, port=ports[0], controller_port=ports[1])

        def cleanup() -> None:
            broker.stop()  # type: ignore[union-attr]
            shutil.rmtree(kafka_dir, ignore_errors=True)

    try:
        if not isinstance(broker, ExternalKafka):
            broker.start()
        provision_for_tests(broker)
        yield broker
    finally:
        cleanup()


@contextmanager
def kafka_cluster_for_tests(size: int = 3) -> Iterator[LocalKafkaCluster]:
    """A local cluster of ``size`` nodes with the platform's topics (replicated) and principals."""
    cluster_dir = private_temp_dir("kafka-cluster")
    cluster = LocalKafkaCluster.on_free_ports(cluster_dir, size)
    try:
        cluster.start()
        provision_for_tests(cluster, replication_factor=size)
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(cluster_dir, ignore_errors=True)


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
        postgres_dir = private_temp_dir("postgres")
        (port,) = free_ports(1)
        server = LocalPostgres(postgres_dir, port=port, durable=False)
        try:
            server.start()
            yield server
        finally:
            server.stop()
            shutil.rmtree(postgres_dir, ignore_errors=True)


def private_temp_dir(what: str) -> Path:
    # Not pytest's tmp_path: that lives under a 0700 directory the PostgreSQL
    # system user (when we are root) could not enter.
    path = Path(tempfile.mkdtemp(prefix=f"weerbaar-test-{what}-"))
    path.chmod(0o711)
    return path


@dataclass(frozen=True)
class StackPorts:
    """Where a stack of a test listens: the services on base+1..base+4, the portal on
    base+PORTAL_OFFSET, Kafka (its controller on the next port), PostgreSQL, the mail sink."""

    base: int
    kafka: int
    postgres: int
    smtp: int
    mail_web: int

    @classmethod
    def free(cls) -> StackPorts:
        """One block of ports free right now, away from make up's 8001.."""
        base = free_base_port(PORTAL_OFFSET + 5)
        return cls(base, *(base + PORTAL_OFFSET + offset for offset in (1, 3, 4, 5)))


def stack_up_command(state_dir: Path) -> tuple[list[str], StackPorts]:
    """``python -m shared.runtime.stack up`` on ports free right now, and those ports."""
    ports = StackPorts.free()
    command = [
        sys.executable, "-m", "shared.runtime.stack", "up", "--state-dir", str(state_dir),
        "--base-port", str(ports.base), "--kafka-port", str(ports.kafka), "--postgres-port", str(ports.postgres),
        "--smtp-port", str(ports.smtp), "--mail-web-port", str(ports.mail_web),
    ]
    return command, ports


def _nothing_to_clean() -> None:
    pass
