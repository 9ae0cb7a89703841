"""Low-level, loss-proof file I/O for the records tables: parse, lock, atomic replace.

Nothing here knows the records schema. :mod:`geo.records` decides what the columns mean;
this module only guarantees that

* a CSV is read with the line number where each row starts and the exact bytes of the row;
* its dialect (BOM, separator, line ending) is detected so that appended rows match it;
* a write replaces the file atomically (temporary file in the same folder, ``fsync``,
  ``os.replace``, ``fsync`` of the folder) under an exclusive lock, so that a crash or a kill at
  any moment leaves either the old file or the new one, never a mix.

Locking uses ``fcntl.flock`` on a separate ``<file>.lock`` that holds the pid of the holder. The
kernel drops the lock when its holder dies, so a lock file left by a killed process is stale by
construction: it is taken over with a warning. POSIX only (Linux, macOS).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import logging
import math
import os
import random
import re
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from time import monotonic, sleep
from typing import Any

from geo._files import read_regular
from geo._messages import error, say
from geo.errors import GeoError, InvalidRecord, RecordsFileError

logger = logging.getLogger(__name__)

BOM = b"\xef\xbb\xbf"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
_REFUSED_SUFFIXES = (".xls", ".ods", ".numbers")
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_DECIMAL_LOOKALIKE = re.compile(r"-?\d{1,3}\.\d{3}")

# Test hook: called by atomic_write() after half of the temporary file is written, so that a test
# can kill the process at the worst moment. Always None outside tests.
_AFTER_PARTIAL_WRITE: Callable[[], None] | None = None


@dataclass(frozen=True)
class Dialect:
    """How a CSV file is spelled: separator, line ending, and whether it starts with a BOM."""

    delimiter: str = ","
    newline: str = "\r\n"
    bom: bool = True


# Files created from scratch: what Excel's "CSV UTF-8" writes, so that Excel shows the
# Vietnamese text correctly when a planner opens the file.
DEFAULT_DIALECT = Dialect()


@dataclass(frozen=True, slots=True)
class RawRow:
    """One row as read: its fields, the line where it starts, its exact bytes (CSV only)."""

    line: int
    fields: tuple[str, ...]
    raw: bytes | None = None
    offset: int | None = None


@dataclass(frozen=True)
class RawTable:
    """A header row and the non-blank rows under it, before any schema is applied."""

    header: tuple[str, ...]
    rows: tuple[RawRow, ...]
    dialect: Dialect | None  # None for spreadsheets
    n_lines: int  # physical lines (CSV) or spreadsheet rows, header included
    ends_with_newline: bool = True


# --- numbers and cells -------------------------------------------------------------------------


def format_number(value: object) -> str:
    """A machine number as written in the CSV: ``1445``, ``3000000000``, ``2.5``.

    Never an exponent, never a thousands separator. A float with exactly three decimals after
    one to three digits (``1.445``) gets a trailing zero (``1.4450``) so that it cannot be read
    as Vietnamese thousands grouping. Anything that is not a finite int or float is returned as
    ``str(value)`` for the validator to report.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    if value.is_integer():
        return str(int(value))
    text = format(Decimal(repr(value)), "f")
    if _DECIMAL_LOOKALIKE.fullmatch(text):
        text += "0"
    return text


