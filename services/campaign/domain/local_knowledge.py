"""What the campaign service knows of a municipality: its noodsteunpunten (learned only
from the inventory service's events) and the contact details it gave for its materials."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

OPERATIONAL = "operational"


@dataclass
class KnownNoodsteunpunt:
    """Read model of one noodsteunpunt, kept current from inventory events."""

    id: UUID
    region_code: str
    municipality_code: str
    name: str
    layer: str
    address: str | None
    public: bool
    readiness: str = "planned"
    activation: str = "inactive"

    @property
    def listable(self) -> bool:
        """Residents are sent only to public points that are operational and have an address."""
        return self.public and self.readiness == OPERATIONAL and bool(self.address)

    def line(self) -> str:
        return f"{self.name}, {self.address}"


@dataclass(frozen=True)
class ContactDetails:
    municipality_code: str
    phone: str | None = None
    email: str | None = None
    website: str | None = None
