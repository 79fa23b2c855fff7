"""A region in the national picture, and its CSV and GeoJSON exports, from plain values."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from services.inventory.adapters.standards import default_standard
from services.inventory.domain.coverage import Norm
from services.inventory.domain.details import Details
from services.inventory.domain.noodsteunpunt import Layer, Noodsteunpunt, Readiness
from services.inventory.domain.picture import region_summary
from services.inventory.domain.pilot import Pilot
from shared.documents import excel_csv
from services.inventory.entrypoints.exports import geojson, picture_csv

TODAY = date(2026, 11, 27)
MUNICIPALITIES = [("GM0001", "Aa", 12_000), ("GM0002", "Bee", 3_000)]


def nsp(code: str, layer: Layer, readiness: Readiness, **details) -> Noodsteunpunt:
    return Noodsteunpunt(uuid4(), "VR25", code, f"NSP {code} {layer.value}", layer, Details(**details), readiness)


def pilot(started: bool) -> Pilot:
    p = Pilot.propose(id=uuid4(), region_code="VR25", municipality_code="GM0001", name="P", noodsteunpunt_ids=[uuid4()],
                      goals=["g"], starts_on=date(2025, 10, 1), ends_on=date(2026, 1, 1), budget_cents=1)
    if started:
        p.approve()
        p.start(date(2025, 10, 1))
        p.evaluate({"cooperation": {"worked": "buurtapp"}}, 1)
    return p


def summary():
    nsps = [
        nsp("GM0001", Layer.REGIONAL, Readiness.OPERATIONAL, latitude=51.5, longitude=5.0,
            services=[{"service": "information"}], contact_means=["radio"], generator_fuel_hours=80, wheelchair_access=True),
        nsp("GM0001", Layer.LOCAL, Readiness.PLANNED),
    ]
    return region_summary(("VR25", "Testregio"), MUNICIPALITIES, nsps, [pilot(True), pilot(False)],
                          default_standard(), Norm(), TODAY), nsps


def test_a_region_in_the_national_picture():
    region, _ = summary()
    assert region["by_layer"] == {"local": 1, "regional": 1}
    assert region["by_readiness"]["operational"] == 1 and region["by_readiness"]["planned"] == 1
    assert region["compliant"] == 1
    # Aa: 12,000 -> 3 needed, 2 planned, 1 operational. Bee: 3,000 -> 1 needed, none.
    cov = region["coverage"]
    assert (cov["needed"], cov["operational"], cov["planned"], cov["gap_operational"], cov["gap_planned"]) == (4, 1, 2, 3, 2)
    assert [g["code"] for g in region["gaps"]] == ["GM0001", "GM0002"]
    assert region["pilots_by_status"] == {"proposed": 1, "approved": 0, "started": 0, "evaluated": 1, "completed": 0}
    assert region["two_pilot_rule"][0] == {"pilot_year": 2025, "started": 1, "flagged": True, "unfunded": 0}
    assert region["experiences"][0]["themes"] == {"cooperation": {"worked": "buurtapp"}}


def test_the_csv_has_one_row_per_region_with_the_flags():
    region, _ = summary()
    content = picture_csv([region])
    assert content.startswith("\ufeff".encode()) and b"\r\n" in content  # Dutch Excel: BOM, CRLF, ';'
    (row,) = excel_csv.read_rows(content)
    assert (row["Regiocode"], row["Operationeel"], row["Nodig volgens norm"], row["Pilots geëvalueerd"]) == ("VR25", "1", "4", "1")
    assert (row["Pilots gestart in 2025"], row["Minder dan twee pilots in 2025"]) == ("1", "ja")


def test_geojson_points_are_longitude_first():
    _, nsps = summary()
    features = geojson(nsps, len(nsps), {})["features"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [5.0, 51.5]}
    assert features[0]["properties"]["services"] == ["information"]
    assert features[1]["geometry"] is None
