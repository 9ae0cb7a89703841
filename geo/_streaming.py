"""Records files at batch scale: read only the ids, append in bounded chunks as results come.

A batch of 100,000 articles makes about a million rows. Holding them until the end, or parsing
the whole file into records to learn which articles it already has, costs gigabytes. Here

* :func:`scan_ids` reads the file once as CSV and keeps only what appending needs: the ids (the
  ``a<hash>-NN`` ids of read articles as integers), the content hashes of the articles recorded,
  the first row of each shared group, the header and the dialect;
* :class:`StreamingAppend` takes the records of each article as it is read and appends them in
  chunks of bounded size, each one as :func:`geo.records_file.append_records` does: checked first,
  then under the file's lock a copy of the old bytes (copied block by block, never held in
  memory) with the new rows in the file's dialect replaces the file atomically. A kill at any
  moment leaves the file as it was after the last chunk; the articles of that chunk are read
  again on the next run, the others are skipped.
"""

from __future__ import annotations

import codecs
import csv
import logging
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import TracebackType

from geo import _csvio
from geo._cells import _clean
from geo._messages import error, say
from geo.errors import InvalidRecord, RecordsFileError
from geo.records import COLUMNS, Entry, PlaceCheck, Record, cross_problems, parse_row, problem_listing
from geo.records_file import checked_to_add, format_record, header_columns, refuse_spreadsheet_target

log = logging.getLogger(__name__)

ARTICLE_ID = re.compile(r"a([0-9a-f]{10})-(\d{1,6})")  # records read from an article: a<hash>-NN


def _id_key(rid: str) -> bytes | str:
    """An id as kept in memory: an article record's id as its bytes (as found in the file)."""
    return rid.encode("ascii") if ARTICLE_ID.fullmatch(rid) else rid


@dataclass
class FileIds:
    """What a records file holds, as far as appending to it needs to know."""

    path: Path
    ids: set[bytes | str] | None = field(default_factory=set)  # None: not read yet
    digests: set[str] = field(default_factory=set)  # content hashes of the articles recorded
    groups: dict[str, tuple[dict[str, str], int]] | None = field(default_factory=dict)  # first row, line;
    # None: not read yet (see _scan_fast)
    header: tuple[str | None, ...] | None = None  # None: the file is missing or empty
    dialect: _csvio.Dialect = _csvio.DEFAULT_DIALECT
    ends_with_newline: bool = True
    state: tuple[int, int, int] | None = None  # file_state when scanned
    rows: int = 0

    def has(self, rid: str) -> bool:
        return self.ids is not None and _id_key(rid) in self.ids

    def note(self, record: Record) -> None:
        """Remember a record appended to the file."""
        if self.ids is not None:
            self.ids.add(_id_key(record.id))
        match = ARTICLE_ID.fullmatch(record.id)
        if match:
            self.digests.add(match[1])
        if record.shared_group and self.groups is not None and record.shared_group not in self.groups:
            self.groups[record.shared_group] = (record.to_row(), 0)
        self.rows += 1


def _dialect(head: bytes) -> _csvio.Dialect:
    bom = head.startswith(_csvio.BOM)
    text = head[len(_csvio.BOM) if bom else 0 :].decode("utf-8", errors="replace")
    first = re.match(r"[^\r\n]*(\r\n|\r|\n)?", text)
    line = first.group() if first else ""
    return _csvio.Dialect(
        delimiter=_csvio._sniff_delimiter(line),
        newline=first.group(1) if first and first.group(1) else _csvio.DEFAULT_DIALECT.newline,
        bom=bom,
    )


