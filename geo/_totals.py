"""Totals told with their lists: a figure that is the sum of a list's figures (``36 căn nhà`` = 17 +
8 + 11), or the same total said again, goes to all the list's places; amounts per item (``mỗi suất
3 triệu đồng``) are neither totals nor items (see ``activities.build_activities``)."""

from __future__ import annotations

import functools
import itertools
import re
from typing import TYPE_CHECKING

from geo._marks import any_syllable
from geo._mention import Mention
from geo._owners import _within
from geo._text import type_words
from geo._vocabulary import COUNTED_ALIKE, COUNTERS
from geo.figures import Figure

if TYPE_CHECKING:
    from geo.activities import Activity


_MAX_ITEMS = 60  # figures of one kind an article's list totals are looked for among


_MAX_TOTALS = 300  # figures checked as totals: an article has far fewer; a longer text stays linear


def _totals_of_lists(text: str, activities: list[Activity]) -> None:
    """Give a figure that is the sum of a list's figures to all the list's places: "36 căn nhà"
    then "xã A có 17 căn, xã B 08 căn, xã C 11 căn" (17 + 8 + 11 = 36), wherever the total stands
    (title, lead, after the list). The items are consecutive figures of the same thing, each
    owned by one place, at least two places; rates ("mỗi suất 3 triệu đồng") are neither. A total
    said again takes the places of the one that names them."""
    items = [
        (figure, activity, _thing(figure))
        for activity in activities
        if len(activity.places) == 1 or _each_unit(text, activity)
        for figure in activity.figures
        if not _rate(text, figure)
    ]
    # The first totals and shared figures, chosen before any of them is given places (a long
    # text's later activities are not looked at).
    totals = list(
        itertools.islice(
            (
                a
                for a in activities
                if a.figures
                and all(f.unit == "đồng" for f in a.figures[1:])  # "223 suất quà, trị giá …"
                and len(a.places) <= 1
                and not a.scoped
                and not _after_bracket(text, a.figures[0].start)  # "Tân Châu (40 căn)": an item
            ),
            _MAX_TOTALS,
        )
    )
    shared = list(
        itertools.islice((a for a in activities if len(a.figures) == 1 and len(a.places) > 1), _MAX_ITEMS)
    )
    title_end = _title_end(text)
    named_once = list(
        itertools.islice(
            (
                a
                for a in activities
                if len(a.figures) == 1 and _finer_than_province(a) and a.span[0] >= title_end
            ),
            _MAX_ITEMS,
        )
    )
    alike: dict[frozenset[str], list[tuple[Figure, Activity]]] = {}  # items by thing, bounded
    for activity in totals:
        total = activity.figures[0]
        if _rate(text, total):
            continue
        keys = _thing(total)
        if keys not in alike:
            alike[keys] = list(
                itertools.islice(((f, a) for f, a, thing in items if thing & keys), _MAX_ITEMS + 1)
            )
        same = [(f, a) for f, a in alike[keys] if a is not activity][:_MAX_ITEMS]
        run = _summing_run(total.value, same)
        # A total stands outside its list: before its places or in another sentence; a figure
        # after its own place in the list's sentence is one of the items ("xã A có 3 hộ; xã B …").
        inside = bool(run) and run[0][0].start < total.start < run[-1][0].start
        item = any(a.span == activity.span for _, a in run) and any(
            m.start < total.start for m in activity.places
        )
        if run and not inside and not item:
            places = list({m.place.id: m for _, a in run for m in a.places}.values())
            _give_total(activities, activity, places, {id(a) for _, a in run})
            continue
        # a title's total said again in the text, on one place there: "Trao 40 suất quà tết cho
        # nông dân vùng lũ Quảng Nam", then "trao 40 suất quà … tại xã Đại Cường"
        in_title = activity.span[1] <= title_end
        _said_again(activities, activity, shared + named_once if in_title else shared, keys)


def _said_again(
    activities: list[Activity], activity: Activity, shared: list[Activity], keys: frozenset[str]
) -> None:
    """The same total said again ("10 ngôi nhà" in the title, "10 gia đình … thuộc các xã: A, B,
    C" in the text) takes the places of the one that names them; what it cost goes with it when
    its sentence names no place ("Tổng kinh phí xây dựng 3 căn nhà là trên 500 triệu đồng"); other
    figures said with it stay: a value said again is weaker evidence than a sum."""
    total = activity.figures[0]
    again = next(
        (
            a
            for a in shared
            if _coarser_or_unnamed(activity, a)
            and a is not activity
            and a.figures[0].value == total.value
            and _thing(a.figures[0]) & keys
        ),
        None,
    )
    if again is None:
        return
    said_on = list(activity.units)
    for other in activities:
        costs = (
            not activity.named_here
            and other.span == activity.span
            and all(f.unit == "đồng" for f in other.figures)
        )
        if other is activity or (costs and other.figures and other.units == said_on):
            other.places, other.units = list(again.places), list(again.units)
            other.shared, other.province_wide = True, False


