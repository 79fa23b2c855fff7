"""``GET /metrics``: every metric of ``shared.observability.metrics`` in the Prometheus text
format, and hooks that refresh a gauge just before a scrape reads it.

Most metrics are kept current where things happen (a counter per publish, the lag per
commit). A value that is cheaper to read when asked, or that a replica which does not do
the work itself must still report (the outbox backlog on a relay follower), registers a
scrape hook instead::

    on_scrape(service, refresh_outbox_gauges)   # async () -> None, sets the gauges

A hook gets ``HOOK_TIMEOUT_SECONDS``; one that fails or is late leaves its gauges as they
were and is logged, it never fails the scrape.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from starlette.responses import Response

log = logging.getLogger(__name__)

ScrapeHook = Callable[[], Awaitable[None]]
HOOKS = "scrape_hooks"
HOOK_TIMEOUT_SECONDS = 2.0


class HasExtras(Protocol):
    name: str
    extras: dict[str, Any]


def on_scrape(service: HasExtras, hook: ScrapeHook) -> None:
    service.extras.setdefault(HOOKS, []).append(hook)


async def metrics_response(service: HasExtras) -> Response:
    hooks: list[ScrapeHook] = service.extras.get(HOOKS, [])
    await asyncio.gather(*(_run(service.name, hook) for hook in hooks))
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


async def _run(service: str, hook: ScrapeHook) -> None:
    try:
        await asyncio.wait_for(hook(), timeout=HOOK_TIMEOUT_SECONDS)
    except Exception as error:  # the scrape goes on with the values as they were
        log.warning("%s: metrics refresh %s failed: %r", service, getattr(hook, "__qualname__", hook), error,
                    extra={"hook": getattr(hook, "__qualname__", repr(hook))})
