"""Production settings refuse the development defaults: the signing key published in the
repository, no way to verify tokens, or a Kafka connection without authentication."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.settings import DEV_SIGNING_KEY, Settings

STRONG_KEY = "k" * 48
KAFKA_SASL = {
    "security_protocol": "SASL_SSL",
    "sasl_mechanism": "SCRAM-SHA-512",
    "sasl_username": "inventory",
    "sasl_password": "a-long-kafka-password",
}


def production(**overrides: object) -> Settings:
    values: dict[str, object] = {"environment": "production", "auth": {"signing_key": STRONG_KEY}, "kafka": KAFKA_SASL}
    return Settings(**(values | overrides))


def test_development_is_the_default_and_keeps_its_defaults() -> None:
    settings = Settings()

    assert settings.environment == "development"
    assert settings.auth.signing_key.get_secret_value() == DEV_SIGNING_KEY


def test_production_with_its_own_key_and_kafka_credentials_starts() -> None:
    assert production().environment == "production"


def test_production_with_a_jwks_url_needs_no_signing_key() -> None:
    assert production(auth={"signing_key": "", "jwks_url": "https://login.example.nl/jwks"}).auth.jwks_url


@pytest.mark.parametrize(
    ("auth", "reason"),
    [
        ({"signing_key": DEV_SIGNING_KEY}, "development key"),
        ({"signing_key": ""}, "no token verification"),
        ({"signing_key": "short"}, "shorter than 32"),
        ({"signing_key": "", "jwks_url": "http://login.example.nl/jwks"}, "https://"),
    ],
)
def test_production_refuses_a_key_that_is_not_secret(auth: dict[str, str], reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        production(auth=auth)


def test_production_refuses_kafka_without_authentication() -> None:
    with pytest.raises(ValidationError, match="Kafka without authentication"):
        production(kafka={"bootstrap_servers": "kafka:9092"})
    with pytest.raises(ValidationError, match="without a username or password"):
        production(kafka={**KAFKA_SASL, "sasl_password": ""})


def test_the_refusal_from_the_environment_does_not_echo_the_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEERBAAR_ENVIRONMENT", "production")
    monkeypatch.setenv("WEERBAAR_AUTH__SIGNING_KEY", "secret-but-short")

    with pytest.raises(ValidationError) as refused:
        Settings()

    assert "shorter than 32" in str(refused.value)
    assert "secret-but-short" not in str(refused.value)
