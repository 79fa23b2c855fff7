"""Kafka topics of the platform, declared in one place.

One topic per owning domain carries all of that domain's events. Events are keyed
by region code (``VR01``..``VR25``, or ``NL`` for national events), because the
rules that need ordering (budgets, inventory rounds, pilots) are per region.
Six partitions: enough to spread 25 regions over a few consumers per group on
small machines, few enough for a single-node broker. Partition counts of keyed
topics must not change later, or keys move partition and per-key order breaks.
"""

from __future__ import annotations

from dataclasses import dataclass

NATIONAL_KEY = "NL"
EVENT_TOPIC_PARTITIONS = 6
DEAD_LETTER_PARTITIONS = 1

DOMAINS = ("inventory", "funding", "campaign", "notify")
SERVICES = DOMAINS


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int


def event_topic(domain: str) -> str:
    """The topic that carries every event a domain owns."""
    return f"weerbaar.{domain}.events"


def dead_letter_topic(service: str) -> str:
    """Where a service's consumers park messages they cannot apply."""
    return f"weerbaar.{service}.deadletter"


def all_topics() -> list[TopicSpec]:
    events = [TopicSpec(event_topic(d), EVENT_TOPIC_PARTITIONS) for d in DOMAINS]
    dead = [TopicSpec(dead_letter_topic(s), DEAD_LETTER_PARTITIONS) for s in SERVICES]
    return events + dead
