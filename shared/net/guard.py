"""Resolves a host and refuses it unless every address it has is acceptable.

Used twice for a webhook: when its URL is registered (a clear refusal for the
user) and inside the HTTP client's connect, for every connection, with the
address that is then connected to (so a DNS answer that changes between the check
and the call, DNS rebinding, cannot slip through).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import httpx

from shared.net.addresses import IPAddress, OutboundPolicy, UnsafeAddress, ip_literal

# (host, port) -> the addresses it resolves to, as text; tests inject their own.
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]
DEFAULT_PORTS = {"http": 80, "https": 443}


async def system_resolver(host: str, port: int) -> Sequence[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int


class AddressGuard:
    def __init__(self, policy: OutboundPolicy, resolver: Resolver = system_resolver, timeout: float = 5.0) -> None:
        self.policy = policy
        self.resolver = resolver  # replaceable at run time: tests play DNS rebinding with it
        self._timeout = timeout

    def target(self, url: str) -> Target:
        """Scheme, host and port of ``url`` if its form is acceptable; no DNS yet.

        Parsed with httpx, the parser that later makes the call, so the host checked
        is the host called.
        """
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError, TypeError):
            raise UnsafeAddress("not a valid web address") from None
        if parsed.scheme not in self.policy.schemes():
            raise UnsafeAddress(f"the address must start with {' or '.join(s + '://' for s in self.policy.schemes())}")
        if parsed.userinfo:
            raise UnsafeAddress("the address may not carry a user name or password")
        host = parsed.raw_host.decode("ascii")
        if not host:
            raise UnsafeAddress("the address names no host")
        ip_literal(host)  # refuses odd numeric spellings now, with a clear reason
        return Target(parsed.scheme, host, parsed.port or DEFAULT_PORTS[parsed.scheme])

    async def check_url(self, url: str) -> Target:
        target = self.target(url)
        await self.addresses(target.host, target.port)
        return target

    async def addresses(self, host: str, port: int) -> list[IPAddress]:
        """Every address of ``host``, each acceptable; refuses the host if one is not."""
        literal = ip_literal(host)
        candidates = [literal] if literal is not None else await self._resolve(host, port)
        for address in candidates:
            self.policy.check(address)
        return candidates

    async def _resolve(self, host: str, port: int) -> list[IPAddress]:
        try:
            async with asyncio.timeout(self._timeout):
                answers = await self.resolver(host, port)
        except (OSError, TimeoutError):
            raise UnsafeAddress("the host name cannot be resolved") from None
        # getaddrinfo writes a scoped IPv6 address as fe80::1%eth0; the scope does not change its class.
        addresses = [ipaddress.ip_address(answer.split("%", 1)[0]) for answer in answers]
        if not addresses:
            raise UnsafeAddress("the host name cannot be resolved")
        return addresses
