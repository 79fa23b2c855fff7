"""Events owned by the inventory service (topic weerbaar.inventory.events, key = region code).

Registered and updated carry the noodsteunpunt's whole public-facing identity, so
a consumer can build its own read model from events alone.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from shared.contract.envelope import IntegrationEvent, MunicipalityCode

Layer = Literal["local", "regional"]
Readiness = Literal["planned", "inventoried", "agreed", "equipped", "exercised", "operational"]
ActivationStatus = Literal["inactive", "opening", "open", "full", "closing", "closed"]
ActivationMode = Literal["exercise", "real"]
PilotTheme = Literal["basis", "information_and_communication", "cooperation", "continuity"]


class NoodsteunpuntRegistered(IntegrationEvent):
    """A municipality registered an emergency support point."""

    TYPE = "inventory.noodsteunpunt.registered.v1"

    noodsteunpunt_id: UUID
    municipality_code: MunicipalityCode
    name: str = Field(min_length=1, max_length=200)
    layer: Layer
    host_organisation: str | None = None
    building_type: str | None = None
    address: str | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    readiness: Readiness = "planned"
    public: bool = False
    services: list[str] = Field(default_factory=list)


class NoodsteunpuntUpdated(IntegrationEvent):
    """Identity, services, resilience, access or staffing of a noodsteunpunt changed; carries the new identity."""

    TYPE = "inventory.noodsteunpunt.updated.v1"

    noodsteunpunt_id: UUID
    municipality_code: MunicipalityCode
    name: str = Field(min_length=1, max_length=200)
    layer: Layer
    host_organisation: str | None = None
    building_type: str | None = None
    address: str | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    public: bool = False
    services: list[str] = Field(default_factory=list)
    changed_fields: list[str] = Field(default_factory=list)


class NoodsteunpuntReadinessChanged(IntegrationEvent):
    """Readiness moved (planned .. operational); going back carries a reason."""

    TYPE = "inventory.noodsteunpunt.readiness_changed.v1"

    noodsteunpunt_id: UUID
    municipality_code: MunicipalityCode
    previous: Readiness
    readiness: Readiness
    reason: str | None = None


class NoodsteunpuntActivationChanged(IntegrationEvent):
    """Activation status changed, in an exercise or for real."""

    TYPE = "inventory.noodsteunpunt.activation_changed.v1"

    noodsteunpunt_id: UUID
    municipality_code: MunicipalityCode
    previous: ActivationStatus
    status: ActivationStatus
    mode: ActivationMode
    changed_at: datetime


class InventoryRoundOpened(IntegrationEvent):
    """A region opened an inventory round for its municipalities."""

    TYPE = "inventory.round.opened.v1"

    round_id: UUID
    title: str
    deadline: date
    municipality_codes: list[str]


class InventoryRoundClosed(IntegrationEvent):
    """A region closed an inventory round; lists who did and did not submit."""

    TYPE = "inventory.round.closed.v1"

    round_id: UUID
    submitted: list[str]
    missing: list[str]


class InventorySubmitted(IntegrationEvent):
    """A municipality submitted its inventory for a round (supersedes its earlier submission)."""

    TYPE = "inventory.inventory.submitted.v1"

    round_id: UUID
    submission_id: UUID
    municipality_code: MunicipalityCode
    noodsteunpunt_ids: list[UUID]
    submitted_by: str
    remarks: str | None = None
    supersedes: UUID | None = None


class PilotProposed(IntegrationEvent):
    """A region proposed a noodsteunpunt pilot."""

    TYPE = "inventory.pilot.proposed.v1"

    pilot_id: UUID
    name: str
    municipality_code: MunicipalityCode
    noodsteunpunt_ids: list[UUID]
    goals: list[str]
    starts_on: date
    ends_on: date
    budget_cents: int = Field(ge=0, description="Planned cost in euro cents")


class PilotApproved(IntegrationEvent):
    TYPE = "inventory.pilot.approved.v1"

    pilot_id: UUID
    municipality_code: MunicipalityCode


class PilotStarted(IntegrationEvent):
    """A pilot started; the funding service commits its budget against the region's allocation for pilot_year."""

    TYPE = "inventory.pilot.started.v1"

    pilot_id: UUID
    name: str
    municipality_code: MunicipalityCode
    noodsteunpunt_ids: list[UUID]
    pilot_year: int = Field(ge=2025, le=2035)
    started_on: date
    budget_cents: int = Field(ge=0, description="Planned cost in euro cents")


class PilotEvaluated(IntegrationEvent):
    """Experiences of a pilot, per NIPV theme, and its actual costs."""

    TYPE = "inventory.pilot.evaluated.v1"

    pilot_id: UUID
    municipality_code: MunicipalityCode
    themes: dict[PilotTheme, dict[str, str]] = Field(description="theme -> {'worked': ..., 'did_not_work': ...}")
    cost_cents: int = Field(ge=0)


class PilotCompleted(IntegrationEvent):
    TYPE = "inventory.pilot.completed.v1"

    pilot_id: UUID
    municipality_code: MunicipalityCode
    completed_on: date


class PilotUnfunded(IntegrationEvent):
    """Funding refused the money for a started pilot: it no longer counts towards the
    two-pilot rule until a commitment is made."""

    TYPE = "inventory.pilot.unfunded.v1"

    pilot_id: UUID
    municipality_code: MunicipalityCode
    pilot_year: int = Field(ge=2025, le=2035)
    commitment_id: UUID = Field(description="The refused commitment (funding.commitment.refused.v1)")
    reason: str


class PilotFunded(IntegrationEvent):
    """Money was committed for a started pilot (also after an earlier refusal): it counts
    towards the two-pilot rule."""

    TYPE = "inventory.pilot.funded.v1"

    pilot_id: UUID
    municipality_code: MunicipalityCode
    pilot_year: int = Field(ge=2025, le=2035)
    commitment_id: UUID = Field(description="The commitment made (funding.commitment.made.v1)")
    amount_cents: int = Field(ge=0)


class StandardPublished(IntegrationEvent):
    """A new version of the noodsteunpunten standard ('maatstaf'); key NL (national)."""

    TYPE = "inventory.standard.published.v1"

    version: int = Field(ge=1)
    criteria: list[dict[str, object]]
