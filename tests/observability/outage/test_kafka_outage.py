"""A broker outage is a delay, not an outage: services stay ready and take writes, which
wait in the outbox and drain when Kafka is back; /metrics shows the backlog and the lag."""

from __future__ import annotations

import pytest
import pytest_asyncio

from tests.observability.running import inventory_and_notify
from tests.observability.integration.support import in_feed, register, scrape, total, values
from tests.support.polling import eventually
from tests.support.brokers import kafka_fixtures

pytestmark = pytest.mark.asyncio(loop_scope="session")
kafka_broker, kafka_bootstrap, kafka_settings = kafka_fixtures("module")  # Kafka goes down here: a broker of its own


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def services(postgres, kafka_settings):
    # In a folder of its own: the observability pair is stopped by now, so no second inventory
    # in this process sets the same gauges (the outbox backlog) while these tests read them.
    async with inventory_and_notify(postgres, kafka_settings, "kafka_outage") as pair:
        yield pair


@pytest.fixture
def inventory(services):
    return services[0]


@pytest.fixture
def notify(services):
    return services[1]


async def test_ready_and_writing_while_kafka_is_down_then_the_writes_drain(inventory, notify, kafka_runtime):
    await kafka_runtime.stop_async()
    try:
        subjects = [await register(inventory, f"Tijdens storing {i}") for i in range(3)]  # 201 each
        for service in (inventory, notify):
            ready = await service.root.get("/health/ready")
            assert ready.status_code == 200, ready.text
            assert ready.json()["checks"]["database"] is True
            assert ready.json()["checks"]["kafka"] is False  # reported, not gating
        status = (await inventory.root.get("/health/status")).json()
        assert status["status"] == "ready" and status["kafka"] == {"reachable": False}
        assert status["outbox"]["pending"] >= 3
    finally:
        await kafka_runtime.start_async()

    await in_feed(notify, *subjects)  # published once Kafka was back, and consumed

    async def drained() -> bool:
        return (await inventory.root.get("/health/status")).json()["outbox"]["pending"] == 0

    await eventually(drained, 60, what="inventory's outbox drained")
    assert (await inventory.root.get("/health/ready")).json()["checks"]["kafka"] is True


async def test_metrics_show_the_backlog_while_kafka_is_down_and_zero_backlog_and_lag_after(
    inventory, notify, kafka_runtime
):
    published_before = await total(inventory, "weerbaar_relay_published_total", service="inventory")
    await kafka_runtime.stop_async()
    try:
        subjects = [await register(inventory, f"Achterstand {i}") for i in range(3)]

        async def backlog_shown() -> bool:
            text = await scrape(inventory)
            return (values(text, "weerbaar_outbox_backlog", service="inventory") >= [3]
                    and values(text, "weerbaar_outbox_oldest_unpublished_age_seconds", service="inventory") > [0])

        await eventually(backlog_shown, 30, what="outbox backlog of 3 or more in /metrics while Kafka is down")
    finally:
        await kafka_runtime.start_async()

    async def backlog_gone() -> bool:
        text = await scrape(inventory)
        return (values(text, "weerbaar_outbox_backlog", service="inventory") == [0]
                and values(text, "weerbaar_outbox_oldest_unpublished_age_seconds", service="inventory") == [0])

    await eventually(backlog_gone, 60, what="outbox backlog back to 0 in /metrics")
    assert await total(inventory, "weerbaar_relay_published_total", service="inventory") >= published_before + 3
    await in_feed(notify, *subjects)

    async def caught_up() -> bool:
        lags = values(await scrape(notify), "weerbaar_consumer_lag", service="notify", consumer="notify.feed")
        return bool(lags) and all(lag == 0 for lag in lags)

    await eventually(caught_up, 60, what="notify.feed's lag back to 0 on every partition")
