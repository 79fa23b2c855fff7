"""Daily and weekly digests gather the right events, and activity invitations and
reminders go out at the right moments, driven by the service's controllable clock."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from shared.contract.campaign import ActivityScheduled
from shared.contract.inventory import NoodsteunpuntRegistered

from tests.notify.integration.fakes import eventually, subject
from tests.notify.integration.helpers import CAMPAIGN, INVENTORY, stamped
from tests.support import tokens
from tests.support.kafka import produce_event

pytestmark = pytest.mark.asyncio(loop_scope="session")
AMS = ZoneInfo("Europe/Amsterdam")
ALMELO = "GM0141"  # VR05 Twente
RUN = uuid4().hex[:6]


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=AMS)


async def subscribe(notify, sub, **body):
    headers = tokens.bearer("region", region=body.get("region_code", "VR05"), sub=sub, email=f"{sub}@twente.nl")
    response = await notify.client.post("/subscriptions", json={"name": sub.title(), "email": f"{sub}@twente.nl", **body},
                                        headers=headers)
    assert response.status_code == 201, response.text
    return headers


async def feed_size(notify, headers, marker):
    items = (await notify.client.get("/me/feed", headers=headers)).json()["items"]
    return len([i for i in items if marker in i["title"]])


async def test_daily_and_weekly_digests_gather_the_right_events(notify, smtp, clock, kafka_settings):
    worker = notify.service.extras["worker"]
    clock.set(at(2, 8))
    daily = await subscribe(notify, "fenna", role="iv", event_types=["inventory.*"], frequency="daily", region_code="VR05")
    weekly = await subscribe(notify, "gijs", role="aov", event_types=["inventory.noodsteunpunt.registered.v1"],
                             frequency="weekly", region_code="VR05")
    moments = {"maandag-ochtend": at(2, 10), "maandag-middag": at(2, 15), "dinsdag": at(3, 9), "volgende-week": at(10, 9)}
    for label, moment in moments.items():
        await produce_event(kafka_settings, stamped(
            NoodsteunpuntRegistered, source=INVENTORY, region="VR05", municipality_code=ALMELO, time=moment,
            subject=f"noodsteunpunt/{uuid4()}", noodsteunpunt_id=uuid4(), name=f"NSP {RUN} {label}", layer="local"))
    for headers in (daily, weekly):
        await eventually(lambda headers=headers: _size(notify, headers), what="the four events in the feed")

    assert not smtp.mailbox.to("fenna@twente.nl") and not smtp.mailbox.to("gijs@twente.nl"), "digests only, no single mails"

    async def digest_for(person, day, hour=6):
        clock.set(at(day, hour))
        await worker.run_once()
        return [m for m in smtp.mailbox.to(person) if "overzicht" in subject(m)]

    (monday,) = await eventually(lambda: digest_for("fenna@twente.nl", 3), what="Monday's daily digest")
    assert subject(monday) == "Weerbaar dagoverzicht 2 november 2026: 2 berichten"
    assert _names(monday) == ["maandag-ochtend", "maandag-middag"]
    assert not await digest_for("gijs@twente.nl", 3), "the weekly digest waits for the week to end"
    assert len(await digest_for("fenna@twente.nl", 3, hour=7)) == 1, "one digest per window"

    (_, tuesday) = await eventually(lambda: _at_least(digest_for("fenna@twente.nl", 4), 2), what="Tuesday's digest")
    assert _names(tuesday) == ["dinsdag"]

    (week,) = await eventually(lambda: digest_for("gijs@twente.nl", 9), what="the weekly digest")
    assert subject(week) == "Weerbaar weekoverzicht 2 november 2026 t/m 8 november 2026: 3 berichten"
    assert _names(week) == ["maandag-ochtend", "maandag-middag", "dinsdag"]
    assert len(smtp.mailbox.to("fenna@twente.nl")) == 2, "no digest for a day without events"

    (_, _, later) = await eventually(lambda: _at_least(digest_for("fenna@twente.nl", 11), 3), what="a later digest")
    assert _names(later) == ["volgende-week"]


async def _size(notify, headers):
    return await feed_size(notify, headers, RUN) == 4


async def _at_least(mails_coroutine, n):
    mails = await mails_coroutine
    return mails if len(mails) >= n else None


def _names(mail) -> list[str]:
    return [line.split(f"NSP {RUN} ", 1)[1].split("'", 1)[0] for line in mail.get_content().splitlines() if f"NSP {RUN}" in line]


async def test_invitation_and_reminders_a_week_and_a_day_before(notify, smtp, clock, kafka_settings):
    worker = notify.service.extras["worker"]
    clock.set(at(20, 11))
    await subscribe(notify, "hanna", role="communication", event_types=["funding.*"], region_code="VR07")
    await subscribe(notify, "ivo", role="board", event_types=["funding.*"], region_code="VR07")  # not in the audience
    await subscribe(notify, "jan", role="communication", event_types=["funding.*"], region_code="VR08")  # other region
    title = f"Kennissessie noodsteunpunten {RUN}"
    await produce_event(kafka_settings, stamped(
        ActivityScheduled, source=CAMPAIGN, region="VR07", subject=f"activity/{uuid4()}", time=at(20, 10),
        activity_id=uuid4(), title=title, kind="knowledge_session", starts_at=at(10, 19, 30, month=12),
        place="Gemeentehuis Arnhem", audience=["communication_advisors", "iv_advisors"]))

    async def mails_after(moment):
        clock.set(moment)
        await worker.run_once()
        return [subject(m) for m in smtp.mailbox.with_subject(title)]

    invitation = f"Uitnodiging: {title} op 10 december 2026 om 19:30"
    assert await eventually(lambda: _contains(mails_after(at(20, 11)), invitation), what="the invitation")
    assert await mails_after(at(3, 19, 29, month=12)) == [invitation], "not before a week ahead"
    week = f"Herinnering: over een week {title} (10 december 2026 om 19:30)"
    assert await eventually(lambda: _contains(mails_after(at(3, 19, 31, month=12)), week), what="the week reminder")
    day = f"Herinnering: morgen {title} (10 december 2026 om 19:30)"
    assert await eventually(lambda: _contains(mails_after(at(9, 19, 31, month=12)), day), what="the day reminder")
    await mails_after(at(10, 20, month=12))
    assert sorted(subject(m) for m in smtp.mailbox.to("hanna@twente.nl")) == sorted([invitation, week, day])
    assert not smtp.mailbox.to("ivo@twente.nl") and not smtp.mailbox.to("jan@twente.nl")
    body = smtp.mailbox.to("hanna@twente.nl")[0].get_content()
    assert "kennissessie" in body and "Gemeentehuis Arnhem" in body


async def _contains(mails_coroutine, text):
    return text in await mails_coroutine
