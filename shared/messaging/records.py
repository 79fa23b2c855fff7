"""A consumed Kafka record, as the platform's consumers see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ReceivedRecord:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]
    # Derived once per record (several headers are read per record: ce_id, ce_type, ...).
    _by_name: dict[str, bytes] = field(init=False, repr=False, compare=False)
    _header_bytes: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, bytes] = {}
        size = 0
        for name, value in self.headers:
            by_name.setdefault(name, value)  # the first of a repeated name
            size += len(name) + len(value)
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_header_bytes", size)

    @classmethod
    def from_consumer_record(cls, record: Any) -> "ReceivedRecord":
        headers = tuple(record.headers or ())
        if any(value is None for _, value in headers):  # rare: only then build new pairs
            headers = tuple((name, value or b"") for name, value in headers)
        return cls(record.topic, record.partition, record.offset, record.key, record.value, headers)

    def header(self, name: str) -> str | None:
        """A header as text (undecodable bytes replaced), or None when absent; the first of
        a repeated name."""
        value = self._by_name.get(name)
        return None if value is None else value.decode("utf-8", errors="replace")

    @property
    def size(self) -> int:
        """Bytes of key, value and headers: what the consumer's size limit counts."""
        return len(self.key or b"") + len(self.value or b"") + self._header_bytes

    def where(self) -> dict[str, Any]:
        """Log context naming the record."""
        return {"topic": self.topic, "partition": self.partition, "offset": self.offset,
                "event_id": self.header("ce_id"), "event_type": self.header("ce_type"),
                "correlation_id": self.header("ce_correlationid")}
