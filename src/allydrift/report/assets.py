"""Offline assets: the Vega/Vega-Lite/vega-embed JavaScript, bundled and cached on disk."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

from allydrift import config


def vega_lite_version() -> str:
    """The Vega-Lite version Altair writes specs for, e.g. ``6.4``."""
    import altair as alt

    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


@cache
def javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script (no CDN), cached in the user cache."""
    import vl_convert as vlc

    version = vega_lite_version()
    vlc_version = vlc.__version__  # type: ignore[attr-defined]  # stub omits __version__
    target = config.cache_dir() / "assets" / f"vega-bundle-{vlc_version}-vl{version}.js"
    if target.is_file():
        return target.read_text(encoding="utf-8")
    # the stub makes snippet required; at runtime it defaults to None
    text = vlc.javascript_bundle(vl_version=version)  # type: ignore[call-arg]
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, target)
    return text


def asset_path(name: str) -> Path:
    """A file shipped in this package (templates, styles)."""
    return Path(__file__).with_name(name)
