"""Waiting until a running service's Kafka consumers hold their partitions."""

from __future__ import annotations

import asyncio

from shared.service import Service


async def wait_until_listening(service: Service, timeout: float = 60.0) -> None:
    """Every consumer holds its partitions and knows its position, so every event published
    afterwards is read (also by a consumer that starts at the topic's end)."""
    deadline = asyncio.get_running_loop().time() + timeout
    for consumer in service.consumers:
        while not consumer.assignment():
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"the {service.name} consumers got no partitions")
            await asyncio.sleep(0.1)
        await consumer.positions()