def cell_text(value: object) -> str:
    """The text of a spreadsheet cell as it would appear in our CSV."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


# --- reading -----------------------------------------------------------------------------------


MAX_READ_FIELD = 64 * 1024 * 1024  # characters of one field that reading accepts


def read_table(path: Path) -> RawTable:
    """Read a ``.csv`` (any other suffix is read as CSV) or the first sheet of an ``.xlsx``."""
    suffix = path.suffix.lower()
    if suffix in _REFUSED_SUFFIXES:
        raise error(RecordsFileError, "file.cannot_read_suffix", path=path, suffix=suffix)
    if suffix in SPREADSHEET_SUFFIXES:
        return read_xlsx(path)
    data = read_bytes(path)
    if data is None:
        raise error(RecordsFileError, "file.missing", path=path)
    return parse_csv(data, str(path))


def read_bytes(path: Path) -> bytes | None:
    """The whole file, or None when it does not exist; other failures become RecordsFileError."""
    example = path / "activities.csv"
    try:
        return read_regular(path, str(path), say("file.path_hint", example=example).fix)
    except GeoError as err:
        cause = err.__cause__
        if isinstance(cause, FileNotFoundError):
            return None
        if path.is_dir():
            raise error(RecordsFileError, "file.folder", path=path, example=example) from err
        if isinstance(cause, OSError):
            raise error(
                RecordsFileError, "file.cannot_read", path=path, reason=cause.strerror or cause
            ) from err
        raise error(RecordsFileError, "file.not_regular", path=path) from err


def _check_encoding(data: bytes, name: str) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise error(RecordsFileError, "file.utf16", name=name)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line_no = len(_LINE_BREAK.findall(data, 0, err.start)) + 1
        starts = [m.end() for m in _LINE_BREAK.finditer(data, 0, err.start)]
        line_start = starts[-1] if starts else 0
        line_end = _LINE_BREAK.search(data, err.start)
        shown = data[line_start : line_end.start() if line_end else len(data)]
        shown_text = shown.decode("utf-8", errors="replace")
        if len(shown_text) > 80:
            shown_text = shown_text[:77] + "..."
        byte = f"{data[err.start]:02x}"
        raise error(
            RecordsFileError,
            "file.not_utf8",
            name=name,
            byte=byte,
            offset=err.start,
            line=line_no,
            shown=repr(shown_text),
        ) from err


def _sniff_delimiter(header_line: str) -> str:
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    return ";" if unquoted.count(";") > unquoted.count(",") else ","


def parse_csv(data: bytes, name: str) -> RawTable:
    """Parse CSV bytes: UTF-8 with or without BOM, CRLF/LF/CR, ',' or ';', RFC 4180 quoting.

    Raises RecordsFileError for a file that is not UTF-8 and InvalidRecord for broken quoting
    or a missing header. Blank rows (no text in any field) are skipped but keep their lines.
    """
    _check_encoding(data, name)
    bom = data.startswith(BOM)
    start = len(BOM) if bom else 0
    byte_lines: list[bytes] = []
    offsets: list[int] = []
    for match in _LINE.finditer(data, start):
        if match.end() == match.start():
            continue
        byte_lines.append(match.group())
        offsets.append(match.start())
    if not byte_lines:
        raise error(InvalidRecord, "file.empty", name=name)
    text_lines = [line.decode("utf-8") for line in byte_lines]
    first = text_lines[0]
    newline_match = re.search(r"\r\n|\r|\n", first)
    dialect = Dialect(
        delimiter=_sniff_delimiter(first),
        newline=newline_match.group() if newline_match else DEFAULT_DIALECT.newline,
        bom=bom,
    )
    # A field longer than the csv module's default (131,072 characters) must not make the whole
    # file unreadable: rows that big are refused when they are made, and reported when read.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_READ_FIELD))
    reader = csv.reader(iter(text_lines), delimiter=dialect.delimiter, quotechar='"', strict=True)
    header: tuple[str, ...] | None = None
    rows: list[RawRow] = []
    consumed = 0
    while True:
        row_start = consumed + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise _quoting_error(name, row_start, reader.line_num, err) from err
        consumed = reader.line_num
        if header is None:
            if row_start != 1 or not any(f.strip() for f in fields):
                raise error(InvalidRecord, "file.first_line_empty", name=name)
            header = tuple(fields)
            continue
        if not any(f.strip() for f in fields):
            continue
        raw = b"".join(byte_lines[row_start - 1 : consumed])
        rows.append(RawRow(row_start, tuple(map(restore, fields)), raw, offsets[row_start - 1]))
    if header is None:  # cannot happen: byte_lines is not empty, so the reader gave a first row
        raise error(InvalidRecord, "file.empty", name=name)
    return RawTable(
        header=header,
        rows=tuple(rows),
        dialect=dialect,
        n_lines=len(byte_lines),
        ends_with_newline=byte_lines[-1].endswith((b"\n", b"\r")),
    )


def _quoting_error(name: str, row_start: int, line_num: int, err: csv.Error) -> InvalidRecord:
    if "unexpected end of data" in str(err):
        return error(InvalidRecord, "file.quote_open", name=name, line=row_start, last=line_num)
    return error(InvalidRecord, "file.quoting", name=name, line=line_num, detail=err)


def read_xlsx(path: Path) -> RawTable:
    """Read the first sheet of an .xlsx: row 1 is the header; line numbers are sheet row numbers."""
    import zipfile

    import openpyxl  # heavy: imported only when a spreadsheet is read
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.exists():
        raise error(RecordsFileError, "file.missing_sheet", path=path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as err:
        raise error(RecordsFileError, "file.not_xlsx", path=path, detail=err) from err
    try:
        sheet = workbook.worksheets[0]
        rows: list[RawRow] = []
        header: tuple[str, ...] | None = None
        n_lines = 0
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            fields = tuple(cell_text(v) for v in values)
            n_lines = number
            if header is None:
                if number != 1 or not any(f.strip() for f in fields):
                    raise error(InvalidRecord, "file.sheet_row1_empty", path=path, sheet=sheet.title)
                header = fields
            elif any(f.strip() for f in fields):
                rows.append(RawRow(number, fields))
    finally:
        workbook.close()
    if header is None:
        raise error(InvalidRecord, "file.sheet_empty", path=path, sheet=sheet.title)
    return RawTable(header=header, rows=tuple(rows), dialect=None, n_lines=n_lines)


# --- writing -----------------------------------------------------------------------------------


def count_line_breaks(text: str) -> int:
    """How many lines ``text`` moves the line count on, as the reader counts them (CRLF, LF, CR)."""
    return len(_LINE_BREAK.findall(text.encode("utf-8")))


# A cell that starts with = + - @ is run as a formula by the spreadsheets planners open the file
# in (CSV injection: '=HYPERLINK(...)' in a quote copied from a web page). Such text is stored
# behind an apostrophe, which spreadsheets show as text, and read back without it; a text that
# already starts with apostrophes before such a sign gets one more, so every text comes back as
# it was written.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(field: str) -> str:
    """The text as stored in the CSV: behind an apostrophe when a spreadsheet would run it."""
    return "'" + field if _FORMULA.match(field) else field


def restore(field: str) -> str:
    """The text as written, from its stored form (the inverse of :func:`neutralise`)."""
    return field[1:] if _NEUTRALISED.match(field) else field


def format_row(fields: Sequence[str], dialect: Dialect) -> str:
    """One CSV row with its line ending; fields are neutralised (see above) and quoted only when
    they must be."""
    delimiter = dialect.delimiter
    out = []
    for field in map(neutralise, fields):
        if (
            delimiter in field
            or '"' in field
            or "\n" in field
            or "\r" in field
            or field[:1].isspace()
            or field[-1:].isspace()
        ):
            field = '"' + field.replace('"', '""') + '"'
        out.append(field)
    return delimiter.join(out) + dialect.newline


def refuse_if_open_in_spreadsheet(path: Path) -> None:
    """Refuse to write a file that LibreOffice or Excel has open: its next save would drop our rows."""
    for lock_name in (f".~lock.{path.name}#", f"~${path.name}"):
        lock = path.with_name(lock_name)
        if lock.exists():
            raise error(RecordsFileError, "file.open_in_spreadsheet", path=path, lock=lock)


def _temp_pattern(path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(f".{path.name}.") + r"[0-9a-f]{16}\.tmp")


def remove_stale_temps(path: Path) -> list[Path]:
    """Delete temporary files left by a write that was killed; call only while holding the lock."""
    pattern = _temp_pattern(path)
    removed = []
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(path.parent):
            if pattern.fullmatch(entry.name):
                logger.warning("%s", say("file.temp_removed", path=entry.path))
                Path(entry.path).unlink(missing_ok=True)
                removed.append(Path(entry.path))
    return removed


def file_state(path: Path) -> tuple[int, int, int] | None:
    """What identifies this version of the file (inode, size, mtime), or None when missing."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def atomic_write(path: Path, data: bytes, *, expected_state: tuple[int, int, int] | None) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new one, never a mix.

    ``expected_state`` is :func:`file_state` when the caller read the file; if the file changed
    since (a spreadsheet saved it without taking our lock), nothing is replaced. The temporary
    file lives in the same folder (``os.replace`` is atomic only within one file system) and
    gets the permissions of the file it replaces.
    """
    half = len(data) // 2
    atomic_write_parts(path, (data[:half], data[half:]), expected_state=expected_state)


def atomic_write_parts(
    path: Path, parts: Iterable[bytes], *, expected_state: tuple[int, int, int] | None
) -> None:
    """:func:`atomic_write` of the concatenation of ``parts``, written as they come.

    A file larger than memory can be rewritten this way (the old bytes copied block by block,
    new rows after them). The temporary copy is read back and compared by hash before it
    replaces ``path``.
    """
    path = Path(os.path.realpath(path))  # a link to the records file is written through, at its target
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise error(RecordsFileError, "file.not_regular", path=path)
    folder = path.parent
    tmp = folder / f".{path.name}.{secrets.token_hex(8)}.tmp"
    try:
        original_mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        original_mode = None
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as err:
        raise error(RecordsFileError, "file.no_temp", folder=folder, reason=err.strerror) from err
    try:
        try:
            written = hashlib.sha256()
            for number, part in enumerate(parts):
                if number == 1 and _AFTER_PARTIAL_WRITE is not None:
                    _AFTER_PARTIAL_WRITE()
                _write_all(fd, part)
                written.update(part)
            if original_mode is not None:
                os.fchmod(fd, original_mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        if _file_hash(tmp) != written.digest():
            raise error(RecordsFileError, "file.temp_differs", path=path)
        if file_state(path) != expected_state:
            raise error(RecordsFileError, "file.changed", path=path)
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        if isinstance(err, RecordsFileError):
            raise
        raise error(RecordsFileError, "file.cannot_write", path=path, reason=err.strerror) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


BLOCK = 1 << 20  # bytes read at a time when a file is copied or hashed


def file_blocks(path: Path) -> Iterator[bytes]:
    """The bytes of a file, a block at a time (nothing when it does not exist)."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    with handle:
        while block := handle.read(BLOCK):
            yield block


