"""Two replicas of a service run at once: one relay leads (the other waits on the advisory
lock), the consumer groups share the partitions. The leading replica's process is killed
with SIGKILL while writes flow: the other takes over publishing, and nothing is lost or
applied twice."""

from __future__ import annotations

import asyncio
import time

import pytest

from shared.runtime.cluster import LocalKafkaCluster
from tests.cluster.conftest import (
    Platform,
    Writers,
    events_in_topic_order,
    first_occurrences,
    only,
    until_every_region_is_in_the_feed,
)

pytestmark = [pytest.mark.cluster, pytest.mark.asyncio(loop_scope="session")]
PER_REGION = 16


async def test_the_relay_leaders_process_killed_another_replica_takes_over_and_nothing_is_lost_or_doubled(
    cluster: LocalKafkaCluster, platform: Platform
) -> None:
    # The first replica takes the relay's lock; the second starts once it leads.
    leader = platform.start("inventory")
    await platform.ready(leader)
    follower = platform.start("inventory", replica=2)
    notify = [platform.start("notify"), platform.start("notify", replica=2)]
    await platform.ready()
    writers = Writers([leader.base_url, follower.base_url])
    writing = asyncio.create_task(writers.run(PER_REGION))
    await writers.reached(20)

    leader.kill()
    killed_at = time.monotonic()
    written_before_kill = writers.count
    await writers.reached(written_before_kill + 1)
    first_after_kill = writers.in_order[written_before_kill]
    await events_in_topic_order(cluster.admin_settings, {first_after_kill})  # published: the follower took over
    takeover = time.monotonic() - killed_at
    await writing

    acknowledged = writers.acknowledged
    after_kill = writers.count - written_before_kill
    on_topic = await events_in_topic_order(cluster.admin_settings, {i for ids in acknowledged.values() for i in ids})
    for region, ids in acknowledged.items():
        assert first_occurrences(on_topic[region]) == ids, f"{region}: every acknowledged write published, in order"
    feeds = await until_every_region_is_in_the_feed(notify[1].base_url, acknowledged)
    for region, ids in acknowledged.items():
        assert only(feeds[region], ids) == ids, f"{region}: applied once each, in order"
    duplicates = sum(len(v) for v in on_topic.values()) - writers.count
    print(f"\n{writers.count} writes acknowledged ({after_kill} after the kill; {writers.failed} refused by the killed "
          f"replica); first write after the kill published {takeover:.1f}s after it; {duplicates} duplicate records")
