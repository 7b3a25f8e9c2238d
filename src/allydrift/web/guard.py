"""ASGI middleware that keeps the app read-only and small, and adds security headers.

It answers before any route runs: methods other than GET/HEAD get 405, a request body
gets 413, an overlong URL gets 414. Every response carries headers that stop it being
framed, sniffed or used to load third-party scripts.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_URL = 2048
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


class Guard:
    """Reject writes, bodies and overlong URLs; add security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = _problem(scope)
        if problem is not None:
            await _refuse(send, *problem)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _problem(scope: Scope) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
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
