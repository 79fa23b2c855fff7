"""A three-node Kafka cluster (replication 3, min.insync.replicas 2, SASL and ACLs) for this
folder, and the platform's services on it as separate processes, so a test can kill any
of them with SIGKILL. The tests speak only the platform's public surfaces: HTTP writes,
events on the topics, effects through another service's HTTP API.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from shared.contract.topics import event_topic
from shared.ops.kafka_access import grant, group_binding
from shared.runtime import free_ports
from shared.runtime.cluster import LocalKafkaCluster
from shared.runtime.credentials import platform_passwords
from shared.runtime.for_tests import kafka_cluster_for_tests
from shared.runtime.infra import Database, Infra
from shared.runtime.services import ServiceProcess, service_env, wait_until_ready
from shared.settings import KafkaSettings
from tests.support import tokens
from tests.support.kafka import header, read_topic

pytestmark = pytest.mark.cluster

# One gemeente in each of five regions: five keys, so several partitions (and leaders) carry the writes.
MUNICIPALITIES = {"VR01": "GM0014", "VR02": "GM0059", "VR03": "GM0106", "VR05": "GM0141", "VR07": "GM0202"}
INVENTORY_TOPIC = event_topic("inventory")


@pytest.fixture(scope="package")
def cluster() -> Iterator[LocalKafkaCluster]:
    with kafka_cluster_for_tests(3) as running:
        yield running


@dataclass
class Platform:
    """Service processes on the cluster, with databases and consumer groups of this test alone."""

    infra: Infra
    prefix: str
    logs: Path
    processes: list[ServiceProcess] = field(default_factory=list)

    def start(self, service: str, replica: int = 1) -> ServiceProcess:
        name = service if replica == 1 else f"{service}-{replica}"
        (port,) = free_ports(1)
        process = ServiceProcess(name, port, self.logs / f"{name}.log", self.logs / f"{name}.pid")
        env = service_env(service, self.infra)
        env |= {
            "WEERBAAR_DB__URL": self.infra.postgres.url(f"{self.prefix}_{service}"),
            "WEERBAAR_KAFKA__GROUP_PREFIX": self.prefix,
        }
        process.start(env)
        self.processes.append(process)
        return process

    async def ready(self, *processes: ServiceProcess) -> None:
        await asyncio.to_thread(wait_until_ready, list(processes or self.processes), 120.0)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def platform(cluster: LocalKafkaCluster, postgres: Database, tmp_path: Path) -> AsyncIterator[Platform]:
    prefix = f"cluster_{uuid.uuid4().hex[:8]}"
    admin = cluster.admin_settings
    for service in ("inventory", "notify"):
        postgres.create_database(f"{prefix}_{service}")
        await grant(admin, [group_binding(service, prefix)])
    running = Platform(Infra(admin, postgres, platform_passwords(admin)), prefix, tmp_path)
    try:
        yield running
    finally:
        running.stop()


@dataclass
class Writers:
    """Registers noodsteunpunten over HTTP, one writer per region (sequential within a region,
    so a region's acknowledged writes have an order), spreading requests over the given
    inventory processes; a request that fails is not acknowledged and is not counted."""

    targets: list[str]
    acknowledged: dict[str, list[str]] = field(default_factory=lambda: {region: [] for region in MUNICIPALITIES})
    in_order: list[str] = field(default_factory=list)  # every acknowledged id, in the order of the 201s
    failed: int = 0

    @property
    def count(self) -> int:
        return sum(len(ids) for ids in self.acknowledged.values())

    async def run(self, per_region: int, pause: float = 0.05) -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            await asyncio.gather(*(self._region(client, region, per_region, pause) for region in MUNICIPALITIES))

    async def _region(self, client: httpx.AsyncClient, region: str, count: int, pause: float) -> None:
        municipality = MUNICIPALITIES[region]
        for n in range(count):
            target = self.targets[n % len(self.targets)]
            try:
                response = await client.post(
                    f"{target}/v1/municipalities/{municipality}/noodsteunpunten",
                    json={"name": f"Cluster {region} {n}"}, headers=tokens.municipality(municipality),
                )
            except httpx.HTTPError:
                response = None
            if response is not None and response.status_code == 201:
                self.acknowledged[region].append(response.json()["id"])
                self.in_order.append(response.json()["id"])
            else:
                self.failed += 1
            await asyncio.sleep(pause)

    async def reached(self, count: int, timeout: float = 60.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while self.count < count:
            assert asyncio.get_running_loop().time() < deadline, f"only {self.count} writes acknowledged"
            await asyncio.sleep(0.05)


async def events_in_topic_order(kafka: KafkaSettings, wanted: set[str]) -> dict[str, list[str]]:
    """Per region (the key), the noodsteunpunt ids of our registrations in partition order, duplicates kept."""
    subjects = {f"noodsteunpunt/{nsp}" for nsp in wanted}

    def complete(records: list) -> bool:
        return subjects <= {header(r, "ce_subject") for r in records}

    records = await read_topic(kafka, INVENTORY_TOPIC, until=complete, timeout=120)
    by_region: dict[str, list[str]] = {}
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        subject = header(record, "ce_subject") or ""
        if subject in subjects and header(record, "ce_type") == "inventory.noodsteunpunt.registered.v1":
            by_region.setdefault(record.key.decode(), []).append(subject.split("/", 1)[1])
    return by_region


async def feed_in_applied_order(notify_url: str, region: str) -> list[str]:
    """The noodsteunpunt ids in notify's feed of a region, in the order notify applied them."""
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(f"{notify_url}/v1/feed", params={"pageSize": 200}, headers=tokens.region(region))
    assert response.status_code == 200, response.text
    newest_first = [item["subject"] for item in response.json()["items"] if item["subject"].startswith("noodsteunpunt/")]
    return [subject.split("/", 1)[1] for subject in reversed(newest_first)]


async def until_every_region_is_in_the_feed(notify_url: str, acknowledged: dict[str, list[str]]) -> dict[str, list[str]]:
    deadline = asyncio.get_running_loop().time() + 120
    while True:
        feeds = {region: await feed_in_applied_order(notify_url, region) for region in acknowledged}
        if all(set(ids) <= set(feeds[region]) for region, ids in acknowledged.items()):
            return feeds
        assert asyncio.get_running_loop().time() < deadline, "notify did not apply every acknowledged write"
        await asyncio.sleep(0.5)


def only(ids: list[str], wanted: list[str]) -> list[str]:
    keep = set(wanted)
    return [i for i in ids if i in keep]


def first_occurrences(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))
