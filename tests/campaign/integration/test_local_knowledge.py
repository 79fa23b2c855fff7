"""A local version lists the noodsteunpunten the campaign service learned from Kafka,
including those registered while it was down (it catches up on restart).

Other tests on the same broker may register noodsteunpunten in Oss too, so this test
names its own with a run token and checks those, not the whole list.
"""

from __future__ import annotations

from uuid import uuid4

import pytest
from sqlalchemy import select

from services.campaign.adapters.tables import known_noodsteunpunten
from tests.campaign.examples import OSS, VR21
from tests.campaign.integration.helpers import publish_operational_nsp, unique_database
from tests.support import tokens
from tests.support.polling import eventually
from tests.support.running import run_service

pytestmark = pytest.mark.asyncio(loop_scope="session")

TEMPLATES = [
    {"key": "flyer", "channel": "flyer", "title": "Noodsteunpunten in {{gemeente}}", "body": "{{noodsteunpunten}}"},
    {"key": "poster", "channel": "poster", "title": "{{campagne}}", "body": "Kijk op {{website}}", "uniform": True},
]


async def readiness_known(svc, nsp_id) -> str | None:
    async with svc.service.session_factory() as session:
        query = select(known_noodsteunpunten.c.readiness).where(known_noodsteunpunten.c.id == nsp_id)
        return await session.scalar(query)


def learned(svc, nsp_id, readiness: str):
    async def check() -> bool:
        return await readiness_known(svc, nsp_id) == readiness
    return check


async def render(svc, toolkit_id):
    response = await svc.client.post(f"/toolkits/{toolkit_id}/local-versions/{OSS}", headers=tokens.municipality(OSS))
    assert response.status_code == 201, response.text
    return response.json()


async def test_local_version_from_kafka_events_and_after_downtime(postgres, kafka_settings):
    database = unique_database("campaign_knowledge")
    postgres.create_database(database)
    url = postgres.url(database)
    run = uuid4().hex[:6]
    kazerne = await publish_operational_nsp(kafka_settings, OSS, f"Brandweerkazerne Oss {run}", "Kantstraat 2, 5341 HK Oss")
    library = await publish_operational_nsp(kafka_settings, OSS, f"Bibliotheek Oss {run}", "Raadhuislaan 10, Oss", public=False)

    async with run_service("campaign", url, kafka_settings) as svc:
        [campaign] = (await svc.client.post("/campaigns/seed", headers=tokens.region(VR21))).json()["items"]
        toolkit = (await svc.client.post(f"/campaigns/{campaign['id']}/toolkits", json={"templates": TEMPLATES},
                                         headers=tokens.region(VR21))).json()
        assert (await svc.client.post(f"/toolkits/{toolkit['id']}/publish", headers=tokens.region(VR21))).status_code == 200
        contact = await svc.client.put(f"/municipalities/{OSS}/contact", json={"website": "www.oss.nl/noodpakket"},
                                       headers=tokens.municipality(OSS))
        assert contact.status_code == 200, contact.text

        await eventually(learned(svc, kazerne, "operational"))
        await eventually(learned(svc, library, "operational"))
        first = await render(svc, toolkit["id"])
        flyer, poster = first["items"]
        assert flyer["title"] == "Noodsteunpunten in Oss"
        assert f"- Brandweerkazerne Oss {run}, Kantstraat 2, 5341 HK Oss" in flyer["body"].splitlines()
        assert f"Bibliotheek Oss {run}" not in flyer["body"], "a non-public noodsteunpunt is not listed"
        assert str(kazerne) in first["noodsteunpunt_ids"] and str(library) not in first["noodsteunpunt_ids"]
        assert poster["body"] == "Kijk op www.oss.nl/noodpakket" and poster["uniform"] is True

    # The service is down while the inventory service registers two more noodsteunpunten.
    sporthal = await publish_operational_nsp(kafka_settings, OSS, f"Sporthal De Rusheuvel {run}", "Rusheuvel 1, Oss")
    planned = await publish_operational_nsp(kafka_settings, OSS, f"Wijkcentrum {run}", "Ruwaardplein 1, Oss", operational=False)

    async with run_service("campaign", url, kafka_settings) as svc:
        await eventually(learned(svc, sporthal, "operational"))
        await eventually(learned(svc, planned, "planned"))
        second = await render(svc, toolkit["id"])
        lines = second["items"][0]["body"].splitlines()
        assert f"- Sporthal De Rusheuvel {run}, Rusheuvel 1, Oss" in lines, "learned while the service was down"
        assert f"- Brandweerkazerne Oss {run}, Kantstraat 2, 5341 HK Oss" in lines
        assert not any(f"Wijkcentrum {run}" in line for line in lines), "a planned noodsteunpunt is not operational"
        assert {str(kazerne), str(sporthal)} <= set(second["noodsteunpunt_ids"])
        listed = await svc.client.get(f"/municipalities/{OSS}/local-versions", headers=tokens.municipality(OSS))
        assert [v["id"] for v in listed.json()["items"]] == [second["id"], first["id"]]
