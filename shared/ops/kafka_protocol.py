"""Kafka admin requests that aiokafka's admin client does not offer: creating ACLs
in one batch, listing them, and setting a user's SCRAM credentials.

The request and response layouts follow Kafka's protocol definitions
(CreateAcls v1, DescribeAcls v1, AlterUserScramCredentials v0); aiokafka's
protocol types do the encoding, and its client negotiates the version and
authenticates the connection.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from aiokafka.protocol.admin import CreateAclsRequest_v1, DeleteAclsRequest, DescribeAclsRequest_v1
from aiokafka.protocol.api import Request, RequestStruct, Response
from aiokafka.protocol.types import (
    CompactArray,
    CompactBytes,
    CompactString,
    Int8,
    Int16,
    Int32,
    Schema,
    TaggedFields,
)

SCRAM_ITERATIONS = 8192


class ResourceType(IntEnum):
    TOPIC = 2
    GROUP = 3
    CLUSTER = 4
    TRANSACTIONAL_ID = 5


class PatternType(IntEnum):
    ANY = 1
    LITERAL = 3
    PREFIXED = 4


class Operation(IntEnum):
    ANY = 1
    ALL = 2
    READ = 3
    WRITE = 4
    CREATE = 5
    DESCRIBE = 8
    IDEMPOTENT_WRITE = 12


class Permission(IntEnum):
    ANY = 1
    ALLOW = 3


class ScramMechanism(IntEnum):
    SCRAM_SHA_256 = 1
    SCRAM_SHA_512 = 2

    @classmethod
    def named(cls, name: str) -> ScramMechanism:
        return cls[name.upper().replace("-", "_")]

    @property
    def digest(self) -> str:
        return "sha256" if self is ScramMechanism.SCRAM_SHA_256 else "sha512"


@dataclass(frozen=True, order=True)
class AclBinding:
    """One ALLOW rule: principal may do operation on the resource (a name, or every name with that prefix)."""

    principal: str
    resource_type: ResourceType
    resource_name: str
    pattern: PatternType
    operation: Operation

    def describe(self) -> str:
        prefixed = "*" if self.pattern is PatternType.PREFIXED else ""
        return f"{self.principal} {self.operation.name} {self.resource_type.name} {self.resource_name}{prefixed}"


class CreateAcls(Request[CreateAclsRequest_v1]):
    """CreateAcls with many bindings in one request (aiokafka's sends one)."""

    API_KEY = 30

    def __init__(self, bindings: Sequence[AclBinding]) -> None:
        self._bindings = bindings

    def build(self, request_struct_class: type[CreateAclsRequest_v1]) -> CreateAclsRequest_v1:
        return request_struct_class(
            [
                (b.resource_type, b.resource_name, b.pattern, b.principal, "*", b.operation, Permission.ALLOW)
                for b in self._bindings
            ]
        )


class DescribeAllAcls(Request[DescribeAclsRequest_v1]):
    """DescribeAcls matching every ACL of one principal (or of all, principal None)."""

    API_KEY = 29

    def __init__(self, principal: str | None = None) -> None:
        self._principal = principal

    def build(self, request_struct_class: type[DescribeAclsRequest_v1]) -> DescribeAclsRequest_v1:
        any_resource = 1
        return request_struct_class(
            any_resource, None, PatternType.ANY, self._principal, None, Operation.ANY, Permission.ANY
        )


def delete_acls_of(principal: str) -> DeleteAclsRequest:
    """DeleteAcls of every ACL of one principal, whatever resource and pattern."""
    any_resource = 1
    return DeleteAclsRequest(
        any_resource, None, PatternType.ANY, principal, None, Operation.ANY, Permission.ANY  # type: ignore[arg-type]
    )


def bindings_from_describe(response: Any) -> list[AclBinding]:
    found = []
    for resource_type, name, pattern, acls in response.resources:
        for principal, _host, operation, _permission in acls:
            found.append(
                AclBinding(principal, ResourceType(resource_type), name, PatternType(pattern), Operation(operation))
            )
    return sorted(found)


class AlterUserScramCredentialsResponse_v0(Response):
    API_KEY = 51
    API_VERSION = 0
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        (
            "results",
            CompactArray(
                ("user", CompactString("utf-8")),
                ("error_code", Int16),
                ("error_message", CompactString("utf-8")),
                ("tags", TaggedFields),
            ),
        ),
        ("tags", TaggedFields),
    )


class AlterUserScramCredentialsRequest_v0(RequestStruct):
    FLEXIBLE_VERSION = True
    API_KEY = 51
    API_VERSION = 0
    RESPONSE_TYPE = AlterUserScramCredentialsResponse_v0
    SCHEMA = Schema(
        (
            "deletions",
            CompactArray(("name", CompactString("utf-8")), ("mechanism", Int8), ("tags", TaggedFields)),
        ),
        (
            "upsertions",
            CompactArray(
                ("name", CompactString("utf-8")),
                ("mechanism", Int8),
                ("iterations", Int32),
                ("salt", CompactBytes),
                ("salted_password", CompactBytes),
                ("tags", TaggedFields),
            ),
        ),
        ("tags", TaggedFields),
    )


class UpsertScramCredentials(Request[AlterUserScramCredentialsRequest_v0]):
    """Set (create or replace) SCRAM credentials. The password never leaves this
    process: the broker gets a fresh salt and the salted password (RFC 5802 Hi())."""

    API_KEY = 51

    def __init__(self, users: dict[str, str], mechanism: ScramMechanism) -> None:
        self._users = users
        self._mechanism = mechanism

    def build(
        self, request_struct_class: type[AlterUserScramCredentialsRequest_v0]
    ) -> AlterUserScramCredentialsRequest_v0:
        upsertions = []
        for name, password in self._users.items():
            salt = secrets.token_bytes(32)
            salted = hashlib.pbkdf2_hmac(self._mechanism.digest, password.encode(), salt, SCRAM_ITERATIONS)
            upsertions.append((name, self._mechanism, SCRAM_ITERATIONS, salt, salted, {}))
        return request_struct_class([], upsertions, {})


class DeleteScramCredentials(Request[AlterUserScramCredentialsRequest_v0]):
    """Remove users' SCRAM credentials: from then on they cannot authenticate."""

    API_KEY = 51

    def __init__(self, users: list[str], mechanism: ScramMechanism) -> None:
        self._users = users
        self._mechanism = mechanism

    def build(
        self, request_struct_class: type[AlterUserScramCredentialsRequest_v0]
    ) -> AlterUserScramCredentialsRequest_v0:
        return request_struct_class([(name, self._mechanism, {}) for name in self._users], [], {})
