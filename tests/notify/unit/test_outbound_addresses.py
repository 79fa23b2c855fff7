"""No server-side request forgery (issue 10): every address class is refused when a
webhook is registered and again when it is called, whatever the URL spells or the
DNS answers; the call goes to the very address that was checked."""

from __future__ import annotations

import httpcore
import httpx
import pytest

from shared.net import AddressGuard, OutboundPolicy, UnsafeAddress, guarded_client

PRODUCTION = OutboundPolicy()  # https only, no allowlist
DEVELOPMENT = OutboundPolicy.of(allow_http=True, allowed_networks=["127.0.0.1/32"])

# (what it is, the address) for each class the issue lists, IPv4 and IPv6.
UNSAFE = [
    ("loopback", "127.0.0.1"), ("loopback elsewhere in 127/8", "127.0.0.2"), ("IPv6 loopback", "::1"),
    ("private 10/8", "10.1.2.3"), ("private 172.16/12", "172.16.5.4"), ("private 192.168/16", "192.168.1.1"),
    ("unique local IPv6", "fd12:3456::1"), ("AWS IPv6 metadata", "fd00:ec2::254"),
    ("cloud metadata", "169.254.169.254"), ("IPv6 link-local", "fe80::1"),
    ("unspecified", "0.0.0.0"), ("IPv6 unspecified", "::"),
    ("carrier-grade NAT", "100.64.0.1"), ("Alibaba metadata (CGNAT)", "100.100.100.200"),
    ("multicast", "224.0.0.251"), ("IPv6 multicast", "ff02::1"),
    ("reserved", "240.0.0.1"), ("broadcast", "255.255.255.255"), ("IETF assignments (Oracle metadata)", "192.0.0.192"),
    ("documentation", "203.0.113.9"), ("benchmarking", "198.18.0.1"),
    ("IPv4-mapped loopback", "::ffff:127.0.0.1"), ("IPv4-mapped metadata", "::ffff:169.254.169.254"),
    ("NAT64 of loopback", "64:ff9b::7f00:1"), ("6to4 of private", "2002:c0a8:0101::1"),
    ("IPv4-compatible (deprecated)", "::127.0.0.1"),
]
# Spellings resolvers read as 127.0.0.1 (or 0.0.0.0) that a text check might not.
ODD_SPELLINGS = ["2130706433", "0x7f.1", "0x7f000001", "0177.0.0.1", "127.1", "0", "017700000001"]


