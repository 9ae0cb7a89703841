"""Whether a figure is an ``activity`` (what was done, given, built, mobilised) or ``context`` (a
statistic of the setting: population, households, lengths, sizes, counts of units, damage, past
totals, what a place holds now: a herd, a debt), or no quantity at all (``gian hàng 0 đồng``, ``tiêu chí "3 cứng"``); the rules are in
``figures``' module docstring, the words in ``_vocabulary``."""

from __future__ import annotations

import functools
import itertools
import re
from typing import TYPE_CHECKING

from geo._marks import any_syllable, finder, last_mark
from geo._text import LIST_JOIN, type_words
from geo._vocabulary import (
    ACTIVITY_VERBS,
    AFFECTED_WORDS,
    BETWEEN_AUXILIARY_AND_VERB,
    BUILT_ALONG,
    DAMAGE_AFTER,
    DAMAGE_BEFORE,
    DAMAGE_BEFORE_AMOUNT,
    DAMAGE_COMPOUNDS,
    DAMAGE_WORDS,
    DESCRIBED_PARTS,
    DISASTERS,
    FAMILY_UNITS,
    HELPED_BEFORE,
    LIVING,
    MEASURE_BEFORE,
    MEASURE_NEAR,
    MEASURES_NAMED_LIKE_PLACES,
    NOT_DAMAGE,
    PAGE_COUNTS,
    PERSON_TITLES,
    PLACE_PREPOSITIONS,
    POPULATION_UNITS,
    RATE_AFTER,
    RECEIVER_BEFORE,
    SETTING_UNITS,
    SETTLEMENT_UNITS,
    STANDING_OPENERS,
    STANDING_VERBS,
    STATISTIC_AFTER,
    STATISTIC_BEFORE,
    STOCK_WORDS,
    WHOLE_BEFORE,
)

if TYPE_CHECKING:
    from geo.figures import Figure


_SENTENCE_START = re.compile(r"[.!?\n]\s")


def _inside_short_quote(text: str, figure: Figure) -> bool:
    """Whether the figure stands inside a short quotation (``tiêu chí “3 cứng”``): a quote opened
    before it in its sentence and not closed, that closes within a few words after it."""
    lo = max(0, figure.start - 200)
    if text.find('"', lo, figure.start) < 0 and text.find("“", lo, figure.start) < 0:
        return False  # most figures stop here, before the window is cut out
    window = text[lo : figure.start]
    starts = [m.end() for m in _SENTENCE_START.finditer(window)]
    before = window[starts[-1] :] if starts else window
    opened = before.count('"') % 2 == 1 or before.rfind("“") > before.rfind("”")
    return opened and _QUOTE_CLOSES.match(text, figure.end, figure.end + 31) is not None


_QUOTE_CLOSES = re.compile(r"[^“”\"\n]{0,30}[”\"]")


# A span of years behind a figure makes it a past total told as background, not this activity's
# ("Trong 19 năm qua", "những năm qua", "từ năm 2016 đến nay", "từ khi thành lập", "lũy kế",
# "năm trước"); the labelled articles count those as context.
_BACKGROUND = re.compile(
    r"\b(?:trong|sau|qua)\s+(?:hơn\s+|gần\s+|trên\s+)?(?:\d+|nhiều|những|các)\s+năm\b"
    r"|\bnhững\s+năm\s+(?:qua|gần\s+đây)\b"
    r"|\btừ\s+(?:năm\s+)?(?:19|20)\d\d\s+(?:đến|tới)\s+nay\b"
    r"|\btừ\s+khi\s+thành\s+lập\b|\blũy\s+kế\b|\bnăm\s+(?:trước|ngoái)\b|\bnhiệm\s+kỳ\s+qua\b",
    re.IGNORECASE,
)


# Each of _BACKGROUND's phrases holds one of these syllables: a clause without any is read no further.
_BACKGROUND_SYLLABLES = ("năm", "nay", "lập", "lũy", "nhiệm")


