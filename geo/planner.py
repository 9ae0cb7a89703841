"""The planner's side: turn article activities and ``add`` arguments into checked activity records.

Pure functions over the gazetteer and the records schema of ``geo.records``; the command
line reads and writes the files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geo._messages import Said, error, say, spaced
from geo._numbers import MAX_DIGITS, QUALIFIERS, Number, count_digits, parse_number, parse_user_number
from geo._text import fold
from geo.errors import AmbiguousPlace, GeoError, InvalidRecord, PlaceNotFound
from geo.gazetteer import Gazetteer, Unit, parse_date
from geo.geocode import Context, resolve
from geo.records import MAX_PLACES, PlaceCheck, Record, validate

if TYPE_CHECKING:
    from geo._answers import Result
    from geo.activities import Activity
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
            return str(say("place.unknown_id", unit_id=unit_id))
        if unit.level != level:
            return str(say("place.level_mismatch", level=level, unit_id=unit_id, actual=unit.level))
        province = gazetteer.province_of(unit)
        result = resolve(place, gazetteer, start, Context(province=province))
        if result.status == "not_found":
            close = (
                say("place.close", names="; ".join(result.suggestions)).message if result.suggestions else ""
            )
            return str(say("place.not_found", place=place, day=start, close=close))
        if result.status == "ambiguous":
            names = "; ".join(gazetteer.path(u) for u in _tied(result))
            return str(say("place.ambiguous", place=place, day=start, names=names))
        found = result.unit
        if found is None:  # a resolved answer always has its unit
            return None
        if "typo" in result.flags:
            return str(say("place.misspelt", place=place, path=gazetteer.path(found)))
        if not unit.valid_at(start):
            said = say(
                "place.not_then", path=gazetteer.path(unit), unit_id=unit_id, period=period(unit), day=start
            )
            return str(said)
        if found.id != unit_id:
            said = say(
                "place.other_unit",
                place=place,
                path=gazetteer.path(found),
                found_id=found.id,
                day=start,
                expected=gazetteer.path(unit),
                unit_id=unit_id,
            )
            return str(said)
        return None

    return check


def period(unit: Unit) -> str:
    """A unit's period of validity in Vietnamese, dates as ``01/01/2020``."""
    return _ISO_DAY.sub(lambda m: f"{m[3]}/{m[2]}/{m[1]}", unit.period(vietnamese=True))


_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _tied(result: Result) -> list[Unit]:
    return [c.unit for c in result.candidates if c.reason.endswith("tied")]


def _refusal(kind: type[GeoError], code: str, lines: list[Said]) -> GeoError:
    err = kind("\n".join(said.message for said in lines))
    err.code = code
    return err


