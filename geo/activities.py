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
import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from geo import _dates
from geo._actors import commune_body, in_caption
from geo._mention import Mention
from geo._text import key
from geo._vocabulary import COUNTED_ALIKE, COUNTERS, NUMBER_WORDS
from geo.extract import Reading
from geo.figures import Figure
from geo.gazetteer import Unit

# A sentence ends at . ! ? … before a capital, not after an abbreviated type word ("TP. Bạc Liêu").
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])(?<!\bTP\.)(?<!\bTp\.)(?<!\btp\.)(?<!\bTX\.)(?<!\bTx\.)(?<!\btx\.)(?<!\bTT\.)(?<!\btt\.)(?<!\bH\.)(?<!\bQ\.)(?<!\bP\.)(?<!\bX\.)[\"”’)]*\s+(?=[\"“‘(]?[A-ZĐÀ-Ỹ])|\n+"
)
_LINKING = re.compile(r"^(?:trong đó|với|và|cùng|đồng thời|qua đó|từ đó)\s+", re.IGNORECASE)
_JOINED = re.compile(r"^\s*(?:/|với|,?\s*trong đó(?: có)?|gồm)\s*$", re.IGNORECASE)
_RATE_OR_VALUE = re.compile(
    r"(?:đạt|bằng|chiếm|trị giá|giá trị|thành tiền|kinh phí|mỗi\s+\w+(?:\s+quà)?(?:\s+(?:trị giá|gồm|được|là))?)\s*$",
    re.IGNORECASE,
)  # "350 suất quà, mỗi suất trên 300.000 đồng": the value of each goes with the count
_ACTOR_HEADS = re.compile(
    r"(?:(?<=[\s,:;(])|^)(?:Ban\s+[Cc]hỉ|Bộ\s+Chỉ|Bộ\s+đội|Trung\s+đoàn|Sư\s+đoàn|Lữ\s+đoàn|Tiểu\s+đoàn|"
    r"Đồn\s+Biên|Hội\s|Đoàn\s|Huyện\s+đoàn|Tỉnh\s+đoàn|Sở\s|UBND|Ủy\s+ban|Uỷ\s+ban|Công\s+an|Mặt\s+trận|"
    r"Cán\s+bộ|[Ll]ực\s+lượng|[Cc]ác\s+tổ\s+chức|[Cc]ác\s+đơn\s+vị|Chi\s+đoàn|Hội\s+viên|[Đđ]oàn\s+viên|"
    r"Phòng\s|Trường\s|Bệnh\s+viện|Ngân\s+hàng|Công\s+ty)"
)
_VERBS = re.compile(
    r"(?:^|\s)(?:đã\s+|cũng\s+|đang\s+|chủ\s+động\s+|tích\s+cực\s+)*(?:vận\s+động|tuyển\s+chọn|tham\s+gia|đóng\s+góp|"
    r"huy\s+động|phối\s+hợp|đưa|giúp|hỗ\s+trợ|xây\s+dựng|làm|tặng|trao|bê\s+tông|sửa|nạo\s+vét|khám|"
    r"cấp|đổ|tuyên\s+truyền|thực\s+hiện|triển\s+khai|đảm\s+nhận|có|hoàn\s+thành|tuyển|bồi\s+dưỡng|kết\s+hợp)\b"
)
_KINDS = (
    ("tuyển quân", re.compile(r"nhập ngũ|tuyển quân|nghĩa vụ quân sự|giao quân")),
    ("an ninh, trật tự", re.compile(r"tuần tra|an ninh|trật tự|canh gác")),
    ("tuyên truyền, bồi dưỡng", re.compile(r"bồi dưỡng|tuyên truyền|lớp|tập huấn|giáo dục")),
    (
        "nông thôn mới",
        re.compile(r"nông thôn mới|đường|bê tông|kênh|mương|san lấp|đào đắp|cầu|nhà văn hóa"),
    ),
    ("giúp dân", re.compile(r"giúp|hỗ trợ|tặng|trao|khám|cấp phát|gia đình chính sách")),
    ("dân vận", re.compile(r"ngày công|dân vận|huy động")),
)


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


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in document order."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append(_trim(text, start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# ----------------------------------------------------------------------------------------- periods


