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
    public_base_url: str | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEERBAAR_", env_nested_delimiter="__", extra="ignore")

    service_name: str = "weerbaar"
    db: DatabaseSettings = Field(default_factory=DatabaseSettings)
    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    outbox: OutboxSettings = Field(default_factory=OutboxSettings)
    consumer: ConsumerSettings = Field(default_factory=ConsumerSettings)
    auth: AuthSettings = Field(default_factory=AuthSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
