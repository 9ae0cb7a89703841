"""What an activity map shows, as one JSON payload: units, display boundaries, records. Pure.

:func:`select` decides which units are drawn (the records' provinces with their districts and
communes on the map's date, today's units of the same area, and every unit with an activity
whatever its vintage) and which records are pinned to places or summarised province-wide.
:func:`geo._mapgeom.display_geometries` simplifies the boundaries for display and :func:`payload`
puts everything the page needs into one JSON-able dict, each unit's text and geometry stored once.

Payload keys are short because a map with 10 000 activities repeats them 10 000 times; each is
named in :class:`Payload`, :class:`UnitEntry` and :class:`RecordEntry`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import logging
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NotRequired, TypeAlias, TypedDict

from geo import _popup
from geo._mapgeom import COORD_DECIMALS
from geo._text import fold_table, type_word_keys
from geo.errors import GeoError, PlaceNotFound
from geo.gazetteer import REFORM_2025
from geo.planner import place_text

if TYPE_CHECKING:
    from geo._mapgeom import Display
    from geo.gazetteer import Gazetteer, Unit
    from geo.records import Record

    #: What a map covers: the records' own provinces (None), one province, or the whole country.
    Scope: TypeAlias = Unit | Literal["all"] | None

log = logging.getLogger(__name__)

#: Marker colours by activity kind, most frequent kind first (away from the fill's yellow–red).
KIND_COLOURS = ("#1f78b4", "#33a02c", "#6a3d9a", "#e7298a", "#17becf", "#8c6d31", "#1b1b8f", "#b15928")
OTHER_KIND_COLOUR = "#7f7f7f"
NO_KIND = "Chưa phân loại"
OTHER_KINDS = "Loại khác"
#: Fill colours of the classes of "number of activities" (ColorBrewer YlOrRd, 5 classes).
FILL_COLOURS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")


class UnitEntry(TypedDict):
    """A unit in the payload (``u``); the keys are the page's, as in the module docstring."""

    id: str
    l: str  # noqa: E741 - the label
    p: str  # path: the unit and its parents
    lv: str  # level's initial
    v: str  # period of validity, in words
    n: str  # what holds it today
    vf: NotRequired[str]  # valid from (ISO)
    vt: NotRequired[str]  # valid to (ISO)
    c: NotRequired[str]  # GSO code
    pl: NotRequired[str]  # the planner's ``add`` line
    ll: NotRequired[list[float]]  # [lat, lon]
    a: NotRequired[list[int]]  # a place with activities: its records' indexes
    s: NotRequired[str]  # ... its short name
    mk: NotRequired[int]  # ... its marker's kind (index into ``k``)


class RecordEntry(TypedDict):
    """A record in the payload (``r``); indexes into ``S``, ``Q`` and ``u`` as in the module docstring."""

    id: str
    t: int  # activity
    b: str  # start (ISO)
    o: NotRequired[list[int]]  # its own places
    pw: NotRequired[int]  # 1: province-wide
    e: NotRequired[str]  # end (ISO)
    f: NotRequired[str]  # figure text
    x: NotRequired[int | float | None]  # value
    un: NotRequired[int]  # unit noun
    qa: NotRequired[int]  # 1: an estimate
    w: NotRequired[list[int]]  # every place sharing the figure
    g: NotRequired[int]  # shared group
    k: NotRequired[int]  # kind
    a: NotRequired[int]  # actor
    s: NotRequired[int]  # source
    sd: NotRequired[str]  # source date (ISO)
    q: NotRequired[int]  # short quote
    n: NotRequired[str]  # note


class Payload(TypedDict):
    """Everything the page draws (see the module docstring)."""

    v: int  # the payload's format
    asof: str  # the map's date (ISO): the page draws the units valid on its period's date nearest to it
    u: list[UnitEntry]  # each unit's text stored once; the others refer to it by index
    topo: list[dict[str, Any]]  # the boundaries: TopoJSON objects whose geometries carry ``i``, a unit index
    layers: dict[str, list[int]]  # unit indexes per boundary layer (``communes``: those of every era shown)
    m: list[int]  # the units that get a marker
    r: list[RecordEntry]  # local records first, then province-wide ones
    S: list[str]  # strings repeated across records
    Q: list[str]  # the short quotes, each once
    k: list[tuple[str, str]]  # (kind, colour) of the markers
    classes: list[tuple[int, int, str, str]]  # (low, high, colour, label) of the fill by number of activities
    tiles: bool
    fold: dict[str, str]  # marked letter → folded letter (geo._text.fold_table): the search box's key
    types: list[str]  # type words folded, longest first (geo._text.type_word_keys)
    attribution: NotRequired[str]  # added by the renderer, HTML-escaped


