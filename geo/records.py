"""Activity records: the schema of ``data/activities.csv``, reading, validation, safe appending.

One row is one activity reported in the news: what was done where, how much, when, by whom,
and from which source. Planners edit the file in a spreadsheet, with ``add`` or the workbench;
the article reader appends rows too. Reading and checking are pure; the only writers are
:func:`append_records` (which never changes a byte already in the file) and the workbench's
corrections (``geo.workbench.edits``).

The header is exactly (another column order is accepted when reading)::

    id,place,unit_ids,level,activity,kind,actor,value,unit,qualifier,start,end,shared_group,source,source_date,quote,note

What each column holds, which are required, and how the file may be spelt (BOM, ``,`` or ``;``,
CRLF or LF, quoting, ``.xlsx``) is documented with the data, in ``data/README.md``. In short:
``place``, ``unit_ids`` and ``level`` list one entry per place separated by `` | ``; ``value`` is a
plain machine number (``1445``, ``2.5``: the Vietnamese ``1.445`` and ``2,5`` are reported with the
fix); dates are ISO ``YYYY-MM-DD``, real, from 1945-09-02 and not in the future. Every problem
is a :class:`Problem` whose words come from :mod:`geo._messages`.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from geo import _csvio
from geo._cells import EARLIEST_DATE, _Bad, _clean, _date_text, _nfc, _parse_date, _parse_number, _split
from geo._csvio import Dialect, format_number
from geo._messages import Said, error, figure, say
from geo.errors import GeoError, InvalidRecord, RecordsFileError

__all__ = [
    "COLUMNS",
    "EARLIEST_DATE",
    "HEADER",
    "LEVELS",
    "PLACE_SEPARATOR",
    "QUALIFIERS",
    "PlaceCheck",
    "Problem",
    "Record",
    "RecordsTable",
    "Row",
    "append_records",
    "read_records",
    "validate",
]

HEADER = (
    "id,place,unit_ids,level,activity,kind,actor,value,unit,qualifier,start,end,shared_group,"
    "source,source_date,quote,note"
)
COLUMNS: tuple[str, ...] = tuple(HEADER.split(","))
LEVELS: tuple[str, ...] = ("commune", "district", "province")
QUALIFIERS: tuple[str, ...] = ("exact", "approx", "at_least", "at_most", "vague")
PLACE_SEPARATOR = " | "
# A withdrawn row stays in the file; its note starts "[đã rút 2026-03-02: reason]" and maps leave it out.
WITHDRAWN = "[đã rút"

# (place text, unit id, level, date the activity started) -> problem message, or None if fine.
PlaceCheck = Callable[[str, str, str, date], str | None]

_MAX_LISTED = 20  # problems listed in one exception message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one row, with where it is and how to fix it.

    ``line`` is the line where the row starts in the file (header = line 1), or None for a
    record that is not in a file yet; ``record`` is the row's id, used then. ``code`` names the
    message in :mod:`geo._messages` (scripts read it rather than the words).
    """

    line: int | None
    field: str
    message: str
    fix: str
    record: str = ""
    code: str = ""

    @classmethod
    def of(cls, line: int | None, column: str, said: Said, record: str = "") -> Problem:
        """The problem a message of the catalogue describes."""
        return cls(line, column, said.message, said.fix, record, said.code)

    def __str__(self) -> str:
        if self.line is not None:
            where = f"{say('where.line', line=self.line)}, "
        elif self.record:
            where = f"{say('where.record', record=self.record)}, "
        else:
            where = ""
        return f"{where}{self.field}: {self.message}; {self.fix}"


