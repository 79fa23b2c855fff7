"""The load generator's HTTP client, and the tokens it writes with.

The load generator shares the machine's two cores with the services it measures, so
its own cost is taken out of theirs. aiohttp spends about 0.2 ms of CPU per POST where
httpx spends about 1.7 ms (measured on this machine against a minimal asyncio server,
8 requests in flight): with httpx, the load generator alone took a third of a core at
100 writes/s, and a large part of a core in the throughput runs, where it also capped
the bare baseline. The services under test still use httpx themselves.
"""

from __future__ import annotations

from typing import Any

import aiohttp

from tests.support import tokens


class Writer:
    """One client session (keep-alive connections, at most ``connections`` of them)."""

    def __init__(self, connections: int, timeout_seconds: float = 30.0) -> None:
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=connections),
            timeout=aiohttp.ClientTimeout(total=timeout_seconds),
        )

    async def post(self, url: str, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
        """The status and, for a 2xx, the decoded JSON answer."""
        async with self._session.post(url, json=body, headers=headers) as response:
            answer = await response.json(content_type=None) if response.ok else await response.read()
            return response.status, answer

    async def close(self) -> None:
        await self._session.close()

    async def __aenter__(self) -> Writer:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


# A dropped or reset connection: the write is not acknowledged (and not measured).
TransportError = (aiohttp.ClientError, TimeoutError)


def bearer_per_gemeente(gemeenten: list[str]) -> dict[str, dict[str, str]]:
    """One token per gemeente, made before the clock runs: a real client signs in once and
    uses its token for hours, it does not get a new one for every request."""
    return {code: tokens.municipality(code) for code in gemeenten}
