"""Step 3b of the build: the day a merger took effect, where a resolution says it.

The sources tell which communes a 2020 unit is made of, not when they were merged: without more,
a merger is dated 1 Jan 2020 (``CHANGE_2020``, flagged approximate), the day most of the 2019–2020
resolutions took effect. The project's table ``geo/data/merge_resolutions.csv`` gives the effective
date of other resolutions (the 2023–2025 round above all: Hồ Chí Minh City's and Hà Nội's wards merged
on 1 Jan 2025; and the 2019–2021 resolutions in force on other days, such as Thanh Hóa's of
1 Dec 2019). A 2020 unit formed by a merger that a row names starts on the row's ``effective`` day
and the communes it absorbed end the day before; the others keep the 2020 date and are listed in
the build's report.

A row names a unit (province, district, unit, as ``admin_units_legacy`` writes them); a row with the
unit, or the unit and the district, left blank stands for every merged unit of that district or
province that no narrower row names.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from geo._build_model import END_LEGACY, LegacyUnit, Piece, Row
from geo._text import key

ROUND_2023 = ("2023-01-01", "2025-06-29")  # the 2023–2025 round took effect between these days


@dataclass(frozen=True)
class MergeDate:
    """When the merger that formed a 2020 unit took effect."""

    resolution: str
    effective: str  # ISO date: the merged unit exists from this day
    ends: str  # ISO date: the communes it absorbed last existed on this day


@dataclass
class MergeDates:
    """The dated mergers, the undated ones and the table rows that dated nothing."""

    by_unit: dict[int, MergeDate] = field(default_factory=dict)  # 2020 unit -> its merger
    undated: list[int] = field(default_factory=list)  # merged 2020 units no row names
    unused: list[Row] = field(default_factory=list)  # rows naming no merged unit


def formed_by_merger(unit: LegacyUnit, pieces: list[Piece]) -> bool:
    """Whether a 2020 unit is made of more than its own 2008 commune (merged, or renamed on merging)."""
    return len(unit.pieces) >= 2 or bool(unit.cut) or any(pieces[i].claim != "own" for i in unit.pieces)


def day_before(iso: str) -> str:
    return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat()


def _row_key(province: str, district: str, unit: str) -> tuple[str, str, str]:
    return key(province), key(district), key(unit)


def merge_dates(pieces: list[Piece], legacy: list[LegacyUnit], resolutions: Iterable[Row]) -> MergeDates:
    """Date every merged 2020 unit that a row of the resolutions table names (see the module docstring)."""
    rows = {_row_key(r["province"], r["district"], r["unit"]): r for r in resolutions}
    used: set[tuple[str, str, str]] = set()
    dates = MergeDates()
    for j, unit in enumerate(legacy):
        if not unit.row["ward"] or not formed_by_merger(unit, pieces):
            continue
        province, district, ward = _row_key(
            unit.row["provinceShort"], unit.row["district"] or "", unit.row["ward"]
        )
        found = next(
            (
                k
                for k in ((province, district, ward), (province, district, ""), (province, "", ""))
                if k in rows
            ),
            None,
        )
        if found is None:
            dates.undated.append(j)
            continue
        used.add(found)
        row = rows[found]
        dates.by_unit[j] = MergeDate(row["resolution"], row["effective"], day_before(row["effective"]))
    dates.unused = [r for k, r in rows.items() if k not in used]
    _undate_shared(dates, legacy)
    return dates


def _undate_shared(dates: MergeDates, legacy: list[LegacyUnit]) -> None:
    """Undate the units sharing a commune with a unit of another date (or none).

    A commune divided between two units ends on one day: when the units it went to are dated
    differently, none of them is dated (it would otherwise lie in two units at once, or in none).
    """
    holders: dict[int, list[int]] = defaultdict(list)
    for j, unit in enumerate(legacy):
        for i in unit.pieces:
            holders[i].append(j)
    shared = [js for js in holders.values() if len(js) > 1]
    changed = True
    while changed:
        changed = False
        for js in shared:
            if len({dates.by_unit.get(j) for j in js}) > 1:
                for j in js:
                    if dates.by_unit.pop(j, None) is not None:
                        dates.undated.append(j)
                        changed = True
    dates.undated.sort()


def _named(unit: LegacyUnit) -> list[str]:
    return [unit.row["provinceShort"], unit.row["district"] or "", unit.row["ward"]]


def in_round(iso: str | None) -> bool:
    """Whether a day lies in the 2023–2025 round."""
    return iso is not None and ROUND_2023[0] <= iso <= ROUND_2023[1]


def dating_report(dates: MergeDates, legacy: list[LegacyUnit], units: list[Row]) -> dict[str, Any]:
    """What the build's report says of the merger dates: how many were dated, and which were not.

    ``units`` are the records built: a 2008 commune "ended in 2023–2025" is one absorbed by a
    merger dated by the table; one "ended undated" is absorbed by a merger no row dates.
    """
    communes_2008 = [
        u
        for u in units
        if u["level"] == "commune" and u["vintage"] == "2008" and u["valid_to"] not in (None, END_LEGACY)
    ]
    return {
        "dated_units": len(dates.by_unit),
        "dated_units_2023_2025": sum(in_round(d.effective) for d in dates.by_unit.values()),
        "ended_2023_2025": sum(in_round(u["valid_to"]) and not u["to_bounded"] for u in communes_2008),
        "ended_other_dated": sum(not in_round(u["valid_to"]) and not u["to_bounded"] for u in communes_2008),
        "ended_undated": sum(bool(u["to_bounded"]) for u in communes_2008),
        "undated_units": len(dates.undated),
        "undated": sorted(_named(legacy[j]) for j in dates.undated),
        "unused_rows": [[r["province"], r["district"], r["unit"], r["resolution"]] for r in dates.unused],
    }
