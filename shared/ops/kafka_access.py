"""Who may do what on the platform's Kafka: one SCRAM principal per service, integrators
that may only read, and the admin (a super user of the brokers) that sets this up.

A service may write only its own domain's event topic and its own dead-letter topic,
read every event topic (and its own dead letters), and use only its own consumer
groups (``<group prefix>.<service>.*``) and transactional ids (``weerbaar-<service>*``).
An integrator may read the event topics with its own groups (``<name>.*``) and
nothing else. The brokers run KRaft's StandardAuthorizer with
``allow.everyone.if.no.acl.found=false``: what is not granted here is refused.

    python -m shared.ops.kafka_access provision          topics, service principals and ACLs (idempotent)
    python -m shared.ops.kafka_access add-integrator NAME  a read-only principal (password asked, or --password-env)
    python -m shared.ops.kafka_access remove-integrator NAME  its ACLs and credentials removed
    python -m shared.ops.kafka_access show [--principal NAME]

The commands connect as the admin given by ``WEERBAAR_KAFKA__*``. ``provision`` takes
each principal's password from ``KAFKA_<NAME>_PASSWORD`` (as compose's .env names them).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence

from aiokafka import AIOKafkaClient

from shared.contract.topics import DOMAINS, SERVICES, all_topics, dead_letter_topic, event_topic
from shared.ops.kafka_client import cluster_client
from shared.ops.kafka_protocol import (
    AclBinding,
    CreateAcls,
    DeleteScramCredentials,
    DescribeAllAcls,
    Operation,
    PatternType,
    ResourceType,
    ScramMechanism,
    UpsertScramCredentials,
    bindings_from_describe,
    delete_acls_of,
)
from shared.ops.topics import ensure_topics
from shared.settings import KafkaSettings, Settings

ADMIN = "admin"
INTEGRATOR = "integrator"
MECHANISM = "SCRAM-SHA-512"
DEFAULT_GROUP_PREFIX = "weerbaar"
VISIBLE_TIMEOUT = 30.0


class KafkaAccessError(RuntimeError):
    """The cluster refused to store a principal or an ACL."""


def principal(name: str) -> str:
    return f"User:{name}"


def _topic(name: str, operation: Operation, user: str) -> AclBinding:
    return AclBinding(principal(user), ResourceType.TOPIC, name, PatternType.LITERAL, operation)


def _prefixed(resource: ResourceType, prefix: str, operation: Operation, user: str) -> AclBinding:
    return AclBinding(principal(user), resource, prefix, PatternType.PREFIXED, operation)


def service_bindings(service: str, group_prefix: str = DEFAULT_GROUP_PREFIX) -> list[AclBinding]:
    """What a service's principal may do (READ and WRITE imply DESCRIBE)."""
    writes = [event_topic(service), dead_letter_topic(service)]
    reads = [event_topic(domain) for domain in DOMAINS] + [dead_letter_topic(service)]
    return sorted(
        [_topic(name, Operation.WRITE, service) for name in writes]
        + [_topic(name, Operation.READ, service) for name in reads]
        + [group_binding(service, group_prefix)]
        + [
            _prefixed(ResourceType.TRANSACTIONAL_ID, f"weerbaar-{service}", operation, service)
            for operation in (Operation.WRITE, Operation.DESCRIBE)
        ]
    )


def group_binding(service: str, group_prefix: str) -> AclBinding:
    """The service's consumer groups: ``<group prefix>.<service>.<consumer>``."""
    return _prefixed(ResourceType.GROUP, f"{group_prefix}.{service}.", Operation.READ, service)


def integrator_bindings(name: str) -> list[AclBinding]:
    """Read every event topic, with consumer groups named ``<name>.*``; nothing else."""
    return sorted(
        [_topic(event_topic(domain), Operation.READ, name) for domain in DOMAINS]
        + [_prefixed(ResourceType.GROUP, f"{name}.", Operation.READ, name)]
    )


def platform_bindings(group_prefix: str = DEFAULT_GROUP_PREFIX, integrators: Iterable[str] = ()) -> list[AclBinding]:
    bindings = [b for service in SERVICES for b in service_bindings(service, group_prefix)]
    return bindings + [b for name in integrators for b in integrator_bindings(name)]


# -- talking to the cluster ------------------------------------------------------------


async def set_passwords(admin: KafkaSettings, passwords: Mapping[str, str]) -> None:
    """Create or replace SCRAM credentials (the admin's own are set at storage format time)."""
    if passwords:
        mechanism = ScramMechanism.named(admin.sasl_mechanism or MECHANISM)
        await _alter_credentials(admin, UpsertScramCredentials(dict(passwords), mechanism))


async def _alter_credentials(admin: KafkaSettings, request: UpsertScramCredentials | DeleteScramCredentials) -> None:
    async with cluster_client(admin, "weerbaar-access") as client:
        response = await client.send(client.get_random_node(), request)
    failures = {user: f"{code} {message}" for user, code, message, _ in response.results if code}
    if failures:
        raise KafkaAccessError(f"Kafka refused to change SCRAM credentials: {failures}")


async def grant(admin: KafkaSettings, bindings: Sequence[AclBinding], timeout: float = VISIBLE_TIMEOUT) -> None:
    """Create the ACLs (existing ones stay as they are) and return once every broker enforces them.

    Brokers apply ACLs (and, earlier in the same metadata log, SCRAM credentials)
    a moment after the controller stored them; a client connecting before that
    would be refused, so this waits until each broker lists them.
    """
    if not bindings:
        return
    async with cluster_client(admin, "weerbaar-access") as client:
        response = await client.send(client.get_random_node(), CreateAcls(bindings))
        failures = [
            f"{binding.describe()}: {code} {message}"
            for binding, (code, message) in zip(bindings, response.creation_responses, strict=True)
            if code
        ]
        if failures:
            raise KafkaAccessError("Kafka refused ACLs:\n  " + "\n  ".join(failures))
        await _until_every_broker_lists(client, set(bindings), timeout)


