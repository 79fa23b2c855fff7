"""Toolkit versions: message formats (templates) per channel, with placeholders.

A version is drafted, then published (an event); a published version never changes,
a change is a new version. At most one template per version is the uniform message
for residents, businesses and civil-society organisations.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from shared.contract.campaign import TemplateSummary, ToolkitPublished
from shared.contract.envelope import IntegrationEvent
from shared.errors import InvalidInput, RuleViolation
from services.campaign.domain.placeholders import KNOWN, placeholders_in


class Channel(str, enum.Enum):
    POSTER = "poster"
    FLYER = "flyer"
    LOCAL_NEWSPAPER = "local_newspaper"
    DOOR_TO_DOOR = "door_to_door"
    PRESENTATION_SLIDE = "presentation_slide"
    SOCIAL_POST = "social_post"
    WEB_TEXT = "web_text"

    @property
    def offline(self) -> bool:
        return self not in (Channel.SOCIAL_POST, Channel.WEB_TEXT)


def offline_first(channels: list[Channel]) -> list[Channel]:
    """The campaign is mostly offline: offline channels lead, order otherwise kept."""
    unique = list(dict.fromkeys(channels))
    return [c for c in unique if c.offline] + [c for c in unique if not c.offline]


@dataclass(frozen=True)
class Template:
    key: str
    channel: Channel
    title: str
    body: str
    uniform: bool = False

    @property
    def placeholders(self) -> list[str]:
        return placeholders_in(self.title + "\n" + self.body)


class ToolkitStatus(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


@dataclass
class ToolkitVersion:
    id: UUID
    campaign_id: UUID
    region_code: str  # the campaign's key: NL or the owning region
    version: int
    templates: list[Template]
    status: ToolkitStatus = ToolkitStatus.DRAFT
    published_at: datetime | None = None
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def draft(cls, *, id: UUID, campaign_id: UUID, region_code: str, version: int, templates: list[Template]) -> "ToolkitVersion":
        _check_templates(templates)
        return cls(id, campaign_id, region_code, version, list(templates))

    def template(self, key: str) -> Template | None:
        return next((t for t in self.templates if t.key == key), None)

    @property
    def published(self) -> bool:
        return self.status is ToolkitStatus.PUBLISHED

    def publish(self, at: datetime) -> None:
        if self.published:
            raise RuleViolation(f"toolkit version {self.version} is already published")
        self.status = ToolkitStatus.PUBLISHED
        self.published_at = at
        self.events.append(
            ToolkitPublished(
                subject=f"toolkit/{self.id}",
                region_code=self.region_code,
                toolkit_version_id=self.id,
                campaign_id=self.campaign_id,
                version=self.version,
                templates=[
                    TemplateSummary(key=t.key, channel=t.channel.value, title=t.title, uniform=t.uniform, placeholders=t.placeholders)
                    for t in self.templates
                ],
            )
        )


def _check_templates(templates: list[Template]) -> None:
    if not templates:
        raise InvalidInput("a toolkit version needs at least one template")
    keys = [t.key for t in templates]
    if len(set(keys)) != len(keys):
        raise InvalidInput(f"template keys must be unique, got {keys}")
    if sum(t.uniform for t in templates) > 1:
        raise InvalidInput("a toolkit version has at most one uniform message")
    for template in templates:
        unknown = [name for name in template.placeholders if name not in KNOWN]
        if unknown:
            raise InvalidInput(f"template {template.key!r} uses unknown placeholder(s): {', '.join(unknown)}")
