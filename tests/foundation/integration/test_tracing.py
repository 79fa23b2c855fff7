"""Trace context through the outbox and Kafka with the OpenTelemetry API: the unit of work
injects the current context into the outbox row (plain ``traceparent`` and CloudEvents
``ce_traceparent``), the relay publishes in a PRODUCER span continuing it, the consumer
applies in a CONSUMER span continuing that, and events emitted while applying carry it on.

The spans go to an in-memory exporter of a tracer provider of this test's own (set on
the messaging module's tracer), so the platform's global provider is left alone."""

from __future__ import annotations

from uuid import uuid4

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import select

from services.inventory.adapters.tables import messaging as inventory_messaging
from shared.contract.inventory import NoodsteunpuntRegistered
from shared.messaging import tracing
from tests.support.kafka import header, read_topic
from tests.support.polling import eventually

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture
def spans(monkeypatch):
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(tracing, "tracer", provider.get_tracer("test"))
    yield exporter
    provider.shutdown()


def an_event(name: str) -> NoodsteunpuntRegistered:
    nsp_id = uuid4()
    return NoodsteunpuntRegistered(subject=f"noodsteunpunt/{nsp_id}", region_code="VR21", municipality_code="GM0828",
                                   noodsteunpunt_id=nsp_id, name=name, layer="local")


async def test_one_trace_from_the_writing_request_to_the_consumers_effect(inventory, notify, kafka_settings, spans):
    event = an_event("Traced noodsteunpunt")
    with tracing.tracer.start_as_current_span("POST /municipalities/GM0828/noodsteunpunten", kind=SpanKind.SERVER) as request:
        async with inventory.service.uow_factory() as uow:
            uow.emit(event)
            await uow.commit()
    trace_id = request.get_span_context().trace_id

    records = await read_topic(kafka_settings, "weerbaar.inventory.events",
                               until=lambda rs: str(event.id) in [header(r, "ce_id") for r in rs])
    (record,) = [r for r in records if header(r, "ce_id") == str(event.id)]
    assert header(record, "traceparent") == header(record, "ce_traceparent")
    assert header(record, "traceparent").split("-")[1] == f"{trace_id:032x}"

    def finished(kind: SpanKind) -> list:
        return [s for s in spans.get_finished_spans() if s.kind is kind and s.context.trace_id == trace_id]

    async def consumed() -> list:
        return finished(SpanKind.CONSUMER)

    # notify reads registrations twice (its feed and its public alerts): a span per consumer
    processes = await eventually(consumed, what="notify applied the event in a span of the same trace")
    (publish,) = finished(SpanKind.PRODUCER)
    assert publish.parent.span_id == request.get_span_context().span_id, "the relay continues the request's context"
    for process in processes:
        assert process.parent.span_id == publish.context.span_id, "the consumer continues the relay's context"
        assert process.attributes["messaging.message.id"] == str(event.id)
    assert header(record, "traceparent").split("-")[2] == f"{publish.context.span_id:016x}"


async def test_events_emitted_while_applying_continue_the_consumers_trace(inventory, spans):
    cause, effect = an_event("Cause"), an_event("Effect")
    with tracing.consuming("weerbaar.inventory.events", {}, []) as span:
        async with inventory.service.uow_factory() as uow:
            uow.caused_by(cause)
            uow.emit(effect)
            uow.seal()
            await uow.commit()
    async with inventory.service.session_factory() as session:
        outbox = inventory_messaging.outbox
        headers = dict(await session.scalar(select(outbox.c.headers).where(outbox.c.event_id == effect.id)))
    assert headers["traceparent"] == headers["ce_traceparent"]
    assert headers["traceparent"].split("-")[1:3] == [f"{span.get_span_context().trace_id:032x}",
                                                       f"{span.get_span_context().span_id:016x}"]
    assert headers["ce_causationid"] == str(cause.id) and headers["ce_correlationid"] == str(cause.id)