def _file_hash(path: Path) -> bytes:
    digest = hashlib.sha256()
    for block in file_blocks(path):
        digest.update(block)
    return digest.digest()


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable. Some file systems cannot fsync a folder; the rename still happened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as err:
        logger.debug("cannot open %s to fsync it: %s", folder, err)
        return
    try:
        os.fsync(fd)
    except OSError as err:
        logger.debug("cannot fsync %s: %s", folder, err)
    finally:
        os.close(fd)


# --- locking -----------------------------------------------------------------------------------


LOCK_WAIT = 30.0  # seconds an add waits for another one to finish


def _flock_waiting(fd: int, fcntl: Any, lock: Path, wait: float) -> None:
    """Take the lock, polling until ``wait`` seconds have passed; BlockingIOError after that."""
    deadline = monotonic() + wait
    said = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if monotonic() >= deadline:
                raise
            if not said:
                logger.info("%s", say("lock.waiting", lock=lock))
                said = True
            sleep(0.02 + random.random() * 0.05)


def lock_path(path: Path) -> Path:
    """The lock file that guards ``path``: ``activities.csv`` → ``activities.csv.lock``."""
    return path.with_name(path.name + ".lock")


def _read_pid(fd: int) -> int | None:
    text = os.pread(fd, 64, 0).decode("ascii", errors="replace").strip()
    return int(text) if text.isdigit() else None