def _in_the_past(clause: str) -> bool:
    low = clause.lower()
    return any(s in low for s in _BACKGROUND_SYLLABLES) and _BACKGROUND.search(clause) is not None


_CLAUSE_START = re.compile(r"[;:!?\n]|\.(?!\d)")


_SENTENCE_CUT = re.compile(r"[!?\n]|\.(?!\d)")


def _names_someone(words: list[str]) -> bool:
    """Whether words open a person's name ("Lê Thị Oanh", "bà Năm")."""
    return bool(words) and (
        words[0][:1].isupper() or words[0] in PERSON_TITLES or " ".join(words[:2]) in PERSON_TITLES
    )


def _statistic_after(after: list[str], people: bool) -> bool:
    """Whether the words after a figure make it a statistic ("bị chia cắt", "dân số", "là người …")."""
    return bool(after) and (
        after[0] in STATISTIC_AFTER
        or " ".join(after[:2]) in STATISTIC_AFTER
        or (people and after[0] == "là" and not _names_someone(after[1:3]))
    )


# Receivers of an act: "tặng quà cho 70 hộ gia đình là hộ nghèo", "giúp 200 hộ dân bị thiệt hại".
_GIVEN_TO = re.compile(f"(?:{RECEIVER_BEFORE}|{HELPED_BEFORE})$", re.IGNORECASE)


def _given_to(text: str, figure: Figure) -> bool:
    found = _GIVEN_TO.search(text, max(0, figure.start - 20), figure.start)
    return found is not None and _CAUSING.search(text, max(0, found.start() - 8), found.start()) is None


# "khiến cho 9 nhà bị tốc mái", "làm cho": what caused it, not whom it was given to.
_CAUSING = re.compile(r"\b(?:khiến|làm)\s+$", re.IGNORECASE)


def _acted_on(after: list[str]) -> bool:
    """Whether the words after a figure say what was done to it: "44 hộ được nhận", "1.310 hộ dân
    tộc Chứt được hỗ trợ" (an act within a few words)."""
    after = [w for w in after[:8] if w not in BETWEEN_AUXILIARY_AND_VERB]  # "đã cơ bản hoàn thành"
    if _VERB_FIRSTS.isdisjoint(after[:7]):  # no act can start within reach
        return False
    for k, word in enumerate(after[:6]):
        rest = after[k + 1 :] if word in ("được", "đã", "đều", "cũng") else after[k:] if k == 0 else None
        if rest and (rest[0] in ACTIVITY_VERBS or " ".join(rest[:2]) in ACTIVITY_VERBS):
            return True
    return False


def _counts_places(unit: str, next_word: list[str]) -> bool:
    """Whether a unit counts units and settlements ("21 xã", "20 bản"), not a measure named like
    one ("170 đơn vị máu": the unit with the word after it)."""
    written = " ".join([unit, *next_word])
    if any(written.startswith(measure) for measure in MEASURES_NAMED_LIKE_PLACES):
        return False
    words = written.split(" ")  # "42 tổ dân phố": the unit read is "tổ dân", the word after ends it
    return any(" ".join(words[:k]) in SETTLEMENT_UNITS for k in range(1, min(len(words), 4) + 1))


@functools.lru_cache(maxsize=4096)
def _counts_the_setting(unit: str, next_word: tuple[str, ...]) -> bool:
    """Whether a unit counts the setting: units and settlements, family members, a thing's parts."""
    if _counts_places(unit, list(next_word)):
        return True
    words = unit.split(" ")
    return any(unit in table or " ".join(words[:2]) in table for table in (FAMILY_UNITS, DESCRIBED_PARTS))


def _a_setting_count(text: str, figure: Figure, next_word: tuple[str, ...]) -> bool:
    """Whether a figure counts the setting or is a rate; not units that reached a standard now
    ("Thêm 12 xã được công nhận đạt chuẩn nông thôn mới": what this round achieved)."""
    if not _counts_the_setting(figure.unit, next_word) and not text.startswith(RATE_AFTER, figure.end):
        return False
    return not _units_newly_done(text, figure)