def resolve_for_record(
    gazetteer: Gazetteer, place: str, start: dt.date, province: Unit | None = None, *, flag: str = "--"
) -> tuple[Unit, Result]:
    """Resolve a planner's place at the record's date, or raise with the wording that picks each.

    ``flag`` + a field's name is how the planner sees it: ``--place`` on the command line, ``place``
    in the workbench's form (where the places to pick are given without the option).
    """
    result = resolve(place, gazetteer, start, Context(province=province))
    option = f"{flag}place " if flag else ""

    def choices(paths: Iterable[str]) -> list[Said]:
        return [say("new.place_line", option=option, path=path) for path in paths]

    found = result.unit
    if result.status == "resolved" and found is not None and "typo" in result.flags:
        # A record keeps the place as written: a misspelt name is refused with the one it was read as.
        lines = [say("new.no_place", place=place, day=start), say("new.did_you_mean")]
        raise _refusal(
            PlaceNotFound, "place.misspelt", lines + choices([_lower_types(gazetteer.path(found))])
        )
    if result.status == "resolved" and found is not None and found.valid_at(start):
        return found, result
    if result.status == "resolved" and found is not None:
        then = related_at(gazetteer, found, start)
        lines = [
            say("new.not_then", place=place, path=gazetteer.path(found), period=period(found), day=start)
        ]
        if then:
            lines += [say("new.then_was"), *choices(place_text(gazetteer, u) for u in then)]
        lines.append(say("new.other_start", option=f"{flag}start"))
        raise _refusal(PlaceNotFound, "new.not_then", lines)
    if result.status == "ambiguous":
        lines = [say("new.ambiguous", place=place, day=start)]
        raise _refusal(
            AmbiguousPlace, "new.ambiguous", lines + choices(place_text(gazetteer, u) for u in _tied(result))
        )
    lines = [say("new.no_place", place=place, day=start)]
    if result.suggestions:
        lines += [say("new.did_you_mean"), *choices(_lower_types(path) for path in result.suggestions)]
    if province is None:
        lines.append(say("new.province_hint" if flag else "new.narrow_hint"))
    raise _refusal(PlaceNotFound, "new.no_place", lines)


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
    formed: dict[str, dt.date] = {}  # the units' first days, read once each
    for activity in activities:
        if not activity.units:
            continue
        if activity.places:
            places = []
            for m in activity.places:
                said = (m.query or m.text, m.place.id, activity.start)
                if said not in standalone:
                    standalone[said] = _standalone(gazetteer, said[0], m.place, activity.start)
                places.append(standalone[said])
        else:
            places = [place_text(gazetteer, u) for u in activity.units]
        # A period that starts before its places existed ("từ năm 2025 đến nay" at a unit formed
        # on 1 Jul 2025) starts, for the record, when they did.
        start = activity.start
        for u in activity.units:
            if u.valid_from:
                if u.valid_from not in formed:
                    formed[u.valid_from] = dt.date.fromisoformat(u.valid_from)
                start = max(start, formed[u.valid_from])
        end = max(activity.end, start) if activity.end else None
        figures: list[Figure | None] = [*activity.figures] or [None]
        unit_ids, levels = tuple([u.id for u in activity.units]), tuple([u.level for u in activity.units])
        for figure in figures:
            notes = []
            if len(activity.figures) > 1:
                notes.append(f"cùng hoạt động: {', '.join(f.text for f in activity.figures)}")
            if activity.shared:
                notes.append("một con số chung cho các địa điểm")
            if activity.province_wide:
                notes.append("số liệu toàn tỉnh")
            records.append(
                Record(
                    id=f"a{digest}-{len(records) + 1:02d}",
                    places=tuple(places),
                    unit_ids=unit_ids,
                    levels=levels,
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
    stop at the first one; ``codes`` gives each problem's code in :mod:`geo._messages`;
    ``read_as`` says how a figure written with separators was read.
    """

    record: Record | None
    units: list[Unit]
    problems: dict[str, str]
    read_as: dict[str, str]
    codes: dict[str, str] = dataclasses.field(default_factory=dict)

    def first_problem(self) -> InvalidRecord:
        field = next(iter(self.problems))
        err = InvalidRecord(self.problems[field])
        err.code = self.codes.get(field, "")
        return err

    def report(self, field: str, said: Said | GeoError) -> None:
        """Note the problem of a field (a message of the catalogue, or an error made from one)."""
        self.problems[field] = str(said)
        self.codes[field] = said.code


def read_value(text: str, what: str = "--value") -> Number:
    """A figure as a person types it: Vietnamese style first (``1.445`` is 1445, ``2,5`` is 2.5), then plain."""
    shown = text if len(text) <= 24 else f"{text[:20]}…"
    digits = count_digits(text.strip())
    if digits > MAX_DIGITS:
        raise error(
            InvalidRecord, "new.value_digits", option=what, text=shown, digits=digits, most=MAX_DIGITS
        )
    try:
        return parse_number(text.strip())
    except ValueError:
        try:
            return parse_user_number(text)
        except ValueError as err:
            zero = say("new.leading_zero").message if re.match(r"\s*-?0[0-9]", text) else ""
            raise error(InvalidRecord, "new.value_unreadable", option=what, text=shown, zero=zero) from err


def check_draft(
    gazetteer: Gazetteer, draft: Draft, *, flag: str = "--", today: dt.date | None = None
) -> Checked:
    """Read every field of a draft, collecting one problem per field (``flag`` + field names it).

    The places are resolved at the start date only when the dates could be read. The record's id
    is provisional: :func:`save_new` picks the final one under the file's lock.
    """
    today = today or dt.date.today()
    checked = Checked(None, [], {}, {})
    places = tuple(p.strip() for p in draft.places if p.strip())
    if len(places) > MAX_PLACES:
        checked.report(
            "place", say("new.too_many_places", count=len(places), option=f"{flag}place", most=MAX_PLACES)
        )
    elif not places:
        checked.report("place", say("new.place_empty", option=f"{flag}place"))
    if not draft.activity.strip():
        checked.report("activity", say("new.activity_empty", option=f"{flag}activity"))
    days = _draft_dates(draft, flag, today, checked)
    value = _draft_value(draft, flag, checked)
    if draft.qualifier and draft.qualifier not in QUALIFIERS:
        said = say(
            "new.qualifier", option=f"{flag}qualifier", text=draft.qualifier, qualifiers=", ".join(QUALIFIERS)
        )
        checked.report("qualifier", said)
    start = days["start"]
    if start is not None and "start" not in checked.problems and "place" not in checked.problems:
        checked.units = _place_units(gazetteer, draft, places, start, checked, flag)
    if checked.problems or start is None:
        return checked
    units = checked.units
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
        end=days["end"],
        source=draft.source.strip(),
        note=draft.note.strip(),
    )
    # What validate would refuse in the row (a negative figure, a figure without its unit, an end
    # before the start), said next to its field before anything is written, in validate's words.
    for problem in validate([record], today=today):
        if problem.field not in checked.problems:
            checked.report(
                problem.field, Said(problem.code, f"{problem.field}: {problem.message}", problem.fix)
            )
    if not checked.problems:
        checked.record = record
    return checked


def _draft_dates(draft: Draft, flag: str, today: dt.date, checked: Checked) -> dict[str, dt.date | None]:
    days: dict[str, dt.date | None] = {}
    for name, text in (("start", draft.start), ("end", draft.end)):
        days[name] = None
        if not text.strip():
            if name == "start":
                checked.report(name, say("new.start_empty", option=f"{flag}start"))
            continue
        try:
            days[name] = day = parse_date(text, what=f"{flag}{name}")
        except GeoError as err:
            checked.report(name, err)
            continue
        if day > today:
            checked.report(name, say("new.future", option=f"{flag}{name}", text=text.strip(), today=today))
    return days


def _draft_value(draft: Draft, flag: str, checked: Checked) -> Number | None:
    if not draft.value.strip():
        return None
    try:
        value = read_value(draft.value, f"{flag}value")
    except InvalidRecord as err:
        checked.report("value", err)
        return None
    if any(mark in draft.value for mark in ".,"):
        said = say("new.read_as", option=f"{flag}value", text=draft.value.strip(), reading=spaced(value))
        checked.read_as["value"] = said.message
    return value


def _place_units(
    gazetteer: Gazetteer, draft: Draft, places: tuple[str, ...], start: dt.date, checked: Checked, flag: str
) -> list[Unit]:
    try:
        province = gazetteer.province(draft.province, start) if draft.province else None
    except GeoError as err:
        checked.report("province", err)
        return []
    try:
        return [resolve_for_record(gazetteer, place, start, province, flag=flag)[0] for place in places]
    except GeoError as err:
        checked.report("place", err)
        return []


def save_new(path: Path, record: Record, units: list[Unit], gazetteer: Gazetteer) -> Record:
    """Append one checked record through the locked, atomic path; its id is chosen under the lock."""
    from geo.records_file import append_records

    def renumber(clashing: Record, ids: set[str]) -> Record:  # chosen under the file's lock
        return dataclasses.replace(clashing, id=new_record_id(units, record.start, ids))

    return append_records(
        path, [record], check_place=place_checker(gazetteer), renumber=renumber, refuse_duplicates=True
    )[0]