@dataclass(frozen=True, kw_only=True)
class Record:
    """One activity, typed. ``levels`` has one level per place, or one level for all of them."""

    id: str
    places: tuple[str, ...]
    unit_ids: tuple[str, ...]
    levels: tuple[str, ...]
    activity: str
    start: date
    kind: str = ""
    actor: str = ""
    value: int | float | None = None
    unit: str = ""
    qualifier: str = ""
    end: date | None = None
    shared_group: str = ""
    source: str = ""
    source_date: date | None = None
    quote: str = ""
    note: str = ""
    line: int | None = field(default=None, compare=False)

    @property
    def place_levels(self) -> tuple[str, ...]:
        """The level of each place (``levels`` repeated when one level is given for all)."""
        if len(self.levels) == 1:
            return self.levels * len(self.places)
        return self.levels

    def to_row(self) -> dict[str, str]:
        """The CSV fields of this record, in column order (text NFC-normalised)."""
        return {
            "id": _nfc(self.id),
            "place": PLACE_SEPARATOR.join(_nfc(p) for p in self.places),
            "unit_ids": PLACE_SEPARATOR.join(_nfc(u) for u in self.unit_ids),
            "level": PLACE_SEPARATOR.join(_nfc(v) for v in self.levels),
            "activity": _nfc(self.activity),
            "kind": _nfc(self.kind),
            "actor": _nfc(self.actor),
            "value": "" if self.value is None else format_number(self.value),
            "unit": _nfc(self.unit),
            "qualifier": _nfc(self.qualifier),
            "start": _date_text(self.start),
            "end": _date_text(self.end),
            "shared_group": _nfc(self.shared_group),
            "source": _nfc(self.source),
            "source_date": _date_text(self.source_date),
            "quote": _nfc(self.quote),
            "note": _nfc(self.note),
        }

    @classmethod
    def from_row(cls, row: Mapping[str, str], line: int | None) -> Record:
        """Parse one row (column → text; missing columns are empty) into a Record.

        Raises InvalidRecord listing every problem of the row, each naming the line and field.
        Dates in the future are not checked here (that needs ``today``: see :func:`validate`).
        """
        unknown = [key for key in row if key not in COLUMNS]
        if unknown:
            names = ", ".join(map(repr, unknown))
            raise error(InvalidRecord, "row.unknown_columns", line=line, names=names, header=HEADER)
        record, problems = _parse(row, line, today=None)
        if problems or record is None:
            raise InvalidRecord("\n".join(str(p) for p in problems))
        return record


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a records file as written: text per column, where it is, its exact bytes."""

    line: int  # where the row starts (header = line 1); the sheet row number in an .xlsx
    values: dict[str, str]  # every column of COLUMNS, "" when absent
    raw: bytes | None = None  # the row's bytes in the file, line ending included (CSV only)
    offset: int | None = None  # byte offset of ``raw`` in the file (CSV only)
    problems: tuple[Problem, ...] = ()  # shape problems found while reading (too many fields...)


@dataclass(frozen=True)
class RecordsTable:
    """A records file as read: header as written, non-blank rows, and the CSV dialect."""

    path: Path
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    dialect: Dialect | None  # None for .xlsx

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[Record]:
        """Every row as a Record; raises InvalidRecord listing the problems if any row is malformed.

        Checks each row on its own (as :meth:`Record.from_row`); use :func:`validate` for the
        checks across rows (duplicate ids, shared groups) and against today and the geocoder.
        """
        records: list[Record] = []
        problems: list[Problem] = []
        for row in self.rows:
            problems.extend(row.problems)
            record, found = _parse(row.values, row.line, today=None)
            problems.extend(found)
            if record is not None:
                records.append(record)
        if problems:
            title = say("listing.file", path=self.path, count=len(problems)).message
            raise InvalidRecord(problem_listing(title, problems))
        return records


# --- reading -----------------------------------------------------------------------------------


def read_records(path: str | os.PathLike[str]) -> RecordsTable:
    """Read a records file (``.csv`` or the first sheet of an ``.xlsx``) without judging its rows.

    Raises RecordsFileError when the file is missing, unreadable or not UTF-8, and
    InvalidRecord when the header is wrong or the quoting is broken. Row problems are left to
    :func:`validate`.
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