def scan_ids(path: Path, *, known_digests: Callable[[FileIds], set[str] | None] | None = None) -> FileIds:
    """Read a records file's ids, shared groups, header and dialect, one row at a time.

    ``known_digests(found)``: the content hashes of the articles recorded in this version of the
    file (``found.state``), if they are known already (remembered from an earlier run); then only
    the header is read, and the ids are read when a record is to be appended.

    Raises what :func:`geo.records_file.read_records` raises for a file that cannot be read
    (not UTF-8, broken quoting, a wrong header), and RecordsFileError for a spreadsheet.
    """
    refuse_spreadsheet_target(path)
    target = Path(os.path.realpath(path))
    found = FileIds(path, state=_csvio.file_state(target))
    if found.state is None:
        return found
    if not stat.S_ISREG(target.stat().st_mode):
        raise error(RecordsFileError, "file.not_regular", path=path)
    with target.open("rb") as handle:
        head = handle.read(1 << 16)
        if not head.strip(_csvio.BOM + b" \t\r\n"):
            return found
        handle.seek(-1, os.SEEK_END)
        found.ends_with_newline = handle.read(1) in (b"\n", b"\r")
    found.dialect = _dialect(head)
    remembered = known_digests(found) if known_digests is not None else None
    if remembered is not None and _header_only(target, found):
        found.digests, found.ids = remembered, None
        return found
    try:
        if not _scan_fast(target, found):
            found.ids, found.digests, found.rows = set(), set(), 0
            _scan_rows(target, found)
    except (UnicodeDecodeError, csv.Error, _Unclosed):
        _csvio.read_table(target)  # raises the reader's own message, with the line and the fix
        raise
    return found


def _header_only(target: Path, found: FileIds) -> bool:
    """Read the header line alone (False when it cannot be read alone: a line break in a quote)."""
    with target.open("rb") as handle:
        line = handle.readline()
    if line.count(b'"') % 2 or found.dialect.newline == "\r":
        return False
    text = line.decode("utf-8-sig" if found.dialect.bom else "utf-8")
    found.header = header_columns(
        found.path, tuple(next(csv.reader([text], delimiter=found.dialect.delimiter)))
    )
    return True


