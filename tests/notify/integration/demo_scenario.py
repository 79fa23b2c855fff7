"""The demo scenario for Brabant-Noord (VR21), October 2026: what the region's programme
did that month, as the other services announce it, plus events the memo must leave out."""

from __future__ import annotations

from datetime import date, datetime
from uuid import uuid4
from zoneinfo import ZoneInfo

from shared.contract.campaign import ActivityScheduled
from shared.contract.funding import TrancheAllocated
from shared.contract.inventory import InventoryRoundOpened, NoodsteunpuntRegistered, PilotStarted

from tests.notify.integration.helpers import CAMPAIGN, FUNDING, INVENTORY, stamped

AMS = ZoneInfo("Europe/Amsterdam")
PERIOD = (date(2026, 10, 1), date(2026, 10, 31))
OSS, DEN_BOSCH = "GM0828", "GM0796"


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=AMS)


def registered(name: str, when: datetime, region: str = "VR21", municipality: str = OSS):
    return stamped(NoodsteunpuntRegistered, source=INVENTORY, region=region, municipality_code=municipality, time=when,
                   subject=f"noodsteunpunt/{uuid4()}", noodsteunpunt_id=uuid4(), name=name, layer="regional")


def activity(title: str, when: datetime, starts_at: datetime, place: str):
    return stamped(ActivityScheduled, source=CAMPAIGN, region="VR21", subject=f"activity/{uuid4()}", time=when,
                   activity_id=uuid4(), title=title, kind="council_evening", starts_at=starts_at, place=place,
                   audience=["board"])


def scenario(run: str):
    """(events in the period, events outside it); ``run`` keeps reruns apart."""
    inside = [
        stamped(InventoryRoundOpened, source=INVENTORY, region="VR21", time=at(10, 1), subject=f"round/{uuid4()}",
                round_id=uuid4(), title=f"Inventarisatie lokale noodsteunpunten {run}", deadline=date(2026, 11, 15),
                municipality_codes=[OSS, DEN_BOSCH]),
        registered(f"Brandweerkazerne Oss {run}", at(10, 2)),
        stamped(TrancheAllocated, source=FUNDING, region="VR21", time=at(10, 6), subject=f"allocation/{uuid4()}",
                allocation_id=uuid4(), year=2026, line=f"pilots-{run}", version=1, distribution_key="equal", base_cents=0,
                amount_cents=40_000_000, previous_amount_cents=0, difference_cents=40_000_000),
        activity(f"Raadsavond weerbaarheid {run}", at(10, 8), at(11, 12, 19), "Stadhuis Oss"),
        stamped(PilotStarted, source=INVENTORY, region="VR21", municipality_code=OSS, time=at(10, 9),
                subject=f"pilot/{uuid4()}", pilot_id=uuid4(), name=f"Pilot Oss Centrum {run}", noodsteunpunt_ids=[],
                pilot_year=2026, started_on=date(2026, 10, 9), budget_cents=4_000_050),
    ]
    outside = [
        registered(f"Te vroeg {run}", at(9, 20)),
        registered(f"Te laat {run}", at(11, 5)),
        registered(f"Elders {run}", at(10, 10), region="VR01", municipality="GM0014"),
    ]
    return inside, outside
