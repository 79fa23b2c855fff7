"""The noodsteunpunt (emergency support point) aggregate."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from uuid import UUID

from shared.contract.envelope import IntegrationEvent
from shared.contract.inventory import NoodsteunpuntRegistered
from shared.errors import InvalidInput


class Layer(str, enum.Enum):
    LOCAL = "local"
    REGIONAL = "regional"  # regional coordination point, e.g. a fire station


class Readiness(str, enum.Enum):
    PLANNED = "planned"
    INVENTORIED = "inventoried"
    AGREED = "agreed"
    EQUIPPED = "equipped"
    EXERCISED = "exercised"
    OPERATIONAL = "operational"


@dataclass
class Noodsteunpunt:
    id: UUID
    region_code: str
    municipality_code: str
    name: str
    layer: Layer
    address: str | None = None
    readiness: Readiness = Readiness.PLANNED
    public: bool = False
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def register(
        cls,
        *,
        id: UUID,
        region_code: str,
        municipality_code: str,
        name: str,
        layer: Layer,
        address: str | None = None,
        public: bool = False,
    ) -> "Noodsteunpunt":
        name = name.strip()
        if not name:
            raise InvalidInput("a noodsteunpunt needs a name")
        nsp = cls(id, region_code, municipality_code, name, layer, address, Readiness.PLANNED, public)
        nsp.events.append(
            NoodsteunpuntRegistered(
                subject=f"noodsteunpunt/{id}",
                region_code=region_code,
                municipality_code=municipality_code,
                noodsteunpunt_id=id,
                name=name,
                layer=layer.value,
                address=address,
                readiness=nsp.readiness.value,
                public=public,
            )
        )
        return nsp
