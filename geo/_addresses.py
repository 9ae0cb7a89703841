"""The geocoder's one fast path: an address read into name keys, the units found by candidate generation.

Every usual form of an address — typed or bare parents, type words abbreviated with or without
dots, no diacritics, any case, parentheses, reversed order, no commas, a village, street or
house number in front, ``Việt Nam`` or a postal code at the end, one typo — is read the same way:

1. the text is cut at its separators; each segment is read once per process (``written_parts``):
   a type word and a name whose key the gazetteer knows, or several such parts when the segment
   holds them without commas (a small cover of its words by known names), or a place below the
   commune, the country or a postal code (set aside), or a name nobody bears (within one typo
   of known names: those names, through a deletion index of the name keys);
2. the units of each part's key are the candidates (``Gazetteer.by_key``); a candidate stays
   when every other part names one of its parents (their names and former names, with types);
3. the date, then the diacritics as written, choose among them.

A text this path cannot settle (one bare name, parts that name no unit's parents, several
candidates of different levels, context beyond a province) goes to the full resolver, which
ranks every reading and gives the same unit for the texts answered here.
"""

from __future__ import annotations

import re
from functools import partial
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from geo._address_index import Ids, unit_names
from geo._address_units import NONE as _NONE
from geo._address_units import RANKS as _RANKS
from geo._address_units import TYPE_OF as _TYPE_OF
from geo._address_units import explained as _explained
from geo._address_units import sought_parts as _targets
from geo._address_units import units_of as _units_of
from geo._address_words import (
    BELOW,
    BELOW_ASCII,
    LAST_LETTERS,
    LAST_WORDS,
    MAX_NAME_WORDS,
    NUMBERED,
    close_keys,
    may_type,
    more_types,
    names_nothing,
    near_keys,
    opens_below,
    past_descriptor,
    runs_across,
    type_at,
    type_cuts,
    without_country,
)
from geo._text import (
    TYPE_LEVELS,
    Memo,
    iso_date,
    key,
    split_type,
    split_type_words,
    tone_key,
)
from geo._tokens import address_words

if TYPE_CHECKING:
    import datetime as dt

    from geo.gazetteer import Gazetteer, Unit

_SEPARATORS = re.compile(r"[,;()\[\]]")  # not " - ": it is inside "Bà Rịa - Vũng Tàu"
_OTHER_SEPARATORS = re.compile(r"[;()\[\]]").search  # a separator other than the comma
TYPO_OF = attrgetter("typo")


class Part(NamedTuple):
    """A name written in the text: its type word (if any), the keys it may be, how it was written."""

    type: str | None
    keys: tuple[str, ...]
    name: str
    typo: bool = False
    # The ids of the units it can name (``_address_units.units_of``), found when the text is read: a part read
    # once per process (a parent written in many addresses) is looked up once too.
    ids: Ids | None = None


class Segment(NamedTuple):
    """What one segment of a text says: its parts, what is set aside, what names nothing."""

    parts: tuple[Part, ...]
    aside: tuple[str, ...] = ()
    unknown: tuple[tuple[str | None, str], ...] = ()


_EMPTY = Segment(())


def written_parts(gazetteer: Gazetteer) -> Memo[str, Segment]:
    """Each distinct segment of the texts a process is asked, read once (see ``_read_segment``)."""
    return Memo(partial(_read_segment, gazetteer), 1 << 16)  # positional: the cheaper call


def known_segments(gazetteer: Gazetteer) -> dict[tuple[str | None, str], Segment]:
    """``{(type word, name): segment}`` for every name of the units as they spell it, bare or after
    each type word some unit of that name bears: the reading of such a segment, made once and
    kept with the index (``Gazetteer.known_segments``), so that reading one is one look-up."""
    key_units = gazetteer.key_units
    table: dict[tuple[str | None, str], Segment] = {}
    for name, (k, _) in gazetteer.name_keys.items():
        for unit_type in (None, *TYPE_LEVELS):
            ids = key_units.get((unit_type, k))
            if ids:
                table[unit_type, name] = Segment((Part(unit_type, (k,), name, False, ids),))
    return table


