"""Commands: what a caller asks the inventory service to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from shared.auth.principal import Principal
from services.inventory.domain.details import Details
from services.inventory.domain.noodsteunpunt import ActivationMode, ActivationStatus, Layer, Readiness


@dataclass(frozen=True)
class RegisterNoodsteunpunt:
    actor: Principal
    municipality_code: str
    name: str
    layer: Layer
    address: str | None = None
    public: bool = False
    details: Details | None = None
    readiness: Readiness = Readiness.PLANNED


@dataclass(frozen=True)
class UpdateNoodsteunpunt:
    actor: Principal
    noodsteunpunt_id: UUID
    name: str | None = None
    layer: Layer | None = None
    public: bool | None = None
    details: dict[str, object] | None = None  # only the attributes that change


@dataclass(frozen=True)
class ChangeReadiness:
    actor: Principal
    noodsteunpunt_id: UUID
    readiness: Readiness
    reason: str | None = None


@dataclass(frozen=True)
class ChangeActivation:
    actor: Principal
    noodsteunpunt_id: UUID
    status: ActivationStatus
    mode: ActivationMode


@dataclass(frozen=True)
class OpenRound:
    actor: Principal
    region_code: str
    title: str
    deadline: date


@dataclass(frozen=True)
class SubmitInventory:
    actor: Principal
    round_id: UUID
    municipality_code: str
    remarks: str | None = None


@dataclass(frozen=True)
class ProposePilot:
    actor: Principal
    region_code: str
    municipality_code: str
    name: str
    noodsteunpunt_ids: list[UUID]
    goals: list[str]
    starts_on: date
    ends_on: date
    budget_cents: int
    pilot_year: int | None = None
