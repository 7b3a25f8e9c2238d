"""Index, drift and rank endpoints, added only when those modules are installed."""

from __future__ import annotations

from fastapi import APIRouter


def router() -> APIRouter:
    """The analysis endpoints available in this installation (none yet)."""
    return APIRouter(prefix="/api/v1", tags=["analysis"])
