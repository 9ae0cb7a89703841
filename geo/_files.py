"""Writing output files so that an interrupted write leaves the previous file intact."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from geo.errors import OutputFileError


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write to a temporary file in the same folder, flush it to disk, then rename it over ``path``.

    Raises ``OutputFileError`` (with what to do) when the file cannot be written there; the
    previous file, if any, is left as it was.
    """
    target = Path(path)
    if target.is_dir():
        msg = f"{target} is a folder; give the path of a file to write, e.g. {target / 'output.html'}"
        raise OutputFileError(msg)
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
    return target


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