# --- parsing one row ---------------------------------------------------------------------------


_Report = Callable[[str, Said], None]  # (column, message): one problem of the row being read


def _parse(
    values: Mapping[str, str], line: int | None, today: date | None
) -> tuple[Record | None, list[Problem]]:
    """Read and check one row. The Record is None when a number or date could not be read."""
    text = {column: _clean(values.get(column)) for column in COLUMNS}
    problems: list[Problem] = []

    def bad(column: str, said: Said) -> None:
        problems.append(Problem.of(line, column, said, text["id"]))

    for column in ("id", "activity"):
        if not text[column]:
            bad(column, say(f"{column}.empty"))
    places, unit_ids, levels = _read_places(text, bad)
    value, qualifier, value_read = _read_figure(text, bad)
    dates = _read_dates(text, today, bad)
    start = dates["start"]
    if not value_read or start is None or _unread_dates(text, dates):
        return None, problems
    record = Record(
        id=text["id"],
        places=places,
        unit_ids=unit_ids,
        levels=levels,
        activity=text["activity"],
        start=start,
        kind=text["kind"],
        actor=text["actor"],
        value=value,
        unit=text["unit"],
        qualifier=qualifier,
        end=dates["end"],
        shared_group=text["shared_group"],
        source=text["source"],
        source_date=dates["source_date"],
        quote=text["quote"],
        note=text["note"],
        line=line,
    )
    return record, problems


def _read_places(text: dict[str, str], bad: _Report) -> tuple[tuple[str, ...], ...]:
    """The places, their unit ids and levels of a row, each problem with them reported."""
    places = _split(text["place"])
    unit_ids = _split(text["unit_ids"])
    levels = tuple(level.lower() for level in _split(text["level"]))
    if not places:
        bad("place", say("place.empty"))
    elif "" in places:
        bad("place", say("place.empty_part", text=text["place"]))
    if not unit_ids:
        bad("unit_ids", say("unit_ids.empty"))
    elif "" in unit_ids:
        bad("unit_ids", say("unit_ids.empty_part", text=text["unit_ids"]))
    elif places and len(unit_ids) != len(places):
        bad("unit_ids", say("unit_ids.count", ids=len(unit_ids), places=len(places)))
    _check_levels(levels, places, bad)
    return places, unit_ids, levels


def _check_levels(levels: tuple[str, ...], places: tuple[str, ...], bad: _Report) -> None:
    known = ", ".join(LEVELS)
    wrong = [level for level in levels if level not in LEVELS]
    if not levels:
        bad("level", say("level.empty", levels=known))
    elif wrong:
        bad("level", say("level.unknown", values=", ".join(map(repr, wrong)), levels=known))
    elif places and len(levels) not in (1, len(places)):
        bad("level", say("level.count", levels=len(levels), places=len(places)))


def _read_figure(text: dict[str, str], bad: _Report) -> tuple[int | float | None, str, bool]:
    """The value and qualifier of a row, and whether the value could be read (empty is read)."""
    value: int | float | None = None
    read = True
    if text["value"]:
        try:
            value = _parse_number(text["value"])
        except _Bad as err:
            bad("value", err.said)
            read = False
    qualifier = text["qualifier"].lower()
    if qualifier and qualifier not in QUALIFIERS:
        bad("qualifier", say("qualifier.unknown", text=text["qualifier"], qualifiers=", ".join(QUALIFIERS)))
    if read and value is None:
        if text["unit"]:
            bad("value", say("value.missing", unit=text["unit"]))
        if qualifier:
            bad("qualifier", say("qualifier.without_value", text=text["qualifier"]))
    if value is not None and not text["unit"]:
        bad("unit", say("unit.missing", value=text["value"]))
    return value, qualifier, read


