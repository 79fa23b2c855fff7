"""HTTP API for the periodic board memo: one POST per region and period."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response, status

from shared.auth.http import CurrentPrincipal
from services.notify.entrypoints.deps import Context, UnitOfWork
from services.notify.entrypoints.schemas import MemoIn, MemoOut
from services.notify.handlers.memos import GenerateMemo, generate_memo, read_memo

router = APIRouter(tags=["memos"])


@router.post("/regions/{region_code}/memos", status_code=status.HTTP_201_CREATED, response_model=MemoOut)
async def make_memo(region_code: str, body: MemoIn, actor: CurrentPrincipal, uow: UnitOfWork, context: Context) -> MemoOut:
    """Generate the board memo of a region for a period, as HTML and PDF, and send it to the board's subscribers."""
    made = await generate_memo(GenerateMemo(actor, region_code, body.period_start, body.period_end), uow, context)
    return MemoOut(**made, html_url=f"/memos/{made['id']}.html", pdf_url=f"/memos/{made['id']}.pdf")


@router.get("/memos/{memo_id}.html")
async def memo_html(memo_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> Response:
    memo = await read_memo(memo_id, actor, uow)
    return Response(memo.html, media_type="text/html; charset=utf-8")


@router.get("/memos/{memo_id}.pdf")
async def memo_pdf(memo_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> Response:
    memo = await read_memo(memo_id, actor, uow)
    return Response(memo.pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="memo-{memo.region_code}-{memo_id.hex[:8]}.pdf"'})
