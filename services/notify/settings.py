"""Settings of the notify service beyond the shared ones (``WEERBAAR_NOTIFY_*``).

e.g. ``WEERBAAR_NOTIFY_SMTP_HOST``, ``WEERBAAR_NOTIFY_MAX_ATTEMPTS``. Built by the
composition root only, never at import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.net import OutboundPolicy
from services.notify.domain.delivery import RetryPolicy
from services.notify.domain.memo_schedule import Frequency


@dataclass(frozen=True)
class MemoScheduleSettings:
    frequency: Frequency = Frequency.MONTHLY
    per_region: dict[str, Frequency] = field(default_factory=dict)
    delay: timedelta = timedelta(hours=6)
    catch_up_periods: int = 12
    check_interval_seconds: float = 300.0

    def frequency_for(self, region_code: str) -> Frequency:
        return self.per_region.get(region_code, self.frequency)


class NotifySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEERBAAR_NOTIFY_", extra="ignore")

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_sender: str = "Weerbaar <noreply@weerbaar.localhost>"
    smtp_timeout_seconds: float = 10.0
    # Where the links in messages point: the portal (services/portal; `make up` runs it on 8005
    # and sets this), which opens <link_base_url>/<event subject>, e.g. /noodsteunpunt/<id>.
    link_base_url: str = "http://127.0.0.1:8005"
    # Who issues the public CAP messages of noodsteunpunten opened for real (CAP <sender>).
    cap_sender: str = "noodsteunpunten@weerbaar.localhost"
    # How often the delivery worker looks for due deliveries, digests and reminders.
    poll_interval_seconds: float = 1.0
    batch_size: int = Field(default=50, ge=1, le=1000)
    # Sends in flight at once (across endpoints; one endpoint gets one message at a time).
    concurrency: int = Field(default=16, ge=1, le=256)
    # SMTP connections the delivery worker keeps open during a round (each reused for many messages).
    smtp_connections: int = Field(default=2, ge=1, le=16)
    # How long a claimed delivery stays with its worker; after that another may try it.
    claim_lease_seconds: float = Field(default=300.0, gt=0)
    webhook_timeout_seconds: float = 10.0
    # Webhook addresses: https only, public addresses only. Plain http and the networks
    # listed here (CIDR, e.g. ["127.0.0.1/32"]) are for development and test receivers;
    # production sets neither.
    webhook_allow_http: bool = False
    webhook_allowed_networks: list[str] = Field(default_factory=list)
    # Subscriptions are matched from memory; a change through another replica counts after at most this long.
    subscription_cache_seconds: float = Field(default=5.0, ge=0)
    # E-mail addresses a subscriber does not vouch for wait for confirmation by link.
    confirmation_days: int = Field(default=7, ge=1, le=60)
    max_pending_confirmations: int = Field(default=20, ge=1)
    max_attempts: int = 8
    first_backoff_seconds: float = 30.0
    max_backoff_seconds: float = 3600.0
    pause_after_failures: int = 5
    pause_seconds: float = 600.0
    # The board memo's schedule: monthly by default, per region otherwise
    # (WEERBAAR_NOTIFY_MEMO_FREQUENCY_PER_REGION='{"VR21": "quarterly", "VR01": "off"}').
    memo_frequency: Frequency = Frequency.MONTHLY
    memo_frequency_per_region: dict[str, Frequency] = {}
    # How long after a period's end its memo is made (late events still arrive), and how
    # many ended periods a region catches up on after a long stop.
    memo_delay_hours: float = 6.0
    memo_catch_up_periods: int = 12
    memo_check_interval_seconds: float = 300.0

    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(
            max_attempts=self.max_attempts,
            first_backoff=timedelta(seconds=self.first_backoff_seconds),
            max_backoff=timedelta(seconds=self.max_backoff_seconds),
            pause_after_failures=self.pause_after_failures,
            pause_for=timedelta(seconds=self.pause_seconds),
        )

    def memo_schedule(self) -> MemoScheduleSettings:
        return MemoScheduleSettings(self.memo_frequency, dict(self.memo_frequency_per_region),
                                    timedelta(hours=self.memo_delay_hours), self.memo_catch_up_periods,
                                    self.memo_check_interval_seconds)

    def outbound_policy(self) -> OutboundPolicy:
        return OutboundPolicy.of(self.webhook_allow_http, self.webhook_allowed_networks)
