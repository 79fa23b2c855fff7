"""Admin connections to the Kafka cluster, authenticated like every other client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiokafka import AIOKafkaClient
from aiokafka.admin import AIOKafkaAdminClient

from shared.messaging.kafka_clients import client_options
from shared.settings import KafkaSettings


@asynccontextmanager
async def admin_client(settings: KafkaSettings, client_id: str = "weerbaar-ops") -> AsyncIterator[AIOKafkaAdminClient]:
    admin = AIOKafkaAdminClient(**client_options(settings), client_id=client_id)
    await admin.start()
    try:
        yield admin
    finally:
        await admin.close()


@asynccontextmanager
async def cluster_client(settings: KafkaSettings, client_id: str = "weerbaar-ops") -> AsyncIterator[AIOKafkaClient]:
    """A bootstrapped low-level client, for requests sent to one broker or to each of them."""
    client = AIOKafkaClient(**client_options(settings), client_id=client_id)
    try:
        await client.bootstrap()
        yield client
    finally:
        await client.close()
