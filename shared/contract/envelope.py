"""The one integration-event envelope every Weerbaar event shares.

Each event is a pydantic model whose class names its versioned type
(``{domain}.{subject}.{action}.v{major}``). The envelope fields travel as
CloudEvents attributes (Kafka headers); every other field is the event's data
(the JSON value). A breaking change to an event's data makes a new class with
the next major version; consumers keep reading the old one until it is retired.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Annotated, Any, ClassVar
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

TYPE_PATTERN = re.compile(r"^[a-z]+\.[a-z_]+\.[a-z_]+\.v[0-9]+$")

RegionCode = Annotated[str, StringConstraints(pattern=r"^(VR(0[1-9]|1[0-9]|2[0-5])|NL)$")]
MunicipalityCode = Annotated[str, StringConstraints(pattern=r"^GM[0-9]{4}$")]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class IntegrationEvent(BaseModel):
    """Base of every event on the platform's topics."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    TYPE: ClassVar[str] = ""

    id: UUID = Field(default_factory=uuid4)
    time: AwareDatetime = Field(default_factory=utc_now)
    source: str = Field(default="", description="URI reference of the producing service, e.g. /weerbaar/inventory")
    subject: str = Field(description="The object the event is about, e.g. noodsteunpunt/<uuid>")
    region_code: RegionCode = Field(description="Veiligheidsregio VR01..VR25, or NL for national events; the Kafka key")
    municipality_code: MunicipalityCode | None = None
    correlation_id: UUID | None = None
    causation_id: UUID | None = None

    ENVELOPE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"id", "time", "source", "subject", "region_code", "municipality_code", "correlation_id", "causation_id"}
    )

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.TYPE and not TYPE_PATTERN.match(cls.TYPE):
            raise TypeError(f"{cls.__name__}.TYPE {cls.TYPE!r} is not '{{domain}}.{{subject}}.{{action}}.v{{major}}'")

    @classmethod
    def domain(cls) -> str:
        return cls.TYPE.split(".", 1)[0]

    @property
    def key(self) -> str:
        """Kafka key: per-region order is what the platform's rules need."""
        return self.region_code

    def data(self) -> dict[str, Any]:
        """The event's own fields, without the envelope: the message value."""
        return self.model_dump(mode="json", exclude=set(self.ENVELOPE_FIELDS))