def _read_dates(text: dict[str, str], today: date | None, bad: _Report) -> dict[str, date | None]:
    """The start, end and source dates of a row (None when empty or unreadable)."""
    dates: dict[str, date | None] = {"start": None, "end": None, "source_date": None}
    if not text["start"]:
        bad("start", say("start.empty"))
    for column in dates:
        if text[column]:
            try:
                dates[column] = _parse_date(text[column], today)
            except _Bad as err:
                bad(column, err.said)
    start, end = dates["start"], dates["end"]
    if start is not None and end is not None and end < start:
        bad("end", say("end.before_start", end=end, start=start))
    return dates


def _unread_dates(text: dict[str, str], dates: dict[str, date | None]) -> bool:
    """Whether a date written in the row could not be read."""
    return any(text[column] and dates[column] is None for column in dates)


# --- validation --------------------------------------------------------------------------------


def validate(
    records: Iterable[Record | Row],
    *,
    today: date,
    check_place: PlaceCheck | None = None,
    parsed: list[Record] | None = None,
) -> list[Problem]:
    """Every problem of every row (a RecordsTable, its rows, or Records), sorted by line.

    ``parsed``: a list that receives the Record of every row that could be read, so that a
    caller that validates and then uses the records reads each row once.

    Checks each field, then across rows: duplicate ids (reported on the later row, naming the
    first) and shared groups whose rows disagree on value, unit or start. ``check_place`` is
    called once per distinct ``(place, unit_id, level, start)`` of the well-formed rows; a
    message it returns (or a GeoError it raises) becomes a problem in field ``place``.
    """
    problems: list[Problem] = []
    entries: list[tuple[Record | None, int | None, str]] = []
    for item in records:
        if isinstance(item, Record):
            values, line = item.to_row(), item.line
        elif isinstance(item, Row):
            values, line = item.values, item.line
            problems.extend(item.problems)
        else:
            msg = f"validate() takes Records or Rows, not {type(item).__name__}"
            raise TypeError(msg)
        record, found = _parse(values, line, today)
        problems.extend(found)
        entries.append((record, line, _clean(values.get("id"))))
    problems.extend(_cross_problems(entries))
    if parsed is not None:
        parsed.extend(e[0] for e in entries if e[0] is not None)
    if check_place is not None:
        problems.extend(_place_problems([e[0] for e in entries if e[0] is not None], check_place))
    problems.sort(key=lambda p: (p.line is None, p.line or 0))
    return problems


def _where(line: int | None, rid: str) -> str:
    return (
        say("where.line", line=line).message if line is not None else say("where.record", record=rid).message
    )


_Entry = tuple[Record | None, int | None, str]  # a row's record (None: unreadable), line and id


def _cross_problems(entries: list[_Entry]) -> list[Problem]:
    problems = []
    first_by_id: dict[str, int | None] = {}
    first_by_group: dict[str, Record] = {}
    for record, line, rid in entries:
        if rid:
            if rid in first_by_id:
                first_line = first_by_id[rid]
                if first_line is not None:
                    said = say("id.repeated", record=rid, line=first_line)
                else:
                    said = say("id.given_twice", record=rid)
                problems.append(Problem.of(line, "id", said, rid))
            else:
                first_by_id[rid] = line
        group = _clean(record.shared_group) if record is not None else ""
        if record is None or not group:  # as written and read back: "\r" is no group
            continue
        first = first_by_group.setdefault(group, record)
        if first is record:
            continue
        if (record.value, record.unit, record.start) != (first.value, first.unit, first.start):
            said = say(
                "shared_group.differs",
                group=record.shared_group,
                first=figure(first.value, first.unit),
                first_start=first.start,
                where=_where(first.line, first.id),
                this=figure(record.value, record.unit),
                this_start=record.start,
            )
            problems.append(Problem.of(line, "shared_group", said, rid))
    return problems


