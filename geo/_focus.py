"""What an article is about, as its walk needs it: the focus as places (the focus commune, the
communes its lead names, or the focus district), a set of units named as one (``các xã: A, B và
C``), and the lines that are no sentences of the story (a photo's caption without ``Ảnh:``)."""

from __future__ import annotations

import bisect
import itertools
import re

from geo._actors import in_caption
from geo._mention import Mention
from geo._owners import _finest, _finest_level
from geo._text import LIST_JOIN, type_words
from geo._vocabulary import NUMBER_WORDS
from geo.extract import Reading
from geo.gazetteer import Unit

# A list named as one set of units: "các xã: A, B", "3 xã biên giới A, B và C".
_SET_OPENING = re.compile(
    rf"(?:các|những|\d+|{'|'.join(NUMBER_WORDS)})\s+(?:{type_words('commune', 'district')})\b", re.IGNORECASE
)


def _set_of_units(text: str, places: list[Mention]) -> bool:
    """Whether ``places`` are units of one level named as one set ("các xã: A, B và C", "5 huyện
    miền núi: A, B, C")."""
    if len({m.place.id for m in places}) < 2 or len({m.place.level for m in places}) > 1:
        return False
    if places[0].place.level == "province":
        return False
    first, last = min(m.start for m in places), max(m.start for m in places)
    return bool(_SET_OPENING.search(text, max(0, first - 24), last))


def _bare_line(text: str, s: int, e: int) -> bool:
    """Whether a sentence is a line of its own below the title that does not end as a sentence
    does: a photo's caption printed without "Ảnh:" ("Lãnh đạo Hội trao quà tại xã A"). What it
    names is not what the next paragraph is about ("Tại chương trình, Đoàn đã trao 103 suất …"
    speaks of the communes of the lead)."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", s)
    le = len(text) if le < 0 else le
    line = text[ls:le].strip()
    if not line or ls == 0 or text[ls:s].strip() or text[e:le].strip():
        return False
    return line[-1] not in '.!?:;…"”)»'


def _focus_places(reading: Reading, spans: list[tuple[int, int]]) -> list[Mention]:
    """The article's focus as places: the focus unit when it is a commune; else the communes that
    the lead (the first sentence naming places) names, when the focus holds them all; else the
    focus district. The province is never a focus: figures left there are province-wide."""
    focus = reading.focus
    if focus is None:
        return _lead_communes(reading, spans)
    if focus.level != "commune":
        for s, e in spans:
            if in_caption(reading.captions, s) or _bare_line(reading.text, s, e):
                continue  # a photo's caption ("… xã A. Ảnh: B", or a line of its own) is no lead
            named = [
                m for m in reading.mentions if s <= m.start < e and m.unit is not None and m.role == "place"
            ]
            lead = [m for m in _finest(named) if m.place.level == "commune"]
            if lead:  # the first sentence naming communes
                if all(_holds(reading, focus, m.place) for m in lead):
                    return lead
                break
            if any(m.place.id == focus.id for m in named) and len(named) > 1:
                break  # a lead giving the focus its full address: "Huyện A (tỉnh B) đã trao …"
    if focus.level == "province":
        return []
    return next(([m] for m in reading.mentions if m.unit is not None and m.place.id == focus.id), [])


def _lead_communes(reading: Reading, spans: list[tuple[int, int]]) -> list[Mention]:
    """With no unit the text is about, the communes of one parent that its lead names together
    ("giao bò giống … tại xã Yên Phú, Minh Hương (Hàm Yên)"): the article is about them all."""
    for s, e in spans:
        if in_caption(reading.captions, s) or _bare_line(reading.text, s, e):
            continue
        named = [m for m in reading.mentions if s <= m.start < e and m.unit is not None and m.role == "place"]
        lead = [m for m in _finest(named) if m.place.level == "commune"]
        if not lead:
            continue
        parents = {reading.parents[m.place.id].id for m in lead if m.place.id in reading.parents}
        if len({m.place.id for m in lead}) > 1 and len(parents) == 1:
            return lead
        return []
    return []


def _focus_set(reading: Reading, spans: list[tuple[int, int]], places: list[Mention]) -> list[Mention]:
    """The set of communes that the text names with its focus commune as one ("tổ chức ở các
    phường A, B và các xã C, D, E"), when the focus is named at most once elsewhere: the article
    is about all of them; else nothing (the set is the background of a story about the focus)."""
    focus = reading.focus
    if focus is None or focus.level != "commune":
        return []
    starts = [m.start for m in places]  # in order
    first = True  # the first sentence naming the focus may join it to the others by "và" alone
    for s, e in spans:
        within = places[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)]
        named = _finest([m for m in within if not in_caption(reading.captions, m.start)])
        if not any(m.place.id == focus.id for m in named):
            continue
        if _set_of_units(reading.text, named) or (first and _joined(reading.text, named)):
            elsewhere = [m for m in places if m.place.id == focus.id and not s <= m.start < e]
            return named if len(elsewhere) <= 1 else []
        first = False
    return []


def _joined(text: str, places: list[Mention]) -> bool:
    """Whether ``places`` are two or more communes, each with its type word, joined as one: "tại
    xã Tân Long và thị trấn Lao Bảo"."""
    ordered = sorted(places, key=lambda m: m.start)
    return (
        len({m.place.id for m in ordered}) > 1
        and all(m.type is not None and m.place.level == "commune" for m in ordered)
        and all(LIST_JOIN.fullmatch(text, a.end, b.start) for a, b in itertools.pairwise(ordered))
    )


def _holds(reading: Reading, outer: Unit, unit: Unit) -> bool:
    """Whether ``outer`` holds ``unit`` (by level and name along the unit's parents)."""
    parent = reading.parents.get(unit.id)
    while parent is not None:
        if parent.level == outer.level and parent.name == outer.name:
            return True
        parent = reading.parents.get(parent.id)
    return False


def first_named(reading: Reading, ids: set[str]) -> int:
    """Where the text first names one of the units ``ids``, in any role; its length if nowhere."""
    return min(
        (m.start for m in reading.mentions if m.unit is not None and m.unit.id in ids),
        default=len(reading.text),
    )


def bodies_holding(reading: Reading, focus: list[Mention], actors: list[Mention]) -> list[Mention]:
    """The districts or the province whose bodies, named with their type word, act in a sentence
    and hold the focus ("Hội LHPN huyện A đã trao 80 triệu đồng …", "BĐBP tỉnh B tổ chức 28
    chương trình …"; not a post named after a place, "Đồn Biên phòng A")."""
    return [
        m
        for m in _finest_level(actors)
        if m.place.level in ("district", "province")
        and m.type is not None
        and any(_holds(reading, m.place, f.place) for f in focus)
    ]
