"""A round's lanes, without a database: one endpoint's messages in order, paused after
repeated failures, never sent past the claim's lease, an unbuildable message a failed
attempt rather than a stuck round."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from uuid import uuid4

from services.notify.adapters.senders import SendFailed
from services.notify.domain.clock import Clock
from services.notify.domain.delivery import Channel, Delivery, RetryPolicy, Status
from services.notify.handlers.deliveries import EmailLane, Result, Turn, WebhookLane

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
POLICY = RetryPolicy(max_attempts=4, first_backoff=timedelta(seconds=10), pause_after_failures=2,
                     pause_for=timedelta(minutes=5))


class Webhooks:
    def __init__(self, answers: list[str | None]) -> None:
        self.answers, self.sent = answers, []

    async def send(self, delivery, now, url, secrets):  # type: ignore[no-untyped-def]
        self.sent.append(delivery.id)
        answer = self.answers[len(self.sent) - 1]
        if answer is None:
            raise SendFailed("HTTP 503 down")
        return answer


def deliveries(n: int, channel: Channel = Channel.WEBHOOK) -> list[Delivery]:
    return [Delivery(uuid4(), f"event:{i}", channel, "https://x.test/h", "s", "{}", "VR21", T0) for i in range(n)]


def turn(webhooks=None, email=None, lease=timedelta(minutes=5)) -> tuple[Turn, list[Result]]:  # type: ignore[no-untyped-def]
    results: list[Result] = []
    context = SimpleNamespace(clock=Clock(T0), policy=POLICY)
    senders = SimpleNamespace(webhook=webhooks, email=email)
    return Turn(asyncio.Semaphore(4), senders, context, results.append, T0 + lease, timedelta(seconds=20)), results


ENDPOINT = SimpleNamespace(url="https://x.test/h", secrets=["whsec_x"], consecutive_failures=0, paused_until=None)


async def test_an_endpoint_failing_twice_is_paused_and_the_rest_of_its_lane_waits_without_attempts():
    webhooks = Webhooks([None, None, "HTTP 204"])
    round_, results = turn(webhooks)
    batch = deliveries(4)
    await WebhookLane(ENDPOINT, batch)(round_)
    assert webhooks.sent == [batch[0].id, batch[1].id], "in order, and no more once paused"
    assert [(r.tried, r.endpoint_ok) for r in results] == [(True, False), (True, False), (False, None), (False, None)]
    assert [d.attempts for d in batch] == [1, 1, 0, 0]
    assert batch[3].next_attempt_at == T0 + POLICY.pause_for


async def test_no_send_starts_that_could_outlive_the_claim():
    webhooks = Webhooks(["HTTP 204"] * 3)
    round_, results = turn(webhooks, lease=timedelta(seconds=15))
    batch = deliveries(3)
    await WebhookLane(ENDPOINT, batch)(round_)
    assert webhooks.sent == [] and [r.tried for r in results] == [False] * 3
    assert all(d.status is Status.QUEUED and d.attempts == 0 for d in batch), "given back unchanged"


async def test_a_message_that_cannot_be_built_is_a_failed_attempt_not_a_stuck_round():
    class BrokenSession:
        async def send(self, delivery, now):  # type: ignore[no-untyped-def]
            raise ValueError("header injection")

        async def close(self) -> None:
            pass

    round_, results = turn(email=SimpleNamespace(session=BrokenSession))
    (delivery,) = deliveries(1, Channel.EMAIL)
    await EmailLane([delivery])(round_)
    assert results[0].tried and delivery.attempts == 1 and delivery.last_response == "could not be sent: ValueError"
