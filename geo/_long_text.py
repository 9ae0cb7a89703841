"""A text far larger than an article, read on two cores: its figures and its activities.

An article is at most a few tens of kilobytes; a text of hundreds (a report, a compilation, a
table pasted whole) holds tens of thousands of numbers, and finding its figures is most of the time
it takes to read. A text's stretches around its numbers are read one by one, and within one each
figure from where the one before ended (``figures.figures_in``), so the later part of such a text
is read in a forked copy of the process (``_beside``) while this one reads the places and the
earlier part, and the two lists are joined as one reading would make them. The parts meet at a
sentence's first word; where the reading of the earlier part runs on past it (a figure across it),
the text is read again in one go.

Its activities are made sentence by sentence by a walk that carries what the sentences before
told (the places of the paragraph, the last actor, the places named so far), which is walked in
this process. What a figure group's activity says of it alone (its phrase, kind, quote and the
period its clause names: ``_phrases.group_words``, about two fifths of the walk's work) depends on
the text only: the copy makes those of the later sentences while this process walks the earlier
ones, and the walk takes them from it.

The figures and activities are the same either way; an article is read in one process as before.
"""

from __future__ import annotations

import bisect
import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from geo._beside import Beside
from geo._phrases import Words, _figure_groups, group_words
from geo._stretches import stretches
from geo._tokens import Tok, between
from geo.figures import Figure, Part, figures_in, find_figures, joined

if TYPE_CHECKING:
    from geo.activities import _Walk

LONG_TEXT = 200_000  # characters: four times the longest article
_OWN_SHARE = 0.25  # of the text, read here: this process reads the places meanwhile
# Of the sentences, those walked before the copy's words are taken: making a group's words is about
# two fifths of the walk's work, so the copy has those of the rest ready by then.
_WALKED_FIRST = 0.3


@contextlib.contextmanager
def figures_found(text: str, toks: list[Tok]) -> Iterator[Callable[[], list[Figure]]]:
    """Yields the function that gives the text's figures (``find_figures``); for a text of at least
    ``LONG_TEXT`` characters their later part is found meanwhile in a forked copy."""
    own, theirs = parts(text, toks, int(len(text) * _OWN_SHARE)) if len(text) >= LONG_TEXT else ([], [])
    if not own or not theirs:
        yield lambda: find_figures(text, toks)
        return

    def together() -> list[Figure]:
        mine, met = figures_in(text, toks, own)
        return joined(text, mine, later.result()) if met else find_figures(text, toks)

    with Beside(lambda: figures_in(text, toks, theirs)[0]) as later:
        yield together


def parts(text: str, toks: list[Tok], at: int) -> tuple[Part, Part]:
    """The text's stretches before and after offset ``at``; a stretch across it is cut at the
    first word of the first sentence that starts after it (when there is one)."""
    spans = stretches(text)
    k = bisect.bisect_right([start for start, _ in spans], at)
    before: Part = [(start, end, 0, None) for start, end in spans[:k]]
    after: Part = [(start, end, 0, None) for start, end in spans[k:]]
    if before and before[-1][1] > at:
        start, end, _, _ = before[-1]
        window = between(toks, [t.start for t in toks], start, end)
        first = _sentence_start(window, at)
        if first is not None:
            before[-1] = (start, end, 0, first)
            after.insert(0, (start, end, first, None))
    return before, after


def _sentence_start(window: list[Tok], at: int) -> int | None:
    """The index of the first word in ``window`` after offset ``at`` that opens a sentence (a space
    and a full stop, question or exclamation mark before it)."""
    i = max(2, bisect.bisect_left([t.start for t in window], at))
    for j in range(i, len(window)):
        if window[j].kind == "word" and window[j - 1].kind == "space" and window[j - 2].text in ".!?":
            return j
    return None


def walk_apart(walk: _Walk, spans: list[tuple[int, int]]) -> None:
    """Walks the sentences ``spans`` (``_Walk.sentence``); for a text of at least ``LONG_TEXT``
    characters the words of the later sentences' figure groups are made meanwhile in a forked copy."""
    done = 0
    k = int(len(spans) * _WALKED_FIRST)
    if len(walk.text) >= LONG_TEXT and 0 < k < len(spans):
        with Beside(lambda: prepared(walk, spans[k:]), here=_none_made) as later:
            for s, e in spans[:k]:
                walk.sentence(s, e)
            walk.prepared = later.result()
        done = k
    for s, e in spans[done:]:
        walk.sentence(s, e)


def _none_made() -> dict[int, Words]:
    return {}  # no copy: the walk makes every group's words itself


def prepared(walk: _Walk, spans: list[tuple[int, int]]) -> dict[int, Words]:
    """The words of the figure groups of the sentences ``spans`` (``_phrases.group_words``), by the
    start of each group's first figure."""
    made: dict[int, Words] = {}
    for s, e in spans:
        figures = walk.figures.between(s, e)
        for group in _figure_groups(walk.text, figures) if figures else []:
            made[group[0].start] = group_words(walk.text, s, e, walk.text[s:e], group, walk.day)
    return made
