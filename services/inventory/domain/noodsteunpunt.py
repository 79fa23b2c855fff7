"""The noodsteunpunt (emergency support point) aggregate."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from shared.contract.envelope import IntegrationEvent
from shared.contract.inventory import (
    NoodsteunpuntActivationChanged,
    NoodsteunpuntReadinessChanged,
    NoodsteunpuntRegistered,
    NoodsteunpuntUpdated,
)
from shared.errors import InvalidInput, RuleViolation
from services.inventory.domain.details import Details
from services.inventory.domain.status import (
    ActivationMode,
    ActivationStatus,
    Readiness,
    check_activation_move,
    check_readiness_move,
)

__all__ = ["ActivationMode", "ActivationStatus", "Details", "Layer", "Noodsteunpunt", "Readiness"]


class Layer(str, enum.Enum):
    LOCAL = "local"
    REGIONAL = "regional"  # regional coordination point, e.g. a fire station


@dataclass
class Noodsteunpunt:
    id: UUID
    region_code: str
    municipality_code: str
    name: str
    layer: Layer
    details: Details = field(default_factory=Details)
    readiness: Readiness = Readiness.PLANNED
    public: bool = False
    activation_status: ActivationStatus = ActivationStatus.INACTIVE
    activation_mode: ActivationMode | None = None
    activation_changed_at: datetime | None = None
    # Every activation change with its time: after an exercise or a crisis this is the timeline.
    activation_log: list[dict[str, Any]] = field(default_factory=list)
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    @property
    def address(self) -> str | None:
        return self.details.address

    @property
    def subject(self) -> str:
        return f"noodsteunpunt/{self.id}"

    @classmethod
    def register(
        cls,
        *,
        id: UUID,
        region_code: str,
        municipality_code: str,
        name: str,
        layer: Layer,
        details: Details | None = None,
        readiness: Readiness = Readiness.PLANNED,
        public: bool = False,
    ) -> "Noodsteunpunt":
        nsp = cls(id, region_code, municipality_code, _clean_name(name), layer, details or Details(), readiness, public)
        nsp.events.append(NoodsteunpuntRegistered(readiness=readiness.value, **nsp._identity()))
        return nsp

    def update(
        self, *, name: str | None = None, layer: Layer | None = None, details: Details | None = None, public: bool | None = None
    ) -> list[str]:
        """Changes what is given; returns the changed fields (none: no event)."""
        changed: list[str] = []
        if name is not None and _clean_name(name) != self.name:
            self.name, changed = _clean_name(name), changed + ["name"]
        if layer is not None and layer is not self.layer:
            self.layer, changed = layer, changed + ["layer"]
        if public is not None and public != self.public:
            self.public, changed = public, changed + ["public"]
        if details is not None and details != self.details:
            changed += details.changed_fields(self.details)
            self.details = details
        if changed:
            self.events.append(NoodsteunpuntUpdated(changed_fields=changed, **self._identity()))
        return changed

    def change_readiness(self, target: Readiness, reason: str | None = None) -> None:
        reason = check_readiness_move(self.readiness, target, reason)
        previous, self.readiness = self.readiness, target
        self.events.append(
            NoodsteunpuntReadinessChanged(
                subject=self.subject,
                region_code=self.region_code,
                municipality_code=self.municipality_code,
                noodsteunpunt_id=self.id,
                previous=previous.value,
                readiness=target.value,
                reason=reason,
            )
        )

    def change_activation(self, target: ActivationStatus, mode: ActivationMode, at: datetime) -> None:
        if at.tzinfo is None:
            raise InvalidInput("an activation time needs a time zone")
        check_activation_move(self.activation_status, self.activation_mode, target, mode, self.readiness)
        if self.activation_changed_at is not None and at < self.activation_changed_at:
            raise RuleViolation("an activation change cannot be earlier than the previous one")
        previous = self.activation_status
        self.activation_status, self.activation_changed_at = target, at
        self.activation_mode = mode if target is not ActivationStatus.INACTIVE else None
        self.activation_log.append({"status": target.value, "mode": mode.value, "at": at.isoformat()})
        self.events.append(
            NoodsteunpuntActivationChanged(
                subject=self.subject,
                region_code=self.region_code,
                municipality_code=self.municipality_code,
                noodsteunpunt_id=self.id,
                previous=previous.value,
                status=target.value,
                mode=mode.value,
                changed_at=at,
            )
        )

    def _identity(self) -> dict[str, Any]:
        d = self.details
        return {
            "subject": self.subject,
            "region_code": self.region_code,
            "municipality_code": self.municipality_code,
            "noodsteunpunt_id": self.id,
            "name": self.name,
            "layer": self.layer.value,
            "host_organisation": d.host_organisation,
            "building_type": d.building_type,
            "address": d.address,
            "latitude": d.latitude,
            "longitude": d.longitude,
            "public": self.public,
            "services": d.service_names(),
        }


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput("a noodsteunpunt needs a name")
    if len(name) > 200:
        raise InvalidInput("a noodsteunpunt's name is at most 200 characters")
    return name
