"""Resolve Vietnamese place text to administrative units, using the admin chain, context and date.

``resolve("xã Xuân Mai, huyện Văn Quan", gazetteer, as_of=2017-06-01)`` reads the chain written in
the text (type words and parents in any order, with commas, parentheses or none, diacritics
optional), finds every unit whose name matches a part, keeps those whose ancestors explain the
other parts, and ranks them by: valid on ``as_of`` (other vintages only as an explicit fallback),
type word, context (province, district, units already resolved in the document) and diacritics.
It never picks across provinces silently and says why it kept or dropped each candidate.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from geo import _addresses
from geo._answers import CONFIDENCE, Candidate, Result, reading_kind
from geo._text import TYPE_LEVELS, TYPE_WORDS, fold, iso_date, key, nfc, tone_key
from geo._vocabulary import BELOW_COMMUNE_WORDS
from geo.gazetteer import Gazetteer, Unit, final_i_key, same_name

_TOKEN = re.compile(r"[^\W\d_]+\.(?=\s*\w)|\d+|[^\W_]+|[,;()\[\]–—/]|(?<=\s)-(?=\s)", re.UNICODE)
_BOUNDARY = {",", ";", "(", ")", "[", "]", "–", "—", "-", "/"}
_NUMBERED = re.compile(r"^(p|q)(\d+)$")
_MAX_NAME_WORDS = 5
MAX_TEXT = 500  # characters: a longer text is not one place (an article, a list) and is not read
# Words that join parts of an address without naming anything ("xã A thuộc huyện B").
_FILLER = {"thuoc", "tai", "o", "dia", "ban", "cua", "va", "tren"}
# Words that open a place below the commune — a village, a street, a house number ("thôn Nà Nọi",
# "số 5 đường Trần Phú") — which the units do not hold: such a part is read and set aside.
# Without diacritics they are also syllables of names: they count only in text typed without any.
_BELOW_COMMUNE = BELOW_COMMUNE_WORDS
_BELOW_COMMUNE_ASCII = {fold(word) for word in _BELOW_COMMUNE}
# Words that join the places of a list ("xã A và xã B"): no unknown name runs across them.
_AND = {"và", "với", "cùng"}
# The country and postal codes (5 or 6 digits) close many addresses and name no unit: read as
# separators, so that "…, Thành phố Hồ Chí Minh 700000, Việt Nam" keeps its last part.
_COUNTRY = (("viet", "nam"), ("vietnam",))
_COUNTRY_START = {words[0] for words in _COUNTRY}
_POSTAL_CODE = re.compile(r"\d{5,6}")


def _type_spellings() -> dict[tuple[str, ...], tuple[str, bool]]:
    """Token sequences of every type spelling → (canonical type, spelled without diacritics)."""
    table: dict[tuple[str, ...], tuple[str, bool]] = {}
    for canonical, spellings in TYPE_WORDS.items():
        for spelling in spellings:
            tokens = tuple(t.lower() for t in _TOKEN.findall(spelling + " x") if t not in _BOUNDARY)[:-1]
            # Full words without diacritics ("xa", "huyen", "quan") are also syllables of names:
            # they count as type words only in text typed without diacritics.
            ascii_word = (
                fold(spelling) == spelling and "." not in spelling and len(spelling.replace(" ", "")) > 2
            )
            table.setdefault(tokens, (canonical, ascii_word))
    return table


_TYPE_SPELLINGS = _type_spellings()
_MAX_TYPE_TOKENS = max(len(k) for k in _TYPE_SPELLINGS)


@dataclass(frozen=True)
class Part:
    """One piece of the admin chain written in the text: ``xã`` + ``Xuân Mai``."""

    type: str | None
    name: str
    matched: bool
    # Set aside, not looked up: "below_commune" (a village, a street) or "unread" (words that fit
    # no reading of the text).
    ignored: str | None = None

    @property
    def levels(self) -> tuple[str, ...]:
        return (
            TYPE_LEVELS.get(self.type, ("province", "district", "commune"))
            if self.type
            else ("province", "district", "commune")
        )

    def __str__(self) -> str:
        return f"{self.type} {self.name}" if self.type else self.name


@dataclass
class Context:
    """What the surrounding document tells: its province, a district, units already resolved."""

    province: Unit | None = None
    district: Unit | None = None
    units: list[Unit] = field(default_factory=list)


_NO_CONTEXT = Context()  # read only: resolve never changes a context


# ------------------------------------------------------------------------------------------- parse


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(nfc(text))


Cost = tuple[int, int, int, int]  # words skipped, unknown names, parts, parts without a type word
_NO_READING: Cost = (10**9, 0, 0, 0)


def parse_chain(text: str, names: dict[str, Any]) -> list[Part]:
    """Split place text into its typed parts, the way the gazetteer's names allow.

    Dynamic programming over the tokens: each part is an optional type word and a name of up
    to five words; a name is *matched* when the gazetteer knows it. The best cover skips the
    fewest words, then has the fewest unknown names, then the fewest parts (``_Chain``).
    """
    return _Chain(text, names).read()


class _Chain:
    """The best reading of the first i tokens of a text, for every i (lower cost is better, so
    "Phường 2" is read as phường + "2" rather than as a name "Phường 2")."""

    def __init__(self, text: str, names: dict[str, Any]) -> None:
        self.tokens = _tokens(text)
        self.names = names
        self.has_diacritics = fold(text) != " ".join(re.sub(r"[^\w]+", " ", nfc(text).lower()).split())
        self.below_words = _BELOW_COMMUNE if self.has_diacritics else _BELOW_COMMUNE | _BELOW_COMMUNE_ASCII
        self.folded = [fold(t) for t in self.tokens]
        self.n = len(self.tokens)
        self.best: list[tuple[Cost, list[Part]]] = [(_NO_READING, [])] * (self.n + 1)
        self.best[0] = ((0, 0, 0, 0), [])

    def read(self) -> list[Part]:
        for i in range(self.n):
            cost, parts = self.best[i]
            if cost == _NO_READING:
                continue
            if self._separator(i, cost, parts):
                continue
            self._skip(i, cost, parts)
            self._below(i, cost, parts)
            for length, unit_type in [(0, None), *self.type_at(i)]:
                if length == 0 and unit_type is not None:
                    self._numbered(i, unit_type, cost, parts)
                else:
                    self._names(i + length, unit_type, cost, parts)
        return _merge_unread(self.best[self.n][1])

    def offer(self, j: int, cost: Cost, parts: list[Part]) -> None:
        if cost < self.best[j][0]:
            self.best[j] = (cost, parts)

    def type_at(self, i: int) -> list[tuple[int, str]]:
        """(tokens taken, type) for every type word starting at token i ("P1": 0 tokens)."""
        out = []
        match = _NUMBERED.match(self.tokens[i].lower())
        if match:
            out.append((0, "quận" if match.group(1) == "q" else "phường"))
        for length in range(1, _MAX_TYPE_TOKENS + 1):
            seq = tuple(t.lower() for t in self.tokens[i : i + length])
            spelled = _TYPE_SPELLINGS.get(seq)
            if spelled and (not spelled[1] or not self.has_diacritics):
                out.append((length, spelled[0]))
        return out

    def _separator(self, i: int, cost: Cost, parts: list[Part]) -> bool:
        """A separator or a postal code passes for free; so does the country ("Việt Nam")."""
        tok = self.tokens[i]
        if tok in _BOUNDARY or _POSTAL_CODE.fullmatch(tok):
            self.offer(i + 1, cost, parts)
            return True
        if self.folded[i] in _COUNTRY_START:
            for words in _COUNTRY:
                if tuple(self.folded[i : i + len(words)]) == words:
                    self.offer(i + len(words), cost, parts)
        return False

    def _skip(self, i: int, cost: Cost, parts: list[Part]) -> None:
        """Skip a word: fillers cost less than unknown words, which are reported. Parts set aside
        are only made when they make a better reading: most readings lose."""
        if self.folded[i] in _FILLER:
            self.offer(i + 1, (cost[0] + 1, cost[1], cost[2], cost[3]), parts)
            return
        skipped = (cost[0] + 3, cost[1], cost[2], cost[3])
        if skipped < self.best[i + 1][0]:
            self.best[i + 1] = (skipped, [*parts, Part(None, self.tokens[i], False, "unread")])

    def _below(self, i: int, cost: Cost, parts: list[Part]) -> None:
        """A place below the commune: its word and what follows, up to a separator or a type word,
        set aside at the price of one filler."""
        if self.tokens[i].lower() not in self.below_words:
            return
        below = (cost[0] + 1, cost[1], cost[2], cost[3])
        for last in range(i + 1, self.n):  # the word and at least its name or number
            if self.tokens[last] in _BOUNDARY or self.type_at(last):
                break
            if below < self.best[last + 1][0]:
                part = Part(None, " ".join(self.tokens[i : last + 1]), False, "below_commune")
                self.best[last + 1] = (below, [*parts, part])

    def _numbered(self, i: int, unit_type: str, cost: Cost, parts: list[Part]) -> None:
        """ "P1", "Q3": the number is in the token."""
        match = _NUMBERED.match(self.tokens[i].lower())
        number = (match.group(2).lstrip("0") if match else "") or "0"
        part = Part(unit_type, number, number in self.names)
        self.offer(i + 1, (cost[0], cost[1], cost[2] + 1, cost[3]), [*parts, part])

    def _names(self, first: int, unit_type: str | None, cost: Cost, parts: list[Part]) -> None:
        """Every known name of up to five words from token ``first`` (after an optional type word),
        and, after a type word, the longest run of words that may be an unknown name."""
        if first >= self.n:
            return
        tokens = self.tokens
        unknown_end, known_only = first, False
        for last in range(first, min(self.n, first + _MAX_NAME_WORDS + 1)):
            if tokens[last] == "-" and last > first:
                known_only = True  # "Phan Rang - Tháp Chàm": only as part of a known name
                continue
            if tokens[last] in _BOUNDARY:
                break
            if last > first and unit_type is not None and self.has_diacritics and self.type_at(last):
                known_only = True  # the next part's type word, or inside a name ("xã Tứ Xã")
            if last > first and tokens[last].lower() in _AND:
                known_only = True  # "xã A và xã B": a list, unless a known name goes on
            if not known_only:
                unknown_end = last + 1
            name = " ".join(tokens[first : last + 1])
            if key(name) in self.names:
                untyped = cost[3] + (unit_type is None)
                self.offer(
                    last + 1, (cost[0], cost[1], cost[2] + 1, untyped), [*parts, Part(unit_type, name, True)]
                )
        if unit_type is not None and unknown_end > first:
            name = " ".join(tokens[first:unknown_end])
            if key(name) not in self.names:
                self.offer(
                    unknown_end,
                    (cost[0], cost[1] + 1, cost[2] + 1, cost[3]),
                    [*parts, Part(unit_type, name, False)],
                )


def _read_parts(text: str, gazetteer: Gazetteer) -> list[Part]:
    """The parts of a text: the fast path's reading when it read every word as a known name or a
    place set aside (one reading for both paths, and no second parse), else ``parse_chain``."""
    reading = _addresses.read(text, gazetteer)
    if reading.unknown or not reading.parts or any(p.typo for p in reading.parts):
        return parse_chain(text, gazetteer.by_key)
    return [
        *(Part(p.type, p.name, True) for p in reading.parts),
        *(Part(None, aside, False, "below_commune") for aside in reading.aside),
    ]


def _merge_unread(parts: list[Part]) -> list[Part]:
    """Words skipped one after another, as one part: "XãkSơn Thủy", not "XãkSơn" and "Thủy"."""
    out: list[Part] = []
    for part in parts:
        if part.ignored == "unread" and out and out[-1].ignored == "unread":
            out[-1] = Part(None, f"{out[-1].name} {part.name}", False, "unread")
        else:
            out.append(part)
    return out


# ----------------------------------------------------------------------------------------- resolve


def _type_ok(part: Part, unit: Unit) -> bool:
    if part.type is None:
        return True
    if part.type == "thành phố":
        return unit.type == "thành phố"
    return unit.type == part.type


def _explains(part: Part, unit: Unit) -> bool:
    if unit.level not in part.levels:
        return False
    if same_name(part.name, unit.name) and _type_ok(part, unit):
        return True
    # An older name or type of the unit ("tỉnh Thừa Thiên Huế", "huyện Quế Võ").
    for alias in unit.aliases:
        alias_type, alias_name = alias.split("|", 1)
        if same_name(part.name, alias_name) and (part.type is None or part.type == alias_type):
            return True
    return False


def _years_apart(unit: Unit, day: dt.date) -> float:
    iso = day.isoformat()
    if unit.valid_to is not None and unit.valid_to < iso:
        return (day - dt.date.fromisoformat(unit.valid_to)).days / 365.25
    if unit.valid_from is not None and iso < unit.valid_from:
        return (dt.date.fromisoformat(unit.valid_from) - day).days / 365.25
    return 0.0


def resolve(
    text: str,
    gazetteer: Gazetteer,
    as_of: dt.date,
    context: Context | None = None,
    *,
    suggest: bool = True,
) -> Result:
    """Resolve one place text (see the module docstring). Pure: no I/O.

    ``suggest=False`` skips the search for close names of a text that names nothing known.
    """
    context = context or _NO_CONTEXT
    if len(text) > MAX_TEXT:
        message = (
            f"No unit found for a text of {len(text):,} characters on {as_of.isoformat()}: a place is "
            f"written in fewer than {MAX_TEXT}; give one place per line."
        )
        return Result(text, as_of, "not_found", 0.0, None, [], [], [], message)
    if not context.units and context.district is None:
        found = _addresses.find(text, gazetteer, as_of, context.province)
        if found is not None:
            return _fast_answer(text, as_of, found, gazetteer, suggest=suggest)
    parts = _read_parts(text, gazetteer)
    set_aside = [p for p in parts if p.ignored]
    parts = [p for p in parts if not p.ignored]
    matched = [p for p in parts if p.matched]
    unknown = [p for p in parts if not p.matched]
    if not parts:
        below = [p.name for p in set_aside if p.ignored == "below_commune"]
        unread = [p for p in set_aside if p.ignored == "unread"]  # the closest names to these are suggested
        if unread:
            why = f"no unit named {'; '.join(p.name for p in unread)}"
        elif below:
            why = f"only a place below the commune ({'; '.join(below)})"
        else:
            why = "no place name in the text"
        return _not_found(text, as_of, gazetteer, unread, context, why, suggest=suggest)
    if unknown:
        return _not_found(
            text, as_of, gazetteer, parts, context, f"no unit named {unknown[0]}", suggest=suggest
        )

    candidates: list[Candidate] = []
    seen: set[str] = set()
    for target in matched:
        named = gazetteer.by_key.get(key(target.name), [])
        if not any(u.valid_at(as_of) for u in named if u.level in target.levels):
            # "Mỹ Quí" in 2020 is the Mỹ Quý of that date (the 2025 unit is spelt Quí)
            named = [*named, *(u for u in gazetteer.spelled_alike(target.name) if u.valid_at(as_of))]
        for unit in named:
            if unit.id in seen or unit.level not in target.levels:
                continue
            seen.add(unit.id)
            candidates.append(_score(unit, target, parts, gazetteer, as_of, context, text))
    if not candidates:
        return _not_found(
            text,
            as_of,
            gazetteer,
            parts,
            context,
            f"no unit of that type named {matched[0]}",
            suggest=suggest,
        )
    candidates.sort(key=lambda c: (-c.kept, -c.score, c.unit.id))
    kept = [c for c in candidates if c.kept]
    if not kept:
        listed = _listed_places(matched, gazetteer, as_of)
        if listed:  # "các xã Xuân Mai, Tràng Các": each part is the other's sibling, not its parent
            paths = [gazetteer.path(u) for u in listed]
            message = f"{text!r} names several places: {'; '.join(paths)}. Give one place at a time."
            return Result(text, as_of, "not_found", 0.0, None, candidates, ["several_places"], paths, message)
        why = candidates[0].reason
        return _not_found(text, as_of, gazetteer, parts, context, why, candidates, suggest=suggest)
    return _decide(text, as_of, kept, candidates, gazetteer, context, set_aside)


def _fast_answer(
    text: str, as_of: dt.date, found: _addresses.Found, gazetteer: Gazetteer, *, suggest: bool
) -> Result:
    """The answer of the fast path (``geo._addresses``), worded and flagged as the full resolver's."""
    units = found.units
    if not units:
        return _fast_not_found(text, as_of, found, gazetteer, suggest=suggest)
    if (
        len(units) == 1
        and found.valid
        and not found.loose
        and not found.aside
        and not found.unknown
        and not any(p.typo for p in found.parts)
    ):  # the common case: one unit, named outright
        unit = units[0]
        candidates = [Candidate(unit, 10.0, True, _OUTRIGHT)]
        if text.isascii() or _addresses.same_diacritics(unit, found.parts, gazetteer):
            return Result(text, as_of, "resolved", _CHAIN, unit, candidates, [], [], gazetteer.path(unit))
    return _fast_flagged(text, as_of, found, gazetteer)


