"""Reading a topic's configuration and offsets from the broker, for the retention and replay tests."""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from shared.messaging.kafka_clients import client_options
from shared.settings import KafkaSettings


async def topic_configs(settings: KafkaSettings, topic: str, names: list[str]) -> dict[str, str]:
    admin = AIOKafkaAdminClient(**client_options(settings), client_id="weerbaar-contract-tests")
    await admin.start()
    try:
        (response,) = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic, {n: None for n in names})])
        (resource,) = response.resources
        return {entry[0]: entry[1] for entry in resource[4]}
    finally:
        await admin.close()


async def first_offsets(settings: KafkaSettings, topic: str, partition_count: int) -> dict[int, int]:
    """The log start offset of every partition: 0 where nothing was ever deleted."""
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(partition_count)]
        starts = await consumer.beginning_offsets(partitions)
        return {tp.partition: offset for tp, offset in starts.items()}
    finally:
        await consumer.stop()
