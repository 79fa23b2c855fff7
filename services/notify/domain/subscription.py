"""Who wants to hear about what: a person (email and the in-app feed) or an integrator
endpoint (signed webhooks), filtered by event type, region and municipality.

A subscription belongs to the token that made it: subject, issuer and scope
together (``Owner``); the scope also limits what it can ever match (see
``visibility``).

E-mail goes only to an address its owner controls. A person who subscribes the
address in their own token's ``email`` claim is subscribed at once; any other
address (someone subscribing a colleague, or a token without an email claim) gets
one confirmation message with a link, and nothing else until the link is used.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from shared.errors import InvalidInput, NotFound, RuleViolation
from services.notify.domain import dutch
from services.notify.domain.event_view import EventView
from services.notify.domain.visibility import Scope, may_see

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# An exact versioned type, a domain wildcard ("funding.*") or everything ("*").
TYPE_FILTER = re.compile(r"^(\*|[a-z]+\.\*|[a-z]+\.[a-z_]+\.\*|[a-z]+\.[a-z_]+\.[a-z_]+\.v[0-9]+)$")


class Kind(str, enum.Enum):
    PERSON = "person"
    ENDPOINT = "endpoint"


class Status(str, enum.Enum):
    PENDING = "pending"  # waits for its address to be confirmed
    ACTIVE = "active"
    ENDED = "ended"  # unsubscribed


@dataclass(frozen=True)
class Owner:
    """Who a subscription belongs to: the same subject from another issuer, or in
    another scope (moved to another gemeente), is someone else."""

    subject: str
    issuer: str
    scope: Scope


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
    owner: Owner
    event_types: list[str]
    frequency: Frequency = Frequency.IMMEDIATE
    region_code: str | None = None  # None: every region (national scope)
    municipality_code: str | None = None
    name: str | None = None
    email: str | None = None
    role: PersonRole | None = None
    endpoint_id: UUID | None = None
    status: Status = Status.ACTIVE
    created_at: datetime | None = None
    confirmation_hash: str | None = None
    confirmation_expires_at: datetime | None = None
    events: list = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def for_person(
        cls, *, id: UUID, owner: Owner, name: str, email: str, role: PersonRole, event_types: list[str],
        frequency: Frequency, region_code: str | None, municipality_code: str | None, verified_email: str | None = None,
    ) -> Subscription:
        """``verified_email``: the address the owner's token vouches for; any other address waits for confirmation."""
        if not name.strip():
            raise InvalidInput("a subscriber needs a name")
        email = email.strip()
        if not EMAIL.match(email):
            raise InvalidInput("not an email address")
        own = verified_email is not None and verified_email.strip().lower() == email.lower()
        return cls(id, Kind.PERSON, owner, _checked_types(event_types), frequency, region_code, municipality_code,
                   name.strip(), email, role, status=Status.ACTIVE if own else Status.PENDING)

    @classmethod
    def for_endpoint(
        cls, *, id: UUID, owner: Owner, endpoint_id: UUID, event_types: list[str],
        region_code: str | None, municipality_code: str | None,
    ) -> Subscription:
        # An integrator's system wants each event as it happens: webhooks are never digested.
        return cls(id, Kind.ENDPOINT, owner, _checked_types(event_types), Frequency.IMMEDIATE, region_code,
                   municipality_code, endpoint_id=endpoint_id)

    @property
    def active(self) -> bool:
        return self.status is Status.ACTIVE

    def ask_confirmation(self, now: datetime, valid_for: timedelta) -> str:
        """A fresh link token for the confirmation message; only its hash is kept."""
        token = secrets.token_urlsafe(32)
        self.confirmation_hash, self.confirmation_expires_at = token_hash(token), now + valid_for
        return token

    def confirm(self, token: str, now: datetime) -> None:
        if self.status is Status.ACTIVE:
            return  # a second click changes nothing
        known = self.status is Status.PENDING and self.confirmation_hash is not None
        if not known or not hmac.compare_digest(self.confirmation_hash or "", token_hash(token)):
            raise NotFound("no subscription waits for this confirmation")
        if self.confirmation_expires_at is not None and now >= self.confirmation_expires_at:
            raise RuleViolation("the confirmation link has expired; ask to be subscribed again")
        self.status, self.confirmation_hash, self.confirmation_expires_at = Status.ACTIVE, None, None

    def end(self) -> None:
        self.status, self.confirmation_hash, self.confirmation_expires_at = Status.ENDED, None, None

    def wants(self, event: EventView, public: bool = False) -> bool:
        """The event passes this subscription's filter and its owner's scope may see it."""
        return self.matches(event.type, event.region_code, event.municipality_code) and may_see(self.owner.scope, event, public)

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


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def confirmation_text(name: str, link: str, valid_until: datetime) -> tuple[str, str]:
    """Subject and body of the one message an unconfirmed address receives."""
    subject = "Bevestig uw aanmelding voor berichten van Weerbaar"
    body = (
        f"Beste {name},\n\n"
        "U bent aangemeld voor berichten van het platform Weerbaar (programma Weerbare Samenleving).\n"
        f"Wilt u deze berichten ontvangen? Bevestig dan uw aanmelding via deze link (geldig tot {dutch.moment(valid_until)}):\n\n"
        f"{link}\n\n"
        "Hebt u hier niet om gevraagd? Dan hoeft u niets te doen: zonder bevestiging ontvangt u niets.\n"
    )
    return subject, body


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
