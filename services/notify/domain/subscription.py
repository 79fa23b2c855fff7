"""Who wants to hear about what: a person (email and the in-app feed) or an integrator
endpoint (signed webhooks), filtered by event type, region and municipality."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from shared.errors import InvalidInput

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# An exact versioned type, a domain wildcard ("funding.*") or everything ("*").
TYPE_FILTER = re.compile(r"^(\*|[a-z]+\.\*|[a-z]+\.[a-z_]+\.\*|[a-z]+\.[a-z_]+\.[a-z_]+\.v[0-9]+)$")


class Kind(str, enum.Enum):
    PERSON = "person"
    ENDPOINT = "endpoint"


class Frequency(str, enum.Enum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"


class PersonRole(str, enum.Enum):
    """The person's function in the programme; campaign activities address these as their audience."""

    COMMUNICATION = "communication"  # communicatieadviseur
    IV = "iv"  # adviseur integrale veiligheid
    AOV = "aov"  # adviseur openbare orde en veiligheid
    BOARD = "board"  # lid Algemeen Bestuur
    PROGRAMME_TEAM = "programme_team"
    NATIONAL_COORDINATOR = "national_coordinator"


# Campaign activities name their audience in the campaign service's words; these are the people it means.
AUDIENCE_ROLES: dict[str, set[str]] = {
    "communication_advisors": {"communication"},
    "iv_advisors": {"iv"},
    "aov_advisors": {"aov"},
    "municipal_advisors": {"communication", "iv", "aov"},
    "board": {"board"},
}


def roles_for(audience: list[str]) -> set[str]:
    """Audience words to person roles; a role code itself (e.g. 'programme_team') also counts."""
    roles: set[str] = set()
    for word in (a.strip().lower() for a in audience):
        roles |= AUDIENCE_ROLES.get(word, {word})
    return roles


@dataclass
class Subscription:
    id: UUID
    kind: Kind
    owner: str
    event_types: list[str]
    frequency: Frequency = Frequency.IMMEDIATE
    region_code: str | None = None  # None: every region (national scope)
    municipality_code: str | None = None
    name: str | None = None
    email: str | None = None
    role: PersonRole | None = None
    endpoint_id: UUID | None = None
    active: bool = True
    created_at: datetime | None = None
    events: list = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def for_person(
        cls, *, id: UUID, owner: str, name: str, email: str, role: PersonRole, event_types: list[str],
        frequency: Frequency, region_code: str | None, municipality_code: str | None,
    ) -> Subscription:
        if not name.strip():
            raise InvalidInput("a subscriber needs a name")
        if not EMAIL.match(email):
            raise InvalidInput(f"{email!r} is not an email address")
        return cls(id, Kind.PERSON, owner, _checked_types(event_types), frequency, region_code, municipality_code,
                   name.strip(), email.strip(), role)

    @classmethod
    def for_endpoint(
        cls, *, id: UUID, owner: str, endpoint_id: UUID, event_types: list[str],
        region_code: str | None, municipality_code: str | None,
    ) -> Subscription:
        # An integrator's system wants each event as it happens: webhooks are never digested.
        return cls(id, Kind.ENDPOINT, owner, _checked_types(event_types), Frequency.IMMEDIATE, region_code,
                   municipality_code, endpoint_id=endpoint_id)

    def matches(self, event_type: str, region_code: str, municipality_code: str | None) -> bool:
        if not self.active or not any(_type_matches(f, event_type) for f in self.event_types):
            return False
        # A national event (NL) concerns every region.
        if self.region_code and region_code not in (self.region_code, "NL"):
            return False
        if self.municipality_code and municipality_code not in (self.municipality_code, None):
            return False
        return True

    def in_audience(self, roles: list[str], region_code: str) -> bool:
        """Campaign activities address people by role, within the activity's region."""
        if not self.active or self.kind is not Kind.PERSON or self.role is None:
            return False
        wanted = roles_for(roles)
        in_region = self.region_code in (None, region_code) or region_code == "NL"
        return self.role.value in wanted and in_region


def _checked_types(event_types: list[str]) -> list[str]:
    if not event_types:
        raise InvalidInput("subscribe to at least one event type (or '*')")
    bad = [t for t in event_types if not TYPE_FILTER.match(t)]
    if bad:
        raise InvalidInput(f"not an event type filter: {', '.join(bad)} (use e.g. 'inventory.pilot.started.v1', 'funding.*' or '*')")
    return sorted(set(event_types))


def _type_matches(pattern: str, event_type: str) -> bool:
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        return event_type.startswith(pattern[:-1])
    return pattern == event_type