# --------------------------------------------------------------------------------- reading


def segments(text: str) -> list[str]:
    """The text cut at its separators (commas, semicolons, brackets), empty pieces dropped."""
    if _OTHER_SEPARATORS(text):
        return [s for s in map(str.strip, _SEPARATORS.split(text)) if s]
    return [s for s in map(str.strip, text.split(",")) if s]  # commas only, the common case


def _read_segment(gazetteer: Gazetteer, segment: str) -> Segment:
    """What ``written_parts`` reads once per process: one segment (no comma in it: see ``read``)."""
    words = segment.split()
    if not words:
        return _EMPTY
    last = words[-1]
    if (last[-1] in LAST_LETTERS and last.lower() in LAST_WORDS) or last[0].isdigit():
        words = without_country(words)
        if not words:
            return _EMPTY
    text = " ".join(words)
    unit_type, name = split_type_words(words, text)
    spelled = gazetteer.known_segments.get((unit_type, name))  # a unit's name as the unit spells it
    if spelled is not None:
        return spelled
    by_key = gazetteer.by_key
    if name.isascii() and name.replace(" ", "").isalpha():  # no diacritics: its key is its letters
        k = name.lower().replace(" ", "")
    else:
        known = gazetteer.name_keys.get(name)  # a former name, or typed with a type word it never bore
        k = known[0] if known is not None else _known_key(name, gazetteer)
    if k in by_key:  # "Bản Lầu" is a commune, "thôn Nà Nọi" names none
        return Segment((Part(unit_type, (k,), name, False, gazetteer.key_units.get((unit_type, k), _NONE)),))
    if unit_type is not None:
        described = past_descriptor(name, by_key)
        if described is not None:
            return Segment((_part(unit_type, (key(described),), described, gazetteer),))
    if len(words) > 3 or "." in text:  # room for two typed names ("xa A huyen B", "X.A H.B")
        by_type = _by_type_words(text, gazetteer)
        if by_type is not None:
            return by_type
    return _read_unknown(words, text, unit_type, name, "".join(map(key, name.split())), gazetteer)


def _known_key(name: str, gazetteer: Gazetteer) -> str:
    """``key(name)`` (its words' keys joined) when a unit's name has that key, else "": made word by
    word and given up at the first word after which no name's key starts so (``xuan nha huyen …``)."""
    prefixes = gazetteer.key_prefixes
    run = ""
    for word in name.split():
        run += key(word)
        if run not in prefixes:
            return ""
    return run


def _read_unknown(
    words: list[str], text: str, unit_type: str | None, name: str, k: str, gazetteer: Gazetteer
) -> Segment:
    """A segment that is not one known name: a name with a typo, several names, a place below the
    commune in front, or a name nobody bears."""
    below = opens_below(words, text)
    if below and unit_type is None:
        tokens = address_words(text)
        lower = [t.lower() for t in tokens]
        if len(tokens) <= 16 and not any(type_at(lower, i, text.isascii()) for i in range(1, len(lower))):
            # A village or a street and nothing after it: the whole segment, as the cover would set
            # it aside (no known name there is cheaper: the whole text is none).
            return Segment((), (" ".join(tokens),))
    if unit_type and not below and not more_types(words, text):  # one typed name, perhaps with a typo
        near = near_keys(k, gazetteer)
        if near:
            return Segment((_part(unit_type, near, name, gazetteer, typo=True),))
        if names_nothing(text, gazetteer):  # the cover would read every word as unknown
            return Segment((), (), ((unit_type, name),))
    covered = _cover(text, gazetteer)
    if covered is not None and not covered.unknown:
        return covered
    if not below and not unit_type and len(words) > 1:
        near = near_keys(k, gazetteer)
        if near:
            return Segment((_part(unit_type, near, name, gazetteer, typo=True),))
    if below:
        return Segment((), (text,))  # "39 Trị Quận": a house and its street, whatever their words
    # A typed name is one name ("xã Phác Lô" is not "Lô"), unless it holds others ("xã A và xã B").
    if covered is not None and covered.parts and (unit_type is None or len(covered.parts) > 1):
        return covered
    return Segment((), (), ((unit_type, name),))


