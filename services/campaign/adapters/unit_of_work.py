from __future__ import annotations

from typing import Self

from shared.messaging.unit_of_work import UnitOfWork
from services.campaign.adapters.campaign_repository import CampaignRepository, ToolkitRepository
from services.campaign.adapters.local_repository import ContactRepository, KnownNoodsteunpuntRepository, LocalVersionRepository
from services.campaign.adapters.survey_repository import ActivityRepository, SurveyRepository
from services.campaign.adapters.wave_repository import WaveRepository


class CampaignUnitOfWork(UnitOfWork):
    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.campaigns = CampaignRepository(self.session, self.track)
        self.toolkits = ToolkitRepository(self.session, self.track)
        self.local_versions = LocalVersionRepository(self.session, self.track)
        self.known_noodsteunpunten = KnownNoodsteunpuntRepository(self.session)
        self.contacts = ContactRepository(self.session)
        self.waves = WaveRepository(self.session, self.track)
        self.surveys = SurveyRepository(self.session, self.track)
        self.activities = ActivityRepository(self.session, self.track)
        return self
