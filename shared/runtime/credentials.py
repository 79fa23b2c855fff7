"""Kafka credentials of a local broker (dev stack, tests): one random admin password per
broker data directory; every other principal's password is derived from it.

Deriving (HMAC of the admin password and the principal's name) means whoever holds
the admin settings can also hand any service its own settings
(``principal_settings(admin, "inventory")``) without a password list to keep in step,
while a service's password does not reveal the admin's. Production does not do this:
there every password comes from the operator's .env (see docs/operations.md).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from pydantic import SecretStr

from shared.ops.kafka_access import ADMIN, INTEGRATOR, MECHANISM
from shared.contract.topics import SERVICES
from shared.settings import KafkaSettings

SECURITY_PROTOCOL = "SASL_PLAINTEXT"  # loopback only; TLS belongs to real deployments
PLATFORM_PRINCIPALS = (*SERVICES, INTEGRATOR)


def new_password() -> str:
    return secrets.token_urlsafe(24)


def load_or_create_admin_password(path: Path) -> str:
    """The admin password kept in path (mode 0600), created on first use."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    password = new_password()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(password + "\n")
    return password


def derived_password(admin_password: str, name: str) -> str:
    return hmac.new(admin_password.encode(), name.encode(), hashlib.sha256).hexdigest()


def admin_settings(bootstrap_servers: str, admin_password: str, group_prefix: str = "weerbaar") -> KafkaSettings:
    return KafkaSettings(
        bootstrap_servers=bootstrap_servers,
        group_prefix=group_prefix,
        security_protocol=SECURITY_PROTOCOL,
        sasl_mechanism=MECHANISM,
        sasl_username=ADMIN,
        sasl_password=SecretStr(admin_password),
    )


def principal_settings(admin: KafkaSettings, name: str) -> KafkaSettings:
    """The same broker as ``admin``, as principal ``name`` (unchanged when the broker has no authentication)."""
    if not admin.sasl_mechanism or admin.sasl_password is None:
        return admin
    return as_principal(admin, name, derived_password(admin.sasl_password.get_secret_value(), name))


def as_principal(kafka: KafkaSettings, name: str, password: str) -> KafkaSettings:
    return kafka.model_copy(update={"sasl_username": name, "sasl_password": SecretStr(password)})


def platform_passwords(admin: KafkaSettings) -> dict[str, str]:
    """Password of every service principal and of the default integrator, for provisioning."""
    passwords = {}
    for name in PLATFORM_PRINCIPALS:
        secret = principal_settings(admin, name).sasl_password
        if secret is not None:
            passwords[name] = secret.get_secret_value()
    return passwords


def kafka_env(kafka: KafkaSettings) -> dict[str, str]:
    """The ``WEERBAAR_KAFKA__*`` variables a process needs to connect as these settings say."""
    env = {
        "WEERBAAR_KAFKA__BOOTSTRAP_SERVERS": kafka.bootstrap_servers,
        "WEERBAAR_KAFKA__SECURITY_PROTOCOL": kafka.security_protocol,
    }
    if kafka.sasl_mechanism and kafka.sasl_password is not None:
        env |= {
            "WEERBAAR_KAFKA__SASL_MECHANISM": kafka.sasl_mechanism,
            "WEERBAAR_KAFKA__SASL_USERNAME": kafka.sasl_username or "",
            "WEERBAAR_KAFKA__SASL_PASSWORD": kafka.sasl_password.get_secret_value(),
        }
    return env