def _rows(target: Path, dialect: _csvio.Dialect) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, fields) for every row of a CSV file, header first."""
    csv.field_size_limit(max(csv.field_size_limit(), _csvio.MAX_READ_FIELD))
    with target.open(encoding="utf-8-sig" if dialect.bom else "utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=dialect.delimiter, quotechar='"', strict=True)
        line = 1
        for fields in reader:
            yield line, fields
            line = reader.line_num + 1


class _Unclosed(Exception):
    """A quote opened and never closed: the CSV reader says where."""


_PLAIN_ARTICLE_ID = re.compile(rb"a([0-9a-f]{10})-(\d{1,6})")


def _scan_fast(target: Path, found: FileIds) -> bool:
    """The ids of a file whose first column is ``id`` (as written by this project), read as bytes.

    A row starts on a physical line when the quotes before it are balanced; its id is the text
    up to the first separator. The file is checked to be UTF-8 as it is read. Returns False,
    having found nothing, when the file needs the CSV reader: another first column, a quoted id,
    or CR-only line endings. Shared groups are then read only if a new row has one.
    """
    dialect = found.dialect
    if dialect.newline == "\r":
        return False
    with target.open("rb") as handle:
        header = handle.readline()
        if header.count(b'"') % 2:
            return False
        text = header.decode("utf-8-sig" if dialect.bom else "utf-8")
        found.header = header_columns(
            found.path, tuple(next(csv.reader([text], delimiter=dialect.delimiter)))
        )
        if found.header[0] != "id":
            return False
        found.groups = None
        ids: set[bytes | str] = set()
        found.ids = ids
        separator = dialect.delimiter.encode()
        check = codecs.getincrementaldecoder("utf-8")()
        inside, tail = False, b""
        while block := handle.read(_csvio.BLOCK * 8):
            check.decode(block)
            cut = block.rfind(b"\n") + 1
            data, tail = tail + block[:cut], block[cut:] if cut else tail + block
            if not cut:
                continue
            state = _block_ids(found, ids, data, separator, inside=inside)
            if state is None:
                return False
            inside = state
        check.decode(b"", final=True)
        if tail and not inside and not _note_id(found, ids, tail, separator):
            return False
        if inside != bool(tail.count(b'"') % 2):  # the last quote opened is never closed
            raise _Unclosed
    return True


def _block_ids(
    found: FileIds, ids: set[bytes | str], data: bytes, separator: bytes, *, inside: bool
) -> bool | None:
    """Note the ids of the rows starting in ``data`` (whole lines) in ``ids`` (``found.ids``, being
    read); returns whether its end is inside a quoted field, or None when a row needs the CSV reader."""
    import numpy as np

    raw = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(raw == ord('"'))
    ends = np.flatnonzero(raw == ord("\n"))
    odd = (np.searchsorted(quotes, ends) & 1).astype(bool)  # quotes before each line end: odd, inside
    if not inside and not odd.any():  # every line starts a row: read them all at once
        sep = re.escape(separator)
        lines = b"\n" + data  # each line after a line break: the regex engine looks for the break first
        firsts = re.findall(rb"\n([^\n\"" + sep + rb"]*)" + sep, lines)
        if len(firsts) == len(ends):
            articles = re.findall(rb"\na([0-9a-f]{10})-\d{1,6}" + sep, lines)
            found.digests.update(digest.decode("ascii") for digest in set(articles))
            if len(articles) == len(firsts):
                ids.update(firsts)
                found.rows += len(firsts)
                return False
    for line in data.split(b"\n")[:-1]:
        starts = not inside
        if line.count(b'"') % 2:
            inside = not inside
        if starts and not _note_id(found, ids, line, separator):
            return None
    return inside


def _note_id(found: FileIds, ids: set[bytes | str], line: bytes, separator: bytes) -> bool:
    end = line.find(separator)
    raw = line[:end] if end >= 0 else line.rstrip(b"\r")
    match = _PLAIN_ARTICLE_ID.fullmatch(raw)
    if match:
        ids.add(raw)
        found.digests.add(match[1].decode("ascii"))
        found.rows += 1
        return True
    if raw.startswith(b'"'):
        return False
    rid = _clean(_csvio.restore(raw.decode("utf-8")))
    if rid:
        key = _id_key(rid)
        ids.add(key)
        if isinstance(key, bytes):
            found.digests.add(rid[1:11])
        found.rows += 1
    return True


def _scan_rows(target: Path, found: FileIds) -> None:
    rows = _rows(target, found.dialect)
    _, header = next(rows)
    found.header = header_columns(found.path, tuple(header))
    where = {column: found.header.index(column) for column in COLUMNS}
    id_at, group_at = where["id"], where["shared_group"]
    ids: set[bytes | str] = set()
    groups: dict[str, tuple[dict[str, str], int]] = {}
    found.ids, found.groups = ids, groups
    for line, fields in rows:
        if not any(f.strip() for f in fields):
            continue
        found.rows += 1
        rid = _clean(_csvio.restore(fields[id_at])) if id_at < len(fields) else ""
        if rid:
            key = _id_key(rid)
            ids.add(key)
            if isinstance(key, bytes):
                found.digests.add(rid[1:11])
        group = _clean(_csvio.restore(fields[group_at])) if group_at < len(fields) else ""
        if group and group not in groups:
            values = dict.fromkeys(COLUMNS, "")
            for column, at in where.items():
                if at < len(fields):
                    values[column] = _csvio.restore(fields[at])
            groups[group] = (values, line)


# ------------------------------------------------------------------------------------- appending


CHUNK_MIN = 1 << 20  # bytes of new rows that make a chunk worth copying the file for ...
CHUNK_MAX = 8 << 20  # ... and at most this many, whatever the size of the file
CHUNK_SHARE = 4  # between the two: a quarter of the file, so that copying stays linear overall
CHUNK_SECONDS = 60.0  # and a chunk at least this often, so that an interruption loses little


class StreamingAppend:
    """Append records to a records file as they come, a bounded chunk at a time.

    ``known`` is the file's :func:`scan_ids`; it is kept up to date with what is appended, so its
    ``digests`` say which articles are recorded. Use as a context manager: the last chunk is
    written on leaving (also on Ctrl-C), not after another error.
    """

    def __init__(
        self,
        known: FileIds,
        *,
        today: date | None = None,
        check_place: PlaceCheck | None = None,
        chunk_seconds: float = CHUNK_SECONDS,
    ) -> None:
        self.known = known
        self.today = today
        self.check_place = check_place
        self.chunk_seconds = chunk_seconds
        self.pending: list[tuple[Record, str]] = []
        self.pending_digests: set[str] = set()
        self.pending_bytes = 0
        self.last_write = time.monotonic()
        self.appended = 0
        self.chunks = 0

    def recorded(self, digest: str) -> bool:
        """Whether the article with this content hash is in the file or about to be."""
        return digest in self.known.digests or digest in self.pending_digests

    def add(self, digest: str, records: list[Record]) -> None:
        """Queue one article's records (checked now: InvalidRecord if they would not validate)."""
        new = checked_to_add(self.known.path, records, today=self.today, check_place=self.check_place)
        header = self.known.header or COLUMNS
        for record in new:
            text = format_record(record, header, self.known.dialect)
            self.pending.append((record, text))
            self.pending_bytes += len(text)
        self.pending_digests.add(digest)
        due = max(CHUNK_MIN, min(CHUNK_MAX, (self.known.state or (0, 0))[1] // CHUNK_SHARE))
        if self.pending_bytes >= due or time.monotonic() - self.last_write >= self.chunk_seconds:
            self.flush()

    def flush(self) -> int:
        """Append the queued records now; returns how many."""
        if not self.pending:
            return 0
        target = Path(os.path.realpath(self.known.path))
        with _csvio.locked(target):
            _csvio.refuse_if_open_in_spreadsheet(target)
            _csvio.remove_stale_temps(target)
            if self.known.ids is None or _csvio.file_state(target) != self.known.state:  # read it (again)
                dialect, header = self.known.dialect, self.known.header
                self.known = scan_ids(self.known.path)
                if (self.known.dialect, self.known.header) != (dialect, header):
                    self.pending = [
                        (r, format_record(r, self.known.header or COLUMNS, self.known.dialect))
                        for r, _ in self.pending
                    ]
            self._check_clashes()
            _csvio.atomic_write_parts(target, self._parts(target), expected_state=self.known.state)
            self.known.state = _csvio.file_state(target)
        for record, _ in self.pending:
            self.known.note(record)
        if self.known.header is None:
            self.known.header = COLUMNS
        self.known.ends_with_newline = True
        count = len(self.pending)
        self.appended += count
        self.chunks += 1
        log.debug("appended %d record(s) to %s", count, target)
        self.pending, self.pending_digests, self.pending_bytes = [], set(), 0
        self.last_write = time.monotonic()
        return count

    def _parts(self, target: Path) -> Iterator[bytes]:
        if self.known.header is None:  # missing or empty: start with the header
            yield _csvio.BOM + _csvio.format_row(COLUMNS, self.known.dialect).encode("utf-8")
        else:
            yield from _csvio.file_blocks(target)
            if not self.known.ends_with_newline:
                yield self.known.dialect.newline.encode("utf-8")
        batch: list[str] = []
        size = 0
        for _, text in self.pending:
            batch.append(text)
            size += len(text)
            if size >= _csvio.BLOCK:
                yield "".join(batch).encode("utf-8")
                batch, size = [], 0
        yield "".join(batch).encode("utf-8")

    def _check_clashes(self) -> None:
        """InvalidRecord when a queued id is in the file or a queued group disagrees with the file's."""
        clashes = [r.id for r, _ in self.pending if self.known.has(r.id)]
        if clashes:
            raise error(InvalidRecord, "add.ids_taken", path=self.known.path, ids=", ".join(clashes[:5]))
        groups = {r.shared_group for r, _ in self.pending if r.shared_group}
        if groups and self.known.groups is None:  # read the file's groups now that they matter
            target = Path(os.path.realpath(self.known.path))
            full = FileIds(self.known.path, dialect=self.known.dialect)
            _scan_rows(target, full)
            self.known.groups = full.groups
        known_groups = self.known.groups or {}
        groups &= known_groups.keys()
        if not groups:
            return
        entries: list[Entry] = []
        for group in sorted(groups):
            values, line = known_groups[group]
            entries.append((parse_row(values, line or None, None)[0], line or None, _clean(values["id"])))
        entries += [(r, None, r.id) for r, _ in self.pending]
        problems = [p for p in cross_problems(entries) if p.line is None]
        if problems:
            title = say("add.clashes_more", path=self.known.path).message
            raise InvalidRecord(problem_listing(title, problems))

    def __enter__(self) -> StreamingAppend:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None or issubclass(kind, KeyboardInterrupt):
            self.flush()
