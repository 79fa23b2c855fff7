"""What a fault must not break, checked after the platform recovered: every acknowledged
write in its owning service, its event on Kafka, every downstream effect exactly once,
per-region order kept, no dead letter from a valid event, and consumer lag back to 0."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared.contract.topics import dead_letter_topic, event_topic
from shared.messaging.kafka_clients import client_options
from shared.settings import KafkaSettings
from tests.faults.load import GEMEENTEN, WriteLog
from tests.support.polling import eventually

INVENTORY_TOPIC = event_topic("inventory")
CONSUMER_GROUPS = ("campaign.noodsteunpunten", "notify.feed")


@dataclass
class FaultResult:
    scenario: str
    acknowledged: int = 0
    refused: int = 0
    lost: int = 0
    duplicated_effects: int = 0
    order_violations: int = 0
    kafka_resends: int = 0  # extra copies of an event on Kafka (at least once; consumers dedupe)
    dead_letters: int = 0
    recover_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def row(self) -> str:
        return (f"| {self.scenario} | {self.acknowledged} | {self.lost} | {self.duplicated_effects} | "
                f"{self.order_violations} | {self.recover_seconds:.1f} | {self.kafka_resends} | {self.refused} |")


HEADER = ("| scenario | acknowledged writes | lost | duplicated effects | order violations | seconds to recover "
          "| resent copies on Kafka | refused writes (not acknowledged) |\n|---|---|---|---|---|---|---|---|")


def plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def rows(url: str, query: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(plain(url))
    try:
        return await conn.fetch(query, *args)
    finally:
        await conn.close()


async def read_all(settings: KafkaSettings, topic: str) -> list[Any]:
    """Every record of ``topic`` up to its current end, without a consumer group."""
    consumer = AIOKafkaConsumer(topic, **client_options(settings), enable_auto_commit=False, group_id=None,
                                auto_offset_reset="earliest")
    await consumer.start()
    try:
        while not consumer.assignment():
            await consumer.getmany(timeout_ms=100)
        partitions = sorted(consumer.assignment())
        end = await consumer.end_offsets(partitions)
        found: list[Any] = []
        while [tp for tp in partitions if await consumer.position(tp) < end[tp]]:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                found += records
        return found
    finally:
        await consumer.stop()


def header(record: Any, name: str) -> str | None:
    return next((v.decode() for k, v in record.headers or () if k == name), None)


async def lag(settings: KafkaSettings, group: str) -> int:
    admin = AIOKafkaAdminClient(**client_options(settings))
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None)
    await admin.start()
    await consumer.start()
    try:
        committed = await admin.list_consumer_group_offsets(group)
        partitions = [TopicPartition(INVENTORY_TOPIC, p) for p in consumer.partitions_for_topic(INVENTORY_TOPIC) or ()]
        if not partitions:
            await consumer.topics()
            partitions = [TopicPartition(INVENTORY_TOPIC, p) for p in consumer.partitions_for_topic(INVENTORY_TOPIC) or ()]
        end = await consumer.end_offsets(partitions)
        return sum(end[tp] - (committed[tp].offset if tp in committed else 0) for tp in partitions)
    finally:
        await consumer.stop()
        await admin.close()


class Verifier:
    def __init__(self, settings: KafkaSettings, database_url: Any, group_prefix: str) -> None:
        self.settings = settings
        self.url = database_url  # service -> URL
        self.group_prefix = group_prefix

    async def verify(self, log: WriteLog, recovery_started: float, timeout: float = 90.0) -> FaultResult:
        result = FaultResult(log.scenario, acknowledged=len(log.acknowledged), refused=log.refused)
        ids = [a.noodsteunpunt_id for a in log.acknowledged]
        written = {a.noodsteunpunt_id for a in log.acknowledged if not a.direct}
        stored = {str(r["id"]) for r in await rows(self.url("inventory"), "SELECT id FROM inventory.noodsteunpunten WHERE id = ANY($1::uuid[])", list(written))}
        result.lost += len(written - stored)
        if written - stored:
            result.problems.append(f"{len(written - stored)} acknowledged writes missing in inventory")

        async def effects_complete() -> bool:
            notified = await rows(self.url("notify"), "SELECT count(*) AS n FROM notify.feed_items WHERE subject = ANY($1)",
                                  [f"noodsteunpunt/{i}" for i in ids])
            known = await rows(self.url("campaign"), "SELECT count(*) AS n FROM campaign.known_noodsteunpunten WHERE id = ANY($1::uuid[])", ids)
            if notified[0]["n"] < len(ids) or known[0]["n"] < len(ids):
                return False
            return all([await lag(self.settings, f"{self.group_prefix}.{g}") == 0 for g in CONSUMER_GROUPS])

        try:
            await eventually(effects_complete, timeout, what=f"{log.scenario}: effects applied and lag 0", interval=0.25)
        except TimeoutError as error:
            result.problems.append(str(error))
        result.recover_seconds = time.monotonic() - recovery_started
        await self._check_kafka_and_effects(log, result)
        return result

    async def _check_kafka_and_effects(self, log: WriteLog, result: FaultResult) -> None:
        subjects = {f"noodsteunpunt/{a.noodsteunpunt_id}": a for a in log.acknowledged}
        records = [r for r in await read_all(self.settings, INVENTORY_TOPIC) if header(r, "ce_subject") in subjects]
        copies = Counter(header(r, "ce_subject") for r in records)
        missing = set(subjects) - set(copies)
        result.lost += len(missing)
        result.kafka_resends = sum(n - 1 for n in copies.values())
        if missing:
            result.problems.append(f"{len(missing)} acknowledged writes have no event on Kafka")
        feed = await rows(self.url("notify"), "SELECT id, subject, region_code FROM notify.feed_items WHERE subject = ANY($1) ORDER BY id",
                          list(subjects))
        known = await rows(self.url("campaign"), "SELECT id FROM campaign.known_noodsteunpunten WHERE id = ANY($1::uuid[])",
                           [a.noodsteunpunt_id for a in log.acknowledged])
        result.duplicated_effects = sum(n - 1 for n in Counter(r["subject"] for r in feed).values() if n > 1)
        result.lost += len(set(subjects) - {r["subject"] for r in feed}) + len(log.acknowledged) - len(known)
        for region in GEMEENTEN:
            on_kafka = list(dict.fromkeys(header(r, "ce_subject") for r in records if r.key == region.encode()))
            applied = [r["subject"] for r in feed if r["region_code"] == region]
            for direct in (False, True):  # order is promised per producer: the service's, or the one beside it
                written = [f"noodsteunpunt/{a.noodsteunpunt_id}" for a in log.in_region(region) if a.direct is direct]
                result.order_violations += _out_of_order(written, on_kafka) + _out_of_order(written, applied)
        result.dead_letters = await self._dead_letters(set(subjects))

    async def _dead_letters(self, subjects: set[str]) -> int:
        count = 0
        for service in ("campaign", "notify"):
            count += sum(1 for r in await read_all(self.settings, dead_letter_topic(service)) if header(r, "ce_subject") in subjects)
        return count


def _out_of_order(expected: list[str], seen: list[str]) -> int:
    """Adjacent pairs of ``expected`` that ``seen`` has the other way round."""
    position = {s: n for n, s in enumerate(seen)}
    present = [s for s in expected if s in position]
    return sum(1 for a, b in zip(present, present[1:]) if position[a] > position[b])
