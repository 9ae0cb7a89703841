"""Step 3 of the build: partial transfers — communes dissolved in 2019–2020 and divided between neighbours.

The sources record every commune dissolved in 2019–2020 as merged whole into one unit (its name
is in that unit's wardAlias), yet many were divided between neighbours: of Trùng Quán, 7 thôn
went into Bắc Hùng and the rest to a neighbour. The official areas of the 2025 units show
where: a unit larger than its official area next to one smaller. The part of such a commune
that lies along the border with the neighbouring 2020 unit (same district) whose 2025
successor lacks area is moved there, as large as the smaller of the two gaps; both units are
flagged approximate (a 2020 unit then holds part of a piece: ``LegacyUnit.cut``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point

from geo._build_2025 import conversion, split_atoms
from geo._build_geom import NEAR, areas_km2, polygonal, strip, union
from geo._build_model import LegacyUnit, Piece, Target, legacy_key
from geo._sources import Sources

GAP = 0.03  # a 2025 unit is too large or too small beyond 3 % of its official area
MAX_MOVED = 0.9  # at most this share of a dissolved commune moves: its alias says part stayed


@dataclass
class Balance:
    """The 2025 units' areas against their official ones, and the 2025 unit each 2020 unit went to."""

    official: dict[Target, float]
    area: dict[Target, float]
    target_of: dict[int, Target | None]

    def gap(self, target: Target | None) -> float:
        """How far a 2025 unit is beyond its official area, as a share of it (negative: short of it).

        0 for a unit without an official area: neither giver nor taker.
        """
        if target is None or target not in self.official:
            return 0.0
        return (self.area[target] - self.official[target]) / self.official[target]


def rebalance(pieces: list[Piece], legacy: list[LegacyUnit], sources: Sources) -> int:
    """Divide dissolved communes where the official 2025 areas show it (see the module docstring).

    For each pair of neighbouring 2020 units of one district, the first holding communes merged
    into it by alias and heading a 2025 unit too large, the second heading one too small, the
    border between them moves into those communes by a strip of the area wanted. Returns how
    many communes were divided.
    """
    balance = balance_2025(pieces, legacy, sources)
    geoms = [u.geometry(pieces) for u in legacy]
    divided: set[int] = set()
    for j, k in transfer_pairs(pieces, legacy, balance, geoms):
        if balance.gap(balance.target_of[j]) <= GAP or balance.gap(balance.target_of[k]) >= -GAP:
            continue  # an earlier move settled one of them
        divided.update(_move_strip(pieces, legacy, balance, j, k, geoms[k]))
    return len(divided)


def balance_2025(pieces: list[Piece], legacy: list[LegacyUnit], sources: Sources) -> Balance:
    """The areas the 2025 units get from the pieces as the sources assign them."""
    whole, _ = conversion(sources)
    official = {
        (r["provinceKey"], r["wardKey"]): r["wardAreaKm2"] for r in sources.current if r["wardAreaKm2"]
    }
    atoms, _ = split_atoms(pieces, legacy, sources)
    area: dict[Target, float] = defaultdict(float)
    for atom, km2 in zip(atoms, areas_km2([a[3] for a in atoms]), strict=True):
        area[atom[2]] += float(km2)
    target_of = {j: whole.get(legacy_key(u.row)) for j, u in enumerate(legacy)}
    return Balance(official, area, target_of)


def merged_pieces(pieces: list[Piece], legacy: list[LegacyUnit], j: int) -> list[int]:
    """The pieces a 2020 unit holds by a merged name (``wardAlias``)."""
    return [i for i in legacy[j].pieces if pieces[i].claim == "alias" and pieces[i].legacy == j]


def transfer_pairs(
    pieces: list[Piece], legacy: list[LegacyUnit], balance: Balance, geoms: list[Any]
) -> list[tuple[int, int]]:
    """(giver, taker) pairs of neighbouring 2020 units of one district, as the areas stand now."""
    tree = shapely.STRtree(np.array([g if g is not None else Point() for g in geoms], dtype=object))
    pairs = []
    for j, unit in enumerate(legacy):
        giver = balance.target_of[j]
        merged = merged_pieces(pieces, legacy, j)
        if giver not in balance.official or len(unit.pieces) < 2 or not merged or balance.gap(giver) <= GAP:
            continue
        for k in map(int, tree.query(union([pieces[i].geometry for i in merged]), predicate="intersects")):
            taker = balance.target_of[k]
            if (
                k != j
                and taker in balance.official
                and taker != giver
                and legacy[k].row["districtCode"] == unit.row["districtCode"]
                and balance.gap(taker) < -GAP
            ):
                pairs.append((j, k))
    return pairs


def _move_strip(
    pieces: list[Piece], legacy: list[LegacyUnit], balance: Balance, j: int, k: int, taker_geometry: Any
) -> list[int]:
    """Move the strip of unit ``j``'s merged communes along unit ``k``'s border; the pieces cut."""
    giver, taker = balance.target_of[j], balance.target_of[k]
    if giver is None or taker is None:  # transfer_pairs pairs only units with a 2025 target
        return []
    members = merged_pieces(pieces, legacy, j)
    region = union([legacy[j].held(pieces, i) for i in members])
    border = shapely.intersection(region.boundary, taker_geometry.buffer(NEAR))
    if border.length == 0:
        return []
    region_km2 = float(areas_km2([region])[0])
    amount = min(
        balance.gap(giver) * balance.official[giver],
        -balance.gap(taker) * balance.official[taker],
        MAX_MOVED * region_km2,
    )
    part_of_region, _ = strip(region, border, amount / region_km2)
    if part_of_region is None:
        return []
    cut, parts = [], []
    for i in members:
        held = legacy[j].held(pieces, i)
        part = polygonal(shapely.intersection(held, part_of_region))
        rest = polygonal(shapely.difference(held, part_of_region))
        if part is None or rest is None:
            continue  # all or nothing of this commune: it stays where the sources put it
        legacy[j].cut[i] = rest
        legacy[k].pieces.append(i)
        legacy[k].cut[i] = part
        cut.append(i)
        parts.append(part)
    moved = float(areas_km2(parts).sum()) if parts else 0.0
    balance.area[giver] -= moved
    balance.area[taker] += moved
    return cut
