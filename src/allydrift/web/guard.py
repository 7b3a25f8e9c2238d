"""ASGI middleware that keeps the app read-only, local and small, and adds security headers.

It answers before any route runs: a Host header that names no allowed host gets 400 (a
page elsewhere cannot reach the app by DNS rebinding), methods other than GET/HEAD get
405, a request body gets 413, an overlong URL gets 414. HEAD runs the GET route and sends
its status and headers without the body, so every GET route answers HEAD. Every response
carries headers that stop it being framed, sniffed or used to load third-party scripts.
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_URL = 2048
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
HOSTS_ENV = "ALLYDRIFT_ALLOW_HOSTS"
ALLOWED = frozenset({"GET", "HEAD"})
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' "
        b"'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
        b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ),
]


def host_name(value: str) -> str:
    """The host of a ``Host`` header or an ``--allow-host`` value, without port, lowercased.

    IPv6 addresses keep their brackets (``[::1]``); a bare ``::1`` gets them.
    """
    text = value.strip().lower().rstrip(".")
    if text.startswith("["):
        return text.split("]", 1)[0] + "]"
    if text.count(":") > 1:
        return f"[{text}]"
    return text.split(":", 1)[0].rstrip(".")


def allowed_hosts(extra: Iterable[str] = ()) -> frozenset[str]:
    """The loopback names, the hosts given and those in ``$ALLYDRIFT_ALLOW_HOSTS``.

    ``*`` among them turns the check off.
    """
    names = [*LOOPBACK_HOSTS, *extra, *os.environ.get(HOSTS_ENV, "").split(",")]
    return frozenset(host_name(n) if n.strip() != "*" else "*" for n in names if n.strip())


class Guard:
    """Check the Host; reject writes, bodies and overlong URLs; answer HEAD; add headers."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.hosts = allowed_hosts() if hosts is None else frozenset(hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = _problem(scope, self.hosts)
        if problem is not None:
            await _refuse(send, *problem)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _problem(
    scope: Scope, hosts: frozenset[str]
) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
    if "*" not in hosts:
        for name, value in scope.get("headers", []):
            if name == b"host":
                host = host_name(value.decode("latin-1"))
                if host not in hosts:
                    shown = host if len(host) <= 60 else host[:57] + "..."
                    return (
                        400,
                        f"this allydrift server answers only to {', '.join(sorted(hosts))}; "
                        f"got Host {shown!r}. To serve that name, start it with "
                        "allydrift serve --allow-host NAME",
                        [],
                    )
                break
    method = scope["method"]
    if method not in ALLOWED:
        return (
            405,
            f"the allydrift web app is read-only: use GET or HEAD, not {method}",
            [(b"allow", b"GET, HEAD")],
        )
    length = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
    if length > MAX_URL:
        return 414, f"the URL is {length} bytes long; the limit is {MAX_URL}", []
    for name, value in scope.get("headers", []):
        if name == b"content-length" and value.strip() not in (b"", b"0"):
            return 413, "requests to this read-only app must not carry a body", []
        if name == b"transfer-encoding":
            return 413, "requests to this read-only app must not carry a body", []
    return None


async def _refuse(send: Send, status: int, detail: str, extra: list[tuple[bytes, bytes]]) -> None:
    body = json.dumps({"detail": detail, "status": status}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *extra,
        *SECURITY_HEADERS,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
