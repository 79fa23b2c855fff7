"""Coverage with worked numbers, the national picture and its CSV and GeoJSON exports."""

from __future__ import annotations


import pytest
import pytest_asyncio

from shared.documents import excel_csv
from tests.support import tokens

pytestmark = pytest.mark.asyncio(loop_scope="session")
BOEKEL, OSS = "GM0755", "GM0828"  # Boekel: 11,293 inhabitants (VR21)
CSV_HEADERS = {**tokens.municipality(BOEKEL), "Content-Type": "text/csv"}


@pytest_asyncio.fixture(scope="module", loop_scope="session", autouse=True)
async def boekel_has_two_nsps(inventory):
    rows = (
        "name,layer,readiness,public,latitude,longitude,services\n"
        "Brandweerkazerne Boekel,regional,operational,yes,51.604,5.676,information\n"
        "Dorpshuis Venhorst,local,agreed,no,,,information\n"
    )
    response = await inventory.client.post(f"/municipalities/{BOEKEL}/noodsteunpunten/import", content=rows.encode(), headers=CSV_HEADERS)
    assert response.status_code == 201, response.text


async def test_worked_coverage_example_for_boekel(inventory):
    # 11,293 inhabitants, norm 1 per 5,000: ceil(2.26) = 3 needed. 1 operational, 2 in all.
    got = (await inventory.client.get(f"/municipalities/{BOEKEL}/coverage", headers=tokens.municipality(BOEKEL))).json()
    assert (got["population"], got["needed"], got["operational"], got["planned"]) == (11_293, 3, 1, 2)
    assert (got["inhabitants_per_operational_nsp"], got["inhabitants_per_planned_nsp"]) == (11_293, 5_646)
    assert (got["gap_operational"], got["gap_planned"]) == (2, 1)
    assert got["gaps"] == [{"code": BOEKEL, "name": "Boekel", "gap_operational": 2, "gap_planned": 1}]


async def test_the_norm_is_a_parameter(inventory):
    got = (await inventory.client.get(f"/municipalities/{BOEKEL}/coverage", params={"inhabitantsPerNsp": 6_000},
                                      headers=tokens.region("VR21"))).json()
    assert (got["norm_inhabitants_per_nsp"], got["needed"], got["gap_planned"]) == (6_000, 2, 0)
    bad = await inventory.client.get(f"/municipalities/{BOEKEL}/coverage", params={"inhabitantsPerNsp": 0},
                                     headers=tokens.region("VR21"))
    assert bad.status_code == 400


async def test_region_coverage_lists_every_municipality_and_the_gaps(inventory):
    got = (await inventory.client.get("/regions/VR21/coverage", headers=tokens.region("VR21"))).json()
    assert len(got["municipalities"]) == 11
    assert (got["region"]["population"], got["region"]["needed"], got["region"]["planned"]) == (676_914, 141, 2)
    assert len(got["gaps"]) == 11  # nobody meets the norm yet
    refused = await inventory.client.get("/regions/VR21/coverage", headers=tokens.region("VR01"))
    assert refused.status_code == 403


async def test_the_national_picture_is_for_national_users(inventory):
    for headers in (tokens.region("VR21"), tokens.municipality(BOEKEL)):
        assert (await inventory.client.get("/national/picture", headers=headers)).status_code == 403
        assert (await inventory.client.get("/national/noodsteunpunten.geojson", headers=headers)).status_code == 403
    picture = (await inventory.client.get("/national/picture", headers=tokens.national())).json()
    assert len(picture["regions"]) == 25
    vr21 = [r for r in picture["regions"] if r["region_code"] == "VR21"][0]
    assert vr21["by_layer"] == {"local": 1, "regional": 1}
    assert vr21["by_readiness"]["operational"] == 1 and vr21["by_readiness"]["agreed"] == 1
    assert vr21["two_pilot_rule"][0] == {"pilot_year": 2025, "started": 0, "flagged": True, "unfunded": 0}


async def test_the_picture_exports_as_csv(inventory):
    response = await inventory.client.get("/national/picture.csv", headers=tokens.national())
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = {row["Regiocode"]: row for row in excel_csv.read_rows(response.content)}
    assert len(rows) == 25
    vr21 = rows["VR21"]
    assert (vr21["Noodsteunpunten"], vr21["Operationeel"], vr21["Nodig volgens norm"]) == ("2", "1", "141")
    assert vr21["Minder dan twee pilots in 2025"] == "ja"


async def test_nsps_export_as_geojson_points(inventory):
    response = await inventory.client.get("/national/noodsteunpunten.geojson", headers=tokens.national())
    assert response.headers["content-type"].startswith("application/geo+json")
    document = response.json()
    assert document["type"] == "FeatureCollection"
    features = {f["properties"]["name"]: f for f in document["features"]}
    assert features["Brandweerkazerne Boekel"]["geometry"] == {"type": "Point", "coordinates": [5.676, 51.604]}
    assert features["Brandweerkazerne Boekel"]["properties"]["readiness"] == "operational"
    assert features["Dorpshuis Venhorst"]["geometry"] is None


async def test_region_users_list_their_regions_nsps(inventory):
    listed = await inventory.client.get("/regions/VR21/noodsteunpunten", headers=tokens.region("VR21"))
    assert {n["name"] for n in listed.json()["items"]} == {"Brandweerkazerne Boekel", "Dorpshuis Venhorst"}
    assert (await inventory.client.get("/regions/VR21/noodsteunpunten", headers=tokens.region("VR01"))).status_code == 403