def _units_newly_done(text: str, figure: Figure) -> bool:
    """Whether a count of units is of those that reached a standard or got help now ("công nhận 13
    xã đạt chuẩn", "có thêm 11 xã được công nhận"): not a standing total ("toàn tỉnh có 16 xã đạt
    chuẩn", "36/118 xã hoàn thành")."""
    return (
        figure.unit.split(" ")[0] in _DONE_UNITS
        and "/" not in figure.text
        and _DONE_AFTER.match(text, figure.end) is not None
        and _STANDING_HAS.search(text, max(0, figure.start - 24), figure.start) is None
    )


_DONE_UNITS = frozenset({"xã", "huyện", "phường", "địa", "đơn"})  # "địa phương", "đơn vị"
_DONE_AFTER = re.compile(
    r"(?:(?!\bcó\b)[^.;:\n\d]){0,25}?\b(?:được\s+(?:\S+\s+){0,5}công\s+nhận|đạt\s+chuẩn|hoàn\s+thành|được\s+hỗ\s+trợ|về\s+đích)",
    re.IGNORECASE,
)
_STANDING_HAS = re.compile(r"\b(?:có|còn|đã\s+có)\s+$", re.IGNORECASE)  # not "có thêm"


_APPROXIMATELY = frozenset({"khoảng", "gần", "hơn", "trên", "từ", "tới", "đến", "chừng", "ước", "tính"})
_WEIGHT_UNITS = frozenset({"kg", "tạ", "tấn", "g", "gam", "kilôgam"})


def _in_a_weight(word: str) -> bool:
    """Whether a word between "nặng" and a figure belongs to the weight: "nặng khoảng 160 kg đến"."""
    return word in _APPROXIMATELY or word in _WEIGHT_UNITS or any(c.isdigit() for c in word)


def _measured(words: list[str]) -> bool:
    """Whether the words before a figure make it a measure of the setting ("rộng 2,2 m", "cách
    trung tâm xã 10 km"): the measure words of the figure itself, not those of a figure before it
    ("diện tích 32,8m2, trị giá 55 triệu đồng")."""
    if _MEASURE_FIRSTS.isdisjoint(words[-5:]):  # no measure word can start within reach
        return False
    last_two = " ".join(words[-2:])
    last = words[-1] if words else ""
    near = words[-5:]
    cut = max((k for k, w in enumerate(near) if any(map(str.isdigit, w))), default=None)
    if cut is not None and any(w.endswith((",", ";")) or w == "và" for w in near[cut:]):
        near = near[cut + 1 :]  # not "nặng khoảng 160 kg đến 200kg": one measure, a range
    pairs = [" ".join(p) for p in itertools.pairwise(near)]
    # a weight is said right before it ("nặng khoảng 160 kg"), not "thương bệnh binh nặng và 91 phần quà"
    singles = [w for k, w in enumerate(near) if w != "nặng" or all(map(_in_a_weight, near[k + 1 :]))]
    return (
        last in MEASURE_BEFORE
        or last_two in MEASURE_BEFORE
        or any(w in MEASURE_NEAR for w in singles + pairs)
    )


def _affected(words: list[str]) -> bool:
    """Whether the last words before a figure say what a disaster hit ("gây sạt lở, ảnh hưởng đến
    đời sống của 37 hộ dân"), with no act between ("hỗ trợ 30 hộ bị ảnh hưởng" names it after)."""
    joined = " ".join(words[-8:]).lower()
    if not _AFFECTED_FIRSTS.search(joined):
        return False
    near = [w.lower().strip(",.;:") for w in words[-8:]]
    pairs = [" ".join(p) for p in itertools.pairwise(near)]
    at = max((k for k, pair in enumerate(pairs) if pair in AFFECTED_WORDS), default=None)
    if at is None:
        return False
    between = near[at + 2 :]
    acts = [*between, *(" ".join(p) for p in itertools.pairwise(between))]
    return not any(w in ACTIVITY_VERBS for w in acts)


