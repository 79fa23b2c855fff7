"""Who is calling, and what their token lets them touch.

Pure: no web framework here. Region and municipality scope come only from the
verified token; a code in a path or body is checked against it, never trusted.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Role(str, enum.Enum):
    NATIONAL = "national"
    REGION = "region"
    MUNICIPALITY = "municipality"
    INTEGRATOR = "integrator"
    OPERATOR = "operator"


class AccessDenied(Exception):
    """The principal may not do this; the request changes nothing."""


@dataclass(frozen=True)
class Principal:
    subject: str
    role: Role
    region_code: str | None = None
    municipality_code: str | None = None
    # Who vouches for the subject: the same subject from another issuer is someone else.
    issuer: str = ""
    # The address the token's issuer vouches for (``email`` claim, unless ``email_verified`` is false).
    email: str | None = None

    def can_read_region(self, region_code: str) -> bool:
        return self.role is Role.NATIONAL or (self.role in (Role.REGION, Role.MUNICIPALITY) and self.region_code == region_code)

    def can_manage_region(self, region_code: str) -> bool:
        return self.role is Role.REGION and self.region_code == region_code

    def can_manage_municipality(self, municipality_code: str) -> bool:
        return self.role is Role.MUNICIPALITY and self.municipality_code == municipality_code

    def can_read_municipality(self, region_code: str, municipality_code: str) -> bool:
        if self.role is Role.MUNICIPALITY:
            return self.municipality_code == municipality_code
        return self.can_read_region(region_code)

    def require(self, allowed: bool, what: str) -> None:
        if not allowed:
            raise AccessDenied(f"{self.role.value} token ({self.scope_label()}) may not {what}")

    def scope_label(self) -> str:
        return self.municipality_code or self.region_code or "national"
