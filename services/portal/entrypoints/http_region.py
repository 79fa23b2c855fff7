"""A region's dashboard (round progress, coverage, pilots, money, proposals, campaigns, the
board memo and proposal) and the documents it links to."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from services.portal.adapters import paths
from services.portal.adapters.api import ApiClient, ApiError, Document
from services.portal.adapters.paths import CAMPAIGN, FUNDING, INVENTORY, NOTIFY
from services.portal.domain import dutch
from services.portal.domain.charts import Series, bar_chart
from services.portal.domain.forms import Form, in_dutch
from services.portal.entrypoints import scope
from services.portal.entrypoints.deps import PortalParts, SignedIn, render
from services.portal.entrypoints.downloads import download
from services.portal.entrypoints.errors import error_page

router = APIRouter()
FEED_ITEMS = 10
MEMO_PERIOD_DAYS = 30
# A document from a service is shown in a sandbox: its own styles, no scripts, no origin of ours.
DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; sandbox"


@router.get("/regios/{vr}")
async def dashboard(request: Request, vr: str, user: SignedIn, parts: PortalParts) -> Response:
    region = scope.region(parts, vr)
    user.require_region(vr)
    view = await region_view(parts.api, user.token, vr, parts.settings.money_years)
    return render(request, "region/dashboard.html", region=region, manage=user.principal.can_manage_region(vr),
                  memo_form=_memo_defaults(), made_memo=request.query_params.get("memo"), **view)


async def region_view(api: ApiClient, token: str, vr: str, years: list[int]) -> dict[str, Any]:
    """Everything the dashboard shows, from the four services at once (in parallel)."""
    (rounds, coverage, pilots, proposals, waves, progress, feed, memos), money = await asyncio.gather(
        asyncio.gather(
            api.items(INVENTORY, paths.region_rounds(vr), token),
            api.get(INVENTORY, paths.region_coverage(vr), token),
            api.get(INVENTORY, paths.region_pilots(vr), token),
            api.items(FUNDING, paths.region_proposals(vr), token),
            api.items(CAMPAIGN, paths.WAVES, token),
            api.items(CAMPAIGN, paths.survey_progress(vr), token),
            api.get(NOTIFY, paths.FEED, token, params={"pageSize": FEED_ITEMS}),
            _memos(api, vr, token),
        ),
        asyncio.gather(*(api.get(FUNDING, paths.region_year(vr, year), token) for year in years)),
    )
    current_round = _current(rounds)
    balances = [m.balance for m in money]
    return {
        "round": current_round, "submitted_at": _submitted_at(current_round), "coverage": coverage, "pilots": pilots,
        "proposals": proposals, "waves": [w for w in waves if w.region_code == vr], "progress": progress,
        "feed": feed.get("items") or [], "memos": memos, "balances": balances,
        "money_chart": _money_chart(years, balances), "survey_chart": _survey_chart(progress),
    }


@router.post("/regios/{vr}/memo")
async def make_memo(request: Request, vr: str, user: SignedIn, parts: PortalParts) -> Response:
    scope.region(parts, vr)
    user.require_region(vr, manage=True)
    data = await request.form()
    form = Form(values={k: str(data.get(k, "")).strip() for k in ("period_start", "period_end")})
    try:
        memo = await parts.api.send("POST", NOTIFY, paths.region_memos(vr), user.token, json=form.values)
    except ApiError as error:
        if error.status not in (400, 409, 422):
            raise
        form.add_api_errors(error.errors, ["period_start", "period_end"], in_dutch(error.detail))
        return render(request, "region/memo_form.html", status_code=400, region=scope.region(parts, vr), form=form)
    return RedirectResponse(f"/regios/{vr}?memo={memo.id}#bestuursdocumenten", status_code=303)


@router.get("/memos/{memo_id}.pdf")
async def memo_pdf(memo_id: str, user: SignedIn, parts: PortalParts) -> Response:
    return download(await parts.api.document(NOTIFY, paths.memo_document(memo_id, "pdf"), user.token),
                     f"bestuursmemo-{memo_id[:8]}.pdf")


@router.get("/memos/{memo_id}.html")
async def memo_html(memo_id: str, user: SignedIn, parts: PortalParts) -> Response:
    return _sandboxed(await parts.api.document(NOTIFY, paths.memo_document(memo_id, "html"), user.token))


@router.get("/rondes/{round_id}/voorstel")
async def board_proposal(request: Request, round_id: str, user: SignedIn, parts: PortalParts) -> Response:
    proposal = await parts.api.get(INVENTORY, paths.board_proposal(round_id), user.token)
    user.require_region(proposal.region_code)
    return render(request, "region/proposal.html", proposal=proposal)


@router.get("/rondes/{round_id}/voorstel.{extension}")
async def board_proposal_document(request: Request, round_id: str, extension: str, user: SignedIn,
                                  parts: PortalParts) -> Response:
    if extension not in ("pdf", "html"):
        return error_page(request, 404)
    try:
        document = await parts.api.document(INVENTORY, paths.board_proposal_document(round_id, extension), user.token)
    except ApiError as error:
        if error.status != 404:
            raise
        return error_page(request, 404, "Dit document is nog niet beschikbaar; het voorstel staat op de pagina "
                                         f"/rondes/{round_id}/voorstel.")
    if extension == "pdf":
        return download(document, f"bestuursvoorstel-{round_id[:8]}.pdf")
    return _sandboxed(document)


async def _memos(api: ApiClient, vr: str, token: str) -> list[Any]:
    """The region's memos, newest first, where the notify service lists them (issue 12); else none."""
    found = await api.items_if_allowed(NOTIFY, paths.region_memos(vr), token)
    return sorted(found, key=lambda m: str(m.period_end or ""), reverse=True)


