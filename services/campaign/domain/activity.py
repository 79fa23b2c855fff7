"""The activity calendar: dated activities for advisors and boards (webinars, council
evenings, workshops, knowledge sessions). Scheduling one is an event, so the notify
service can invite and remind the audience."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from shared.contract.campaign import ActivityScheduled
from shared.contract.envelope import IntegrationEvent
from shared.errors import InvalidInput


class Kind(str, enum.Enum):
    WEBINAR = "webinar"
    COUNCIL_EVENING = "council_evening"
    WORKSHOP = "workshop"
    KNOWLEDGE_SESSION = "knowledge_session"  # twice a year, regionally
    CONSULTATION = "consultation"  # periodic, with communication, IV and AOV advisors
    ONE_ON_ONE = "one_on_one"


class ActivityAudience(str, enum.Enum):
    COMMUNICATION_ADVISORS = "communication_advisors"
    IV_ADVISORS = "iv_advisors"
    AOV_ADVISORS = "aov_advisors"
    BOARD = "board"
    COUNCIL_MEMBERS = "council_members"
    MUNICIPAL_ADVISORS = "municipal_advisors"
    RESIDENTS = "residents"
    PARTNERS = "partners"


@dataclass
class Activity:
    id: UUID
    region_code: str  # NL for a national activity
    kind: Kind
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    audience: list[ActivityAudience]
    campaign_id: UUID | None = None
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def schedule(
        cls,
        *,
        id: UUID,
        region_code: str,
        kind: Kind,
        title: str,
        starts_at: datetime,
        ends_at: datetime | None,
        place: str,
        audience: list[ActivityAudience],
        campaign_id: UUID | None = None,
    ) -> "Activity":
        if starts_at.tzinfo is None or (ends_at is not None and ends_at.tzinfo is None):
            raise InvalidInput("activity times need a time zone")
        if ends_at is not None and ends_at <= starts_at:
            raise InvalidInput("an activity ends after it starts")
        if not title.strip() or not place.strip():
            raise InvalidInput("an activity needs a title and a place")
        if not audience:
            raise InvalidInput("an activity needs an audience")
        activity = cls(id, region_code, kind, title.strip(), starts_at, ends_at, place.strip(),
                       list(dict.fromkeys(audience)), campaign_id)
        activity.events.append(
            ActivityScheduled(
                subject=f"activity/{id}", region_code=region_code, activity_id=id, campaign_id=campaign_id,
                title=activity.title, kind=kind.value, starts_at=starts_at, ends_at=ends_at,
                place=activity.place, audience=[a.value for a in activity.audience],
            )
        )
        return activity
