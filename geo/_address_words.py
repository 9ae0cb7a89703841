"""The words of an address: type words, the country and postal codes, places below the commune, typos.

What ``geo._addresses`` asks of single words and short runs of them while it reads a segment:
is a type word written here (``type_at``), does the segment open with a village or a street
(``opens_below``), which known name keys are one or two edits from a key nobody bears
(``near_keys``, from the gazetteer's deletion index), can a run of words be a known name at all
(``names_nothing``) or run across a type word (``runs_across``).
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import TYPE_CHECKING

from geo._address_index import TYPO_MIN
from geo._text import TYPE_WORDS, fold, key
from geo._tokens import address_words

if TYPE_CHECKING:
    from collections.abc import Mapping

    from geo.gazetteer import Gazetteer

_POSTAL = re.compile(r"\d{5,6}")
_COUNTRY = {"vietnam", "vn"}  # and "Việt Nam", two words
LAST_WORDS = {*_COUNTRY, "nam"}
# The last letter of each of those words in either case: a word ending otherwise is none of them.
LAST_LETTERS = frozenset(c for word in LAST_WORDS for c in (word[-1], word[-1].upper()))
# Words opening a place below the commune (a village, a street, a house number). Without
# diacritics they are also syllables of names: those count only in text typed without any.
BELOW = {
    "thôn", "xóm", "ấp", "bản", "buôn", "làng", "sóc", "tổ", "khu", "khối", "khóm",
    "số", "đường", "phố", "ngõ", "ngách", "hẻm", "kiệt", "tòa", "toà", "nhà", "lô", "căn",
    "tiểu",  # "tiểu khu 4"
    "đèo", "km",  # a mountain pass, a road's kilometre mark: places, not units
}  # fmt: skip
# Words a writer puts between a type word and its name to say what kind of place it is
# ("huyện miền núi Kỳ Sơn", "huyện biên giới Mường Tè", "huyện đảo Lý Sơn"): read past when the
# words after them are a known name.
_DESCRIPTORS = (("miền", "núi"), ("biên", "giới"), ("vùng", "cao"), ("ven", "biển"), ("đảo",))
_DESCRIPTOR_FIRST = {words[0] for words in _DESCRIPTORS}
BELOW_ASCII = {fold(word) for word in BELOW}
MAX_NAME_WORDS = 5


def _type_table() -> dict[tuple[str, ...], tuple[str, bool]]:
    """Words of each type spelling, as an address is cut (``t.p.`` → ``t.``, ``p.``: a dot kept
    before a name) → (type, spelled without diacritics as a full word: also a syllable of names,
    a type word only in text typed without any). The fast path and the full resolver read type
    words with this one table."""
    table: dict[tuple[str, ...], tuple[str, bool]] = {}
    for canonical, spellings in TYPE_WORDS.items():
        for spelling in spellings:
            words = tuple(address_words(f"{spelling} x")[:-1])
            ascii_word = spelling.isascii() and "." not in spelling and len(spelling.replace(" ", "")) > 2
            table.setdefault(words, (canonical, ascii_word))
    return table


TYPE_SPELLINGS = _type_table()
TYPE_FIRST = frozenset(words[0] for words in TYPE_SPELLINGS)  # the first word of every type spelling
_TWO_WORD_FIRST = frozenset(words[0] for words in TYPE_SPELLINGS if len(words) == 2)
# A ward or district written with its number ("p5", "q3"; "p.5" where words are cut at spaces).
NUMBERED = re.compile(r"^(p|q)\.?(\d+)$")


_NUMBER_START = frozenset("0123456789.")  # what follows the p or q of "p5", "q.3"
_PQ = frozenset("pq")


def may_type(word: str) -> bool:
    """Can a type word start at this (lower-case) word? Most words are ruled out by two look-ups."""
    return word in TYPE_FIRST or (word[:1] in _PQ and word[1:2] in _NUMBER_START)


def type_at(words: list[str], i: int, ascii_text: bool) -> tuple[int, str] | None:
    """(words taken, type) when a type word starts at ``i``."""
    word = words[i]
    if word not in TYPE_FIRST:  # most words: only a numbered ward or district may start here
        numbered = NUMBERED.match(word) if word[:1] in ("p", "q") else None
        return (0, "quận" if numbered.group(1) == "q" else "phường") if numbered else None
    # (no first word of a type spelling holds a digit: none is a numbered ward or district)
    if word in _TWO_WORD_FIRST:
        spelled = TYPE_SPELLINGS.get(tuple(words[i : i + 2]))
        if spelled and (not spelled[1] or ascii_text):
            return 2, spelled[0]
    spelled = TYPE_SPELLINGS.get((word,))
    if spelled and (not spelled[1] or ascii_text):
        return 1, spelled[0]
    return None


def type_cuts(words: list[str], ascii_text: bool) -> list[int]:
    """Where the type words after the first word start, each after at least one word of a name
    (in ``xa quan lan`` the second word is the name's, whatever it may be elsewhere)."""
    cuts: list[int] = []
    name_start = 0
    for i, word in enumerate(words):
        if word in TYPE_FIRST:
            if i < name_start or 0 < i == name_start:  # inside a type word, or the first word of a name
                continue
            # type_at, for a word that starts a type spelling (no such word is a numbered ward)
            spelled = TYPE_SPELLINGS.get(tuple(words[i : i + 2])) if word in _TWO_WORD_FIRST else None
            if spelled is None or (spelled[1] and not ascii_text):
                spelled, taken = TYPE_SPELLINGS.get((word,)), 1
            else:
                taken = 2
            if spelled is None or (spelled[1] and not ascii_text):
                continue
        elif word[1:2] in _NUMBER_START and word[:1] in _PQ:
            if i < name_start or 0 < i == name_start or not NUMBERED.match(word):
                continue
            taken = 0  # "p5": the word is its type and its name
        else:
            continue
        if i > 0:
            cuts.append(i)
        name_start = i + taken
    return cuts


def without_country(words: list[str]) -> list[str]:
    """The words without a postal code or the country at the end: they close many addresses and
    name no unit."""
    if not words or not (words[-1][:1].isdigit() or words[-1].lower() in LAST_WORDS):
        return words  # the common case: a name's last word
    while words and ((words[-1].isdigit() and _POSTAL.fullmatch(words[-1])) or words[-1].lower() in _COUNTRY):
        words.pop()
    if len(words) >= 2 and words[-1].lower() == "nam" and fold(words[-2]) == "viet":
        words = words[:-2]
    return words


def past_descriptor(name: str, by_key: Mapping[str, object]) -> str | None:
    """The name after a descriptor ("miền núi Kỳ Sơn" → "Kỳ Sơn") when it is a known one."""
    words = name.split()
    if not words or words[0].lower() not in _DESCRIPTOR_FIRST:
        return None
    lower = [w.lower() for w in words]
    for descriptor in _DESCRIPTORS:
        n = len(descriptor)
        if tuple(lower[:n]) == descriptor and len(words) > n and key(" ".join(words[n:])) in by_key:
            return " ".join(words[n:])
    return None


def more_types(words: list[str], text: str) -> bool:
    """Does a type word start after the first word (``xa A huyen B``: several parts in one)?"""
    lower = text.lower().split()
    if len(lower) != len(words):  # a letter whose lower case is a space: word by word
        lower = [w.lower() for w in words]
    ascii_text = text.isascii()
    for i in range(1, len(lower)):
        word = lower[i]
        if (word in TYPE_FIRST or (word[:1] in _PQ and word[1:2] in _NUMBER_START)) and type_at(
            lower, i, ascii_text
        ):
            return True
    return False


def opens_below(words: list[str], text: str, start: int = 0) -> bool:
    """Does the segment (from word ``start``) open with a word of a place below the commune
    (thôn, số, đường…) or a number?"""
    first = words[start].lower()
    if first[:1].isdigit():
        return len(words) > start + 1 or not first.isdigit()  # "12 Lê Lợi", "12A"; a lone "5" may be a ward
    return first in BELOW_ASCII if text.isascii() else first in BELOW


def near_keys(written: str, gazetteer: Gazetteer, *, edits: int = 1) -> tuple[str, ...]:
    """The known name keys within one edit of a key that names nothing (see ``deletions``), sorted.

    ``edits=2``: also those two changes or a change and a deletion away (for suggestions).
    """
    return tuple(sorted(close_keys(written, gazetteer, edits=edits)))


def close_keys(written: str, gazetteer: Gazetteer, *, edits: int = 1) -> set[str]:
    """``near_keys`` unsorted. The variants (the key with one or two letters left out, at every
    place) are made by ``itertools.combinations`` and looked up in the index in one intersection."""
    n = len(written)
    if n < TYPO_MIN:
        return set()
    table = gazetteer.typo_index
    variants = set(map("".join, combinations(written, n - 1)))  # one letter left out, at each place
    variants.add(written)
    if edits > 1:  # and two letters too many
        variants.update(map("".join, combinations(written, n - 2)))
    hits = table.keys() & variants
    if not hits:  # the common case for a name nobody bears
        return hits
    found: set[str] = set().union(*map(table.__getitem__, hits))
    found.discard(written)
    if edits == 1:  # a key of another length is one letter more or less: only a change needs checking
        # (most keys of the same length differ by one letter: counted at C speed, the rest checked)
        for k in [k for k in found if len(k) == n]:
            differ = sum(map(str.__ne__, written, k))
            if differ != 1 and not (differ == 2 and _one_edit(written, k)):
                found.discard(k)
    return found


def _one_edit(a: str, b: str) -> bool:
    """Are two different strings one deletion, insertion, substitution or swap apart?"""
    if len(a) == len(b):  # the letters that differ, counted in one pass: one is a change
        differ = sum(map(str.__ne__, a, b))
        if differ != 2:
            return differ <= 1
    elif abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :])
    return a[i + 1 :] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1 :]


