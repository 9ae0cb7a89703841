"""The places each figure group of a sentence belongs to by its position: the places of its own
stretch, those right after it with the list they open, the place whose bracket it opens, the one
it is given to (``10 tấn gạo cho 376 hộ dân ở xã A``), as many places as it counts (see
``activities.build_activities``)."""

from __future__ import annotations

import re

from geo._mention import Mention
from geo._text import key, type_words
from geo._vocabulary import RECEIVER_BEFORE
from geo.figures import Figure
from geo.gazetteer import Unit


def _owners(
    text: str, s: int, e: int, groups: list[list[Figure]], mentions: list[Mention]
) -> list[list[Mention]]:
    """The places each figure group of a sentence belongs to by position (see build_activities)."""
    owners: list[list[Mention]] = []
    used: set[int] = set()
    last_named = max((m.start for m in mentions), default=-1)
    for k, group in enumerate(groups):
        lo = groups[k - 1][-1].end if k else s
        clause_start = text.rfind(";", lo, group[0].start)
        lo = max(lo, clause_start + 1 if clause_start >= 0 else lo)
        if last_named < lo:  # no place named from its stretch on: at most the one it is bracketed after
            bracketed = _bracketed_after(text, group[0], mentions)
            owners.append([bracketed] if bracketed is not None else [])
            continue
        hi = groups[k + 1][0].start if k + 1 < len(groups) else e
        clause_end = text.find(";", group[-1].end, hi)
        hi = clause_end if clause_end >= 0 else hi
        before = [m for m in mentions if lo <= m.start < group[0].start and id(m) not in used]
        following = groups[k + 1][0].start if k + 1 < len(groups) else None
        stretch = _right_after(text, group[-1].end, hi, mentions, following)
        if stretch and clause_end >= 0:
            stretch = stretch + _listed_on_after(text, clause_end, following or e, mentions)
        before, after = _finest_level(before), _finest(stretch)
        bracketed = _bracketed_after(text, group[0], mentions)
        if bracketed is not None:  # "xã Bình Khánh (13 hộ)": the figure of the place it follows
            owners.append([bracketed])
            continue
        enumerated = _enumerated_after(text, group[-1].end, following or e, mentions)
        if enumerated:  # "06 hộ gia đình gồm: ông A, xã X; bà B, xã Y": the items' places, all
            owners.append(enumerated)
            used.update(id(m) for m in enumerated)
            continue
        own = before
        held = _held_at(text, s, group[0].start, mentions) if after else []
        if held and _whose(text, group[-1].end, after[0].start):
            after, own = [], held  # "tại xã A với sự tham gia của 170 dân quân … của các xã B, C"
        if after and (not before or _level(after) < _level(before)):
            own = after
            used.update(id(m) for m in stretch)  # with its parents: "xã A Sào, Hưng Yên"
        elif before and not after:
            # "Tại huyện A, đoàn trao 140 phần quà cho …, gia đình … 02 xã B và C, mỗi phần …":
            # communes of the district named before, further on in the figure's stretch
            inner = [m for m in mentions if group[-1].end <= m.start < hi and id(m) not in used]
            inner = [m for m in _finest_level(inner) if any(_within(m.place, b.place) for b in before)]
            if inner and _level(inner) < _level(before):
                own = inner
                used.update(id(m) for m in inner)
        if not own:  # "15 gia đình chính sách, hộ nghèo của huyện A; 15 gia đình … của huyện B"
            tail = [m for m in mentions if group[-1].end <= m.start < hi and id(m) not in used]
            in_list = clause_end >= 0 or (k > 0 and ";" in text[groups[k - 1][-1].end : group[0].start])
            own = _finest_level(tail) if in_list else []
            used.update(id(m) for m in tail if own)
        owners.append(_counted_items(group[0], own, mentions, group[-1].end, following or e))
    return _shared_owners(text, groups, owners)


# What links a figure to the next one it is given to: "10 tấn gạo cho 376 hộ dân ở xã A",
# "trao 120 triệu đồng cho trên 100 hộ tại xã B".
_GIVEN_TO = re.compile(r"[^\d,;.:()]{0,30}\s" + RECEIVER_BEFORE, re.IGNORECASE)


# What links a figure to the measure of each of its items: "200 bao gạo, mỗi bao 10kg".
_EACH_OF_IT = re.compile(r"[^\d,;.:()]{0,20},?\s*(?:mỗi|từng)\s+\w+(?:\s+\w+)?\s*", re.IGNORECASE)


