"""Who is calling, and what their token lets them touch.

Pure: no web framework here. Region and municipality scope come only from the
verified token; a code in a path or body is checked against it, never trusted.

The one rule for "not in your scope" (docs/api.md, checked by tests/api/test_access_matrix.py):
an object the caller may not see does not exist for it when it reads (404); a write
addressed to an object it may not change (seen or not), or a scope it may not act in (a
region or municipality named in the path or body), is refused (403, ``AccessDenied``).
Neither answer names anything the caller did not send.

Roles: ``national`` sees everything; ``region`` and ``municipality`` users their own
region / municipality; ``integrator`` reads the programme's public and non-personal data of
every region (no personal data, no drafts, no internal deliberation) and writes nothing
over these APIs; ``operator`` runs the platform (notify's endpoints), no programme data.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


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

    @property
    def reads_open_data(self) -> bool:
        """National users and integrators read every region's non-personal programme data."""
        return self.role in (Role.NATIONAL, Role.INTEGRATOR)

    def can_read_open_data_of(self, region_code: str) -> bool:
        """Non-personal programme data of a region (coverage, pilots, allocations, campaigns):
        the region's own users, national users and integrators."""
        return self.reads_open_data or self.can_read_region(region_code)

    def require(self, allowed: bool, what: str) -> None:
        """403 unless ``allowed``. ``what`` is for the log and the exception, not the answer:
        the answer's text is the same for every refusal (shared.http.problems)."""
        if not allowed:
            raise AccessDenied(f"{self.role.value} token ({self.scope_label()}) may not {what}")

    def scope_label(self) -> str:
        return self.municipality_code or self.region_code or "national"