def _part(
    unit_type: str | None, keys: tuple[str, ...], name: str, gazetteer: Gazetteer, *, typo: bool = False
) -> Part:
    if len(keys) == 1:
        return Part(unit_type, keys, name, typo, gazetteer.key_units.get((unit_type, keys[0]), _NONE))
    return Part(unit_type, keys, name, typo, _units_of(Part(unit_type, keys, name, typo), gazetteer))


def _by_type_words(text: str, gazetteer: Gazetteer) -> Segment | None:
    """Several typed parts without commas (``xa A huyen B tinh C``), cut before each type word and
    each piece read as a segment of its own, once per process: the parents of many addresses are
    the same pieces, so only the new piece costs a reading.

    This is the reading ``_cover`` finds when every piece reads as one known name (or a place set
    aside), each at the least cost a piece can have, and no known name runs across a type word to
    the end of a piece or over two type words (``xa son tinh huyen …``: "Sơn Tịnh" may be the name);
    otherwise None, and ``_cover`` weighs every reading.
    """
    original = address_words(text)
    lower = text.lower()
    lowered = original if lower == text else address_words(lower)
    if len(lowered) != len(original):  # a letter whose lower case is no letter: word by word
        lowered = [w.lower() for w in original]
    cuts = type_cuts(lowered, text.isascii())
    if not cuts or runs_across(original, cuts, gazetteer):
        return None
    memo = gazetteer.written_parts
    parts: list[Part] = []
    aside: tuple[str, ...] = ()
    for start, end in zip([0, *cuts], [*cuts, len(original)], strict=True):
        piece = memo[" ".join(original[start:end])]
        if piece.unknown or len(piece.parts) + len(piece.aside) != 1:
            return None
        if piece.parts:
            if piece.parts[0].typo:
                return None
            parts.append(piece.parts[0])
        else:
            aside += piece.aside
    return Segment(tuple(parts), aside)


def _cover(text: str, gazetteer: Gazetteer) -> Segment | None:
    """Known names (each after an optional type word) covering the words; fewest unknown words first.

    ``xa tan thanh huyen huu lung lang son`` → three parts; ``thôn Nà Nọi xã Xuân Mai`` → the
    village set aside and one part. None when more than 16 words.
    """
    original = address_words(text)
    n = len(original)
    if not n or n > 16:
        return None
    items = _back_from(_best_cover(original, text.isascii(), gazetteer), n)
    parts = tuple(_part(i[1], (str(i[3]),), str(i[2]), gazetteer) for i in items if i[0] == "part")
    aside = tuple(str(i[1]) for i in items if i[0] == "aside")
    unread = tuple((None, str(i[1])) for i in items if i[0] == "unknown")
    return Segment(parts, aside, _joined(unread))


_Best = list[tuple[tuple[int, int], tuple[str | None, ...] | None, int]]


