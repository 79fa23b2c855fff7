"""Session-wide infrastructure for every test: a Kafka broker and a PostgreSQL server.

Where they come from (env-named servers, testcontainers, or local processes on
free ports) is decided in shared.runtime.for_tests; see its docstring. The broker
requires authentication (SASL/SCRAM) and enforces ACLs, as in production.

Fixtures:
    kafka_settings   KafkaSettings of the tests' Kafka admin (a super user: may read and write every
                     topic): build every Kafka client in a test from these
                     (shared.messaging.kafka_clients.client_options(kafka_settings), or the helpers
                     in tests/support/kafka.py). A service's own principal:
                     shared.runtime.credentials.principal_settings(kafka_settings, "inventory").
    kafka_bootstrap  "host:port" of the broker (only the address: a client needs kafka_settings to get in)
    postgres         .url(database) -> SQLAlchemy asyncpg URL, .create_database(name) (idempotent)
    kafka_runtime    the broker itself, for tests that take Kafka down:
                     await kafka_runtime.stop_async() / start_async() (or sync stop()/start());
                     same port, data, topics and credentials after the restart. Only on a
                     broker of the module's own (tests/support/brokers.py): the session's
                     broker is never restarted
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shared.runtime.for_tests import postgres_for_tests
from shared.runtime.infra import Database
from tests.support.brokers import kafka_fixtures


kafka_broker, kafka_bootstrap, kafka_settings = kafka_fixtures("session")


@pytest.fixture(scope="session")
def postgres() -> Iterator[Database]:
    with postgres_for_tests() as server:
        yield server


@pytest.fixture
def kafka_runtime(kafka_broker: object) -> Iterator[object]:
    if not kafka_broker.restartable:  # type: ignore[attr-defined]
        pytest.skip("WEERBAAR_TEST_KAFKA_BOOTSTRAP names a broker these tests cannot restart")
    yield kafka_broker
    # A test that failed while Kafka was down must not leave later tests without a broker.
    kafka_broker.start()  # type: ignore[attr-defined]