_SINCE = re.compile(r"từ\s+(?:đầu\s+)?năm\s+((?:19|20)\d\d)\s+(?:đến|tới)\s+nay", re.IGNORECASE)
_FIRST_MONTHS = re.compile(r"(\d{1,2})\s+tháng\s+đầu\s+năm\s+(nay|((?:19|20)\d\d))", re.IGNORECASE)
_YEAR_PART = re.compile(r"(đầu|cuối|giữa)?\s*năm\s+((?:19|20)\d\d|nay)", re.IGNORECASE)


def period(text: str, day: dt.date) -> tuple[dt.date, dt.date | None] | None:
    """The period a sentence speaks of, relative to the document date; None when it names none."""
    if "năm" not in text and "Năm" not in text:
        return None
    found: list[tuple[dt.date, dt.date]] = []
    for m in _SINCE.finditer(text):
        found.append((dt.date(int(m.group(1)), 1, 1), day))
    for m in _FIRST_MONTHS.finditer(text):
        year = day.year if m.group(2).lower() == "nay" else int(m.group(2))
        months = min(12, int(m.group(1)))
        found.append((dt.date(year, 1, 1), dt.date(year, months, calendar.monthrange(year, months)[1])))
    for m in _YEAR_PART.finditer(text):
        if text[max(0, m.start() - 4) : m.start()].lower().strip().endswith("từ"):
            continue
        year = day.year if m.group(2).lower() == "nay" else int(m.group(2))
        part = (m.group(1) or "").lower()
        first, last = {"đầu": (1, 3), "giữa": (4, 9), "cuối": (10, 12)}.get(part, (1, 12))
        found.append((dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])))
    if not found:
        return None
    start = min(f[0] for f in found)
    end = max(f[1] for f in found)
    end = min(end, day) if end > day >= start else end
    return start, max(end, start)  # "từ năm 2030 đến nay" in a 2020 text: not a negative period


# ------------------------------------------------------------------------------------------ groups