def _best_cover(original: list[str], ascii_text: bool, gazetteer: Gazetteer) -> _Best:
    """For each i, the cheapest reading of the first i words: its cost (unknown words, parts), how
    it ends (``("unknown", word)``, ``("aside", place)``, ``("part", type, name, key)``) and where
    that last item starts. Offers to each end are weighed in a fixed order; the first of equal
    cost wins."""
    n = len(original)
    words = [w.lower() for w in original]
    folded = [key(w) for w in original]  # a run's key is its words' keys joined
    by_key, prefixes = gazetteer.by_key, gazetteer.key_prefixes
    types = [type_at(words, i, ascii_text) if may_type(w) else None for i, w in enumerate(words)]
    below_words = BELOW_ASCII if ascii_text else BELOW
    best: _Best = [((10**6, 0), None, 0)] * (n + 1)
    best[0] = ((0, 0), None, 0)
    for i in range(n):
        unknown, count = best[i][0]
        if (unknown + 1, count) < best[i + 1][0]:
            best[i + 1] = ((unknown + 1, count), ("unknown", original[i]), i)
        word = words[i]
        # a village or street (see opens_below), up to the next type word
        if (n > i + 1 or not word.isdigit()) if word[:1].isdigit() else word in below_words:
            j = i + 1
            while j < n and types[j] is None:
                j += 1
            # dearer than an untyped known name: "lang son" is a province first
            if j > i + 1 and (unknown, count + 3) < best[j][0]:
                best[j] = ((unknown, count + 3), ("aside", " ".join(original[i:j])), i)
        typed_here = types[i]
        starts: tuple[tuple[int, str | None], ...] = (
            ((0, None),) if typed_here is None else ((0, None), typed_here)
        )
        for length, unit_type in starts:
            if length == 0 and unit_type is not None:  # "p5", "q3"
                numbered = NUMBERED.match(word)
                number = (numbered.group(2).lstrip("0") if numbered else "") or "0"
                if (unknown, count + 1) < best[i + 1][0]:
                    best[i + 1] = ((unknown, count + 1), ("part", unit_type, number, number), i)
                continue
            first, run = i + length, ""
            cost = (unknown, count + 1 + (unit_type is None))
            for last in range(first + 1, min(n, first + MAX_NAME_WORDS) + 1):
                run += folded[last - 1]
                if run not in prefixes:
                    break  # no name's key starts so: no longer run is one either
                if run in by_key and cost < best[last][0]:
                    best[last] = (cost, ("part", unit_type, " ".join(original[first:last]), run), i)
    return best


def _back_from(best: _Best, n: int) -> list[tuple[str | None, ...]]:
    """The items of the best reading of all ``n`` words, first to last."""
    items: list[tuple[str | None, ...]] = []
    at = n
    while at > 0:
        _, item, previous = best[at]
        if item is not None:  # only the start of the text has none
            items.append(item)
        at = previous
    items.reverse()
    return items


def _joined(unread: tuple[tuple[None, str], ...]) -> tuple[tuple[str | None, str], ...]:
    return ((None, " ".join(name for _, name in unread)),) if unread else ()


# ----------------------------------------------------------------------------- candidates


class Found(NamedTuple):
    """What the fast path found: the units the text can name, and how it was read."""

    units: list[Unit]  # candidates explaining every part, valid on the date first
    valid: bool  # the units are valid on the date (else: of other dates, the only ones so named)
    parts: tuple[Part, ...]
    aside: tuple[str, ...]
    unknown: tuple[tuple[str | None, str], ...]
    loose: bool = False  # a parent was written with another type word of its level ("huyện" for a thị xã)


def read(text: str, gazetteer: Gazetteer) -> Segment:
    """Every part, set-aside piece and unknown name of a text.

    Each segment is read once per process (``written_parts``): the parents after a commune's name
    (``Huyện Diễn Châu``, ``Tỉnh Nghệ An``) are shared by many addresses, so a new address costs the
    reading of its new segments only.
    """
    memo = gazetteer.written_parts
    if _OTHER_SEPARATORS(text):
        read = [memo[segment] for segment in segments(text)]
        return read[0] if len(read) == 1 else _merged(read)
    if "," not in text:
        return memo[text]
    read = [memo[segment] for segment in text.split(",")]  # commas only, the common case
    parts: tuple[Part, ...] = ()
    for found in read:
        if found.aside or found.unknown:
            return _merged(read)
        parts += found.parts
    return Segment(parts)