class Resolver:
    """A DNS that answers what the test says, and counts its questions."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers, self.asked = answers, 0

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked += 1
        if host not in self.answers:
            raise OSError("no such host")
        return self.answers[host]


class RecordingBackend(httpcore.AsyncNetworkBackend):
    """Stands in for the network: records where a connection would go, and goes nowhere."""

    def __init__(self) -> None:
        self.connects: list[tuple[str, int]] = []

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # type: ignore[no-untyped-def]
        self.connects.append((host, port))
        raise httpcore.ConnectError("recorded, not connected")

    async def sleep(self, seconds: float) -> None:
        pass


def literal(address: str) -> str:
    return f"[{address}]" if ":" in address else address


@pytest.mark.parametrize(("kind", "address"), UNSAFE)
async def test_every_address_class_is_refused_at_registration_literal_or_by_name(kind, address):
    guard = AddressGuard(PRODUCTION, Resolver({"hook.example.nl": [address]}))
    with pytest.raises(UnsafeAddress, match="not public"):
        await guard.check_url(f"https://{literal(address)}/hook")
    with pytest.raises(UnsafeAddress, match="not public"):
        await guard.check_url("https://hook.example.nl/hook")


@pytest.mark.parametrize(("kind", "address"), UNSAFE)
async def test_every_address_class_is_refused_at_delivery_before_any_connection(kind, address):
    network = RecordingBackend()
    guard = AddressGuard(PRODUCTION, Resolver({"hook.example.nl": [address]}))
    async with guarded_client(guard, timeout=2, inner=network) as client:
        for url in (f"https://{literal(address)}/hook", "https://hook.example.nl/hook"):
            with pytest.raises(UnsafeAddress):
                await client.post(url, content=b"{}")
    assert network.connects == [], "nothing was connected to"


@pytest.mark.parametrize("host", ODD_SPELLINGS)
async def test_numeric_spellings_of_an_address_are_refused(host):
    guard = AddressGuard(DEVELOPMENT, Resolver({}))
    with pytest.raises(UnsafeAddress, match="standard form|not a valid web address"):  # httpx itself refuses 0177.0.0.1
        await guard.check_url(f"http://{host}:8001/")
    network = RecordingBackend()
    async with guarded_client(guard, timeout=2, inner=network) as client:
        with pytest.raises((UnsafeAddress, httpx.InvalidURL)):
            await client.post(f"http://{host}:8001/", content=b"{}")
    assert network.connects == []


async def test_a_name_with_one_internal_address_among_public_ones_is_refused():
    guard = AddressGuard(PRODUCTION, Resolver({"mixed.example.nl": ["93.184.216.34", "10.0.0.5"]}))
    with pytest.raises(UnsafeAddress, match="private"):
        await guard.check_url("https://mixed.example.nl/")


async def test_a_name_that_resolves_to_loopback_is_refused_even_in_development_outside_the_allowlist():
    guard = AddressGuard(DEVELOPMENT, Resolver({"localhost": ["127.0.0.1", "::1"], "intern.test": ["127.0.0.2"]}))
    for url in ("http://localhost:8001/", "http://intern.test:8001/"):
        with pytest.raises(UnsafeAddress, match="loopback"):
            await guard.check_url(url)


async def test_the_system_resolver_refuses_localhost():
    with pytest.raises(UnsafeAddress, match="loopback"):
        await AddressGuard(PRODUCTION).check_url("https://localhost:8001/v1/feed")


@pytest.mark.parametrize(("url", "reason"), [
    ("http://hook.example.nl/", "https://"),
    ("ftp://hook.example.nl/", "https://"),
    ("file:///etc/passwd", "https://"),
    ("https://user:secret@hook.example.nl/", "user name or password"),
    ("https:///nohost", "names no host"),
    ("https://unknown.example.nl/", "cannot be resolved"),
])
async def test_form_rules_in_production(url, reason):
    guard = AddressGuard(PRODUCTION, Resolver({"hook.example.nl": ["93.184.216.34"]}))
    with pytest.raises(UnsafeAddress, match=reason):
        await guard.check_url(url)


async def test_a_public_host_passes_and_the_call_goes_to_the_address_that_was_checked():
    network = RecordingBackend()
    resolver = Resolver({"hook.example.nl": ["93.184.216.34"]})
    guard = AddressGuard(PRODUCTION, resolver)
    await guard.check_url("https://hook.example.nl/hook")
    async with guarded_client(guard, timeout=2, inner=network) as client:
        with pytest.raises(httpx.ConnectError):
            await client.post("https://hook.example.nl:8443/hook", content=b"{}")
    assert network.connects == [("93.184.216.34", 8443)], "connected to the checked IP, not to a second DNS answer"


async def test_dns_rebinding_after_registration_is_refused_at_the_connection():
    """The name answers a public address at registration and loopback at delivery."""
    network = RecordingBackend()
    resolver = Resolver({"rebind.example.nl": ["93.184.216.34"]})
    guard = AddressGuard(PRODUCTION, resolver)
    await guard.check_url("https://rebind.example.nl/hook")
    resolver.answers["rebind.example.nl"] = ["127.0.0.1"]
    async with guarded_client(guard, timeout=2, inner=network) as client:
        with pytest.raises(UnsafeAddress, match="loopback"):
            await client.post("https://rebind.example.nl/hook", content=b"{}")
    assert network.connects == []


async def test_the_allowlist_admits_only_its_networks():
    guard = AddressGuard(DEVELOPMENT, Resolver({"receiver.test": ["127.0.0.1"]}))
    await guard.check_url("http://receiver.test:9000/hook")
    await guard.check_url("http://127.0.0.1:9000/hook")
    with pytest.raises(UnsafeAddress):
        await guard.check_url("http://127.0.0.2:9000/hook")
