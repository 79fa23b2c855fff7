"""Each region's (and gemeente's) own exports: Dutch Excel CSV and GeoJSON, only its own."""

from __future__ import annotations

import csv
import io

import pytest

from tests.support import tokens

pytestmark = pytest.mark.asyncio(loop_scope="session")
REGION, OSS, VUGHT, GRONINGEN = "VR21", "GM0828", "GM0865", "GM0014"


async def register(inventory, municipality: str, name: str, **extra) -> dict:
    response = await inventory.client.post(f"/municipalities/{municipality}/noodsteunpunten",
                                           json={"name": name, **extra}, headers=tokens.municipality(municipality))
    assert response.status_code == 201, response.text
    return response.json()


def rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode()), "a byte order mark: Excel reads UTF-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


async def test_a_region_downloads_its_own_gemeenten_and_noodsteunpunten_only(inventory):
    await register(inventory, OSS, "Brandweerkazerne Oss", details={"address": "Kantstraat 2", "latitude": 51.7652,
                                                                   "longitude": 5.518})
    await register(inventory, OSS, '=HYPERLINK("http://evil.example","klik")')
    await register(inventory, GRONINGEN, "Dorpshuis Groningen")
    region = tokens.region(REGION)

    picture = rows(await inventory.client.get(f"/regions/{REGION}/picture.csv", headers=region))
    assert picture[0][:3] == ["Gemeente", "Inwoners", "Noodsteunpunten"]
    gemeenten = {row[0] for row in picture[1:]}
    assert len(gemeenten) == 11 and {"Oss", "Vught", "'s-Hertogenbosch"} <= gemeenten and "Groningen" not in gemeenten
    oss = next(row for row in picture[1:] if row[0] == "Oss")
    assert oss[2] == "2", "both of Oss's noodsteunpunten"

    listed = rows(await inventory.client.get(f"/regions/{REGION}/noodsteunpunten.csv", headers=region))
    names = [row[0] for row in listed[1:]]
    assert "Dorpshuis Groningen" not in names and "Brandweerkazerne Oss" in names
    assert "'=HYPERLINK(\"http://evil.example\",\"klik\")" in names, "a formula comes out as text"
    kazerne = next(row for row in listed[1:] if row[0] == "Brandweerkazerne Oss")
    assert kazerne[1:4] == ["Oss", "lokaal", "gepland"] and kazerne[7] == "51,765200"

    geo = await inventory.client.get(f"/regions/{REGION}/noodsteunpunten.geojson", headers=region)
    assert geo.headers["content-type"].startswith("application/geo+json")
    assert {f["properties"]["region_code"] for f in geo.json()["features"]} == {REGION}


async def test_a_gemeente_downloads_only_itself(inventory):
    await register(inventory, VUGHT, "Sporthal Vught")
    own = rows(await inventory.client.get(f"/municipalities/{VUGHT}/noodsteunpunten.csv",
                                          headers=tokens.municipality(VUGHT)))
    assert {row[1] for row in own[1:]} == {"Vught"}
    geo = await inventory.client.get(f"/municipalities/{VUGHT}/noodsteunpunten.geojson",
                                     headers=tokens.municipality(VUGHT))
    assert {f["properties"]["municipality_code"] for f in geo.json()["features"]} == {VUGHT}

    refused = [
        await inventory.client.get(f"/municipalities/{OSS}/noodsteunpunten.csv", headers=tokens.municipality(VUGHT)),
        await inventory.client.get(f"/regions/{REGION}/picture.csv", headers=tokens.municipality(VUGHT)),
        await inventory.client.get(f"/regions/{REGION}/noodsteunpunten.geojson", headers=tokens.region("VR01")),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