_SCOPE_PROVINCE = re.compile(
    r"toàn tỉnh|trên địa bàn tỉnh|trong tỉnh|cả tỉnh|toàn thành phố|trên địa bàn thành phố|cấp tỉnh|các huyện, thành phố|"
    r"các huyện, thị xã|các địa phương trong tỉnh",
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
    for s, e in sentences(reading.text):
        walk.sentence(s, e)
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
        self.previous_actor = ""
        self.places = _Sorted(
            [
                m
                for m in reading.mentions
                if m.unit is not None and m.role == "place" and not m.heading and not m.origin
            ]
        )
        self.focus = _focus_set(reading, spans, self.places) or _focus_places(reading, spans)
        self.focus_ids = {m.place.id for m in self.focus}
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
            self.paragraph_end = _paragraph_end(self.text, s)
        text = self.text[s:e]
        mentions = self.places.between(s, e)
        places = _finest(mentions)
        seen_before = self.seen
        self.seen = self.seen + [m for m in mentions if not in_caption(self.reading.captions, m.start)]
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
        if places:
            self.carried, self.carried_scope = places, None
        else:
            # A local body as the subject ("Huyện đoàn X đã tổ chức nhiều hoạt động. Các Xã đoàn
            # tổ chức 6 buổi …"): the paragraph is about its unit; a commune's own body ("Ủy ban
            # MTTQ xã A bàn giao nhà … Ngôi nhà … 120 triệu đồng") even in an article about another.
            actors = self.actors.between(s, e)
            bodies = _finest([m for m in actors if commune_body(m) or m.venue])
            if bodies:
                self.carried = bodies
            elif not self.focus and not self.carried:
                self.carried = _organisation_units(actors)
            scope = _scope(self.reading, text, self.carried)
            if scope is not None and not bodies:
                # "… các cấp bộ Đoàn trong tỉnh triển khai có hiệu quả. Qua đó, đã làm mới 15 tuyến
                # đường": the figures that follow are the province's
                self.carried, self.carried_scope = [], scope

    def _figures(self, here: _Sentence, figures: list[Figure], seen: list[Mention]) -> None:
        # Nothing else placing the text, an organisation's unit tells where it works
        # ("Hội Khuyến học huyện X trao 160 suất học bổng").
        # A commune's own bodies work in it ("UBND xã A huy động 100 ngày công"): their commune
        # comes before a focus that is not a commune.
        sentence_actors = self.actors.between(here.start, here.end)
        actors = [] if self.focus else _organisation_units(sentence_actors)
        own_bodies = _finest([m for m in sentence_actors if commune_body(m) or m.venue])
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
        for k, (group, own) in enumerate(zip(groups, owners, strict=True)):
            following = groups[k + 1][0].start if k + 1 < len(groups) else None
            actor = self._actor_of(here, group, read_to)
            read_to = group[0].start
            scope = self._scope_of(here, group, own, following)
            scoped_here = scoped_here or scope is not None
            if scope is None and not own and not here.places and not self.carried:
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
                    _finest_level(_finest(seen)) or self._near(here, group, own, own_bodies, actors),
                    self.doc.province,
                )
            else:
                near = self._near(here, group, own, own_bodies, actors)
                province = self.doc.province
            first = group[0]
            ls, le = self._window(here, group)
            local = _when(_clause(self.text, ls, le, first), ls, le, self.day, [])
            phrase = _phrase(self.text, ls, le, first, group[-1])
            activity = _activity(
                phrase, group, near, actor, local or here.period, here.text, (here.start, here.end), province
            )
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

    def _home_side(self, here: _Sentence, group: list[Figure], own: list[Mention]) -> list[Mention]:
        """A figure whose places all lie outside the article's province, in a sentence naming a
        place inside it further on, is that place's ("đoàn từ thiện tại TP. Hồ Chí Minh tặng 10
        chiếc xe đạp … cho thiếu nhi xã A"): a provincial paper reports what reached its people."""
        province = self.doc.province
        if not own or province is None or province.level != "province":
            return own
        if any(m.place.id == province.id or _holds(self.reading, province, m.place) for m in own):
            return own
        inside = [
            m for m in here.places if m.start > group[-1].end and _holds(self.reading, province, m.place)
        ]
        return inside or own

    @staticmethod
    def _window(here: _Sentence, group: list[Figure]) -> tuple[int, int]:
        """Each figure is read within a bounded stretch around it, however long its sentence."""
        return max(here.start, group[0].start - _WINDOW), min(here.end, group[-1].end + _WINDOW)

    def _actor_of(self, here: _Sentence, group: list[Figure], read_to: int | None) -> str:
        first = group[0]
        le = self._window(here, group)[1]
        if read_to is not None and not _ACTOR_HEADS.search(self.text, read_to, first.start):
            actor = self.previous_actor  # no new subject since the figure before, in this sentence
        else:
            actor_start = max(here.start, first.start - _ACTOR_WINDOW)  # a subject may open a long sentence
            actor = _actor(self.text[actor_start:le], first.start - actor_start) or self.previous_actor
        self.previous_actor = actor or self.previous_actor
        return actor

    def _scope_of(
        self, here: _Sentence, group: list[Figure], own: list[Mention], following: int | None
    ) -> Unit | None:
        """The clause's scope, before the figure or after it up to the next figure ("trao 53 suất
        học bổng … trên địa bàn huyện"), or the title's district."""
        first = group[0]
        ls, le = self._window(here, group)
        clause_start = self.text.rfind(";", ls, first.start) + 1 or ls
        clause_end = following if following is not None else le
        clause_end = min(clause_end, le, *(i for i in [self.text.find(";", group[-1].end, le)] if i >= 0))
        scope = _scope(
            self.reading, self.text[clause_start : first.start], own or here.places or self.carried
        )
        if scope is None and not any(m.place.level == "commune" for m in own or here.places):
            scope = _scope(self.reading, self.text[group[-1].end : clause_end], self.carried)
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
        return named or self.carried or self.focus_list or self.focus or actors


