from datetime import datetime, timedelta, timezone
from uuid import uuid4

from services.notify.domain.delivery import Channel, Delivery, EndpointHealth, RetryPolicy, Status

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
POLICY = RetryPolicy(max_attempts=4, first_backoff=timedelta(seconds=10), max_backoff=timedelta(seconds=60),
                     pause_after_failures=3, pause_for=timedelta(minutes=5))


def delivery():
    return Delivery(uuid4(), "event:x", Channel.WEBHOOK, "http://x", "s", "{}", "VR21", T0)


def test_backoff_doubles_up_to_its_cap():
    assert [POLICY.backoff(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [10, 20, 40, 60, 60]


def test_a_failed_attempt_is_logged_and_retried_later():
    d = delivery()
    d.failed(T0, "HTTP 503 down", POLICY)
    assert d.status is Status.QUEUED and d.attempts == 1
    assert d.next_attempt_at == T0 + timedelta(seconds=10)
    assert d.log == [(T0, False, "HTTP 503 down")]


def test_after_the_last_attempt_the_delivery_is_a_dead_letter_with_its_reason():
    d = delivery()
    for n in range(4):
        d.failed(T0 + timedelta(minutes=n), f"HTTP 500 attempt {n + 1}", POLICY)
    assert d.status is Status.DEAD
    assert "4 attempts" in d.dead_reason and "HTTP 500 attempt 4" in d.dead_reason


def test_success_records_the_answer():
    d = delivery()
    d.succeeded(T0, "HTTP 204")
    assert (d.status, d.attempts, d.sent_at, d.last_response) == (Status.SENT, 1, T0, "HTTP 204")


def test_an_endpoint_that_keeps_failing_is_paused_and_a_success_resumes_it():
    health = EndpointHealth()
    for _ in range(2):
        health.failed(T0, POLICY)
    assert not health.paused(T0)
    health.failed(T0, POLICY)
    assert health.paused(T0 + timedelta(minutes=4)) and not health.paused(T0 + timedelta(minutes=5))
    health.succeeded()
    assert health.consecutive_failures == 0 and not health.paused(T0)


def test_waiting_for_a_paused_endpoint_uses_no_attempt():
    d = delivery()
    d.wait_until(T0 + timedelta(minutes=5))
    assert d.attempts == 0 and d.next_attempt_at == T0 + timedelta(minutes=5)
