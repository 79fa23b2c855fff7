"""Shared example data for the campaign tests: the memo's campaigns and a worked survey example."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from services.campaign.adapters.data_files import checklist_keys
from services.campaign.domain.campaign import Audience, Campaign, Level
from services.campaign.domain.toolkit import Channel, Template, ToolkitVersion

VR21 = "VR21"
OSS = "GM0828"
VUGHT = "GM0865"
DEN_BOSCH = "GM0796"

# Worked example, the noodpakket wave in Oss: share (%) of respondents having each item.
BEFORE_RESPONDENTS = 400
BEFORE_PCT = {
    "water": 50, "long_life_food": 60, "flashlight": 75, "powerbank": 40, "spare_batteries": 45, "radio": 20,
    "candles_and_matches": 70, "first_aid_kit": 65, "blankets": 80, "tools": 55, "whistle": 10, "cash": 30,
    "id_copies_and_phone_numbers": 15, "spare_keys": 50, "hygiene_products": 75, "personal_items": 60,
}
BEFORE_COMPLETE = 20  # 5.0 %
AFTER_RESPONDENTS = 500
AFTER_PCT = {
    "water": 65, "long_life_food": 70, "flashlight": 80, "powerbank": 55, "spare_batteries": 50, "radio": 30,
    "candles_and_matches": 75, "first_aid_kit": 70, "blankets": 85, "tools": 60, "whistle": 20, "cash": 40,
    "id_copies_and_phone_numbers": 25, "spare_keys": 55, "hygiene_products": 80, "personal_items": 65,
}
AFTER_COMPLETE = 60  # 12.0 %


def counts(respondents: int, pct: dict[str, int]) -> dict[str, int]:
    """Exact counts for whole percentages (respondents are multiples of 100 here)."""
    return {item: respondents * share // 100 for item, share in pct.items()}


def all_items(respondents: int, having: int) -> dict[str, int]:
    return {item: having for item in checklist_keys()}


def noodpakket_campaign(**changes) -> Campaign:
    values = dict(
        id=uuid4(), name="Vul de ontbrekende spullen van het noodpakket aan", level=Level.REGIONAL,
        owner="Veiligheidsregio Brabant-Noord", region_code=VR21, starts_on=date(2025, 11, 1),
        ends_on=date(2025, 11, 30), behaviour_goal="Vul de ontbrekende spullen van het noodpakket aan",
        audiences=[Audience.RESIDENTS], participating_regions=[VR21],
    )
    values.update(changes)
    return Campaign.create(**values)


def flyer_toolkit(campaign: Campaign, body: str = "Noodsteunpunten in {{gemeente}}:\n{{noodsteunpunten}}") -> ToolkitVersion:
    return ToolkitVersion.draft(
        id=uuid4(), campaign_id=campaign.id, region_code=campaign.region_code, version=1,
        templates=[
            Template("flyer", Channel.FLYER, "{{campagne}} in {{gemeente}}", body),
            Template("uniform", Channel.WEB_TEXT, "Eén boodschap", "Bel {{telefoon}} of kijk op {{website}}", uniform=True),
        ],
    )
