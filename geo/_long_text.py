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
told (the places of the paragraph, the last actor, the places named so far). The copy follows the
earlier sentences without making their activities (``_Walk.quiet``: what is carried is worked out
all the same, which costs about half) and makes those of the later ones, while this process makes
those of the earlier ones; the copy's activities come back naming the figures, places and units
both processes hold by their number (``_Shared``), so they are the very objects of this reading.

The figures and activities are the same either way; an article is read in one process as before.
"""

from __future__ import annotations

import bisect
import contextlib
import io
import pickle
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from geo._beside import Beside
from geo._stretches import stretches
from geo._tokens import Tok, between
from geo.figures import Figure, Part, figures_in, find_figures, joined

if TYPE_CHECKING:
    from geo.activities import Activity, _Walk
    from geo.extract import Reading

LONG_TEXT = 200_000  # characters: four times the longest article
_OWN_SHARE = 0.25  # of the text, read here: this process reads the places meanwhile
# Of the sentences, those walked here: the copy follows the others before them at about half the cost.
_WALKED_HERE = 0.65


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


def walk_apart(reading: Reading, walk: _Walk, spans: list[tuple[int, int]]) -> None:
    """Walks the sentences ``spans`` (``_Walk.sentence``); for a text of at least ``LONG_TEXT``
    characters the later ones are walked meanwhile in a forked copy."""
    k = int(len(spans) * _WALKED_HERE) if len(reading.text) >= LONG_TEXT else len(spans)
    if k in (0, len(spans)):
        for s, e in spans:
            walk.sentence(s, e)
        return
    shared = _Shared(reading)

    def later_part() -> bytes | None:
        walk.quiet = True
        for s, e in spans[:k]:
            walk.sentence(s, e)
        walk.quiet = False
        for s, e in spans[k:]:
            walk.sentence(s, e)
        return shared.dumps(walk.activities)

    with Beside(later_part, here=lambda: None) as later:
        for s, e in spans[:k]:
            walk.sentence(s, e)
        found = later.result()
    if found is None:  # no copy: the walk goes on here
        for s, e in spans[k:]:
            walk.sentence(s, e)
    else:
        walk.activities += shared.loads(found)


class _Shared:
    """The objects of a reading that a forked copy holds too, each known by its number: a pickle
    made in one process names them, and is read in the other as its own objects."""

    def __init__(self, reading: Reading) -> None:
        units = [unit for m in reading.mentions if (unit := m.unit) is not None]
        units += [
            u for u in (reading.document.province, reading.focus, *reading.parents.values()) if u is not None
        ]
        self.objects: list[object] = [*reading.figures, *reading.mentions, *units]
        self.numbers = {id(obj): n for n, obj in enumerate(self.objects)}

    def dumps(self, value: list[Activity]) -> bytes:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.persistent_id = self._number  # type: ignore[method-assign]
        pickler.dump(value)
        return buffer.getvalue()

    def _number(self, obj: object) -> int | None:
        return self.numbers.get(id(obj))

    def loads(self, data: bytes) -> list[Activity]:
        unpickler = pickle.Unpickler(io.BytesIO(data))
        unpickler.persistent_load = self.objects.__getitem__  # type: ignore[method-assign]
        found: Any = unpickler.load()
        return list(found)
