"""An httpx client that connects only to addresses the guard accepted.

The check runs in the connection pool's network backend, at every new connection,
and the socket is opened to the very address that was checked: the URL keeps its
host name, so TLS (SNI, certificate check) and the Host header are as usual.
Redirects are never followed and proxy settings from the environment are ignored
(a proxy would make the call on our behalf, past the check).
"""

from __future__ import annotations

from collections.abc import Iterable

import httpcore
import httpx

from shared.net.addresses import UnsafeAddress
from shared.net.guard import AddressGuard


class GuardedBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, guard: AddressGuard, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._guard = guard
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._guard.addresses(host, port)
        error: Exception | None = None
        for address in addresses:  # each of them checked; the first that answers is used
            try:
                return await self._inner.connect_tcp(str(address), port, timeout=timeout, local_address=local_address,
                                                     socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failure:
                error = failure
        assert error is not None
        raise error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise UnsafeAddress("local sockets are not reachable")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, backend: httpcore.AsyncNetworkBackend, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, trust_env=False)
        # httpx has no public parameter for the pool's network backend yet (encode/httpx#3749):
        # the pool is rebuilt with ours; httpx keeps doing the request/response translation.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


def guarded_client(guard: AddressGuard, timeout: float, max_connections: int = 20,
                   inner: httpcore.AsyncNetworkBackend | None = None) -> httpx.AsyncClient:
    """One client for all of a service's outbound calls (connection reuse), never following redirects."""
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
    return httpx.AsyncClient(
        transport=GuardedTransport(GuardedBackend(guard, inner), limits),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
    )
