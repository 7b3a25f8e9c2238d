"""The allydrift web app: a read-only JSON API and a dashboard, built on FastAPI.

``create_app()`` returns the ASGI app (for tests and other servers); ``serve()`` runs it
with uvicorn on the loopback interface. FastAPI and uvicorn are the ``web`` extra.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from typing import TYPE_CHECKING, Any

from allydrift.errors import MissingExtraError

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "features", "serve"]

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8765


@cache
def features() -> dict[str, bool]:
    """Which optional analyses are installed (the app hides what is missing)."""
    return {
        "index": _has("allydrift.index"),
        "drift": _has("allydrift.drift"),
    }


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def create_app(**kwargs: Any) -> FastAPI:
    """The FastAPI app; keyword arguments go to ``allydrift.web.app.build``."""
    try:
        from allydrift.web.app import build
    except ImportError as exc:
        raise MissingExtraError.for_module(exc.name or "fastapi", "web") from None
    return build(**kwargs)


def serve(
    host: str = LOOPBACK,
    port: int = DEFAULT_PORT,
    log_level: str = "warning",
    **options: Any,
) -> None:
    """Run the app with uvicorn (loopback by default) until interrupted.

    ``options`` go to ``create_app`` (``limits``, ``hosts``). The address served on is
    allowed in the Host header unless it is a wildcard (``0.0.0.0``, ``::``).
    """
    try:
        import uvicorn
    except ImportError:
        msg = "uvicorn"
        raise MissingExtraError.for_module(msg, "web") from None
    hosts = list(options.pop("hosts", ()))
    if host not in ("0.0.0.0", "::", ""):
        hosts.append(host)
    app = create_app(hosts=hosts, **options)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False)
