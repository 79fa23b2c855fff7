"""A record no consumer can read is dead-lettered, and /metrics counts it."""

from __future__ import annotations

import pytest

from shared.contract.topics import event_topic
from tests.observability.integration.support import total
from tests.support.kafka import produce
from tests.support.polling import eventually

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_poison_record_raises_the_dead_letter_counter(notify, kafka_settings):
    before = await total(notify, "weerbaar_dead_letters_total", service="notify", consumer="notify.feed")
    dead_lettered_before = await total(notify, "weerbaar_consumer_records_total", service="notify",
                                       consumer="notify.feed", outcome="dead_lettered")
    headers = [("ce_specversion", b"1.0"), ("ce_type", b"inventory.noodsteunpunt.registered.v1"),
               ("ce_id", b"poison-observability"), ("ce_source", b"/tests"), ("content-type", b"application/json")]
    await produce(kafka_settings, event_topic("inventory"), b"{this is not json", b"VR21", headers)

    async def counted() -> bool:
        return await total(notify, "weerbaar_dead_letters_total", service="notify", consumer="notify.feed") == before + 1

    await eventually(counted, 30, what="weerbaar_dead_letters_total of notify.feed up by one")
    assert await total(notify, "weerbaar_consumer_records_total", service="notify", consumer="notify.feed",
                       outcome="dead_lettered") == dead_lettered_before + 1