# A total of what the text told so far: "Tổng trị giá 3 căn nhà", "Tổng cộng 120 suất quà".
_TOTAL = re.compile(
    r"\btổng(?:\s+cộng|\s+số|\s+trị\s+giá|\s+kinh\s+phí)?\s*(?:là|gồm|được)?\s*$", re.IGNORECASE
)


# A paragraph opening on the place or event just told: "Tại đây, …", "Cũng tại đó, …", "Tại lễ
# bàn giao, …", "Tại buổi lễ, …", "Tại các nơi đến, …".
_HERE = re.compile(
    r"\s*(?:cũng\s+)?(?:(?:tại|ở)\s+(?:đây|đó|(?:buổi\s+)?lễ|buổi|chương\s+trình|các\s+(?:nơi|điểm)))\b",
    re.IGNORECASE,
)


# A list named as one set of units: "các xã: A, B", "3 xã biên giới A, B và C".
_SET_OPENING = re.compile(
    rf"(?:các|những|\d+|{'|'.join(NUMBER_WORDS)})\s+(?:xã|phường|thị trấn|huyện|quận|thị xã)\b", re.IGNORECASE
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


def _all_hold(reading: Reading, outer: list[Mention], inner: list[Mention]) -> bool:
    """Whether every place of ``outer`` is coarser than a commune and holds one of ``inner``."""
    return all(
        m.place.level != "commune" and any(_holds(reading, m.place, b.place) for b in inner) for m in outer
    )


def _organisation_units(actors: list[Mention]) -> list[Mention]:
    """The units of a sentence's organisations finer than a province, finest level only."""
    return _finest_level([m for m in actors if m.place.level != "province"])


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
    totals = [
        a
        for a in activities
        if a.figures
        and all(f.unit == "đồng" for f in a.figures[1:])  # "223 suất quà, trị giá …"
        and len(a.places) <= 1
        and not a.scoped
        and not _after_bracket(text, a.figures[0].start)  # "Tân Châu (40 căn)": an item
    ][:_MAX_TOTALS]
    shared = [a for a in activities if len(a.figures) == 1 and len(a.places) > 1][:_MAX_ITEMS]
    alike: dict[frozenset[str], list[tuple[Figure, Activity]]] = {}  # items by thing, bounded
    for activity in totals:
        total = activity.figures[0]
        if _rate(text, total):
            continue
        keys = frozenset(_thing(total))
        if keys not in alike:
            alike[keys] = [(f, a) for f, a, thing in items if thing & keys][: _MAX_ITEMS + 1]
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
        # The same total said again ("10 ngôi nhà" in the title, "10 gia đình … thuộc các xã: A,
        # B, C" in the text): the places of the one that names them.
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
        if (
            again is not None
        ):  # the figures said with it stay: a value said again is weaker evidence than a sum
            activity.places, activity.units = list(again.places), list(again.units)
            activity.shared, activity.province_wide = True, False


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
            bool(_EACH_BEFORE.search(text, max(0, figure.start - 40), figure.start))
            and not _EACH_UNIT.search(text, max(0, figure.start - 40), figure.start)
        )
    )


# "986 hộ/ 3.480 khẩu": two counts of one thing, not an amount per item.
_COMPOUND_AFTER = re.compile(r"/\s*\d")


def _thing(figure: Figure) -> set[str]:
    """What a figure counts, for comparing totals with items: its unit's first word and its first
    word that is not a classifier ("36 căn nhà" → {căn, nhà}; "2 nhà" → {nhà})."""
    words = figure.unit.lower().split()
    if not words:
        return set()
    noun = next((w for w in words if w not in COUNTERS), words[0])
    things = {words[0], noun}
    for alike in COUNTED_ALIKE:
        if things & alike:
            things |= alike
    return things


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


