from __future__ import annotations

from typing import Self

from shared.messaging.unit_of_work import UnitOfWork
from services.notify.adapters.deliveries import DeliveryRepository
from services.notify.adapters.memos import MemoRepository
from services.notify.adapters.public_alerts import PublicAlertRepository
from services.notify.adapters.reminders import ReminderRepository
from services.notify.adapters.repository import FeedRepository
from services.notify.adapters.subscriptions import EndpointRepository, SubscriptionRepository


class NotifyUnitOfWork(UnitOfWork):
    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.feed = FeedRepository(self.session)
        self.subscriptions = SubscriptionRepository(self.session)
        self.endpoints = EndpointRepository(self.session)
        self.deliveries = DeliveryRepository(self.session)
        self.reminders = ReminderRepository(self.session)
        self.memos = MemoRepository(self.session)
        self.public_alerts = PublicAlertRepository(self.session)
        return self
