"""Dates in Vietnamese news text: the page's date line, event dates in the body, years.

One reader for every date form the sites use; the article reader and the activity grouping
both take their dates from here.

* **Full dates**: ``30/03/2019``, ``03-10-2019``, ``15.02.2019``, ``ngày 5 tháng 6 năm 2017``,
  ``2019-03-30``.
* **A date line** is a full date near the top of the text (first lines) standing with what
  date lines carry: a time (``18:22, 30/03/2019``, ``23/06/2020 21:41``), a weekday (``Thứ Sáu,
  15/02/2019 - 10:20``, ``Chủ nhật, ngày 25/12/2022``), ``Cập nhật:``/``Ngày đăng``/``GMT+7``, or
  a short line of its own. It is the page's date.
* **Day and month without a year** (``Sáng 17/3``, ``Ngày 24-4``, ``(2/10)``, ``ngày 05/8``):
  after a word of time (sáng, chiều, tối, ngày, hôm…) or inside brackets; the year is taken
  from the nearest full date, else the date line, else a year in the same sentence.
* **Years** that date events (``năm 2017``, ``đầu năm 2017``, ``tháng 8/2025``) as opposed to
  years that do not: birth and death years (``sinh năm 1976``, ``hy sinh năm 1978``), founding
  years and anniversaries, targets (``đến năm 2030``) and plans (``dự kiến hoàn thành vào tháng
  1/2024``), periods and terms (``giai đoạn 2021-2025``, ``nhiệm kỳ``, ``2016-2020``), ``từ năm
  2016 đến nay`` (a start, not the time of writing).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass

# Each pattern scanned over a whole text opens with a look-ahead at the characters its matches
# can start with: the same matches, found without trying the alternatives at every character
# (a long text of numbers is scanned two to three times faster).

# "30/03/2019", "03-10-2019", "15.02.2019" | "ngày 5 tháng 6 năm 2017" | "2019-03-30".
_FULL = re.compile(
    r"(?=\d)(?:(?<![\d/.\-])(?P<d>\d{1,2})\s?([/.\-])\s?(?P<m>\d{1,2})\s?\2\s?(?P<y>(?:19|20)\d\d)(?![\d/.\-]\d)"
    r"|(?<!\d)(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*(?:năm|,)\s*(?P<y2>(?:19|20)\d\d)\b"
    r"|(?<![\d/.\-])(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)(?!\d))",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}[:h]\d{2}\b")
_WEEKDAY = r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)\b|chủ\s+nhật"
_DATE_LINE_WORDS = re.compile(
    rf"{_WEEKDAY}|cập\s+nhật|ngày\s+đăng|đăng\s+lúc|gmt|xuất\s+bản|ngày\s+cập\s+nhật",
    re.IGNORECASE,
)
# Day and month without a year, after a word of time or in brackets ("Sáng 17/3", "(2/10)"); of
# two days, the first ("(9 và 10/1)", "ngày 22-24/4").
_DAY_MONTH = re.compile(
    r"(?=[nsctđhrv(])(?:(?<![\w])(?:ngày|(?:sáng|chiều|tối|trưa|đêm)(?:\s+nay)?|hôm(?:\s+nay\s*,)?|rạng\s+sáng|từ|đến|tới|và)\s*(?:ngày\s+)?|\()"
    r"(?:(?P<d0>\d{1,2})\s*(?:[-–]|đến|tới|và)\s*(?:ngày\s+)?)?(?P<d>\d{1,2})\s?[/\-.]\s?(?P<m>\d{1,2})(?![\d/.\-]*\d)",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(
    r"(?=t)\btháng\s+(?P<m>\d{1,2})\s*(?:[/.-]|năm)\s*(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE
)
# "năm 2021", and the Tết a text speaks of: "Tết Nguyên đán 2021", "Tết Nguyên đán Bính Ngọ
# 2026", "Xuân Quý Mão 2023" (its events lie around it: the year of the Tết's first day).
_YEAR = re.compile(
    r"(?=[ntx])\b(?:năm|(?:tết(?:\s+nguyên\s+đán)?|xuân)(?:\s+[A-ZĐ]\w*\s+[A-ZĐ]\w*)?)\s+(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# What stands before a year that does not date the article's events.
_NOT_EVENT_BEFORE = re.compile(
    r"(?:sinh|hy\s+sinh|mất|qua\s+đời|thành\s+lập|ra\s+đời|kỷ\s+niệm|kỉ\s+niệm|"
    r"đến|tới|trước|giai\s+đoạn|nhiệm\s+kỳ|nhiệm\s+kì|từ(?:\s+đầu)?)\s+$",
    re.IGNORECASE,
)
# A year said as a plan: "dự kiến hoàn thành vào tháng 1/2024", "phấn đấu đến năm 2030".
_PLANNED = re.compile(r"\b(?:dự\s+kiến|phấn\s+đấu|sẽ)\b[^.,;\n]{0,22}$", re.IGNORECASE)
_RANGE_AFTER = re.compile(r"^\s*[-–—]\s*(?:19|20)\d\d|^\s*(?:đến|tới)\s+(?:năm\s+)?(?:nay|(?:19|20)\d\d)")
_RANGE_BEFORE = re.compile(r"(?:19|20)\d\d\s*[-–—]\s*$")
_ANNIVERSARY = re.compile(r"\(\s*(?:19|20)\d\d\s*[-–—]\s*$")
HEAD_LINES = 8  # a date line stands among the first lines of the text
HEAD_CHARS = 600


# A year before this one in a local news text is history (a war, a founding, a birth: "sinh năm
# 1989", "chiến trường biên giới năm 1978"): it dates no day told without its year. (The units the
# reader knows start in 2008.)
HISTORY = 2000

# The stored page's own date field when it gives only the month ("date 2020-07 Title ...").
_PAGE_MONTH = re.compile(r"^\s*date ((?:19|20)\d\d)-(\d\d)(?![\d-])")


def page_month(text: str) -> tuple[int, int] | None:
    """(year, month) of a page whose date field gives only the month."""
    match = _PAGE_MONTH.match(text)
    return (int(match.group(1)), int(match.group(2))) if match and 1 <= int(match.group(2)) <= 12 else None


@dataclass(frozen=True)
class FoundDate:
    day: dt.date
    start: int
    end: int
    kind: str  # "line" (the page's date line), "full" (in the text), "day_month" (year supplied)


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def full_dates(text: str) -> list[FoundDate]:
    """Every full date of the text, the date line (if any) with kind ``line``; not the ends of a
    period of years ("kỷ niệm 45 năm (7.10.1975 - 7.10.2020)"), which date no event."""
    out = []
    head_end = _head_end(text)
    line_found = False
    found = _full_matches(text)
    periods = {span for pair in _periods(text, found) for span in pair}
    for m in found:
        if m.span() in periods:
            continue
        g = m.groupdict()
        suffix = next(s for s in ("", "2", "3") if g["y" + s])
        day = _date(int(g["y" + suffix]), int(g["m" + suffix]), int(g["d" + suffix]))
        if day is None:
            continue
        kind = "full"
        if not line_found and m.start() < head_end and _looks_like_date_line(text, m.start(), m.end()):
            kind, line_found = "line", True
        out.append(FoundDate(day, m.start(), m.end(), kind))
    return out


@functools.lru_cache(maxsize=4)
def _full_matches(text: str) -> list[re.Match[str]]:
    """The text's full dates as matched (a text is asked several times: date line, body dates, periods)."""
    return list(_FULL.finditer(text))


