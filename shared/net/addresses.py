"""Which IP addresses the platform may call for a user, and how a host may be written.

Pure (``ipaddress`` only). A call goes to a public address only: every
special-purpose range of the IANA IPv4 and IPv6 registries is refused by name, so a
refusal says why. An IPv6 address that carries an IPv4 one (mapped
``::ffff:a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``) is judged by the
IPv4 address inside. A host is a DNS name or an IP address in its standard form:
numeric spellings that only some resolvers accept (``2130706433``, ``0x7f.1``,
``0177.0.0.1``, ``127.1``) are refused whatever they mean.

An explicit allowlist of networks (test receivers on 127.0.0.1) overrides the
ranges; production has none.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class UnsafeAddress(Exception):
    """The platform will not call this address. The message names the rule, never an internal address."""


def _networks(*cidrs: str) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(cidr) for cidr in cidrs)


# In order: the first class an address falls in names the refusal.
SPECIAL_PURPOSE: tuple[tuple[str, tuple[Network, ...]], ...] = (
    ("unspecified", _networks("0.0.0.0/8", "::/128")),
    ("loopback", _networks("127.0.0.0/8", "::1/128")),
    ("private", _networks("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")),
    ("carrier-grade NAT", _networks("100.64.0.0/10")),
    # 169.254.169.254 (and AWS's fd00:ec2::254, private above) answer cloud metadata requests.
    ("link-local or cloud metadata", _networks("169.254.0.0/16", "fe80::/10")),
    ("multicast", _networks("224.0.0.0/4", "ff00::/8")),
    ("reserved", _networks(
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
        "240.0.0.0/4",  # includes the broadcast address 255.255.255.255
        "::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "3fff::/20", "5f00::/16", "fec0::/10",
    )),
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)


def refusal(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public address (the class it falls in), or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            reason = refusal(inner)
            return f"{reason}, inside an IPv6 address" if reason else None
    for name, networks in SPECIAL_PURPOSE:
        if any(ip in network for network in networks):
            return name
    if not ip.is_global:  # anything the standard library knows that the table above does not
        return "not globally reachable"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def ip_literal(host: str) -> IPAddress | None:
    """The IP address ``host`` writes literally, or None for a DNS name.

    Refuses numeric hosts that are not an address in its standard form: resolvers
    read ``2130706433`` or ``0x7f.1`` as 127.0.0.1, a checker reading text might not.
    """
    bare = host.strip("[]")
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    labels = bare.rstrip(".").split(".")
    if ":" in bare or "%" in bare or all(NUMERIC_LABEL.match(label) for label in labels):
        raise UnsafeAddress("write an IP address in its standard form (a.b.c.d or [IPv6]), or use a DNS name")
    return None


@dataclass(frozen=True)
class OutboundPolicy:
    """The rules for one kind of outbound call (webhooks).

    ``allow_http``: plain http besides https (development and tests only).
    ``allowed_networks``: addresses accepted although not public (test receivers).
    """

    allow_http: bool = False
    allowed_networks: tuple[Network, ...] = ()

    @classmethod
    def of(cls, allow_http: bool, allowed_networks: Iterable[str]) -> OutboundPolicy:
        return cls(allow_http, tuple(ipaddress.ip_network(cidr, strict=False) for cidr in allowed_networks))

    def schemes(self) -> tuple[str, ...]:
        return ("https", "http") if self.allow_http else ("https",)

    def check(self, ip: IPAddress) -> None:
        if any(ip in network for network in self.allowed_networks):
            return
        reason = refusal(ip)
        if reason:
            raise UnsafeAddress(f"the host's address is not public ({reason})")
