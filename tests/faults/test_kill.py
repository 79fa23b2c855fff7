"""kill -9 of the broker, of a consumer service, of the producing service with writes in
flight, and of PostgreSQL, each under a stream of writes over five regions; afterwards
nothing acknowledged is lost, no effect is applied twice, per-region order holds, no
valid event is dead-lettered, and consumer lag is back to 0 without any manual step."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.faults.checks import FaultResult
from tests.faults.load import produce_directly

pytestmark = pytest.mark.asyncio(loop_scope="session")

WRITES_BEFORE = 2.0  # seconds of writes before the kill
DOWN_FOR = 3.0  # seconds the killed part stays down, writes going on
POSTGRES_DOWN_FOR = 60.0  # issue 13: a 60 s outage ends with 0 dead letters and 0 missing effects


def assert_nothing_broken(result: FaultResult) -> None:
    assert result.acknowledged > 0, "the scenario made no acknowledged write"
    assert not result.problems, result.problems
    assert result.lost == 0
    assert result.duplicated_effects == 0
    assert result.order_violations == 0
    assert result.dead_letters == 0, "a valid event was dead-lettered"


async def run_scenario(platform, fault_results, scenario: str, kill, revive, down_for: float = DOWN_FOR,
                       while_down=None) -> FaultResult:
    writer = platform.writer(scenario)
    writer.start()
    await asyncio.sleep(WRITES_BEFORE)
    await asyncio.to_thread(kill)
    down_since = time.monotonic()
    if while_down is not None:
        await while_down(writer.log)
    await asyncio.sleep(max(0.0, down_for - (time.monotonic() - down_since)))
    recovery_started = time.monotonic()
    await revive()
    await asyncio.sleep(1.0)  # a few writes after the recovery too
    log = await writer.stop()
    result = await platform.verifier.verify(log, recovery_started)
    fault_results.append(result)
    return result


async def test_broker_killed(platform, fault_results):
    result = await run_scenario(platform, fault_results, "kill -9 Kafka", platform.kafka.kill,
                                lambda: asyncio.to_thread(platform.kafka.start))
    assert_nothing_broken(result)


async def test_consumer_service_killed(platform, fault_results):
    notify = platform.services["notify"]
    result = await run_scenario(platform, fault_results, "kill -9 consumer (notify)", notify.kill, notify.restart)
    assert_nothing_broken(result)


async def test_producing_service_killed_with_writes_in_flight(platform, fault_results):
    inventory = platform.services["inventory"]
    result = await run_scenario(platform, fault_results, "kill -9 producer (inventory)", inventory.kill, inventory.restart)
    assert_nothing_broken(result)


async def test_postgresql_killed(platform, fault_results):
    async def revive() -> None:
        await asyncio.to_thread(platform.postgres.start)

    async def events_arrive_meanwhile(log) -> None:
        await asyncio.sleep(2)  # the consumers meet them with their database away
        await produce_directly(platform.verifier.settings, log, per_region=4)

    result = await run_scenario(platform, fault_results, f"kill -9 PostgreSQL ({POSTGRES_DOWN_FOR:.0f} s)",
                                platform.postgres.kill, revive, POSTGRES_DOWN_FOR, events_arrive_meanwhile)
    assert_nothing_broken(result)
