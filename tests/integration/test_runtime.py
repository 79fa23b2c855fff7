"""The test infrastructure itself: broker, topics, PostgreSQL, and taking Kafka down and up."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka.errors import UnknownTopicOrPartitionError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.contract.topics import TopicSpec, all_topics, event_topic
from shared.runtime import free_base_port, free_ports, pid_alive, port_is_free, wait_for_exit
from shared.runtime.docker import docker_engine_answers
from shared.ops.topics import TopicMismatchError, ensure_topics, topic_partitions
from shared.runtime.errors import PortInUseError, ProcessStartError, RuntimeSetupError, ToolMissingError
from shared.runtime.kafka_local import LocalKafka, broker_answers
from shared.runtime.postgres_local import LocalPostgres
from shared.runtime.services import ServiceProcess, wait_until_ready
from shared.settings import KafkaSettings
from tests.support.kafka import produce, reader, writer
from tests.support.brokers import kafka_fixtures

PROJECT_DIR = Path(__file__).resolve().parents[2]
kafka_broker, kafka_bootstrap, kafka_settings = kafka_fixtures("module")  # Kafka goes down here: a broker of its own


def private_topic(partitions: int = 1) -> TopicSpec:
    """A topic of this test alone, so no record lands in a contract topic other tests read."""
    return TopicSpec(f"weerbaar.test.runtime-{uuid.uuid4().hex[:12]}", partitions)


async def read_values(kafka: KafkaSettings, topic: str, expected: int) -> list[bytes]:
    consumer = reader(kafka, topic)
    await consumer.start()
    try:
        values: list[bytes] = []
        for _ in range(50):
            for records in (await consumer.getmany(timeout_ms=200)).values():
                values.extend(record.value for record in records)
            if len(values) >= expected:
                break
        return values
    finally:
        await consumer.stop()


# -- Kafka -----------------------------------------------------------------------


async def test_broker_answers_metadata_requests(kafka_settings: KafkaSettings) -> None:
    assert await broker_answers(kafka_settings)


async def test_every_declared_topic_exists_with_its_partition_count(kafka_settings: KafkaSettings) -> None:
    existing = await topic_partitions(kafka_settings)

    declared = {spec.name: spec.partitions for spec in all_topics()}
    assert {name: existing.get(name) for name in declared} == declared
    assert existing[event_topic("funding")] == 6


async def test_ensuring_topics_again_changes_nothing(kafka_settings: KafkaSettings) -> None:
    before = await topic_partitions(kafka_settings)

    await ensure_topics(kafka_settings, all_topics())

    assert await topic_partitions(kafka_settings) == before


async def test_a_topic_with_other_partitions_than_declared_is_refused(kafka_settings: KafkaSettings) -> None:
    declared = all_topics()[0]

    with pytest.raises(TopicMismatchError, match=declared.name):
        await ensure_topics(kafka_settings, [TopicSpec(declared.name, declared.partitions + 1)])


async def test_producing_to_an_undeclared_topic_fails(kafka_settings: KafkaSettings) -> None:
    undeclared = f"weerbaar.undeclared.{uuid.uuid4().hex[:8]}"
    producer = writer(kafka_settings, request_timeout_ms=3000, enable_idempotence=False, acks=1)
    await producer.start()
    try:
        with pytest.raises(UnknownTopicOrPartitionError):
            await producer.send_and_wait(undeclared, b"lost")
    finally:
        await producer.stop()

    assert undeclared not in await topic_partitions(kafka_settings)


# -- PostgreSQL --------------------------------------------------------------------


async def test_postgres_creates_databases_idempotently_and_accepts_connections(postgres) -> None:
    postgres.create_database("weerbaar_runtime_check")
    postgres.create_database("weerbaar_runtime_check")

    engine = create_async_engine(postgres.url("weerbaar_runtime_check"))
    try:
        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT current_database()")) == "weerbaar_runtime_check"
    finally:
        await engine.dispose()


# -- Kafka down and up again ---------------------------------------------------------


async def test_restarted_broker_keeps_port_topics_records_and_credentials(kafka_runtime) -> None:
    admin = kafka_runtime.admin_settings
    topic = private_topic()
    await ensure_topics(admin, [topic])
    await produce(admin, topic.name, b"before", b"NL")

    await kafka_runtime.stop_async()
    assert not await broker_answers(admin)
    await kafka_runtime.start_async()

    assert kafka_runtime.admin_settings == admin
    await produce(admin, topic.name, b"after", b"NL")
    assert await read_values(admin, topic.name, expected=2) == [b"before", b"after"]
    assert (await topic_partitions(admin))[event_topic("inventory")] == 6


async def test_an_orphaned_local_broker_is_stopped_by_the_cli(kafka_runtime) -> None:
    if not isinstance(kafka_runtime, LocalKafka):
        pytest.skip("only LocalKafka records a pid file for the CLI")
    pid = int(kafka_runtime.pid_file.read_text())

    subprocess.run(
        [sys.executable, "-m", "shared.runtime.kafka_local", "stop", "--data-dir", str(kafka_runtime.data_dir)],
        cwd=PROJECT_DIR,
        check=True,
        timeout=60,
    )

    assert not pid_alive(pid)
    await kafka_runtime.start_async()
    assert await broker_answers(kafka_runtime.admin_settings)


# -- one-line errors, checked without starting anything ------------------------------


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_kafka_on_a_taken_port_says_which_port(tmp_path: Path, taken_port: int) -> None:
    with pytest.raises(PortInUseError, match=f"Port {taken_port} .*already in use"):
        LocalKafka(tmp_path / "kafka", port=taken_port).start()


def test_postgres_on_a_taken_port_says_which_port(tmp_path: Path, taken_port: int) -> None:
    with pytest.raises(PortInUseError, match=f"Port {taken_port} .*already in use"):
        LocalPostgres(tmp_path / "postgres", port=taken_port).start()


def test_missing_java_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)

    with pytest.raises(ToolMissingError, match="Java 17\\+ not found on PATH: install a JDK"):
        LocalKafka(tmp_path / "kafka").start()


def test_chosen_ports_are_free_distinct_and_never_ones_an_outgoing_connection_takes() -> None:
    # An outgoing connection's local port comes from the ephemeral range; a server port chosen
    # there was once taken by one between its choice and its bind, seconds later (CI, 6 Dec).
    low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    ports = free_ports(20)
    assert len(set(ports)) == 20
    base = free_base_port(10)
    chosen = ports + [base + offset for offset in range(1, 11)]
    assert [port for port in chosen if low <= port <= high or not port_is_free(port)] == []


def test_a_service_that_dies_at_start_is_reported_with_its_log(tmp_path: Path) -> None:
    (port,) = free_ports(1)
    service = ServiceProcess("no_such_service", port, tmp_path / "svc.log", tmp_path / "svc.pid")
    service.start(env={"PATH": "/usr/bin:/bin"})
    try:
        with pytest.raises(ProcessStartError, match="(?s)no_such_service exited during start-up.*No module named"):
            wait_until_ready([service], timeout=20)
    finally:
        service.stop()
    assert not service.pid_file.exists()


def test_a_port_that_reads_back_the_request_is_not_ready_yet(tmp_path: Path) -> None:
    """A TCP self-connect (possible while nothing listens on a port in the ephemeral range)
    reads back its own request: the readiness probe says "not ready", it does not fail."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def echo_once() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.sendall(conn.recv(4096))

    echo = threading.Thread(target=echo_once, daemon=True)
    echo.start()
    try:
        service = ServiceProcess("inventory", port, tmp_path / "svc.log", tmp_path / "svc.pid")
        assert service.ready() is False
    finally:
        echo.join(timeout=5)
        listener.close()