def _when(
    sentence: str, s: int, e: int, day: dt.date, dated: list[_dates.FoundDate]
) -> tuple[dt.date, dt.date | None, str] | None:
    """A sentence's own date (``Sáng 17/3``, ``ngày 05/8/2020``), else the period it names."""
    own = next((f.day for f in dated if s <= f.start < e), None)
    if own is not None:
        return own, None, "sentence"
    named = period(sentence, day)
    return (*named, "period") if named else None


_ACTOR_WINDOW = 400  # characters before a figure that its actor is looked for in
_WINDOW = 160  # characters either side of a figure that its phrase, actor and scope are read in


def _between(items: list[_T], starts: list[int], s: int, e: int) -> list[_T]:
    """The items whose start lies in [s, e), from ``starts`` (sorted) by bisection."""
    return items[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)]


def _paragraph_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _owners(
    text: str, s: int, e: int, groups: list[list[Figure]], mentions: list[Mention]
) -> list[list[Mention]]:
    """The places each figure group of a sentence belongs to by position (see build_activities)."""
    owners: list[list[Mention]] = []
    used: set[int] = set()
    for k, group in enumerate(groups):
        lo = groups[k - 1][-1].end if k else s
        clause_start = text.rfind(";", lo, group[0].start)
        lo = max(lo, clause_start + 1 if clause_start >= 0 else lo)
        hi = groups[k + 1][0].start if k + 1 < len(groups) else e
        clause_end = text.find(";", group[-1].end, hi)
        hi = clause_end if clause_end >= 0 else hi
        before = [m for m in mentions if lo <= m.start < group[0].start and id(m) not in used]
        following = groups[k + 1][0].start if k + 1 < len(groups) else None
        stretch = _right_after(text, group[-1].end, hi, mentions, following)
        before, after = _finest_level(before), _finest(stretch)
        bracketed = _bracketed_after(text, group[0], mentions)
        if bracketed is not None:  # "xã Bình Khánh (13 hộ)": the figure of the place it follows
            owners.append([bracketed])
            continue
        own = before
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
_GIVEN_TO = re.compile(r"[^\d,;.:()]{0,30}\scho\s+(?:(?:các|những)\s+)?(?:(?:hơn|gần|trên|khoảng)\s+)?")


def _shared_owners(text: str, groups: list[list[Figure]], owners: list[list[Mention]]) -> list[list[Mention]]:
    """A group with no place of its own takes those of the group it is given to ("10 tấn gạo cho
    376 hộ dân ở xã A": xã A), else those of the group before it."""
    for k in range(len(groups) - 2, -1, -1):
        if not owners[k] and _GIVEN_TO.fullmatch(text, groups[k][-1].end, groups[k + 1][0].start):
            owners[k] = owners[k + 1]
    for k in range(1, len(groups)):
        if not owners[k]:
            owners[k] = owners[k - 1]
    return owners


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
    r"\s*(?:\([^()]{0,40}\))?\s*(?:,|:|và|,\s*và)?\s*(?:(?:các|những)\s+)?(?:xã|phường|thị trấn)?\s*:?\s*"
)


# What may open a list after a comma: ", thị trấn gồm: A, B" (the places go on).
_LIST_OPENING = re.compile(r"(?:(?:các|những)\s+)?(?:xã|phường|thị trấn)?\s*(?:gồm|là|như)?\s*:?\s*")
# What may stand between a place and the figure it heads: "xã A 08 căn", "xã A có 17 căn", "A nhận 4 nhà".
_HEADS_FIGURE = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:có|nhận|được|là|:|với)?\s*(?:hơn|gần|trên|khoảng)?\s*"
)


