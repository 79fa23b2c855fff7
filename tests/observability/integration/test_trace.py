"""One trace from an HTTP request in inventory, through its outbox, Kafka and notify's
consumer, to the row notify writes: every span of the way shares the request's trace id
and hangs under the one before it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from opentelemetry.trace import SpanKind

from tests.observability.integration.support import REGISTER_ROUTE, in_feed, register

pytestmark = pytest.mark.asyncio(loop_scope="session")


def statement(span: Any) -> str:
    return str(span.attributes.get("db.statement") or span.attributes.get("db.query.text") or "")


def database(span: Any) -> str:
    return str(span.attributes.get("db.name") or span.attributes.get("db.namespace") or "")


def chain(span: Any, finished: Sequence[Any]) -> list[Any]:
    """``span`` and its ancestors, as far as they were recorded, nearest first."""
    by_id = {s.context.span_id: s for s in finished}
    found = [span]
    while found[-1].parent is not None and found[-1].parent.span_id in by_id:
        found.append(by_id[found[-1].parent.span_id])
    return found


async def test_one_trace_id_from_the_http_request_to_the_effect_in_notify(inventory, notify, spans):
    spans.clear()
    subject = await register(inventory, "Wijkcentrum De Ruwert")  # no traceparent: the service starts the trace
    await in_feed(notify, subject)
    finished = spans.get_finished_spans()

    (request,) = [s for s in finished if s.kind is SpanKind.SERVER and s.name == f"POST {REGISTER_ROUTE}"]
    trace_id = request.context.trace_id
    in_trace = [s for s in finished if s.context.trace_id == trace_id]
    assert any(database(s) == "observability_inventory" and "INSERT INTO inventory.noodsteunpunten" in statement(s)
               for s in in_trace), "the write in inventory's database is part of the request's trace"

    effects = [s for s in finished if database(s) == "observability_notify" and "INSERT INTO notify.feed_items" in statement(s)]
    assert effects, "notify's feed insert was traced"
    mine = [s for s in effects if s.context.trace_id == trace_id]
    assert len(mine) == 1, "notify's effect is in the request's trace (its context crossed the outbox and Kafka)"
    effect = mine[0]
    path = chain(effect, finished)
    kinds = [s.kind for s in path]
    assert SpanKind.CONSUMER in kinds and SpanKind.PRODUCER in kinds, [s.name for s in path]
    assert kinds.index(SpanKind.CONSUMER) < kinds.index(SpanKind.PRODUCER), "consumed after published"
    assert request in path, "the chain leads back to the HTTP request"
