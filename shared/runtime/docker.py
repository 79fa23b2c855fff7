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

from shared.runtime import LOCALHOST, free_ports, run_blocking
from shared.runtime.credentials import admin_settings, new_password
from shared.runtime.errors import ProcessStartError, RuntimeSetupError, ToolMissingError
from shared.runtime.kafka_local import new_cluster_id
from shared.runtime.postgres_local import PostgresEndpoint
from shared.settings import KafkaSettings

KAFKA_IMAGE = "apache/kafka:4.1.1"
POSTGRES_IMAGE = "postgres:18"
INFRA_SERVICES = ("kafka", "postgres")  # the docker-compose.yml services the stack needs from Docker
KAFKA_DEPLOY_DIR = Path(__file__).resolve().parents[2] / "deploy" / "kafka"
COMPOSE_KAFKA_PORT = 19092
COMPOSE_POSTGRES_PORT = 55432


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
    """apache/kafka (KRaft, single node) under testcontainers, restartable like LocalKafka,
    with authentication and ACLs as in compose (deploy/kafka/start.sh).

    The host port is chosen up front and bound 1:1, so the advertised listener is
    known before start and stays valid across a container stop/start (a random
    mapped port could change on restart and break every client's metadata).
    """

    restartable = True

    def __init__(self, image: str = KAFKA_IMAGE) -> None:
        self.image = image
        (self.port,) = free_ports(1)
        self.admin_password = new_password()
        self._container: Any = None

    @property
    def bootstrap_servers(self) -> str:
        return f"{LOCALHOST}:{self.port}"

    @property
    def admin_settings(self) -> KafkaSettings:
        return admin_settings(self.bootstrap_servers, self.admin_password)

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

        # The container's one client listener is the HOST listener of deploy/kafka/server.properties.
        overrides = "\n".join(
            [
                "listeners=INTERNAL://0.0.0.0:9094,CONTROLLER://localhost:9093,HOST://0.0.0.0:9092",
                f"advertised.listeners=INTERNAL://localhost:9094,HOST://{LOCALHOST}:{self.port}",
                "controller.quorum.voters=1@localhost:9093",
                "log.dirs=/tmp/kraft-combined-logs",
            ]
        )
        return (
            DockerContainer(self.image)
            .with_bind_ports(9092, self.port)
            .with_volume_mapping(str(KAFKA_DEPLOY_DIR), "/weerbaar", "ro")
            .with_env("KAFKA_ADMIN_PASSWORD", self.admin_password)
            .with_env("CLUSTER_ID", new_cluster_id())
            .with_env("KAFKA_EXTRA_PROPERTIES", overrides)
            .with_kwargs(entrypoint=["/bin/bash", "/weerbaar/start.sh"])
        )

    def _wait_until_ready(self, timeout: float) -> None:
        from shared.runtime.kafka_local import broker_answers

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if run_blocking(lambda: broker_answers(self.admin_settings)):
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


def compose_infra(stack: Any, project_dir: Path) -> Any:
    """Kafka and PostgreSQL from docker-compose.yml, with the secrets of the operator's .env."""
    from shared.contract.topics import SERVICES
    from shared.ops.kafka_access import INTEGRATOR, passwords_from_env
    from shared.runtime.infra import Infra

    secrets = dotenv_secrets(project_dir / ".env")
    compose_up_infra(project_dir)
    stack.callback(compose_stop_infra, project_dir)
    return Infra(
        admin_settings(f"{LOCALHOST}:{COMPOSE_KAFKA_PORT}", secrets["KAFKA_ADMIN_PASSWORD"]),
        PostgresEndpoint(LOCALHOST, COMPOSE_POSTGRES_PORT, password=secrets["POSTGRES_PASSWORD"]),
        passwords_from_env([*SERVICES, INTEGRATOR], secrets),
    )


def dotenv_secrets(path: Path) -> dict[str, str]:
    from dotenv import dotenv_values

    if not path.exists():
        raise RuntimeSetupError(f"{path} is missing: copy .env.example to .env and fill in the secrets")
    values = {key: value or "" for key, value in dotenv_values(path).items()}
    missing = [key for key in ("KAFKA_ADMIN_PASSWORD", "POSTGRES_PASSWORD") if not values.get(key)]
    if missing:
        raise RuntimeSetupError(f"{path} sets no {', '.join(missing)}")
    return values


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
