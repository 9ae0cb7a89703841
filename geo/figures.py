"""Figures in Vietnamese news text: ``gần 3 tỉ đồng``, ``123 lớp``, ``hàng nghìn mét khối``.

A figure is ``[qualifier] number [multiplier…] unit`` or ``hàng [chục|trăm] [multiplier…] unit``,
each number judged from a few tokens around it (linear work).

**Unit.** A measure word (``km``, ``ha``, ``đồng``, ``%``…) is normalised through
:data:`UNIT_ALIASES` and ends the unit. Any other unit is the next word plus at most one more,
lower-case, on the same line: the first not a function word (:data:`STOP_WORDS`), the second not
the start of a common verb (:data:`VERB_STARTS`), a duration or a multiplier: ``2.650 công dân
nhập ngũ`` → ``công dân``, ``24 xã hoàn thành`` → ``xã``. A number without a unit is no figure,
unless a multiplier follows (``3 tỉ.`` → unit ``""``).

**Not figures.** A number is skipped when it:

- is not valid Vietnamese style (``1.5``, ``05``), or is an ungrouped year 1900–2099 or run of 5+
  digits (codes, phone numbers; news groups thousands: ``12.461``);
- touches a letter or a mark other than brackets, quotes and closing punctuation (``QL4B``,
  ``99/QĐ-UBND``, ``01/06/2023``, ``8:30``, ``2016-2020``), except a measure or counting noun a
  lost space glued to it (``150km``, ``41hộ``); ``123 lớp/9.735 người`` is two figures, and a
  part of a whole is its part (``6/20 ngôi nhà`` → 6), not after a word of dates (``ngày 6/8``);
- sits next to another number across a space (``0912 345 678``);
- follows a word that names or orders things (:data:`NAMED_BEFORE`: ``năm 2016``, ``đợt 2``,
  ``số 962``, ``lần thứ 3``…; ``tổng số``, ``dân số``, ``quân số`` are counts), or a capitalised
  word inside a sentence (``thôn Quảng Trung 1``), unless a qualifier stands between (``hơn 150 km``);
- counts a duration or an age (``5 tháng``, ``3 năm qua``, ``65 tuổi``; ``ngày công`` is work).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from geo._numbers import MULTIPLIERS, Number, format_figure, parse_decimal, to_number
from geo._roles import figure_role, same_statistic
from geo._stretches import stretches
from geo._tokens import Tok, between, tokenize
from geo._vocabulary import (
    CAPITALISED_COMMON,
    COMPOUND_NOUNS,
    COUNTER_NOT_BEFORE,
    COUNTERS,
    NUMBER_WORDS,
    POPULATION_UNITS,
)

# Qualifier phrases before a number (lower case, NFC). "gần" is "nearly", counted as approx.
QUALIFIER_WORDS: dict[str, str] = {
    "khoảng": "approx",
    "gần": "approx",
    "xấp xỉ": "approx",
    "ước": "approx",
    "ước tính": "approx",
    "chừng": "approx",
    "hơn": "at_least",
    "trên": "at_least",
    "ít nhất": "at_least",
    "tối thiểu": "at_least",
    "dưới": "at_most",
    "tối đa": "at_most",
    "không quá": "at_most",
    "chưa đến": "at_most",
    "chưa tới": "at_most",
}

UNIT_ALIASES: dict[str, str] = {
    **dict.fromkeys(("km", "ki-lô-mét", "kilômét", "kilomet", "cây số"), "km"),
    **dict.fromkeys(("m", "mét"), "m"),
    **dict.fromkeys(("cm", "xăng-ti-mét"), "cm"),
    **dict.fromkeys(("m2", "m²", "mét vuông"), "m²"),
    **dict.fromkeys(("m3", "m³", "mét khối"), "m³"),
    **dict.fromkeys(("km2", "km²", "ki-lô-mét vuông", "cây số vuông"), "km²"),
    **dict.fromkeys(("ha", "héc-ta", "hécta", "hecta", "héc ta"), "ha"),
    **dict.fromkeys(("kg", "ki-lô-gam", "kilôgam"), "kg"),
    **dict.fromkeys(("đồng", "đ", "vnđ", "vnd"), "đồng"),
    **dict.fromkeys(("usd", "đô la", "đô-la"), "USD"),
    **dict.fromkeys(("%", "phần trăm"), "%"),
    "tấn": "tấn",
    "tạ": "tạ",
    "lít": "lít",
}
# Units that may be written glued to the number ("150km", "5ha", "500.000đ").
_GLUED_UNITS = frozenset({"km", "m", "cm", "ha", "kg", "m²", "m³", "km²", "đ"})

# Word lists read best as running text, hence ``str.split`` (noqa: SIM905).
STOP_WORDS = frozenset(
    """và với của cho tại ở trên dưới trong ngoài từ đến tới về theo thuộc hoặc hay nhưng mà để do
    bởi bằng so như gồm là thì nên vì nếu khi sau trước giữa qua cùng cả các những mỗi mọi này đó
    đấy kia nào ấy đây nữa khác trở rồi lên xuống ra vào lại đầu cuối nay được bị đã đang sẽ vừa
    đều cũng còn chưa không có chỉ rất hơn nhất gần khoảng xấp ít tối chừng ước tăng giảm đạt gấp
    mới toàn tổng bao riêng thêm nhiều tất ngay liền hết luôn đi""".split()  # noqa: SIM905
)
VERB_STARTS = frozenset(
    """tham hoàn xây nhập thoát đăng tổ thực hỗ vận đóng tiếp nhận giúp trao tặng sử mắc tử làm khám
    tiêm hưởng vi phát ký bảo đào nhiễm chết thiệt dự lao xin đề tuyển hiến cứu di chuyển đưa kết
    gia tu sửa nạo san đổ mua bán sản trồng chăm nuôi thu chi vay nộp góp huy hoạt sống bỏ xảy gặp
    nghỉ cần phải chịu đón xem tập tuyên bồi huấn kiểm xử chống vượt giành đoạt ủng quyên khởi cấp
    rà triển thăm tìm cắt phá bắt trả tạo giải lắp đặt nâng mở thành lập xét xuất tốc hư sập mất lưu""".split()  # noqa: SIM905
)
NAMED_BEFORE = frozenset(
    """đợt thôn xóm bản ấp khu vùng tổ phố đoàn đội khóa khoá thứ số mốc lộ ql tl đt phường quận lớp khối
    điều khoản chương mục phòng tầng km năm tháng ngày giờ lúc quý tuần kỳ kì hạng độ vòng hiệp trận
    bảng phiên lệnh cụm lô thửa tờ khoảnh trạm đồn tuyến mã hiệu tập phần bài lần bậc ca""".split()  # noqa: SIM905
) | {
    # Two words where the last alone is also an ordinary verb or noun ("đầu tư 5 tỷ", "thu hoạch").
    *("giai đoạn", "quyết định", "nghị quyết", "nghị định", "thông tư", "chỉ thị", "công văn"),
    *("kế hoạch", "tiêu chí", "bệnh nhân", "đề án", "chương trình", "nhà cấp", "quân y", "bệnh viện"),
}
# "số" after these counts: "dân số 24.215 người", "quân số 25 đồng chí", "trong tổng số 428".
_COUNTED_NUMBER = frozenset({"tổng số", "trong số", "dân số", "quân số"})
# Units of time ("26 tết"); what counts nothing ("1 số"); "trực 24/24"; no unit's 2nd word.
DURATIONS = frozenset("ngày tháng năm tuần quý giờ tiếng phút giây đêm tuổi thập thế kỷ niên tết".split())  # noqa: SIM905
_NOT_UNITS = frozenset({"số", *MULTIPLIERS})
_NOT_SECOND = frozenset({*"tỉnh huyện quận xã phường thị thôn xóm ấp bản".split(), *MULTIPLIERS})  # noqa: SIM905
_ROUND_THE_CLOCK = frozenset({("24", "24")})
_WORK_UNITS = frozenset({"ngày công", "giờ công"})
_COUNT_WORDS = {"chục": 10, "trăm": 100}
# Counting nouns read even when a lost space glues them to their number ("41hộ", "20suất").
_GLUED_COUNTS = (COUNTERS | POPULATION_UNITS) - _COUNT_WORDS.keys() - {"gia", "đình", "%"}
# Units that make a number a figure even right after a name.
_MEASURES = frozenset(UNIT_ALIASES.values()) | _WORK_UNITS | {"người", "hộ", "suất quà", "lượt", "công dân"}
_VAGUE = frozenset({"hàng", "hằng", "cả"})  # "hàng trăm người", "hằng trăm suất quà", "cả ngàn mét vuông"
_LEADING_ZERO = re.compile(r"0[1-9]")

_OPENERS = frozenset("([{“‘\"'«")
_CLOSERS = frozenset(",.;:)]}”’\"'»…!?")


@dataclass(frozen=True)
class Figure:
    """One figure; ``text == source[start:end]`` and covers qualifier, number and unit."""

    value: Number
    unit: str
    qualifier: str
    qualifier_word: str | None
    multiplier_word: str | None
    text: str
    start: int
    end: int
    role: str = "activity"  # "activity": what was done; "context": a statistic of the setting

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready fields."""
        return {
            "role": self.role,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "qualifier_word": self.qualifier_word,
            "multiplier_word": self.multiplier_word,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }

    def display(self) -> str:
        """The figure for readers, e.g. ``"gần 3 tỉ đồng"``."""
        return format_figure(self.value, self.unit, self.qualifier, self.qualifier_word, self.multiplier_word)