def _give_total(activities: list[Activity], total: Activity, places: list[Mention], items: set[int]) -> None:
    """Give a total the places of its items, with the figures said with it on the same place
    ("trích 340 triệu đồng … làm 17 nhà …, mức 20 triệu đồng/nhà"; "Tổng kinh phí xây dựng 3 căn
    nhà là trên 500 triệu đồng")."""
    said_on = list(total.units)
    for other in activities:
        if other.span == total.span and id(other) not in items and (other is total or other.units == said_on):
            other.places, other.units = list(places), [m.place for m in places]
            other.shared, other.province_wide = True, False


def _after_bracket(text: str, pos: int) -> bool:
    """Whether an opening bracket stands right before ``pos`` (spaces aside)."""
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] == "("


def _title_end(text: str) -> int:
    """Where the title ends: the first line with words, when it is as short as a title is; else
    the text has none (0)."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return end if end - start <= _TITLE_MOST else 0


_TITLE_MOST = 160  # characters


def _finer_than_province(activity: Activity) -> bool:
    """Whether an activity names several places, or one finer than a province: the places a total
    said again may take ("40 suất quà" in a title on the province, then "40 suất quà … tại xã A")."""
    return len(activity.places) > 1 or any(u.level != "province" for u in activity.units)


def _coarser_or_unnamed(total: Activity, named: Activity) -> bool:
    """Whether a total's own sentence names no place, or only the districts or provinces holding
    all the places of ``named`` ("10 ngôi nhà cho người nghèo trên biên giới Quảng Trị", "Năm Căn
    có thêm 3 cầu bê tông")."""
    if not total.named_here:
        return True
    return all(u.level != "commune" for u in total.units) and all(
        any(_within(inner, outer) for outer in total.units) for inner in named.units
    )


_EACH_BEFORE = re.compile(r"\bmỗi\b[^,.;:()]{0,24}$", re.IGNORECASE)


def _rate(text: str, figure: Figure) -> bool:
    """Whether a figure is an amount per item: "1 triệu đồng/suất", "mỗi suất 3 triệu đồng"."""
    return (
        "/" in figure.text
        or (text.startswith("/", figure.end) and not _COMPOUND_AFTER.match(text, figure.end))
        or (
            any_syllable(text, figure.start - 40, figure.start, _EACH)
            and bool(_EACH_BEFORE.search(text, max(0, figure.start - 40), figure.start))
            and not _EACH_UNIT.search(text, max(0, figure.start - 40), figure.start)
        )
    )


_EACH = ("mỗi",)


# "986 hộ/ 3.480 khẩu": two counts of one thing, not an amount per item.
_COMPOUND_AFTER = re.compile(r"/\s*\d")


def _thing(figure: Figure) -> frozenset[str]:
    """What a figure counts, for comparing totals with items: its unit's first word and its first
    word that is not a classifier ("36 căn nhà" → {căn, nhà}; "2 nhà" → {nhà})."""
    return _thing_of(figure.unit)


@functools.lru_cache(maxsize=1024)
def _thing_of(unit: str) -> frozenset[str]:
    words = unit.lower().split()
    if not words:
        return frozenset()
    noun = next((w for w in words if w not in COUNTERS), words[0])
    things = {words[0], noun}
    for alike in COUNTED_ALIKE:
        if things & alike:
            things |= alike
    return frozenset(things)


def _summing_run(value: float, items: list[tuple[Figure, Activity]]) -> list[tuple[Figure, Activity]]:
    """The first run of consecutive items, over at least two places, whose values add up to
    ``value``."""
    for i in range(len(items)):
        acc = 0.0
        for j in range(i, len(items)):
            acc += items[j][0].value * len(items[j][1].places)  # "mỗi huyện 02 nhà": 2 for each
            if acc > value:
                break
            run = items[i : j + 1]
            if acc == value and len({m.place.id for _, a in run for m in a.places}) > 1:
                return run
    return []


def _each_unit(text: str, activity: Activity) -> bool:
    """Whether an activity's one figure is each of its places' ("A, B, C mỗi huyện 02 nhà")."""
    return (
        len(activity.figures) == 1
        and len(activity.places) > 1
        and _EACH_UNIT.search(text, max(0, activity.figures[0].start - 40), activity.figures[0].start)
        is not None
    )


# "…, và các xã: A, B, C, mỗi xã 5 căn": a figure per unit listed, not the value of the one before.
_EACH_UNIT = re.compile(
    rf"\bmỗi\s+(?:{type_words('commune', 'district')}|địa\s+phương|đơn\s+vị)\s*$", re.IGNORECASE
)
