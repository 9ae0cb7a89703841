"""Step 3c of the build: the day a district changed, where the merger table tells it.

A 2020 district whose communes are not those of one 2008 district (merged, divided, renamed) starts,
without more, on 1 Jan 2020 (flagged approximate), and the 2008 districts it replaced end about
31 Dec 2019; so do the communes that only changed district. The 2008 districts that ended and the
2020 districts that replaced them are grouped into *changes*: two are in one change when a commune
of one lies in the other. A change is dated by the rows of ``geo/data/merge_resolutions.csv`` that
date its communes (see ``_build_dates``), when all of these hold:

* the rows date its communes on one day, of the 2023–2025 round: that round arranged a province's
  districts and communes in one resolution, in force on one day (Nghị quyết 1256/NQ-UBTVQH15 merged
  Long Điền and Đất Đỏ into huyện Long Đất, and communes of both, from 1 Jan 2025). In the 2019–2021
  round they were often arranged by resolutions of their own on other days (the table has two for
  Cao Bằng a month apart), so a commune's row does not date its district;
* a row of that day merges into a commune of the change a commune of another 2008 district, as the
  packages' list of merged names (``wardAlias``) says: that resolution moved land across the old
  borders;
* every other commune of its 2020 districts is a 2008 commune that only changed district: one formed
  by a merger that no row dates, or dated another day, would lie in a district that did not yet exist;
* it is more than a new name for the same communes (a rename's day is not a merger's).

The 2020 districts of a dated change start on the row's ``effective`` day, its 2008 districts end the
day before, and so do the 2008 communes that only changed district (their 2020 records start that
day). The other changes keep the approximate dates and are listed, with the reason, in the report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from geo._build_dates import MergeDate, MergeDates, formed_by_merger, in_round
from geo._build_model import LegacyUnit, Piece

GisDistrict = tuple[str, str]  # (province key, district key) of the pieces: a 2008 district


@dataclass(frozen=True)
class DistrictChange:
    """2008 districts that ended and the 2020 districts that replaced them."""

    before: tuple[GisDistrict, ...]
    after: tuple[str, ...]  # districtCodes of admin_units_legacy
    days: tuple[str, ...]  # the days the rows date its communes on
    date: MergeDate | None  # None: left at the approximate 2020 date, for ``reason``
    reason: str = ""


@dataclass
class DistrictDates:
    """Which 2020 districts continue a 2008 one, and the changes of the others, dated where known."""

    members: dict[str, list[int]]  # districtCode -> its 2020 units (the district's row first)
    gis: dict[GisDistrict, list[int]]  # 2008 district -> its pieces
    continuing: dict[str, GisDistrict]  # districtCode -> the 2008 district it continues unchanged
    changes: list[DistrictChange] = field(default_factory=list)

    @property
    def starts(self) -> dict[str, MergeDate]:
        """districtCode -> the dated change that formed it."""
        return {code: c.date for c in self.changes if c.date for code in c.after}

    @property
    def ends(self) -> dict[GisDistrict, str]:
        """2008 district -> its last day, when a dated change ended it."""
        return {g: c.date.ends for c in self.changes if c.date for g in c.before}


def gis_districts(pieces: list[Piece]) -> dict[GisDistrict, list[int]]:
    """The 2008 districts: their pieces by (province key, district key)."""
    out: dict[GisDistrict, list[int]] = defaultdict(list)
    for p in pieces:
        out[(p.prov_key, p.dist_key)].append(p.index)
    return out


def _continued(
    in_2008: dict[GisDistrict, list[int]], legacy: list[LegacyUnit], members: list[int]
) -> GisDistrict | None:
    """The 2008 district a 2020 district continues unchanged (the same pieces), if any."""
    first = legacy[members[0]]
    typed_key = (first.prov_key, f"{first.dist_key}/{(first.row['districtType'] or '').lower()}")
    gis_key = typed_key if typed_key in in_2008 else (first.prov_key, first.dist_key)
    own_pieces = sorted({i for j in members for i in legacy[j].pieces})
    return gis_key if gis_key in in_2008 and own_pieces == sorted(in_2008[gis_key]) else None


def district_dates(pieces: list[Piece], legacy: list[LegacyUnit], dates: MergeDates) -> DistrictDates:
    """Group the district changes and date those the table dates (see the module docstring)."""
    members: dict[str, list[int]] = defaultdict(list)
    for j, unit in enumerate(legacy):
        members[unit.row["districtCode"]].append(j)
    in_2008 = gis_districts(pieces)
    continuing = {}
    for code, js in members.items():
        gis_key = _continued(in_2008, legacy, js)
        if gis_key is not None:
            continuing[code] = gis_key
    found = DistrictDates(dict(sorted(members.items())), in_2008, continuing)
    for before, after in _groups(pieces, legacy, found):
        units = [j for code in after for j in found.members[code] if legacy[j].row["ward"]]
        days = tuple(sorted({dates.by_unit[j].effective for j in units if j in dates.by_unit}))
        date, reason = _verdict((before, after, days), units, pieces, legacy, found, dates)
        found.changes.append(DistrictChange(before, after, days, date, reason))
    return found


def _groups(
    pieces: list[Piece], legacy: list[LegacyUnit], found: DistrictDates
) -> list[tuple[tuple[GisDistrict, ...], tuple[str, ...]]]:
    """The changed districts, grouped: a 2020 district with the 2008 districts its communes come from."""
    parent: dict[Any, Any] = {}

    def root(x: Any) -> Any:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for code, js in found.members.items():
        if code in found.continuing:
            continue
        root(("after", code))
        for i in (i for j in js for i in legacy[j].pieces):
            parent[root(("before", (pieces[i].prov_key, pieces[i].dist_key)))] = root(("after", code))
    groups: dict[Any, list[Any]] = defaultdict(list)
    for x in parent:
        groups[root(x)].append(x)
    out = []
    for xs in groups.values():
        before = tuple(sorted(g for kind, g in xs if kind == "before"))
        out.append((before, tuple(sorted(c for kind, c in xs if kind == "after"))))
    return sorted(out, key=lambda g: g[1])


def _verdict(
    change: tuple[tuple[GisDistrict, ...], tuple[str, ...], tuple[str, ...]],
    units: list[int],
    pieces: list[Piece],
    legacy: list[LegacyUnit],
    found: DistrictDates,
    dates: MergeDates,
) -> tuple[MergeDate | None, str]:
    """The day a change (2008 districts, 2020 districts, days of its rows) took effect, or why not told."""
    before, after, days = change
    undated = [j for j in units if j not in dates.by_unit and formed_by_merger(legacy[j], pieces)]
    same = len(before) == len(after) == 1 and sorted({i for j in units for i in legacy[j].pieces}) == sorted(
        found.gis[before[0]]
    )
    if not days:
        return None, "no row dates a commune of it"
    if len(days) > 1:
        return None, f"its communes were merged on several days ({', '.join(days)})"
    if not in_round(days[0]):
        return None, f"its communes' rows are of the 2019–2021 round ({days[0]}), not of the district change"
    if same:
        return None, "the same communes under a new name: a rename is not dated by a merger"
    if undated:
        return None, f"{len(undated)} of its communes formed by a merger that no row dates"
    moves = [j for j in units if j in dates.by_unit and _moved_across(legacy[j], pieces)]
    if not moves:
        return None, "no row merges a commune of another district into it"
    return dates.by_unit[moves[0]], ""


def _moved_across(unit: LegacyUnit, pieces: list[Piece]) -> bool:
    """Whether a merged 2020 commune took in, by name, a 2008 commune of another district."""
    return any(
        pieces[i].claim == "alias" and pieces[i].dist_key.partition("/")[0] != unit.dist_key
        for i in unit.pieces
    )


def moved_communes(found: DistrictDates, legacy: list[LegacyUnit], dates: MergeDates) -> dict[int, MergeDate]:
    """The 2020 communes of a dated change that no row dates: they only changed district, that day."""
    out = {}
    for change in found.changes:
        if change.date is None:
            continue
        for j in (j for code in change.after for j in found.members[code]):
            if legacy[j].row["ward"] and j not in dates.by_unit:
                out[j] = change.date
    return out


def district_report(found: DistrictDates, pieces: list[Piece], legacy: list[LegacyUnit]) -> dict[str, Any]:
    """What the build's report says of the district changes with a dated commune: dated or not, why."""
    names = {code: legacy[js[0]].row["district"] for code, js in found.members.items()}
    province = {code: legacy[js[0]].row["provinceShort"] for code, js in found.members.items()}
    listed = [c for c in found.changes if c.days]

    def entry(c: DistrictChange) -> dict[str, Any]:
        return {
            "province": province[c.after[0]],
            "districts": [names[code] for code in c.after],
            "from_2008": [pieces[found.gis[g][0]].district for g in c.before],
            "days": list(c.days),
            "effective": c.date.effective if c.date else None,
            "resolution": c.date.resolution if c.date else None,
            "reason": c.reason,
        }

    dated = [c for c in listed if c.date]
    return {
        "changes": len(found.changes),
        "with_a_dated_commune": len(listed),
        "with_a_2023_2025_row": sum(any(in_round(d) for d in c.days) for c in listed),
        "dated": len(dated),
        "dated_districts_2020": sum(len(c.after) for c in dated),
        "ended_districts_2008": sum(len(c.before) for c in dated),
        "listed": [entry(c) for c in listed],
    }