def _whose(text: str, end: int, place_start: int) -> bool:
    """Whether the places after a figure say whose it is ("170 dân quân … của các xã B, C")."""
    return _OF.search(text, end, place_start) is not None


def _held_at(text: str, s: int, start: int, mentions: list[Mention]) -> list[Mention]:
    """The places of the sentence before ``start`` said as where it was held ("tại thôn X, xã A")."""
    return _finest(
        [m for m in mentions if s <= m.start < start and _AT.search(text, max(s, m.start - 40), m.start)]
    )


_OF = re.compile(r"\bcủa\b", re.IGNORECASE)
_AT = re.compile(r"\b(?:tại|ở)\b[^,;.()]{0,30}(?:,\s*)?$", re.IGNORECASE)


def _shared_owners(text: str, groups: list[list[Figure]], owners: list[list[Mention]]) -> list[list[Mention]]:
    """A group with no place of its own takes those of the group it is given to ("10 tấn gạo cho
    376 hộ dân ở xã A": xã A) or of its items' measure, else those of the group before it."""
    for k in range(len(groups) - 2, -1, -1):
        between = (groups[k][-1].end, groups[k + 1][0].start)
        if not owners[k] and (_GIVEN_TO.fullmatch(text, *between) or _EACH_OF_IT.fullmatch(text, *between)):
            owners[k] = owners[k + 1]  # "200 bao gạo, mỗi bao 10kg cho bà con xã A": its measure's places
    _items_placed_after(text, groups, owners)
    for k in range(1, len(groups)):
        if not owners[k]:
            owners[k] = owners[k - 1]
    return owners


def _items_placed_after(text: str, groups: list[list[Figure]], owners: list[list[Mention]]) -> None:
    """In a sentence whose figures semicolons cut into items, an item whose first figures have no
    place takes the place named after them in the item ("…; Chi đoàn B kéo 500m đường dây, 17 cột
    đèn với tổng chi phí trên 15 triệu đồng ở xã C; …")."""
    if len(groups) < 2 or ";" not in text[groups[0][0].start : groups[-1][-1].end]:
        return
    first = 0
    for k in range(1, len(groups) + 1):
        if k < len(groups) and ";" not in text[groups[k - 1][-1].end : groups[k][0].start]:
            continue
        item = range(first, k)  # the groups of one item
        placed = next((j for j in item if owners[j]), None)
        if placed is not None and not owners[first]:
            for j in range(first, placed):
                owners[j] = owners[placed]
        first = k


def _within(inner: Unit, outer: Unit) -> bool:
    """Whether ``inner`` lies in ``outer`` by the names its record carries (any generation)."""
    if outer.level == "district":
        return (
            inner.level == "commune"
            and key(inner.district or "") == key(outer.name)
            and inner.province == outer.province
        )
    return outer.level == "province" and inner.level != "province" and inner.province == outer.province


def _counted_items(
    figure: Figure, own: list[Mention], mentions: list[Mention], start: int, end: int
) -> list[Mention]:
    """A count followed by as many places as it counts is theirs: "Hai hộ … là hộ bà A (phường
    X); ông B (xã Y)" → X and Y; otherwise ``own``."""
    count = figure.value
    if not isinstance(count, int) or not 2 <= count <= 12:
        return own
    named = [m for m in mentions if start <= m.start < end]
    items = _finest(named)  # each unit once; a commune named for two of the items counts twice
    ids = {m.place.id for m in items}
    if any(m.place.level != "commune" for m in items) or sum(m.place.id in ids for m in named) != count:
        return own
    return items if all(m.place.id in ids or m.place.level != "commune" for m in own) else own


_LIST_JOINER = re.compile(
    rf"\s*(?:\([^()]{{0,40}}\))?\s*(?:,|:|và|,\s*và)?\s*(?:(?:các|những)\s+)?(?:{type_words('commune')})?\s*:?\s*"
)


# What may open a list after a comma: ", thị trấn gồm: A, B" (the places go on).
_LIST_OPENING = re.compile(rf"(?:(?:các|những)\s+)?(?:{type_words('commune')})?\s*(?:gồm|là|như)?\s*:?\s*")


# What may stand between a place and the figure it heads: "xã A 08 căn", "xã A có 17 căn", "A nhận 4 nhà".
_HEADS_FIGURE = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:có|nhận|được|là|:|với)?\s*(?:hơn|gần|trên|khoảng)?\s*"
)


_SPACES = re.compile(r"\s*")
_STOPS = re.compile(r"[,;(]")
_BRACKET_OPENS = re.compile(r"\s*\(\s*")


