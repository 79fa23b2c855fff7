"""Commands: what a caller asks the inventory service to do."""

from __future__ import annotations

from dataclasses import dataclass

from shared.auth.principal import Principal
from services.inventory.domain.noodsteunpunt import Layer


@dataclass(frozen=True)
class RegisterNoodsteunpunt:
    actor: Principal
    municipality_code: str
    name: str
    layer: Layer
    address: str | None = None
    public: bool = False
