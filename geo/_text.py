"""Vietnamese text helpers: normal forms, matching keys, and administrative type words.

Display text is only ever NFC-normalised. Folding (diacritics removed, ``đ`` → ``d``) happens
only inside matching keys, never in anything shown to a person.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import TypeVar

# Combining marks that carry the tone (as opposed to the vowel shape: circumflex, breve, horn).
_TONE_MARKS = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_VOWEL_MARKS = {"\u0302", "\u0306", "\u031b"}
_TONE = re.compile("[" + "".join(_TONE_MARKS) + "]")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
# Combining marks (the blocks Unicode reserves for them): what folding strips after NFD.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")

# Administrative type words: the canonical Vietnamese form, then every spelling people use.
# Order matters when one spelling is a prefix of another ("thị xã" before "thị").
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "thành phố": ("thành phố", "tp.", "tp", "t.p.", "t.p", "thanh pho", "tphố"),
    "thị xã": ("thị xã", "tx.", "tx", "t.x.", "t.x", "thi xa"),
    "thị trấn": ("thị trấn", "tt.", "tt", "t.t.", "t.t", "thi tran"),
    "đặc khu": ("đặc khu", "dac khu", "đk."),
    "tỉnh": ("tỉnh", "t.", "tinh"),
    "huyện": ("huyện", "h.", "huyen"),
    "quận": ("quận", "q.", "quan"),
    "phường": ("phường", "p.", "phuong"),
    "xã": ("xã", "x.", "xa"),
}

# Which level(s) each type can be.
TYPE_LEVELS: dict[str, tuple[str, ...]] = {
    "tỉnh": ("province",),
    "thành phố": ("province", "district"),
    "huyện": ("district",),
    "quận": ("district",),
    "thị xã": ("district",),
    "xã": ("commune",),
    "phường": ("commune",),
    "thị trấn": ("commune",),
    "đặc khu": ("commune",),
}


# What joins the items of a list: ", ", " và ", ", và ".
LIST_JOIN = re.compile(r"\s*(?:,|và|,\s*và)\s*")


def type_words(*levels: str) -> str:
    """A pattern's alternation of the type words (as written in full) that name only units of the
    given levels, longest first: ``type_words("commune")`` → ``thị\\s+trấn|đặc\\s+khu|phường|xã``;
    ``thành phố`` (a province or a district) only when both levels are given."""
    words = sorted(
        (t for t, named in TYPE_LEVELS.items() if set(named) <= set(levels)), key=len, reverse=True
    )
    return "|".join(word.replace(" ", r"\s+") for word in words)


# Spellings that are only safe with diacritics (folded they are also ordinary syllables of names).
_FOLDED_ONLY = {"quan", "xa", "tinh", "phuong", "huyen"}


_Argument = TypeVar("_Argument", bound=Hashable)
_Answer = TypeVar("_Answer")


class Memo(dict[_Argument, _Answer]):
    """The answers of a one-argument function by argument: ``memo[x]`` is ``function(x)``, made once.

    For look-ups made once per query over tens of thousands of distinct queries: a hit is one
    dict look-up, where ``lru_cache`` also reorders its recency list, whose links are by then
    rarely in the processor's cache. Emptied whenever it holds ``limit`` answers, so memory stays
    bounded.
    """

    def __init__(self, function: Callable[[_Argument], _Answer], limit: int) -> None:
        super().__init__()
        self.function, self.limit = function, limit

    def __missing__(self, argument: _Argument) -> _Answer:
        if len(self) >= self.limit:
            self.clear()
        answer = self[argument] = self.function(argument)
        return answer


@lru_cache(maxsize=64)
def iso_date(day: dt.date) -> str:
    """``2017-06-01``: a date as text, made once per date (a batch asks about few dates)."""
    return day.isoformat()


def nfc(text: str) -> str:
    """NFC-normalise and collapse runs of whitespace (including no-break spaces)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


# The lower-case letters of Vietnamese that carry a mark, for the page's copy of :func:`fold`.
_MARKED_LETTERS = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"


def fold_table() -> dict[str, str]:
    """Each marked lower-case letter and its folded form (``ắ`` → ``a``, ``đ`` → ``d``): the map's
    search box folds what a reader types with this table, so the rule is written once, here."""
    return {letter: fold(letter) for letter in _MARKED_LETTERS}


