"""Where in a text figures may stand: the stretches around its numbers (and the words that count,
``hàng``, ``năm trăm``), with the context either side that a figure's rules read; prose without
numbers costs one regex scan. The stretches are read one by one (``figures.figures_in``)."""

from __future__ import annotations

import re

from geo._numbers import MULTIPLIERS
from geo._vocabulary import COUNTERS, NUMBER_WORDS

_TRIGGER = re.compile(  # a look-ahead at the letters it opens with: the text is not tried everywhere
    "(?=[0-9hc" + "".join(sorted({word[0] for word in NUMBER_WORDS})) + "])"
    r"(?:[0-9]+(?:[.,][0-9]+)*|hàng|hằng|\bcả\s+(?:chục|trăm|nghìn|ngàn|triệu)|(?<!\w)(?:"
    + "|".join(NUMBER_WORDS)
    + r")\s+(?:"
    + "|".join([*COUNTERS, *MULTIPLIERS])
    + r")\b)",
    re.IGNORECASE,
)
_CONTEXT = 120  # characters of context a figure's rules look at, either side of its number


def stretches(text: str) -> list[tuple[int, int]]:
    """Merged stretches around the triggers, cut at whitespace so no token is split.

    A stretch ends at the cut after its triggers' furthest reach (the cut moves on as the reach
    does), so the cut is made once per stretch and where a trigger may not belong to it.
    """
    starts: list[int] = []
    reaches: list[int] = []
    end = -1  # the cut of the last stretch at its reach so far, when made
    for match in _TRIGGER.finditer(text):
        reach = match.end() + _CONTEXT
        if starts and match.start() - _CONTEXT <= reaches[-1]:  # within the stretch before
            reaches[-1] = max(reach, reaches[-1])
            continue
        if starts:
            end = _cut_after(text, reaches[-1])
        if starts and match.start() - _CONTEXT <= end:
            reaches[-1] = max(reach, reaches[-1])
            continue
        start = _cut_before(text, match.start() - _CONTEXT)
        if starts and start <= end:
            reaches[-1] = max(reach, reaches[-1])
        else:
            starts.append(start)
            reaches.append(reach)
    return [(start, _cut_after(text, reach)) for start, reach in zip(starts, reaches, strict=True)]


def _cut_before(text: str, start: int) -> int:
    """The nearest space or line end before ``start``, looked for close by (a text of one long line
    is not scanned to its start for each trigger)."""
    if start <= 0:
        return 0
    reach = max(0, start - _CONTEXT)
    return max(text.rfind(" ", reach, start), text.rfind("\n", reach, start), reach - 1) + 1


def _cut_after(text: str, end: int) -> int:
    """The nearest space or line end after ``end``, looked for close by."""
    if end >= len(text):
        return len(text)
    cut = [i for i in (text.find(" ", end, end + _CONTEXT), text.find("\n", end, end + _CONTEXT)) if i >= 0]
    return min(cut) if cut else min(len(text), end + _CONTEXT)
