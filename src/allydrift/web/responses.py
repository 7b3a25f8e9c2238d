"""Encoded, cache-friendly responses: JSON bytes with an ETag, pages of rows, downloads.

Computed responses are kept as bytes (with their ETag) so a repeated request costs a
dictionary lookup; clients that send ``If-None-Match`` get ``304 Not Modified``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response

from allydrift.errors import (
    AllydriftError,
    ChecksumError,
    CoverageError,
    MissingExtraError,
    NotCachedError,
    UnknownSourceError,
    UnknownStateError,
)
from allydrift.web.jsonable import plain
from allydrift.web.workers import Lane

MAX_AGE = 300


GZIP_MIN = 1024
COMPRESSIBLE = ("application/json", "text/", "application/x-bibtex")


@dataclass(frozen=True)
class Body:
    """Encoded bytes, their media type and ETag, and a gzip copy for large text bodies.

    Compressing once when the body is cached costs a few milliseconds; serving the copy to
    every client that accepts gzip costs nothing (a dyad's JSON shrinks about tenfold).
    """

    content: bytes
    media_type: str
    etag: str
    gzipped: bytes | None = None


def status_for(exc: AllydriftError) -> int:
    """The HTTP status of a domain error."""
    if isinstance(exc, UnknownStateError | UnknownSourceError | CoverageError):
        return 404
    if isinstance(exc, NotCachedError | MissingExtraError | ChecksumError):
        return 503
    return 400


def encode(payload: Any) -> Body:
    """JSON bytes of ``payload`` (NaN written as ``null``)."""
    content = json.dumps(
        payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=plain
    ).encode("utf-8")
    return binary(content, "application/json")


def binary(content: bytes, media_type: str) -> Body:
    """A body of any type with a content-derived ETag (and gzip copy if worth it)."""
    etag = '"' + hashlib.blake2b(content, digest_size=12).hexdigest() + '"'
    squeeze = len(content) >= GZIP_MIN and media_type.startswith(COMPRESSIBLE)
    return Body(content, media_type, etag, gzip.compress(content, 6) if squeeze else None)


async def cached(request: Request, lane: Lane, key: Hashable, build: Callable[[], Any]) -> Any:
    """The value kept for ``key`` in the reply cache, computed in ``lane`` on a miss.

    A hit costs a dictionary lookup on the event loop; concurrent misses of one key share
    one computation; a full lane raises ``Saturated`` (503).
    """
    cache = request.app.state.service.responses
    found, value = cache.peek(key)
    if found:
        return value
    return await request.app.state.workers.run(lane, key, lambda: cache.get(key, build))


async def reply(
    request: Request,
    key: Hashable,
    build: Callable[[], Any],
    *,
    lane: Lane = "heavy",
    filename: str | None = None,
    max_age: int = MAX_AGE,
) -> Response:
    """The cached body for ``key``, or 304 if the client has it.

    A hit is answered on the event loop with no thread hop; a miss builds and encodes the
    body in ``lane`` (``"light"`` for work cut from data in memory, ``"heavy"`` for cold
    computations), so a cold dyad never blocks other requests.
    """

    def make() -> Body:
        value = build()
        return value if isinstance(value, Body) else encode(value)

    body: Body = await cached(request, lane, key, make)
    zipped = body.gzipped is not None and "gzip" in request.headers.get("accept-encoding", "")
    etag = body.etag[:-1] + '-gz"' if zipped else body.etag
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}"}
    if body.gzipped is not None:
        headers["Vary"] = "Accept-Encoding"
    if filename is not None:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if request.headers.get("if-none-match") in (body.etag, etag):
        return Response(status_code=304, headers=headers)
    if zipped:
        headers["Content-Encoding"] = "gzip"
        return Response(body.gzipped, media_type=body.media_type, headers=headers)
    return Response(body.content, media_type=body.media_type, headers=headers)


def clamp_page(total: int, limit: int, offset: int) -> tuple[int, int]:
    """``limit`` and ``offset`` reduced to the rows there are, so that requests for the
    same rows share one cache entry: the offset at most ``total``, the limit at most the
    rows left (at least 1)."""
    offset = min(offset, total)
    return max(1, min(limit, total - offset)), offset


def page(
    request: Request,
    items: Sequence[dict[str, Any]],
    limit: int,
    offset: int,
    query: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One page of ``items`` with the total and links to the next and previous pages.

    The links repeat ``query`` (the normalised parameters; by default the request's own).
    """
    total = len(items)
    if query is None:
        query = {k: v for k, v in request.query_params.items() if k not in ("offset", "limit")}
    path = request.url.path
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "next": _link(path, query, offset + limit, limit) if offset + limit < total else None,
        "previous": _link(path, query, max(offset - limit, 0), limit) if offset > 0 else None,
        "items": list(items[offset : offset + limit]),
    }


def _link(path: str, query: dict[str, Any], offset: int, limit: int) -> str:
    given = {k: str(v) for k, v in query.items() if v is not None}
    given.update(offset=str(offset), limit=str(limit))
    return f"{path}?{urlencode(given)}"


def query_key(request: Request) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A cache key from the path and the sorted query parameters."""
    return request.url.path, tuple(sorted(request.query_params.multi_items()))
