"""The full resolver's reading of a place text: its typed parts, the way the gazetteer's names allow.

``parse_chain`` covers the tokens of a text with parts (an optional type word and a name of up to
five words), skipped words and places set aside below the commune, and keeps the cheapest cover.
``geo.geocode`` ranks the units these parts can name; the fast path (``geo._addresses``) reads
the same texts first and hands its reading over when it has one (``read_parts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from geo import _addresses
from geo._address_words import NUMBERED as _NUMBERED
from geo._address_words import TYPE_SPELLINGS as _TYPE_SPELLINGS
from geo._text import TYPE_LEVELS, fold, key, nfc
from geo._tokens import CHAIN_SEPARATORS as _BOUNDARY
from geo._tokens import chain_tokens
from geo._vocabulary import BELOW_COMMUNE_WORDS
from geo.gazetteer import Gazetteer

_MAX_NAME_WORDS = 5
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


def _tokens(text: str) -> list[str]:
    return chain_tokens(nfc(text))


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


def read_parts(text: str, gazetteer: Gazetteer) -> list[Part]:
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
    """Words skipped one after another, as one part: "Xãk Sơnn Thủyy", not three parts."""
    out: list[Part] = []
    for part in parts:
        if part.ignored == "unread" and out and out[-1].ignored == "unread":
            out[-1] = Part(None, f"{out[-1].name} {part.name}", False, "unread")
        else:
            out.append(part)
    return out