@dataclass
class Selection:
    """The units and records one map shows."""

    as_of: dt.date
    provinces: list[Unit]
    communes: list[Unit]  # valid on as_of
    districts: list[Unit]  # valid on as_of (none from 2025-07-01)
    today: list[Unit]  # today's units of the same area (empty when as_of is after the 2025 reform)
    other: list[Unit]  # units with activities not valid on as_of (another vintage)
    local: list[Record]  # pinned to their places
    province_wide: list[Record]  # shown in the summary panel
    places: dict[str, list[int]] = field(default_factory=dict)  # unit id -> indexes into local
    national: bool = False  # the whole country: communes only where there are activities
    background: list[Unit] = field(default_factory=list)  # communes simplified with the drawn ones
    eras: list[list[Unit]] = field(default_factory=list)  # communes of the other eras of the records' period


def default_as_of(records: list[Record], gazetteer: Gazetteer) -> dt.date:
    """The map's date when none is given: a date on which the places of the most records existed,
    the median such date among the records' start and end dates (the lower middle one).

    So one odd record (a 2026 report in a 2025 unit among 2017 ones) neither redraws every
    boundary in another vintage nor pulls the date between the two; and the date is one the
    records speak of. Province-wide records vote only when there is no other record (no
    boundary of theirs changes). The sample article's records give 2017-01-01.
    """
    _check(records, gazetteer)
    local = [r for r in records if not is_province_wide(r, gazetteer)] or records
    spans = [_span(r, gazetteer) for r in local]
    spans = [(lo, hi) for lo, hi in spans if lo <= hi]  # places that never coexisted count nowhere
    starts, ends = sorted(lo for lo, _ in spans), sorted(hi for _, hi in spans)
    candidates = sorted(d for r in local for d in (r.start, r.end) if d is not None)

    def drawn(day: dt.date) -> int:
        """How many records have all their places valid on ``day``."""
        iso = day.isoformat()
        return bisect.bisect_right(starts, iso) - bisect.bisect_left(ends, iso)

    scores = {day: drawn(day) for day in set(candidates)}
    best = max(scores.values())
    return statistics.median_low([d for d in candidates if scores[d] == best])


def _span(record: Record, gazetteer: Gazetteer) -> tuple[str, str]:
    """The ISO dates between which all the record's places existed."""
    units = [gazetteer.units[uid] for uid in record.unit_ids]
    return max(u.valid_from or "0000" for u in units), min(u.valid_to or "9999" for u in units)


def _check(records: list[Record], gazetteer: Gazetteer) -> None:
    if not records:
        msg = "No records to map: give at least one activity record"
        raise GeoError(msg)
    for record in records:
        for uid in record.unit_ids:
            if uid not in gazetteer.units:
                msg = (
                    f"Record {record.id!r}: unit id {uid!r} is not in the gazetteer. Resolve its place "
                    "again with `build_map.py geocode` and correct the unit_ids column."
                )
                raise PlaceNotFound(msg)


def is_province_wide(record: Record, gazetteer: Gazetteer) -> bool:
    """A record is province-wide when one of its places is a province (then it gets no marker)."""
    return any(gazetteer.units[uid].level == "province" for uid in record.unit_ids)


def in_province(record: Record, gazetteer: Gazetteer, province: Unit, as_of: dt.date) -> bool:
    """Does a record have a place in ``province`` (a province valid on ``as_of``)?"""
    return any(
        province.id in {p.id for p in _provinces_at(gazetteer, gazetteer.units[uid], as_of)}
        for uid in record.unit_ids
    )


