"""The words around a figure: the sentences of a text, the period a sentence names, the figures
read as one group, the phrase from the verb that governs them, the actor, the kind of activity and
the quote (see ``activities.build_activities``)."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re

from geo import _dates
from geo._marks import cuts_between, last_chunk_match, literals
from geo._mention import Mention
from geo._totals import _EACH_UNIT
from geo.figures import Figure

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


# The kinds' phrases when each kind's pattern is a plain alternation of phrases (looked for as
# substrings: cheaper than a pattern's search), else the pattern.
_KIND_PHRASES = [(name, literals(pattern) or pattern) for name, pattern in _KINDS]


def kind_of(low: str) -> str:
    """The first kind (in :data:`_KINDS` order) whose pattern occurs in a phrase in lower case."""
    for name, phrases in _KIND_PHRASES:
        if isinstance(phrases, re.Pattern):
            if phrases.search(low):
                return name
            continue
        for phrase in phrases:
            if phrase in low:
                return name
    return "khác"


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in document order."""
    return list(_sentences(text))


@functools.lru_cache(maxsize=4)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    """:func:`sentences`, kept for the last texts (the activities ask them of an article twice)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append(_trim(text, start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return tuple(spans)


def paragraph_end(text: str, start: int) -> int:
    """Where the paragraph holding offset ``start`` ends (its line break, or the text's end)."""
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_SINCE = re.compile(r"từ\s+(?:đầu\s+)?năm\s+((?:19|20)\d\d)\s+(?:đến|tới)\s+nay", re.IGNORECASE)


_FIRST_MONTHS = re.compile(r"(\d{1,2})\s+tháng\s+đầu\s+năm\s+(nay|((?:19|20)\d\d))", re.IGNORECASE)


_YEAR_PART = re.compile(r"(đầu|cuối|giữa)?\s*năm\s+((?:19|20)\d\d|nay)", re.IGNORECASE)


_PERIOD_WORDS = ("năm", "Năm")  # every period that :func:`period` reads is said with one of them


def _when(
    sentence: str, s: int, e: int, day: dt.date, dated: list[_dates.FoundDate]
) -> tuple[dt.date, dt.date | None, str] | None:
    """A sentence's own date (``Sáng 17/3``, ``ngày 05/8/2020``), else the period it names."""
    own = next((f.day for f in dated if s <= f.start < e), None)
    if own is not None:
        return own, None, "sentence"
    named = period(sentence, day)
    return (*named, "period") if named else None


def may_name_period(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` may name a period (holds a word every period is said with)."""
    return any(text.find(word, start, end) >= 0 for word in _PERIOD_WORDS)


def period(text: str, day: dt.date) -> tuple[dt.date, dt.date | None] | None:
    """The period a sentence speaks of, relative to the document date; None when it names none."""
    if not may_name_period(text, 0, len(text)):
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


MAX_QUOTE = 400  # characters: a quote is the figure's sentence, cut around the figure when longer


def _quote(sentence: str, offset: int, figures: list[Figure]) -> str:
    """The sentence as a quote, at most MAX_QUOTE characters, cut around its figures ("…")."""
    if len(sentence) <= MAX_QUOTE:
        return _spaced(sentence)
    middle = (figures[0].start - offset) if figures else 0
    start = max(0, min(middle - MAX_QUOTE // 2, len(sentence) - MAX_QUOTE))
    end = start + MAX_QUOTE
    if start:
        start = sentence.find(" ", start) + 1 or start
    if end < len(sentence):
        end = sentence.rfind(" ", start, end) if sentence.rfind(" ", start, end) > start else end
    text = " ".join(sentence[start:end].split())
    return ("…" if start else "") + text + ("…" if end < len(sentence) else "")


@functools.lru_cache(maxsize=16)
def _spaced(sentence: str) -> str:
    """A short sentence one space apart: made once for all its figures' activities."""
    return " ".join(sentence.split())


WINDOW = 160  # characters either side of a figure that its phrase, actor and scope are read in

# A figure group's words: its phrase, kind and quote, and the period its own clause names.
Words = tuple[str, str, str, tuple[dt.date, dt.date | None, str] | None]


def group_words(text: str, s: int, e: int, sentence: str, group: list[Figure], day: dt.date) -> Words:
    """The words of a figure group of the sentence ``text[s:e]`` (``sentence``), read within
    ``WINDOW`` characters of it: they depend on the text alone, not on the sentences before."""
    ls, le = max(s, group[0].start - WINDOW), min(e, group[-1].end + WINDOW)
    local = None  # no clause cut where no period can be named
    if may_name_period(text, ls, le):
        local = _when(_clause(text, ls, le, group[0]), ls, le, day, [])
    phrase = _phrase(text, ls, le, group[0], group[-1])
    return phrase, kind_of(phrase.lower()), _quote(sentence, s, group), local


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
    base, cuts = cuts_between(text, lo, e, _CHUNK_CUT)  # chunk i ≥ 1 is the text's chunk base + i

    def chunk(i: int) -> tuple[int, int]:
        return (cuts[i - 1] + 1 if i else lo), (cuts[i] if i < len(cuts) else e)

    k = bisect.bisect_left(cuts, first.start)  # the chunk holding the first figure
    m = bisect.bisect_left(cuts, last.end) if last.end <= e else k
    start = None
    # The nearest verb back from the figure: in its chunk before it, in the whole chunks before
    # (looked up in the text's index of chunks), in the first chunk from ``lo``.
    a = cuts[k - 1] + 1 if k else lo  # where chunk k starts
    verb = _VERBS.search(text, a, first.start)
    if verb is None and (found := last_chunk_match(text, _CHUNK_CUT, _VERBS, base + 1, base + k - 1)):
        a, verb = cuts[found[0] - base - 1] + 1, found[1]
    if verb is None and k > 0:
        a, verb = lo, _VERBS.search(text, lo, cuts[0])
    if verb is not None:
        lead = text[a : verb.start()].split()
        start = a if len(lead) <= 3 else verb.start()
    if start is None:
        start = chunk(k)[0]
        if k > 0 and len(text[chunk(k - 1)[0] : chunk(k - 1)[1]].split()) <= 2:
            start = chunk(k - 1)[0]
    phrase = " ".join(text[start : cuts[m] if m < len(cuts) else e].split()).strip(" .,;")  # to chunk m's end
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
