"""Who is signed in, as the portal sees it: the verified token's principal, plus a display name."""

from __future__ import annotations

from dataclasses import dataclass

from shared.auth.principal import Principal, Role


class AccessDenied(Exception):
    """The signed-in user may not see this page (shown as the 403 page)."""


@dataclass(frozen=True)
class User:
    principal: Principal
    token: str
    name: str

    @property
    def role(self) -> str:
        return self.principal.role.value

    @property
    def region_code(self) -> str | None:
        return self.principal.region_code

    @property
    def municipality_code(self) -> str | None:
        return self.principal.municipality_code

    @property
    def home(self) -> str:
        """The page a user starts on."""
        match self.principal.role:
            case Role.MUNICIPALITY:
                return f"/gemeenten/{self.municipality_code}"
            case Role.REGION:
                return f"/regios/{self.region_code}"
            case Role.NATIONAL:
                return "/landelijk"
            case _:
                return "/waar-is-mijn-noodsteunpunt"

    def require_municipality(self, code: str, region_code: str, manage: bool = False) -> None:
        """Read (or manage) a gemeente's pages; the one check every gemeente page makes."""
        p = self.principal
        allowed = p.can_manage_municipality(code) if manage else p.can_read_municipality(region_code, code)
        if not allowed:
            raise AccessDenied("u heeft geen toegang tot de pagina's van deze gemeente")

    def require_region(self, code: str, manage: bool = False) -> None:
        p = self.principal
        allowed = p.can_manage_region(code) if manage else (p.role in (Role.REGION, Role.NATIONAL) and p.can_read_region(code))
        if not allowed:
            raise AccessDenied("u heeft geen toegang tot de pagina's van deze veiligheidsregio")

    def require_national(self) -> None:
        if self.principal.role is not Role.NATIONAL:
            raise AccessDenied("alleen het landelijk programma heeft toegang tot deze pagina")
