"""Group an article's figures into activities: what was done, by whom, when, where, how much.

Pure functions over a :class:`geo.extract.Reading`. The rules, in the order they apply:

* **Sentences** end at ``.``, ``!``, ``?``, ``…`` before a capital letter, and at line breaks
  (a photo caption is its own sentence). Clauses are separated by ``;``.
* **One activity per figure**, except figures that qualify the one before them in the same
  clause: a compound (``123 lớp/9.735 người``, ``12.461 lần với 37.167 người``), a rate
  (``đạt 100% chỉ tiêu``) or a value (``với trị giá … gần 3 tỉ đồng``).
* **The activity phrase** is the comma-separated chunk holding the figure, with one short chunk
  before it (``vận động, tuyển chọn 2.650 công dân nhập ngũ``), without linking words.
* **Places**: the communes (or districts, when no commune is named) mentioned in the sentence;
  several places share the figure (``shared``); none → the document's province.
* **Actor**: the nearest organisation-like subject before the figure in the sentence
  (``Trung đoàn 123, Bộ Chỉ huy Quân sự tỉnh``), else the previous sentence's.
* **Period**: ``từ năm 2016 đến nay``, ``năm 2016``, ``đầu năm 2017``, ``5 tháng đầu năm nay``…
  in the sentence, else the article's lead, else the document date.
* **A sentence that names a place but no figure** (a caption) is still an activity.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from geo import _dates
from geo._actors import in_caption, local_bodies
from geo._focus import (
    _bare_line,
    _focus_places,
    _focus_set,
    _holds,
    _set_of_units,
    bodies_holding,
    first_named,
)
from geo._long_text import walk_apart
from geo._marks import any_syllable, literals
from geo._mention import Mention
from geo._owners import _finest, _finest_level, _owners
from geo._phrases import (
    _ACTOR_HEADS,
    _VERBS,
    WINDOW,
    Words,
    _actor,
    _figure_groups,
    _quote,
    _when,
    group_words,
    kind_of,
    paragraph_end,
    sentences,
)
from geo._totals import _rate, _totals_of_lists
from geo.extract import Reading
from geo.figures import Figure
from geo.gazetteer import Unit


@dataclass
class Activity:
    """One activity read from an article (before it becomes a record)."""

    phrase: str
    kind: str
    actor: str
    figures: list[Figure]
    places: list[Mention]
    units: list[Unit]
    start: dt.date
    end: dt.date | None
    shared: bool
    quote: str
    span: tuple[int, int]
    province_wide: bool = False
    notes: list[str] = field(default_factory=list)
    date_source: str = "article"  # "sentence" (its own date), "period" (a period it names), "lead", "article"
    named_here: bool = False  # its places are named in its own sentence (not carried, focus or scope)
    scoped: bool = False  # its clause says it is the province's ("trên địa bàn tỉnh"): no list's total

    def to_json(self) -> dict[str, object]:
        return {
            "date_source": self.date_source,
            "activity": self.phrase,
            "kind": self.kind,
            "actor": self.actor,
            "figures": [f.to_dict() for f in self.figures],
            "places": [m.text for m in self.places],
            "unit_ids": [u.id for u in self.units],
            "level": [u.level for u in self.units],
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "shared": self.shared,
            "province_wide": self.province_wide,
            "quote": self.quote,
            "start_offset": self.span[0],
            "end_offset": self.span[1],
        }


# ----------------------------------------------------------------------------------------- periods


# ------------------------------------------------------------------------------------------ groups


_SCOPE_PROVINCE = re.compile(
    r"toàn tỉnh|trên địa bàn tỉnh|trong tỉnh|cả tỉnh|toàn thành phố|trên địa bàn thành phố|các huyện, thành phố|"
    r"các huyện, thị xã|các địa phương trong tỉnh",
)
# The province's body telling a period's total, no place named: "LĐLĐ tỉnh đã hỗ trợ trong năm 2019 là 18 nhà".
_PROVINCE_BODY_TOTAL = re.compile(
    r"\btỉnh\b[^.;:]{0,80}?(?:từ đầu năm|trong năm|thời gian qua|đến nay|lũy kế|tính đến|năm 20\d\d)",
    re.IGNORECASE,
)
_SCOPE_DISTRICT = re.compile(
    r"toàn huyện|trên địa bàn huyện|trong huyện|cả huyện|toàn quận|trên địa bàn quận|toàn thị xã",
)


def build_activities(reading: Reading) -> list[Activity]:
    """Every activity of the article, in document order (see the module docstring).

    A figure belongs to the place of its own stretch of the sentence (the places between the
    previous figure and it, else those right after it), then to the places of the figure before
    it in the sentence, then of the sentence; otherwise to the place the paragraph is about
    (carried from its earlier sentences), then to the article's focus; to the district or the
    province only when the clause says so (``toàn tỉnh``, ``trên địa bàn huyện``) or nothing
    finer is named. Context figures (statistics of the setting) are not activities.
    """
    walk = _Walk(reading)
    walk_apart(walk, sentences(reading.text))  # one after the other (a long text: on two cores)
    _totals_of_lists(reading.text, walk.activities)
    return walk.activities


class _Located(Protocol):
    @property
    def start(self) -> int: ...


_T = TypeVar("_T", bound=_Located)


class _Sorted(Generic[_T]):
    """Items with a start offset, found per sentence by bisection: linear in the text."""

    def __init__(self, items: list[_T]) -> None:
        self.items = sorted(items, key=lambda item: item.start)
        self.starts = [item.start for item in self.items]

    def between(self, start: int, end: int) -> list[_T]:
        return _between(self.items, self.starts, start, end)


@dataclass
class _Sentence:
    """One sentence being read: its span, text, places and period."""

    start: int
    end: int
    text: str
    mentions: list[Mention]
    places: list[Mention]
    period: tuple[dt.date, dt.date | None, str]


class _Walk:
    """Reads an article sentence by sentence, carrying what a reader carries: the places the
    paragraph is about, a scope said once ("trên địa bàn huyện"), the last actor."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.text = reading.text
        self.doc = reading.document
        self.day = self.doc.date or self.doc.as_of or dt.date.today()
        self.dated = [f for f in _dates.body_dates(self.text) if f.kind != "line"]
        spans = sentences(self.text)
        lead = next(
            (w for s, e in spans[:4] if (w := _when(self.text[s:e], s, e, self.day, self.dated))), None
        )
        self.default_period = (lead[0], lead[1], "lead") if lead else (self.day, None, "article")
        self.activities: list[Activity] = []
        self.prepared: dict[int, Words] = {}  # words of figure groups made ahead (``_long_text``), by start
        self.previous_actor = ""
        self.early: list[Mention] = []  # a district's or province's bodies acting before the focus is named
        self.places = _Sorted(
            [
                m
                for m in reading.mentions
                if m.unit is not None and m.role == "place" and not m.heading and not m.origin
            ]
        )
        self.focus = _focus_set(reading, spans, self.places.items) or _focus_places(reading, spans)
        self.focus_ids = {m.place.id for m in self.focus}
        self.focus_named_at = first_named(reading, self.focus_ids)  # as a place or in a body's name
        self.focus_is_commune = any(m.place.level == "commune" for m in self.focus)
        self.title = next(
            (m for m in reading.mentions if m.heading and m.unit is not None and m.place.level == "district"),
            None,
        )
        self.focus_list: list[Mention] = []
        self.carried: list[Mention] = []
        self.seen: list[Mention] = []  # the places named so far (for "Tổng trị giá 3 căn nhà")
        self.carried_scope: Unit | None = None  # "… trên địa bàn huyện." then "Trong đó trao 28 suất …"
        self.paragraph_end = -1
        self.in_province: dict[str, bool] = {}  # unit id → whether it lies in the article's province
        self.figures = _Sorted([f for f in reading.figures if f.role == "activity"])
        self.actors = _Sorted([m for m in reading.mentions if m.unit is not None and m.role == "actor"])

    def sentence(self, s: int, e: int) -> None:
        if s > self.paragraph_end:  # a new paragraph: no place carried over; a scope is, until a place
            if _set_of_units(self.text, self.carried) and (
                not self.focus
                or any(
                    m.place.id == f.place.id or _holds(self.reading, m.place, f.place)
                    for m in self.carried
                    for f in self.focus
                )
            ):
                # the focus and the places named with it ("3 xã A, B và C"; "5 huyện: A, B …" when
                # one holds it), or, with no focus, the set the text is about ("tại các xã A, B")
                self.focus_list = self.carried
            if not _HERE.match(self.text, s):  # "Tại đây, đoàn đã trao …": the place just named
                self.carried = []
            self.paragraph_end = paragraph_end(self.text, s)
        text = self.text[s:e]
        mentions = self.places.between(s, e)
        places = _finest(mentions)
        seen_before = len(self.seen)  # those of the sentences before this one: self.seen[:seen_before]
        self.seen.extend(m for m in mentions if not in_caption(self.reading.captions, m.start))
        period = _when(text, s, e, self.day, self.dated) or self.default_period
        here = _Sentence(s, e, text, mentions, places, period)
        figures = self.figures.between(s, e)
        if figures:
            self._figures(here, figures, seen_before)
            return
        if places and _VERBS.search(" " + text):
            actor = _actor(text, len(text)) or self.previous_actor
            self.activities.append(
                _activity(text.strip(), [], places, actor, period, text, (s, e), self.doc.province)
            )
        if places and not _bare_line(self.text, s, e):
            self.carried, self.carried_scope = places, None
        elif not places:
            # A local body as the subject ("Huyện đoàn X đã tổ chức nhiều hoạt động. Các Xã đoàn
            # tổ chức 6 buổi …"): the paragraph is about its unit; a commune's own body ("Ủy ban
            # MTTQ xã A bàn giao nhà … Ngôi nhà … 120 triệu đồng") even in an article about another.
            actors = self.actors.between(s, e)
            bodies = _finest(local_bodies(actors))
            if bodies:
                self.carried = bodies
            elif not self.focus and not self.carried:
                self.carried = _organisation_units(actors)
            scope = _scope(self.reading, text, self.carried)
            if scope is not None and not bodies:
                # "… các cấp bộ Đoàn trong tỉnh triển khai có hiệu quả. Qua đó, đã làm mới 15 tuyến
                # đường": the figures that follow are the province's
                self.carried, self.carried_scope = [], scope

    def _figures(self, here: _Sentence, figures: list[Figure], seen: int) -> None:
        # Nothing else placing the text, an organisation's unit tells where it works
        # ("Hội Khuyến học huyện X trao 160 suất học bổng").
        # A commune's own bodies work in it ("UBND xã A huy động 100 ngày công"): their commune
        # comes before a focus that is not a commune.
        sentence_actors = self.actors.between(here.start, here.end)
        actors = [] if self.focus else _organisation_units(sentence_actors)
        before = self.focus_is_commune and here.start < self.focus_named_at
        self.early = (
            (bodies_holding(self.reading, self.focus, sentence_actors) or self.early) if before else []
        )
        own_bodies = _finest(local_bodies(sentence_actors))
        groups = _figure_groups(self.text, figures)
        owners = [
            self._home_side(here, g, own)
            for g, own in zip(
                groups, _owners(self.text, here.start, here.end, groups, here.mentions), strict=True
            )
        ]
        # An amount per item closing a list is every item's ("2 hộ ở xã A và 1 hộ ở xã B với số
        # tiền 50 triệu đồng/hộ").
        listed = _finest([m for own in owners for m in own])
        if len({m.place.id for m in listed}) > 1 and owners[-1] and _rate(self.text, groups[-1][0]):
            owners[-1] = listed
        read_to: int | None = None
        scoped_here = False
        previous: list[Mention] = []  # the places of the figure before, in this sentence
        for k, (group, own) in enumerate(zip(groups, owners, strict=True)):
            following = groups[k + 1][0].start if k + 1 < len(groups) else None
            ls, le = self._window(here, group)
            actor = self._actor_of(here, group, read_to, le)
            read_to = group[0].start
            scope = self._scope_of(here, group, own, following, (ls, le))
            scoped_here = scoped_here or scope is not None
            if scope is None and not own and not here.places and not self.carried and not previous:
                scope = self.carried_scope
            province: Unit | None
            if scope is not None:
                near, province = [], scope
                self.carried_scope = scope
            elif (
                not own
                and not here.places
                and _TOTAL.search(self.text, max(here.start, group[0].start - 30), group[0].start)
                and group[0].unit not in ("đồng", "")  # a sum of money is the organiser's, a count the items'
            ):
                # "Tổng trị giá 3 căn nhà khoảng 80 triệu đồng": all the places named so far
                near, province = (
                    _finest_level(_finest(self.seen[:seen]))
                    or self._near(here, group, own, own_bodies, actors),
                    self.doc.province,
                )
            elif not own and not here.places and previous:
                # "Tổng kinh phí xây dựng 3 căn nhà là trên 500 triệu đồng": the houses' places
                near, province = previous, self.doc.province
            else:
                near = self._near(here, group, own, own_bodies, actors)
                province = self.doc.province
            previous = near
            activity = self._activity(here, group, actor, near, province)
            activity.named_here = bool(scope is None and (own or here.places))
            activity.scoped = scope is not None and scope.level == "province"
            self.activities.append(activity)
        # The next sentences of the paragraph speak of all the places this one gave figures to
        # ("xã A 20 suất, xã B 20 suất … Mỗi suất trị giá 1 triệu đồng").
        owned = (
            _finest([m for own in owners for m in own]) or here.places or (actors if not self.carried else [])
        )
        if owned:
            self.carried = owned
        if here.places and not scoped_here:
            self.carried_scope = None

    def _activity(
        self, here: _Sentence, group: list[Figure], actor: str, near: list[Mention], province: Unit | None
    ) -> Activity:
        """The activity of a group of figures, with its words (``group_words``) made ahead or here."""
        words = self.prepared.get(group[0].start) or group_words(
            self.text, here.start, here.end, here.text, group, self.day
        )
        phrase, local = words[0], words[3]
        span = (here.start, here.end)
        return _activity(phrase, group, near, actor, local or here.period, here.text, span, province, words)

    def _home_side(self, here: _Sentence, group: list[Figure], own: list[Mention]) -> list[Mention]:
        """A figure whose places all lie outside the article's province, in a sentence naming a
        place inside it further on, is that place's ("đoàn từ thiện tại TP. Hồ Chí Minh tặng 10
        chiếc xe đạp … cho thiếu nhi xã A"); named only before it, they are the givers' home and
        the figure goes where the text is: a provincial paper reports what reached its people."""
        province = self.doc.province
        if not own or province is None or province.level != "province":
            return own
        if any(self._in_province(m.place) for m in own):
            return own
        inside = [
            m for m in here.places if m.start > group[-1].end and _holds(self.reading, province, m.place)
        ]
        if inside:
            return inside
        # "gia đình ông A ở phường X, thành phố Thủ Đức hỗ trợ 70 triệu đồng" in a text about a
        # bridge of Bến Tre: the givers' home; the gift went where the text is (before the figure)
        finer = self._current()
        if all(m.end <= group[0].start for m in own) and finer and self._all_inside(finer):
            return finer
        return own

    def _in_province(self, unit: Unit) -> bool:
        """Whether a unit is the article's province or lies in it (worked out once per unit)."""
        inside = self.in_province.get(unit.id)
        if inside is None:
            province = self.doc.province
            inside = province is not None and (unit.id == province.id or _holds(self.reading, province, unit))
            self.in_province[unit.id] = inside
        return inside

    @staticmethod
    def _window(here: _Sentence, group: list[Figure]) -> tuple[int, int]:
        """Each figure is read within a bounded stretch around it, however long its sentence."""
        return max(here.start, group[0].start - WINDOW), min(here.end, group[-1].end + WINDOW)

    def _actor_of(self, here: _Sentence, group: list[Figure], read_to: int | None, le: int) -> str:
        first = group[0]
        if read_to is not None and not _ACTOR_HEADS.search(self.text, read_to, first.start):
            actor = self.previous_actor  # no new subject since the figure before, in this sentence
        else:
            actor_start = max(here.start, first.start - _ACTOR_WINDOW)  # a subject may open a long sentence
            actor = _actor(self.text[actor_start:le], first.start - actor_start) or self.previous_actor
        self.previous_actor = actor or self.previous_actor
        return actor

    def _scope_of(
        self,
        here: _Sentence,
        group: list[Figure],
        own: list[Mention],
        following: int | None,
        window: tuple[int, int],
    ) -> Unit | None:
        """The clause's scope, before the figure or after it up to the next figure ("trao 53 suất
        học bổng … trên địa bàn huyện"), or the title's district; ``window``: the group's (``_window``)."""
        first = group[0]
        ls, le = window
        clause_start = self.text.rfind(";", ls, first.start) + 1 or ls
        clause_end = following if following is not None else le
        semicolon = self.text.find(";", group[-1].end, le)
        clause_end = min(clause_end, le) if semicolon < 0 else min(clause_end, le, semicolon)
        scope = None
        if _may_scope(self.text, clause_start, first.start):
            scope = _scope(
                self.reading, self.text[clause_start : first.start], own or here.places or self.carried
            )
        if (
            scope is None
            and _may_scope(self.text, group[-1].end, clause_end)
            and not any(m.place.level == "commune" for m in own or here.places)
        ):
            scope = _scope(self.reading, self.text[group[-1].end : clause_end], self.carried)
        if (
            scope is None
            and not own
            and not here.places
            and _PROVINCE_BODY_TOTAL.search(self.text, max(clause_start, first.start - 160), first.start)
        ):
            scope = self.doc.province
        title = self.title
        if scope is None and title is not None and here.start <= title.start < here.end and not own:
            scope = title.unit  # "Hoài Nhơn: Trao 53 suất học bổng": the title's district
        return scope

    def _near(
        self,
        here: _Sentence,
        group: list[Figure],
        own: list[Mention],
        own_bodies: list[Mention],
        actors: list[Mention],
    ) -> list[Mention]:
        """The places a figure without a scope belongs to: its own, its sentence's up to its clause's
        end, a commune's own body's, the paragraph's, the focus's, its organisation's."""
        clause_end = self.text.find(";", group[-1].end, here.end)
        clause_end = here.end if clause_end < 0 else clause_end
        named = own or [m for m in here.places if m.start < clause_end]  # not a later clause's
        if own_bodies and named and _all_hold(self.reading, named, own_bodies):
            named = own_bodies  # "UBND xã A trao 250 suất quà … ở Cà Mau": xã A
        elif not named and any(m.venue for m in own_bodies):
            named = [m for m in own_bodies if m.venue]  # "Tại điểm khám Trung tâm Y tế X, … 300 người"
        elif own_bodies and not named and not self.carried and not self.focus_is_commune:
            named = own_bodies
        finer = self._current()
        # "… đã phối hợp với tỉnh Thái Nguyên khám bệnh, cấp phát 200 suất thuốc" in a text about
        # two of its communes: the province before the figure is a partner or a fund ("Quỹ …
        # thành phố Huế hỗ trợ 60 triệu đồng"), the figure the communes'.
        if named and finer and self._only_province_before(named, group[0].start) and self._all_inside(finer):
            return finer
        return named or finer or actors

    def _current(self) -> list[Mention]:
        """The places the text is about here: the paragraph's, the focus set, a body's (below), the focus."""
        return self.carried or self.focus_list or self.early or self.focus

    def _all_inside(self, places: list[Mention]) -> bool:
        """Whether every place lies inside the article's province (none is the province itself)."""
        return all(m.place.level != "province" and self._in_province(m.place) for m in places)

    def _only_province_before(self, named: list[Mention], start: int) -> bool:
        """Whether the places named are the article's province only, all written before ``start``."""
        province = self.doc.province
        return province is not None and all(m.place.id == province.id and m.end <= start for m in named)