_OUTRIGHT = "the only unit with this name and these parents on that date"
_CHAIN = CONFIDENCE["chain"]


def _fast_not_found(
    text: str, as_of: dt.date, found: _addresses.Found, gazetteer: Gazetteer, *, suggest: bool
) -> Result:
    """A typed name that no unit bears, with the closest names when asked for."""
    unit_type, name = next((u for u in found.unknown if u[0] is not None), found.unknown[0])
    close = _addresses.suggestions(name, found.parts, gazetteer, as_of) if suggest else []
    paths = [gazetteer.path(u) for u in close]
    hint = f" Did you mean: {'; '.join(paths)}?" if paths else ""
    written = f"{unit_type} {name}" if unit_type else name
    message = f"No unit found for {text!r} on {iso_date(as_of)}: no unit named {written}.{hint}"
    return Result(text, as_of, "not_found", 0.0, None, [], [], paths, message)


def _fast_flagged(text: str, as_of: dt.date, found: _addresses.Found, gazetteer: Gazetteer) -> Result:
    """The fast path's answer when it carries a doubt or names several units."""
    day = iso_date(as_of)
    flags: list[str] = []
    notes: list[str] = []
    reason = _OUTRIGHT
    if not found.valid:
        flags.append("other_vintage")
    if found.loose:
        flags.append("type_differs")
        notes.append(" (a parent written with another type word)")
    if found.aside:
        flags.append("below_commune")
        notes.append(f" (holds {'; '.join(found.aside)}, below the commune level)")
    typos = [p for p in found.parts if p.typo]
    if typos:
        flags.append("typo")
        read_as = "; ".join(f"{p.name} as {_typo_reading(p, found.units[0], gazetteer)}" for p in typos)
        notes.append(f" (read {read_as})")
    if found.unknown:
        flags.append("words_ignored")
        notes.append(f" (not understood, left out: {'; '.join(n for _, n in found.unknown)})")
    if len(found.units) > 1:
        tied = "; ".join(gazetteer.path(u) for u in found.units)
        message = (
            f"{text!r} matches {len(found.units)} units equally well: {tied}. "
            "Add the district or province to choose."
        )
        candidates = [Candidate(u, 10.0, True, "name, type and parents match — tied") for u in found.units]
        return Result(text, as_of, "ambiguous", 0.5 / len(found.units), None, candidates, flags, [], message)
    unit = found.units[0]
    message = gazetteer.path(unit)
    if not found.valid:
        message += f" (not valid on {day}: valid {unit.period()})"
        reason = f"not valid on {day} (valid {unit.period()}); {reason}"
    if not text.isascii() and not _addresses.same_diacritics(unit, found.parts, gazetteer):
        flags.append("diacritics_differ")
        notes.append(" (written with other diacritics)")
    if notes:
        message += "".join(notes)
    candidates = [Candidate(unit, 10.0, True, reason)]
    confidence = CONFIDENCE[reading_kind(flags, candidates) if flags else "chain"]  # one candidate kept
    return Result(text, as_of, "resolved", confidence, unit, candidates, flags, [], message)


