"""Settings of the notify service beyond the shared ones (``WEERBAAR_NOTIFY_*``).

e.g. ``WEERBAAR_NOTIFY_SMTP_HOST``, ``WEERBAAR_NOTIFY_MAX_ATTEMPTS``. Built by the
composition root only, never at import time.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic_settings import BaseSettings, SettingsConfigDict

from services.notify.domain.delivery import RetryPolicy


class NotifySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEERBAAR_NOTIFY_", extra="ignore")

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_sender: str = "Weerbaar <noreply@weerbaar.localhost>"
    smtp_timeout_seconds: float = 10.0
    # Where the links in messages point: the portal (services/portal; `make up` runs it on 8005
    # and sets this), which opens <link_base_url>/<event subject>, e.g. /noodsteunpunt/<id>.
    link_base_url: str = "http://127.0.0.1:8005"
    # How often the delivery worker looks for due deliveries, digests and reminders.
    poll_interval_seconds: float = 1.0
    batch_size: int = 50
    webhook_timeout_seconds: float = 10.0
    max_attempts: int = 8
    first_backoff_seconds: float = 30.0
    max_backoff_seconds: float = 3600.0
    pause_after_failures: int = 5
    pause_seconds: float = 600.0

    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(
            max_attempts=self.max_attempts,
            first_backoff=timedelta(seconds=self.first_backoff_seconds),
            max_backoff=timedelta(seconds=self.max_backoff_seconds),
            pause_after_failures=self.pause_after_failures,
            pause_for=timedelta(seconds=self.pause_seconds),
        )