def _skip(pattern: re.Pattern[str], text: str, at: int) -> int:
    """Where a pattern that may match nothing ends when matched at ``at``."""
    found = pattern.match(text, at)
    return found.end() if found else at


def _right_after(
    text: str, end: int, hi: int, mentions: list[Mention], next_figure: int | None
) -> list[Mention]:
    """The places that follow a figure in its own stretch ("… 20 suất quà cho xã A, …"), with the
    list they open ("… cho hộ nghèo các xã: A, B và C"); not a place that heads the next figure
    ("… 36 căn, xã A có 17 căn": xã A is the 17's)."""
    following = [m for m in mentions if end <= m.start < hi]
    starts = {m.start for m in following}
    near_end = hi
    for stop in _STOPS.finditer(text, end, hi):
        after = _skip(_SPACES, text, stop.end())
        opened = _skip(_LIST_OPENING, text, after)
        if stop.group() == ";" or not {after, opened} & starts:  # ", xã Y" goes on with an address
            near_end = stop.start()
            break
    out = [m for m in following if m.start < near_end]
    for m in following[len(out) :] if out else ():
        if not _LIST_JOINER.fullmatch(text[out[-1].end : m.start]):
            break
        out.append(m)
    if next_figure is not None:
        heads = [k for k, m in enumerate(out) if _HEADS_FIGURE.fullmatch(text[m.end : next_figure])]
        out = out[: heads[0]] if heads else out
    return out


_SEGMENT_OPENING = 24  # how far into a segment its first place may stand: "; thôn B, xã Z"


def _listed_on_after(text: str, at: int, hi: int, mentions: list[Mention]) -> list[Mention]:
    """The places that go on after a ``;`` ending a figure's places, up to ``hi`` (the next figure
    or the sentence's end): "cho bà con ở thôn A, xã X (huyện P); xã Y (huyện Q); thôn B, xã Z":
    each segment that names a place adds them; the first that names none ends the list."""
    out: list[Mention] = []
    while at < hi and text.startswith(";", at):
        end = text.find(";", at + 1, hi)
        end = hi if end < 0 else end
        named = [m for m in mentions if at < m.start < end]
        if not named or named[0].start - at > _SEGMENT_OPENING:
            break  # not "…; Công trình “Thắp sáng đường quê” tại thôn A (xã B": a new item
        out.extend(named)
        at = end
    return out


# A figure that opens the list of its items: "06 hộ gia đình gồm: …", "5 hộ, bao gồm có …".
_ENUMERATION = re.compile(r"[^\d.;:!?\n]{0,40}?\b(?:bao\s+)?gồm(?:\s+có)?\s*:?", re.IGNORECASE)


def _enumerated_after(text: str, end: int, hi: int, mentions: list[Mention]) -> list[Mention]:
    """The places of the items a figure enumerates up to ``hi`` (the next figure or the sentence's
    end), when they are two or more units of one level; else nothing."""
    opened = _ENUMERATION.match(text, end, hi)
    if opened is None:
        return []
    items = _finest_level([m for m in mentions if opened.end() <= m.start < hi])
    return items if len({m.place.id for m in items}) >= 2 else []


def _bracketed_after(text: str, figure: Figure, mentions: list[Mention]) -> Mention | None:
    """The place right before a bracket that opens with this figure, if any."""
    place = None
    for m in mentions:  # the first of those that end last before the figure
        if m.end <= figure.start and (place is None or m.end > place.end):
            place = m
    return place if place is not None and _BRACKET_OPENS.fullmatch(text, place.end, figure.start) else None


def _finest_level(mentions: list[Mention]) -> list[Mention]:
    """The places of the finest level among ``mentions`` ("huyện X … xã Y" → xã Y), each once."""
    places = _finest(mentions)
    if not places:
        return places
    level = _level(places)
    return [m for m in places if {"commune": 0, "district": 1, "province": 2}[m.place.level] == level]


def _level(places: list[Mention]) -> int:
    return min({"commune": 0, "district": 1, "province": 2}[m.place.level] for m in places)


def _finest(mentions: list[Mention]) -> list[Mention]:
    """The places of a sentence at their finest level, each unit once (parents of others dropped)."""
    if len(mentions) > 3:  # a mention given again (the figures of a list share their places) adds nothing
        mentions = list({id(m): m for m in mentions}.values())
    units = {m.place.id for m in mentions}
    parents = {m.place.parent_id for m in mentions}
    out, seen = [], set()
    for m in mentions:
        if m.place.id in parents or m.place.id in seen:
            continue
        if m.place.level == "province" and len(units) > 1:
            continue
        seen.add(m.place.id)
        out.append(m)
    return out