def select(records: list[Record], gazetteer: Gazetteer, as_of: dt.date, scope: Scope = None) -> Selection:
    """Which units and records the map shows (see the module docstring).

    ``scope``: None for the records' own provinces, a province (its records only), or ``"all"``:
    every province and district of ``as_of`` as outlines, communes only where there are activities.
    """
    _check(records, gazetteer)
    national = scope == "all"
    one = None if isinstance(scope, str) else scope  # the province of a one-province map
    if one is not None:
        records = [r for r in records if in_province(r, gazetteer, one, as_of)]
        if not records:
            msg = f"No activity records in {one.type} {one.name}; choose another --province or add records"
            raise GeoError(msg)
    provinces: dict[str, Unit] = {}
    if national:
        provinces = {p.id: p for p in gazetteer.units_at(as_of, level="province")}
    elif one is not None:
        provinces = {one.id: one}
    else:
        for uid in dict.fromkeys(uid for record in records for uid in record.unit_ids):
            for province in _provinces_at(gazetteer, gazetteer.units[uid], as_of):
                provinces.setdefault(province.id, province)
    province_list = sorted(provinces.values(), key=lambda p: p.name)
    communes, districts = [], []
    for province in province_list:
        communes += _sorted(gazetteer.units_at(as_of, level="commune", province=province))
        if as_of < REFORM_2025:
            districts += _sorted(gazetteer.units_at(as_of, level="district", province=province))
    background = communes
    if national:
        wanted = {uid for record in records for uid in record.unit_ids}
        communes = [c for c in communes if c.id in wanted]
    today: list[Unit] = []
    if as_of < REFORM_2025 and not national:  # a national map would carry 3,300 more outlines
        seen: dict[str, Unit] = {}
        for commune in communes:
            for successor in gazetteer.current(commune):
                seen.setdefault(successor["id"], gazetteer.units[successor["id"]])
        today = _sorted(list(seen.values()))

    local = [r for r in records if not is_province_wide(r, gazetteer)]
    province_wide = [r for r in records if is_province_wide(r, gazetteer)]
    places: dict[str, list[int]] = {}
    for index, record in enumerate(local):
        for uid in dict.fromkeys(record.unit_ids):
            places.setdefault(uid, []).append(index)
    drawn = {u.id for u in communes} | {u.id for u in districts}
    other = _sorted([gazetteer.units[uid] for uid in places if uid not in drawn])
    eras = [] if national else _era_communes(gazetteer, records, province_list, as_of)
    return Selection(
        as_of,
        province_list,
        communes,
        districts,
        today,
        other,
        local,
        province_wide,
        places,
        national,
        background,
        eras,
    )


#: The eras of Vietnam's communes: (first day, last day). The page draws the communes of the era of
#: the period it shows: 2008–2019, the merged communes of 2020 – 30 Jun 2025, and today's units.
ERAS = (
    (dt.date(2008, 1, 1), dt.date(2019, 12, 31)),
    (dt.date(2020, 1, 1), REFORM_2025 - dt.timedelta(days=1)),
    (REFORM_2025, dt.date.max),
)


def _era_communes(
    gazetteer: Gazetteer, records: list[Record], provinces: list[Unit], as_of: dt.date
) -> list[list[Unit]]:
    """The communes of the provinces on the last day of each era before 2025 that the records
    reach and the map's date is not in (today's units come with :attr:`Selection.today`)."""
    out = []
    for first, last in ERAS[:-1]:
        if first <= as_of <= last:
            continue
        if not any(r.start <= last and (r.end or r.start) >= first for r in records):
            continue
        out.append(
            _sorted([c for p in provinces for c in gazetteer.units_at(last, level="commune", province=p)])
        )
    return out


def _sorted(units: list[Unit]) -> list[Unit]:
    return sorted(units, key=lambda u: (u.province, u.district or "", u.name, u.id))


def _provinces_at(gazetteer: Gazetteer, unit: Unit, as_of: dt.date) -> list[Unit]:
    """The province(s) valid on ``as_of`` that hold ``unit`` (of any vintage)."""
    province = gazetteer.province_of(unit)
    if province.valid_at(as_of):
        return [province]
    if province.valid_to is not None and as_of.isoformat() > province.valid_to:
        # An older unit on a later map: the provinces of today's units that hold it.
        communes = [unit] if unit.level == "commune" else _descendants(gazetteer, unit)
        found = {
            gazetteer.province_of(gazetteer.units[c["id"]]).id for u in communes for c in gazetteer.current(u)
        }
        return [gazetteer.units[pid] for pid in sorted(found) if gazetteer.units[pid].valid_at(as_of)]
    # A newer unit on an earlier map: the provinces whose communes on as_of went into it.
    sources = _sources(gazetteer, as_of)
    return [gazetteer.units[pid] for pid in sorted(sources.get(unit.id, ()))]


