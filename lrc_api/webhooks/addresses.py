"""Where a webhook may be sent: http(s) URLs whose every address is public or explicitly allowed.

A receiver URL is checked when a subscription is written *and* before every attempt: its host is
resolved, every address it resolves to must be public (``ip.is_global``) or inside
``LRC_WEBHOOK_ALLOWED_NETWORKS``, and the attempt connects to the address that was checked (never
resolving again), so a name that re-points to an internal address after the check (DNS
rebinding) gets nowhere. Loopback, private, link-local (cloud metadata at 169.254.169.254),
shared, reserved and multicast addresses are refused unless allowed, and so are IPv6 addresses
that carry one of them (NAT64, 6to4, Teredo, IPv4-compatible).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from urllib.parse import urlsplit

IpAddress = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network
Resolver = Callable[[str, int], list[str]]
"""``(host, port) -> [address text, …]``; the default asks the system resolver."""

MAX_URL_LENGTH = 2000
"""Longest receiver URL accepted."""


class AddressRefused(ValueError):
    """The URL or one of its addresses may not receive webhooks; the message says why."""


@dataclass(frozen=True, slots=True)
class Target:
    """A checked receiver: the URL's parts and the address to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    address: IpAddress

    @property
    def pinned_url(self) -> str:
        """The URL with the checked address in place of the host name."""
        literal = f"[{self.address}]" if self.address.version == 6 else str(self.address)
        return f"{self.scheme}://{literal}:{self.port}{self.path}"

    @property
    def host_header(self) -> str:
        """The Host header the receiver expects (the name, with a non-default port)."""
        default = 443 if self.scheme == "https" else 80
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == default else f"{name}:{self.port}"


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host`` (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def parse_url(url: str) -> tuple[str, str, int, str]:
    """Split a receiver URL into scheme, host, port and path-with-query; refuse what may not be one."""
    if len(url) > MAX_URL_LENGTH:
        raise AddressRefused(f"longer than {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise AddressRefused(f"not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise AddressRefused("only http and https URLs can receive webhooks")
    if parts.username is not None or parts.password is not None:
        raise AddressRefused("credentials in the URL are not allowed; receivers check signatures")
    if parts.fragment:
        raise AddressRefused("a URL fragment is never sent; remove it")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise AddressRefused("the URL names no host")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port or (443 if scheme == "https" else 80), path


_NAT64 = IPv6Network("64:ff9b::/96")
"""The well-known NAT64 prefix (RFC 6052): its last 32 bits are the IPv4 host reached."""

_NEVER_V6 = (IPv6Network("64:ff9b:1::/48"), IPv6Network("fec0::/10"))
"""Local-use NAT64 (RFC 8215; where the IPv4 address sits is the network's choice) and the
deprecated site-local block, which Python's ``is_global`` still counts as public."""


def embedded_ipv4(address: IPv6Address) -> IPv4Address | None:
    """The IPv4 host an IPv6 address leads to, where it carries one: IPv4-mapped, 6to4
    (2002::/16), Teredo (2001::/32), NAT64 (64:ff9b::/96) or the old IPv4-compatible ``::a.b.c.d``.

    On a network with a NAT64 gateway or a 6to4 relay, ``64:ff9b::a9fe:a9fe`` *is* the cloud
    metadata service 169.254.169.254; the IPv6 address alone looks public.
    """
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    value = int(address)
    if address in _NAT64 or 1 < value < 1 << 32:
        return IPv4Address(value & 0xFFFFFFFF)
    return None


def address_allowed(address: IpAddress, allowed: Sequence[Network]) -> bool:
    """Whether a receiver may be at ``address``: public, or inside an allowed network; an IPv6
    address that leads to an IPv4 host only if that host may be the receiver too."""
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    if any(address.version == net.version and address in net for net in allowed):
        return True
    if isinstance(address, IPv6Address):
        if any(address in net for net in _NEVER_V6):
            return False
        inner = embedded_ipv4(address)
        if inner is not None and not address_allowed(inner, allowed):
            return False
    return address.is_global and not address.is_multicast


def check(url: str, allowed: Sequence[Network], resolver: Resolver = system_resolver) -> Target:
    """The receiver to connect to for ``url``; :class:`AddressRefused` saying why when none may be.

    Every address the host resolves to must be allowed (not only the first), so a name that lists
    a public and an internal address is refused rather than tried on the internal one later.
    """
    scheme, host, port, path = parse_url(url)
    try:
        literal: IpAddress | None = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        texts = [str(literal)]
    else:
        try:
            texts = resolver(host, port)
        except (OSError, UnicodeError):
            raise AddressRefused(f"cannot resolve host {host!r}") from None
        if not texts:
            raise AddressRefused(f"cannot resolve host {host!r}")
    addresses = [ipaddress.ip_address(t.split("%", 1)[0]) for t in texts]
    for address in addresses:
        if not address_allowed(address, allowed):
            raise AddressRefused(
                f"{host} resolves to {address}, a private, loopback or reserved address; "
                "the deployment does not allow receivers there (LRC_WEBHOOK_ALLOWED_NETWORKS)"
            )
    return Target(scheme=scheme, host=host, port=port, path=path, address=addresses[0])
