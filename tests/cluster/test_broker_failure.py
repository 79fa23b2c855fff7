"""A broker of the three is killed with SIGKILL while writes flow, and brought back: every
acknowledged write's event is on the topic in order per region, and the consumer applies
each exactly once, in that order."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import pytest

from shared.ops.kafka_client import admin_client
from shared.runtime.cluster import LocalKafkaCluster
from tests.cluster.conftest import (
    INVENTORY_TOPIC,
    Platform,
    Writers,
    events_in_topic_order,
    first_occurrences,
    only,
    until_every_region_is_in_the_feed,
)

pytestmark = [pytest.mark.cluster, pytest.mark.asyncio(loop_scope="session")]
PER_REGION = 16


async def busiest_leader(cluster: LocalKafkaCluster) -> int:
    """The node that leads the most partitions of the inventory topic: killing it moves the most leaders."""
    async with admin_client(cluster.admin_settings) as admin:
        (topic,) = await admin.describe_topics([INVENTORY_TOPIC])
    leaders = Counter(partition["leader"] for partition in topic["partitions"])
    return leaders.most_common(1)[0][0]


async def test_a_broker_killed_while_writes_flow_loses_duplicates_and_reorders_nothing(
    cluster: LocalKafkaCluster, platform: Platform
) -> None:
    inventory, notify = platform.start("inventory"), platform.start("notify")
    await platform.ready()
    writers = Writers([inventory.base_url])
    writing = asyncio.create_task(writers.run(PER_REGION))
    await writers.reached(15)

    victim = cluster.node(await busiest_leader(cluster))
    victim.kill()
    killed_at = time.monotonic()
    await writers.reached(45)  # writes go on while the broker is down
    victim.launch()
    await asyncio.to_thread(victim.wait_until_ready, 90.0)
    back_after = time.monotonic() - killed_at
    await writing

    acknowledged = writers.acknowledged
    assert writers.failed == 0, "the service takes writes while a broker is down"
    on_topic = await events_in_topic_order(cluster.admin_settings, {i for ids in acknowledged.values() for i in ids})
    feeds = await until_every_region_is_in_the_feed(notify.base_url, acknowledged)
    for region, ids in acknowledged.items():
        assert first_occurrences(on_topic[region]) == ids, f"{region}: on the topic in the order acknowledged"
        applied = only(feeds[region], ids)
        assert applied == ids, f"{region}: applied once each, in order"
    print(f"\nbroker {victim.node_id} down for {back_after:.1f}s; {writers.count} writes acknowledged, "
          f"{sum(len(v) for v in on_topic.values()) - writers.count} duplicate records on the topic")
