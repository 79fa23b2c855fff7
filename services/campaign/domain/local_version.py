"""A municipality's local version of a published toolkit version.

Rendering fills every placeholder from local knowledge; a placeholder it cannot fill
refuses the whole rendering, naming the placeholder and what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from shared.contract.campaign import LocalVersionRendered
from shared.contract.envelope import IntegrationEvent
from shared.errors import InvalidInput, RuleViolation
from services.campaign.domain.campaign import Campaign
from services.campaign.domain.local_knowledge import ContactDetails, KnownNoodsteunpunt
from services.campaign.domain.placeholders import fill
from services.campaign.domain.toolkit import Template, ToolkitVersion


@dataclass(frozen=True)
class LocalFacts:
    municipality_code: str
    municipality_name: str
    region_code: str
    region_name: str
    contact: ContactDetails | None
    noodsteunpunten: list[KnownNoodsteunpunt]


@dataclass(frozen=True)
class RenderedItem:
    template_key: str
    channel: str
    title: str
    body: str
    uniform: bool


@dataclass
class LocalVersion:
    id: UUID
    toolkit_version_id: UUID
    campaign_id: UUID
    region_code: str
    municipality_code: str
    version: int
    items: list[RenderedItem]
    noodsteunpunt_ids: list[UUID]
    rendered_at: datetime
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def render(
        cls, *, id: UUID, toolkit: ToolkitVersion, campaign: Campaign, facts: LocalFacts, at: datetime
    ) -> "LocalVersion":
        if not toolkit.published:
            raise RuleViolation(f"toolkit version {toolkit.version} is not published yet; only published versions render")
        listed = sorted((n for n in facts.noodsteunpunten if n.listable), key=lambda n: n.name)
        values = _values(campaign, facts, listed)
        items = [_render(template, values, facts) for template in toolkit.templates]
        local = cls(id, toolkit.id, campaign.id, facts.region_code, facts.municipality_code, toolkit.version,
                    items, [n.id for n in listed], at)
        local.events.append(
            LocalVersionRendered(
                subject=f"local_version/{id}",
                region_code=facts.region_code,
                municipality_code=facts.municipality_code,
                local_version_id=id,
                toolkit_version_id=toolkit.id,
                campaign_id=campaign.id,
                template_keys=[i.template_key for i in items],
                noodsteunpunt_ids=local.noodsteunpunt_ids,
            )
        )
        return local


def _values(campaign: Campaign, facts: LocalFacts, listed: list[KnownNoodsteunpunt]) -> dict[str, str | None]:
    contact = facts.contact or ContactDetails(facts.municipality_code)
    return {
        "gemeente": facts.municipality_name,
        "regio": facts.region_name,
        "campagne": campaign.name,
        "gedragsdoel": campaign.behaviour_goal,
        "telefoon": contact.phone,
        "email": contact.email,
        "website": contact.website,
        "noodsteunpunten": "\n".join(f"- {n.line()}" for n in listed) or None,
    }


_MISSING = {
    "gedragsdoel": "the campaign has no behaviour goal",
    "telefoon": "no contact phone number is known for {name}",
    "email": "no contact e-mail address is known for {name}",
    "website": "no contact website is known for {name}",
    "noodsteunpunten": "{name} has no public, operational noodsteunpunt with an address",
}


def _render(template: Template, values: dict[str, str | None], facts: LocalFacts) -> RenderedItem:
    for name in template.placeholders:
        if values.get(name) is None:
            why = _MISSING.get(name, "no value is known").format(name=facts.municipality_name)
            raise InvalidInput(f"cannot fill placeholder {{{{{name}}}}} in template {template.key!r}: {why}")
    filled = {k: v for k, v in values.items() if v is not None}
    return RenderedItem(template.key, template.channel.value, fill(template.title, filled), fill(template.body, filled), template.uniform)