_CLAUSE_CUT_OR_BRACKET = re.compile(r"[;:!?\n(]|\.(?!\d)")
# A disaster's "làm" / "khiến" / "gây" is what it caused, not an act: "bão số 13 làm 3 người chết".
_CAUSED_BY = re.compile(rf"\b((?:{'|'.join(DISASTERS)})\b[^,;]{{0,25}}?)\s(?:làm|khiến|gây)\s")


def _words_of(text: str) -> str:
    """The words of a stretch, lower case, one space apart and around: " bị chết trôi "."""
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def _common_words(text: str) -> str:
    """``_words_of`` without the capitalised words after the first, those of names: "Phòng Nông
    nghiệp và Phát triển nông thôn" holds no verb of doing."""
    words = _WORD.findall(text)
    kept = words[:1] + [w for w in words[1:] if not w[:1].isupper()]
    return " " + " ".join(kept).lower() + " "


_WORD = re.compile(r"\w+")
_DISASTER_SYLLABLES = finder(word.split()[-1] for word in DISASTERS)
_DAMAGE_SYLLABLES = tuple(sorted({word.split()[-1] for word in DAMAGE_WORDS}))
_AMOUNT_DAMAGE_SYLLABLES = tuple(sorted({word.split()[0] for word in DAMAGE_BEFORE_AMOUNT}))


def _a_disasters_toll(text: str, figure: Figure) -> bool:
    """Whether the figure's clause (between semicolons, colons and sentence ends) tells what a
    disaster did to it: damage said after the figure, or a damage word before an amount, with no
    act before the figure but a disaster's own ("bão số 13 làm …")."""
    amount = figure.unit in ("đồng", "")
    start = _past_bracket(text, figure.end)  # "1 người (ông A, SN 1978) bị lật thuyền"
    damage_after, after = False, ""
    if any_syllable(text, start, start + 120, _DAMAGE_SYLLABLES):  # most figures stop here
        end = _CLAUSE_CUT_OR_BRACKET.search(text, start, start + 120)
        after = _words_of(text[start : end.start() if end else start + 120])
        for words in NOT_DAMAGE:
            after = after.replace(f" {words} ", " ")
        damage_after = any(f" {word} " in after for word in DAMAGE_WORDS)
    named = (figure.unit + " " + text[start : start + 12]).lower()  # "100 điểm sạt lở", "3 vụ lũ quét"
    if not damage_after and _DISASTER_SYLLABLES.search(named):
        damage_after = any(f" {word} " in _words_of(named) for word in DISASTERS)
    if not damage_after and not (
        amount and any_syllable(text, figure.start - 200, figure.start, _AMOUNT_DAMAGE_SYLLABLES)
    ):
        return False
    before = text[max(0, figure.start - 200) : figure.start]
    cuts = [m.end() for m in _CLAUSE_START.finditer(before)]
    before = before[cuts[-1] :] if cuts else before
    low = _words_of(before)
    damage_before = amount and any(word in low for word in DAMAGE_BEFORE_AMOUNT)
    if not damage_after and not damage_before:
        return False
    if _has_act(_without_damage(_CAUSED_BY.sub(r"\1 ", _common_words(before)))):
        return False
    return damage_before or not _has_act(_without_damage(after))


def _without_damage(words: str) -> str:
    """Words (as ``_words_of`` gives them) without the damage words that hold a verb of doing."""
    for compound in DAMAGE_COMPOUNDS:
        words = words.replace(f" {compound} ", " ")
    return words


def _past_bracket(text: str, end: int) -> int:
    """Where the words after a figure go on past a short bracket right after it (who or what it
    counts: "2 người (ông A và bà B) chết")."""
    opened = _BRACKET_OPENS.match(text, end, end + 4)
    if opened is None:
        return end
    close = text.find(")", end, end + 120)
    return close + 1 if close >= 0 else end


_BRACKET_OPENS = re.compile(r"\s*\(")