_SPACES = re.compile(r"\s*")


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
    for stop in re.finditer(r"[,;(]", text[end:hi]):
        after = end + stop.end()
        after = _skip(_SPACES, text, after)
        opened = _skip(_LIST_OPENING, text, after)
        if stop.group() == ";" or not {after, opened} & starts:  # ", xã Y" goes on with an address
            near_end = end + stop.start()
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


def _bracketed_after(text: str, figure: Figure, mentions: list[Mention]) -> Mention | None:
    """The place right before a bracket that opens with this figure, if any."""
    previous = [m for m in mentions if m.end <= figure.start]
    if not previous:
        return None
    place = max(previous, key=lambda m: m.end)
    return place if re.fullmatch(r"\s*\(\s*", text[place.end : figure.start]) else None


def _finest_level(mentions: list[Mention]) -> list[Mention]:
    """The places of the finest level among ``mentions`` ("huyện X … xã Y" → xã Y), each once."""
    places = _finest(mentions)
    if not places:
        return places
    level = _level(places)
    return [m for m in places if {"commune": 0, "district": 1, "province": 2}[m.place.level] == level]


def _level(places: list[Mention]) -> int:
    return min({"commune": 0, "district": 1, "province": 2}[m.place.level] for m in places)


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


def _focus_places(reading: Reading, spans: list[tuple[int, int]]) -> list[Mention]:
    """The article's focus as places: the focus unit when it is a commune; else the communes that
    the lead (the first sentence naming places) names, when the focus holds them all; else the
    focus district. The province is never a focus: figures left there are province-wide."""
    focus = reading.focus
    if focus is None:
        return []
    if focus.level != "commune":
        for s, e in spans:
            if in_caption(reading.captions, s):
                continue  # a photo's caption ("… xã A. Ảnh: B") is no lead
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


def _focus_set(reading: Reading, spans: list[tuple[int, int]], places: _Sorted[Mention]) -> list[Mention]:
    """The set of communes that the text names with its focus commune as one ("tổ chức ở các
    phường A, B và các xã C, D, E"), when the focus is named at most once elsewhere: the article
    is about all of them; else nothing (the set is the background of a story about the focus)."""
    focus = reading.focus
    if focus is None or focus.level != "commune":
        return []
    for s, e in spans:
        named = _finest([m for m in places.between(s, e) if not in_caption(reading.captions, m.start)])
        if any(m.place.id == focus.id for m in named) and _set_of_units(reading.text, named):
            elsewhere = [m for m in places.items if m.place.id == focus.id and not s <= m.start < e]
            return named if len(elsewhere) <= 1 else []
    return []


def _holds(reading: Reading, outer: Unit, unit: Unit) -> bool:
    """Whether ``outer`` holds ``unit`` (by level and name along the unit's parents)."""
    parent = reading.parents.get(unit.id)
    while parent is not None:
        if parent.level == outer.level and parent.name == outer.name:
            return True
        parent = reading.parents.get(parent.id)
    return False


def _activity(
    phrase: str,
    figures: list[Figure],
    places: list[Mention],
    actor: str,
    when: tuple[dt.date, dt.date | None, str],
    sentence: str,
    span: tuple[int, int],
    province: Unit | None,
) -> Activity:
    units = [m.place for m in places]
    province_wide = not units and (province is None or province.level == "province")
    if not units and province is not None:
        units = [province]
    low = phrase.lower()  # the kinds are written in lower case: no case-folding search
    kind = next((name for name, pattern in _KINDS if pattern.search(low)), "khác")
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
        quote=_quote(sentence, span[0], figures),
        span=span,
        province_wide=province_wide,
    )


MAX_QUOTE = 400  # characters: a quote is the figure's sentence, cut around the figure when longer


