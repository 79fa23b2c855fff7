"""HTTP: the region's board memos: make one for a period, list the history, read one as
HTML or PDF (the same document)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response, status

from shared.auth.http import CurrentPrincipal
from shared.documents.templates import HTML_HEADERS, HTML_MEDIA_TYPE
from shared.http.deps import RegionCodePath
from shared.http.paging import Page, Paging, page_of
from services.notify.entrypoints.deps import Context, UnitOfWork
from services.notify.entrypoints.schemas import MemoIn, MemoOut
from services.notify.handlers.memos import GenerateMemo, generate_memo, list_memos, read_memo

router = APIRouter(tags=["memos"])


def memo_out(memo: Any) -> MemoOut:
    values = memo if isinstance(memo, dict) else memo._asdict()
    return MemoOut(**{k: values[k] for k in MemoOut.model_fields if k in values},
                   html_url=f"/memos/{values['id']}.html", pdf_url=f"/memos/{values['id']}.pdf")


@router.post("/regions/{region_code}/memos", status_code=status.HTTP_201_CREATED, response_model=MemoOut)
async def make_memo(region_code: RegionCodePath, body: MemoIn, actor: CurrentPrincipal, uow: UnitOfWork,
                    context: Context) -> MemoOut:
    """Make the board memo of a region for a period, as HTML and PDF, and send it to the board's subscribers."""
    return memo_out(await generate_memo(GenerateMemo(actor, region_code, body.period_start, body.period_end), uow, context))


@router.get("/regions/{region_code}/memos", response_model=Page[MemoOut])
async def memos_of_region(region_code: RegionCodePath, paging: Paging, request: Request, actor: CurrentPrincipal,
                          uow: UnitOfWork) -> Page[MemoOut]:
    """The region's memos, newest period first: scheduled ones (once per period) and those made on request."""
    rows, total = await list_memos(region_code, actor, uow, paging.offset, paging.page_size)
    return page_of([memo_out(row) for row in rows], total, paging, request)


@router.get("/memos/{memo_id}.html")
async def memo_html(memo_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> Response:
    memo = await read_memo(memo_id, actor, uow)
    return Response(memo.html, media_type=HTML_MEDIA_TYPE, headers=HTML_HEADERS)


@router.get("/memos/{memo_id}.pdf")
async def memo_pdf(memo_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> Response:
    memo = await read_memo(memo_id, actor, uow)
    return Response(memo.pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="memo-{memo.region_code}-{memo.period_start}.pdf"'})
