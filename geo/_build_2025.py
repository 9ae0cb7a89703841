"""Step 4 of the build: share every piece out between the 2025 units, through its 2020 unit(s).

The official old → new conversion (``converter_2025.json``) says which 2020 units were merged
whole into a 2025 unit and which were divided between several. A piece held by a unit merged
whole goes with it; a divided unit is cut between its successors by their official areas
(``divide``), so those successors are ``approximate``. The result is a list of **atoms**:
(piece, 2020 unit, 2025 unit, geometry).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import MultiPoint, Point

from geo._build_geom import NEAR, areas_km2, polygonal, strip, union
from geo._build_model import Atom, LegacyUnit, Piece, Row, Target, legacy_key
from geo._sources import Sources

log = logging.getLogger(__name__)

Divided = dict[str, tuple[str, list[Row]]]  # 2020 unit key -> (2025 province, its successors)


def conversion(sources: Sources) -> tuple[dict[str, Target], Divided]:
    """The official old -> new conversion: communes merged whole, and communes divided."""
    whole: dict[str, Target] = {}
    for prov, wards in sources.converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, olds in wards.items():
            for old in olds:
                whole[old] = (prov, ward)
    divided: Divided = {}
    for prov, olds in sources.converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, news in olds.items():
            divided[old] = (prov, news)
    return whole, divided


@dataclass
class Received:
    """What each 2025 unit has received so far: km² and the geometries."""

    area: dict[Target, float] = field(default_factory=lambda: defaultdict(float))
    geoms: dict[Target, list[Any]] = field(default_factory=lambda: defaultdict(list))

    def add(self, target: Target, km2: float, geometry: Any) -> None:
        self.area[target] += km2
        self.geoms[target].append(geometry)


def split_atoms(
    pieces: list[Piece], legacy: list[LegacyUnit], sources: Sources
) -> tuple[list[Atom], set[Target]]:
    """Split every piece between the 2025 units it went to; also the 2025 units that are approximate."""
    whole, divided = conversion(sources)
    legacy_geom = [u.geometry(pieces) for u in legacy]
    legacy_area = areas_km2(legacy_geom)
    # Area each 2025 unit already receives from communes merged into it whole.
    received = Received()
    for j, unit in enumerate(legacy):
        target = whole.get(legacy_key(unit.row))
        if target is not None and legacy_geom[j] is not None:
            received.add(target, float(legacy_area[j]), legacy_geom[j])

    atoms: list[Atom] = []
    approximate: set[Target] = set()
    split: list[tuple[int, str, list[Row]]] = []
    for j, unit in enumerate(legacy):
        if not unit.pieces:
            continue
        old = legacy_key(unit.row)
        if old in whole:
            atoms.extend((i, j, whole[old], unit.held(pieces, i)) for i in unit.pieces)
            if unit.cut:
                approximate.add(whole[old])
        elif old in divided:
            prov, news = divided[old]
            split.append((j, prov, receiving(news, prov, received.area)))
        else:
            log.debug("no 2025 successor for %s", old)
    # Divided communes, those going to one successor first: what each successor receives is
    # counted before the next commune is shared out.
    for j, prov, news in sorted(split, key=lambda entry: (len(entry[2]), entry[0])):
        targets = [(prov, n["newWardKey"]) for n in news]
        approximate.update(targets)
        shares = _share_out(legacy_geom[j], float(legacy_area[j]), news, targets, received)
        atoms.extend(_divided_atoms(pieces, legacy[j], j, targets, shares))
    return atoms, approximate


def _share_out(
    geometry: Any, area: float, news: list[Row], targets: list[Target], received: Received
) -> list[Any]:
    """Cut one divided 2020 unit between its successors and count what each receives."""
    seeds = [(n["newWardLon"], n["newWardLat"]) for n in news]
    official = [n["newWardAreaKm2"] or 0.0 for n in news]
    wanted_km2 = wanted(area, official, [received.area[t] for t in targets])
    shares = divide(geometry, targets, wanted_km2, received.geoms, seeds)
    for target, share, km2 in zip(targets, shares, areas_km2(shares), strict=True):
        if share is not None:
            received.add(target, float(km2), share)
    return shares


def _divided_atoms(
    pieces: list[Piece], unit: LegacyUnit, j: int, targets: list[Target], shares: list[Any]
) -> list[Atom]:
    """The atoms of a divided unit: each of its pieces cut by each successor's share."""
    atoms: list[Atom] = []
    for i in unit.pieces:
        held = unit.held(pieces, i)
        for target, share in zip(targets, shares, strict=True):
            part = share if len(unit.pieces) == 1 else polygonal(shapely.intersection(held, share))
            if part is not None and not part.is_empty and part.area > 0:
                atoms.append((i, j, target, part))
    return atoms


def receiving(news: list[Row], prov: str, whole_area: dict[Target, float]) -> list[Row]:
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


def wanted(area: float, official: list[float], merged: list[float]) -> list[float]:
    """How much of a divided commune (``area`` km²) each successor should get.

    Shares that bring every successor (``merged``: the km² it already has, from communes merged
    whole and divided communes shared out before) to the same ratio of its official area; none
    negative. All zero when an area is unknown.
    """
    if not all(official):
        return [0.0] * len(official)
    ratio = (sum(merged) + area) / sum(official)
    shares = [max(ratio * o - m, 0.0) for o, m in zip(official, merged, strict=True)]
    total = sum(shares)
    return [w * area / total for w in shares] if total else shares


def divide(
    geometry: Any,
    targets: list[Target],
    wanted: list[float],
    whole_geoms: dict[Target, list[Any]],
    seeds: list[tuple[float, float]],
) -> list[Any]:
    """Cut a divided commune between its successors (one part per target, in order).

    Each successor gets the share ``wanted`` for it (see ``wanted``) as the strip along its
    border with the communes merged into it whole; the one wanting most takes the rest. Without
    areas or a common border: the Voronoi cells of the successors' published centres.
    """
    if len(targets) == 1:
        return [geometry]
    total = sum(wanted)
    if total <= 0:
        return voronoi_split(geometry, seeds)
    parts: list[Any] = [None] * len(targets)
    rest = geometry
    order = sorted(range(len(targets)), key=lambda k: wanted[k])
    for k in order[:-1]:
        if wanted[k] <= 0:
            continue
        if not whole_geoms.get(targets[k]):
            return voronoi_split(geometry, seeds)
        border = shapely.intersection(rest.boundary, union(whole_geoms[targets[k]]).buffer(NEAR))
        if border.length == 0:
            return voronoi_split(geometry, seeds)
        part, rest = strip(rest, border, min(1.0, wanted[k] / total * geometry.area / rest.area))
        if part is None:
            return voronoi_split(geometry, seeds)
        parts[k] = part
    parts[order[-1]] = rest
    return parts


def voronoi_split(geometry: Any, seeds: list[tuple[float, float]]) -> list[Any]:
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