def _struck(text: str, figure: Figure) -> bool:
    """Whether a disaster's verb stands right before the figure, at most two words between: "lũ
    quét làm trôi hoàn toàn 11 căn nhà", "cuốn trôi 6 nhà dân"."""
    if not any_syllable(text, figure.start - 40, figure.start, _STRUCK_SYLLABLES):  # most figures stop here
        return False
    before = text[max(0, figure.start - 40) : figure.start].lower()
    cut = max((m.end() for m in _CLAUSE_START.finditer(before)), default=0)
    return _STRUCK.search(_words_of(before[cut:])) is not None


_STRUCK_SYLLABLES = tuple(sorted({verb.split()[-1] for verb in DAMAGE_BEFORE}))
_STRUCK = re.compile(rf" (?:{'|'.join(DAMAGE_BEFORE)})(?: \w+){{0,2}} $")


def figure_role(text: str, figure: Figure) -> str | None:
    """``activity`` or ``context`` (see the module docstring), or None when it is no quantity at all:
    a zero (``gian hàng 0 đồng``) or a number inside a short quoted name (``tiêu chí "3 cứng"``)."""
    next_word = [w.strip(",.;:!?)") for w in text[figure.end : figure.end + 20].split()[:1]]
    counted = " ".join([figure.unit, *next_word]).lower()  # "1 BÌNH LUẬN" as "1 bình luận"
    if figure.value == 0 or figure.unit.lower() in PAGE_COUNTS or counted in PAGE_COUNTS:
        return None  # "gian hàng 0 đồng"; a page's own counters ("313 chia sẻ", "59 lượt xem")
    if _inside_short_quote(text, figure):
        return None
    unit_word = figure.unit.split(" ")[0] if figure.unit else ""
    words = figure.unit.split(" ")
    if figure.unit.lower() in SETTING_UNITS or counted in SETTING_UNITS:
        return "context"  # "nắng 37 độ C"
    if _a_setting_count(text, figure, tuple(next_word)):
        return "context"  # "21 xã", "3 phòng ngủ", "2 mẹ con"; "20.000 đồng/giờ"
    people = unit_word in POPULATION_UNITS or figure.unit in POPULATION_UNITS
    if figure.unit == "%" and _NOTHING_NAMED.match(text, figure.end, figure.end + 4):
        return "context"  # a share of nothing named: "tỷ lệ hộ nghèo chiếm tới 60%."; not "100% cơ sở đoàn"
    if (
        unit_word == "hộ"
        and _OWNED_BY.search(text, max(0, figure.start - 40), figure.start)
        and not _TAKING_PART.search(text, max(0, figure.start - 40), figure.start)
    ):
        return "context"  # "đời sống của 37 hộ dân", "đất sản xuất của hàng trăm hộ": whose, not who got
    if any_syllable(text, figure.start - 60, figure.start, _FROM_WORD) and _DISTANCE_FROM.search(
        text, max(0, figure.start - 60), figure.start
    ):
        return "context"  # "nằm cách trung tâm huyện Vân Hồ hơn 35km": how far a place lies
    if figure.unit == "chỗ" and _VEHICLE.search(text, max(0, figure.start - 24), figure.start):
        return "context"  # "xe dưới 16 chỗ lưu thông qua cầu": a vehicle's size
    if figure.unit == "%" and _SHARE_NOT_GIVEN.search(text, max(0, figure.start - 16), figure.start):
        return "context"  # "hộ nghèo hoàn trả 50% vốn", "thương binh dưới 81%", "hư hỏng 50%": no share given
    # the rules read at most the first eight words after it (``_acted_on``)
    after = [w.strip(",.;:") for w in text[figure.end : figure.end + 60].split()[:8]]
    if any(w in DAMAGE_AFTER for w in [*words[1:], *after[:1], " ".join(after[:2])]):
        return "context"  # "89 nhà sập, đổ", "294 nhà hư hỏng nặng"
    if _statistic_after(after, people) and not _given_to(text, figure):
        return "context"  # "700 căn nhà bị chia cắt", "90% là người dân tộc"; not "cho 30 hộ bị ảnh hưởng"
    if _a_disasters_toll(text, figure) or _struck(text, figure):
        return "context"  # "bão làm 3 người chết, 118 nhà hư hỏng"; "thiệt hại khoảng 1.900 tỷ đồng"
    does = _acted_on(after)
    if (
        not does
        and any_syllable(text, figure.start - 40, figure.start, _WHOLE_WORD)
        and _WHOLE_HAS.search(text, max(0, figure.start - 40), figure.start)
    ):
        return "context"  # "Toàn thôn có 48 căn nhà": what the place has; not "có 50 hộ hiến đất"
    if not _LIVING_FIRSTS.isdisjoint(after[:6]) and any(
        " ".join(after[k : k + 2]) in LIVING for k in range(min(len(after), 6))
    ):
        return "context"  # "12 nhóm dân tộc khác cùng sinh sống"
    return _role_by_clause(text, figure, people, does)


