from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class SafetyRegion:
    code: str
    name: str
    population: int


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    region_code: str
    population: int


@dataclass(frozen=True)
class ReferenceData:
    regions: dict[str, SafetyRegion]
    municipalities: dict[str, Municipality]

    def municipalities_in(self, region_code: str) -> list[Municipality]:
        return sorted(
            (m for m in self.municipalities.values() if m.region_code == region_code), key=lambda m: m.name
        )


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("shared.refdata").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def load_reference_data() -> ReferenceData:
    regions = {
        row["code"]: SafetyRegion(row["code"], row["name"], int(row["population"]))
        for row in _rows("safety_regions.csv")
    }
    municipalities = {
        row["code"]: Municipality(row["code"], row["name"], row["region_code"], int(row["population"]))
        for row in _rows("municipalities.csv")
    }
    return ReferenceData(regions, municipalities)
