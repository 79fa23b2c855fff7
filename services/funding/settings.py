"""The funding service's own settings, next to the platform's: ``WEERBAAR_FUNDING__*``."""

from __future__ import annotations

from pydantic import BaseModel, Field

from shared.settings import Settings
from services.funding.domain.commitment import OverCommitmentPolicy

DEFAULT_LINE = "weerbaarheid"  # the one BDuR budget line of the memo: civil emergency response and NSP network


class FundingOptions(BaseModel):
    # What to do with a commitment beyond what remains of the region's allocation:
    # refuse it, or make it and flag it (WEERBAAR_FUNDING__OVER_COMMITMENT=flag).
    over_commitment: OverCommitmentPolicy = OverCommitmentPolicy.REFUSE
    budget_line: str = DEFAULT_LINE


class FundingSettings(Settings):
    funding: FundingOptions = Field(default_factory=FundingOptions)


def funding_settings(settings: Settings) -> FundingSettings:
    """Platform settings plus the funding group (read from the environment when not given)."""
    if isinstance(settings, FundingSettings):
        return settings
    return FundingSettings(**{name: getattr(settings, name) for name in Settings.model_fields})
