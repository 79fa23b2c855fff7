"""Kafka topics of the platform, declared in one place, with their retention.

One topic per owning domain carries all of that domain's events. Events are keyed
by region code (``VR01``..``VR25``, or ``NL`` for national events), because the
rules that need ordering (budgets, inventory rounds, pilots) are per region.
Six partitions: enough to spread 25 regions over a few consumers per group on
small machines, few enough for a single-node broker. Partition counts of keyed
topics must not change later, or keys move partition and per-key order breaks.

Retention. Event topics keep their whole history (``retention.ms=-1``,
``retention.bytes=-1``): any consumer, an integrator who joins years later included,
rebuilds its view from offset 0. The programme produces thousands of events a year
(about 1-2 KB each, a few MB a year), so keeping everything costs next to nothing,
while deleting by age would silently make a late reader's view wrong. Not compacted:
the key is the region, so compaction would keep only a region's last event.
Dead-letter topics keep 90 days: long enough for an operator to read, fix upstream
and replay them after a holiday, short enough that nobody relies on them as a record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

NATIONAL_KEY = "NL"
EVENT_TOPIC_PARTITIONS = 6
DEAD_LETTER_PARTITIONS = 1
DEAD_LETTER_RETENTION_DAYS = 90

DOMAINS = ("inventory", "funding", "campaign", "notify")
SERVICES = DOMAINS

KEEP_FOREVER = "-1"
EVENT_TOPIC_CONFIG: Mapping[str, str] = {
    "cleanup.policy": "delete",
    "retention.ms": KEEP_FOREVER,
    "retention.bytes": KEEP_FOREVER,
}
DEAD_LETTER_TOPIC_CONFIG: Mapping[str, str] = {
    "cleanup.policy": "delete",
    "retention.ms": str(DEAD_LETTER_RETENTION_DAYS * 24 * 60 * 60 * 1000),
    "retention.bytes": KEEP_FOREVER,
}


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    # Topic-level Kafka configs the broker must hold for this topic (applied by ensure_topics).
    config: Mapping[str, str] = field(default_factory=dict)


def event_topic(domain: str) -> str:
    """The topic that carries every event a domain owns."""
    return f"weerbaar.{domain}.events"


def dead_letter_topic(service: str) -> str:
    """Where a service's consumers park messages they cannot apply."""
    return f"weerbaar.{service}.deadletter"


def all_topics() -> list[TopicSpec]:
    events = [TopicSpec(event_topic(d), EVENT_TOPIC_PARTITIONS, EVENT_TOPIC_CONFIG) for d in DOMAINS]
    dead = [TopicSpec(dead_letter_topic(s), DEAD_LETTER_PARTITIONS, DEAD_LETTER_TOPIC_CONFIG) for s in SERVICES]
    return events + dead
