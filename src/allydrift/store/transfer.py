"""Fill the cache with verified upstream files: from the canonical URL or from a mirror.

Every write is atomic: bytes go to a temporary file beside the target, the sha256 is
checked, and only then is the file renamed into place. A failed, interrupted or
corrupted transfer therefore never leaves a partial file, and never replaces a good one.

A file counts as present only once its sha256 matched the pinned one. Hashing every file
on every use would be slow, so each verification is remembered as a stamp (size,
modification and change times, sha256) in ``<cache>/stamps.tsv``; a file whose stamp no
longer matches (edited, replaced, touched) is hashed again, and ``verify=True`` ignores
the stamps altogether.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from allydrift import config
from allydrift.errors import CacheNotWritableError, ChecksumError, NotCachedError
from allydrift.store.registry import FileEntry, entries

CHUNK = 1 << 20


def local_path(entry: FileEntry) -> Path:
    """Where ``entry`` lives in the cache (whether or not it is there yet)."""
    return config.files_dir() / entry.relpath


def is_cached(entry: FileEntry) -> bool:
    """True if the file is in the cache with the registered size (a cheap listing check).

    Use ``is_verified`` to decide whether the bytes can be used.
    """
    path = local_path(entry)
    return path.is_file() and path.stat().st_size == entry.size


STAMPS = "stamps.tsv"
_STAMPS: dict[Path, dict[str, tuple[int, int, int, str]]] = {}


def stamps_path() -> Path:
    """The file that remembers which cached files were verified, and when."""
    return config.cache_dir() / STAMPS


def _stamps() -> dict[str, tuple[int, int, int, str]]:
    path = stamps_path()
    if path not in _STAMPS:
        table: dict[str, tuple[int, int, int, str]] = {}
        try:
            text = path.read_text("utf-8", errors="replace")
        except OSError:
            text = ""
        for line in text.splitlines():
            parts = line.split("\t")
            if len(parts) == 5 and all(p.isdigit() for p in parts[1:4]):
                table[parts[0]] = (int(parts[1]), int(parts[2]), int(parts[3]), parts[4])
        _STAMPS[path] = table
    return _STAMPS[path]


def _stat_key(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _stamp(entry: FileEntry, path: Path) -> None:
    """Remember that ``path`` matched ``entry``'s sha256 (silently skipped if read-only)."""
    size, mtime, ctime = _stat_key(path)
    _stamps()[entry.relpath] = (size, mtime, ctime, entry.sha256)
    try:
        with stamps_path().open("a", encoding="utf-8") as fh:
            fh.write(f"{entry.relpath}\t{size}\t{mtime}\t{ctime}\t{entry.sha256}\n")
    except OSError:
        pass


def forget_stamps() -> None:
    """Drop the in-process copy of the stamps (after the file was rewritten)."""
    _STAMPS.clear()


def is_verified(entry: FileEntry, rehash: bool = False) -> bool:
    """True if the cached file has the pinned sha256 (hashed again unless a stamp vouches)."""
    path = local_path(entry)
    if not path.is_file() or path.stat().st_size != entry.size:
        return False
    stamp = _stamps().get(entry.relpath)
    if not rehash and stamp is not None and stamp == (*_stat_key(path), entry.sha256):
        return True
    if sha256_of(path) != entry.sha256:
        return False
    _stamp(entry, path)
    return True


def verified(entry: FileEntry) -> Path:
    """The cached path of ``entry`` if it verifies; raise ``ChecksumError`` otherwise."""
    path = local_path(entry)
    if not is_verified(entry):
        return verify(entry, path)
    return path


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
        msg = (
            f"the cached file {path} is corrupted: sha256 {found} does not match the pinned "
            f"{entry.sha256}. Fetch it again with: allydrift fetch {entry.dataset} --force"
        )
        raise ChecksumError(msg)
    return path


def _umask_mode() -> int:
    """The mode a new file gets under the process umask (``mkstemp`` makes files 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def publish(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the usual file mode and rename it onto ``target`` (atomic)."""
    os.chmod(tmp, _umask_mode())
    os.replace(tmp, target)


def not_writable(exc: OSError, what: str) -> CacheNotWritableError:
    """A one-line error for a cache that cannot be written."""
    return CacheNotWritableError(
        f"cannot write {what} into the cache {config.cache_dir()}: {exc.strerror or exc}. "
        f"Set {config.CACHE_ENV}=DIR to a writable folder (or fix the folder's permissions)"
    )