# A total of what the text told so far: "Tổng trị giá 3 căn nhà", "Tổng cộng 120 suất quà".
_TOTAL = re.compile(
    r"\btổng(?:\s+cộng|\s+số|\s+trị\s+giá|\s+kinh\s+phí)?\s*(?:là|gồm|được)?\s*$", re.IGNORECASE
)


# A paragraph opening on the place or event just told: "Tại đây, …", "Cũng tại đó, …", "Tại lễ
# bàn giao, …", "Tại buổi lễ, …", "Tại các nơi đến, …"; or on the things just listed: "Các công
# trình được khởi công …", "Những ngôi nhà …", "Mỗi hộ được hỗ trợ …" (a paragraph of its own opens
# on a new subject).
_HERE = re.compile(
    r"\s*(?:(?:cũng\s+)?(?:(?:tại|ở)\s+(?:đây|đó|(?:buổi\s+)?lễ|buổi|chương\s+trình|các\s+(?:nơi|điểm)))|các|những|mỗi)\b",
    re.IGNORECASE,
)


def _all_hold(reading: Reading, outer: list[Mention], inner: list[Mention]) -> bool:
    """Whether every place of ``outer`` is coarser than a commune and holds one of ``inner``."""
    return all(
        m.place.level != "commune" and any(_holds(reading, m.place, b.place) for b in inner) for m in outer
    )


