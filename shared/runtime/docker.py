"""Docker, when there is one: engine detection, test containers, and docker compose for the stack.

Everything here is optional: without a Docker engine the runtime uses LocalKafka
and LocalPostgres instead. ``WEERBAAR_NO_DOCKER=1`` forces that choice even where
an engine answers (e.g. to test the no-Docker path on a laptop).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from shared.runtime import free_ports, run_blocking
from shared.runtime.errors import ProcessStartError, ToolMissingError
from shared.runtime.postgres_local import PostgresEndpoint

KAFKA_IMAGE = "apache/kafka:4.1.1"
POSTGRES_IMAGE = "postgres:18"
INFRA_SERVICES = ("kafka", "postgres")  # the docker-compose.yml services the stack needs from Docker


def docker_engine_answers(timeout: float = 3.0) -> bool:
    """True when `docker info` reaches an engine within timeout; False on any error."""
    if os.environ.get("WEERBAAR_NO_DOCKER") == "1":
        return False
    docker = shutil.which("docker")
    if docker is None:
        return False
    try:
        result = subprocess.run([docker, "info"], capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


# -- testcontainers --------------------------------------------------------------


class KafkaTestContainer:
    """apache/kafka (KRaft, single node) under testcontainers, restartable like LocalKafka.

    The host port is chosen up front and bound 1:1, so the advertised listener is
    known before start and stays valid across a container stop/start (a random
    mapped port could change on restart and break every client's metadata).
    """

    restartable = True

    def __init__(self, image: str = KAFKA_IMAGE) -> None:
        self.image = image
        (self.port,) = free_ports(1)
        self._container: Any = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 90.0) -> None:
        if self._container is None:
            self._container = self._create()
            self._container.start()
        else:
            self._container.get_wrapped_container().start()
        self._wait_until_ready(timeout)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the container but keep it (and its topics) for the next start()."""
        if self._container is not None:
            self._container.get_wrapped_container().stop(timeout=int(timeout))

    async def start_async(self, timeout: float = 90.0) -> None:
        import asyncio

        await asyncio.to_thread(self.start, timeout)

    async def stop_async(self, timeout: float = 30.0) -> None:
        import asyncio

        await asyncio.to_thread(self.stop, timeout)

    def remove(self) -> None:
        if self._container is not None:
            self._container.stop()
            self._container = None

    def _create(self) -> Any:
        from testcontainers.core.container import DockerContainer

        env = {
            "KAFKA_NODE_ID": "1",
            "KAFKA_PROCESS_ROLES": "broker,controller",
            "KAFKA_CONTROLLER_QUORUM_VOTERS": "1@localhost:9093",
            "KAFKA_LISTENERS": "PLAINTEXT://0.0.0.0:9092,CONTROLLER://localhost:9093",
            "KAFKA_ADVERTISED_LISTENERS": f"PLAINTEXT://127.0.0.1:{self.port}",
            "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER",
            "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "1",
            "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR": "1",
            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR": "1",
            "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0",
            "KAFKA_AUTO_CREATE_TOPICS_ENABLE": "false",
        }
        container = DockerContainer(self.image).with_bind_ports(9092, self.port)
        for key, value in env.items():
            container = container.with_env(key, value)
        return container

    def _wait_until_ready(self, timeout: float) -> None:
        from shared.runtime.kafka_local import broker_answers

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if run_blocking(lambda: broker_answers(self.bootstrap_servers)):
                return
            time.sleep(0.5)
        raise ProcessStartError(f"Kafka container did not answer on {self.bootstrap_servers} in {timeout:.0f}s")


class PostgresTestContainer:
    """postgres:18 under testcontainers; exposes the same endpoint API as LocalPostgres."""

    def __init__(self, image: str = POSTGRES_IMAGE) -> None:
        self.image = image
        self._container: Any = None
        self.endpoint: PostgresEndpoint | None = None

    def start(self) -> PostgresEndpoint:
        try:
            from testcontainers.community.postgres import PostgresContainer
        except ImportError:  # testcontainers < 4.14 had no "community" namespace
            from testcontainers.postgres import PostgresContainer

        self._container = PostgresContainer(self.image, username="postgres", password="postgres", dbname="postgres")
        self._container.start()
        self.endpoint = PostgresEndpoint(
            host=self._container.get_container_host_ip(),
            port=int(self._container.get_exposed_port(5432)),
            user="postgres",
            password="postgres",
        )
        return self.endpoint

    def remove(self) -> None:
        if self._container is not None:
            self._container.stop()
            self._container = None


# -- docker compose (the dev stack) ------------------------------------------------


def compose_up_infra(project_dir: Path, timeout: float = 180.0) -> None:
    """Start Kafka and PostgreSQL from docker-compose.yml and wait until both are healthy."""
    _compose(
        project_dir,
        ["up", "--detach", "--wait", "--wait-timeout", str(int(timeout)), *INFRA_SERVICES],
        timeout=timeout + 60,
    )


def compose_stop_infra(project_dir: Path) -> None:
    """Stop (not remove) the infra containers, so their volumes keep topics and databases."""
    _compose(project_dir, ["stop", *INFRA_SERVICES], timeout=120, check=False)


def _compose(project_dir: Path, args: list[str], timeout: float, check: bool = True) -> None:
    docker = shutil.which("docker")
    if docker is None:
        raise ToolMissingError("docker not found on PATH")
    result = subprocess.run([docker, "compose", *args], cwd=project_dir, timeout=timeout, stdin=subprocess.DEVNULL)
    if check and result.returncode != 0:
        raise ProcessStartError(f"`docker compose {' '.join(args)}` failed (exit {result.returncode})")
