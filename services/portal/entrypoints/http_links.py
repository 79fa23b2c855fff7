"""Where the links in the platform's e-mails land: ``<portal>/<subject>``, the subject of the
event (``noodsteunpunt/<id>``, ``memo/<id>``, ``round/<id>`` ...). Each goes to its page, or
to the user's start page (a dashboard shows rounds, pilots, money and campaigns) when the
portal has no page of its own for that kind of object."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from services.portal.entrypoints.deps import SignedIn

router = APIRouter()
PAGES = {"noodsteunpunt": "/noodsteunpunten/{id}", "memo": "/memos/{id}.pdf"}
KINDS = ("noodsteunpunt", "memo", "round", "pilot", "activity", "campaign", "local_version", "survey", "toolkit",
         "wave", "allocation", "budget", "region", "standard", "proposal", "commitment")


def _follow(kind: str) -> Callable[[str, SignedIn], Awaitable[Response]]:
    async def follow(object_id: str, user: SignedIn) -> Response:
        page = PAGES.get(kind)
        return RedirectResponse(page.format(id=object_id) if page else user.home, status_code=303)

    return follow


for _kind in KINDS:
    router.add_api_route(f"/{_kind}/{{object_id}}", _follow(_kind), methods=["GET"], include_in_schema=False)
