"""The Kafka fixtures ``kafka_broker``, ``kafka_bootstrap`` and ``kafka_settings``, made for a scope.

tests/conftest.py makes them for the session: one broker every test folder shares, never
restarted. A module whose tests stop and start Kafka makes them for itself::

    kafka_broker, kafka_bootstrap, kafka_settings = kafka_fixtures("module")

which overrides the session's for that module, so ``kafka_runtime`` (tests/conftest.py) stops
and starts a broker of the module's own. Why: in the suite's clean-clone runs of 6 December a
restart of the shared broker, after the history of every earlier test and with their clients
reconnecting, came back refusing the admin's SCRAM login for good (the controller had replayed
the admin's credential; the broker log says only "invalid credentials"), and every later test
lost its broker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from shared.runtime.for_tests import kafka_for_tests
from shared.settings import KafkaSettings


def kafka_fixtures(scope: str) -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    @pytest.fixture(scope=scope, name="kafka_broker")
    def broker() -> Iterator[object]:
        with kafka_for_tests() as running:
            yield running

    @pytest.fixture(scope=scope, name="kafka_bootstrap")
    def bootstrap(kafka_broker: object) -> str:
        """"host:port" of the broker (only the address: a client needs kafka_settings to get in)."""
        return kafka_broker.bootstrap_servers  # type: ignore[attr-defined]

    @pytest.fixture(scope=scope, name="kafka_settings")
    def settings(kafka_broker: object) -> KafkaSettings:
        """How a test client reaches and authenticates to the broker (as the admin)."""
        return kafka_broker.admin_settings  # type: ignore[attr-defined]

    return broker, bootstrap, settings
