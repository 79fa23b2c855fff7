"""Create the platform's topics (shared.contract.topics) on a cluster, idempotently.

Auto-creation is off on every broker we run, so topics exist only when this has
run: the local stack and the test fixtures call it, and in Docker the compose
file's kafka-init job (``python -m shared.ops.kafka_access provision``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable

from shared.contract.topics import TopicSpec
from shared.ops.kafka_client import admin_client
from shared.settings import KafkaSettings


class TopicSetupError(RuntimeError):
    """The cluster refused or did not show the declared topics."""


class TopicMismatchError(TopicSetupError):
    """An existing topic's partition count differs from the contract's declaration."""

TOPIC_ALREADY_EXISTS = 36  # Kafka protocol error code
# Brokers briefly refuse CreateTopics right after start-up (controller not yet
# known); these error codes are worth a retry rather than a failure.
RETRIABLE_ERRORS = {7, 41}  # REQUEST_TIMED_OUT, NOT_CONTROLLER


async def ensure_topics(
    settings: KafkaSettings,
    specs: Iterable[TopicSpec],
    replication_factor: int = 1,
    timeout: float = 30.0,
) -> None:
    """Create every topic in specs that is missing; fail if an existing one has other partitions;
    give every topic the configs its spec declares (retention), also one created earlier.

    Returns once broker metadata shows all topics with their partitions, so a
    producer or consumer started right after finds them. Needs a principal that
    may create topics (the admin).
    """
    specs = list(specs)
    wanted = {spec.name: spec.partitions for spec in specs}
    async with admin_client(settings, "weerbaar-topics") as admin:
        deadline = time.monotonic() + timeout
        await _create_missing(admin, wanted, replication_factor, deadline)
        await _wait_until_visible(admin, wanted, deadline)
        await _apply_configs(admin, specs)


async def topic_partitions(settings: KafkaSettings) -> dict[str, int]:
    """Partition count of every topic the principal may describe (internal topics included)."""
    async with admin_client(settings, "weerbaar-topics") as admin:
        return await _existing_partitions(admin)


async def _existing_partitions(admin: object) -> dict[str, int]:
    described = await admin.describe_topics()  # type: ignore[attr-defined]
    return {topic["topic"]: len(topic["partitions"]) for topic in described if topic["error_code"] == 0}


async def _create_missing(admin: object, wanted: dict[str, int], replication_factor: int, deadline: float) -> None:
    from aiokafka.admin import NewTopic

    while True:
        existing = await _existing_partitions(admin)
        _check_partition_counts(existing, wanted)
        missing = [name for name in wanted if name not in existing]
        if not missing:
            return
        response = await admin.create_topics(  # type: ignore[attr-defined]
            [NewTopic(name, wanted[name], replication_factor) for name in missing]
        )
        failures = _creation_failures(response)
        if not failures:
            return
        if not set(failures.values()) <= RETRIABLE_ERRORS or time.monotonic() > deadline:
            raise TopicSetupError(f"Kafka refused to create topics: {failures}")
        await asyncio.sleep(0.5)


async def _apply_configs(admin: object, specs: list[TopicSpec]) -> None:
    """Set each topic's declared configs (AlterConfigs replaces a topic's dynamic configs with
    exactly these), so a topic created before the contract declared them gets them too."""
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

    resources = [ConfigResource(ConfigResourceType.TOPIC, spec.name, dict(spec.config)) for spec in specs if spec.config]
    if not resources:
        return
    failures = {}
    for response in await admin.alter_configs(resources):  # type: ignore[attr-defined]
        for error_code, error_message, _type, name in response.resources:
            if error_code:
                failures[name] = f"{error_code} {error_message}"
    if failures:
        raise TopicSetupError(f"Kafka refused the topic configs: {failures}")


def _creation_failures(response: object) -> dict[str, int]:
    """Topic -> error code for every topic the broker did not create (already-existing is fine)."""
    failures = {}
    for topic_error in response.topic_errors:  # type: ignore[attr-defined]
        name, code = topic_error[0], topic_error[1]
        if code not in (0, TOPIC_ALREADY_EXISTS):
            failures[name] = code
    return failures


def _check_partition_counts(existing: dict[str, int], wanted: dict[str, int]) -> None:
    # Keyed topics must keep their partition count, or keys move partition and
    # per-region ordering breaks; a mismatch is a setup error, never "fixed" here.
    for name, partitions in wanted.items():
        if name in existing and existing[name] != partitions:
            raise TopicMismatchError(
                f"Topic {name} has {existing[name]} partitions but the contract declares {partitions}: "
                f"delete the topic (or the broker's data dir) and start again"
            )


async def _wait_until_visible(admin: object, wanted: dict[str, int], deadline: float) -> None:
    while True:
        existing = await _existing_partitions(admin)
        if all(existing.get(name) == partitions for name, partitions in wanted.items()):
            return
        if time.monotonic() > deadline:
            missing = sorted(name for name in wanted if existing.get(name) != wanted[name])
            raise TopicSetupError(f"Topics not visible in broker metadata in time: {missing}")
        await asyncio.sleep(0.2)