@contextlib.contextmanager
def locked(path: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock on ``path`` (via ``<path>.lock``) for the duration of the block.

    Waits up to ``wait`` seconds for another process that holds it (saying so once), then fails
    with who holds it. The lock file is removed on exit; if its holder was killed, the file stays
    behind but is not locked any more, and the next caller takes it over with a warning.
    """
    try:
        import fcntl
    except ImportError as err:  # pragma: no cover - Windows
        raise error(RecordsFileError, "lock.no_posix", path=path) from err

    wait = LOCK_WAIT if wait is None else wait
    lock = lock_path(path)
    fd = -1
    for _attempt in range(20):
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as err:
            raise error(RecordsFileError, "lock.cannot_create", lock=lock, reason=err.strerror) from err
        try:
            _flock_waiting(fd, fcntl, lock, wait)
        except BlockingIOError as err:
            pid = _read_pid(fd)
            os.close(fd)
            holder = f"pid {pid}" if pid is not None else say("lock.unknown_pid").message
            raise error(RecordsFileError, "lock.held", lock=lock, seconds=round(wait), holder=holder) from err
        # The holder before us may have unlinked the file between our open() and flock(); then
        # we hold a lock on a file nobody else can see. Only a lock on the current file counts.
        try:
            current = os.stat(lock).st_ino
        except FileNotFoundError:
            current = None
        if current == os.fstat(fd).st_ino:
            break
        os.close(fd)
        fd = -1
    if fd < 0:
        raise error(RecordsFileError, "lock.replaced", lock=lock)
    try:
        previous = _read_pid(fd)
        if previous is not None and previous != os.getpid():
            logger.warning("%s", say("lock.stale", lock=lock, pid=str(previous)))
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        os.fsync(fd)
        yield
    finally:
        lock.unlink(missing_ok=True)
        os.close(fd)
