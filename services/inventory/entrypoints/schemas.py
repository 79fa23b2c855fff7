"""Request and response bodies of the inventory HTTP API."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.inventory.domain.noodsteunpunt import Layer, Readiness


class NoodsteunpuntIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    layer: Layer = Layer.LOCAL
    address: str | None = Field(default=None, max_length=300)
    public: bool = False


class NoodsteunpuntOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    region_code: str
    municipality_code: str
    name: str
    layer: Layer
    address: str | None
    readiness: Readiness
    public: bool
