"""Builders shared by the map tests: a unit by name (exactly one, or the test fails) and a record."""

from __future__ import annotations

import datetime as dt

from geo.activities import Record

D2017 = dt.date(2017, 1, 1)
D2026 = dt.date(2026, 3, 1)


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
