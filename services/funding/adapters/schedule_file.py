"""Reads the budget schedule data file (services/funding/data/budget_schedule.csv)."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from services.funding.domain.schedule import ScheduleRow

FILE = "budget_schedule.csv"


@cache
def load_schedule() -> tuple[ScheduleRow, ...]:
    text = resources.files("services.funding").joinpath("data", FILE).read_text(encoding="utf-8")
    return tuple(_row(raw) for raw in csv.DictReader(text.splitlines()))


def _row(raw: dict[str, str]) -> ScheduleRow:
    share = raw["pilot_share_per_region_cents"].strip()
    return ScheduleRow(
        year=int(raw["year"]),
        line=raw["line"].strip(),
        amount_cents=int(raw["amount_cents"]),
        phase=raw["phase"].strip(),
        pilot_share_per_region_cents=int(share) if share else None,
        source=raw["source"].strip(),
    )
