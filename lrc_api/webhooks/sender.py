"""One HTTP attempt: POST the signed body to the checked address, keep a short excerpt of the answer.

No redirects are followed (a redirect could lead to an address that was never checked), no
proxy from the environment is used, and the connection goes to the address :mod:`addresses`
checked, with the receiver's name in ``Host`` and in TLS (SNI and certificate check). Connections
are kept alive per (name, address), so two names on one address never share a TLS session.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from lrc_api.core.text import printable
from lrc_api.webhooks.addresses import AddressRefused, Network, Resolver, check, system_resolver
from lrc_api.webhooks.deadline import deadline, resolver_within, transport

EXCERPT_CHARS = 200
"""At most this much of a receiver's answer is kept (for the deliveries log)."""

_EXCERPT_BYTES = EXCERPT_CHARS * 4
_MAX_CLIENTS = 32


@dataclass(frozen=True, slots=True)
class Attempt:
    """What one attempt gave: the HTTP status (None when none came back), an error, timings."""

    status_code: int | None
    error: str | None
    excerpt: str | None
    duration_ms: float

    @property
    def succeeded(self) -> bool:
        """A 2xx answer."""
        return self.status_code is not None and 200 <= self.status_code < 300


class Sender:
    """Sends attempts; one per delivery thread (httpx clients are reused, not shared across threads)."""

    def __init__(
        self,
        *,
        timeout: float,
        allowed: Sequence[Network],
        resolver: Resolver = system_resolver,
        user_agent: str = "lrc-webhooks/1",
    ) -> None:
        self._seconds = timeout
        self._timeout = httpx.Timeout(timeout)
        self._allowed = list(allowed)
        self._resolver = resolver_within(resolver)
        self._user_agent = user_agent
        self._clients: OrderedDict[tuple[str, str, int, str], httpx.Client] = OrderedDict()

    def close(self) -> None:
        """Close every kept connection."""
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def _client(self, key: tuple[str, str, int, str]) -> httpx.Client:
        client = self._clients.pop(key, None)
        if client is None:
            client = httpx.Client(
                timeout=self._timeout,
                follow_redirects=False,
                trust_env=False,
                transport=transport(),
            )
            while len(self._clients) >= _MAX_CLIENTS:
                self._clients.popitem(last=False)[1].close()
        self._clients[key] = client
        return client

    def send(self, url: str, body: str, headers: dict[str, str]) -> Attempt:
        """POST ``body`` to ``url`` (checked again now) with ``headers``; never raises.

        The whole attempt — connecting, sending, the answer's head and excerpt — ends within the
        timeout, however slowly the receiver trickles bytes (see :mod:`.deadline`).
        """
        with deadline(self._seconds):
            return self._send(url, body, headers)

    def _send(self, url: str, body: str, headers: dict[str, str]) -> Attempt:
        started = time.perf_counter()

        def done(code: int | None, error: str | None, excerpt: str | None = None) -> Attempt:
            elapsed = (time.perf_counter() - started) * 1000
            return Attempt(code, error, excerpt, round(elapsed, 2))

        try:
            target = check(url, self._allowed, self._resolver)
        except AddressRefused as exc:
            return done(None, f"refused: {exc}"[:300])
        client = self._client((target.scheme, target.host, target.port, str(target.address)))
        request_headers = {
            **headers,
            "Host": target.host_header,
            "Content-Type": "application/json",
            "User-Agent": self._user_agent,
        }
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        try:
            with client.stream(
                "POST",
                target.pinned_url,
                content=body.encode("utf-8"),
                headers=request_headers,
                extensions=extensions,
            ) as response:
                raw = b""
                for chunk in response.iter_raw():
                    raw += chunk
                    if len(raw) >= _EXCERPT_BYTES:
                        break  # the rest is not read, let alone kept
                # The answer is the receiver's to choose: a NUL cannot be stored in PostgreSQL
                # (the attempt's row would fail to write, and the event be sent again forever),
                # and escapes or bidi controls would reach whoever reads the log.
                text = raw[:_EXCERPT_BYTES].decode("utf-8", "replace")[:EXCERPT_CHARS]
                excerpt = printable(text) or None
                error = None
                if 300 <= response.status_code < 400:
                    error = "redirects are not followed; subscribe the final URL"
                elif not 200 <= response.status_code < 300:
                    error = f"HTTP {response.status_code}"
                return done(response.status_code, error, excerpt)
        except httpx.TimeoutException as exc:
            return done(None, f"timeout ({type(exc).__name__})")
        except httpx.HTTPError as exc:
            return done(None, printable(f"{type(exc).__name__}: {exc}"[:300]))
