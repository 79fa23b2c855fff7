"""The periodic board memo: composed from the period's events, stored as HTML and PDF,
sent to the region's board subscribers, announced as notify.memo.generated.v1."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4

from shared.auth.principal import Principal
from shared.contract.notify import MemoGenerated
from shared.errors import InvalidInput, NotFound
from services.notify.adapters.pdf import memo_pdf
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.domain import dutch
from services.notify.domain.memo import MemoEvent, compose, to_html
from services.notify.domain.subscription import PersonRole
from services.notify.handlers.context import NotifyContext
from services.notify.handlers.deliveries import Document, enqueue_document


@dataclass(frozen=True)
class GenerateMemo:
    actor: Principal
    region_code: str
    period_start: date
    period_end: date


async def generate_memo(command: GenerateMemo, uow: NotifyUnitOfWork, context: NotifyContext) -> dict[str, Any]:
    actor, region = command.actor, command.region_code
    actor.require(actor.can_manage_region(region), f"make the board memo of {region}")
    if command.period_end < command.period_start:
        raise InvalidInput("the period ends before it starts")
    now = context.clock()
    async with uow:
        until = datetime.combine(command.period_end + timedelta(days=1), time(0), tzinfo=dutch.LOCAL)
        items = await uow.feed.of_regions([region, "NL"], until)
        events = [MemoEvent(i.occurred_at, i.event_type, i.region_code, i.title, i.data) for i in items]
        region_name = context.places(region, None).region_name
        memo = compose(region, region_name, command.period_start, command.period_end, now.astimezone(dutch.LOCAL).date(), events)
        html, pdf = to_html(memo), memo_pdf(memo)
        memo_id = uuid4()
        recipients = await _send_to_board(memo_id, memo.subject, html, pdf, region, uow, context)
        await uow.memos.add({
            "id": memo_id, "region_code": region, "period_start": command.period_start, "period_end": command.period_end,
            "html": html, "pdf": pdf, "event_count": memo.event_count(), "recipients": recipients,
            "created_by": actor.subject, "created_at": now,
        })
        uow.emit(MemoGenerated(
            subject=f"memo/{memo_id}", region_code=region, memo_id=memo_id, period_start=command.period_start,
            period_end=command.period_end, event_count=memo.event_count(), recipients=recipients,
        ))
        await uow.commit()
    return {"id": memo_id, "region_code": region, "period_start": command.period_start,
            "period_end": command.period_end, "event_count": memo.event_count(), "recipients": recipients}


async def _send_to_board(memo_id: UUID, subject: str, html: str, pdf: bytes, region: str, uow: NotifyUnitOfWork,
                         context: NotifyContext) -> int:
    board = [s for s in await uow.subscriptions.active() if s.role is PersonRole.BOARD and s.region_code == region]
    link = context.link(f"memo/{memo_id}")
    document = Document(
        key=f"memo:{memo_id}", region_code=region, subject=subject, html=html, attachment=pdf,
        attachment_name=f"memo-{region}-{memo_id.hex[:8]}.pdf",
        body=lambda subscriber: (f"Beste {subscriber.name},\n\nBijgaand de periodieke update over het programma "
                                 f"Weerbare Samenleving: {subject}.\n\nDe memo staat ook op het platform: {link}\n"),
    )
    return await enqueue_document(document, board, uow, context.clock())


async def read_memo(memo_id: UUID, actor: Principal, uow: NotifyUnitOfWork) -> Any:
    async with uow:
        memo = await uow.memos.get(memo_id)
    if memo is None or not actor.can_read_region(memo.region_code):
        raise NotFound(f"no memo {memo_id}")
    return memo