# "Toàn xã có", "toàn tỉnh hiện có": the whole place's count of something, a standing.
_WHOLE_HAS = re.compile(
    r"\btoàn\s+(?:thôn|bản|xã|huyện|tỉnh|làng|ấp|xóm|phường|thị\s+trấn)\s+(?:(?!đã\b)\w+\s+){0,2}?"
    r"(?:hiện\s+)?có\s+(?:tới\s+|đến\s+)?$",  # not "toàn tỉnh đã có 1,7 triệu m² đất được hiến"
    re.IGNORECASE,
)
# Households after "của" own what the sentence speaks of; "sự tham gia của 30 hộ" takes part.
_OWNED_BY = re.compile(r"\bcủa\s+$", re.IGNORECASE)
_TAKING_PART = re.compile(r"\b(?:sự|công)\s+(?:\S+\s+){0,2}của\s+$", re.IGNORECASE)
_FROM_WORD, _WHOLE_WORD = ("cách",), ("toàn",)  # looked up in the text's index before the patterns
# "cách trung tâm huyện A", "cách thị trấn", "cách biên giới": a distance from a place named after it.
_DISTANCE_FROM = re.compile(
    r"(?<!bằng )\bcách\s+(?:trung\s+tâm|thị\s+trấn|thành\s+phố|huyện|xã|tỉnh|biên\s+giới|đường)[^\d,.;]{0,40}$",
    re.IGNORECASE,
)
_VEHICLE = re.compile(r"\b(?:xe|ô\s+tô)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
# A share paid back, charged, rated or damaged, not given: "trả 20% mức vốn", "lãi suất 0,5%",
# "thương binh 61%", "9 hộ có nhà hư hỏng 50%-70%".
_SHARE_NOT_GIVEN = re.compile(
    r"\b(?:hoàn\s+trả|trả|thu\s+hồi|thương\s+binh|bệnh\s+binh|lãi\s+suất|thu\s+phí|hư\s+hỏng|hư\s+hại|thiệt\s+hại)\s*$",
    re.IGNORECASE,
)
_NOTHING_NAMED = re.compile(r"\s*(?:[.,;:)!?\n]|$)")  # a share of nothing named: "chiếm tới 60%."

# The first words of the phrases looked for word by word: a stretch holding none of them holds
# no phrase (checked before building the stretch's pairs of words).
_VERB_FIRSTS = frozenset(phrase.split(" ")[0] for phrase in ACTIVITY_VERBS)
_MEASURE_FIRSTS = frozenset(phrase.split(" ")[0] for phrase in (*MEASURE_BEFORE, *MEASURE_NEAR))
_AFFECTED_FIRSTS = finder(phrase.split(" ")[0] for phrase in AFFECTED_WORDS)
_LIVING_FIRSTS = frozenset(phrase.split(" ")[0] for phrase in LIVING)

_NOT_BUILT = frozenset({"bị", "trước", "từng"})
_LAST_WORDS = 10  # the words before a figure that its measure, whole and disaster words are looked for in


def _clause_words(clause: str, most: int | None = None) -> list[str]:
    """The words of a clause as written ("Cao Lâu" is a name, "cao" a measure; its first word in
    lower case), without the brackets and quotes around a word ("(chiếm 1,23%"), and without a
    closing "từ" ("ngập từ 1-3m": the measure is the word before it). With ``most``, a clause of
    more words gives only its last ``most`` (a long clause is not split whole for each figure)."""
    if most is not None:
        parts = clause.rsplit(None, most + 2)
        tail = [stripped for w in parts[1:] if (stripped := w.strip("()“”\"'"))]
        if len(parts) == most + 3 and len(tail) > most:
            if tail[-1] == "từ":
                tail.pop()
            return tail[-most:]
    words = [stripped for w in clause.split() if (stripped := w.strip("()“”\"'"))]
    if words:
        words[0] = words[0].lower()
    if words and words[-1] == "từ":
        words.pop()
    return words


def _standing(clause: str, words: list[str]) -> bool:
    """Whether a clause tells what a place holds now rather than what was done: opened by "hiện
    nay" with "có" / "còn" / "đạt" right before the figure, or a stock (a herd, a debt) named in
    the last words before it ("tổng dư nợ hơn 22 tỷ đồng", not "dư nợ 22 tỷ đồng cho 1.127 hộ")."""
    last = " ".join(words[-5:]).lower()
    if _STOCK_SYLLABLES.search(last) and any(  # most clauses stop at the first test
        f" {word} " in _words_of(last) for word in STOCK_WORDS
    ):
        return not _acts_in(clause)
    if not words or words[-1].lower() not in STANDING_VERBS:
        return False
    opened = _words_of(clause[:20]).lstrip(" ,")
    return any(opened.startswith(f"{word} ") for word in STANDING_OPENERS) and not _acts_in(clause)


_STOCK_SYLLABLES = finder(word.split()[-1] for word in STOCK_WORDS)


def _acts_in(clause: str) -> bool:
    return _has_act(_common_words(clause))


def _has_act(words: str) -> bool:
    """Whether words (one space apart and around, as ``_words_of`` gives them) hold a verb of doing."""
    return _ACTS.search(words) is not None


_ACTS = finder(f" {verb} " for verb in ACTIVITY_VERBS)


def _role_by_clause(text: str, figure: Figure, people: bool, does: bool) -> str:
    """``context`` when the clause before a figure makes it a statistic, a measure or a past
    total; else ``activity``."""
    window = max(0, figure.start - 160)
    cut = last_mark(text, window, figure.start, _CLAUSE_START)
    clause = text[cut + 1 if cut >= 0 else window : figure.start]
    # Items after ";" share the verb of the sentence's head: "Các hộ được tặng bò ở xã A có 3 hộ;
    # xã B có 2 hộ": the sentence back to its start is where their verb is looked for.
    head, head_start = "", cut
    if cut >= 0 and text[cut] == ";":
        head_start = last_mark(text, window, cut, _SENTENCE_CUT) + 1 or window
        head = text[head_start:cut]
    past = any_syllable(text, head_start, cut, _BACKGROUND_SYLLABLES) or any_syllable(
        text, figure.start - len(clause), figure.start, _BACKGROUND_SYLLABLES
    )
    if past and _in_the_past(head + " " + clause):
        return "context"  # "Trong 19 năm qua, … tổng chi phí trên 544 tỉ đồng": a past total
    words = _clause_words(clause, _LAST_WORDS)
    last_two = " ".join(words[-2:])
    last = words[-1] if words else ""
    if _standing(clause, words) and not does:
        return "context"  # "Hiện nay, Huyện hội có 23 doanh nghiệp"; "Đàn gia súc đạt hơn 12.400 con"
    now_done = does and last_two.lower() in STANDING_OPENERS  # "Hiện nay 02 tuyến đường đã hoàn thành"
    if (
        (_measured(words) and not now_done)
        or " ".join(words[-3:]).lower() in WHOLE_BEFORE
        or _affected(words)
    ):
        return "context"  # "Trong tổng số 428 thanh niên, … chọn 270"; "ảnh hưởng đến đời sống của 37 hộ"
    if (
        people
        and not does
        and (last in STATISTIC_BEFORE or last_two in STATISTIC_BEFORE)
        and last_two != "cùng với"
    ):
        prior = " " + head + " " + " ".join(_clause_words(clause)[:-1]) + " "
        said = _clause_words(clause)[:-1]
        # "tuyến đường … có chiều dài 250m" was built; not "… bị sạt lở với chiều dài 25m", nor
        # "Trước đây, tuyến đường … với chiều dài 2km"
        built = (
            last == "dài"
            and (any(w in BUILT_ALONG for w in said) or "công trình" in " ".join(said))
            and not any(w in _NOT_BUILT for w in said)
        )
        if not built and not _has_act(prior):
            return (
                "context"  # "có 105 hộ", "biên giới dài 42 km"; not "có 14 hộ hiến đất", "đường dài 1,6 km"
            )
    return "activity"


def same_statistic(text: str, before: Figure, figure: Figure) -> bool:
    """Whether a figure goes on the statistic of the context figure just before it: listed with it
    ("58 hộ, 339 khẩu", "1.900 đoàn viên, hơn 2.000 hội viên"; not "cho 876 hộ dân thuộc 20 bản và
    81 học sinh", where the ones before live), its breakdown in a bracket ("dân số 24.215 người
    (trong đó … 1.983 người"), or one place's share of it (``_item_of``)."""
    if before.role != "context":
        return False
    between = text[before.end : figure.start]
    if LIST_JOIN.fullmatch(between) and not _PLACE_BEFORE.search(
        text, max(0, before.start - 8), before.start
    ):
        return True
    if _HEADS_WITH.fullmatch(between) and figure.unit in POPULATION_UNITS:
        return True  # "ảnh hưởng đến 33 hộ dân với 111 nhân khẩu": the households' people
    return _BREAKDOWN.fullmatch(text, before.end, figure.start) is not None or _item_of(text, before, figure)


# What stands between a statistic of places and its next item: "19 nhà bị sạt lở, ảnh hưởng (xã
# Khao Mang 7 nhà; Kim Nọi 6 nhà": an opened bracket or "trong đó" and a name, or a separator
# and a name.
_OPENS_ITEMS = re.compile(r"\(|\btrong\s+đó\b", re.IGNORECASE)
_NEXT_ITEM = re.compile(
    rf"\s*[,;]\s*(?:và\s+)?(?:(?:{type_words('commune', 'district')})\s+)?(?:[A-ZĐ][\w']*\s+){{1,4}}",
    re.IGNORECASE,
)


def _item_of(text: str, before: Figure, figure: Figure) -> bool:
    """Whether a figure is one place's share of the statistic just before it, counted in the same
    unit: "19 nhà bị sạt lở (xã Khao Mang 7 nhà; Kim Nọi 6 nhà)" (each item is a statistic too)."""
    if before.role != "context" or figure.unit != before.unit or figure.start - before.end > 150:
        return False
    between = text[before.end : figure.start]
    if "\n" in between or re.search(r"[.!?](?:\s|$)", between):
        return False
    opened = between.count("(") > between.count(")") or _OPENS_ITEMS.search(between) is not None
    return opened or _NEXT_ITEM.fullmatch(between) is not None


# A statistic broken down in a bracket after it: "dân số 24.215 người (trong đó đồng bào dân tộc
# 1.983 người": the part is a statistic too.
_HEADS_WITH = re.compile(r"\s*(?:với|/)\s*")
_BREAKDOWN = re.compile(r"\s*\(\s*(?:trong\s+đó|gồm)\b[^()]{0,60}", re.IGNORECASE)
# A count of places said as where the figures before it are: "thuộc 20 bản", "tại 3 xã".
_PLACE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(PLACE_PREPOSITIONS)) + r")\s+$", re.IGNORECASE)