def type_word_keys() -> list[str]:
    """The type words folded (``thi tran``, ``xa``…), longest first (then alphabetical, so that the
    map's page is the same on every build): what a unit's label may start with."""
    return sorted({fold(word) for word in TYPE_WORDS}, key=lambda key: (-len(key), key))


def _ascii_letters() -> dict[int, str | None]:
    """Each letter of the Latin blocks whose decomposition is an ASCII letter and marks → that
    letter, each combining mark → nothing, ``đ`` → ``d``: ``fold`` in one ``str.translate``."""
    # "Ð" (U+00D0, the Latin capital eth) stands for "Đ" in texts typed with older encodings
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "d", ord("ð"): "d", ord("Ð"): "d"}
    for block in (range(0x80, 0x370), range(0x1AB0, 0x1B00), range(0x1DC0, 0x1F00), range(0x20D0, 0x2100)):
        for code in block:
            letter = chr(code)
            if _MARKS.fullmatch(letter):
                table[code] = None
                continue
            bare = _MARKS.sub("", unicodedata.normalize("NFD", letter))
            if bare != letter and bare.isascii():
                table.setdefault(code, bare)
    table.update((code, None) for code in range(0xFE20, 0xFE30))
    return table


_ASCII_LETTERS = _ascii_letters()


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, strip every diacritic and map ``đ`` to ``d``: for matching keys only."""
    if not text.isascii():
        # Vietnamese letters fold by table; a text with other letters takes the general way.
        text = text.lower().translate(_ASCII_LETTERS)
        if not text.isascii():
            decomposed = unicodedata.normalize("NFD", text)
            return " ".join(_NON_WORD.sub(" ", _MARKS.sub("", decomposed)).split())
    else:
        text = text.lower()
    if text.isalnum():  # one word: nothing to take out
        return text
    return " ".join(_NON_WORD.sub(" ", text).split())


@lru_cache(maxsize=1 << 16)
def tone_key(text: str) -> str:
    """A key that keeps every diacritic but ignores where the tone mark sits.

    ``Hòa`` and ``Hoà``, ``Thụy`` and ``Thuỵ`` give the same key; ``Tân Thành`` and ``Tân Thanh``
    do not. Each syllable becomes its letters (with vowel-shape marks) plus a tone digit.
    """
    if text.isascii():  # no marks: the words, lower-cased
        return " ".join(_NON_WORD.sub(" ", text.lower()).split())
    out = []
    for word in _NON_WORD.sub(" ", unicodedata.normalize("NFC", text).lower()).split():
        decomposed = unicodedata.normalize("NFD", word)
        tones = _TONE.findall(decomposed)  # the last one counts
        letters = unicodedata.normalize("NFC", _TONE.sub("", decomposed))
        out.append(letters + _TONE_MARKS[tones[-1]] if tones else letters)
    return " ".join(out)


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """The loosest matching key: folded, without spaces (``"Xuân Mai"`` → ``"xuanmai"``).

    Numbers lose leading zeros so that ``Phường 01`` matches ``Phường 1``.
    """
    folded = fold(text)
    if " " not in folded:  # one word
        return (folded.lstrip("0") or "0") if folded.isdigit() else folded
    return "".join([p.lstrip("0") or "0" if p.isdigit() else p for p in folded.split()])


# Spellings of one name that the sources (and people) use interchangeably. Applied to each
# folded syllable by ``spelling_key``: onsets, finals and vowels that local and ethnic-minority
# names are written with either way (Sĩ/Sỹ, Quí/Quý, Đắk/Đắc/Đak, Xín/Sín, Pú/Bú, Plei Cần/Kần).
_ONSETS = (
    ("ngh", "ng"),
    ("gh", "g"),
    ("kh", "kh"),
    ("ph", "ph"),
    ("tr", "ch"),
    ("k", "c"),
    ("q", "c"),
    ("x", "s"),
    ("p", "b"),
    ("r", "d"),
    ("z", "d"),
    ("gi", "d"),
)
_FINALS = (("ng", "n"), ("nh", "n"), ("ch", "c"), ("m", "n"), ("k", "c"), ("t", "c"), ("p", "c"), ("h", ""))
_VOWEL_LETTERS = frozenset("aeiouy")
_DOUBLED = re.compile(r"([aeiouy])\1+")


def _loose_syllable(syllable: str) -> str:
    if syllable.isdigit():
        return syllable.lstrip("0") or "0"
    if syllable.startswith("qu") and len(syllable) > 2:  # "quý" and "quí": qu is the onset
        syllable = "cw" + syllable[2:]
    for written, canonical in _ONSETS:
        if syllable.startswith(written) and syllable != written:
            syllable = canonical + syllable[len(written) :]
            break
    for written, canonical in _FINALS:
        if (
            syllable.endswith(written)
            and len(syllable) > len(written)
            and syllable[-len(written) - 1] in _VOWEL_LETTERS
        ):
            syllable = syllable[: -len(written)] + canonical
            break
    if syllable.endswith("y") and len(syllable) > 1 and syllable[-2] not in _VOWEL_LETTERS - {"y"}:
        syllable = syllable[:-1] + "i"  # Mỹ/Mĩ, Sỹ/Sĩ, Lý/Lí; Thụy (a vowel before y) keeps its y
    elif syllable.startswith("cw") and syllable[2:] == "y":
        syllable = "cwi"
    return _DOUBLED.sub(r"\1", syllable)


@lru_cache(maxsize=1 << 16)
def spelling_key(text: str) -> str:
    """A key under which the spellings of one name meet: ``Ô Long Vỹ`` = ``Ô Long Vĩ``.

    Looser than ``key``: i/y after a consonant (Sỹ, Quí), k/c (Đắk, Đắc), the onsets x/s, p/b,
    tr/ch, r/d and the finals ng/nh/n/m and c/ch/t/k that minority-language names are written
    with either way, doubled vowels (Rong/Roong), and a short ``a``/``ơ`` syllable written apart
    before r or l (Ia Ma Rơn = Ia Mrơn, Kông Bơ La = Kông Pla, Hà Ra = Hra). For matching within
    a district or against one's own records, where two different names rarely meet.
    """
    syllables = fold(text).split()
    out: list[str] = []
    for k, syllable in enumerate(syllables):
        following = syllables[k + 1] if k + 1 < len(syllables) else ""
        if (
            len(syllable) == 2
            and syllable[0] not in _VOWEL_LETTERS
            and syllable[1] in "ao"
            and following[:1] in ("r", "l")
        ):
            syllable = syllable[0]  # "Ma Rơn" → "Mrơn": the vowel only separates a cluster
        out.append(syllable)
    # The cluster is read as one syllable from here on: "mron" → loosened as such.
    return "".join(_loose_syllable(s) for s in _resyllable(out))


def _resyllable(syllables: list[str]) -> list[str]:
    """Syllables with each lone onset consonant (left by a collapsed ``Ma``) joined to the next one."""
    out: list[str] = []
    carry = ""
    for syllable in syllables:
        if len(syllable) == 1 and syllable not in _VOWEL_LETTERS and not syllable.isdigit():
            carry += syllable
            continue
        out.append(carry + syllable)
        carry = ""
    if carry:
        out.append(carry)
    return out


def _spelling_pattern() -> list[tuple[str, str]]:
    pairs = [(spelling, canonical) for canonical, spellings in TYPE_WORDS.items() for spelling in spellings]
    # Longest first so that "thị xã" wins over "thị", "tp." over "t.".
    return sorted(pairs, key=lambda p: -len(p[0]))


_SPELLINGS = _spelling_pattern()
# The first spelling (in that order) that a text starts with, found at once.
_LEADING = re.compile("|".join(re.escape(spelling) for spelling, _ in _SPELLINGS))
_CANONICAL: dict[str, str] = {}
for _spelling, _canonical in _SPELLINGS:
    _CANONICAL.setdefault(_spelling, _canonical)
_NUMBERED = re.compile(r"^(p|q|phường|quận|phuong|quan)\s*\.?\s*(\d+)$", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)
def split_type(text: str) -> tuple[str | None, str]:
    """Split a leading type word off a place name: ``"TP. Lạng Sơn"`` → ``("thành phố", "Lạng Sơn")``.

    Diacritic-free spellings (``"xa"``, ``"huyen"``) count only when the whole text has no
    diacritics, so that the name ``Quan Sơn`` is never read as ``quận Sơn``. Numbered units keep
    their number as the name (``"P.1"`` → ``("phường", "1")``). Returns ``(None, text)`` when no
    type word leads.
    """
    text = nfc(text)
    numbered = _NUMBERED.match(text) if text[:1] in ("p", "P", "q", "Q") else None
    if numbered:
        canonical = "quận" if numbered.group(1).lower().startswith("q") else "phường"
        return canonical, numbered.group(2).lstrip("0") or "0"
    lower = text.lower()
    first = _LEADING.match(lower)
    if first is None:
        return None, text  # no spelling leads: nothing to try
    found = _read_type(text, lower, first.group())
    if found is not None:
        return found
    for spelling, _ in _SPELLINGS:  # the first spelling did not fit: every other one, in order
        if lower.startswith(spelling):
            found = _read_type(text, lower, spelling)
            if found is not None:
                return found
    return None, text


# Spellings that are a type word wherever they stand at the start of a text and are followed by a
# space (no longer spelling starts with one of them and a space): read by one look-up.
_WHOLE_WORD_TYPES = {
    spelling: _CANONICAL[spelling] for spelling, _ in _SPELLINGS if spelling not in _FOLDED_ONLY
}


# The first letters of every spelling of a type word and of a numbered ward or district.
_TYPE_INITIALS = frozenset({spelling[0] for spelling, _ in _SPELLINGS} | {"p", "q"})


def split_type_words(words: list[str], text: str) -> tuple[str | None, str]:
    """``split_type(text)`` for a text and its words (split at white space): the common case, a
    type word as a word of its own and then the name, by a look-up of the first word or two; a
    name whose first letter starts no type word is no type word and a name, without a look."""
    if len(words) > 1:
        taken = 1
        first = words[0].lower()
        canonical = _WHOLE_WORD_TYPES.get(first)
        if canonical is None:
            if first in _FOLDED_ONLY and text.isascii():
                canonical = _CANONICAL[first]  # "xa", "huyen": type words in text without diacritics
            elif len(words) > 2:
                taken = 2
                canonical = _WHOLE_WORD_TYPES.get(f"{first} {words[1].lower()}")
        if canonical is not None:
            if unicodedata.is_normalized("NFC", text):
                name = " ".join(words[taken:]).strip(" .,:;-")
                if name:
                    return canonical, (name.lstrip("0") or "0") if name.isdigit() else name
        elif first[:1] not in _TYPE_INITIALS and unicodedata.is_normalized("NFC", text):
            return None, text  # what split_type finds: no spelling (nor "p5", "q3") starts so
    return split_type(text)


def _read_type(text: str, lower: str, spelling: str) -> tuple[str, str] | None:
    """``(type, name)`` when ``text`` starts with ``spelling`` used as a type word, else None."""
    if (
        spelling in _FOLDED_ONLY
        and not text.isascii()
        and fold(text) != " ".join(_NON_WORD.sub(" ", lower).split())
    ):
        return None  # a diacritic-free spelling in text with diacritics
    rest = text[len(spelling) :]
    if (
        rest
        and not spelling.endswith(".")
        and rest[0].isalnum()
        and not (rest[0].isdigit() and len(spelling) <= 2)
    ):
        return None  # "Tphố" is fine, "Tân" must not be read as "t." + "ân"
    name = rest.strip(" .,:;-")
    if not name:
        return None
    if name.isdigit():
        name = name.lstrip("0") or "0"
    return _CANONICAL[spelling], name


# The spellings of TYPE_WORDS that stand for a type word in running text as well as in addresses.
# Left out: forms without diacritics ("xa", "quan" are also syllables of names), "t." (an initial),
# the dotted "t.p."/"t.t." of forms, "tt" and "tphố" (rare in news, "tt" also "trung tâm"); the
# dotted "T.X" is a town in news too ("xã Hồng Tiến (T.X Phổ Yên)").
_NOT_IN_RUNNING_TEXT = frozenset({"t.", "t.p.", "t.p", "t.t.", "t.t", "tt", "tphố", "đk."})


def _as_tokens(spelling: str) -> tuple[str, ...]:
    """A spelling as the text's tokens come: words, and a dot between two letters on its own
    ("t.x" → "t", ".", "x"; "tx." stays one token)."""
    if re.fullmatch(r"\w\.\w", spelling):
        return (spelling[0], ".", spelling[2])
    return tuple(spelling.split())


RUNNING_TEXT_TYPES: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        (
            (_as_tokens(spelling), canonical)
            for canonical, spellings in TYPE_WORDS.items()
            for spelling in spellings
            if spelling not in _NOT_IN_RUNNING_TEXT
            and (fold(spelling) != spelling or "." in spelling or spelling in ("tp", "tx"))
        ),
        key=lambda t: -len(t[0]),
    )
)
