"""The compose file's Kafka entry point (deploy/kafka/start.sh with its server.properties),
run for real without Docker: the image's two Kafka scripts are stand-ins that start the
same jars the local runtime uses, and only the container's addresses are overridden.
The broker it starts refuses anonymous clients, and provisioning through it gives
each service exactly its own rights."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka.errors import KafkaConnectionError, TopicAuthorizationFailedError

from shared.contract.topics import event_topic
from shared.ops.kafka_access import provision
from shared.runtime import free_ports, kill_process_group
from shared.runtime.credentials import admin_settings, platform_passwords, principal_settings
from shared.runtime.kafka_local import (
    DEFAULT_HEAP,
    DEFAULT_JVM_OPTIONS,
    LOG4J_CONFIG,
    LocalKafka,
    broker_answers,
    find_java,
    new_cluster_id,
)
from shared.settings import KafkaSettings
from tests.support.kafka import produce
from tests.support.polling import eventually

ROOT = Path(__file__).resolve().parents[2]


def stand_in_kafka_home(home: Path, libs: Path) -> Path:
    """bin/kafka-storage.sh and bin/kafka-server-start.sh as the apache/kafka image has them."""
    java = " ".join([find_java(), *DEFAULT_HEAP, *DEFAULT_JVM_OPTIONS, f"-Dlog4j2.configurationFile={LOG4J_CONFIG}",
                     f"-Dkafka.logs.dir={home}", "-cp", f"'{libs}/*'"])
    (home / "bin").mkdir(parents=True)
    for script, main_class in (("kafka-storage.sh", "kafka.tools.StorageTool"), ("kafka-server-start.sh", "kafka.Kafka")):
        path = home / "bin" / script
        path.write_text(f'#!/usr/bin/env bash\nexec {java} {main_class} "$@"\n')
        path.chmod(0o755)
    return home


@pytest.fixture(scope="module")
def compose_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaSettings]:
    base = tmp_path_factory.mktemp("compose-kafka")
    libs = LocalKafka(base / "unused").ensure_jars()
    internal, controller, host = free_ports(3)
    password = "compose-admin-password-0123456789"
    overrides = "\n".join([
        f"listeners=INTERNAL://127.0.0.1:{internal},CONTROLLER://127.0.0.1:{controller},HOST://127.0.0.1:{host}",
        f"advertised.listeners=INTERNAL://127.0.0.1:{internal},HOST://127.0.0.1:{host}",
        f"controller.quorum.voters=1@127.0.0.1:{controller}",
        f"log.dirs={base / 'data'}",
    ])
    env = {
        **os.environ,
        "KAFKA_HOME": str(stand_in_kafka_home(base / "kafka", libs)),
        "KAFKA_ADMIN_PASSWORD": password,
        "CLUSTER_ID": new_cluster_id(),
        "KAFKA_EXTRA_PROPERTIES": overrides,
        "KAFKA_CONFIG": str(base / "server.properties"),
        "KAFKA_ADMIN_CLIENT_CONFIG": str(base / "admin.properties"),
    }
    with open(base / "kafka.log", "wb") as log:
        process = subprocess.Popen(
            ["bash", str(ROOT / "deploy" / "kafka" / "start.sh")], env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    try:
        yield admin_settings(f"127.0.0.1:{host}", password)
    finally:
        kill_process_group(process.pid)
        process.wait()
        shutil.rmtree(base, ignore_errors=True)


async def test_the_compose_broker_authenticates_and_its_provisioning_confines_each_service(compose_broker) -> None:
    await eventually(lambda: broker_answers(compose_broker), timeout=90, what="the compose broker answers the admin")
    await provision(compose_broker, platform_passwords(compose_broker))
    inventory = principal_settings(compose_broker, "inventory")

    await produce(inventory, event_topic("inventory"), b"{}", b"VR01")
    with pytest.raises(TopicAuthorizationFailedError):
        await produce(inventory, event_topic("funding"), b"{}", b"VR01")
    with pytest.raises(KafkaConnectionError):
        anonymous = KafkaSettings(bootstrap_servers=compose_broker.bootstrap_servers)
        await produce(anonymous, event_topic("inventory"), b"{}", b"VR01")


def test_start_sh_refuses_to_run_without_the_admin_password() -> None:
    env = {key: value for key, value in os.environ.items() if key != "KAFKA_ADMIN_PASSWORD"}
    result = subprocess.run(
        ["bash", str(ROOT / "deploy" / "kafka" / "start.sh")], env={**env, "CLUSTER_ID": "x"},
        capture_output=True, text=True, timeout=10,
    )

    assert result.returncode != 0
    assert "KAFKA_ADMIN_PASSWORD is not set" in result.stderr