def _typo_reading(part: _addresses.Part, unit: Unit, gazetteer: Gazetteer) -> str:
    """The name a part written with a typo was read as: the unit's or a parent's."""
    for u in (unit, *gazetteer.parents(unit)):
        if key(u.name) in part.keys:
            return u.name
    return part.name


def _part_fit(
    part: Part, is_target: bool, unit: Unit, chain: list[Unit], gazetteer: Gazetteer
) -> tuple[float, str] | None:
    """How one written part fits a candidate: (score, note), or None when it names neither the
    unit nor one of its ancestors."""
    if any(_explains(part, u) for u in chain):
        return 1.0, ""
    if is_target and key(part.name) == key(unit.name) and not _type_ok(part, unit):
        # as strong as a province mismatch: the text says another kind of unit
        return -4.0, f"is a {unit.type}, not a {part.type}"
    if is_target and final_i_key(part.name) == final_i_key(unit.name) and _type_ok(part, unit):
        return 0.5, f"{part.name} written for {unit.name}"  # "Mỹ Quí" for Mỹ Quý: the other final i/y
    if _former_parent(part, unit, gazetteer):
        return 0.5, f"{part} was abolished; it was in it"
    parent = _same_name_other_type(part, chain[1:])
    if parent is not None:  # "xã A, huyện B" where B is a thị xã or a quận now
        return 0.5, f"{part.name} is a {parent.type}, not a {part.type}"
    return None


