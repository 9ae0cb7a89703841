"""The exact-address index: a whole admin chain answered by one dictionary look-up.

Most place texts are a clean chain — ``xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn`` — whose parts
are separated by commas or parentheses and each start with a type word. For those, the index
maps the chain written (the unit's part, then the parents' parts in a fixed order; each part its
type, name key and tone key) to the units it can be; a text that leaves exactly one unit valid on
the date needs no parsing or scoring. Anything else (no separators, an untyped parent,
several candidates, context that could change the choice) goes to the full resolver, which
gives the same unit for the texts the index answers.
"""

from __future__ import annotations

import re
from itertools import pairwise
from operator import itemgetter

from geo._text import TYPE_LEVELS, TYPE_WORDS, Memo, iso_date, key, split_type, tone_key

_SEPARATORS = re.compile(r"\s*[,;()\[\]]\s*")  # not " - ": it is inside "Bà Rịa - Vũng Tàu"
_LEVEL_RANK = {"commune": 0, "district": 1, "province": 2}
_RANK = {None: 0, **{t: min(_LEVEL_RANK[lv] for lv in levels) for t, levels in TYPE_LEVELS.items()}}


def _names(unit) -> list[tuple[str, str]]:
    """(type, name) pairs a unit is known by: its own, then its older ones."""
    return [(unit.type, unit.name)] + [tuple(a.split("|", 1)) for a in unit.aliases]


# One character per type, so that a written part is one short string.
_TYPE_CODE = {unit_type: chr(ord("a") + i) for i, unit_type in enumerate(TYPE_WORDS)}


def _written_form(unit_type: str, name_key: str, tone: str) -> bytes:
    """A typed part as the index spells it: type, name key and tone key (empty when typed without diacritics).

    UTF-8 bytes: the index file holds about a hundred thousand chains, read faster as bytes.
    """
    return f"{_TYPE_CODE[unit_type]}{name_key}|{tone}".encode()


def _chain_key(unit_form: bytes, parent_forms) -> bytes:
    """The whole chain as one key: the unit's part, then its parents' parts in a fixed order."""
    return unit_form + b"/" + b"/".join(sorted(parent_forms))


def build_index(gazetteer) -> dict[bytes, object]:
    """Every unit under every chain it can be written as, spelled as ``_chain_key`` spells it.

    A chain is the unit under one of its names, then any of its parents, each under one of its
    names; all typed with diacritics (tone keys must match) or all without. Siblings share
    their parents' part, computed once per parent. A chain names one unit (the value is that
    unit) or, rarely, several (a tuple of them: one name over two periods, say).
    """
    known = gazetteer.name_keys  # every name's key and tone key, made once
    forms: dict[str, tuple[tuple[bytes, ...], tuple[bytes, ...]]] = {}
    above: dict[tuple[str | None, int], list[tuple[bytes, ...]]] = {}

    def forms_of(unit) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
        """The unit's written parts: (with diacritics, without)."""
        if unit.id not in forms:
            names = [(t, *known[n]) for t, n in _names(unit)]
            forms[unit.id] = (
                tuple(dict.fromkeys(_written_form(t, k, tone) for t, k, tone in names)),
                tuple(dict.fromkeys(_written_form(t, k, "") for t, k, _ in names)),
            )
        return forms[unit.id]

    def parents_of(parent_id: str | None, form: int) -> list[tuple[bytes, ...]]:
        """Every selection of parts a text may write for the parents from this one up."""
        if (parent_id, form) not in above:
            if parent_id is None:
                above[parent_id, form] = [()]
            else:
                parent = gazetteer.units[parent_id]
                higher = parents_of(parent.parent_id, form)
                above[parent_id, form] = [*higher, *((*h, f) for h in higher for f in forms_of(parent)[form])]
        return above[parent_id, form]

    index: dict[bytes, list] = {}
    for unit in gazetteer.units.values():
        chains = {  # a set: names that differ only in tone marks give one chain without diacritics
            _chain_key(own, set(parents))
            for form in (0, 1)
            for parents in parents_of(unit.parent_id, form)
            for own in forms_of(unit)[form]
        }
        for chain in chains:
            index.setdefault(chain, []).append(unit)
    return {chain: units[0] if len(units) == 1 else tuple(units) for chain, units in index.items()}


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


def written_parts(gazetteer) -> Memo:
    """Each distinct written part of the texts a process is asked, read once (see ``_part``).

    The names the units are known by come with their keys made (``Gazetteer.name_keys``): most
    parts write one of them, so that a new part costs little more than finding its type word.
    """
    known = gazetteer.name_keys
    read_type = split_type.__wrapped__  # the memo keeps the answers: no second cache

    def read(segment: str) -> tuple[int, bytes, bytes, str | None]:
        unit_type, name = read_type(segment)
        return _part(unit_type, name, known.get(name))

    return Memo(read, 1 << 16)


def name_keys(gazetteer) -> dict[str, tuple[str, str]]:
    """``{name: (key, tone key)}`` for every name and former name of the units."""
    names = {n for unit in gazetteer.units.values() for _, n in _names(unit)}
    return {n: (key(n), tone_key(n)) for n in sorted(names)}


def _part(
    unit_type: str | None, name: str, keys: tuple[str, str] | None = None
) -> tuple[int, bytes | None, bytes | None, str | None]:
    """``(rank, form with diacritics, form without, type)``; forms are None for an untyped part.

    ``keys``: the name's key and tone key when already known.
    """
    if unit_type is None:
        return 0, None, None, None
    k, tone = keys or (key(name), tone_key(name))
    return (
        _RANK[unit_type],
        _written_form(unit_type, k, tone),
        _written_form(unit_type, k, ""),
        unit_type,
    )


def lookup(text: str, gazetteer, as_of, province) -> tuple[object, str, bool] | None:
    """The one unit a clean chain names (why, and whether valid on ``as_of``), or None: use the full resolver.

    A unit of another date is only returned when it is the one unit ever so named.
    """
    accents = not text.isascii()  # typed with diacritics: they must match
    segments = _segments(text)
    if segments is not None:
        parts = gazetteer.written_parts
        written = [parts[s] for s in segments]
        for part in written:
            if part[3] is None:
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
    parts = sorted(written, key=_BY_RANK)  # the unit, then its parents
    target_type = parts[0][3]
    if target_type == parts[1][3] and target_type != "thành phố":
        return None  # two parts of one type: a list, not a chain
    named = gazetteer.address_index.get(_chain_key(parts[0][form], {p[form] for p in parts[1:]}))
    if named is None:
        return None
    iso = iso_date(as_of)
    # One unit (the common case) or a tuple of several; a Unit is a named tuple: hence the exact type.
    if type(named) is not tuple:
        unit, valid = named, named.valid_on(iso)
    else:
        fits = [unit for unit in named if unit.valid_on(iso)]
        if len(fits) != 1:
            return None  # several units of that name on the date, or none of several
        unit, valid = fits[0], True
    if province is not None and gazetteer.province_of(unit).id != province.id:
        return None  # the full resolver says whether to cross provinces
    return unit, "the only unit with this name and these parents on that date", valid
