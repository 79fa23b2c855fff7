"""The periodic board memo: composed from notify's read model of the region's events,
laid out once as HTML (web page, email) and PDF, stored with its history, sent to the
region's board subscribers through the delivery queue, announced as
notify.memo.generated.v1.

A scheduled memo is made at most once per region and period: the database's unique
index on (region, period) for scheduled memos decides, not process memory, so a
restart or a second instance never makes a second one (and a missed period is made
when the schedule next looks).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from shared.auth.principal import Principal
from shared.contract.notify import MemoGenerated
from shared.errors import InvalidInput, NotFound
from shared.observability.metrics import memo_generation
from services.notify.adapters.memo_document import memo_html, memo_pdf
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.domain import dutch
from services.notify.domain.memo import Memo, Municipality, Region, compose, end_of
from services.notify.domain.memo_facts import MemoEvent
from services.notify.domain.memo_schedule import MemoKind
from services.notify.domain.subscription import PersonRole
from services.notify.handlers.context import NotifyContext
from services.notify.handlers.deliveries import Document, enqueue_document

MAX_PERIOD_DAYS = 366


@dataclass(frozen=True)
class GenerateMemo:
    actor: Principal
    region_code: str
    period_start: date
    period_end: date


@dataclass(frozen=True)
class MemoOrder:
    """What to make: a region's memo for a period, on request or by the schedule."""

    region_code: str
    period_start: date
    period_end: date
    kind: MemoKind
    created_by: str
    next_period: tuple[date, date] | None = None


async def generate_memo(command: GenerateMemo, uow: NotifyUnitOfWork, context: NotifyContext) -> dict[str, Any]:
    actor, region = command.actor, command.region_code
    actor.require(actor.can_manage_region(region), f"make the board memo of {region}")
    if command.period_end < command.period_start:
        raise InvalidInput("the period ends before it starts")
    if (command.period_end - command.period_start).days >= MAX_PERIOD_DAYS:
        raise InvalidInput(f"a memo covers at most {MAX_PERIOD_DAYS} days")
    with memo_generation("notify", trigger="request"):
        made = await produce_memo(MemoOrder(region, command.period_start, command.period_end, MemoKind.REQUESTED,
                                            actor.subject), uow, context)
    assert made is not None  # only a scheduled memo can find its period taken
    return made


async def produce_memo(order: MemoOrder, uow: NotifyUnitOfWork, context: NotifyContext) -> dict[str, Any] | None:
    """Makes, stores and sends the memo; None when a scheduled memo of this period already exists."""
    region = _region(order.region_code, context)
    async with uow:
        if order.kind is MemoKind.SCHEDULED and await uow.memos.scheduled_exists(region.code, (order.period_start, order.period_end)):
            return None
        items = await uow.feed.of_regions([region.code, "NL"], end_of(order.period_end))
    events = [MemoEvent(i.occurred_at, i.event_type, i.region_code, i.municipality_code, i.data) for i in items]
    now = context.clock()
    memo = compose(region, order.period_start, order.period_end, now.astimezone(dutch.LOCAL).date(), events,
                   order.next_period)
    html = await asyncio.to_thread(memo_html, memo)  # charts and layout are CPU work: keep the loop free
    pdf = await memo_pdf(html)
    return await _store_and_send(order, memo, html, pdf, uow, context)


async def _store_and_send(order: MemoOrder, memo: Memo, html: str, pdf: bytes, uow: NotifyUnitOfWork,
                          context: NotifyContext) -> dict[str, Any] | None:
    memo_id, now = uuid4(), context.clock()
    async with uow:
        board = await _board(order.region_code, uow)
        addresses = len({s.email.lower() for s in board if s.email})
        stored = await uow.memos.add({
            "id": memo_id, "region_code": order.region_code, "period_start": order.period_start,
            "period_end": order.period_end, "kind": order.kind.value, "subject": memo.subject, "html": html, "pdf": pdf,
            "event_count": memo.event_count, "recipients": addresses, "created_by": order.created_by, "created_at": now,
        })
        if not stored:
            return None  # another instance made this period's memo first
        await enqueue_document(_memo_document(memo_id, memo, html, pdf, context), board, uow, now)
        uow.emit(MemoGenerated(
            subject=f"memo/{memo_id}", region_code=order.region_code, memo_id=memo_id, period_start=order.period_start,
            period_end=order.period_end, event_count=memo.event_count, recipients=addresses,
        ))
        await uow.commit()
    return {"id": memo_id, "region_code": order.region_code, "period_start": order.period_start,
            "period_end": order.period_end, "kind": order.kind.value, "subject": memo.subject,
            "event_count": memo.event_count, "recipients": addresses, "created_at": now}


async def _board(region_code: str, uow: NotifyUnitOfWork) -> list[Any]:
    return [s for s in await uow.subscriptions.active() if s.role is PersonRole.BOARD and s.region_code == region_code]


def _memo_document(memo_id: UUID, memo: Memo, html: str, pdf: bytes, context: NotifyContext) -> Document:
    link = context.link(f"memo/{memo_id}")
    return Document(
        key=f"memo:{memo_id}", region_code=memo.region_code, subject=memo.subject, html=html, attachment=pdf,
        attachment_name=f"memo-{memo.region_code}-{memo.period_start}.pdf",
        body=lambda subscriber: (f"Beste {subscriber.name},\n\nBijgaand de periodieke update over het programma "
                                 f"Weerbare Samenleving: {memo.subject}.\n\nDe memo staat ook op het platform: {link}\n"),
    )


def _region(code: str, context: NotifyContext) -> Region:
    known = context.reference.regions.get(code)
    if known is None:
        raise NotFound(f"unknown region {code}")
    return Region(code, known.name, tuple(Municipality(m.code, m.name, m.population)
                                          for m in context.reference.municipalities_in(code)))


async def read_memo(memo_id: UUID, actor: Principal, uow: NotifyUnitOfWork) -> Any:
    async with uow:
        memo = await uow.memos.get(memo_id)
    if memo is None or not actor.can_read_region(memo.region_code):
        raise NotFound(f"no memo {memo_id}")
    return memo


async def list_memos(region_code: str, actor: Principal, uow: NotifyUnitOfWork, offset: int, limit: int
                     ) -> tuple[list[Any], int]:
    actor.require(actor.can_read_region(region_code), f"read the memos of {region_code}")
    async with uow:
        return await uow.memos.of_region(region_code, offset, limit)
