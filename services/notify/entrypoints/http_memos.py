"""HTTP: the region's board memos: make one for a period, list the history, read one as
HTML or PDF (the same document)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import HTMLResponse

from shared.auth.http import CurrentPrincipal
from shared.documents.templates import HTML_HEADERS
from shared.http.deps import RegionCodePath
from shared.http.paging import Page, Paging, page_of
from services.notify.entrypoints.deps import Context, UnitOfWork
from services.notify.entrypoints.schemas import MemoIn, MemoOut
from services.notify.handlers.memos import GenerateMemo, generate_memo, list_memos, read_memo

router = APIRouter(tags=["memos"])


def memo_out(memo: Any) -> MemoOut:
    values = memo if isinstance(memo, dict) else memo._asdict()
    return MemoOut(**{k: values[k] for k in MemoOut.model_fields if k in values},
                   html_url=f"/memos/{values['id']}/memo.html", pdf_url=f"/memos/{values['id']}/memo.pdf")


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


# Paths end in a file name (`memo.html`), not `{memo_id}.html`: ADR path segments are kebab-case.
@router.get("/memos/{memo_id}/memo.html", response_class=HTMLResponse)
async def memo_html(memo_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> HTMLResponse:
    """The board memo as an HTML page (its region's users and national users)."""
    memo = await read_memo(memo_id, actor, uow)
    return HTMLResponse(memo.html, headers=HTML_HEADERS)


@router.get("/memos/{memo_id}/memo.pdf", response_class=Response,
            responses={200: {"description": "The memo as PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}})
async def memo_pdf(memo_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> Response:
    """The board memo as a PDF document (its region's users and national users)."""
    memo = await read_memo(memo_id, actor, uow)
    return Response(memo.pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="memo-{memo.region_code}-{memo.period_start}.pdf"'})
