"""The memo schedule makes each region's memo once per period: not twice when two
rounds race, not again after notify restarts, and the periods that ended while it was
down are made when it is back (none missed). Real Kafka and PostgreSQL; notify is
started twice on the same database."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from datetime import date, datetime
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from services.notify.adapters.tables import deliveries, feed_items, memos
from tests.notify.integration.conftest import _fresh_schema
from tests.notify.integration.demo_scenario import registered
from tests.notify.integration.fakes import eventually
from tests.support import tokens
from tests.support.kafka import produce_event
from tests.support.running import run_service

pytestmark = pytest.mark.asyncio(loop_scope="session")
AMS = ZoneInfo("Europe/Amsterdam")
DATABASE = "notify_memo_schedule"
BOARD = "bestuur-schema@vr21.nl"
SCHEDULE = {"MEMO_FREQUENCY": "monthly", "MEMO_DELAY_HOURS": 6, "MEMO_CHECK_INTERVAL_SECONDS": 3600,
            "SMTP_PORT": 9, "POLL_INTERVAL_SECONDS": 3600}


@asynccontextmanager
async def scheduled_notify(postgres, kafka_settings):
    with pytest.MonkeyPatch.context() as env:
        for name, value in SCHEDULE.items():
            env.setenv(f"WEERBAAR_NOTIFY_{name}", str(value))
        async with run_service("notify", postgres.url(DATABASE), kafka_settings, from_the_end=True) as running:
            yield running


async def scheduled(running) -> list[tuple[date, date]]:
    async with running.service.session_factory() as session:
        rows = (await session.execute(select(memos.c.period_start, memos.c.period_end)
                                      .where(memos.c.region_code == "VR21", memos.c.kind == "scheduled")
                                      .order_by(memos.c.period_start))).all()
    return [tuple(row) for row in rows]


async def memo_mails(running) -> int:
    async with running.service.session_factory() as session:
        return await session.scalar(select(func.count()).select_from(deliveries).where(
            deliveries.c.recipient == BOARD, deliveries.c.dedupe_key.startswith("memo:")))


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=AMS)


async def test_one_memo_per_region_and_period_also_across_a_race_and_a_restart(postgres, kafka_settings):
    postgres.create_database(DATABASE)
    await _fresh_schema(postgres.url(DATABASE))
    run = uuid4().hex[:6]
    events = [registered(f"Buurthuis september {run}", at(2026, 9, 10)),
              registered(f"Buurthuis oktober {run}", at(2026, 10, 10))]

    async with scheduled_notify(postgres, kafka_settings) as first:
        made = await first.client.post("/subscriptions", headers=tokens.bearer("region", region="VR21", email=BOARD), json={
            "name": "Burgemeester", "email": BOARD, "role": "board", "event_types": ["inventory.standard.published.v1"]})
        assert made.status_code == 201, made.text
        for event in events:
            await produce_event(kafka_settings, event)

        async def consumed():
            async with first.service.session_factory() as session:
                ids = [e.id for e in events]
                return await session.scalar(select(func.count()).where(feed_items.c.event_id.in_(ids))) == len(ids)
        await eventually(consumed, what="the events in notify's feed")

        schedule, clock = first.service.extras["memo_schedule"], first.service.extras["clock"]
        clock.set(at(2026, 10, 1, 3))  # September ended three hours ago: not yet due (delay six hours)
        assert await schedule.run_once() == 0
        clock.set(at(2026, 10, 15))
        assert await schedule.run_once() == 1
        assert await scheduled(first) == [(date(2026, 9, 1), date(2026, 9, 30))]

        clock.set(at(2026, 11, 2))  # two rounds at once, as two instances would: October is made once
        assert sorted(await asyncio.gather(schedule.run_once(), schedule.run_once())) == [0, 1]
        assert await scheduled(first) == [(date(2026, 9, 1), date(2026, 9, 30)), (date(2026, 10, 1), date(2026, 10, 31))]
        clock.release()

    async with scheduled_notify(postgres, kafka_settings) as second:  # restarted; November and December ended meanwhile
        second.service.extras["clock"].set(at(2027, 1, 5))
        await second.service.extras["memo_schedule"].run_once()
        await second.service.extras["memo_schedule"].run_once()
        assert await scheduled(second) == [(date(2026, 9, 1), date(2026, 9, 30)), (date(2026, 10, 1), date(2026, 10, 31)),
                                           (date(2026, 11, 1), date(2026, 11, 30)), (date(2026, 12, 1), date(2026, 12, 31))]
        assert await memo_mails(second) == 4, "each period's memo is sent to the board once"

        listed = await second.client.get("/regions/VR21/memos", headers=tokens.region("VR21"), params={"pageSize": 2})
        assert listed.status_code == 200, listed.text
        page = listed.json()
        assert page["totalItems"] == 4 and [m["period_start"] for m in page["items"]] == ["2026-12-01", "2026-11-01"]
        assert all(m["kind"] == "scheduled" and m["recipients"] == 1 for m in page["items"])
        older = await second.client.get("/regions/VR21/memos", headers=tokens.region("VR21"),
                                        params={"pageSize": 2, "page": 2})
        october = older.json()["items"][0]
        assert october["period_start"] == "2026-10-01"
        html = (await second.client.get(october["html_url"], headers=tokens.region("VR21"))).text
        assert f"Buurthuis oktober {run}" in html and "stand van zaken oktober 2026" in html
        assert (await second.client.get("/regions/VR21/memos", headers=tokens.region("VR01"))).status_code == 403
