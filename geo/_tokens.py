"""The one tokeniser of Vietnamese text: the reader's places, its figures and the geocoder's
addresses are cut into the same tokens.

Every character of the text belongs to exactly one token, so a token's offsets are the text's own:

* ``num``: digits with their group and decimal separators, read later the Vietnamese way
  (``1.445``, ``2,5``, ``02``);
* ``abbr``: a type word's abbreviation with its dot (``TP.``, ``TX.``, ``TT.``; ``H.``, ``Q.``,
  ``P.``, ``X.`` before a name or a number: ``H.Cần Giờ``, ``Q.3``);
* ``word``: letters with their accents (precomposed or combining), joined by an inner apostrophe
  or hyphen (``R'Lấp``, ``Ea-Kar``); a word glued to the next at a capital is two (``xãSen``,
  ``YênBái``: a line end lost when a page was copied), as Vietnamese words have no inner capital;
* ``space``: a run of white space (``soft`` when it holds no line break);
* ``punct``: any other single character.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"
ABBREVIATION = r"(?:TP|Tp|tp|TX|tx|TT|tt)\.|(?:H|Q|P|X)\.(?=\s?[A-ZĐÀ-Ỹ0-9])"
_SCAN = re.compile(
    rf"(?P<abbr>{ABBREVIATION})"
    r"|(?P<num>[0-9]+(?:[.,][0-9]+)*)"
    rf"|(?P<word>{_LETTER}+(?:['’-]{_LETTER}+)*)"
    r"|(?P<space>\s+)"
    r"|(?P<punct>.)",
    re.DOTALL,
)
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")

# The geocoder's scanners: a place text is read many thousand times a second, as plain strings
# rather than ``Tok`` objects. Both keep a type word's abbreviation with its dot (``TP.``, ``X.``)
# as the reader does, and split at anything that is neither a letter nor a digit.
# ``ADDRESS_WORD``: the words of an address segment (``X.Tân`` → ``X.``, ``Tân``; ``P1`` one word).
ADDRESS_WORD = re.compile(r"[^\W_]+\.?", re.UNICODE)
# ``CHAIN_TOKEN``: the full resolver's tokens: an abbreviation before a word, numbers, words and
# the separators of a chain (a dash only between spaces: "Phan Rang - Tháp Chàm").
CHAIN_TOKEN = re.compile(r"[^\W\d_]+\.(?=\s*\w)|\d+|[^\W_]+|[,;()\[\]–—/]|(?<=\s)-(?=\s)", re.UNICODE)


def _letters(test: Callable[[str], bool]) -> str:
    """The Latin letters (Vietnamese ones included) for which ``test`` holds, for a character class."""
    return "".join(c for i in (*range(0x41, 0x250), *range(0x1E00, 0x1F00)) if test(c := chr(i)))


_GLUED = re.compile(f"[{_letters(str.islower)}][{_letters(str.isupper)}]")


class Tok(NamedTuple):
    """One token; ``text == source[start:end]``."""

    kind: str  # "num", "abbr", "word", "space" or "punct"
    start: int
    end: int
    text: str
    low: str  # lower case, NFC, for words and abbreviations; the text otherwise
    soft: bool = False  # for spaces: no line break inside
    upper: bool = False  # for words and abbreviations: starts with a capital
    caps: bool = False  # for words: an acronym of capitals ("ĐVTN", "CBCS")

    @property
    def capitalised(self) -> bool:
        """Starts with a capital, or is a whole number ("Phường 1"): may open a name."""
        return self.upper or (self.kind == "num" and self.text.isdigit())


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    """The tokens of ``text[start:end]`` (cut at white space), with their offsets in ``text``."""
    end = len(text) if end is None else end
    piece = text[start:end]
    composed = unicodedata.is_normalized("NFC", piece)  # news text usually is
    lower = piece.lower() if composed else ""
    if len(lower) != len(piece):  # a letter whose lower case is longer ("İ"), or not NFC: word by word
        lower = ""
    cuts = [m.start() + 1 for m in _GLUED.finditer(text, start, end)]
    toks: list[Tok] = []
    append = toks.append
    new = tuple.__new__  # a token made from its eight fields, without the keyword defaults' call
    s = start
    # The scan's groups cover the text without a gap: each token starts where the one before ended.
    for abbr, num, word, space, punct in _SCAN.findall(piece):
        if word:
            e = s + len(word)
            if cuts and _glued_inside(cuts, s, e):
                toks.extend(_split_glued(text, s, e, cuts, composed))
            else:  # as _word makes it, written out for the commonest token
                upper = word[0].isupper()
                low = lower[s - start : e - start] if lower else _low(word, composed)
                caps = upper and 2 <= len(word) <= 6 and word.isupper()
                append(new(Tok, ("word", s, e, word, low, False, upper, caps)))
        elif space:
            e = s + len(space)
            append(new(Tok, ("space", s, e, space, space, _LINE_BREAKS.isdisjoint(space), False, False)))
        elif num:
            e = s + len(num)
            append(new(Tok, ("num", s, e, num, num, False, False, False)))
        elif abbr:
            e = s + len(abbr)
            append(_word("abbr", s, e, abbr, abbr.lower()))
        else:
            e = s + len(punct)
            append(new(Tok, ("punct", s, e, punct, punct, False, False, False)))
        s = e
    return toks


def _low(word: str, composed: bool) -> str:
    return word.lower() if composed else unicodedata.normalize("NFC", word).lower()


def _word(kind: str, s: int, e: int, word: str, low: str) -> Tok:
    upper = word[0].isupper()
    return tuple.__new__(
        Tok, (kind, s, e, word, low, False, upper, upper and 2 <= len(word) <= 6 and word.isupper())
    )


def _glued_inside(cuts: list[int], start: int, end: int) -> bool:
    k = bisect.bisect_right(cuts, start)
    return k < len(cuts) and cuts[k] < end


def _split_glued(text: str, start: int, end: int, cuts: list[int], composed: bool) -> list[Tok]:
    """A word cut where a small letter meets a capital ("MaiThủy" → "Mai", "Thủy")."""
    inner = [c for c in cuts if start < c < end]
    return [
        _word("word", s, e, text[s:e], _low(text[s:e], composed))
        for s, e in zip([start, *inner], [*inner, end], strict=True)
    ]


def between(toks: list[Tok], starts: list[int], start: int, end: int) -> list[Tok]:
    """The tokens that start in [start, end), from ``starts`` (their start offsets) by bisection."""
    return toks[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
