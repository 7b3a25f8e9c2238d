"""Encoded, cache-friendly responses: JSON bytes with an ETag, pages of rows, downloads.

Computed responses are kept as bytes (with their ETag) so a repeated request costs a
dictionary lookup; clients that send ``If-None-Match`` get ``304 Not Modified``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from allydrift.errors import (
    AllydriftError,
    CoverageError,
    MissingExtraError,
    NotCachedError,
    UnknownSourceError,
    UnknownStateError,
)
from allydrift.web.jsonable import plain

MAX_AGE = 300


@dataclass(frozen=True)
class Body:
    """Encoded bytes, their media type and ETag."""

    content: bytes
    media_type: str
    etag: str


def status_for(exc: AllydriftError) -> int:
    """The HTTP status of a domain error."""
    if isinstance(exc, UnknownStateError | UnknownSourceError | CoverageError):
        return 404
    if isinstance(exc, NotCachedError | MissingExtraError):
        return 503
    return 400


def encode(payload: Any) -> Body:
    """JSON bytes of ``payload`` (NaN written as ``null``)."""
    content = json.dumps(
        payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=plain
    ).encode("utf-8")
    return binary(content, "application/json")


def binary(content: bytes, media_type: str) -> Body:
    """A body of any type with a content-derived ETag."""
    return Body(
        content, media_type, '"' + hashlib.blake2b(content, digest_size=12).hexdigest() + '"'
    )


async def reply(
    request: Request,
    key: Hashable,
    build: Callable[[], Any],
    *,
    filename: str | None = None,
    max_age: int = MAX_AGE,
) -> Response:
    """The cached body for ``key``, or 304 if the client has it.

    A hit is answered on the event loop with no thread hop; a miss builds and encodes the
    body in the thread pool, so computing a cold dyad never blocks other requests.
    """
    cache = request.app.state.service.responses
    found, body = cache.peek(key)
    if not found:

        def make() -> Body:
            value = build()
            return value if isinstance(value, Body) else encode(value)

        body = await run_in_threadpool(cache.get, key, make)
    headers = {"ETag": body.etag, "Cache-Control": f"public, max-age={max_age}"}
    if filename is not None:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if request.headers.get("if-none-match") == body.etag:
        return Response(status_code=304, headers=headers)
    return Response(body.content, media_type=body.media_type, headers=headers)


def page(
    request: Request, items: Sequence[dict[str, Any]], limit: int, offset: int
) -> dict[str, Any]:
    """One page of ``items`` with the total and links to the next and previous pages."""
    total = len(items)
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "next": _link(request, offset + limit, limit) if offset + limit < total else None,
        "previous": _link(request, max(offset - limit, 0), limit) if offset > 0 else None,
        "items": list(items[offset : offset + limit]),
    }


def _link(request: Request, offset: int, limit: int) -> str:
    query = {k: v for k, v in request.query_params.items() if k not in ("offset", "limit")}
    query.update(offset=str(offset), limit=str(limit))
    return f"{request.url.path}?{urlencode(query)}"


def query_key(request: Request) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A cache key from the path and the sorted query parameters."""
    return request.url.path, tuple(sorted(request.query_params.multi_items()))