def _score(
    unit: Unit,
    target: Part,
    parts: list[Part],
    gazetteer: Gazetteer,
    as_of: dt.date,
    context: Context,
    text: str,
) -> Candidate:
    chain = [unit, *gazetteer.parents(unit)]
    notes: list[str] = []
    score = 0.0
    # Every part must be the unit itself or one of its ancestors.
    for part in parts:
        fit = _part_fit(part, part is target, unit, chain, gazetteer)
        if fit is None:
            return Candidate(unit, score - 10, False, f"not in {part}")
        score += fit[0]
        if fit[1]:
            notes.append(fit[1])
    if not unit.valid_at(as_of):
        years = _years_apart(unit, as_of)
        score -= 2.0 + min(years, 20) * 0.1
        notes.append(f"not valid on {as_of.isoformat()} (valid {unit.period()})")
    if context.province is not None:
        if gazetteer.province_of(unit).id == context.province.id or unit.province == context.province.name:
            score += 1.0
        else:
            score -= 4.0
            notes.append(f"outside the document's province ({context.province.name})")
    if context.district is not None and (
        unit.parent_id == context.district.id or unit.id == context.district.id
    ):
        score += 0.5
    for other in context.units:
        if other.id == unit.id:
            score += 1.0
        elif other.level == "district" and unit.parent_id == other.id:
            score += 0.5
    if len(parts) == 1 and unit.level == "province":
        score += 0.6  # a bare "Lạng Sơn" names the province before the city
    # Typed with diacritics, but not those of the unit's name (nor of an older name it matched by).
    names = [unit.name, *(alias.split("|", 1)[1] for alias in unit.aliases)]
    written = [(p.name, n) for p in parts for n in names if key(p.name) == key(n)]
    if fold(text) != text.lower() and written and all(tone_key(a) != tone_key(b) for a, b in written):
        score -= 1.5
        notes.append("diacritics differ")
    reason = "; ".join(notes) if notes else "name, type and parents match"
    return Candidate(unit, score, True, reason)


