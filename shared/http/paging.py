"""Paging for every list the platform answers (NL GOV API Design Rules: responses are
objects, query keys lowerCamelCase, links as in HAL).

A list answers ``{"items": [...], "page": 1, "pageSize": 50, "totalItems": 123,
"totalPages": 3, "_links": {"self": ..., "first": ..., "prev": ..., "next": ..., "last": ...}}``.
``pageSize`` has a maximum, so no single request can ask for everything at once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000
# Exports (GeoJSON) are read whole by a map or a script: bigger pages, still a maximum.
MAX_EXPORT_PAGE_SIZE = 5_000


class Link(BaseModel):
    href: str


class PageLinks(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    self_: Link = Field(alias="self")
    first: Link
    last: Link
    prev: Link | None = None
    next: Link | None = None


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    model_config = ConfigDict(populate_by_name=True)

    items: list[T]
    page: int = Field(description="number of this page, from 1")
    page_size: int = Field(alias="pageSize", description="at most this many items per page")
    total_items: int = Field(alias="totalItems", description="items in the whole list")
    total_pages: int = Field(alias="totalPages", description="pages in the whole list (at least 1)")
    links: PageLinks = Field(alias="_links")


@dataclass(frozen=True)
class PageRequest:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


async def page_request(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="page number, from 1")] = 1,
    page_size: Annotated[
        int, Query(alias="pageSize", ge=1, le=MAX_PAGE_SIZE, description=f"items per page, at most {MAX_PAGE_SIZE}")
    ] = DEFAULT_PAGE_SIZE,
) -> PageRequest:
    return PageRequest(page, page_size)


Paging = Annotated[PageRequest, Depends(page_request)]


async def export_page_request(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="page number, from 1")] = 1,
    page_size: Annotated[
        int, Query(alias="pageSize", ge=1, le=MAX_EXPORT_PAGE_SIZE,
                   description=f"items per page, at most {MAX_EXPORT_PAGE_SIZE}")
    ] = MAX_EXPORT_PAGE_SIZE,
) -> PageRequest:
    return PageRequest(page, page_size)


ExportPaging = Annotated[PageRequest, Depends(export_page_request)]


class Items(BaseModel, Generic[T]):
    """An answer that is a short, bounded collection (e.g. what one import or seed created):
    an object with ``items``, never a bare array (ADR: always return objects)."""

    items: list[T]


def page_of(items: Sequence[T], total: int, paging: PageRequest, request: Request) -> Page[T]:
    """A page whose ``items`` were already cut (e.g. with LIMIT/OFFSET) from ``total`` items."""
    pages = max(1, math.ceil(total / paging.page_size))

    def link(number: int) -> Link:
        url = request.url.include_query_params(page=number, pageSize=paging.page_size)
        return Link(href=f"{url.path}?{url.query}")

    links = PageLinks(
        self=link(paging.page),
        first=link(1),
        last=link(pages),
        prev=link(paging.page - 1) if 1 < paging.page <= pages + 1 else None,
        next=link(paging.page + 1) if paging.page < pages else None,
    )
    return Page[T](items=list(items), page=paging.page, pageSize=paging.page_size, totalItems=total,
                   totalPages=pages, _links=links)


def paginate(items: Sequence[T], paging: PageRequest, request: Request) -> Page[T]:
    """A page cut from a list that is already in memory (small, bounded lists)."""
    return page_of(items[paging.offset : paging.offset + paging.page_size], len(items), paging, request)
