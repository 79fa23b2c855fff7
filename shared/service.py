"""What every service is made of, and its lifecycle: the pieces a composition root
(``services/<name>/bootstrap.py``) assembles and the app factory runs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from fastapi import APIRouter
from faststream.kafka import KafkaBroker
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.auth.tokens import TokenVerifier
from shared.contract.envelope import IntegrationEvent
from shared.messaging.dead_letters import DeadLetterSink
from shared.messaging.kafka_consumer import KafkaConsumerEngine
from shared.messaging.relay import OutboxRelay
from shared.messaging.tables import MessagingTables
from shared.refdata import ReferenceData
from shared.settings import Settings

log = logging.getLogger(__name__)


class Worker(Protocol):
    """A background job a service runs besides HTTP and its consumers (e.g. a delivery loop)."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@dataclass
class Service:
    name: str
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    tables: MessagingTables
    broker: KafkaBroker
    relay: OutboxRelay
    reference: ReferenceData
    token_verifier: TokenVerifier
    uow_factory: Callable[[], Any]
    routers: list[APIRouter] = field(default_factory=list)
    # Each consumer's name, topics and handled event types (the AsyncAPI generator lists them),
    # its progress (readiness) and the engine that runs it.
    consumers: list[KafkaConsumerEngine] = field(default_factory=list)
    dead_letters: list[DeadLetterSink] = field(default_factory=list)
    emits: list[type[IntegrationEvent]] = field(default_factory=list)
    workers: list[Worker] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    _broker_task: asyncio.Task[None] | None = None
    broker_connected: bool = False

    async def start(self) -> None:
        await self.relay.start()
        for worker in self.workers:
            await worker.start()
        # Kafka may be down when we start: HTTP serves anyway (writes land in the outbox);
        # the consumers connect on their own as soon as the broker answers.
        for consumer in self.consumers:
            await consumer.start()
        self._broker_task = asyncio.create_task(self._connect_broker(), name=f"{self.name}-broker")

    async def stop(self) -> None:
        if self._broker_task and not self._broker_task.done():
            self._broker_task.cancel()
            await asyncio.gather(self._broker_task, return_exceptions=True)
        await asyncio.gather(*(consumer.stop() for consumer in self.consumers))  # settle and commit what is in hand
        await self.relay.stop()  # finishes what is in flight
        for worker in reversed(self.workers):
            await worker.stop()
        for sink in self.dead_letters:
            await sink.close()
        await self.broker.stop()
        await self.engine.dispose()

    async def _connect_broker(self) -> None:
        """FastStream's connection serves only the Kafka health probe (``broker.ping``)."""
        backoff = 0.5
        while True:
            try:
                await self.broker.connect()
                self.broker_connected = True
                return
            except Exception as error:  # broker not there yet: try again, quietly
                log.debug("%s: Kafka not reachable (%r); retrying in %.1fs", self.name, error, backoff)
                try:
                    await self.broker.stop()
                except Exception:
                    pass
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)

    async def database_answers(self) -> bool:
        """Readiness (``shared.health``) and consumers ask: can the database be reached now?
        Within 2 s, connecting included: a server that does not answer must not hang a probe."""

        async def select_one() -> None:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))

        try:
            await asyncio.wait_for(select_one(), timeout=2)
            return True
        except Exception:
            return False