def _after(toks: list[Tok], i: int) -> tuple[int | None, bool]:
    """The token after ``i`` across at most one space without a line break, and whether glued."""
    j = i + 1
    if j < len(toks) and toks[j].kind == "space":
        if not toks[j].soft:
            return None, False
        j += 1
        return (j, False) if j < len(toks) else (None, False)
    return (j, True) if j < len(toks) else (None, False)


def _before(toks: list[Tok], i: int) -> tuple[int | None, bool]:
    """The token before ``i`` across at most one space without a line break, and whether glued."""
    j = i - 1
    if j >= 0 and toks[j].kind == "space":
        if not toks[j].soft:
            return None, False
        j -= 1
        return (j, False) if j >= 0 else (None, False)
    return (j, True) if j >= 0 else (None, False)


def _next_word(toks: list[Tok], i: int) -> int | None:
    """The word after ``i`` when one space without a line break separates them."""
    j, glued = _after(toks, i)
    return j if j is not None and not glued and toks[j].kind == "word" else None


def _prev_word(toks: list[Tok], i: int) -> int | None:
    """The word before ``i`` when one space without a line break separates them."""
    j, glued = _before(toks, i)
    return j if j is not None and not glued and toks[j].kind == "word" else None


def _counter_not_stop(toks: list[Tok], j: int, k: int | None) -> bool:
    """Whether a word that is mostly a function word counts things after a number: "200 bao gạo"
    (sacks), not "bao gồm", "bao nhiêu"."""
    kept = COUNTER_NOT_BEFORE.get(toks[j].low)
    return kept is not None and k is not None and toks[k].low not in kept