def _organisation_units(actors: list[Mention]) -> list[Mention]:
    """The units of a sentence's organisations finer than a province, finest level only."""
    return _finest_level([m for m in actors if m.place.level != "province"])


_ACTOR_WINDOW = 400  # characters before a figure that its actor is looked for in


def _between(items: list[_T], starts: list[int], s: int, e: int) -> list[_T]:
    """The items whose start lies in [s, e), from ``starts`` (sorted) by bisection."""
    return items[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)]


_PROVINCE_PHRASES, _DISTRICT_PHRASES = literals(_SCOPE_PROVINCE), literals(_SCOPE_DISTRICT)
_SCOPE_PHRASES = _PROVINCE_PHRASES + _DISTRICT_PHRASES if _PROVINCE_PHRASES and _DISTRICT_PHRASES else None


def _may_scope(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` may name a scope (a quick look in the text's index of its
    scope phrases, before the stretch is cut out and searched)."""
    return _SCOPE_PHRASES is None or any_syllable(text, start, end, _SCOPE_PHRASES)


def _scope(reading: Reading, clause: str, near: list[Mention]) -> Unit | None:
    """The province or district that a clause names as its whole scope (``toàn tỉnh``), if any:
    not when the figure's own places are finer ("trên địa bàn tỉnh X, trong đó xã Y 03 căn")."""
    low = clause.lower()  # the scope phrases are written in lower case: no case-folding search
    province_wide = _SCOPE_PROVINCE.search(low) is not None
    if not province_wide and _SCOPE_DISTRICT.search(low) is None:
        return None
    if any(m.place.level == "commune" for m in near) and _own_commune(clause, near):
        return None
    if province_wide:
        return reading.document.province
    for mention in near:
        unit: Unit | None = mention.place
        while unit is not None and unit.level == "commune":
            unit = reading.parents.get(unit.id)
        if unit is not None and unit.level == "district":
            return unit
    focus = reading.focus
    while focus is not None and focus.level == "commune":
        focus = reading.parents.get(focus.id)
    if focus is not None and focus.level == "district":
        return focus
    return reading.document.province


def _own_commune(clause: str, near: list[Mention]) -> bool:
    """Whether a commune of ``near`` is named in the clause after its last scope phrase."""
    low = clause.lower()  # as long as the clause: Vietnamese letters keep their length in lower case
    scope = max(
        (m.end() for m in (*_SCOPE_PROVINCE.finditer(low), *_SCOPE_DISTRICT.finditer(low))),
        default=None,
    )
    if scope is None:
        return False
    tail = clause[scope:]
    return any(m.place.level == "commune" and m.text in tail for m in near)


def _activity(
    phrase: str,
    figures: list[Figure],
    places: list[Mention],
    actor: str,
    when: tuple[dt.date, dt.date | None, str],
    sentence: str,
    span: tuple[int, int],
    province: Unit | None,
    words: Words | None = None,
) -> Activity:
    units = [m.place for m in places]
    province_wide = not units and (province is None or province.level == "province")
    if not units and province is not None:
        units = [province]
    # the kinds are written in lower case: no case-folding search
    kind, quote = (
        (words[1], words[2]) if words else (kind_of(phrase.lower()), _quote(sentence, span[0], figures))
    )
    return Activity(
        phrase=phrase,
        kind=kind,
        actor=actor,
        figures=figures,
        places=places,
        units=units,
        start=when[0],
        end=when[1],
        date_source=when[2],
        shared=len(units) > 1,
        quote=quote,
        span=span,
        province_wide=province_wide,
    )