async def list_acls(admin: KafkaSettings, user: str | None = None) -> list[AclBinding]:
    async with cluster_client(admin, "weerbaar-access") as client:
        response = await client.send(client.get_random_node(), DescribeAllAcls(principal(user) if user else None))
    return bindings_from_describe(response)


async def _until_every_broker_lists(client: AIOKafkaClient, wanted: set[AclBinding], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    for broker in client.cluster.brokers():
        while True:
            listed = set(bindings_from_describe(await client.send(broker.nodeId, DescribeAllAcls())))
            if wanted <= listed:
                break
            if time.monotonic() > deadline:
                missing = sorted(b.describe() for b in wanted - listed)
                raise KafkaAccessError(f"broker {broker.nodeId} does not list ACLs after {timeout:.0f}s: {missing}")
            await asyncio.sleep(0.1)


async def provision(
    admin: KafkaSettings,
    passwords: Mapping[str, str],
    group_prefix: str = DEFAULT_GROUP_PREFIX,
    replication_factor: int = 1,
) -> None:
    """Topics, then principals (those in ``passwords``) and their ACLs: the platform's whole Kafka setup.

    A principal named ``integrator`` (or any name that is not a service) is granted as an integrator.
    A broker without authentication (admin settings without SASL) gets only the topics.
    """
    await ensure_topics(admin, all_topics(), replication_factor)
    if not admin.sasl_mechanism:
        return
    await set_passwords(admin, passwords)
    integrators = [name for name in passwords if name not in SERVICES]
    await grant(admin, platform_bindings(group_prefix, integrators))


async def add_integrator(admin: KafkaSettings, name: str, password: str) -> None:
    _refuse_platform_principal(name)
    await set_passwords(admin, {name: password})
    await grant(admin, integrator_bindings(name))


async def remove_integrator(admin: KafkaSettings, name: str) -> None:
    """Every ACL of the integrator, then its credentials: it can neither read nor log in again."""
    _refuse_platform_principal(name)
    async with cluster_client(admin, "weerbaar-access") as client:
        response = await client.send(client.get_random_node(), delete_acls_of(principal(name)))
    failures = [f"{code} {message}" for code, message, _ in response.filter_responses if code]
    if failures:
        raise KafkaAccessError(f"Kafka refused to delete the ACLs of {name}: {failures}")
    await _alter_credentials(admin, DeleteScramCredentials([name], ScramMechanism.named(admin.sasl_mechanism or MECHANISM)))


def _refuse_platform_principal(name: str) -> None:
    if name in SERVICES or name == ADMIN:
        raise KafkaAccessError(f"{name!r} is a platform principal, not an integrator")


# -- CLI ---------------------------------------------------------------------------


def passwords_from_env(names: Iterable[str], environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """``KAFKA_<NAME>_PASSWORD`` for each name that has one set."""
    found = {name: environ.get(f"KAFKA_{name.upper()}_PASSWORD", "") for name in names}
    return {name: password for name, password in found.items() if password}


def _ask_password(name: str, env_var: str | None) -> str:
    if env_var:
        password = os.environ.get(env_var, "")
        if not password:
            raise KafkaAccessError(f"{env_var} is empty")
        return password
    password = getpass.getpass(f"Password for Kafka principal {name}: ")
    if password != getpass.getpass("Again: "):
        raise KafkaAccessError("the passwords differ")
    return password


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m shared.ops.kafka_access", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    provision_cmd = commands.add_parser("provision", help="topics, service principals and ACLs")
    provision_cmd.add_argument("--replication-factor", type=int, default=1)
    add = commands.add_parser("add-integrator", help="a principal that may only read the event topics")
    add.add_argument("name")
    add.add_argument("--password-env", help="read the password from this environment variable instead of asking")
    remove = commands.add_parser("remove-integrator", help="remove an integrator's ACLs and credentials")
    remove.add_argument("name")
    show = commands.add_parser("show", help="list ACLs")
    show.add_argument("--principal", help="only this principal's ACLs")
    return parser.parse_args(argv)


async def _run(args: argparse.Namespace) -> None:
    settings = Settings().kafka
    if args.command == "provision":
        passwords = passwords_from_env([*SERVICES, INTEGRATOR])
        missing = sorted(set(SERVICES) - set(passwords))
        if missing:
            raise KafkaAccessError("no password for " + ", ".join(f"KAFKA_{m.upper()}_PASSWORD" for m in missing))
        await provision(settings, passwords, settings.group_prefix, args.replication_factor)
        print(f"provisioned topics and principals: {', '.join(sorted(passwords))}")
    elif args.command == "add-integrator":
        await add_integrator(settings, args.name, _ask_password(args.name, args.password_env))
        print(f"integrator {args.name} may read the event topics with consumer groups named {args.name}.*")
    elif args.command == "remove-integrator":
        await remove_integrator(settings, args.name)
        print(f"integrator {args.name} removed: no ACLs, no credentials")
    else:
        for binding in await list_acls(settings, args.principal):
            print(binding.describe())


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    try:
        asyncio.run(_run(args))
    except KafkaAccessError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
