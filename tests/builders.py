"""Shared by the tests: a unit by name (exactly one, or the test fails), a record, and test data
used in several places (the sample article's figures, a planner's new record)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from geo.records import Record

D2017 = dt.date(2017, 1, 1)
D2026 = dt.date(2026, 3, 1)

# Every figure of the sample article, in order: (value, unit, qualifier).
SAMPLE_FIGURES = [
    (2650, "công dân", "exact"),
    (100, "%", "exact"),
    (123, "lớp", "exact"),
    (9735, "người", "exact"),
    (12461, "lần", "exact"),
    (37167, "người", "exact"),
    (1445, "ngày công", "exact"),
    (18391, "ngày công", "exact"),
    (3_000_000_000, "đồng", "approx"),
    (10_000, "m", "vague"),
    (1000, "m³", "vague"),
    (2000, "m³", "approx"),
    (150, "km", "at_least"),
    (1000, "ngày công", "vague"),
    (24, "xã", "exact"),
]

# A planner's new record (``add`` arguments) at a commune that exists only since 1 Jul 2025.
NA_SAM_RECORD = [
    "--place",
    "xã Na Sầm, tỉnh Lạng Sơn",
    "--activity",
    "giúp dân làm đường",
    "--start",
    "2026-03-01",
    "--end",
    "2026-03-31",
    "--value",
    "120",
    "--unit",
    "ngày công",
    "--actor",
    "Bộ Chỉ huy Quân sự tỉnh",
]


def unit(gazetteer, name, *, day=D2017, level="commune", province="Lạng Sơn", district=None):
    """The one unit of that name, level and province valid on ``day`` (in ``district`` if given)."""
    hits = [
        u
        for u in gazetteer.named(name)
        if u.level == level and u.province == province and u.valid_at(day) and district in (None, u.district)
    ]
    assert len(hits) == 1, hits
    return hits[0]


def record(rid, units, activity, start=D2017, **fields) -> Record:
    """A record of ``units`` (one figure for all of them), written with their labels."""
    return Record(
        id=rid,
        places=tuple(u.label for u in units),
        unit_ids=tuple(u.id for u in units),
        levels=(units[0].level,),
        activity=activity,
        start=start,
        **fields,
    )


def provinces_pieces(everything: Any, names: set[str]) -> tuple[list[Any], list[Any]]:
    """The build's pieces and 2020 units of the provinces ``names``, matched, shared communes cut
    (steps 1–3 of the gazetteer build, on a part of the country)."""
    from geo._build_match import match_pieces
    from geo._build_pieces import read_legacy_units, read_pieces
    from geo._build_transfers import rebalance
    from geo._sources import Sources

    sources = Sources(
        [r for r in everything.communes_2008 if r["province"] in names],
        [r for r in everything.legacy if r["provinceShort"] in names],
        everything.current,
        everything.converter,
    )
    pieces, legacy = read_pieces(sources), read_legacy_units(sources)
    match_pieces(pieces, legacy)
    rebalance(pieces, legacy, sources)
    return pieces, legacy