def names_nothing(text: str, gazetteer: Gazetteer) -> bool:
    """Is no run of the words a known name, no word a place below the commune, a number or a
    numbered ward? Then ``_cover`` can only read each word as unknown."""
    words = address_words(text)
    lows = [word.lower() for word in words]
    if not (BELOW_ASCII if text.isascii() else BELOW).isdisjoint(lows):
        return False
    for low in lows:
        if low[:1].isdigit() or (low[:1] in _PQ and NUMBERED.match(low)):
            return False
    keys = list(map(key, words))
    by_key, prefixes = gazetteer.by_key, gazetteer.key_prefixes
    for i, run in enumerate(keys):  # a run of words from i whose key is a name's
        if run not in prefixes:
            continue
        if run in by_key:
            return False
        for k in keys[i + 1 : i + MAX_NAME_WORDS]:
            run += k
            if run not in prefixes:
                break
            if run in by_key:
                return False
    return True


def runs_across(original: list[str], cuts: list[int], gazetteer: Gazetteer) -> bool:
    """Does a known name start before a type word and take it in, ending where the piece after it
    ends or beyond? Such a name can make a cheaper reading than the cut one."""
    by_key, prefixes, tails = gazetteer.by_key, gazetteer.key_prefixes, gazetteer.ends_before
    keys: list[str] = []  # every word's key, made only when a name may run across a type word
    for cut, piece_end in zip(cuts, [*cuts[1:], len(original)], strict=True):
        if not keys:
            typed = key(original[cut])
            if typed and key(original[cut - 1]) not in tails[typed]:
                continue  # the word before the type word ends nothing that a name goes on from into it
            keys = list(map(key, original))
        elif keys[cut] and keys[cut - 1] not in tails[keys[cut]]:
            continue
        first_end = max(cut, piece_end - 1)
        # A name of at most MAX_NAME_WORDS words that reaches first_end starts no earlier than this.
        for start in range(max(first_end - MAX_NAME_WORDS + 1, 0), cut):
            run = "".join(keys[start:cut])
            if run not in prefixes:
                continue  # no name's key starts with the words before the type word
            for end, k in enumerate(keys[cut : start + MAX_NAME_WORDS], cut):
                run += k
                if run not in prefixes:
                    break  # no name's key starts so: no longer run is one either
                if end >= first_end and run in by_key:
                    return True
    return False
