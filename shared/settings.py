"""Settings shared by every service, in nested groups.

Read from the environment with the ``WEERBAAR_`` prefix and ``__`` between
groups, e.g. ``WEERBAAR_DB__URL`` or ``WEERBAAR_KAFKA__BOOTSTRAP_SERVERS``.
Built only by a service's composition root, never at import time.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SIGNING_KEY = "weerbaar-local-development-signing-key-change-me"
MIN_SIGNING_KEY_LENGTH = 32
SASL_PROTOCOLS = ("SASL_PLAINTEXT", "SASL_SSL")


class DatabaseSettings(BaseModel):
    url: str = "postgresql+asyncpg://postgres@127.0.0.1:55432/weerbaar"
    # A fixed pool: pool_size connections at most, kept open. SQLAlchemy's overflow connections
    # are closed again when returned to a full pool, so under a load above the pool's size every
    # burst opened and closed connections (TCP, TLS negotiation, startup, codecs, statements
    # prepared anew). Measured on the HTTP write benchmark: 20 kept instead of 10 + 10 overflow,
    # about 16% less server CPU per request; the peak stays 20.
    pool_size: int = 20
    max_overflow: int = 0
    echo: bool = False
    # A database that is down must fail fast (and be retried), not hang a request or a consumer.
    connect_timeout_seconds: float = 5.0


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
    batch_size: int = 1000  # rows read, and marked published, at a time
    max_in_flight: int = 5000  # rows sent and not yet acknowledged
    max_backoff_seconds: float = 5.0
    retention_days: int = 7


class ConsumerSettings(BaseModel):
    # Infrastructure failures (database, broker) are retried for as long as they last;
    # max_attempts bounds only the retries of an unexpected error (a suspected bug).
    max_attempts: int = 5
    first_backoff_seconds: float = 0.2
    max_backoff_seconds: float = 5.0
    stall_seconds: float = 60.0
    # Records applied per transaction, and how often applied offsets are committed.
    batch_size: int = 200
    commit_interval_seconds: float = 0.5
    # Records larger than this are dead-lettered before decoding (events are a few KB).
    max_record_bytes: int = 256 * 1024
    # A dead letter larger than this is stored truncated to dead_letter_keep_bytes of value.
    dead_letter_max_bytes: int = 1_000_000
    dead_letter_keep_bytes: int = 16 * 1024
    # On a rebalance or stop, how long the batch in hand may take before it is abandoned
    # (not committed: the partition's next owner re-reads it, the inbox skips what was applied).
    shutdown_grace_seconds: float = 10.0


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
    # hide_input_in_errors: a refusal must not print the secrets it was given.
    model_config = SettingsConfigDict(
        env_prefix="WEERBAAR_", env_nested_delimiter="__", extra="ignore", hide_input_in_errors=True
    )

    # "production" (compose and every real deployment set WEERBAAR_ENVIRONMENT) refuses
    # to start with the development defaults: see production_problems().
    environment: Literal["development", "production"] = "development"
    service_name: str = "weerbaar"
    db: DatabaseSettings = Field(default_factory=DatabaseSettings)
    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    outbox: OutboxSettings = Field(default_factory=OutboxSettings)
    consumer: ConsumerSettings = Field(default_factory=ConsumerSettings)
    auth: AuthSettings = Field(default_factory=AuthSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    telemetry: TelemetrySettings = Field(default_factory=TelemetrySettings)

    @model_validator(mode="after")
    def _refuse_development_secrets_in_production(self) -> Settings:
        problems = production_problems(self) if self.environment == "production" else []
        if problems:
            raise ValueError("production settings refused: " + "; ".join(problems))
        return self


def production_problems(settings: Settings) -> list[str]:
    """Why these settings must not run in production (empty when they may)."""
    return _auth_problems(settings.auth) + _kafka_problems(settings.kafka)


def _auth_problems(auth: AuthSettings) -> list[str]:
    if auth.jwks_url:
        return [] if auth.jwks_url.startswith("https://") else ["WEERBAAR_AUTH__JWKS_URL must be an https:// address"]
    key = auth.signing_key.get_secret_value()
    if not key:
        return ["no token verification: set WEERBAAR_AUTH__JWKS_URL (or WEERBAAR_AUTH__SIGNING_KEY)"]
    if key == DEV_SIGNING_KEY:
        return ["WEERBAAR_AUTH__SIGNING_KEY is the development key published in the repository"]
    if len(key) < MIN_SIGNING_KEY_LENGTH:
        return [f"WEERBAAR_AUTH__SIGNING_KEY is shorter than {MIN_SIGNING_KEY_LENGTH} characters"]
    return []


def _kafka_problems(kafka: KafkaSettings) -> list[str]:
    if kafka.security_protocol not in SASL_PROTOCOLS or not kafka.sasl_mechanism:
        return ["Kafka without authentication: set WEERBAAR_KAFKA__SECURITY_PROTOCOL (SASL_SSL or SASL_PLAINTEXT) "
                "and WEERBAAR_KAFKA__SASL_MECHANISM, _USERNAME and _PASSWORD"]
    if not kafka.sasl_username or kafka.sasl_password is None or not kafka.sasl_password.get_secret_value():
        return ["Kafka SASL without a username or password (WEERBAAR_KAFKA__SASL_USERNAME, _PASSWORD)"]
    return []
