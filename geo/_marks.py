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


def any_syllable(text: str, lo: int, hi: int, syllables: tuple[str, ...]) -> bool:
    """Whether any of ``syllables`` (lower case) occurs in ``text[lo:hi].lower()``."""
    lo, hi = max(lo, 0), min(hi, len(text))
    index = _occurrences(text, syllables)
    if index is None:
        low = text[lo:hi].lower()
        return any(syllable in low for syllable in syllables)
    starts, ends = index
    k = bisect.bisect_left(starts, lo)
    while k < len(starts) and starts[k] < hi:
        if ends[k] <= hi:
            return True
        k += 1
    return False
