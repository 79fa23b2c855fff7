"""Health of a service, as a load balancer and as an operator need it.

- Liveness: the process answers (``/health/live``); nothing else is checked, so a restart
  is never triggered by a dependency being away.
- Readiness (``/health/ready``): the service can serve requests, which needs its database
  and nothing more. Kafka being down is reported but leaves the service ready: writes
  commit into the outbox and wait there, and consumers resume where they stopped; pulling
  every service out of the load balancer during a broker outage would turn a delay into an
  outage. Relay, consumers and workers are reported as well, never gating.
- Status (``/health/status``): everything an operator asks first, as JSON: database,
  Kafka, the outbox (rows waiting, age of the oldest), the relay, each consumer (started,
  stalled and why, processed, outcomes, lag per partition, dead letters, last error) and
  each background worker through its ``status()`` (notify's delivery worker and scheduler).
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
from typing import Any

from shared.observability.metrics import CONSUMER_LAG, DEAD_LETTERS, OUTBOX_OLDEST_AGE, samples
from shared.service import Service

KAFKA_TIMEOUT_SECONDS = 1.0
OUTBOX_TIMEOUT_SECONDS = 2.0
WORKER_TIMEOUT_SECONDS = 1.0


async def readiness(service: Service) -> tuple[bool, dict[str, Any]]:
    database, kafka, workers = await asyncio.gather(
        service.database_answers(), kafka_answers(service), workers_status(service)
    )
    checks = {
        "database": database,
        "kafka": kafka,
        "outbox_relay": relay_status(service),
        "consumers": {consumer.name: consumer_status(service, consumer) for consumer in service.consumers},
        "workers": workers,
    }
    return database, checks


async def status(service: Service) -> dict[str, Any]:
    ready, checks = await readiness(service)
    consumers = checks["consumers"]
    for name, consumer in consumers.items():
        consumer["lag"] = {
            f"{labels['topic']}/{labels['partition']}": int(value)
            for labels, value in samples(CONSUMER_LAG, service=service.name, consumer=name)
        }
        consumer["dead_letters"] = int(sum(v for _, v in samples(DEAD_LETTERS, service=service.name, consumer=name)))
    return {
        "service": service.name,
        "status": "ready" if ready else "not ready",
        "database": {"reachable": checks["database"]},
        "kafka": {"reachable": checks["kafka"]},
        "outbox": await outbox_status(service) if checks["database"] else {"pending": None},
        "outbox_relay": checks["outbox_relay"],
        "consumers": consumers,
        "workers": checks["workers"],
    }


async def kafka_answers(service: Service) -> bool:
    if not service.broker_connected:
        return False
    try:
        return bool(await service.broker.ping(timeout=KAFKA_TIMEOUT_SECONDS))
    except Exception:
        return False


def relay_status(service: Service) -> dict[str, Any]:
    relay = service.relay
    return {"running": relay.running, "leader": relay.is_leader, "published": relay.published_total,
            "last_error": relay.last_error}


def consumer_status(service: Service, consumer: Any) -> dict[str, Any]:
    progress = consumer.progress
    return {
        "started": progress.started,
        "stalled": progress.stalled(service.settings.consumer.stall_seconds),
        "waiting": getattr(progress, "stalled_reason", None),
        "processed": progress.processed,
        "outcomes": dict(progress.outcomes),
        "last_error": progress.last_error,
    }


async def outbox_status(service: Service) -> dict[str, Any]:
    try:
        pending: int | None = await asyncio.wait_for(service.relay.pending(), timeout=OUTBOX_TIMEOUT_SECONDS)
    except Exception:
        pending = None
    ages = samples(OUTBOX_OLDEST_AGE, service=service.name)
    return {"pending": pending, "oldest_unpublished_age_seconds": ages[0][1] if ages else None}


async def workers_status(service: Service) -> dict[str, Any]:
    """Each worker's own ``status()`` (sync or async, a mapping or a dataclass), bounded in
    time; of a worker without one only its last error, when it keeps one."""
    names = [getattr(worker, "name", type(worker).__name__) for worker in service.workers]
    reports = await asyncio.gather(*(_worker_status(worker) for worker in service.workers))
    return dict(zip(names, reports))


async def _worker_status(worker: Any) -> dict[str, Any]:
    report = getattr(worker, "status", None)
    if report is None:
        return {"last_error": getattr(worker, "last_error", None)}
    try:
        result = report()
        if inspect.isawaitable(result):
            result = await asyncio.wait_for(result, timeout=WORKER_TIMEOUT_SECONDS)
        return dataclasses.asdict(result) if dataclasses.is_dataclass(result) else dict(result)
    except Exception as error:
        return {"error": f"status unavailable: {type(error).__name__}: {error}"}
