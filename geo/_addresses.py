"""The exact-address index: a whole admin chain answered by one dictionary look-up.

Most place texts are a clean chain — ``xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn`` — whose parts
are separated by commas or parentheses and each start with a type word. For those, the index
maps ``(name key of the unit, frozenset of the name keys of the parents written)`` to the units
it can be; a text that leaves exactly one unit valid on the date, with matching type words and
diacritics, needs no parsing or scoring. Anything else (no separators, an untyped parent,
several candidates, context that could change the choice) goes to the full resolver, which
gives the same unit for the texts the index answers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter

from geo._text import TYPE_LEVELS, TYPE_WORDS, iso_date, key, split_type, tone_key

_SEPARATORS = re.compile(r"\s*[,;()\[\]]\s*")  # not " - ": it is inside "Bà Rịa - Vũng Tàu"
_LEVEL_RANK = {"commune": 0, "district": 1, "province": 2}
_RANK = {None: 0, **{t: min(_LEVEL_RANK[lv] for lv in levels) for t, levels in TYPE_LEVELS.items()}}


def _names(unit) -> list[tuple[str, str]]:
    """(type, name) pairs a unit is known by: its own, then its older ones."""
    return [(unit.type, unit.name)] + [tuple(a.split("|", 1)) for a in unit.aliases]


def build_index(gazetteer) -> dict[tuple[str, frozenset[str]], list]:
    """Every unit under every (own key, subset of its parents' keys) it can be written with.

    Each entry is ``(unit, names)``: ``names`` holds, for the unit and then each parent, the set
    of ``(type, key, tone key)`` and ``(type, key, None)`` of every name it is known by, so that a
    written part (tone key None when typed without diacritics) is checked by set membership.
    Siblings share their parents' part, computed once per parent.
    """
    index: dict[tuple[str, frozenset[str]], list] = {}
    own_names: dict[str, frozenset] = {}
    above: dict[str | None, tuple[tuple, list[frozenset[str]]]] = {None: ((), [frozenset()])}

    def names_of(unit) -> frozenset:
        if unit.id not in own_names:
            # Each name twice: with its tone key (for text with diacritics) and with None (without).
            own_names[unit.id] = frozenset(
                name for t, n in _names(unit) for name in ((t, key(n), tone_key(n)), (t, key(n), None))
            )
        return own_names[unit.id]

    def parents_of(parent_id: str | None) -> tuple[tuple, list[frozenset[str]]]:
        """(names of each parent, every subset of their keys that a text may write)."""
        if parent_id not in above:
            parent = gazetteer.units[parent_id]
            higher_names, higher_subsets = parents_of(parent.parent_id)
            keys = {k for _, k, _ in names_of(parent)}
            subsets = list(dict.fromkeys([*higher_subsets, *(s | {k} for s in higher_subsets for k in keys)]))
            above[parent_id] = ((names_of(parent), *higher_names), subsets)
        return above[parent_id]

    for unit in gazetteer.units.values():
        parent_names, subsets = parents_of(unit.parent_id)
        names = (names_of(unit), *parent_names)
        entry = (unit, names)
        for k in {k for _, k, _ in names[0]}:
            for subset in subsets:  # "thành phố Lai Châu, tỉnh Lai Châu" collapse to one key: once
                index.setdefault((k, subset), []).append(entry)
    return index


def _at_type_words(text: str) -> list[str]:
    """``xa dak nhau huyen bu dang`` → ``["xa dak nhau", "huyen bu dang"]``; [] when unsure.

    Only for text without separators in which every type word opens a part and no other word
    is a type word ("huyen van quan" is left to the full parser: "quan" may be quận).
    """
    words = text.split()
    lower = text.lower().split()
    # Spelled without diacritics, "quan" or "xa" is a type word only in text typed without any.
    pairs, singles = (_TYPE_PAIRS, _TYPE_SINGLE) if text.isascii() else (_ACCENTED_PAIRS, _ACCENTED_SINGLE)
    starts = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and f"{lower[i]} {lower[i + 1]}" in pairs:
            starts.append(i)
            i += 2
            continue
        if lower[i] in singles:
            if starts and starts[-1] == i - 1:
                return []  # two type words in a row
            starts.append(i)
        i += 1
    if len(starts) < 2 or starts[0] != 0:
        return []
    bounds = [*starts, len(words)]
    return [" ".join(words[a:b]) for a, b in pairwise(bounds)]


def _alternatives(text: str) -> list[list[tuple[str | None, str]]]:
    """Every way to cut diacritic-free text without separators at its type words.

    "phuong tinh bien thi xa tinh bien tinh an giang": "tinh" is a type word or a syllable, so
    each choice is a reading; a reading's parts must each have a name. At most 64 readings.
    """
    if not text.isascii() or _SEPARATORS.search(text):
        return []
    words = text.lower().split()
    spans = []  # (start, length) of every type word
    for i in range(len(words)):
        if " ".join(words[i : i + 2]) in _TYPE_PAIRS:
            spans.append((i, 2))
        if words[i] in _TYPE_SINGLE:
            spans.append((i, 1))
    if not spans or spans[0][0] != 0 or len(spans) > 7:
        return []
    readings = []
    for mask in range(1 << (len(spans) - 1)):
        chosen = [spans[0]] + [spans[k + 1] for k in range(len(spans) - 1) if mask >> k & 1]
        bounds = [start for start, _ in chosen] + [len(words)]
        if any(b - a <= length for (a, length), b in zip(chosen, bounds[1:], strict=False)):
            continue  # a type word with no name after it
        parts = []
        for a, b in pairwise(bounds):
            unit_type, name = split_type(" ".join(words[a:b]))
            if unit_type is None:
                break
            parts.append((unit_type, name))
        else:
            if len(parts) >= 2:
                readings.append(parts)
    return readings


_TYPE_PAIRS = {s for spellings in TYPE_WORDS.values() for s in spellings if " " in s and "." not in s}
_TYPE_SINGLE = {s for spellings in TYPE_WORDS.values() for s in spellings if " " not in s}
_ASCII_SPELLINGS = {s for s in _TYPE_PAIRS | _TYPE_SINGLE if s.isascii() and "." not in s and len(s) > 2}
_ACCENTED_PAIRS = _TYPE_PAIRS - _ASCII_SPELLINGS
_ACCENTED_SINGLE = _TYPE_SINGLE - _ASCII_SPELLINGS


def split_parts(text: str) -> list[tuple[str | None, str]] | None:
    """``[(type, name), ...]`` when every part is cleanly separated and typed, else None."""
    segments = _segments(text)
    if segments is None:
        return None
    parts = [split_type(s) for s in segments]
    return None if any(t is None for t, _ in parts) else parts


def _segments(text: str) -> list[str] | None:
    """The 2–4 parts of a cleanly separated chain, else None."""
    if "(" in text or ";" in text or "[" in text or ")" in text or "]" in text:
        segments = [s for s in _SEPARATORS.split(text.strip()) if s]
    else:  # commas only, the common case: the same cut, without the regular expression
        segments = [s for s in map(str.strip, text.split(",")) if s]
    if len(segments) == 1:
        segments = _at_type_words(segments[0])
    if not 2 <= len(segments) <= 4:
        return None  # a bare name has rivals worth listing: the full resolver ranks them
    return segments


@lru_cache(maxsize=1 << 16)
def _written(segment: str) -> tuple[int, tuple, tuple]:
    """One written part, computed once per distinct part (see ``_part``)."""
    return _part(*split_type(segment))


def _part(unit_type: str | None, name: str) -> tuple[int, tuple, tuple]:
    """``(rank, (type, key, tone key), (type, key, None))``: the part typed with and without diacritics."""
    k = key(name)
    return _RANK[unit_type], (unit_type, k, tone_key(name)), (unit_type, k, None)


def lookup(text: str, gazetteer, as_of, province) -> tuple[object, str, bool] | None:
    """The one unit a clean chain names (why, and whether valid on ``as_of``), or None: use the full resolver.

    A unit of another date is only returned when it is the one unit ever so named.
    """
    accents = not text.isascii()  # typed with diacritics: they must match
    segments = _segments(text)
    if segments is not None:
        written = [_written(s) for s in segments]
        for part in written:
            if part[1][0] is None:
                break  # an untyped part: the readings below, or the full parser
        else:
            return _lookup_parts(written, accents, gazetteer, as_of, province)
    found = {}
    for reading in _alternatives(text):
        answer = _lookup_parts([_part(t, n) for t, n in reading], accents, gazetteer, as_of, province)
        if answer is not None:
            found[answer[0].id] = answer
    # Only when the readings agree: otherwise the full resolver weighs them.
    return next(iter(found.values())) if len(found) == 1 else None


_BY_RANK = itemgetter(0)


def _lookup_parts(written, accents: bool, gazetteer, as_of, province) -> tuple[object, str, bool] | None:
    form = 1 if accents else 2  # typed with diacritics: they must match
    wanted = [part[form] for part in sorted(written, key=_BY_RANK)]  # the unit, then its parents
    target_type = wanted[0][0]
    if target_type == wanted[1][0] and target_type != "thành phố":
        return None  # two parts of one type: a list, not a chain
    candidates = gazetteer.address_index.get((wanted[0][1], frozenset([w[1] for w in wanted[1:]])), ())
    iso = iso_date(as_of)
    named, fits = [], []
    for unit, names in candidates:
        if _fits(names, wanted):
            named.append(unit)
            if (unit.valid_from is None or unit.valid_from <= iso) and (
                unit.valid_to is None or iso <= unit.valid_to
            ):
                fits.append(unit)
    valid = bool(fits)
    if not fits and len(named) == 1:
        fits = named  # the one unit ever so named, of another date: the caller flags it
    if len(fits) != 1:
        return None
    unit = fits[0]
    if province is not None and gazetteer.province_of(unit).id != province.id:
        return None  # the full resolver says whether to cross provinces
    return unit, "the only unit with this name and these parents on that date", valid


def _fits(names, wanted) -> bool:
    """Do the written parts name the unit (first) and some of its parents, types and diacritics included?"""
    if wanted[0] not in names[0]:
        return False
    for part in wanted[1:]:
        for level in names[1:]:
            if part in level:
                break
        else:
            return False
    return True