@functools.lru_cache(maxsize=8)
def _sources(gazetteer: Gazetteer, as_of: dt.date) -> dict[str, set[str]]:
    """Today's unit id (commune or province) → ids of the provinces on ``as_of`` it took communes from."""
    out: dict[str, set[str]] = {}
    for commune in gazetteer.units_at(as_of, level="commune"):
        source = gazetteer.province_of(commune).id
        for successor in gazetteer.current(commune):
            today = gazetteer.units[successor["id"]]
            out.setdefault(today.id, set()).add(source)
            out.setdefault(gazetteer.province_of(today).id, set()).add(source)
    return out


def _descendants(gazetteer: Gazetteer, unit: Unit) -> list[Unit]:
    out = []
    for child in gazetteer.children.get(unit.id, ()):
        out += [child] if child.level == "commune" else _descendants(gazetteer, child)
    return out


# ---------------------------------------------------------------------------------------- payload


class _Strings:
    """A table of strings repeated across records (kinds, actors, sources)."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.items)
            self.items.append(text)
        return self._index[text]


def kind_colours(records: list[Record]) -> dict[str, str]:
    """Kind → marker colour, the most frequent kinds first; kinds past the palette share grey."""
    counts = Counter(r.kind or NO_KIND for r in records)
    ranked = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if k != NO_KIND]
    colours = {
        k: KIND_COLOURS[i] if i < len(KIND_COLOURS) else OTHER_KIND_COLOUR for i, k in enumerate(ranked)
    }
    if NO_KIND in counts:
        colours[NO_KIND] = OTHER_KIND_COLOUR
    return colours


def fill_classes(counts: list[int]) -> list[tuple[int, int, str, str]]:
    """Classes of the number of activities per place: ``(low, high, colour, label)``.

    Quantile breaks over the places with activities (at most five classes, whole numbers),
    so that the colours separate the places whatever the spread.
    """
    if not counts:
        return []
    ordered = sorted(counts)
    quantiles = [ordered[int(q * (len(ordered) - 1))] for q in (0.2, 0.4, 0.6, 0.8)]
    lows = sorted({ordered[0], *(v for v in quantiles if v > ordered[0])})
    highs = [lo - 1 for lo in lows[1:]] + [ordered[-1]]
    palette = FILL_COLOURS[-len(lows) :] if len(lows) > 1 else (FILL_COLOURS[2],)
    out = []
    for lo, hi, colour in zip(lows, highs, palette, strict=True):
        label = str(lo) if lo == hi else f"{lo}–{hi}"
        out.append((lo, hi, colour, label))
    return out


def payload(
    gazetteer: Gazetteer,
    selection: Selection,
    display: Display,
    *,
    tiles: bool,
) -> Payload:
    """Everything the page needs, JSON-able (see the module docstring for the keys)."""
    records = selection.local
    everything = [*records, *selection.province_wide]
    first, last = min(r.start for r in everything), max(r.start for r in everything)
    layers = {
        "communes": list(
            {u.id: u for u in [*selection.communes, *_flat(selection.eras), *selection.today]}.values()
        ),
        "districts": selection.districts,
        "provinces": selection.provinces,
        "today": selection.today,
        "other": selection.other,
    }
    index: dict[str, int] = {}
    units: list[UnitEntry] = []

    def unit_index(unit: Unit) -> int:
        if unit.id not in index:
            index[unit.id] = len(units)
            units.append(_unit_entry(gazetteer, unit, first, last, selection.as_of))
        return index[unit.id]

    layer_indexes = {name: [unit_index(u) for u in members] for name, members in layers.items()}
    strings, quotes = _Strings(), _Strings()
    colours = kind_colours(records)
    kinds = list(colours)
    groups: dict[str, list[str]] = {}
    for record in everything:
        if record.shared_group:
            groups.setdefault(record.shared_group, []).extend(record.unit_ids)
    record_entries: list[RecordEntry] = []
    for k, record in enumerate(everything):
        sharing = list(dict.fromkeys([*record.unit_ids, *groups.get(record.shared_group, ())]))
        own = [unit_index(gazetteer.units[u]) for u in dict.fromkeys(record.unit_ids)]
        entry = _record_entry(record, [unit_index(gazetteer.units[u]) for u in sharing], strings, quotes)
        entry["o"] = own
        if k >= len(records):
            entry["pw"] = 1
        record_entries.append(entry)
    markers = []
    for uid, record_indexes in selection.places.items():
        unit = gazetteer.units[uid]
        place = units[unit_index(unit)]
        ordered = sorted(record_indexes, key=lambda i: (records[i].start, records[i].id))
        place["a"] = ordered
        place["s"] = _popup.short_name(gazetteer, unit)
        top_kind = Counter(records[i].kind or NO_KIND for i in ordered).most_common(1)[0][0]
        place["mk"] = kinds.index(top_kind)
        if unit.lat is None or unit.lon is None:
            log.warning("%s has no position: its activities get no marker", gazetteer.path(unit))
            continue
        markers.append(index[uid])
    counts = [len(units[i]["a"]) for i in markers]
    return {
        "v": 2,
        "asof": selection.as_of.isoformat(),
        "u": units,
        "topo": display.encode(index),
        "layers": layer_indexes,
        "m": markers,
        "r": record_entries,
        "S": strings.items,
        "Q": quotes.items,
        "k": [(kind, colours[kind]) for kind in kinds],
        "classes": fill_classes(counts),
        "tiles": tiles,
        "fold": fold_table(),
        "types": type_word_keys(),
    }


def _flat(eras: list[list[Unit]]) -> list[Unit]:
    return [u for era in eras for u in era]


def _unit_entry(
    gazetteer: Gazetteer,
    unit: Unit,
    first: dt.date,
    last: dt.date,
    as_of: dt.date,
) -> UnitEntry:
    entry: UnitEntry = {
        "id": unit.id,
        "l": unit.label,
        "p": gazetteer.path(unit),
        "lv": unit.level[0],
        "v": _popup.unit_period(unit),
        "n": _popup.today_text(gazetteer, unit) if unit.level != "province" else "",
    }
    if unit.valid_from:
        entry["vf"] = unit.valid_from
    if unit.valid_to:
        entry["vt"] = unit.valid_to
    if unit.code:
        entry["c"] = unit.code
    if unit.level != "province":
        start = _popup.planner_start(unit, first, last, as_of)
        entry["pl"] = _popup.planner_line(place_text(gazetteer, unit), start)
    if unit.lat is not None and unit.lon is not None:
        entry["ll"] = [round(unit.lat, COORD_DECIMALS), round(unit.lon, COORD_DECIMALS)]  # Leaflet: lat, lon
    return entry


def _record_entry(record: Record, sharing: list[int], strings: _Strings, quotes: _Strings) -> RecordEntry:
    """A record for the page. Dates are ISO (the page filters and formats them); the quote is
    short (:func:`geo._popup.short_quote`) and stored once in ``Q`` however many records cite it."""
    entry: RecordEntry = {"id": record.id, "t": strings(record.activity), "b": record.start.isoformat()}
    if record.end is not None and record.end != record.start:
        entry["e"] = record.end.isoformat()
    figure = _popup.figure_text(record)
    if figure:
        entry["f"] = figure
        entry["x"] = record.value
        if record.unit:
            entry["un"] = strings(record.unit)
        if record.qualifier and record.qualifier != "exact":
            entry["qa"] = 1  # an estimate: totals say "khoảng"
    if len(sharing) > 1:
        entry["w"] = sharing
    if record.shared_group:
        entry["g"] = strings(record.shared_group)
    texts: tuple[tuple[Literal["k", "a", "s"], str], ...] = (
        ("k", record.kind),
        ("a", record.actor),
        ("s", record.source),
    )
    for key, text in texts:
        if text:
            entry[key] = strings(text)
    if record.source_date:
        entry["sd"] = record.source_date.isoformat()
    if record.quote:
        entry["q"] = quotes(_popup.short_quote(record))
    if record.note:
        entry["n"] = record.note
    return entry