def test_servers_die_with_the_process_that_started_them() -> None:
    # A parent that starts a long sleep with die_with_parent, prints its pid, and waits.
    parent_code = (
        "import subprocess, sys, time; from shared.runtime import die_with_parent; "
        "child = subprocess.Popen(['sleep', '60'], start_new_session=True, preexec_fn=die_with_parent()); "
        "print(child.pid, flush=True); time.sleep(60)"
    )
    parent = subprocess.Popen([sys.executable, "-c", parent_code], cwd=PROJECT_DIR, stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child_pid = int(parent.stdout.readline())

    parent.kill()
    parent.wait()

    assert wait_for_exit(child_pid, timeout=5)


def test_docker_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEERBAAR_NO_DOCKER", "1")

    assert docker_engine_answers() is False


def test_kafka_data_from_before_authentication_is_refused_with_what_to_do(tmp_path: Path) -> None:
    ports = free_ports(2)
    kafka = LocalKafka(tmp_path / "kafka", port=ports[0], controller_port=ports[1])
    kafka.log_dir.mkdir(parents=True)
    (kafka.log_dir / "meta.properties").write_text("cluster.id=old\n")

    with pytest.raises(RuntimeSetupError, match=f"no admin credentials: remove it \\(rm -rf {kafka.data_dir}\\)"):
        kafka.start()