def _read_unit(toks: list[Tok], j: int, glued: bool) -> tuple[str, int] | None:
    """The unit starting at token ``j`` and the index of its last token (see module doc)."""
    t = toks[j]
    if t.kind == "punct":
        return ("%", j) if t.low == "%" else None
    if t.kind != "word":
        return None
    k, k_glued = _after(toks, j)
    if k is not None and k_glued and toks[k].kind == "num":  # "m2", "km3" or a code like "F5"
        unit = UNIT_ALIASES.get(t.low + toks[k].low)
        after, after_glued = _after(toks, k)
        if unit is None or (after is not None and after_glued and toks[after].kind in ("num", "word")):
            return None
        return (unit, k) if not glued or unit in _GLUED_UNITS else None
    if glued and t.low in _GLUED_UNITS:
        return UNIT_ALIASES[t.low], j
    if glued and (t.upper or t.low not in _GLUED_COUNTS):
        return None  # "3A", "5k"; a counting noun glued by a lost space is read as one: "41hộ/185 khẩu"
    k = _next_word(toks, j)
    if k is not None and f"{t.low} {toks[k].low}" in UNIT_ALIASES:
        return UNIT_ALIASES[f"{t.low} {toks[k].low}"], k
    if k is not None and f"{t.low} {toks[k].low}" in COMPOUND_NOUNS and t.low in UNIT_ALIASES:
        return _listed_nouns(toks, f"{t.low} {toks[k].low}", k)  # "30 đồng chí", "500 đồng bào": no money
    if t.low in UNIT_ALIASES:
        return UNIT_ALIASES[t.low], j
    if t.caps:  # "1.200 ĐVTN", "50 CBCS": an acronym of the people counted
        return t.low.upper(), j
    if t.upper or (t.low in STOP_WORDS and not _counter_not_stop(toks, j, k)) or t.low in _NOT_UNITS:
        return None
    k2 = _next_word(toks, k) if k is not None else None
    if (
        k is not None and k2 is not None and f"{toks[k].low} {toks[k2].low}" in COMPOUND_NOUNS
    ):  # "lượt cán bộ"
        return _listed_nouns(toks, f"{t.low} {toks[k].low} {toks[k2].low}", k2)
    if k is not None and f"{t.low} {toks[k].low}" in COMPOUND_NOUNS:  # "cán bộ"
        return _listed_nouns(toks, f"{t.low} {toks[k].low}", k)
    if k is not None and _extends(toks, k):
        return f"{t.low} {toks[k].low}", k
    return t.low, j


