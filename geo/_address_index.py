"""The name-key tables the geocoder's fast path (``geo._addresses``) reads.

Made once per gazetteer from its units and kept with its index file (``Gazetteer.key_units``,
``level_units``, ``under``, ``key_prefixes``, ``typo_index``, ``name_keys``), so that reading a query costs
dictionary look-ups, never a scan of the units.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from geo._text import TYPE_LEVELS, key, tone_key

if TYPE_CHECKING:
    from geo.gazetteer import Gazetteer, Unit

# The units a name can name, by id, each with its parent's and grandparent's ids (None where it has
# none): enough to check a candidate's chain without walking up to its parents.
Ids = dict[str, tuple[str | None, str | None]]

TYPO_MIN = 4  # keys shorter than this are never read as a typo of another name


def name_keys(gazetteer: Gazetteer) -> dict[str, tuple[str, str]]:
    """``{name: (key, tone key)}`` for every name and former name of the units."""
    names = {n for unit in gazetteer.units.values() for _, n in unit_names(unit)}
    return {n: (key(n), tone_key(n)) for n in sorted(names)}


def unit_names(unit: Unit) -> list[tuple[str, str]]:
    """(type, name) pairs a unit is known by: its own, then its older ones."""
    return [(unit.type, unit.name)] + [(a.split("|", 1)[0], a.split("|", 1)[1]) for a in unit.aliases]


def deletions(gazetteer: Gazetteer) -> dict[str, tuple[str, ...]]:
    """Every name key of ``TYPO_MIN`` letters or more under itself and each one-letter deletion of it.

    Two keys within one edit (a letter left out, added, changed or two swapped) share an entry:
    the look-up of a typo is a handful of dictionary reads, not a scan of every name.
    """
    table: dict[str, set[str]] = {}
    for k in gazetteer.by_key:
        if len(k) >= TYPO_MIN and not k.isdigit():
            for variant in {k, *(k[:i] + k[i + 1 :] for i in range(len(k)))}:
                table.setdefault(variant, set()).add(k)
    return {variant: tuple(sorted(keys)) for variant, keys in table.items()}


def key_prefixes(gazetteer: Gazetteer) -> frozenset[str]:
    """Every name key and each of its beginnings (``x``, ``xu``, … ``xuanmai``): a run of words whose
    key is none of them starts no name, so ``_cover`` reads no longer run from there."""
    return frozenset(k[:end] for k in gazetteer.by_key for end in range(1, len(k) + 1))


def ends_before(gazetteer: Gazetteer, word: str) -> frozenset[str]:
    """Every ending of what a name key may hold right before the key ``word`` in its beginning (for
    ``son``: ``xuan`` as in ``xuanson…``, and ``uan``, ``an``, ``n``, ""): a run of words whose last
    word's key is none of these runs into ``word`` in no name, so ``runs_across`` passes that type
    word without a look-up per run. Made per word, once per process."""
    heads = {p[: len(p) - len(word)] for p in gazetteer.key_prefixes if p.endswith(word)}
    return frozenset(head[i:] for head in heads for i in range(len(head) + 1))


def key_units(gazetteer: Gazetteer) -> dict[tuple[str | None, str], Ids]:
    """``{(type word, name key): ids}``: the units a name typed with that type word (or none) can
    name, in the order of ``Gazetteer.by_key``, with their parents (``Ids``); made once and kept
    with the index."""
    lineage = lineage_of(gazetteer)
    table: dict[tuple[str | None, str], Ids] = {}
    for k, units in gazetteer.by_key.items():
        table[None, k] = {unit.id: lineage[unit.id] for unit in units}
        for unit_type, levels in TYPE_LEVELS.items():
            ids = {
                unit.id: lineage[unit.id]
                for unit in units
                if unit.level in levels and has_type(unit, unit_type)
            }
            if ids:
                table[unit_type, k] = ids
    return table


def level_units(gazetteer: Gazetteer) -> dict[tuple[tuple[str, ...], str], Ids]:
    """``{(levels, name key): ids}``: the units of a name at the levels a type word can name, whatever
    type word they bear (a parent written "huyện" for a thị xã), in the order of ``Gazetteer.by_key``,
    with their parents (``Ids``); made once and kept with the index."""
    lineage = lineage_of(gazetteer)
    table: dict[tuple[tuple[str, ...], str], Ids] = {}
    for k, units in gazetteer.by_key.items():
        for levels in set(TYPE_LEVELS.values()):
            ids = {unit.id: lineage[unit.id] for unit in units if unit.level in levels}
            if ids:
                table[levels, k] = ids
    return table


def has_type(unit: Unit, unit_type: str) -> bool:
    return unit.type == unit_type or any(a.startswith(unit_type + "|") for a in unit.aliases)


def under_table(gazetteer: Gazetteer) -> dict[tuple[str, str], tuple[str, ...]]:
    """``{(parent or grandparent id, name key): ids}`` of every unit under its two ancestors, by
    each key it is found under in ``Gazetteer.by_key``; made once and kept with the index."""
    parents = lineage_of(gazetteer)
    table: dict[tuple[str, str], list[str]] = {}
    for k, units in gazetteer.by_key.items():
        for unit in units:
            for ancestor in parents[unit.id]:
                if ancestor is not None:
                    table.setdefault((ancestor, k), []).append(unit.id)
    return {entry: tuple(dict.fromkeys(ids)) for entry, ids in table.items()}


@lru_cache(maxsize=4)
def lineage_of(gazetteer: Gazetteer) -> dict[str, tuple[str | None, str | None]]:
    """Every unit's parent and grandparent ids (None where it has none), made once per gazetteer."""
    units = gazetteer.units
    out: dict[str, tuple[str | None, str | None]] = {}
    for unit_id, unit in units.items():
        parent = unit.parent_id
        out[unit_id] = (parent, units[parent].parent_id if parent in units else None)
    return out
