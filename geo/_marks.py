"""Facts about a whole text, computed once and shared by all its figures: where its clause and
sentence marks stand, where given syllables stand in its lower case.

A figure's rules look at a window of text around it (the clause before it, the words after it).
Cutting each window out and scanning it again costs the same for every figure; a long text of
numbers has tens of thousands of them. These functions scan the text once (the last few texts
are kept) and answer each window's question by bisection, with the answer the window's own
scan would give.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable


@functools.lru_cache(maxsize=8)
def _starts(text: str, pattern: re.Pattern[str]) -> list[int]:
    return [m.start() for m in pattern.finditer(text)]


def last_mark(text: str, lo: int, hi: int, pattern: re.Pattern[str]) -> int:
    """Where the last match of ``pattern`` in ``text[lo:hi]`` starts (an offset in ``text``), or -1.

    ``pattern`` matches one character, and may look one character ahead only to refuse a
    digit there (``\\.(?!\\d)``): in the window, a mark at its last character sees the window's
    end (no digit), which the whole text's scan may not; that one place is checked apart.
    """
    if hi <= lo:
        return -1
    if pattern.match(text[hi - 1]):  # the window's last character, read as the window reads it
        return hi - 1
    starts = _starts(text, pattern)
    k = bisect.bisect_left(starts, hi - 1) - 1
    return starts[k] if k >= 0 and starts[k] >= lo else -1


@functools.lru_cache(maxsize=8)
def _occurrences(text: str, syllables: tuple[str, ...]) -> tuple[list[int], list[int]] | None:
    """The starts and ends of every occurrence of the syllables in the text's lower case, sorted by
    start; None when lower case changes the text's length (offsets would not carry over)."""
    low = text.lower()
    if len(low) != len(text):
        return None
    found: list[tuple[int, int]] = []
    for syllable in syllables:
        at = low.find(syllable)
        while at >= 0:
            found.append((at, at + len(syllable)))
            at = low.find(syllable, at + 1)
    found.sort()
    return [s for s, _ in found], [e for _, e in found]


# Each set of syllables' index of the text it was last asked about (a text's figures ask in turn).
_LAST: dict[tuple[str, ...], tuple[str, tuple[list[int], list[int]] | None]] = {}


def any_syllable(text: str, lo: int, hi: int, syllables: tuple[str, ...]) -> bool:
    """Whether any of ``syllables`` (lower case) occurs in ``text[lo:hi].lower()``."""
    last = _LAST.get(syllables)
    if last is None or last[0] is not text:
        last = _LAST[syllables] = (text, _occurrences(text, syllables))
    index = last[1]
    if index is None:
        low = text[max(lo, 0) : hi].lower()
        return any(syllable in low for syllable in syllables)
    starts, ends = index
    k = bisect.bisect_left(starts, lo)
    while k < len(starts) and starts[k] < hi:
        if ends[k] <= hi:
            return True
        k += 1
    return False


def finder(phrases: Iterable[str]) -> re.Pattern[str]:
    """A pattern whose search finds one of ``phrases`` (plain text) just where ``any(phrase in
    stretch for phrase in phrases)`` would: one scan of the stretch instead of one per phrase."""
    found = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    return re.compile("|".join(map(re.escape, found)) if found else "(?!)")


_SPECIAL = frozenset("()[]{}?*+-|^$\\.&~#")


def literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The phrases of a pattern that is a plain alternation of literal phrases (``toàn tỉnh|cả
    tỉnh``), else None: a search of it finds one exactly where one of them occurs."""
    phrases = tuple(pattern.pattern.split("|"))
    if pattern.flags & re.IGNORECASE or any(not p or _SPECIAL & set(p) for p in phrases):
        return None
    return phrases


@functools.lru_cache(maxsize=8)
def _chunk_matches(
    text: str, cut: re.Pattern[str], pattern: re.Pattern[str]
) -> tuple[list[int], list[re.Match[str] | None], list[int]]:
    """The text's cuts, the first match of ``pattern`` in each chunk between two cuts (chunk ``j``
    runs from after cut ``j - 1`` to cut ``j``; chunk 0 has none), and for each chunk the latest
    chunk up to it holding a match (-1 when none)."""
    cuts = _starts(text, cut)
    found: list[re.Match[str] | None] = [None]
    latest = [-1]
    for j in range(1, len(cuts)):
        found.append(pattern.search(text, cuts[j - 1] + 1, cuts[j]))
        latest.append(j if found[j] is not None else latest[j - 1])
    return cuts, found, latest


def cuts_between(text: str, lo: int, hi: int, cut: re.Pattern[str]) -> tuple[int, list[int]]:
    """The index (among the whole text's) of the first match of ``cut`` at or after ``lo``, and the
    starts of its matches in ``text[lo:hi]`` (``cut`` matches one character, looking nowhere
    around it)."""
    starts = _starts(text, cut)
    first = bisect.bisect_left(starts, lo)
    return first, starts[first : bisect.bisect_left(starts, hi)]


def last_chunk_match(
    text: str, cut: re.Pattern[str], pattern: re.Pattern[str], first: int, last: int
) -> tuple[int, re.Match[str]] | None:
    """The latest whole chunk ``j`` with ``first <= j <= last`` holding a match of ``pattern``
    (chunks as in :func:`_chunk_matches`), with that match; None when none does."""
    if last < first:
        return None
    _cuts, found, latest = _chunk_matches(text, cut, pattern)
    j = latest[last]
    match = found[j] if j >= first else None
    return (j, match) if match is not None else None