def _listed_nouns(toks: list[Tok], unit: str, last: int) -> tuple[str, int]:
    """A unit extended by the nouns listed after it: "cán bộ" + ", chiến sĩ" → "cán bộ, chiến sĩ"."""
    while True:
        comma, glued = _after(toks, last)
        if comma is None or not glued or toks[comma].low != ",":
            return unit, last
        a = _next_word(toks, comma)
        b = _next_word(toks, a) if a is not None else None
        if a is None or b is None or f"{toks[a].low} {toks[b].low}" not in COMPOUND_NOUNS:
            return unit, last
        unit, last = f"{unit}, {toks[a].low} {toks[b].low}", b


def _extends(toks: list[Tok], k: int) -> bool:
    """Whether word ``k`` is the second word of a unit rather than what follows it."""
    w = toks[k]
    if w.upper or w.low in STOP_WORDS or w.low in VERB_STARTS or w.low in _NOT_SECOND or w.low in DURATIONS:
        return False  # nor a place's word: "5 hộ xã Phước Kháng" counts hộ
    nxt, glued = _after(toks, k)
    if nxt is not None and glued and toks[nxt].kind == "num":
        return False  # "100 hộ thôn3": a code follows
    following = _next_word(toks, k)
    if w.low == "hàng" and following is not None:  # "100 người hàng năm", "12 lần hàng nghìn"
        low = toks[following].low
        return low not in _COUNT_WORDS and low not in MULTIPLIERS and low not in DURATIONS
    return True


def _qualifier_before(toks: list[Tok], i: int) -> tuple[str, str, int] | None:
    p = _prev_word(toks, i)
    if p is None:
        return None
    q = _prev_word(toks, p)
    if q is not None and f"{toks[q].low} {toks[p].low}" in QUALIFIER_WORDS:
        pair = f"{toks[q].low} {toks[p].low}"
        return QUALIFIER_WORDS[pair], pair, q
    if toks[p].low in QUALIFIER_WORDS:
        return QUALIFIER_WORDS[toks[p].low], toks[p].low, p
    return None


def _named_before(toks: list[Tok], i: int) -> bool:
    p = _prev_word(toks, i)
    if p is None:
        return False
    q = _prev_word(toks, p)
    pair = f"{toks[q].low} {toks[p].low}" if q is not None else ""
    if pair in NAMED_BEFORE or toks[p].low in NAMED_BEFORE:
        return pair not in _COUNTED_NUMBER
    # "xã 135 đặc biệt khó khăn" (a programme's designation); not "mỗi xã 6 con", "các xã 20 suất"
    return toks[p].low == "xã" and (q is None or toks[q].low not in ("mỗi", "các", "những", "từng"))


def _after_a_name(toks: list[Tok], i: int) -> bool:
    """Whether a capitalised word inside a sentence stands right before the number ``i``."""
    p = _prev_word(toks, i)
    return (
        p is not None
        and toks[p].upper
        and toks[p].low not in CAPITALISED_COMMON
        and _prev_word(toks, p) is not None
    )


