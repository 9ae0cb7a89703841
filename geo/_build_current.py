"""Steps 6 and 7 of the build: the units from 1 Jul 2025, and every unit's successors among them.

A 2025 commune is the union of its atoms (see ``_build_2025``); a 2025 province that is not a
continuing one is the union of its communes. Each older unit's successors are the 2025 units
its atoms went to, with the share of its area each received.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from geo._build_geom import areas_km2, union
from geo._build_model import START_2025, Atom, Piece, Row, Target, UnitTable, typed, unit_record
from geo._build_units import Communes, Holdings, Provinces
from geo._sources import Sources


def add_2025_provinces(table: UnitTable, provinces: Provinces, legacy_ids: dict[str, str]) -> dict[str, str]:
    """The 34 provinces from 1 Jul 2025: the continuing ones keep their record; 2025 key -> id.

    The new ones get no geometry yet (see ``fill_province_geometries``).
    """
    ids = {pkey: pid for pkey, pid in legacy_ids.items() if pkey in provinces.continuing}
    for pkey, row in sorted(provinces.current.items(), key=lambda kv: kv[1]["provinceCode"]):
        if pkey in ids:
            continue
        ptype, pname = typed(row["province"], "tỉnh")
        record = unit_record(
            id=f"2025/p/{row['provinceCode']}",
            level="province",
            type=ptype,
            name=pname,
            code=row["provinceCode"],
            province=pname,
            valid_from=START_2025,
            vintage="2025",
            geometry_quality="derived",
            src_lat=row["provinceLat"],
            src_lon=row["provinceLon"],
        )
        ids[pkey] = table.add(record, None)
    return ids


def add_2025_communes(
    table: UnitTable,
    sources: Sources,
    pieces: list[Piece],
    atoms: list[Atom],
    approximate: set[Target],
    province_ids: dict[str, str],
) -> dict[Target, str]:
    """The communes from 1 Jul 2025, each the union of its atoms; 2025 unit -> id."""
    atoms_by_target: dict[Target, list[int]] = defaultdict(list)
    for a, (_, _, target, _) in enumerate(atoms):
        atoms_by_target[target].append(a)
    ids: dict[Target, str] = {}
    for row in sources.current:
        target = (row["provinceKey"], row["wardKey"])
        members = atoms_by_target.get(target, [])
        if not members:
            quality = "missing"
        elif target in approximate or any(pieces[atoms[a][0]].claim == "fallback" for a in members):
            quality = "approximate"
        else:
            quality = "derived"
        wtype, wname = typed(row["ward"], row["wardType"])
        record = unit_record(
            id=f"2025/c/{row['wardCode']}",
            level="commune",
            type=wtype,
            name=wname,
            code=row["wardCode"],
            parent_id=province_ids[row["provinceKey"]],
            province=typed(row["province"])[1],
            valid_from=START_2025,
            vintage="2025",
            geometry_quality=quality,
            official_area_km2=row["wardAreaKm2"],
            src_lat=row["wardLat"],
            src_lon=row["wardLon"],
        )
        ids[target] = table.add(record, union([atoms[a][3] for a in members]))
    return ids


def fill_province_geometries(
    table: UnitTable, province_ids: dict[str, str], commune_ids: dict[Target, str]
) -> None:
    """A 2025 province without geometry gets the union of its communes'."""
    geometries = table.geometries
    for pkey, pid in province_ids.items():
        if geometries.get(pid) is None:
            geometries[pid] = union(
                [
                    geometries[commune_ids[t]]
                    for t in commune_ids
                    if t[0] == pkey and geometries[commune_ids[t]]
                ]
            )


def successors(
    atoms: list[Atom],
    held: Holdings,
    communes: Communes,
    new_ids: dict[Target, str],
) -> tuple[list[Row], list[Row]]:
    """Each unit's 2025 successors with their shares (``current``), and the 2020 units' links to them."""
    atom_km2 = areas_km2([a[3] for a in atoms])
    by_piece: dict[int, dict[Target, float]] = defaultdict(lambda: defaultdict(float))
    by_legacy: dict[int, dict[Target, float]] = defaultdict(lambda: defaultdict(float))
    for a, (i, j, target, _) in enumerate(atoms):
        by_piece[i][target] += float(atom_km2[a])
        by_legacy[j][target] += float(atom_km2[a])
    current: list[Row] = []
    links: list[Row] = []
    for j, rid in communes.legacy_ids.items():
        shares = _shares(by_legacy[j], held.legacy_km2[j], new_ids)
        current.extend({"unit_id": rid, "current_id": new_ids[t], "share": s} for t, s in shares)
        links.extend(_link(rid, new_ids[t], s) for t, s in shares)
    legacy_ids = set(communes.legacy_ids.values())
    for i, rid in communes.piece_ids.items():
        if rid not in legacy_ids:
            shares = _shares(by_piece[i], held.piece_km2[i], new_ids)
            current.extend({"unit_id": rid, "current_id": new_ids[t], "share": s} for t, s in shares)
    current.extend({"unit_id": rid, "current_id": rid, "share": 1.0} for rid in new_ids.values())
    return current, links


def _shares(areas: dict[Target, float], whole: Any, new_ids: dict[Target, str]) -> list[tuple[Target, float]]:
    """The 2025 units that received part of a unit of ``whole`` km², the largest share first."""
    shares = {t: a / whole for t, a in areas.items()} if whole else {}
    return [(t, s) for t, s in sorted(shares.items(), key=lambda kv: -kv[1]) if t in new_ids]


def _link(from_id: str, to_id: str, share_of_from: float) -> Row:
    return {
        "from_id": from_id,
        "to_id": to_id,
        "share_of_from": share_of_from,
        "share_of_to": None,
        "date": START_2025,
    }


def province_links(provinces: Provinces, legacy_ids: dict[str, str], new_ids: dict[str, str]) -> list[Row]:
    """Links from each province before 1 Jul 2025 to the one it became part of, if it is another."""
    return [
        _link(legacy_ids[old], new_ids[new], 1.0)
        for old, new in provinces.old_to_new.items()
        if old in legacy_ids and new in new_ids and legacy_ids[old] != new_ids[new]
    ]
