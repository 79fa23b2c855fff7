"""Waiting for something asynchronous (a consumer, a relay) to have happened."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any


async def eventually(
    probe: Callable[[], Awaitable[Any]], timeout: float = 30.0, what: str = "condition", interval: float = 0.1
) -> Any:
    """Await ``probe()`` until it returns something truthy, and return that; fail after ``timeout``."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await probe()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"{what}: not reached within {timeout:.0f}s (last: {result!r})")
        await asyncio.sleep(interval)
