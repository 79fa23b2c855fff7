"""The national picture as CSV (one row per region) and the NSPs as GeoJSON points."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from shared.documents import excel_csv
from shared.http.paging import PageRequest, paginate
from shared.http.responses import GeoJsonResponse
from services.inventory.domain.noodsteunpunt import Noodsteunpunt

# The picture as Dutch Excel reads it: a Dutch header per column (key -> header).
PICTURE_COLUMNS = {
    "region_code": "Regiocode", "name": "Veiligheidsregio", "population": "Inwoners", "noodsteunpunten": "Noodsteunpunten",
    "local": "Lokaal", "regional": "Regionaal", "planned": "Gepland", "inventoried": "Geïnventariseerd",
    "agreed": "Afgesproken", "equipped": "Uitgerust", "exercised": "Beoefend", "operational": "Operationeel",
    "compliant": "Voldoet aan maatstaf", "needed": "Nodig volgens norm", "gap_operational": "Tekort operationeel",
    "gap_planned": "Tekort gepland", "inhabitants_per_operational_nsp": "Inwoners per operationeel noodsteunpunt",
    "inhabitants_per_planned_nsp": "Inwoners per gepland noodsteunpunt", "pilots_proposed": "Pilots voorgesteld",
    "pilots_approved": "Pilots goedgekeurd", "pilots_started": "Pilots gestart", "pilots_evaluated": "Pilots geëvalueerd",
    "pilots_completed": "Pilots afgerond", "started_pilots_2025": "Pilots gestart in 2025",
    "flagged_2025": "Minder dan twee pilots in 2025", "started_pilots_2026": "Pilots gestart in 2026",
    "flagged_2026": "Minder dan twee pilots in 2026",
}


def picture_csv(regions: list[dict[str, Any]]) -> bytes:
    rows = (_picture_row(region) for region in regions)
    return excel_csv.write(list(PICTURE_COLUMNS.values()), ([row.get(key) for key in PICTURE_COLUMNS] for row in rows))


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
        row[f"flagged_{check['pilot_year']}"] = bool(check["flagged"])
    return row


def geojson_page(nsps: list[Noodsteunpunt], paging: PageRequest, request: Request) -> GeoJsonResponse:
    """One page of NSPs as a GeoJSON answer (at most the export page size)."""
    page = paginate(nsps, paging, request)
    return GeoJsonResponse(geojson(page.items, page.total_items, page.links.model_dump(by_alias=True, exclude_none=True)))


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
