"""The units a reading of an address names: each part's units from the name-key index, kept when
the other parts name their parents (``explained``), for the geocoder's fast path (``geo._addresses``).

A candidate's parent and grandparent ids stand beside it in the index (``Gazetteer.key_units``),
so checking it costs two set look-ups; a common name is looked up under its written parents
instead (``Gazetteer.under``).
"""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING

from geo._address_index import Ids
from geo._text import TYPE_LEVELS

if TYPE_CHECKING:
    from geo._addresses import Part
    from geo.gazetteer import Gazetteer, Unit

_LEVEL_RANK = {"commune": 0, "district": 1, "province": 2}
# The lowest and highest level each type word can name.
RANKS = {
    t: (min(_LEVEL_RANK[lv] for lv in levels), max(_LEVEL_RANK[lv] for lv in levels))
    for t, levels in TYPE_LEVELS.items()
}


def explained(parts: tuple[Part, ...], gazetteer: Gazetteer, *, loose: bool = False) -> list[Unit]:
    """Units named by one part whose parents are named by all the others.

    Each part's units come from the name-key index (``Gazetteer.key_units``) with their parent and
    grandparent ids beside them, so checking a candidate costs two set look-ups and no walk up
    its chain; a common name is looked up under its written parents instead (``_under``).
    ``loose``: the parents may bear another type word of their level (a thị xã written "huyện").
    """
    if not 1 < len(parts) < 4:
        return []  # one part names no parent; four name more than a unit and its two ancestors
    named = list(map(_IDS_OF, parts))  # found when the parts were read
    if None in named:
        named = [part.ids if part.ids is not None else units_of(part, gazetteer) for part in parts]
    targets = sought_parts(tuple(map(TYPE_OF, parts)))
    parents = _loose_parents(parts, targets, gazetteer) if loose else named
    found: list[str] = []
    for t in targets:
        pool = named[t]
        if len(parts) == 2:
            other = parents[1 - t]
            if len(pool) > _FEW:  # a common name: looked up under the parent with the fewest units
                pool = _under_fewest(pool, other, parts[t].keys, gazetteer)
            for u, (p, gp) in pool.items():
                if p in other or gp in other:
                    found.append(u)
            continue
        first, second = (parents[1], parents[2]) if t == 0 else (parents[0], parents[3 - t])
        if len(pool) > _FEW:
            pool = _under_fewest(
                pool, first if len(first) <= len(second) else second, parts[t].keys, gazetteer
            )
        for u, (p, gp) in pool.items():
            if (p in first and gp in second) or (gp in first and p in second):
                found.append(u)
    if len(targets) > 1:
        found = list(dict.fromkeys(found))
    return list(map(gazetteer.units.__getitem__, found))


def _loose_parents(parts: tuple[Part, ...], targets: tuple[int, ...], gazetteer: Gazetteer) -> list[Ids]:
    """The units each part names as a parent, whatever type word of its level they bear; not made
    for the one part sought when it is alone (a name with a typo has many: none is read)."""
    alone = targets[0] if len(targets) == 1 else -1
    return [NONE if i == alone else units_of(part, gazetteer, loose=True) for i, part in enumerate(parts)]


def _under_fewest(named: Ids, fewest: Ids, keys: tuple[str, ...], gazetteer: Gazetteer) -> Ids:
    """The candidates, or those under the units of ``fewest`` (``_under``) when these are fewer."""
    if len(fewest) * len(keys) * _FEW < len(named):
        return _under(named, fewest, keys, gazetteer)
    return named


def _under(candidates: Ids, fewest: Ids, keys: tuple[str, ...], gazetteer: Gazetteer) -> Ids:
    """The candidates of these keys whose parent or grandparent is one of the units of the other
    part with the fewest units (``Gazetteer.under``), in their order: used when those units are
    fewer than the candidates.

    Every candidate explained by the other parts has its parent or grandparent among the units
    of each: none is left out, and the caller checks the rest.
    """
    under = gazetteer.under
    if len(fewest) == 1 and len(keys) == 1:
        # The common case: one look-up, whose units come in the order of ``Gazetteer.by_key`` as
        # the candidates do (both were made from it), so nothing needs sorting back.
        return {u: candidates[u] for u in under.get((next(iter(fewest)), keys[0]), ()) if u in candidates}
    hits = {u for p in fewest for k in keys for u in under.get((p, k), ()) if u in candidates}
    if len(hits) < 2:
        return {u: candidates[u] for u in hits}
    return {u: lineage for u, lineage in candidates.items() if u in hits}


TYPE_OF = attrgetter("type")
# Candidates fewer than this (times the look-ups under the parents) are checked one by one: cheaper
# than looking them up under their parents.
_FEW = 4
_IDS_OF = attrgetter("ids")


@lru_cache(maxsize=1024)
def sought_parts(types: tuple[str | None, ...]) -> tuple[int, ...]:
    """The parts that may name the unit sought, by their type words: not a part typed above
    another ("huyện" when a "xã" is written too), which can only be a parent, nor a bare name
    beside a typed commune ("Phường A, Tây Hồ, Hà Nội"): a commune is no unit's parent, so the
    typed commune is the unit sought and the bare names its parents."""
    ranks = [RANKS.get(t or "", _ANY_LEVEL) for t in types]
    return tuple(
        t
        for t, mine in enumerate(ranks)
        if not any(r[1] <= mine[0] for r in ranks[:t] + ranks[t + 1 :] if r is not _ANY_LEVEL)
    )


_ANY_LEVEL = (0, 2)  # the ranks of a bare name (or an unknown type word): any level


NONE: Ids = {}


def units_of(part: Part, gazetteer: Gazetteer, *, loose: bool = False) -> Ids:
    """The ids of the units a part can name (its keys, its type): from ``Gazetteer.key_units`` for a
    part of one key, else made once per process and part.

    ``loose``: of its type word's levels, whatever type the unit bears.
    """
    if part.ids is not None and not loose:
        return part.ids
    levels = TYPE_LEVELS.get(part.type) if part.type else None
    # The ids of each key from the index (``key_units``, or ``level_units`` when loose), in the order
    # of the keys; made once per process for a part of several keys (a name with a typo).
    tables: list[Ids]
    if levels is not None and loose:
        tables = [gazetteer.level_units.get((levels, k), NONE) for k in part.keys]
    else:
        tables = [gazetteer.key_units.get((part.type if levels else None, k), NONE) for k in part.keys]
    if len(tables) == 1:
        return tables[0]
    memo = gazetteer.part_units
    memo_key = (*part[:2], loose)
    ids = memo.get(memo_key)
    if ids is None:
        ids = memo[memo_key] = {}
        for table in tables:
            ids.update(table)
    return ids
