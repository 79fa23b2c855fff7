"""Reads the service's own data files (services/campaign/data): the memo's campaigns,
its October activities and the noodpakket checklist. Each file is read once per process."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """The parsed file; shared between callers, so treat it as read-only."""
    return json.loads(resources.files("services.campaign").joinpath("data", name).read_text(encoding="utf-8"))


@cache
def checklist() -> tuple[tuple[str, str], ...]:
    """(key, Dutch label) of each noodpakket item, in the checklist's order."""
    return tuple((item["key"], item["label"]) for item in load("noodpakket_checklist.json")["items"])


def checklist_keys() -> list[str]:
    return [key for key, _ in checklist()]


def memo_campaigns() -> list[dict[str, Any]]:
    return list(load("memo_campaigns.json")["campaigns"])


def october_activities() -> list[dict[str, Any]]:
    return list(load("october_activities.json")["activities"])
