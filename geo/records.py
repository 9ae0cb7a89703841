"""Activity records: the schema of ``data/activities.csv``, the record types, and their checks.

One row is one activity reported in the news: what was done where, how much, when, by whom,
and from which source. Planners edit the file in a spreadsheet, with ``add`` or the workbench;
the article reader appends rows too. Here is what a row is and what can be wrong with it, all
pure: :class:`Record` (one activity, typed), :class:`Row` and :class:`RecordsTable` (a file as
read), :func:`parse_row` (one row's cells, each problem reported), :func:`validate` (every row,
then across rows and against the geocoder). Reading a file and appending to it are
:mod:`geo.records_file`; the workbench's corrections are ``geo.workbench.edits``.

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

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from geo._cells import EARLIEST_DATE, _Bad, _clean, _date_text, _nfc, _parse_date, _parse_number, _split
from geo._csvio import Dialect, format_number
from geo._messages import Said, error, figure, say
from geo.errors import GeoError, InvalidRecord

__all__ = [
    "COLUMNS",
    "EARLIEST_DATE",
    "HEADER",
    "LEVELS",
    "MAX_PLACES",
    "MAX_TEXT",
    "PLACE_SEPARATOR",
    "QUALIFIERS",
    "WITHDRAWN",
    "Entry",
    "PlaceCheck",
    "Problem",
    "Record",
    "RecordsTable",
    "Row",
    "cross_problems",
    "oversized",
    "parse_row",
    "problem_lines",
    "problem_listing",
    "record_of",
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
        record, problems = parse_row(row, line, today=None)
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
            record, found = parse_row(row.values, row.line, today=None)
            problems.extend(found)
            if record is not None:
                records.append(record)
        if problems:
            title = say("listing.file", path=self.path, count=len(problems)).message
            raise InvalidRecord(problem_listing(title, problems))
        return records


# --- parsing one row ---------------------------------------------------------------------------


_Report = Callable[[str, Said], None]  # (column, message): one problem of the row being read


def parse_row(
    values: Mapping[str, str], line: int | None, today: date | None
) -> tuple[Record | None, list[Problem]]:
    """Read and check one row (column → text; missing columns are empty) against ``today`` (None:
    dates in the future are not checked). The Record is None when a number or date could not be read."""
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


def record_of(row: Row) -> Record | None:
    """The record of a row as read (None when a number or date in it cannot be read)."""
    return parse_row(row.values, row.line, None)[0]


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
        record, found = parse_row(values, line, today)
        problems.extend(found)
        entries.append((record, line, _clean(values.get("id"))))
    problems.extend(cross_problems(entries))
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


Entry = tuple[Record | None, int | None, str]  # a row's record (None: unreadable), line and id


def cross_problems(entries: list[Entry]) -> list[Problem]:
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


# --- a new row's bounds ------------------------------------------------------------------------


# Bounds of a row made by add, extract --write or the planner's form: a text field holds at most
# MAX_TEXT characters (a quote is a sentence; the article stays at its source) and a row names at
# most MAX_PLACES places. Rows already in a file are read whatever their size (see oversized).
MAX_TEXT = 5_000
MAX_PLACES = 20


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