def _quote(sentence: str, offset: int, figures: list[Figure]) -> str:
    """The sentence as a quote, at most MAX_QUOTE characters, cut around its figures ("…")."""
    if len(sentence) <= MAX_QUOTE:
        return " ".join(sentence.split())
    middle = (figures[0].start - offset) if figures else 0
    start = max(0, min(middle - MAX_QUOTE // 2, len(sentence) - MAX_QUOTE))
    end = start + MAX_QUOTE
    if start:
        start = sentence.find(" ", start) + 1 or start
    if end < len(sentence):
        end = sentence.rfind(" ", start, end) if sentence.rfind(" ", start, end) > start else end
    text = " ".join(sentence[start:end].split())
    return ("…" if start else "") + text + ("…" if end < len(sentence) else "")


def _finest(mentions: list[Mention]) -> list[Mention]:
    """The places of a sentence at their finest level, each unit once (parents of others dropped)."""
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


# "…, và các xã: A, B, C, mỗi xã 5 căn": a figure per unit listed, not the value of the one before.
_EACH_UNIT = re.compile(
    r"\bmỗi\s+(?:xã|phường|thị\s+trấn|huyện|quận|thị\s+xã|địa\s+phương|đơn\s+vị)\s*$", re.IGNORECASE
)


def _figure_groups(text: str, figures: list[Figure]) -> list[list[Figure]]:
    groups: list[list[Figure]] = []
    for figure in figures:
        if groups:
            before = text[groups[-1][-1].end : figure.start]
            joined = _JOINED.match(before) or (
                ";" not in before
                and "." not in before
                and _RATE_OR_VALUE.search(before)
                and len(before) < 60
                and not _EACH_UNIT.search(before)
            )
            if joined:
                groups[-1].append(figure)
                continue
        groups.append([figure])
    return groups


_CHUNK_CUT = re.compile(r"[,;:]")


def _clause(text: str, s: int, e: int, figure: Figure) -> str:
    start = text.rfind(";", s, figure.start)
    end = text.find(";", figure.end, e)
    return text[(start + 1 if start >= 0 else s) : (end if end >= 0 else e)]


def _same_clause(text: str, mention: Mention, figure: Figure) -> bool:
    a, b = sorted((mention.end, figure.start))
    return ";" not in text[a:b]


def _phrase(text: str, s: int, e: int, first: Figure, last: Figure) -> str:
    """From the verb that governs the first figure to the end of the last figure's chunk (the
    stretches between commas, semicolons and colons of its clause)."""
    lo = text.rfind(";", s, first.start) + 1 or s
    lo = max(s, lo)
    cuts = [m.start() for m in _CHUNK_CUT.finditer(text, lo, e)]

    def chunk(i: int) -> tuple[int, int]:
        return (cuts[i - 1] + 1 if i else lo), (cuts[i] if i < len(cuts) else e)

    k = bisect.bisect_left(cuts, first.start)  # the chunk holding the first figure
    m = bisect.bisect_left(cuts, last.end) if last.end <= e else k
    start = None
    for i in range(k, -1, -1):
        a, b = chunk(i)
        verb = _VERBS.search(text, a, first.start if i == k else b)
        if verb is not None:
            lead = text[a : verb.start()].split()
            start = a if len(lead) <= 3 else verb.start()
            break
    if start is None:
        start = chunk(k)[0]
        if k > 0 and len(text[chunk(k - 1)[0] : chunk(k - 1)[1]].split()) <= 2:
            start = chunk(k - 1)[0]
    phrase = " ".join(text[start : chunk(m)[1]].split()).strip(" .,;")
    return _LINKING.sub("", phrase)


def _actor(sentence: str, limit: int) -> str:
    """The subject of the verb nearest before ``limit``: the earliest organisation-like head whose
    first verb is that verb (so a list of subjects joined by commas stays whole)."""
    candidates: list[tuple[int, int, int]] = []  # (verb position, head start, verb start)
    for head in _ACTOR_HEADS.finditer(sentence[:limit]):
        verb = _VERBS.search(sentence, head.end(), limit)
        if verb is not None:
            candidates.append((verb.start(), head.start(), verb.start()))
    if not candidates:
        return ""
    latest = max(c[0] for c in candidates)
    head_start = min(c[1] for c in candidates if c[0] == latest)
    return " ".join(sentence[head_start:latest].split()).strip(" ,;:")
