"""What a subscriber may hear of: the same rule wherever notify tells someone about an event.

A subscription keeps the scope of the token that made it (role, region, gemeente);
every event is checked against that scope before it is delivered, whatever the
subscription's filter says.

| scope | sees |
|---|---|
| national, operator | every event (operators set up endpoints for partner systems on the programme's behalf) |
| region | its region's events and national (NL) events |
| municipality | in its region and nationally: its own gemeente's events, events that concern no single gemeente, and other gemeenten's events about a public noodsteunpunt |
| integrator | every region: events about public noodsteunpunten and the published, non-personal types in ``OPEN_TYPES`` |

Whether a noodsteunpunt is public comes from its registered/updated events (the
``public`` field); until notify has seen one, a noodsteunpunt counts as not public.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.notify.domain.event_view import EventView

NATIONAL = "NL"
NOODSTEUNPUNT_TYPES = "inventory.noodsteunpunt."
# Event types that carry the noodsteunpunt's public flag themselves.
CARRIES_PUBLIC_FLAG = ("inventory.noodsteunpunt.registered.v1", "inventory.noodsteunpunt.updated.v1")
# Published programme facts without personal data or internal deliberation, for integrators.
# A type not listed is not sent to integrators: new types are closed until someone opens them here.
OPEN_TYPES = frozenset({
    "inventory.standard.published.v1",
    "inventory.pilot.started.v1",
    "inventory.pilot.completed.v1",
    "funding.tranche.allocated.v1",
    "campaign.toolkit.published.v1",
    "campaign.wave.launched.v1",
    "campaign.wave.completed.v1",
})


@dataclass(frozen=True)
class Scope:
    """The part of a token that decides what its holder may see."""

    role: str
    region_code: str | None = None
    municipality_code: str | None = None


PublicFlags = dict[UUID, tuple[bool, datetime]]  # noodsteunpunt -> (public, as of)


def about_noodsteunpunt(event: EventView) -> bool:
    return event.type.startswith(NOODSTEUNPUNT_TYPES)


def public_flag(event: EventView) -> bool | None:
    """The noodsteunpunt's public flag when the event carries it, else None."""
    if event.type in CARRIES_PUBLIC_FLAG:
        return bool(event.data.get("public", False))
    return None


def needs_public_flag(scope: Scope, event: EventView) -> bool:
    """Whether deciding for ``scope`` depends on the noodsteunpunt being public."""
    if not about_noodsteunpunt(event):
        return False
    if scope.role == "integrator":
        return True
    return scope.role == "municipality" and event.municipality_code not in (None, scope.municipality_code)


def may_see(scope: Scope, event: EventView, public: bool = False) -> bool:
    """``public``: the noodsteunpunt the event is about is public (asked only when it matters)."""
    if scope.role in ("national", "operator"):
        return True
    if scope.role == "integrator":
        return event.type in OPEN_TYPES or (about_noodsteunpunt(event) and public)
    if event.region_code not in (scope.region_code, NATIONAL):
        return False
    if scope.role == "region":
        return True
    if scope.role == "municipality":
        own_or_shared = event.municipality_code in (None, scope.municipality_code)
        return own_or_shared or (about_noodsteunpunt(event) and public)
    return False
