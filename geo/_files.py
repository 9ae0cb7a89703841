"""Writing output files so that an interrupted write leaves the previous file intact."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

from geo.errors import OutputFileError


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, inputs: tuple[Path, ...] = ()) -> Path:
    """Write to a temporary file in the same folder, flush it to disk, then rename it over ``path``.

    Raises ``OutputFileError`` (with what to do) when the file cannot be written there, when
    ``path`` is one of the ``inputs`` being read, an activity-records file, or not a regular
    file (a device, FIFO or socket); the previous file, if any, is left as it was. A symbolic
    link to a regular file is written through, at its target.
    """
    target = check_output(Path(path), inputs)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise _cannot_write(target, err) from err
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, (target.stat().st_mode & 0o777) if target.exists() else 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise _cannot_write(target, err) from err
        raise
    return Path(path)  # as the user named it (a link stays a link)


_RECORDS_HEADER = re.compile(rb"^(?:\xef\xbb\xbf)?\"?id\"?[,;\t]\"?place\"?[,;\t]\"?unit_ids\b")


def check_output(target: Path, inputs: tuple[Path, ...] = ()) -> Path:
    """The path to write for ``target`` (a link's target), or OutputFileError saying why not."""
    if target.is_dir():
        msg = f"{target} is a folder; give the path of a file to write, e.g. {target / 'output.html'}"
        raise OutputFileError(msg)
    real = Path(os.path.realpath(target))
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        return real
    except OSError as err:
        raise _cannot_write(target, err) from err
    if not stat.S_ISREG(mode):
        msg = f"{target} is not a regular file (a device, FIFO or socket); give the path of a file to write"
        raise OutputFileError(msg)
    for source in inputs:
        if os.path.realpath(source) == str(real):
            msg = f"{target} is the file being read ({source}); writing there would replace it. Give another path"
            raise OutputFileError(msg)
    with real.open("rb") as handle:
        head = handle.read(64)
    if _RECORDS_HEADER.match(head):
        msg = (
            f"{target} holds activity records; writing there would replace them. "
            "Give another path (maps go to maps/, exports to a new file)"
        )
        raise OutputFileError(msg)
    return real


def read_regular(path: Path, what: str, hint: str, *, limit: int | None = None) -> bytes:
    """The bytes of a regular file; a device, FIFO or socket (which may never end) is refused.

    ``limit``: the largest size accepted, in bytes (a larger file is refused with its size).
    Raises GeoError with ``cannot_read``'s wording for a missing file, a folder or no permission.
    """
    from geo.errors import GeoError

    try:
        # Opened without waiting (a FIFO would block until a writer came), then checked.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if stat.S_ISDIR(mode):
                raise GeoError(f"{what} is a folder; {hint}")
            if not stat.S_ISREG(mode):
                msg = f"{what} is not a regular file (a device, FIFO or socket); {hint}"
                raise GeoError(msg)
            size = os.fstat(handle.fileno()).st_size
            if limit is not None and size > limit:
                msg = f"{what} has {size:,} bytes, more than the {limit:,} accepted; {hint}"
                raise GeoError(msg)
            return handle.read()
    except OSError as err:
        raise GeoError(cannot_read(what, err, hint)) from err


def cannot_read(what: object, err: OSError, folder_hint: str) -> str:
    """What to tell a person whose file ``what`` could not be opened: missing, a folder, or refused."""
    if isinstance(err, FileNotFoundError):
        return f"{what} does not exist"
    if isinstance(err, IsADirectoryError):
        return f"{what} is a folder; {folder_hint}"
    return f"cannot read {what}: {err.strerror or err}; check that you may read it"


def _cannot_write(target: Path, err: OSError) -> OutputFileError:
    reason = err.strerror or str(err)
    return OutputFileError(f"Cannot write {target} ({reason}); give a path in a folder you can write to")
