"""Make any network use fail loudly: an audit hook on every socket and name lookup.

Import and ``install()`` it first thing in a fresh interpreter (before the code under test is
imported). The hook raises on the first network event and also records it, so that a caller
that swallows the exception is still caught: ``attempts`` must stay empty.

Audit hooks see sockets made from Python; ``strace`` (see the desktop test) sees the rest.
"""

from __future__ import annotations

import sys
from typing import Any

NETWORK_EVENTS = frozenset(
    {
        "socket.__new__",
        "socket.connect",
        "socket.bind",
        "socket.sendto",
        "socket.sendmsg",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
        "http.client.connect",
        "urllib.Request",
        "ftplib.connect",
        "smtplib.connect",
    }
)

attempts: list[str] = []


class NetworkUsed(RuntimeError):
    pass


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event in NETWORK_EVENTS:
        attempts.append(f"{event}{args!r:.200}")
        raise NetworkUsed(f"network use: {event}")


def install() -> None:
    sys.addaudithook(_hook)
