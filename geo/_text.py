"""Vietnamese text helpers: normal forms, matching keys, and administrative type words.

Display text is only ever NFC-normalised. Folding (diacritics removed, ``đ`` → ``d``) happens
only inside matching keys, never in anything shown to a person.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining marks that carry the tone (as opposed to the vowel shape: circumflex, breve, horn).
_TONE_MARKS = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_VOWEL_MARKS = {"\u0302", "\u0306", "\u031b"}
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)

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

# Spellings that are only safe with diacritics (folded they are also ordinary syllables of names).
_FOLDED_ONLY = {"quan", "xa", "tinh", "phuong", "huyen"}


def nfc(text: str) -> str:
    """NFC-normalise and collapse runs of whitespace (including no-break spaces)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, strip every diacritic and map ``đ`` to ``d``: for matching keys only."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", stripped).split())


@lru_cache(maxsize=1 << 16)
def tone_key(text: str) -> str:
    """A key that keeps every diacritic but ignores where the tone mark sits.

    ``Hòa`` and ``Hoà``, ``Thụy`` and ``Thuỵ`` give the same key; ``Tân Thành`` and ``Tân Thanh``
    do not. Each syllable becomes its letters (with vowel-shape marks) plus a tone digit.
    """
    out = []
    for word in _NON_WORD.sub(" ", unicodedata.normalize("NFC", text).lower()).split():
        tone = ""
        letters = []
        for ch in unicodedata.normalize("NFD", word):
            if ch in _TONE_MARKS:
                tone = _TONE_MARKS[ch]
            else:
                letters.append(ch)
        out.append(unicodedata.normalize("NFC", "".join(letters)) + tone)
    return " ".join(out)


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """The loosest matching key: folded, without spaces (``"Xuân Mai"`` → ``"xuanmai"``).

    Numbers lose leading zeros so that ``Phường 01`` matches ``Phường 1``.
    """
    parts = [p.lstrip("0") or "0" if p.isdigit() else p for p in fold(text).split()]
    return "".join(parts)


def _spelling_pattern() -> list[tuple[str, str]]:
    pairs = [(spelling, canonical) for canonical, spellings in TYPE_WORDS.items() for spelling in spellings]
    # Longest first so that "thị xã" wins over "thị", "tp." over "t.".
    return sorted(pairs, key=lambda p: -len(p[0]))


_SPELLINGS = _spelling_pattern()
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
    numbered = _NUMBERED.match(text)
    if numbered:
        canonical = "quận" if numbered.group(1).lower().startswith("q") else "phường"
        return canonical, numbered.group(2).lstrip("0") or "0"
    lower = text.lower()
    ascii_text = fold(text) == " ".join(_NON_WORD.sub(" ", lower).split())
    for spelling, canonical in _SPELLINGS:
        if not lower.startswith(spelling):
            continue
        if spelling in _FOLDED_ONLY and not ascii_text:
            continue
        rest = text[len(spelling) :]
        ends_with_dot = spelling.endswith(".")
        if (
            rest
            and not ends_with_dot
            and rest[0].isalnum()
            and not (rest[0].isdigit() and len(spelling) <= 2)
        ):
            continue  # "Tphố" is fine, "Tân" must not be read as "t." + "ân"
        name = rest.strip(" .,:;-")
        if not name:
            continue
        if name.isdigit():
            name = name.lstrip("0") or "0"
        return canonical, name
    return None, text


def display_type(unit_type: str) -> str:
    """Capitalised type for the start of a label: ``"thị trấn"`` → ``"Thị trấn"``."""
    return unit_type[:1].upper() + unit_type[1:]