def _place_problems(records: list[Record], check_place: PlaceCheck) -> list[Problem]:
    problems = []
    answers: dict[tuple[str, str, str, date], str | None] = {}
    for record in records:
        places, unit_ids, levels = record.places, record.unit_ids, record.place_levels
        if not places or len(unit_ids) != len(places) or len(levels) != len(places) or "" in places:
            continue  # already reported; the pairing of places and ids is unknown
        if any(level not in LEVELS for level in levels):
            continue
        for place, unit_id, level in zip(places, unit_ids, levels, strict=True):
            args = (place, unit_id, level, record.start)
            if args not in answers:
                try:
                    answers[args] = check_place(*args)
                except GeoError as err:
                    answers[args] = str(err)
            message = answers[args]
            if message:
                said = say("place.check", message=message, place=place, unit_id=unit_id)
                problems.append(Problem.of(record.line, "place", said, record.id))
    return problems


def problem_lines(problems: list[Problem]) -> str:
    """The problems one per indented line, at most the first 20 and how many more."""
    lines = [f"  {p}" for p in problems[:_MAX_LISTED]]
    if len(problems) > _MAX_LISTED:
        lines.append(f"  {say('listing.more', count=len(problems) - _MAX_LISTED)}")
    return "\n".join(lines)


def problem_listing(title: str, problems: list[Problem]) -> str:
    """``title:`` then the problems (see :func:`problem_lines`)."""
    return f"{title}:\n{problem_lines(problems)}"


# --- appending ---------------------------------------------------------------------------------


# Bounds of a row made by add, extract --write or the planner's form: a text field holds at most
# MAX_TEXT characters (a quote is a sentence; the article stays at its source) and a row names at
# most MAX_PLACES places. Rows already in a file are read whatever their size (see oversized).
MAX_TEXT = 5_000
MAX_PLACES = 20


def _refuse_duplicates(path: Path, new: list[Record], existing: list[_Entry]) -> None:
    """InvalidRecord when a new record repeats a row of the file but for its id (a retried add)."""

    def same(record: Record) -> dict[str, str]:
        row = record.to_row()
        row.pop("id")
        return row

    for record in new:
        for old, line, rid in existing:
            if old is not None and same(old) == same(record):
                raise error(InvalidRecord, "add.duplicate", path=path, line=line, record=rid)


def record_of(row: Row) -> Record | None:
    """The record of a row as read (None when a number or date in it cannot be read)."""
    return _parse(row.values, row.line, None)[0]


def oversized(record: Record) -> list[str]:
    """What makes a record larger than a new row may be (empty when it fits)."""
    found = []
    for column, text in record.to_row().items():
        if column != "place" and len(text) > MAX_TEXT:
            found.append(say("add.too_long_field", column=column, count=len(text), most=MAX_TEXT).message)
    if len(record.places) > MAX_PLACES:
        found.append(say("add.too_many_places", count=len(record.places), most=MAX_PLACES).message)
    elif any(len(place) > MAX_TEXT for place in record.places):
        found.append(say("add.too_long_place", most=MAX_TEXT).message)
    return found


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
    may be or one that :func:`validate` finds a problem with (``today``: the current date if None).
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

    The records are checked first (as :func:`validate`, with ``today`` defaulting to the
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
            existing: list[tuple[Record | None, int | None, str]] = []
        else:
            raw = _csvio.parse_csv(data, str(path))
            table = table_from_raw(path, raw)
            dialect = raw.dialect or _csvio.DEFAULT_DIALECT
            header = header_columns(path, raw.header)
            prefix = data
            text = "" if raw.ends_with_newline else dialect.newline
            next_line = raw.n_lines + 1
            existing = [
                (_parse(r.values, r.line, None)[0], r.line, _clean(r.values["id"])) for r in table.rows
            ]
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
        clashes = [p for p in _cross_problems([*existing, *((r, None, r.id) for r in new)]) if p.line is None]
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
