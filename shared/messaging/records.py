"""A consumed Kafka record, as the platform's consumers see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReceivedRecord:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]

    @classmethod
    def from_consumer_record(cls, record: Any) -> "ReceivedRecord":
        return cls(
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            key=record.key,
            value=record.value,
            headers=tuple((name, value or b"") for name, value in (record.headers or ())),
        )