def _listed_places(matched: list[Part], gazetteer: Gazetteer, as_of: dt.date) -> list[Unit]:
    """The units of a list of places: units valid on the date, named by different parts, that
    share a parent (and a level), one per part; [] when the parts do not read as such a list."""
    named = [
        [u for u in gazetteer.by_key.get(key(p.name), ()) if u.level in p.levels and u.valid_at(as_of)]
        for p in matched
    ]
    by_parent: dict[tuple[str | None, str], dict[int, Unit]] = {}
    for i, units in enumerate(named):
        for unit in units:
            by_parent.setdefault((unit.parent_id, unit.level), {}).setdefault(i, unit)
    groups = []
    for (parent_id, _), group in by_parent.items():
        # A part that can name the parent itself is the parent ("…, Tràng Các (Văn Quan)").
        members = {i: u for i, u in group.items() if all(v.id != parent_id for v in named[i])}
        if len({u.id for u in members.values()}) >= 2:
            groups.append(members)
    if len(groups) != 1:
        return []  # none, or several families that would do: not sure enough to say
    return [unit for _, unit in sorted(groups[0].items())]


def _same_name_other_type(part: Part, parents: list[Unit]) -> Unit | None:
    """The parent of the part's name and level that bears another type word of that level."""
    if part.type is None:
        return None
    for parent in parents:
        if parent.level in part.levels and same_name(part.name, parent.name):
            return parent
    return None