def _install(entry: FileEntry, copy_into: Callable[[Path], object], origin: str) -> Path:
    """Write a file via ``copy_into(tmp_path)``, verify it, and rename it into the cache."""
    target = local_path(entry)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
    except OSError as exc:
        raise not_writable(exc, entry.name) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        copy_into(tmp)
        found = sha256_of(tmp)
        if found != entry.sha256:
            msg = (
                f"{origin} does not match the pinned checksum of {entry.url}: expected sha256 "
                f"{entry.sha256}, got {found}. The file was not stored (the cache is unchanged). "
                "Check that the mirror holds the unmodified upstream file, or fetch it from the "
                "canonical URL by leaving out --from."
            )
            raise ChecksumError(msg)
        publish(tmp, target)
        _stamp(entry, target)
    except NotCachedError:
        raise
    except OSError as exc:
        raise not_writable(exc, entry.name) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target


def import_from_mirror(entry: FileEntry, mirror: Path) -> Path:
    """Copy one file from a mirror laid out as ``<mirror>/<host>/<url path>`` into the cache."""
    source = mirror / entry.relpath
    if not source.is_file():
        msg = (
            f"the mirror {mirror} has no file {entry.relpath} (data set '{entry.dataset}'). "
            "Expected the layout <mirror>/<host>/<path of the URL>, as in its MANIFEST.tsv."
        )
        raise NotCachedError(msg)
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
            msg = (
                f"could not download {entry.url} ({type(exc).__name__}: {exc}). Run "
                f"allydrift fetch {entry.dataset} when online; if this machine is offline, import "
                f"a mirror instead: allydrift fetch --from DIR (or set {config.MIRROR_ENV}=DIR)"
            )
            raise NotCachedError(msg) from exc

    return _install(entry, _get, f"the download of {entry.url}")


def ensure(entry: FileEntry, progress: bool = True) -> Path:
    """Return the cached path of ``entry``, fetching it first if it is missing.

    The mirror named by ``$ALLYDRIFT_MIRROR`` is tried before the network. A cached file
    whose bytes no longer match is fetched again (from the mirror or the network).
    """
    if is_verified(entry):
        return local_path(entry)
    mirror = config.mirror_dir()
    if mirror is not None and (mirror / entry.relpath).is_file():
        return import_from_mirror(entry, mirror)
    if config.offline() and local_path(entry).is_file():
        msg = (
            f"the cached file {entry.name} of data set '{entry.dataset}' is damaged (its sha256 "
            f"is not the pinned one) and downloads are off (${config.OFFLINE_ENV}). Repair it: "
            f"allydrift fetch {entry.dataset} --force --from DIR (a mirror), or allydrift doctor"
        )
        raise ChecksumError(msg)
    if config.offline():
        msg = (
            f"data set '{entry.dataset}' is not in the cache (missing {entry.name}) and downloads "
            f"are off (${config.OFFLINE_ENV}). Run: allydrift fetch {entry.dataset} "
            "(or allydrift fetch --from DIR to import an offline mirror)"
        )
        raise NotCachedError(msg)
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
    verify: bool = False,
) -> dict[str, int]:
    """Fetch the files of ``datasets`` (all if none) into the cache.

    A file counts as present only if its sha256 matches (see ``is_verified``; with
    ``verify`` every file is hashed again). ``force`` fetches every file again.
    Returns counts: ``fetched`` (new or repaired files), ``present`` (already cached
    and verified), ``repaired`` (cached files whose bytes were wrong).
    """
    from rich.progress import Progress

    todo = _selected(datasets)
    counts = {"fetched": 0, "present": 0, "repaired": 0}
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("fetching", total=len(todo))
        for entry in todo:
            bar.update(task, description=f"{entry.dataset}: {entry.name[:40]}")
            if not force and is_verified(entry, rehash=verify):
                counts["present"] += 1
            else:
                damaged = not force and local_path(entry).is_file()
                fetch_one_from(entry, mirror, progress=progress)
                counts["fetched"] += 1
                counts["repaired"] += damaged

            bar.advance(task)
    return counts


def import_mirror(
    mirror: Path,
    datasets: Iterable[str] | None = None,
    force: bool = False,
    progress: bool = True,
    verify: bool = False,
) -> dict[str, int]:
    """Import every registered file (or those of ``datasets``) from a local mirror."""
    if not mirror.is_dir():
        msg = (
            f"the mirror folder {mirror} does not exist; expected a folder "
            "laid out as <host>/<path of the URL>, like ../shared/data"
        )
        raise NotCachedError(msg)
    return fetch(datasets, mirror=mirror, force=force, progress=progress, verify=verify)
