"""Event topics keep their whole history; the broker holds the retention the contract declares,
also for a topic that existed before the contract declared it."""

from __future__ import annotations

import uuid

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from shared.contract.topics import DEAD_LETTER_RETENTION_DAYS, EVENT_TOPIC_CONFIG, TopicSpec, dead_letter_topic, event_topic
from shared.messaging.kafka_clients import client_options
from shared.ops.topics import ensure_topics
from tests.contract.kafka_admin import topic_configs

RETENTION = ["retention.ms", "retention.bytes", "cleanup.policy"]


async def test_event_topics_keep_everything_and_dead_letters_keep_90_days(kafka_settings):
    for domain in ("inventory", "funding", "campaign", "notify"):
        assert await topic_configs(kafka_settings, event_topic(domain), RETENTION) == {
            "retention.ms": "-1", "retention.bytes": "-1", "cleanup.policy": "delete",
        }
    dead = await topic_configs(kafka_settings, dead_letter_topic("notify"), RETENTION)
    assert dead["retention.ms"] == str(DEAD_LETTER_RETENTION_DAYS * 86_400_000)


async def test_ensure_topics_gives_an_existing_topic_its_declared_retention(kafka_settings):
    name = f"weerbaar.retention-check.{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(**client_options(kafka_settings), client_id="weerbaar-contract-tests")
    await admin.start()
    try:  # as a broker that ran before this contract has it: Kafka's default of 7 days
        await admin.create_topics([NewTopic(name, 1, 1, topic_configs={"retention.ms": "604800000"})])
    finally:
        await admin.close()
    assert (await topic_configs(kafka_settings, name, ["retention.ms"]))["retention.ms"] == "604800000"

    await ensure_topics(kafka_settings, [TopicSpec(name, 1, EVENT_TOPIC_CONFIG)])

    assert await topic_configs(kafka_settings, name, RETENTION) == dict(EVENT_TOPIC_CONFIG)