def _former_parent(part: Part, unit: Unit, gazetteer: Gazetteer) -> bool:
    """For a 2025 unit: does an abolished district of that name contain one of its predecessors?"""
    if unit.vintage != "2025" or "district" not in part.levels:
        return False
    for before_id in gazetteer.predecessors.get(unit.id, ()):
        before = gazetteer.units[before_id]
        if before.district and key(before.district) == key(part.name):
            return True
    return False


def _decide(
    text: str,
    as_of: dt.date,
    kept: list[Candidate],
    candidates: list[Candidate],
    gazetteer: Gazetteer,
    context: Context,
    set_aside: list[Part],
) -> Result:
    best = kept[0]
    rivals = [c for c in kept[1:] if best.score - c.score < 0.5]
    flags = []
    below = [p.name for p in set_aside if p.ignored == "below_commune"]
    unread = [p.name for p in set_aside if p.ignored == "unread"]
    if below:
        flags.append("below_commune")  # "thôn Nà Nọi, xã Sơn Thủy": the unit holds the place named
    if unread:
        flags.append("words_ignored")  # words that fit no reading: the answer may miss what they meant
    if not best.unit.valid_at(as_of):
        flags.append("other_vintage")
    if "not a" in best.reason:
        flags.append("type_differs")
    if "diacritics differ" in best.reason:
        flags.append("diacritics_differ")  # "xã Tứ" for Xã Tư: perhaps a typo, perhaps another place
    if (
        context.province is not None
        and gazetteer.province_of(best.unit).id != context.province.id
        and best.unit.province != context.province.name
    ):
        flags.append("outside_context_province")
    if rivals:
        names = "; ".join(gazetteer.path(c.unit) for c in [best, *rivals])
        for c in [best, *rivals]:
            c.reason += " — tied"
        message = f"{text!r} matches {len(rivals) + 1} units equally well: {names}. Add the district or province to choose."
        return Result(text, as_of, "ambiguous", 0.5 / (len(rivals) + 1), None, candidates, flags, [], message)
    confidence = CONFIDENCE[reading_kind(flags, kept)]
    for c in kept[1:]:
        c.reason = f"ranked lower: {c.reason}"
    message = gazetteer.path(best.unit)
    if "other_vintage" in flags:
        message += f" (not valid on {as_of.isoformat()}: valid {best.unit.period()})"
    if "outside_context_province" in flags and context.province is not None:
        message += f" (outside {context.province.type} {context.province.name})"
    if "diacritics_differ" in flags:
        message += " (written with other diacritics)"
    if below:
        message += f" (holds {'; '.join(below)}, below the commune level)"
    if unread:
        message += f" (not understood, left out: {'; '.join(unread)})"
    return Result(text, as_of, "resolved", confidence, best.unit, candidates, flags, [], message)


