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

    def header(self, name: str) -> str | None:
        """A header as text (undecodable bytes replaced), or None when absent."""
        for key, value in self.headers:
            if key == name:
                return value.decode("utf-8", errors="replace")
        return None

    @property
    def size(self) -> int:
        """Bytes of key, value and headers: what the consumer's size limit counts."""
        headers = sum(len(name) + len(value) for name, value in self.headers)
        return len(self.key or b"") + len(self.value or b"") + headers

    def where(self) -> dict[str, Any]:
        """Log context naming the record."""
        return {"topic": self.topic, "partition": self.partition, "offset": self.offset,
                "event_id": self.header("ce_id"), "event_type": self.header("ce_type"),
                "correlation_id": self.header("ce_correlationid")}
