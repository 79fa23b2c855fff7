"""HTTP API for the periodic board memo: one POST per region and period."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.responses import HTMLResponse

from shared.auth.http import CurrentPrincipal
from shared.http.deps import unit_of_work
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.entrypoints.schemas import MemoIn, MemoOut
from services.notify.handlers.context import NotifyContext
from services.notify.handlers.memos import GenerateMemo, generate_memo, read_memo

router = APIRouter(tags=["memos"])
UnitOfWork = Annotated[NotifyUnitOfWork, Depends(unit_of_work)]


async def notify_context(request: Request) -> NotifyContext:
    return request.app.state.service.extras["context"]


Context = Annotated[NotifyContext, Depends(notify_context)]


@router.post("/regions/{region_code}/memos", status_code=status.HTTP_201_CREATED, response_model=MemoOut)
async def make_memo(region_code: str, body: MemoIn, actor: CurrentPrincipal, uow: UnitOfWork, context: Context) -> MemoOut:
    """Generate the board memo of a region for a period, as HTML and PDF, and send it to the board's subscribers."""
    made = await generate_memo(GenerateMemo(actor, region_code, body.period_start, body.period_end), uow, context)
    return MemoOut(**made, html_url=f"/memos/{made['id']}/memo.html", pdf_url=f"/memos/{made['id']}/memo.pdf")


# Paths end in a file name (`memo.html`), not `{memo_id}.html`: ADR path segments are kebab-case.
@router.get("/memos/{memo_id}/memo.html", response_class=HTMLResponse)
async def memo_html(memo_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> HTMLResponse:
    """The board memo as an HTML page (its region's users and national users)."""
    memo = await read_memo(memo_id, actor, uow)
    return HTMLResponse(memo.html)


@router.get("/memos/{memo_id}/memo.pdf", response_class=Response,
            responses={200: {"description": "The memo as PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}})
async def memo_pdf(memo_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> Response:
    """The board memo as a PDF document (its region's users and national users)."""
    memo = await read_memo(memo_id, actor, uow)
    return Response(memo.pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="memo-{memo.region_code}-{memo_id.hex[:8]}.pdf"'})