def _merged(read: list[Segment]) -> Segment:
    parts: tuple[Part, ...] = ()
    aside: tuple[str, ...] = ()
    unknown: tuple[tuple[str | None, str], ...] = ()
    for found in read:
        parts += found.parts
        if found.aside:
            aside += found.aside
        if found.unknown:
            unknown += found.unknown
    return Segment(parts, aside, unknown)


def find(text: str, gazetteer: Gazetteer, as_of: dt.date, province: Unit | None = None) -> Found | None:
    """The units a text names (see the module docstring), or None: the full resolver decides."""
    reading = read(text, gazetteer)
    parts = reading.parts
    if reading.unknown and parts and any(t is not None for t, _ in reading.unknown):
        return Found([], False, parts, reading.aside, reading.unknown)  # a typed name nobody bears
    iso = iso_date(as_of)
    if len(parts) == 1 and parts[0].typo and parts[0].type is not None:
        return _lone_typo(parts[0], reading, gazetteer, iso, province)
    if len(parts) < 2:
        return None  # a bare name: its rivals are ranked by the full resolver
    matches = _explained(parts, gazetteer)  # the common case: the parts name the units outright
    loose = False
    if not matches:
        parts, matches, loose = _matches(parts, gazetteer)
    if province is not None:
        matches = [u for u in matches if gazetteer.province_of(u).id == province.id]
    if not matches:
        typos = [p for p in parts if p.typo]
        if typos and province is None:  # close to names, but none under these parents
            missing = tuple((p.type, p.name) for p in typos)
            return Found([], False, tuple(p for p in parts if not p.typo), reading.aside, missing)
        return None
    if len(matches) == 1:  # the common case
        valid = matches if matches[0].valid_on(iso) else []
    else:
        valid = [u for u in matches if u.valid_on(iso)]
    if not valid and len(matches) > 1:
        return None  # several units of other dates: the full resolver weighs their years
    units = valid or matches
    if len(units) > 1 and not text.isascii():  # typed with diacritics: they choose
        units = [u for u in units if same_diacritics(u, parts, gazetteer)] or units
    if len(units) > 1:
        units = _district_over_its_seat(units, parts)
        if len(units) > 1 and len({u.level for u in units}) > 1:
            return None  # a district and a commune of one name: the full resolver ranks the levels
    return Found(units, bool(valid), parts, reading.aside, reading.unknown, loose)


def _matches(parts: tuple[Part, ...], gazetteer: Gazetteer) -> tuple[tuple[Part, ...], list[Unit], bool]:
    """When the parts name no unit outright: the units they name with a parent's type word read
    loosely, else with the most precise typed name read as a typo of a name under those parents."""
    matches = _explained(parts, gazetteer, loose=True)
    if matches:
        return parts, matches, True
    typed = [p for p in parts if p.type is not None and not p.typo and p.type in _RANKS]
    if typed:
        target = min(typed, key=lambda p: _RANKS[p.type or ""])
        if _no_reading_helps(parts, target, gazetteer):
            return parts, [], False
        near = near_keys(target.keys[0], gazetteer, edits=2)  # every reading: "Tam Xuân" is I or II
        if near:
            retried = tuple(
                _part(p.type, near, p.name, gazetteer, typo=True) if p is target else p for p in parts
            )
            matches = _explained(retried, gazetteer)
            if matches:
                return retried, matches, False
    return parts, [], False


def _no_reading_helps(parts: tuple[Part, ...], target: Part, gazetteer: Gazetteer) -> bool:
    """Can no reading of ``target`` as a typo make three parts name a unit? So when it cannot name
    the unit sought (a part typed below it is written) and the two other parts name none without
    it ("Xã Bát Tần, Huyện Thạch Hà, Tỉnh Hà Tĩnh": no unit near "Bát Tần" lies in Hà Tĩnh), since
    a unit explained by both other parts is explained by the one that is not ``target``. A name
    that names nothing is then not searched for close names twice over."""
    if len(parts) != 3:
        return False
    at = next(i for i, p in enumerate(parts) if p is target)
    if at in _targets(tuple(map(_TYPE_OF, parts))):
        return False
    return not _explained(tuple(p for p in parts if p is not target), gazetteer)


