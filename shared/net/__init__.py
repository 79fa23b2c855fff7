"""Outbound calls to addresses that users chose (webhooks): checked before they are
stored and again at every connection, so the platform never becomes a proxy into
its own network (server-side request forgery).

- ``addresses``: which IP addresses are public, and which spellings of a host are accepted (pure).
- ``guard``: resolves a host and refuses it unless every address is public or explicitly allowed.
- ``transport``: an httpx client that connects only to the addresses the guard checked.
"""

from shared.net.addresses import OutboundPolicy, UnsafeAddress
from shared.net.guard import AddressGuard, Resolver, system_resolver
from shared.net.transport import guarded_client

__all__ = ["AddressGuard", "OutboundPolicy", "Resolver", "UnsafeAddress", "guarded_client", "system_resolver"]
