"""The records file: read it, append to it without changing a byte already in it.

:func:`read_records` reads a ``.csv`` (any dialect :mod:`geo._csvio` accepts) or the first sheet of
an ``.xlsx`` into a :class:`~geo.records.RecordsTable` without judging its rows; the header is
checked by :func:`header_columns`. :func:`append_records` checks new records as
:func:`geo.records.validate` does, then under the file's lock writes the old bytes and the new rows
in the file's dialect atomically. What a row means and what can be wrong with it is
:mod:`geo.records`; bytes, dialects, the lock and the atomic replace are :mod:`geo._csvio`.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from geo import _csvio
from geo._cells import _clean
from geo._csvio import Dialect
from geo._messages import error, say
from geo.errors import InvalidRecord, RecordsFileError
from geo.records import (
    COLUMNS,
    HEADER,
    Entry,
    PlaceCheck,
    Problem,
    Record,
    RecordsTable,
    Row,
    cross_problems,
    oversized,
    problem_listing,
    record_of,
    validate,
)

__all__ = [
    "append_records",
    "checked_to_add",
    "format_record",
    "header_columns",
    "read_records",
    "refuse_spreadsheet_target",
    "table_from_raw",
]


# --- reading -----------------------------------------------------------------------------------


def read_records(path: str | os.PathLike[str]) -> RecordsTable:
    """Read a records file (``.csv`` or the first sheet of an ``.xlsx``) without judging its rows.

    Raises RecordsFileError when the file is missing, unreadable or not UTF-8, and
    InvalidRecord when the header is wrong or the quoting is broken. Row problems are left to
    :func:`geo.records.validate`.
    """
    path = Path(path)
    return table_from_raw(path, _csvio.read_table(path))


def table_from_raw(path: Path, raw: _csvio.RawTable) -> RecordsTable:
    columns = header_columns(path, raw.header)
    delimiter = raw.dialect.delimiter if raw.dialect else ","
    rows = []
    for raw_row in raw.rows:
        values = dict.fromkeys(COLUMNS, "")
        stray: list[str] = []
        fields = raw_row.fields
        for column, text in zip(columns, fields, strict=False):
            if column is not None:
                values[column] = text
            elif text.strip():
                stray.append(text)
        extra = [text for text in fields[len(columns) :] if text.strip()]
        rid = _clean(values["id"])
        problems = []
        if len(fields) < len(columns):
            said = say("row.short", fields=len(fields), columns=len(columns))
            problems.append(Problem.of(raw_row.line, "row", said, rid))
        if extra:
            listed = ", ".join(map(repr, extra))
            said = say("row.long", count=len(extra), values=listed, delimiter=repr(delimiter))
            problems.append(Problem.of(raw_row.line, "row", said, rid))
        if stray:
            said = say("row.stray", values=", ".join(map(repr, stray)))
            problems.append(Problem.of(raw_row.line, "row", said, rid))
        rows.append(Row(raw_row.line, values, raw_row.raw, raw_row.offset, tuple(problems)))
    return RecordsTable(path=path, header=raw.header, rows=tuple(rows), dialect=raw.dialect)


def header_columns(path: Path, header: tuple[str, ...]) -> tuple[str | None, ...]:
    """Map each header position to its column (None for an unnamed column); reject bad headers."""
    names = [name.lstrip("\ufeff").strip() for name in header]
    keys = [name.lower() for name in names]
    unknown = [name for name, key in zip(names, keys, strict=True) if key and key not in COLUMNS]
    missing = [column for column in COLUMNS if column not in keys]
    repeated = sorted({key for key in keys if key and keys.count(key) > 1})
    if not (unknown or missing or repeated):
        return tuple(key or None for key in keys)
    parts = []
    if unknown:
        described = []
        for name in unknown:
            close = difflib.get_close_matches(name.lower(), missing or COLUMNS, n=1)
            if close:
                described.append(say("header.did_you_mean", name=repr(name), close=repr(close[0])).message)
            else:
                described.append(repr(name))
        parts.append(say("header.unknown", names=", ".join(described)).message)
    if missing:
        parts.append(say("header.missing", names=", ".join(map(repr, missing))).message)
    if repeated:
        parts.append(say("header.repeated", names=", ".join(map(repr, repeated))).message)
    hint = ""
    if len(names) == 1 and "\t" in names[0]:
        hint = say("header.tabs").message
    raise error(InvalidRecord, "header.wrong", path=path, parts="; ".join(parts), header=HEADER, hint=hint)


# --- appending ---------------------------------------------------------------------------------


def _refuse_duplicates(path: Path, new: list[Record], existing: list[Entry]) -> None:
    """InvalidRecord when a new record repeats a row of the file but for its id (a retried add)."""

    def same(record: Record) -> dict[str, str]:
        row = record.to_row()
        row.pop("id")
        return row

    for record in new:
        for old, line, rid in existing:
            if old is not None and same(old) == same(record):
                raise error(InvalidRecord, "add.duplicate", path=path, line=line, record=rid)


def format_record(record: Record, header: tuple[str | None, ...], dialect: Dialect) -> str:
    """The CSV row of a record under ``header`` (None: an unnamed column), line ending included."""
    row = record.to_row()
    return _csvio.format_row([row[c] if c else "" for c in header], dialect)


def refuse_spreadsheet_target(path: Path) -> None:
    """RecordsFileError when ``path`` is a spreadsheet, which rows cannot be appended to."""
    if path.suffix.lower() in (*_csvio.SPREADSHEET_SUFFIXES, ".xls", ".ods"):
        raise error(RecordsFileError, "add.spreadsheet", path=path)


def checked_to_add(
    path: Path, records: Iterable[Record], *, today: date | None, check_place: PlaceCheck | None
) -> list[Record]:
    """The records to append to ``path``, without line numbers, once they are known to be good.

    Raises RecordsFileError for a spreadsheet target, InvalidRecord for a record larger than a row
    may be or one that :func:`geo.records.validate` finds a problem with (``today``: the current
    date if None).
    """
    refuse_spreadsheet_target(path)
    new = [dataclasses.replace(record, line=None) for record in records]
    if not new:
        return []
    too_big = [f"{record.id}: {'; '.join(found)}" for record in new if (found := oversized(record))]
    if too_big:
        raise error(InvalidRecord, "add.too_big", path=path, found="; ".join(too_big[:5]))
    problems = validate(new, today=today if today is not None else date.today(), check_place=check_place)
    if problems:
        raise InvalidRecord(problem_listing(say("add.problems", path=path).message, problems))
    return new


def append_records(
    path: str | os.PathLike[str],
    records: Iterable[Record],
    *,
    today: date | None = None,
    check_place: PlaceCheck | None = None,
    renumber: Callable[[Record, set[str]], Record] | None = None,
    refuse_duplicates: bool = False,
) -> list[Record]:
    """Append records to a CSV file without changing any byte already in it.

    ``renumber``: under the lock, a record whose id the file already holds is given a new one by
    ``renumber(record, ids taken)`` (two planners adding at once both get their row). With
    ``refuse_duplicates``, a record equal to a row of the file but for its id is refused.

    The records are checked first (as :func:`geo.records.validate`, with ``today`` defaulting to the
    current date); any problem raises InvalidRecord and nothing is written. Then, holding the
    lock ``<file>.lock``, the file is read again, the new ids and shared groups are checked
    against its rows, and a copy made of the old bytes, a line ending if the last line has
    none, and the new rows in the file's dialect (separator, line ending) replaces the file
    atomically. A missing file is created with the header. Returns the records with the line
    where each starts in the file.

    Raises RecordsFileError for an ``.xlsx`` target, a file open in a spreadsheet or another
    add running, and InvalidRecord for a bad header or broken quoting in the existing file.
    """
    path = Path(path)
    new = checked_to_add(path, records, today=today, check_place=check_place)
    if not new:
        return []

    target = Path(os.path.realpath(path))  # write through a symlink, keep the link
    with _csvio.locked(target):
        _csvio.refuse_if_open_in_spreadsheet(target)
        _csvio.remove_stale_temps(target)
        state = _csvio.file_state(target)
        data = _csvio.read_bytes(target)
        if not data or data == _csvio.BOM:  # missing or empty: start with the header
            dialect = _csvio.DEFAULT_DIALECT
            header: tuple[str | None, ...] = COLUMNS
            prefix = _csvio.BOM
            text = _csvio.format_row(COLUMNS, dialect)
            next_line = 2
            existing: list[Entry] = []
        else:
            raw = _csvio.parse_csv(data, str(path))
            table = table_from_raw(path, raw)
            dialect = raw.dialect or _csvio.DEFAULT_DIALECT
            header = header_columns(path, raw.header)
            prefix = data
            text = "" if raw.ends_with_newline else dialect.newline
            next_line = raw.n_lines + 1
            existing = [(record_of(r), r.line, _clean(r.values["id"])) for r in table.rows]
        taken = {rid for _, _, rid in existing}
        if renumber is not None:
            fresh = []
            for record in new:
                if record.id in taken:
                    record = renumber(record, taken)
                taken.add(record.id)
                fresh.append(record)
            new = fresh
        if refuse_duplicates:
            _refuse_duplicates(path, new, existing)
        clashes = [p for p in cross_problems([*existing, *((r, None, r.id) for r in new)]) if p.line is None]
        if clashes:
            title = say("add.clashes", path=path).message
            raise InvalidRecord(problem_listing(title, clashes))
        placed = []
        chunks = [text]
        for record in new:
            formatted = format_record(record, header, dialect)
            chunks.append(formatted)
            placed.append(dataclasses.replace(record, line=next_line))
            next_line += _csvio.count_line_breaks(formatted)
        _csvio.atomic_write(target, prefix + "".join(chunks).encode("utf-8"), expected_state=state)
    return placed
