"""A stream of writes over several regions, as users would make them: each region's
gemeente registers noodsteunpunten one after the other (so per-region order is the
order of acknowledgement), all regions at once."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field


import httpx
from aiokafka import AIOKafkaProducer

from shared.contract.cloudevents import to_kafka
from shared.messaging.kafka_clients import client_options
from shared.settings import KafkaSettings
from tests.support import tokens
from tests.support.events import registration

# One gemeente in each of five regions: the writes span several keys and partitions.
GEMEENTEN = {"VR21": "GM0828", "VR01": "GM0014", "VR13": "GM0363", "VR17": "GM0599", "VR09": "GM0344"}


@dataclass
class Acknowledged:
    region: str
    noodsteunpunt_id: str
    name: str
    direct: bool = False  # produced straight to Kafka, not written through inventory


@dataclass
class WriteLog:
    scenario: str
    acknowledged: list[Acknowledged] = field(default_factory=list)
    refused: int = 0  # answered with an error or not answered at all: not acknowledged

    def in_region(self, region: str) -> list[Acknowledged]:
        return [a for a in self.acknowledged if a.region == region]


class Writer:
    """Registers noodsteunpunten in every region at ``per_second`` writes/s in all, until stopped."""

    def __init__(self, base_url: str, path: str, scenario: str, per_second: float = 25.0) -> None:
        self.base_url = base_url
        self.path = path
        self.log = WriteLog(scenario)
        self._interval = len(GEMEENTEN) / per_second
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._region(r, g)) for r, g in GEMEENTEN.items()]

    async def stop(self) -> WriteLog:
        self._stop.set()
        await asyncio.gather(*self._tasks)
        return self.log

    async def _region(self, region: str, gemeente: str) -> None:
        headers = tokens.municipality(gemeente)
        url = self.base_url + self.path.format(municipality_code=gemeente)
        n = 0
        async with httpx.AsyncClient(timeout=5) as client:
            while not self._stop.is_set():
                started = time.monotonic()
                n += 1
                name = f"{self.log.scenario} {region} {n}"
                try:
                    response = await client.post(url, json={"name": name}, headers=headers)
                    if response.status_code == 201:
                        self.log.acknowledged.append(Acknowledged(region, response.json()["id"], name))
                    else:
                        self.log.refused += 1
                except httpx.HTTPError:
                    self.log.refused += 1
                await asyncio.sleep(max(0.0, self._interval - (time.monotonic() - started)))


async def produce_directly(settings: KafkaSettings, log: WriteLog, per_region: int) -> None:
    """Valid registrations produced straight to the inventory topic, as a relay with a
    backlog would while the consumers' database is away: acknowledged by Kafka."""
    producer = AIOKafkaProducer(**client_options(settings), acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for n in range(per_region):
            for region, gemeente in GEMEENTEN.items():
                name = f"{log.scenario} {region} direct {n}"
                event = registration(region, gemeente, name)
                record = to_kafka(event)
                await producer.send_and_wait(record.topic, record.value, key=record.key, headers=record.headers)
                log.acknowledged.append(Acknowledged(region, str(event.noodsteunpunt_id), name, direct=True))
    finally:
        await producer.stop()
