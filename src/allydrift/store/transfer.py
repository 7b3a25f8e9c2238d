"""Fill the cache with verified upstream files: from the canonical URL or from a mirror.

Every write is atomic: bytes go to a temporary file beside the target, the sha256 is
checked, and only then is the file renamed into place. A failed, interrupted or
corrupted transfer therefore never leaves a partial file, and never replaces a good one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from allydrift import config
from allydrift.errors import ChecksumError, NotCachedError
from allydrift.store.registry import FileEntry, entries

CHUNK = 1 << 20


def local_path(entry: FileEntry) -> Path:
    """Where ``entry`` lives in the cache (whether or not it is there yet)."""
    return config.files_dir() / entry.relpath


def is_cached(entry: FileEntry) -> bool:
    """True if the file is in the cache with the registered size."""
    path = local_path(entry)
    return path.is_file() and path.stat().st_size == entry.size


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def verify(entry: FileEntry, path: Path | None = None) -> Path:
    """Check the cached file against its pinned sha256; raise ``ChecksumError`` if it differs."""
    path = path or local_path(entry)
    found = sha256_of(path)
    if found != entry.sha256:
        raise ChecksumError(
            f"the cached file {path} is corrupted: sha256 {found} does not match the pinned "
            f"{entry.sha256}. Fetch it again with: allydrift fetch {entry.dataset} --force"
        )
    return path


def _install(entry: FileEntry, copy_into: Callable[[Path], None], origin: str) -> Path:
    """Write a file via ``copy_into(tmp_path)``, verify it, and rename it into the cache."""
    target = local_path(entry)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        copy_into(tmp)
        found = sha256_of(tmp)
        if found != entry.sha256:
            raise ChecksumError(
                f"{origin} does not match the pinned checksum of {entry.url}: expected sha256 "
                f"{entry.sha256}, got {found}. The file was not stored (the cache is unchanged). "
                "Check that the mirror holds the unmodified upstream file, or fetch it from the "
                "canonical URL by leaving out --from."
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def import_from_mirror(entry: FileEntry, mirror: Path) -> Path:
    """Copy one file from a mirror laid out as ``<mirror>/<host>/<url path>`` into the cache."""
    source = mirror / entry.relpath
    if not source.is_file():
        raise NotCachedError(
            f"the mirror {mirror} has no file {entry.relpath} (data set '{entry.dataset}'). "
            "Expected the layout <mirror>/<host>/<path of the URL>, as in its MANIFEST.tsv."
        )
    return _install(entry, lambda tmp: shutil.copyfile(source, tmp), f"the mirror file {source}")


def fetch_one_from(entry: FileEntry, mirror: Path | None, progress: bool = True) -> Path:
    """Fetch one file again, from ``mirror`` if given, else from its canonical URL."""
    if mirror is not None:
        return import_from_mirror(entry, mirror)
    return download(entry, progress=progress)


def download(entry: FileEntry, progress: bool = True) -> Path:
    """Download one file from its canonical URL (via pooch) into the cache."""
    import pooch

    def _get(tmp: Path) -> None:
        downloader = pooch.HTTPDownloader(progressbar=progress, timeout=60)
        try:
            downloader(entry.url, str(tmp), None)
        except Exception as exc:  # network errors come in many types
            raise NotCachedError(
                f"could not download {entry.url} ({type(exc).__name__}: {exc}). Run "
                f"allydrift fetch {entry.dataset} when online; if this machine is offline, import "
                f"a mirror instead: allydrift fetch --from DIR (or set {config.MIRROR_ENV}=DIR)"
            ) from exc

    return _install(entry, _get, f"the download of {entry.url}")


def ensure(entry: FileEntry, progress: bool = True) -> Path:
    """Return the cached path of ``entry``, fetching it first if it is missing.

    The mirror named by ``$ALLYDRIFT_MIRROR`` is tried before the network.
    """
    if is_cached(entry):
        return local_path(entry)
    mirror = config.mirror_dir()
    if mirror is not None and (mirror / entry.relpath).is_file():
        return import_from_mirror(entry, mirror)
    if config.offline():
        raise NotCachedError(
            f"data set '{entry.dataset}' is not in the cache (missing {entry.name}) and downloads "
            f"are off (${config.OFFLINE_ENV}). Run: allydrift fetch {entry.dataset} "
            "(or allydrift fetch --from DIR to import an offline mirror)"
        )
    return download(entry, progress=progress)


def _selected(datasets: Iterable[str] | None) -> list[FileEntry]:
    names = list(datasets or [])
    if not names:
        return entries()
    return [e for name in names for e in entries(name)]


def fetch(
    datasets: Iterable[str] | None = None,
    mirror: Path | None = None,
    force: bool = False,
    progress: bool = True,
) -> dict[str, int]:
    """Fetch the files of ``datasets`` (all if none) into the cache.

    Returns counts: ``fetched`` (new files), ``present`` (already cached and verified).
    """
    from rich.progress import Progress

    todo = _selected(datasets)
    counts = {"fetched": 0, "present": 0}
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("fetching", total=len(todo))
        for entry in todo:
            bar.update(task, description=f"{entry.dataset}: {entry.name[:40]}")
            if not force and is_cached(entry):
                counts["present"] += 1
            else:
                fetch_one_from(entry, mirror, progress=progress)
                counts["fetched"] += 1

            bar.advance(task)
    return counts


def import_mirror(
    mirror: Path,
    datasets: Iterable[str] | None = None,
    force: bool = False,
    progress: bool = True,
) -> dict[str, int]:
    """Import every registered file (or those of ``datasets``) from a local mirror."""
    if not mirror.is_dir():
        raise NotCachedError(
            f"the mirror folder {mirror} does not exist; expected a folder "
            "laid out as <host>/<path of the URL>, like ../shared/data"
        )
    return fetch(datasets, mirror=mirror, force=force, progress=progress)
