"""A deadline for a whole webhook attempt, held on every socket operation.

httpx's timeouts are per operation: a receiver that sends one byte of its answer every nine
seconds never lets a read time out, and so keeps a delivery thread for hours (the excerpt alone
is 800 bytes, a header block may run to 64 KB). A few such receivers would hold every delivery
thread of the deployment and stop the events of every other subscriber. Here each connect, TLS
handshake, write and read waits at most what is left of the attempt, which :func:`deadline`
sets for the calling thread (a :class:`~lrc_api.webhooks.sender.Sender` is used by one thread).
The receiver's name is looked up under the same deadline (:func:`resolver_within`): the system
resolver takes no timeout, and a name server that never answers would otherwise hold the thread
for as long as the resolver's own retries last.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from lrc_api.webhooks.addresses import AddressRefused, Resolver

_local = threading.local()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Within the block, this thread's connections give up ``seconds`` after it began."""
    _local.at = time.monotonic() + seconds
    try:
        yield
    finally:
        _local.at = None


def _left(timeout: float | None, expired: type[Exception]) -> float | None:
    """The wait for one operation: its own timeout, cut to what is left of the attempt."""
    at: float | None = getattr(_local, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise expired("the attempt's time is up (LRC_WEBHOOK_TIMEOUT_SECONDS)")
    return left if timeout is None else min(timeout, left)


def resolver_within(resolver: Resolver) -> Resolver:
    """``resolver`` held to the calling thread's deadline (unchanged outside :func:`deadline`).

    The look-up runs in a daemon thread the attempt waits for at most what is left of its time;
    when that runs out the attempt fails with :class:`AddressRefused` saying so (and is retried
    like any failure), and the abandoned look-up ends on its own — a daemon thread, so it never
    holds up the process's exit.
    """

    def resolve(host: str, port: int) -> list[str]:
        at: float | None = getattr(_local, "at", None)
        if at is None:
            return resolver(host, port)
        outcome: list[list[str] | BaseException] = []

        def look_up() -> None:
            try:
                outcome.append(resolver(host, port))
            except BaseException as exc:  # handed to the waiting attempt
                outcome.append(exc)

        thread = threading.Thread(target=look_up, name="lrc-webhooks-dns", daemon=True)
        thread.start()
        thread.join(max(0.0, at - time.monotonic()))
        if not outcome:
            raise AddressRefused(
                f"{host!r} did not resolve within the attempt's time (LRC_WEBHOOK_TIMEOUT_SECONDS)"
            )
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result

    return resolve


class _Stream(httpcore.NetworkStream):
    """A connection whose every operation is held to the attempt's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = _left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, wait))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """httpcore's own blocking sockets, each wrapped in a :class:`_Stream`."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        wait = _left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_tcp(host, port, wait, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:  # pragma: no cover - receivers are reached over TCP
        raise httpcore.ConnectError("webhook receivers are reached over TCP only")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def transport() -> httpx.HTTPTransport:
    """An httpx transport (no proxy from the environment) whose sockets keep the deadline."""
    out = httpx.HTTPTransport(trust_env=False)
    # httpx takes no network backend; its pool holds one (httpcore.ConnectionPool's own field).
    out._pool._network_backend = _Backend()
    return out