def _is_code(toks: list[Tok], i: int, last_end: int) -> bool:
    """Whether the number token ``i`` is glued to a code, date, time, range or other number."""
    p, p_glued = _before(toks, i)
    if p is not None and p_glued:
        prev = toks[p]
        second_of_pair = prev.low == "/" and prev.start == last_end  # "123 lớp/9.735 người"
        if prev.kind == "word" or (prev.low not in _OPENERS and not second_of_pair):
            return True
    if p is not None and not p_glued and toks[p].kind == "num":
        return True
    n, n_glued = _after(toks, i)
    if n is None:
        return False
    nxt = toks[n]
    if n_glued:
        return nxt.kind == "punct" and nxt.low not in _CLOSERS and nxt.low != "%"
    return nxt.kind == "num"


def _range_end(toks: list[Tok], i: int, low: Decimal) -> int | None:
    """The high end of a range written ``300-350`` or ``3 - 4m`` (a hyphen or dash between two
    numbers, glued to both or spaced on both sides, the second larger), if token ``i`` opens one;
    not a code, a date or a phone number."""
    spaced = i + 1 < len(toks) and toks[i + 1].kind == "space" and toks[i + 1].soft
    dash = i + 2 if spaced else i + 1
    h = dash + 2 if spaced else dash + 1
    if h >= len(toks) or toks[dash].low not in ("-", "–") or toks[h].kind != "num":
        return None
    if spaced and not (toks[dash + 1].kind == "space" and toks[dash + 1].soft):
        return None
    if not spaced and (toks[dash].start != toks[i].end or toks[h].start != toks[dash].end):
        return None
    p, p_glued = _before(toks, i)
    if p is not None and p_glued and toks[p].kind != "space":
        return None  # "QL4B-12", "12-3-2020"
    n, n_glued = _after(toks, h)
    if n is not None and n_glued and toks[n].kind == "punct" and toks[n].low not in _CLOSERS:
        return None  # "10-12-2020", "0912-345-678"
    try:
        high = parse_decimal(toks[h].low)
    except ValueError:
        return None
    return h if high > low else None


