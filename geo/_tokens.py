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

Places are read from a view of these tokens (``place_tokens``): no spaces, a hyphenated word in
its parts (``Ea``, ``-``, ``Kar``), a number glued to letters one word (``P1``, ``12A``, ``8km``).
The geocoder reads its addresses many thousand times a second, as plain strings rather than
``Tok`` objects: ``address_words`` gives the words of that view as strings, by one scan made of
the same pieces (``ADDRESS_WORD``, whose agreement with the view the tests check), with one rule
of its own: addresses are typed in any case, so a word's dot before the next word is kept with
it as an abbreviation's (``x.tan``, ``h.Hữu Lũng``), where running text needs a capital
(``H.Cần Giờ``) to tell an abbreviation from a sentence's end. ``chain_tokens`` adds the
separators of an address (``,``, brackets, a dash between spaces).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

# The pieces every scan is made of: what a letter, a number and an abbreviation are.
# A letter, or a combining accent of one: any character of a word but the digits 0-9 (those of
# other scripts too, so that what ``str.isalnum`` holds is letters and 0-9 here).
_LETTER = r"(?:[^\W_0-9]|[\u0300-\u036f])"
_NUMBER = r"[0-9]+(?:[.,][0-9]+)*"  # with its group and decimal separators
ABBREVIATION = r"(?:TP|Tp|tp|TX|tx|TT|tt)\.|(?:H|Q|P|X)\.(?=\s?[A-ZĐÀ-Ỹ0-9])"
_SCAN = re.compile(
    rf"(?P<abbr>{ABBREVIATION})"
    rf"|(?P<num>{_NUMBER})"
    rf"|(?P<word>{_LETTER}+(?:['’-]{_LETTER}+)*)"
    r"|(?P<space>\s+)"
    r"|(?P<punct>.)",
    re.DOTALL,
)
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def _letters(test: Callable[[str], bool]) -> str:
    """The Latin letters (Vietnamese ones included) for which ``test`` holds, for a character class."""
    return "".join(c for i in (*range(0x41, 0x250), *range(0x1E00, 0x1F00)) if test(c := chr(i)))


_SMALL, _CAPITAL = f"[{_letters(str.islower)}]", f"[{_letters(str.isupper)}]"
_GLUED = re.compile(_SMALL + _CAPITAL)


def _address_scan() -> str:
    """The words of ``place_tokens`` as one pattern over the text (see ``address_words``).

    A piece is a word of the scan up to a hyphen or a glued capital (where no abbreviation starts:
    the scan cut no word there); a number glues to the letters after it unless they open an
    abbreviation or a hyphenated word, and once a word holds a digit whatever touches it is glued on."""
    piece = rf"{_LETTER}(?:['’](?={_LETTER})|(?<!{_SMALL}){_LETTER}|(?!{_CAPITAL}){_LETTER})*"
    glued = rf"(?>{piece})(?!-{_LETTER})"
    digit_tail = rf"(?:(?>{_NUMBER})|(?<=[0-9])(?!{ABBREVIATION}){glued}|(?<![0-9]){glued})*"
    dot = rf"(?:(?<={_LETTER})\.(?=\s*(?:{_LETTER}|[0-9])))?"
    abbreviation = rf"(?<!{_LETTER})(?<!{_LETTER}['’-])(?>{ABBREVIATION})"
    return rf"{abbreviation}|(?>{piece})(?:(?>{_NUMBER}){digit_tail})?{dot}|(?>{_NUMBER}){digit_tail}{dot}"


# ``address_words``' scan; ``CHAIN_TOKEN`` adds the separators of a chain (a dash only between
# spaces: "Phan Rang - Tháp Chàm").
ADDRESS_WORD = re.compile(_address_scan())
CHAIN_SEPARATORS = frozenset(",;()[]–—/-")
CHAIN_TOKEN = re.compile(rf"{ADDRESS_WORD.pattern}|[,;()\[\]–—/]|(?<=\s)-(?=\s)")


def address_words(text: str) -> list[str]:
    """The words of an address as strings: those of ``place_tokens``, with an abbreviation's dot
    in any case (see the module docstring). Most texts hold only letters, digits and spaces and
    no capital glued to a small letter (a text in one case, or each word capitalised, has none):
    their split at the spaces gives the same words, without a scan."""
    if text.replace(" ", "").isalnum() and (
        text.istitle() or text.islower() or text.isupper() or not _GLUED.search(text)
    ):
        return text.split()
    return ADDRESS_WORD.findall(text)


def chain_tokens(text: str) -> list[str]:
    """``address_words`` with the separators of an address in their places."""
    return CHAIN_TOKEN.findall(text)


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


def place_tokens(text: str, every: list[Tok] | None = None) -> list[Tok]:
    """The tokens place names are read from: the text's tokens (``every``, when the caller has
    them) without spaces, a hyphenated word in its parts ("Lạng Sơn-Chủ nhật", "Văn hóa-Xã hội"
    join nothing) and a number glued to letters as one token ("cách trung tâm xã 8km": no
    commune numbered 8). ``address_words`` gives the same words as strings."""
    out: list[Tok] = []
    for t in tokenize(text) if every is None else every:
        if t.kind == "space":
            continue
        if t.kind == "word" and "-" in t.text:
            out.extend(_hyphen_parts(t))
        elif out and out[-1].end == t.start and _alnum_glued(out[-1], t):
            glued = text[out[-1].start : t.end]
            out[-1] = Tok("word", out[-1].start, t.end, glued, glued.lower(), False, glued[0].isupper())
        else:
            out.append(t)
    return out


_DIGITS = frozenset("0123456789")  # those of a ``num`` ("²" is read as a letter)


def _alnum_glued(before: Tok, after: Tok) -> bool:
    """Whether two touching tokens are one word with digits ("8km", "QL4B")."""
    kinds = ("num", "word")
    return (
        before.kind in kinds and after.kind in kinds and any(c in _DIGITS for c in before.text + after.text)
    )


def _hyphen_parts(word: Tok) -> list[Tok]:
    parts: list[Tok] = []
    start = word.start
    for k, piece in enumerate(word.text.split("-")):
        if k:
            parts.append(Tok("punct", start, start + 1, "-", "-"))
            start += 1
        parts.append(Tok("word", start, start + len(piece), piece, piece.lower(), False, piece[:1].isupper()))
        start += len(piece)
    return parts


def between(toks: list[Tok], starts: list[int], start: int, end: int) -> list[Tok]:
    """The tokens that start in [start, end), from ``starts`` (their start offsets) by bisection."""
    return toks[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
