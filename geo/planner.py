"""The planner's side: turn article activities and ``add`` arguments into checked activity records.

Pure functions over the gazetteer and the records schema of ``geo.activities``; the command
line reads and writes the files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geo._numbers import QUALIFIERS, Number, parse_number, parse_user_number
from geo._text import fold
from geo.activities import MAX_PLACES, PlaceCheck, Record, append_records
from geo.errors import AmbiguousPlace, GeoError, InvalidRecord, PlaceNotFound
from geo.gazetteer import Gazetteer, Unit, parse_date
from geo.geocode import Context, resolve

if TYPE_CHECKING:
    from geo._answers import Result
    from geo._grouping import Activity
    from geo.extract import Reading
    from geo.figures import Figure


def place_text(gazetteer: Gazetteer, unit: Unit) -> str:
    """The place written the way a planner would: ``xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn``.

    Parents of a unit of the 2008 data are written with the names they had then ("tỉnh Thừa
    Thiên Huế", not today's "thành phố Huế"), which also keeps the text unambiguous.
    """
    return ", ".join(f"{t} {n}" for t, n in gazetteer.chain(unit))


def place_checker(gazetteer: Gazetteer) -> PlaceCheck:
    """A check for ``validate``: does the place text resolve, at the record's date, to its unit id?"""

    def check(place: str, unit_id: str, level: str, start: dt.date) -> str | None:
        unit = gazetteer.units.get(unit_id)
        if unit is None:
            return f'unit id "{unit_id}" is not in the gazetteer (built from the installed packages)'
        if unit.level != level:
            return f'level "{level}" does not match unit {unit_id}, which is a {unit.level}'
        province = gazetteer.province_of(unit)
        result = resolve(place, gazetteer, start, Context(province=province))
        found = result.unit
        if result.status != "resolved" or found is None:  # not found, or ambiguous
            return result.message
        if "typo" in result.flags:
            return f'"{place}" is misspelt: it reads as {gazetteer.path(found)}; write that name'
        if not unit.valid_at(start):
            return f"{gazetteer.path(unit)} ({unit_id}) existed {unit.period()}, not on {start.isoformat()}"
        if found.id != unit_id:
            return (
                f'"{place}" resolves to {gazetteer.path(found)} ({found.id}) on {start.isoformat()}, '
                f"not to {gazetteer.path(unit)} ({unit_id})"
            )
        return None

    return check


def resolve_for_record(
    gazetteer: Gazetteer, place: str, start: dt.date, province: Unit | None = None
) -> tuple[Unit, Result]:
    """Resolve a planner's place at the record's date, or raise with the wording that picks each."""
    result = resolve(place, gazetteer, start, Context(province=province))
    unit = result.unit if result.status == "resolved" else None
    if unit is not None and "typo" in result.flags:
        # A record keeps the place as written: a misspelt name is refused with the one it was read as.
        lines = [f'No place "{place}" on {start.isoformat()}.', "Did you mean:"]
        lines.append(f'  --place "{_lower_types(gazetteer.path(unit))}"')
        raise PlaceNotFound("\n".join(lines))
    if unit is not None and unit.valid_at(start):
        return unit, result
    if unit is not None:
        then = [u for u in related_at(gazetteer, unit, start)]
        lines = [
            f'"{place}" is {gazetteer.path(unit)}, which existed {unit.period()}, not on {start.isoformat()}.'
        ]
        if then:
            lines.append("On that date the place was:")
            lines += [f'  --place "{place_text(gazetteer, u)}"' for u in then]
        lines.append("Or give a --start date in its period.")
        raise PlaceNotFound("\n".join(lines))
    if result.status == "ambiguous":
        options = [c.unit for c in result.candidates if c.reason.endswith("tied")]
        lines = [f'"{place}" is ambiguous on {start.isoformat()}; say which one:']
        lines += [f'  --place "{place_text(gazetteer, u)}"' for u in options]
        raise AmbiguousPlace("\n".join(lines))
    lines = [f'No place "{place}" on {start.isoformat()}.']
    if result.suggestions:
        lines.append("Did you mean:")
        for path in result.suggestions:
            lines.append(f'  --place "{_lower_types(path)}"')
    if province is None:
        lines.append("If it is in a given province, add --province NAME.")
    raise PlaceNotFound("\n".join(lines))


def related_at(gazetteer: Gazetteer, unit: Unit, day: dt.date) -> list[Unit]:
    """The units valid on ``day`` that a unit of another date came from or went into."""
    successors: dict[str, list[str]] = {}
    for link in gazetteer.links:
        successors.setdefault(link["from_id"], []).append(link["to_id"])
    seen, frontier, found = {unit.id}, [unit.id], []
    while frontier:
        nxt = []
        for uid in frontier:
            for other in gazetteer.predecessors.get(uid, []) + successors.get(uid, []):
                if other in seen:
                    continue
                seen.add(other)
                candidate = gazetteer.units[other]
                if candidate.valid_at(day):
                    found.append(candidate)
                elif candidate.level == unit.level:
                    nxt.append(other)
        frontier = nxt
    return sorted(found, key=lambda u: u.name)


def _lower_types(path: str) -> str:
    return path[:1].lower() + path[1:]


def new_record_id(places: list[Unit], start: dt.date, taken: Iterable[str]) -> str:
    """``2026-03-15-na-sam``, with ``-2``, ``-3``… when that id is taken."""
    base = f"{start.isoformat()}-{fold(places[0].name).replace(' ', '-')}"
    taken = set(taken)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def article_id(text: str) -> str:
    """A short content hash of an article: records read from it carry it in their ids."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def records_from_activities(
    gazetteer: Gazetteer, reading: Reading, activities: list[Activity], *, source: str
) -> list[Record]:
    """One record per figure of each activity (a figure shared by several places stays one record)."""
    digest = article_id(reading.text)
    header = reading.document.header_date
    records: list[Record] = []
    standalone: dict[tuple[str, str, dt.date], str] = {}  # a long text names its places again and again
    for activity in activities:
        if not activity.units:
            continue
        if activity.places:
            places = []
            for m in activity.places:
                if m.unit is None:  # never: an activity's places are resolved mentions
                    continue
                said = (m.query or m.text, m.unit.id, activity.start)
                if said not in standalone:
                    standalone[said] = _standalone(gazetteer, said[0], m.unit, activity.start)
                places.append(standalone[said])
        else:
            places = [place_text(gazetteer, u) for u in activity.units]
        # A period that starts before its places existed ("từ năm 2025 đến nay" at a unit formed
        # on 1 Jul 2025) starts, for the record, when they did.
        start = max(
            [activity.start, *(dt.date.fromisoformat(u.valid_from) for u in activity.units if u.valid_from)]
        )
        end = max(activity.end, start) if activity.end else None
        figures: list[Figure | None] = [*activity.figures] or [None]
        together = ", ".join(f.text for f in activity.figures)
        for figure in figures:
            notes = []
            if len(activity.figures) > 1:
                notes.append(f"cùng hoạt động: {together}")
            if activity.shared:
                notes.append("một con số chung cho các địa điểm")
            if activity.province_wide:
                notes.append("số liệu toàn tỉnh")
            records.append(
                Record(
                    id=f"a{digest}-{len(records) + 1:02d}",
                    places=tuple(places),
                    unit_ids=tuple(u.id for u in activity.units),
                    levels=tuple(u.level for u in activity.units),
                    activity=activity.phrase,
                    kind=activity.kind,
                    actor=activity.actor,
                    value=figure.value if figure else None,
                    unit=figure.unit if figure else "",
                    qualifier=figure.qualifier if figure else "",
                    start=start,
                    end=end,
                    source=source,
                    source_date=header,
                    quote=activity.quote,
                    note="; ".join(notes),
                )
            )
    return records


def _standalone(gazetteer: Gazetteer, place: str, unit: Unit, day: dt.date) -> str:
    """The place as written, with its province added when the text alone would not find it."""
    day = max(day, dt.date.fromisoformat(unit.valid_from)) if unit.valid_from else day
    result = resolve(place, gazetteer, day, suggest=False)
    if result.status == "resolved" and result.unit is not None and result.unit.id == unit.id:
        return place
    province = gazetteer.province_of(unit)
    return f"{place}, {province.type} {province.name}"


# --- a planner's new record, from the command line or the workbench's form ----------------------


@dataclass(frozen=True)
class Draft:
    """A new record as a planner typed it: text per field, nothing read yet."""

    places: tuple[str, ...]
    activity: str
    start: str
    end: str = ""
    value: str = ""
    unit: str = ""
    qualifier: str = ""
    actor: str = ""
    kind: str = ""
    source: str = ""
    note: str = ""
    province: str = ""


@dataclass
class Checked:
    """A draft as read: its record (None when a field is wrong), its units, and every problem by field.

    ``problems`` keeps the order in which ``add`` checks the fields, so that the command line can
    stop at the first one with the words it always used; ``read_as`` says how a figure written
    with separators was read.
    """

    record: Record | None
    units: list[Unit]
    problems: dict[str, str]
    read_as: dict[str, str]

    def first_problem(self) -> InvalidRecord:
        return InvalidRecord(next(iter(self.problems.values())))


def read_value(text: str, what: str = "--value") -> Number:
    """A figure as a person types it: Vietnamese style first (``1.445`` is 1445, ``2,5`` is 2.5), then plain."""
    try:
        return parse_number(text.strip())
    except ValueError:
        try:
            return parse_user_number(text)
        except ValueError as err:
            shown = text if len(text) <= 24 else f"{text[:20]}…"
            raise InvalidRecord(f"{what} {shown!r}: {err}") from err


def check_draft(
    gazetteer: Gazetteer, draft: Draft, *, flag: str = "--", today: dt.date | None = None
) -> Checked:
    """Read every field of a draft, collecting one problem per field (``flag`` + field names it).

    The places are resolved at the start date only when the dates could be read. The record's id
    is provisional: :func:`save_new` picks the final one under the file's lock.
    """
    today = today or dt.date.today()
    problems: dict[str, str] = {}  # in the order `add` checks the fields
    read_as: dict[str, str] = {}
    places = _draft_places(draft.places, flag, problems)
    if not draft.activity.strip():
        problems["activity"] = f"{flag}activity is empty; say what was done"
    start = _draft_day("start", draft.start, flag, today, problems)
    end = _draft_day("end", draft.end, flag, today, problems)
    value = _draft_value(draft.value, flag, problems, read_as)
    if draft.qualifier and draft.qualifier not in QUALIFIERS:
        problems["qualifier"] = f"{flag}qualifier {draft.qualifier!r} is not one of {', '.join(QUALIFIERS)}"
    units: list[Unit] = []
    if start is not None and "start" not in problems and "place" not in problems:
        units = _place_units(gazetteer, draft, places, start, problems)
    if problems or start is None:
        return Checked(None, units, problems, read_as)
    record = Record(
        id=new_record_id(units, start, ()),
        places=places,
        unit_ids=tuple(u.id for u in units),
        levels=tuple(u.level for u in units),
        activity=draft.activity.strip(),
        kind=draft.kind.strip(),
        actor=draft.actor.strip(),
        value=value,
        unit=draft.unit.strip(),
        qualifier=draft.qualifier,
        start=start,
        end=end,
        source=draft.source.strip(),
        note=draft.note.strip(),
    )
    return Checked(record, units, problems, read_as)


def _draft_places(texts: tuple[str, ...], flag: str, problems: dict[str, str]) -> tuple[str, ...]:
    """The places given (blank ones dropped); a problem when there are none or too many."""
    places = tuple(p.strip() for p in texts if p.strip())
    if len(places) > MAX_PLACES:
        problems["place"] = (
            f"{len(places):,} {flag}place in one row, more than the {MAX_PLACES} a row holds; add one row per place"
        )
    elif not places:
        problems["place"] = f"{flag}place is empty; give the commune, district or province where it happened"
    return places


def _draft_day(name: str, text: str, flag: str, today: dt.date, problems: dict[str, str]) -> dt.date | None:
    """The date of field ``name`` (None when blank or unreadable); a problem when it is missing
    (the start), unreadable or in the future."""
    if not text.strip():
        if name == "start":
            problems[name] = f"{flag}start is empty; give the date the activity began, as YYYY-MM-DD"
        return None
    try:
        day = parse_date(text, what=f"{flag}{name}")
    except GeoError as err:
        problems[name] = str(err)
        return None
    if day > today:
        problems[name] = (
            f"{flag}{name} {day.isoformat()} is in the future; give the date the activity took place"
        )
    return day


def _draft_value(text: str, flag: str, problems: dict[str, str], read_as: dict[str, str]) -> Number | None:
    """The figure (None when blank); a problem when unreadable, and how it was read when it has
    separators (``1.445`` is 1445)."""
    if not text.strip():
        return None
    try:
        value = read_value(text, f"{flag}value")
    except InvalidRecord as err:
        problems["value"] = str(err)
        return None
    if any(mark in text for mark in ".,"):
        read_as["value"] = (
            f"{flag}value {text!r} read as {value} ('.' groups thousands, ',' starts the decimals)"
        )
    return value


def _place_units(
    gazetteer: Gazetteer, draft: Draft, places: tuple[str, ...], start: dt.date, problems: dict[str, str]
) -> list[Unit]:
    try:
        province = gazetteer.province(draft.province, start) if draft.province else None
    except GeoError as err:
        problems["province"] = str(err)
        return []
    try:
        return [resolve_for_record(gazetteer, place, start, province)[0] for place in places]
    except GeoError as err:
        problems["place"] = str(err)
        return []


def save_new(path: Path, record: Record, units: list[Unit], gazetteer: Gazetteer) -> Record:
    """Append one checked record through the locked, atomic path; its id is chosen under the lock.

    Raises RecordsFileError for a spreadsheet (see :func:`geo.activities.refuse_spreadsheet_target`),
    InvalidRecord for a record that repeats a row of the file but for its id.
    """

    def renumber(clashing: Record, ids: set[str]) -> Record:  # chosen under the file's lock
        return dataclasses.replace(clashing, id=new_record_id(units, record.start, ids))

    return append_records(
        path, [record], check_place=place_checker(gazetteer), renumber=renumber, refuse_duplicates=True
    )[0]