def _not_found(
    text: str,
    as_of: dt.date,
    gazetteer: Gazetteer,
    parts: list[Part],
    context: Context,
    why: str,
    candidates: list[Candidate] | None = None,
    *,
    suggest: bool = True,
) -> Result:
    """A ``not_found`` answer with the closest names, inside the named parent first."""
    if not suggest:
        message = f"No unit found for {text!r} on {as_of.isoformat()}: {why}."
        return Result(text, as_of, "not_found", 0.0, None, candidates or [], [], [], message)
    target = next((p for p in parts if not p.matched), parts[0] if parts else None)
    suggestions: list[str] = []
    if target is not None:
        # Close names inside the parents written (or the document's province), from the name-key
        # index: never a scan of every name in the country.
        parents = [
            _addresses.Part(p.type, (key(p.name),), p.name) for p in parts if p.matched and p is not target
        ]
        if not parents and context.province is not None:
            parents = [_addresses.Part("tỉnh", (key(context.province.name),), context.province.name)]
        close = _addresses.suggestions(target.name, tuple(parents), gazetteer, as_of)
        suggestions = list(dict.fromkeys(gazetteer.path(u) for u in close))
    hint = f" Did you mean: {'; '.join(suggestions)}?" if suggestions else ""
    message = f"No unit found for {text!r} on {as_of.isoformat()}: {why}.{hint}"
    return Result(text, as_of, "not_found", 0.0, None, candidates or [], [], suggestions, message)
