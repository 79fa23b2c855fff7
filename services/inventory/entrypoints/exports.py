"""The national picture as CSV (one row per region) and the NSPs as GeoJSON points."""

from __future__ import annotations

import csv
import io
from typing import Any

from services.inventory.domain.noodsteunpunt import Noodsteunpunt

PICTURE_COLUMNS = (
    "region_code", "name", "population", "noodsteunpunten", "local", "regional",
    "planned", "inventoried", "agreed", "equipped", "exercised", "operational", "compliant",
    "needed", "gap_operational", "gap_planned", "inhabitants_per_operational_nsp", "inhabitants_per_planned_nsp",
    "pilots_proposed", "pilots_approved", "pilots_started", "pilots_evaluated", "pilots_completed",
    "started_pilots_2025", "flagged_2025", "started_pilots_2026", "flagged_2026",
)


def picture_csv(regions: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PICTURE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for region in regions:
        writer.writerow(_picture_row(region))
    return out.getvalue()


def _picture_row(region: dict[str, Any]) -> dict[str, Any]:
    cov = region["coverage"]
    row = {
        "region_code": region["region_code"], "name": region["name"], "population": cov["population"],
        "noodsteunpunten": region["noodsteunpunten"], **region["by_layer"], **region["by_readiness"],
        "compliant": region["compliant"],
        **{k: cov[k] for k in ("needed", "gap_operational", "gap_planned",
                               "inhabitants_per_operational_nsp", "inhabitants_per_planned_nsp")},
        **{f"pilots_{status}": n for status, n in region["pilots_by_status"].items()},
    }
    for check in region["two_pilot_rule"]:
        row[f"started_pilots_{check['pilot_year']}"] = check["started"]
        row[f"flagged_{check['pilot_year']}"] = "yes" if check["flagged"] else "no"
    return row


def geojson(nsps: list[Noodsteunpunt], matched: int, links: dict[str, dict[str, str]]) -> dict[str, Any]:
    """RFC 7946 FeatureCollection of one page; an NSP without coordinates has a null geometry.
    Paging members as in OGC API Features: numberMatched, numberReturned, links (rel, href)."""
    return {
        "type": "FeatureCollection",
        "numberMatched": matched,
        "numberReturned": len(nsps),
        "links": [{"rel": rel, "href": link["href"], "type": "application/geo+json"} for rel, link in links.items()],
        "features": [_feature(n) for n in nsps],
    }


def _feature(nsp: Noodsteunpunt) -> dict[str, Any]:
    d = nsp.details
    geometry = (
        {"type": "Point", "coordinates": [d.longitude, d.latitude]} if d.latitude is not None else None
    )
    return {
        "type": "Feature",
        "id": str(nsp.id),
        "geometry": geometry,
        "properties": {
            "name": nsp.name,
            "layer": nsp.layer.value,
            "region_code": nsp.region_code,
            "municipality_code": nsp.municipality_code,
            "readiness": nsp.readiness.value,
            "activation_status": nsp.activation_status.value,
            "public": nsp.public,
            "host_organisation": d.host_organisation,
            "building_type": d.building_type,
            "address": d.address,
            "services": d.service_names(),
            "capacity_people": d.capacity_people,
            "generator_fuel_hours": d.generator_fuel_hours,
            "contact_means": [c.value for c in d.contact_means],
            "wheelchair_access": d.wheelchair_access,
            "open_24_7": d.open_24_7,
        },
    }