_DATE_WORDS = frozenset({"ngày", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", "tháng", "từ", "đến"})


def _whole_after(toks: list[Tok], i: int, part: Decimal) -> int | None:
    """The whole of a part written ``6/20`` before a unit ("6/20 ngôi nhà đã xong": 6 of 20), if
    token ``i`` opens one: glued to nothing before, the whole no smaller than the part, not after a
    word of dates ("ngày 6/8")."""
    if i + 2 >= len(toks) or toks[i + 1].low != "/" or toks[i + 2].kind != "num":
        return None
    if (toks[i].low, toks[i + 2].low) in _ROUND_THE_CLOCK:
        return None
    if toks[i + 1].start != toks[i].end or toks[i + 2].start != toks[i + 1].end:
        return None
    p, p_glued = _before(toks, i)
    if p is not None and (p_glued or toks[_prev_word(toks, i) or p].low in _DATE_WORDS):
        return None
    n, n_glued = _after(toks, i + 2)
    if n is None or n_glued:
        return None  # "6/8/2020", "6/20;"
    try:
        whole = parse_decimal(toks[i + 2].low)
    except ValueError:
        return None
    return i + 2 if whole >= part else None


def _multipliers(toks: list[Tok], i: int) -> tuple[Decimal, list[str], int]:
    """Up to two multiplier words after token ``i`` (``triệu``, ``nghìn tỷ``)."""
    factor, last = Decimal(1), i
    words: list[str] = []
    j = _next_word(toks, i)
    while j is not None and toks[j].low in MULTIPLIERS and len(words) < 2:
        factor *= MULTIPLIERS[toks[j].low]
        words.append(toks[j].low)
        last = j
        j = _next_word(toks, j)
    return factor, words, last


def _figure_at_number(text: str, toks: list[Tok], i: int, last_end: int) -> tuple[Figure, int] | None:
    tok = toks[i]
    try:
        number = parse_decimal(tok.low)
    except ValueError:
        if not _LEADING_ZERO.fullmatch(tok.low):
            return None
        number = Decimal(int(tok.low))  # "08 căn", "02 km": news pads small counts
    if tok.low.isdigit() and (len(tok.low) >= 5 or (len(tok.low) == 4 and 1900 <= int(tok.low) <= 2099)):
        return None
    high = _range_end(toks, i, number)
    whole = _whole_after(toks, i, number) if high is None else None
    low_index = i
    if high is not None:  # "300-350 ngàn đồng": the range's low end, read with the high end's unit
        i = high
    elif whole is not None:  # "6/20 ngôi nhà", "19/19 tiêu chí": the part, read with the whole's unit
        i = whole
    elif _is_code(toks, i, last_end):
        return None
    qualifier: tuple[str, str | None, int] | None = _qualifier_before(toks, low_index)
    if high is not None and qualifier is None:
        qualifier = ("at_least", None, low_index)
    if qualifier is None and _named_before(toks, i):
        return None
    # After a capitalised word a number is a name ("thôn Quảng Trung 1"), not before a measure.
    after_name = qualifier is None and _after_a_name(toks, i)
    factor, words, last = _multipliers(toks, i)
    value = number * factor
    while words:  # "1 tỷ 200 triệu đồng": add smaller parts
        j, glued = _after(toks, last)
        if j is None or glued or toks[j].kind != "num" or not toks[j].low.isdigit() or len(toks[j].low) > 3:
            break
        part_factor, part_words, part_last = _multipliers(toks, j)
        if not part_words or part_factor >= factor:
            break
        value += int(toks[j].low) * part_factor
        factor, last = part_factor, part_last
    j, glued = _after(toks, last)
    unit = _read_unit(toks, j, glued) if j is not None else None
    if unit is None and not words:
        return None
    unit_text, last = unit if unit else ("", last)
    if unit_text.split(" ")[0] in DURATIONS and unit_text not in _WORK_UNITS:
        return None
    if after_name and unit_text not in _MEASURES and not _closes_item(toks, last):
        return None
    kind, word, first = qualifier if qualifier else ("exact", None, low_index)
    start, end = toks[first].start, toks[last].end
    figure = Figure(
        to_number(value), unit_text, kind, word, " ".join(words) or None, text[start:end], start, end
    )
    return figure, last + 1


def _word_number_at(text: str, toks: list[Tok], i: int) -> tuple[Figure, int] | None:
    """``hai cặp bò``, ``năm ngôi nhà``: a number word counts only before a word that counts things."""
    j = _next_word(toks, i)
    if j is not None and toks[j].low in MULTIPLIERS:  # "một triệu đồng"
        factor, words, last = _multipliers(toks, i)
        k, glued = _after(toks, last)
        unit = _read_unit(toks, k, glued) if k is not None and not glued else None
        if unit is None:
            return None
        start, end = toks[i].start, toks[unit[1]].end
        value = to_number(NUMBER_WORDS[toks[i].low] * factor)
        return Figure(value, unit[0], "exact", None, " ".join(words), text[start:end], start, end), unit[
            1
        ] + 1
    if j is None or toks[j].low not in COUNTERS:
        return None
    k = _next_word(toks, j)
    if toks[j].low == "phần" and (k is None or toks[k].low != "quà"):
        return None  # "một phần khó khăn": a part of, not a parcel
    unit = _read_unit(toks, j, False)
    if unit is None:
        return None
    start, end = toks[i].start, toks[unit[1]].end
    figure = Figure(NUMBER_WORDS[toks[i].low], unit[0], "exact", None, None, text[start:end], start, end)
    return figure, unit[1] + 1


def _closes_item(toks: list[Tok], last: int) -> bool:
    """Whether the unit ending at ``last`` closes a list item (``xã Kim Sơn 08 căn,``, ``… 3 nhà.``)."""
    j, glued = _after(toks, last)
    if j is None:  # a line break closes an item ("..., huyện U Minh Thượng 03 căn⏎"); the text's end does not
        return last + 1 < len(toks) and toks[last + 1].kind == "space" and not toks[last + 1].soft
    return (glued and toks[j].low in (",", ";", ".", ")")) or (not glued and toks[j].low == "và")


def _vague_at(text: str, toks: list[Tok], i: int) -> tuple[Figure, int] | None:
    """``hàng chục nghìn mét`` → 10 000 m, qualifier ``vague`` (also ``hằng trăm``, ``cả ngàn``)."""
    value, words, last = Decimal(1), [], i
    j = _next_word(toks, i)
    if j is not None and toks[j].low in _COUNT_WORDS:
        value *= _COUNT_WORDS[toks[j].low]
        words.append(toks[j].low)
        last = j
    factor, multiplier_words, last = _multipliers(toks, last)
    words += multiplier_words
    if not words:
        return None
    j, glued = _after(toks, last)
    unit = _read_unit(toks, j, glued) if j is not None and not glued else None
    if unit is None or (unit[0].split(" ")[0] in DURATIONS and unit[0] not in _WORK_UNITS):
        return None
    start, end = toks[i].start, toks[unit[1]].end
    phrase = " ".join([toks[i].low, *words])
    figure = Figure(to_number(value * factor), unit[0], "vague", phrase, None, text[start:end], start, end)
    return figure, unit[1] + 1


def find_figures(text: str, toks: list[Tok] | None = None) -> list[Figure]:
    """Every figure in ``text``, in document order (rules in the module docstring).

    Only the stretches around digits and ``hàng`` are read (with enough context either side for
    every rule), so prose without numbers costs one regex scan; ``toks``: the text's tokens when
    the caller has them (the reader tokenises an article once), else each stretch is tokenised.
    """
    return figures_in(text, toks, [(start, end, 0, None) for start, end in stretches(text)])[0]


# Some of a text's stretches (``_stretches.stretches``): each (start, end) with the token its
# reading starts at and, for the last, the token it stops before (None: the stretch's end).
Part = list[tuple[int, int, int, int | None]]


def figures_in(text: str, toks: list[Tok] | None, part: Part) -> tuple[list[Figure], bool]:
    """The figures of a part of a text's stretches, in order, and whether the reading stopped right
    at its stop token, not past it (in a figure running on): a stretch is read on its own, each
    figure from where the one before ended, so two parts that meet so are read as in one go
    (``joined``)."""
    figures: list[Figure] = []
    starts = [t.start for t in toks] if toks is not None else []
    met = True
    for start, end, first, stop in part:
        window = tokenize(text, start, end) if toks is None else between(toks, starts, start, end)
        found, met = _find_in(text, window, first, stop)
        for figure in found:
            role = figure_role(text, figure)
            if role is None:
                continue
            if figures and same_statistic(text, figures[-1], figure):
                role = "context"  # "58 hộ, 339 khẩu": one statistic (see ``_roles.same_statistic``)
            figures.append(replace(figure, role=role) if role != figure.role else figure)
    return figures, met


def joined(text: str, first: list[Figure], then: list[Figure]) -> list[Figure]:
    """The figures of two parts of a text read apart (``figures_in``), as read together: the first of
    the second part may go on the statistic that closes the first."""
    if first and then and then[0].role != "context" and same_statistic(text, first[-1], then[0]):
        then = [replace(then[0], role="context"), *then[1:]]
    return first + then


def _find_in(text: str, toks: list[Tok], i: int = 0, stop: int | None = None) -> tuple[list[Figure], bool]:
    """The figures of a window's tokens (cut at white space), with offsets in ``text``, read from
    token ``i`` to before ``stop``, and whether the reading stopped there (not past it).

    The reading of a number looks back at the end of the figure before only through a "/" right
    after it (``_is_code``): one started on a word after a space is read as in the whole window."""
    figures: list[Figure] = []
    last_end = -1
    stop = len(toks) if stop is None else stop
    while i < stop:
        tok = toks[i]
        found = None
        if tok.kind == "num":
            found = _figure_at_number(text, toks, i, last_end)
        elif tok.kind == "word" and tok.low in _VAGUE:
            found = _vague_at(text, toks, i)
        elif tok.kind == "word" and tok.low in NUMBER_WORDS:
            found = _word_number_at(text, toks, i)
        if found is None:
            i += 1
            continue
        figure, i = found
        figures.append(figure)
        last_end = figure.end
    return figures, i == stop
