"""A local version ready to print: with its campaign, names and the noodsteunpunten it listed."""

from __future__ import annotations

from dataclasses import dataclass

from services.campaign.domain.campaign import Campaign
from services.campaign.domain.local_knowledge import ContactDetails, KnownNoodsteunpunt
from services.campaign.domain.local_version import LocalVersion


@dataclass(frozen=True)
class Printable:
    local: LocalVersion
    campaign: Campaign
    municipality_name: str
    region_name: str
    noodsteunpunten: list[KnownNoodsteunpunt]
    contact: ContactDetails | None