_PERIOD_JOIN = re.compile(r"\s*(?:[-–—]|đến|tới)\s*$", re.IGNORECASE)


def _periods(
    text: str, found: list[re.Match[str]] | None = None
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The pairs of full dates (``found``: the text's, if already matched) that open and close a
    period of more than a year."""
    found = _full_matches(text) if found is None else found
    pairs = []
    for first, second in itertools.pairwise(found):
        years = [
            int(next(y for y in (m.group("y"), m.group("y2"), m.group("y3")) if y)) for m in (first, second)
        ]
        if years[1] - years[0] >= 2 and _PERIOD_JOIN.fullmatch(text[first.end() : second.start()]):
            pairs.append((first.span(), second.span()))
    return pairs


_BARE_YEAR = re.compile(r"(?=[12])(?<![\d/.\-])(?:19|20)\d\d(?![\d/.\-]\d)")


def _title_years(text: str) -> list[int]:
    """Years in the title (the first line), e.g. "… dịp Tết Nguyên đán 2019", outside ranges."""
    title = text.lstrip().split("\n", 1)[0]
    return [
        int(m.group())
        for m in _BARE_YEAR.finditer(title)
        if not _RANGE_AFTER.match(title[m.end() : m.end() + 20])
        and not _RANGE_BEFORE.search(title[: m.start()])
    ]


_STARTED = re.compile(r"\btừ\s+(?:đầu\s+)?$", re.IGNORECASE)
_BEGAN = re.compile(r"\bbắt\s+đầu\s+từ\s+$", re.IGNORECASE)


def _start_years(text: str) -> list[int]:
    """Years the story's work started in, to the month ("từ tháng 3-2024") or said so ("Bắt đầu
    từ năm 2019"): no event's date, but the year of a day told without one when the text names
    no other. Not a bare "từ năm 2009" (a tenure: "làm phó chủ tịch từ năm 2009")."""
    years, months = _years_named(text)
    months = [m for m in months if _STARTED.search(text, max(0, m.start() - 12), m.start())]
    began = [m for m in years if _BEGAN.search(text, max(0, m.start() - 16), m.start())]
    return [int(m.group("y")) for m in [*months, *began]]


@functools.lru_cache(maxsize=4)
def _years_named(text: str) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """The text's years and months of a year as matched (events, starts and plans ask in turn)."""
    return list(_YEAR.finditer(text)), list(_MONTH_YEAR.finditer(text))


def _plan_years(text: str) -> list[int]:
    """Years a text plans for ("dự kiến bàn giao sau Tết Giáp Thìn 2024"): no event's date, but
    near the time of writing when the text names no other year."""
    years, months = _years_named(text)
    return [
        int(m.group("y")) for m in years + months if _PLANNED.search(text, max(0, m.start() - 30), m.start())
    ]


def period_end_years(text: str) -> list[int]:
    """The closing years of the text's periods (an anniversary's year: "(1975 - 2020)")."""
    return [int(re.findall(r"(?:19|20)\d\d", text[b[0] : b[1]])[-1]) for _, b in _periods(text)]


def _head_end(text: str, head_lines: int = HEAD_LINES, head_chars: int = HEAD_CHARS) -> int:
    end, lines = 0, 0
    for line in text.splitlines(keepends=True):
        end += len(line)
        if line.strip():
            lines += 1
        if lines >= head_lines:
            break
    return min(end, head_chars)


_LINE_MOST = 300


def _looks_like_date_line(text: str, start: int, end: int) -> bool:
    """Whether the date stands on a line (or a ``|``-separated part of one) of date-line words only."""
    # A date line is short: a line of a text copied without its line ends is looked at only
    # around the date (longer parts hold more than a date line's words either way).
    line_start = max(text.rfind("\n", max(0, start - _LINE_MOST), start) + 1, start - _LINE_MOST)
    line_end = text.find("\n", end, end + _LINE_MOST)
    line = text[line_start : line_end if line_end >= 0 else end + _LINE_MOST]
    at = start - line_start
    left = line.rfind("|", 0, at) + 1
    right = line.find("|", at)
    part = line[left : right if right >= 0 else len(line)]
    if re.search(r"(?:sáng|chiều|tối|trưa|đêm|hôm)\s+(?:ngày\s+)?$", line[left:at], re.IGNORECASE):
        return False  # "Sáng ngày 05/8/2020, ...": an event in a sentence
    if start < 20 and len(text[:start].split()) <= 1:
        return True  # the stored page's own date field ("date 2025-10-03 Title ...")
    words = re.findall(r"[^\W\d_]+", _DATE_LINE_WORDS.sub(" ", part))
    words = [w for w in words if w.lower() not in ("ngày", "lúc")]
    strong = _TIME.search(part) or _DATE_LINE_WORDS.search(part)
    return len(words) <= 4 or bool(strong and len(part) <= 120)


# What may stand before the date of a line that opens with it: a weekday, commas, spaces.
_BEFORE_OPENING_DATE = re.compile(rf"\s*(?:(?:{_WEEKDAY})\s*)?,?\s*", re.IGNORECASE)


def opens_with_date(line: str) -> bool:
    """Does the line open with a full date, after a weekday at most ("Thứ Sáu, 15/02/2019 - 10:20",
    "30/03/2019 18:22")? Such a line is the page's date line, not its title."""
    first = _FULL.search(line)
    return first is not None and _BEFORE_OPENING_DATE.fullmatch(line, 0, first.start()) is not None


def day_months(
    text: str, anchors: list[FoundDate], fallback_year: int | None, school_year: int | None = None
) -> list[FoundDate]:
    """Day-month dates without a year, each given the year of the nearest full date (or the
    fallback; or, in a text dated by a school year only, the year of that school year the month
    falls in: "ngày 1/9" of "năm học 2017 - 2018" is in 2017, "ngày 15/1" in 2018)."""
    out = []
    for m in _DAY_MONTH.finditer(text):
        d, mo = int(m.group("d0") or m.group("d")), int(m.group("m"))
        if not (1 <= d <= 31 and 1 <= mo <= 12):
            continue
        if any(a.start <= m.start("d") < a.end for a in anchors):
            continue
        fallback = fallback_year if school_year is None else school_year + (mo < _SCHOOL_YEAR_MONTH)
        year = _nearest_year(text, m.start(), anchors, fallback)
        if year is None:
            continue
        day = _date(year, mo, d)
        if day is not None:
            out.append(FoundDate(day, m.start("d"), m.end(), "day_month"))
    return out


def _nearest_year(text: str, pos: int, anchors: list[FoundDate], fallback_year: int | None) -> int | None:
    sentence_start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1
    sentence_end = min((i for i in (text.find(". ", pos), text.find("\n", pos)) if i >= 0), default=len(text))
    years = [y for y in event_years(text[sentence_start:sentence_end]) if y >= HISTORY]
    if years:
        return years[0]
    if anchors:
        return min(anchors, key=lambda a: abs(a.start - pos)).day.year
    return fallback_year


def event_years(text: str) -> list[int]:
    """Years that date events, in text order (see the module docstring for those that do not)."""
    return list(_event_years(text))


@functools.lru_cache(maxsize=4)
def _event_years(text: str) -> tuple[int, ...]:
    """:func:`event_years`, kept for the last texts (the reader asks it of an article twice)."""
    out = []
    years, months = _years_named(text)
    for m in years + months:
        y = int(m.group("y"))
        before = text[max(0, m.start() - 25) : m.start()]
        after = text[m.end() : m.end() + 20]
        if _NOT_EVENT_BEFORE.search(before) or _PLANNED.search(text, max(0, m.start() - 30), m.start()):
            continue
        if _RANGE_AFTER.match(after) or _RANGE_BEFORE.search(before) or _ANNIVERSARY.search(before):
            continue
        out.append((m.start(), y))
    return tuple(y for _, y in sorted(out))


def date_line(text: str) -> FoundDate | None:
    """The page's date line, if the text has one near its top.

    A site's clock (the day the page was read, "Thứ Năm, 28/11/2024 04:42") can stand above the
    article's own date line: when a later line of the page's head also stands alone with a time
    ("23/06/2023 21:41") and is older, that one is the article's; so it is, older or not, when the
    first one tells its time to the second ("Thứ Sáu, ngày 23 tháng 08 năm 2019, 09:25:27").
    """
    head = full_dates(text[: _head_end(text) + 40])
    first = next((f for f in head if f.kind == "line"), None)
    if first is None:
        return None
    stored = first.start < 20 and text.lstrip().startswith("date ")  # the stored page's own date field
    swapped = next(
        (
            f
            for f in head
            if _swapped(first.day, f.day)
            and (_weekday_agrees(text, f) or (stored and _TIME_AFTER.match(text, f.end) is not None))
        ),
        None,
    )
    if swapped is not None and not _weekday_agrees(text, first):
        # "date 2025-01-10 Thứ Tư, 1/10/2025": the weekday tells day from month; so does the
        # byline's time ("date 2025-06-10 … Lê Thạch • 06/10/2025 16:56"): the field read it
        # month first
        return swapped
    wider = text[: _head_end(text, HEAD_LINES * 3, HEAD_CHARS * 3) + 40]
    ticking = _CLOCK.search(_line_of(text, first.start)) is not None  # "09:25:27": a clock, not a date line
    older = [
        f
        for f in _full_dates_after(wider, first.end)
        if (f.day < first.day or ticking)
        and _TIME.search(_line_of(wider, f.start))
        and _looks_like_date_line(wider, f.start, f.end)
    ]
    return older[0] if older else first


_TIME_AFTER = re.compile(r"\s*[-–|,]?\s*\d{1,2}:\d{2}(?!\d)")  # "06/10/2025 16:56Hòa …": a byline's time
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")  # a time told to the second
_WEEKDAY_BEFORE = re.compile(rf"(?:{_WEEKDAY})\s*,?\s*(?:ngày\s+)?$", re.IGNORECASE)
_WEEKDAY_NUMBER = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5}


def _weekday_agrees(text: str, found: FoundDate) -> bool:
    """Whether a weekday written just before the date ("Thứ Tư, 1/10/2025") is that date's."""
    before = _WEEKDAY_BEFORE.search(text, max(0, found.start - 20), found.start)
    if before is None:
        return False
    words = before.group().lower().split()
    if words[0] == "chủ":
        return found.day.weekday() == 6
    name = words[1].rstrip(",")
    number = int(name) - 2 if name.isdigit() else _WEEKDAY_NUMBER.get(name, -1)
    return found.day.weekday() == number


def _swapped(a: dt.date, b: dt.date) -> bool:
    """Two dates that differ only by day and month read the other way round."""
    return a != b and a.year == b.year and (a.day, a.month) == (b.month, b.day)


def _full_dates_after(text: str, after: int) -> list[FoundDate]:
    """The full dates of ``text`` that start at or after ``after``."""
    return [f for f in full_dates(text) if f.start >= after]


def _line_of(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    return text[text.rfind("\n", 0, pos) + 1 : end if end >= 0 else len(text)]


def body_dates(text: str) -> list[FoundDate]:
    """Every dated place of the text: full dates and day-months given their year, in text order."""
    return list(_body_dates(text))


@functools.lru_cache(maxsize=4)
def _body_dates(text: str) -> tuple[FoundDate, ...]:
    """:func:`body_dates`, kept for the last texts (the reader asks it of an article twice)."""
    full = full_dates(text)
    line = next((f for f in full if f.kind == "line"), None)
    month = page_month(text)  # the page's date field gives its month only: "date 2020-10"
    fallback = line.day.year if line else month[0] if month else None
    if fallback is None:
        years = (
            event_years(text)
            or period_end_years(text)
            or _title_years(text)
            or _start_years(text)
            or _plan_years(text)
        )
        recent = [y for y in years if y >= HISTORY]
        fallback = max(recent) if recent else None
    school = _school_year(text) if fallback is None else None
    return tuple(sorted(full + day_months(text, full, fallback, school), key=lambda f: f.start))


# A school year: "năm học 2017 - 2018", "năm học mới 2017-2018"; it opens in September.
_SCHOOL_YEAR = re.compile(
    r"\bnăm\s+học(?:\s+mới)?\s+((?:19|20)\d\d)\s*[-–—/]\s*((?:19|20)\d\d)\b", re.IGNORECASE
)
_SCHOOL_YEAR_MONTH = 8  # the months before August belong to the school year's second calendar year


def _school_year(text: str) -> int | None:
    """The first calendar year of the latest school year the text names, if any."""
    years = [int(m.group(1)) for m in _SCHOOL_YEAR.finditer(text) if int(m.group(2)) == int(m.group(1)) + 1]
    return max(years) if years else None