def _sandboxed(document: Document) -> Response:
    return Response(document.content, media_type=document.media_type, headers={"Content-Security-Policy": DOCUMENT_CSP})


def _current(rounds: list[Any]) -> Any:
    """The open round, else the one opened last."""
    open_rounds = [r for r in rounds if r.status == "open"]
    return max(open_rounds or rounds, key=lambda r: str(r.opened_at or ""), default=None)


def _submitted_at(round_: Any) -> dict[str, Any]:
    return {s.municipality_code: s.submitted_at for s in (round_.submissions or [])} if round_ else {}


def _money_chart(years: list[int], balances: list[Any]) -> Any:
    categories = [str(y) for y in years]
    series = [
        Series("toegekend", [b.allocated_cents or 0 for b in balances]),
        Series("vastgelegd", [b.committed_cents or 0 for b in balances]),
        Series("uitgegeven", [b.spent_cents or 0 for b in balances]),
        Series("resterend", [max(0, b.remaining_cents or 0) for b in balances]),
    ]
    return bar_chart("Geld per jaar", "Toegekend, vastgelegd, uitgegeven en resterend bedrag per jaar; "
                     "de tabel eronder geeft de bedragen.", categories, series, _euro_short)


def _survey_chart(progress: list[Any]) -> Any:
    if not progress:
        return None
    categories = [dutch.day(p.surveyed_on) for p in progress]
    shares = [p.complete_kit_share_pct for p in progress]
    return bar_chart("Compleet noodpakket", "Aandeel ondervraagden met een compleet noodpakket per peiling; "
                     "de tabel eronder geeft de cijfers.", categories,
                     [Series("compleet noodpakket", [_decimal(s) for s in shares])], dutch.percentage)


def _euro_short(cents: int) -> str:
    return dutch.euro(int(cents) - int(cents) % 100)[:-3]  # whole euros on the axis


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value or 0))


def _memo_defaults() -> Form:
    today = dutch.today()
    return Form(values={"period_start": (today - timedelta(days=MEMO_PERIOD_DAYS)).isoformat(),
                        "period_end": today.isoformat()})
