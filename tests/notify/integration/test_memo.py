"""The periodic memo for Brabant-Noord over the demo scenario's period: HTML and PDF,
listing what actually happened, sent to the board's subscribers; scope from the token."""

from __future__ import annotations

import io
import json
import re
from uuid import uuid4

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from shared.http.client import api_client
from services.notify.adapters.tables import feed_items, memos
from tests.notify.integration.demo_scenario import PERIOD, scenario
from tests.notify.integration.fakes import eventually, subject
from tests.support import tokens
from tests.support.kafka import header, produce_event, read_topic

pytestmark = pytest.mark.asyncio(loop_scope="session")
RUN = uuid4().hex[:6]
EVENT_TYPE = re.compile(r"[a-z]+\.[a-z_]+\.[a-z_]+\.v[0-9]+")
BODY = {"period_start": PERIOD[0].isoformat(), "period_end": PERIOD[1].isoformat()}


async def memo_count(notify) -> int:
    async with notify.service.session_factory() as session:
        return await session.scalar(select(func.count()).select_from(memos))


async def test_the_memo_lists_what_happened_in_the_period_as_html_and_pdf(notify, smtp, kafka_settings):
    region = tokens.bearer("region", region="VR21", sub="programma-vr21")
    board_member = tokens.bearer("region", region="VR21", sub="burgemeester-oss", email="bestuur@vr21.nl")
    response = await notify.client.post("/subscriptions", headers=board_member, json={
        "name": "Burgemeester van Oss", "email": "bestuur@vr21.nl", "role": "board",
        "event_types": ["inventory.standard.published.v1"]})
    assert response.status_code == 201, response.text
    inside, outside = scenario(RUN)
    for event in inside + outside:
        await produce_event(kafka_settings, event)

    async def all_consumed():
        async with notify.service.session_factory() as session:
            ids = [e.id for e in inside + outside]
            return await session.scalar(select(func.count()).where(feed_items.c.event_id.in_(ids))) == len(ids)
    await eventually(all_consumed, what="the scenario in notify's feed")

    made = await notify.client.post("/regions/VR21/memos", json=BODY, headers=region)
    assert made.status_code == 201, made.text
    memo = made.json()
    assert memo["recipients"] == 1 and memo["event_count"] >= len(inside)

    html = (await notify.client.get(memo["html_url"], headers=region)).text
    for expected in (f"de inventarisatieronde ‘Inventarisatie lokale noodsteunpunten {RUN}’ geopend voor 2 gemeenten",
                     f"Brandweerkazerne Oss {RUN}",
                     f"Pilot Oss Centrum {RUN} (Oss)",
                     f"Raadsavond weerbaarheid {RUN}, Stadhuis Oss"):
        assert expected in html, expected
    for absent in (f"Te vroeg {RUN}", f"Te laat {RUN}", f"Elders {RUN}"):
        assert absent not in html
    assert "Algemeen Bestuur Veiligheidsregio Brabant-Noord" in html and "stand van zaken oktober 2026" in html
    assert html.index("Komende activiteiten") < html.index(f"Raadsavond weerbaarheid {RUN}, Stadhuis Oss")
    assert not EVENT_TYPE.search(html)

    pdf = await notify.client.get(memo["pdf_url"], headers=tokens.national())
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert f"Brandweerkazerne Oss {RUN}" in text and "€ 400.000,00" in text and f"Te laat {RUN}" not in text
    assert not EVENT_TYPE.search(text)

    (mail,) = await eventually(lambda: smtp.mailbox.to("bestuur@vr21.nl"), what="the memo email")
    assert subject(mail) == "Weerbare Samenleving: stand van zaken oktober 2026"
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert PdfReader(io.BytesIO(attachment.get_content())).pages
    assert f"Pilot Oss Centrum {RUN}" in mail.get_body(("html",)).get_content()

    records = await read_topic(kafka_settings, "weerbaar.notify.events",
                               until=lambda rs: any(memo["id"].encode() in r.value for r in rs))
    (announced,) = [r for r in records if memo["id"].encode() in r.value]
    assert header(announced, "ce_type") == "notify.memo.generated.v1" and announced.key == b"VR21"
    assert json.loads(announced.value)["recipients"] == 1


@pytest.mark.parametrize("headers", [tokens.region("VR01"), tokens.municipality("GM0828"), tokens.national(),
                                     tokens.bearer("operator"), {}])
async def test_only_the_regions_own_users_make_its_memo(notify, headers):
    before = await memo_count(notify)
    response = await notify.client.post("/regions/VR21/memos", json=BODY, headers=headers)
    assert response.status_code in (401, 403), response.text
    assert await memo_count(notify) == before


async def test_bad_periods_are_refused_and_other_regions_cannot_read_a_memo(notify):
    region = tokens.region("VR21")
    backwards = await notify.client.post("/regions/VR21/memos", json={"period_start": "2026-10-31", "period_end": "2026-10-01"},
                                         headers=region)
    assert backwards.status_code == 422
    assert (await notify.client.post("/regions/VR21/memos", json={"period_start": "oktober"}, headers=region)).status_code == 400
    made = (await notify.client.post("/regions/VR21/memos", json=BODY, headers=region)).json()
    assert (await notify.client.get(made["html_url"], headers=tokens.region("VR01"))).status_code == 404
    assert (await notify.client.get(made["pdf_url"], headers=tokens.municipality("GM0828"))).status_code == 200


async def test_the_demo_command_makes_and_saves_the_memo_and_can_run_again(notify, tmp_path):
    from services.notify.demo import run_demo

    def client():
        return api_client(notify.api_url)

    lines: list[str] = []
    first = await run_demo(client, tmp_path, *PERIOD, say=lines.append)
    await run_demo(client, tmp_path, *PERIOD, say=lines.append)
    assert first["recipients"] >= 1, "at least the demo's board member"
    listed = (await notify.client.get("/subscriptions", headers=tokens.region("VR21"))).json()["items"]
    assert sorted(s["email"] for s in listed if s["email"].endswith(".example")) == ["bestuur@vr21.example",
                                                                                 "communicatie@oss.example"]
    pdf = tmp_path / f"memo-VR21-{PERIOD[0]}-{PERIOD[1]}.pdf"
    assert PdfReader(io.BytesIO(pdf.read_bytes())).pages
    assert f"Brandweerkazerne Oss {RUN}" in (tmp_path / f"memo-VR21-{PERIOD[0]}-{PERIOD[1]}.html").read_text()
    assert "memo" in lines[-1]
