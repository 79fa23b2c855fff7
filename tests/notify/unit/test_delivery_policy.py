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


def test_a_batch_tally_restarts_the_failure_count_after_a_success():
    from services.notify.domain.delivery import EndpointTally

    tally = EndpointTally()
    for ok, minute in ((False, 1), (True, 2), (False, 3), (False, 4)):
        tally.add(ok, T0 + timedelta(minutes=minute))
    assert (tally.succeeded, tally.failures_since_success, tally.last_failure_at) == (True, 2, T0 + timedelta(minutes=4))
    only_failures = EndpointTally()
    only_failures.add(False, T0)
    assert not only_failures.succeeded and only_failures.failures_since_success == 1


def test_the_log_keeps_a_short_printable_excerpt_of_an_answer():
    from services.notify.domain.delivery import excerpt

    noisy = "internal\x1b[31m \x00secret\n\ttoken " + "x" * 500
    kept = excerpt(noisy)
    assert len(kept) <= 100 and kept.startswith("internal [31m secret token x") and kept.endswith("…")
    assert excerpt("  down   for\nmaintenance ") == "down for maintenance"


def test_event_deliveries_have_an_id_an_integrator_can_derive():
    from uuid import UUID, uuid5

    from services.notify.domain.delivery import EVENT_DELIVERY_NAMESPACE, event_delivery_id

    event, subscription = uuid4(), uuid4()
    assert event_delivery_id(event, subscription) == uuid5(EVENT_DELIVERY_NAMESPACE, f"{event}/{subscription}")
    assert event_delivery_id(event, subscription) != event_delivery_id(event, uuid4())
    assert isinstance(EVENT_DELIVERY_NAMESPACE, UUID)
