"""The issue's demo scenario, run by the demo command's own function against the real service."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from services.campaign.adapters.tables import known_noodsteunpunten
from services.campaign.demo import run_demo
from shared.refdata import load_reference_data
from tests.campaign.examples import OSS, VR21
from tests.campaign.integration.helpers import publish_operational_nsp
from tests.support import tokens
from tests.support.kafka import header, read_topic
from tests.support.polling import eventually

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_demo_scenario(campaign, kafka_settings):
    municipalities = [m.code for m in load_reference_data().municipalities_in(VR21)]
    published = await asyncio.gather(*(
        publish_operational_nsp(kafka_settings, code, f"Brandweerkazerne {code}", f"Kazernestraat 1, {code}")
        for code in municipalities
    ))

    async def all_learned() -> bool:
        async with campaign.service.session_factory() as session:
            query = select(func.count()).select_from(known_noodsteunpunten).where(
                known_noodsteunpunten.c.id.in_(published), known_noodsteunpunten.c.readiness == "operational")
            return await session.scalar(query) == len(published)

    await eventually(all_learned)
    report = await run_demo(campaign.api_url)

    assert set(report.campaigns) == {"Denk Vooruit", "Vul de ontbrekende spullen van het noodpakket aan"}
    assert report.toolkits == {"Denk Vooruit": 1, "Vul de ontbrekende spullen van het noodpakket aan": 1}
    assert report.refused_launch.startswith("409 cannot launch on 2025-10-27: outside the campaign period")
    assert (report.wave["status"], report.wave["launched_on"]) == ("completed", "2025-11-03")
    assert report.wave["channels"][:2] == ["door_to_door", "poster"] and report.wave["channels"][-1] == "social_post"
    assert sorted(report.local_versions) == sorted(municipalities) and report.refused_renders == {}
    assert [title.split(":")[0] for title in report.october_activities] == [
        "Webinarvideo Denk Vooruit", "Regionale Raadsavond", "Workshops voor gemeentelijke communicatieadviseurs over Weerbaarheid en Veerkracht"
    ]
    # Oss 200/400 + 's-Hertogenbosch 330/600 before; 325/500 + 396/600 after.
    assert report.effect["water"] == ("53.0", "65.5", "12.5")
    assert report.effect["complete_kit"] == ("5.6", "11.5", "5.9")  # 56/1000 -> 126/1100

    oss = await campaign.client.get(f"/local-versions/{report.local_versions[OSS]}", headers=tokens.municipality(OSS))
    flyer = next(i for i in oss.json()["items"] if i["template_key"] == "flyer")
    assert f"- Brandweerkazerne {OSS}, Kazernestraat 1, {OSS}" in flyer["body"].splitlines()

    wave_subject = f"wave/{report.wave['id']}"
    records = await read_topic(kafka_settings, "weerbaar.campaign.events",
                               until=lambda rs: sum(header(r, "ce_subject") == wave_subject for r in rs) == 3)
    kinds = {header(r, "ce_type") for r in records}
    assert {"campaign.wave.launched.v1", "campaign.activity.scheduled.v1", "campaign.local_version.rendered.v1"} <= kinds
