"""Settings shared by every service, in nested groups.

Read from the environment with the ``WEERBAAR_`` prefix and ``__`` between
groups, e.g. ``WEERBAAR_DB__URL`` or ``WEERBAAR_KAFKA__BOOTSTRAP_SERVERS``.
Built only by a service's composition root, never at import time.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SIGNING_KEY = "weerbaar-local-development-signing-key-change-me"


class DatabaseSettings(BaseModel):
    url: str = "postgresql+asyncpg://postgres@127.0.0.1:55432/weerbaar"
    pool_size: int = 10
    echo: bool = False


class KafkaSettings(BaseModel):
    bootstrap_servers: str = "127.0.0.1:19092"
    # Offsets of a new consumer group start at the beginning: an event published
    # before a service first started must still reach it.
    auto_offset_reset: str = "earliest"
    # Consumer groups are named "{group_prefix}.{service}.{consumer}". Tests give each
    # database its own prefix, so a fresh database is also a fresh reader.
    group_prefix: str = "weerbaar"
    # Authentication to the broker. PLAINTEXT only where the broker is reachable by
    # nobody else (a developer's loopback); everywhere else SASL_PLAINTEXT or SASL_SSL
    # with SCRAM, one principal per service (see shared.messaging.kafka_clients).
    security_protocol: str = "PLAINTEXT"
    sasl_mechanism: str | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None


class OutboxSettings(BaseModel):
    poll_interval_seconds: float = 0.5
    batch_size: int = 200
    max_backoff_seconds: float = 5.0
    retention_days: int = 7


class ConsumerSettings(BaseModel):
    max_attempts: int = 5
    first_backoff_seconds: float = 0.2
    max_backoff_seconds: float = 5.0
    stall_seconds: float = 60.0


class AuthSettings(BaseModel):
    signing_key: SecretStr = SecretStr(DEV_SIGNING_KEY)
    algorithm: str = "HS256"
    issuer: str = "weerbaar-local"
    audience: str = "weerbaar"
    # When set, tokens are verified against this OIDC provider's keys instead.
    jwks_url: str | None = None
    jwks_algorithms: list[str] = Field(default_factory=lambda: ["RS256", "ES256"])


class HttpSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 8000
    # Where callers reach this service (scheme, host, port; no path), for the OpenAPI
    # `servers` entry and links; the API itself lives under /v1 of it.
    public_base_url: str | None = None
    # Request bodies larger than these are refused with 413 before anything parses them.
    max_json_bytes: int = 256 * 1024
    max_upload_bytes: int = 2 * 1024 * 1024


class TelemetrySettings(BaseModel):
    # Where spans go: an OTLP/gRPC collector, e.g. http://jaeger:4317. Unset (and no
    # OTEL_EXPORTER_OTLP_ENDPOINT in the environment): spans are still made, so trace ids
    # reach logs and events, but nothing is exported.
    otlp_endpoint: str | None = None
    log_level: str = "INFO"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEERBAAR_", env_nested_delimiter="__", extra="ignore")

    service_name: str = "weerbaar"
    db: DatabaseSettings = Field(default_factory=DatabaseSettings)
    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    outbox: OutboxSettings = Field(default_factory=OutboxSettings)
    consumer: ConsumerSettings = Field(default_factory=ConsumerSettings)
    auth: AuthSettings = Field(default_factory=AuthSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    telemetry: TelemetrySettings = Field(default_factory=TelemetrySettings)