def _lone_typo(
    part: Part, reading: Segment, gazetteer: Gazetteer, iso: str, province: Unit | None
) -> Found | None:
    """One typed name written with a typo ("Xã Minh Chun"): its unit when only one of that type is valid."""
    units = [
        unit
        for unit_id in _units_of(part, gazetteer)
        if (unit := gazetteer.units[unit_id]).valid_on(iso)
        and (province is None or gazetteer.province_of(unit).id == province.id)
    ]
    if len(units) != 1:
        return None
    return Found(units, True, (part,), reading.aside, reading.unknown)


def _district_over_its_seat(units: list[Unit], parts: tuple[Part, ...]) -> list[Unit]:
    """A bare name that is a district and the town of the same name inside it ("Diễn Châu, Nghệ
    An"): the district. A writer naming the town gives its type word or its district."""
    if len(units) != 2:
        return units
    district = next((u for u in units if u.level == "district"), None)
    commune = next((u for u in units if u.level == "commune"), None)
    if district is None or commune is None or commune.parent_id != district.id:
        return units
    own = key(district.name)
    if any(p.type is None and own in p.keys for p in parts):
        return [district]
    return units


def same_diacritics(unit: Unit, parts: tuple[Part, ...], gazetteer: Gazetteer) -> bool:
    """Is the unit's name written in the text with its own diacritics (or with a typo)?

    For text typed with diacritics: a name written without any there (``Ia Bang``) has them.
    """
    name = unit.name
    for part in parts:  # the common case: the name written as the unit's
        if part.name == name:
            return True
    lower = name.lower()
    for part in parts:  # the next: in another case
        if part.name.lower() == lower:
            return True
    own_key = gazetteer.name_keys[unit.name][0]
    for part in parts:  # the next most common: its name written with a typo
        if part.typo and own_key in part.keys:
            return True
    names = gazetteer.unit_keys.get(unit.id)
    if names is None:
        known = gazetteer.name_keys
        names = gazetteer.unit_keys[unit.id] = [
            known[n] if n in known else (key(n), tone_key(n)) for _, n in unit_names(unit)
        ]
    keys = {k for k, _ in names}
    own = [p for p in parts if not keys.isdisjoint(p.keys)]
    if not own or any(p.typo for p in own):
        return True
    return any(tone == tone_key(p.name) for p in own for _, tone in names)


def suggestions(
    target: str, parts: tuple[Part, ...], gazetteer: Gazetteer, as_of: dt.date, limit: int = 5
) -> list[Unit]:
    """Units close to a name nobody bears, inside the most precise parent the text names, if any.

    Names within about two edits, from the deletion index: a few dictionary reads, never a scan of
    every name in the country.
    """
    iso = iso_date(as_of)
    written = key(split_type(target)[1])
    parents = [
        unit
        for part in parts
        for unit_id in _units_of(part, gazetteer)
        if (unit := gazetteer.units[unit_id]).level != "commune" and unit.valid_on(iso)
    ]
    close = close_keys(written, gazetteer, edits=2)
    districts = [p for p in parents if p.level == "district"]
    known = gazetteer.name_keys
    if districts:
        children, under = gazetteer.children, gazetteer.under
        pool = []
        for p in districts:  # its children named close to the text, in their order
            near = {unit_id for k in close for unit_id in under.get((p.id, k), ())}
            if near:
                pool += [
                    u
                    for u in children.get(p.id, ())
                    if u.id in near and known[u.name][0] in close and u.valid_on(iso)
                ]
    else:
        pool = [u for k in sorted(close) for u in gazetteer.by_key.get(k, ()) if u.valid_on(iso)]
        provinces = {p.id for p in parents}
        if provinces:
            pool = [u for u in pool if gazetteer.province_of(u).id in provinces]
        pool = [u for u in pool if known[u.name][0] in close]
    return pool[:limit]
