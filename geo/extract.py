"""Read a Vietnamese news article: its date and province, the places it names, its figures.

``read_article(text, gazetteer)`` is pure (text and gazetteer in, a :class:`Reading` out); the
activities built from it live in ``geo.activities``. Places are found where Vietnamese writes
them: a type word followed by a capitalised name (``xã Trùng Quán``), chained to its parents
(``xã Xuân Mai, huyện Văn Quan``; ``xã X (huyện Y, tỉnh Z)``), coordinated under one type word
(``huyện Chi Lăng, Hữu Lũng và thành phố Lạng Sơn``), inside organisation names (``Ban Chỉ huy
Quân sự thành phố Lạng Sơn``), and repeated bare after a first mention (``về Trấn Ninh``). A type
word without a capitalised name (``tỉnh``, ``các huyện, thành phố``, ``24 xã``) names nothing.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from geo import _dates
from geo._answers import Result
from geo._text import RUNNING_TEXT_TYPES, TYPE_LEVELS, fold, key
from geo._tokens import Tok, tokenize
from geo._vocabulary import (
    BELOW_COMMUNE_WORDS,
    LOWER_CASE_COMMON,
    NEWSPAPER_DATELINES,
    ORGANISATION_HEADS,
    PEOPLE_OF,
    PERSON_TITLES,
    PLACE_PREPOSITIONS,
    PRESIDENTS_NAME_AFTER,
    VENUE_WORDS,
)
from geo.figures import STOP_WORDS, VERB_STARTS, Figure, find_figures
from geo.gazetteer import PROVINCE_ABBREVIATIONS, Gazetteer, Unit, unit_json
from geo.geocode import Context, resolve

# Newspaper datelines that name their province ("LSO-" opens every article of Báo Lạng Sơn).
DATELINES = {code: province for code, (province, _paper) in NEWSPAPER_DATELINES.items()}

_THIS_YEAR = re.compile(r"\bnăm\s+nay\b", re.IGNORECASE)
_DATELINE = re.compile(r"(?:^|\n)\s*([A-ZĐ]{2,5})\s*[-–—]\s*\S")
# Type words as they appear in running text, longest first; abbreviations keep their dot.
_TYPE_TOKENS = RUNNING_TEXT_TYPES
_LEVEL_RANK = {"commune": 0, "district": 1, "province": 2}
_HEADS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _head in sorted(ORGANISATION_HEADS, key=lambda h: -len(h.split())):
    _HEADS_BY_FIRST.setdefault(_head.split()[0], []).append(tuple(_head.split()))
_NOT_IN_NAMES = (STOP_WORDS | VERB_STARTS) - {"nhân", "dân"}
_MAX_NAME = 4


@dataclass
class Mention:
    """A place named in the text, with its offsets and the geocoder's answer."""

    text: str
    start: int
    end: int
    type: str | None
    name: str
    query: str  # what was given to the geocoder (the mention with its chain)
    result: Result | None = None
    chain_head: int | None = None  # index of the finest mention of the same chain
    role: str = "place"  # "place": where something is or happens; "actor": inside an organisation's name
    organisation: str = ""  # for an actor: the organisation's name as written
    org_start: int | None = None  # for an actor: where the organisation's name begins
    rank: int | None = None  # for a name without a type word: 0 commune, 1 district, 2 province
    bare: bool = False  # found without a type word (kept only when it resolves)
    heading: bool = False  # the province or district before the title's colon: the article's, not a figure's
    origin: bool = False  # where an organisation comes from ("nhóm Thiện Ý (TP Hồ Chí Minh)"): not a figure's
    venue: bool = False  # an actor whose organisation is where it happened: "tại Đồn Biên phòng xã X"
    org_bracket: bool = False  # alone in a bracket after an organisation: "Bệnh viện A (TP Hồ Chí Minh)"

    @property
    def unit(self) -> Unit | None:
        return self.result.unit if self.result and self.result.status == "resolved" else None

    @property
    def place(self) -> Unit:
        """The unit of a resolved mention: the reader's later steps see only those."""
        unit = self.unit
        if unit is None:
            raise ValueError(f"{self.text!r} is not resolved to a unit")
        return unit

    def to_json(self, gazetteer: Gazetteer) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "status": self.result.status if self.result else "not_found",
            "unit": unit_json(gazetteer, self.unit) if self.unit else None,
            "role": self.role,
            **({"organisation": self.organisation} if self.role == "actor" else {}),
        }


@dataclass
class Document:
    date: dt.date | None
    date_source: str
    province: Unit | None
    province_source: str
    header_date: dt.date | None = None
    years: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    as_of: dt.date | None = None  # the day whose units the places were read on (the date, or assumed)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat() if self.date else None,
            "date_source": self.date_source,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "province": self.province.name if self.province else None,
            "warnings": self.warnings,
        }


@dataclass
class Reading:
    text: str
    document: Document
    mentions: list[Mention]
    figures: list[Figure]
    focus: Unit | None = None  # the finest unit that every place of the text lies in, above or below
    parents: dict[str, Unit] = field(default_factory=dict)  # unit id → parent, for the places named
    captions: list[tuple[int, int]] = field(default_factory=list)  # photo captions' lines


# --------------------------------------------------------------------------------------- document


def document_date(
    text: str, override: dt.date | None = None
) -> tuple[dt.date | None, str, dt.date | None, list[int], list[str]]:
    """The article's date: ``--date``, else its date line, else the first dated event of its text.

    Returns (date, where it came from, the date line's date, the years that date events, warnings).
    A year in the body never overrides a date line, except when the page's date is plainly not
    the article's: every event year is two or more years older and the text speaks of "năm nay"
    (a page reprinted or crawled long after: the sample's ``01/06/2023`` over events of 2017).
    """
    line = _dates.date_line(text)
    header = line.day if line else None
    body = text[line.end :] if line else text
    years = sorted(set(_dates.event_years(body)))
    warnings: list[str] = []
    if override is not None:
        if header and years and max(years) < header.year:
            warnings.append(_disagreement(header, years, override, "--date"))
        return override, "argument", header, years, warnings
    if header is not None:
        if years and max(years) <= header.year - 2 and _THIS_YEAR.search(body):
            fixed = _safe_date(max(years), header.month, header.day) or dt.date(max(years), 12, 31)
            warnings.append(_disagreement(header, years, fixed, "content"))
            return fixed, "content (the date line's year disagrees)", header, years, warnings
        return header, "date line", header, years, warnings
    events = _dates.body_dates(text)
    month = _dates.page_month(text)
    if month is not None:  # the page gives its month: the first event of that month, else its first day
        day = next((e.day for e in events if (e.day.year, e.day.month) == month), dt.date(*month, 1))
        return day, "the page's month", None, years, warnings
    if events:
        return events[0].day, "event date in the text", None, years, warnings
    return None, "none", None, years, warnings


def _disagreement(header: dt.date, years: list[int], used: dt.date, source: str) -> str:
    return (
        f"The header date {header.isoformat()} disagrees with the content, which speaks of "
        f"{', '.join(map(str, years))} (latest {max(years)}): the events are older than the page. "
        f"Using {used.isoformat()} ({source}); give --date to set it."
    )


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def document_province(
    text: str, gazetteer: Gazetteer, override: str | None, day: dt.date | None
) -> tuple[Unit | None, str]:
    """The article's province: ``--province``, else the newspaper's dateline, else none yet."""
    if override:
        return gazetteer.province(override, day), "argument"
    match = _DATELINE.search(text[:2000])
    if match and match.group(1) in DATELINES:
        return gazetteer.province(DATELINES[match.group(1)], day), f"dateline {match.group(1)}-"
    return None, "none"


# --------------------------------------------------------------------------------------- mentions


def _tokens(text: str, every: list[Tok] | None = None) -> list[Tok]:
    """The tokens place names are read from: the text's tokens (``every``, when the caller has
    them) without spaces, a hyphenated word in its parts ("Lạng Sơn-Chủ nhật", "Văn hóa-Xã hội"
    join nothing) and a number glued to letters as one token ("cách trung tâm xã 8km": no
    commune numbered 8)."""
    out: list[Tok] = []
    for t in tokenize(text) if every is None else every:
        if t.kind == "space":
            continue
        if t.kind == "word" and "-" in t.text:
            out.extend(_hyphen_parts(t))
        elif out and out[-1].end == t.start and _alnum_glued(out[-1], t):
            glued = text[out[-1].start : t.end]
            out[-1] = Tok("word", out[-1].start, t.end, glued, glued.lower(), False, glued[0].isupper())
        else:
            out.append(t)
    return out


def _alnum_glued(before: Tok, after: Tok) -> bool:
    """Whether two touching tokens are one word with digits ("8km", "QL4B")."""
    kinds = ("num", "word")
    return before.kind in kinds and after.kind in kinds and any(c.isdigit() for c in before.text + after.text)


def _hyphen_parts(word: Tok) -> list[Tok]:
    parts: list[Tok] = []
    start = word.start
    for k, piece in enumerate(word.text.split("-")):
        if k:
            parts.append(Tok("punct", start, start + 1, "-", "-"))
            start += 1
        parts.append(Tok("word", start, start + len(piece), piece, piece.lower(), False, piece[:1].isupper()))
        start += len(piece)
    return parts


_TYPE_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _spelling, _canonical in _TYPE_TOKENS:
    _TYPE_BY_FIRST.setdefault(_spelling[0], []).append((_spelling, _canonical))


# Tokens after which a name without its type word may stand: prepositions of place, the last
# word of the people of a place ("người dân Quảng Ngãi"), a colon or bracket opening a list.
_OPENS_BARE = PLACE_PREPOSITIONS | {p.split()[-1] for p in PEOPLE_OF} | {":", "("}


def _type_at(tokens: list[Tok], i: int) -> tuple[int, str] | None:
    for spelling, canonical in _TYPE_BY_FIRST.get(tokens[i].low, ()):
        if tuple(t.low for t in tokens[i : i + len(spelling)]) == spelling:
            return len(spelling), canonical
    return None


def _name_at(tokens: list[Tok], i: int, names: dict[str, Any], text: str) -> tuple[int, bool] | None:
    """The name starting at ``i``: (number of tokens, known to the gazetteer), or None.

    The longest known name wins; it may hold lower-case words ("Nông trường Việt Lâm") and a
    spaced hyphen ("Phan Rang - Tháp Chàm"). An unknown name is the run of capitalised words.
    """
    if i >= len(tokens) or not tokens[i].capitalised:
        return None
    span, capitalised_run, spaced = 0, 0, True
    while i + span < len(tokens) and span < _MAX_NAME + 2:
        tok = tokens[i + span]
        gap = text[tokens[i + span - 1].end : tok.start] if span else " "
        if gap != " ":  # a name broken by a line end, or glued ("MaiThủy"), is taken when known whole
            if (gap and not gap.isspace()) or gap.count("\n") > 1:
                break
            spaced = False
        if tok.text[-1] == "." or not (tok.text[0].isalnum() or tok.text == "-"):
            break
        if capitalised_run == span and tok.capitalised and spaced:
            capitalised_run += 1
        span += 1
    for length in range(span, 0, -1):
        if tokens[i + length - 1].text == "-":
            continue
        if key(" ".join(t.text for t in tokens[i : i + length])) in names:
            return length, True
    return capitalised_run, False


def find_mentions(text: str, gazetteer: Gazetteer, tokens: list[Tok] | None = None) -> list[Mention]:
    """Every place named in the text (unresolved), with chains, lists and organisations marked.

    Typed names (``xã Trùng Quán``) and the names listed under one type word (``các xã: Cao Lâu,
    Xuất Lễ và Mẫu Sơn``, ``xã A (13 hộ), B (17 hộ)``); bare parents (``xã Đức Quang (Hà Tĩnh)``)
    and bare names after a preposition (``tại Hữu Lũng``); then the names inside organisation
    names, which become actors (:func:`_mark_actors`).
    """
    tokens = _tokens(text) if tokens is None else tokens
    names = gazetteer.by_key
    heads = _organisation_heads(tokens)
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        low = tokens[i].low
        if low not in _TYPE_BY_FIRST and low not in _OPENS_BARE:  # most words: nothing starts here
            i += 1
            continue
        typed = _type_at(tokens, i)
        if typed is None:
            found = _bare_after_preposition(tokens, i, text, gazetteer)
            if found is not None:
                mentions.append(found[0])
                i = found[1]
                while (more := _bare_after_joiner(tokens, i, text, gazetteer, found[0].rank)) is not None:
                    mentions.append(more[0])  # "tại Hoài Nhơn, Tây Sơn", "ở Văn Quan và Văn Lãng"
                    i = more[1]
                continue
            listed = _bare_list(tokens, i, names, text, gazetteer)
            mentions.extend(listed[0])
            i = listed[1]
            continue
        length, unit_type = typed
        if i and tokens[i - 1].low in _EACH:  # "mỗi xã 5 căn": each commune, no name follows
            i += length
            continue
        if heads.get(i, 0) > length:  # "Huyện đoàn Cao Lộc", "Tỉnh ủy Lạng Sơn": an organisation
            i += heads[i]
            continue
        name = _name_at(tokens, i + length, names, text)
        if name is None:  # "xã biên giới Hưng Hà", "huyện miền núi A Lưới": a word or two describe the type
            length, name = _described(tokens, i, length, unit_type, text, gazetteer)
        if name is None:
            opener = _list_opener(tokens, i + length)
            if opener is not None:  # "các xã: A, B", "02 xã (A, B)", "12 xã, thị trấn gồm: A, B"
                i = _coordinated(text, tokens, opener, unit_type, gazetteer, mentions, opened=True)
            else:
                i += length
            continue
        span, _known = name
        first, last = tokens[i], tokens[i + length + span - 1]
        name_text = " ".join(t.text for t in tokens[i + length : i + length + span])
        mentions.append(
            Mention(text[first.start : last.end], first.start, last.end, unit_type, name_text, "")
        )
        i = _coordinated(text, tokens, i + length + span, unit_type, gazetteer, mentions)
        i = _bare_parents(text, tokens, i, gazetteer, mentions)
    mentions.extend(_children_before_brackets(text, tokens, gazetteer, mentions))
    mentions.extend(_items_with_figures(text, tokens, gazetteer, mentions))
    mentions.extend(_receivers(text, tokens, gazetteer, mentions))
    mentions.sort(key=lambda m: m.start)
    title = _title_place(text, tokens, gazetteer)
    if title is not None and not any(m.start <= title.start < m.end for m in mentions):
        mentions.insert(0, title)
    _link_chains(text, mentions)
    _mark_actors(text, tokens, heads, mentions, gazetteer)
    return [m for m in mentions if not _the_presidents_name(text, m)]


def _the_presidents_name(text: str, mention: Mention) -> bool:
    """Whether a bare "Hồ Chí Minh" is the President's name ("Đoàn TNCS Hồ Chí Minh", "tư tưởng
    Hồ Chí Minh"), not the city."""
    if mention.type is not None or key(mention.name) != _HCM:
        return False
    before = " ".join(text[max(0, mention.start - 30) : mention.start].lower().split())
    return before.endswith(PRESIDENTS_NAME_AFTER)


_HCM = key("Hồ Chí Minh")


_TITLE_PREFIX = re.compile(r"^[ \t]*(?:date [\d-]+ )?([^\W\d][^:\n]{1,30}?):\s", re.MULTILINE)


def _title_place(text: str, tokens: list[Tok], gazetteer: Gazetteer) -> Mention | None:
    """A province or district named before a colon at the head of the title ("Cần Thơ: Nhiều ...")."""
    match = _TITLE_PREFIX.search(text, 0, min(len(text), 300))
    if match is None or text[: match.start()].count("\n") > 2:
        return None
    name = match.group(1).strip()
    rank = _coarse_rank(gazetteer, name)
    if rank is None:
        return None
    start = match.start(1) + (len(match.group(1)) - len(match.group(1).lstrip()))
    return Mention(name, start, start + len(name), None, name, "", rank=rank, bare=True, heading=True)


def _coordinated(
    text: str,
    tokens: list[Tok],
    i: int,
    unit_type: str,
    gazetteer: Gazetteer,
    mentions: list[Mention],
    *,
    opened: bool = False,
) -> int:
    """Names listed under the type word before ``i`` (``, Hữu Lũng``, `` và Cao Lộc``, ``: A, B``,
    ``(A, B)`` when ``opened``); a bracket of figures after an item (``(13 hộ)``) is passed over.
    Returns where the list ends."""
    names = gazetteer.by_key
    while i < len(tokens):
        parent = None if opened else _parent_bracket(text, tokens, i, names)
        if parent is not None and _listed_on(tokens, parent[1], names, text, gazetteer, unit_type):
            # "các xã: A, B (huyện X) và C, D (huyện Y)": the list goes on after a parent
            mentions.append(parent[0])
            i = parent[1]
        j = i if opened else _skip_bracket(tokens, i)
        if j < len(tokens) and (tokens[j].text in (",", ":", ";") or (opened and tokens[j].text == "(")):
            j += 1
        elif opened and j < len(tokens) and tokens[j].low in _LIST_WORDS:
            j += 1 + (j + 1 < len(tokens) and tokens[j + 1].text == ":")
        opened = False
        if j < len(tokens) and tokens[j].low == "và":
            j += 1
        if j == i or j >= len(tokens) or _type_at(tokens, j):
            break
        item = _name_at(tokens, j, names, text)
        if item is None:
            break
        start, end = tokens[j], tokens[j + item[0] - 1]
        written = " ".join(t.text for t in tokens[j : j + item[0]])
        if not item[1] and _listed_on(tokens, j + item[0], names, text, gazetteer, unit_type):
            # "gồm Ninh Loan, Tà In, Đà Loan": a name the gazetteer does not know, between known
            # items, is still an item (reported as not found, with suggestions)
            mentions.append(Mention(written, start.start, end.end, unit_type, written, ""))
            i = j + item[0]
            continue
        if not item[1] or not _fits(gazetteer, written, unit_type):
            break
        if item[0] == 1 and not _exactly_named(gazetteer, written):
            break  # "xã Minh Châu, Đảng ủy": one syllable must be the unit's own spelling ("Dang" is not "Đảng")
        if _rank(unit_type) < 2 and _coarse_rank(gazetteer, written) == 2:
            break  # "xã A Sào, Hưng Yên": a province's name after a commune is its parent, not the next item
        place = text[start.start : end.end]
        mentions.append(Mention(place, start.start, end.end, unit_type, place, ""))
        i = j + item[0]
    return i


def _parent_bracket(
    text: str, tokens: list[Tok], i: int, names: dict[str, Any]
) -> tuple[Mention, int] | None:
    """A bracket at ``i`` holding one typed name ("(huyện Đakrông)"): its mention and the index
    after it."""
    if i + 2 >= len(tokens) or tokens[i].text != "(":
        return None
    typed = _type_at(tokens, i + 1)
    if typed is None:
        return None
    length, unit_type = typed
    name = _name_at(tokens, i + 1 + length, names, text)
    close = i + 1 + length + (name[0] if name else 0)
    if name is None or close >= len(tokens) or tokens[close].text != ")":
        return None
    first, last = tokens[i + 1], tokens[close - 1]
    written = " ".join(t.text for t in tokens[i + 1 + length : close])
    return Mention(text[first.start : last.end], first.start, last.end, unit_type, written, ""), close + 1


def _children_before_brackets(
    text: str, tokens: list[Tok], gazetteer: Gazetteer, mentions: list[Mention]
) -> list[Mention]:
    """Names without a type word listed before a bracket that holds their district or province:
    "gồm Châu Hóa (huyện Tuyên Hóa); Quảng Liên, Quảng Thạch (huyện Quảng Trạch)", "xã Phước
    Thuận (Tuy Phước), Cát Hải, Cát Khánh (Phù Cát)". The bracket vouches for them: each must be
    a unit of that parent; the items are read back to the word that is no list joiner. A bare
    bracket so vouched for is a place too."""
    taken = _merged([(m.start, m.end) for m in mentions])
    found: list[Mention] = []
    for i, tok in enumerate(tokens):
        if tok.text != "(" or not i or not tokens[i - 1].capitalised:
            continue
        parent = _bracketed_parent(text, tokens, i, gazetteer)
        if parent is None:
            continue
        end, vouched = i, False
        while end > 0:
            item = _child_before(text, tokens, end, gazetteer, parent)
            if item is None:
                break
            vouched = True
            if not _inside(taken, item.start):
                found.append(item)
            k = next(k for k in range(end - 1, -1, -1) if tokens[k].start == item.start)
            if k > 0 and _type_at(tokens, k - 1):
                break  # "xã A (B)": the typed name heads the list
            if k < 2 or tokens[k - 1].text not in (",", "và"):
                break
            end = k - 1
        if vouched and not _inside(taken, parent.start):
            found.append(parent)
    return found


def _items_with_figures(
    text: str, tokens: list[Tok], gazetteer: Gazetteer, mentions: list[Mention]
) -> list[Mention]:
    """Names without a type word, each followed by its figure in a bracket, listed ("là Đức Trọng
    (259 hộ); Di Linh (225 hộ) và Bảo Lâm (221 hộ)"): two or more units of one level are places."""
    taken = _merged([(m.start, m.end) for m in mentions])
    found: list[Mention] = []
    run: list[tuple[Mention, int]] = []  # (item, its level's rank), consecutive
    for i, tok in enumerate(tokens):
        if tok.text != "(" or i + 1 >= len(tokens) or tokens[i + 1].kind != "num":
            continue
        item = _bare_item_before(text, tokens, i, gazetteer)
        if item is None or _inside(taken, item[0].start):
            run = []
            continue
        if run and not _only_joiners(text[_bracket_end(text, run[-1][0].end) : item[0].start]):
            run = []
        run.append(item)
        if len(run) >= 2 and len({rank for _, rank in run}) == 1:
            found.extend(m for m, _ in run if m not in found)
    return found


def _receivers(text: str, tokens: list[Tok], gazetteer: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """Names without a type word that receive a figure, and the list they open: "Cao Lâu nhận 4
    nhà, Xuất Lễ 3 nhà", "Trong đó Nghĩa Đàn được tặng 5 nhà". The name must stand alone (no
    capital or person's title before it: "ông Văn Bình nhận …" is a person)."""
    taken = _merged([(m.start, m.end) for m in mentions])
    found: list[Mention] = []
    for i, tok in enumerate(tokens):
        verb = _receiving_verb(tokens, i) if tok.low in ("nhận", "được") else 0
        if not verb or i + verb >= len(tokens) or tokens[i + verb].kind != "num":
            continue
        item = _bare_item_before(text, tokens, i, gazetteer)
        if item is None or _inside(taken, item[0].start) or not _stands_alone(tokens, text, item[0].start):
            continue
        found.append(item[0])
        found.extend(_listed_after(text, tokens, i + verb, gazetteer, taken, item[1]))
    return found


_RECEIVING = frozenset({"tặng", "trao", "nhận", "hưởng", "cấp", "hỗ"})


def _receiving_verb(tokens: list[Tok], i: int) -> int:
    """How many tokens the receiving verb at ``i`` spans ("nhận"; "được tặng", "được hỗ trợ"), or 0."""
    if tokens[i].low == "nhận":
        return 1
    if i + 1 < len(tokens) and tokens[i + 1].low in _RECEIVING:
        return 3 if tokens[i + 1].low == "hỗ" and i + 2 < len(tokens) and tokens[i + 2].low == "trợ" else 2
    return 0


def _stands_alone(tokens: list[Tok], text: str, start: int) -> bool:
    k = next(k for k, t in enumerate(tokens) if t.start == start)
    before = tokens[k - 1] if k else None
    return before is None or not (before.capitalised or before.low in PERSON_TITLES)


def _listed_after(
    text: str, tokens: list[Tok], k: int, gazetteer: Gazetteer, taken: list[tuple[int, int]], rank: int
) -> list[Mention]:
    """The items that go on after a receiver's figure at ``k``: ", Xuất Lễ 3 nhà", " và Mẫu Sơn 2 nhà"."""
    out: list[Mention] = []
    while k < len(tokens):
        stop = next(
            (
                j
                for j in range(k, min(k + 6, len(tokens)))
                if tokens[j].text in (",", ";") or tokens[j].low == "và"
            ),
            None,
        )
        if stop is None:
            break
        j = stop + 1 + (stop + 1 < len(tokens) and tokens[stop + 1].low == "và")
        num = next(
            (n for n in range(j + 1, min(j + _MAX_NAME + 1, len(tokens))) if tokens[n].kind == "num"), None
        )
        if num is None:
            break
        item = _bare_item_before(text, tokens, num, gazetteer)
        if (
            item is None
            or item[1] != rank
            or item[0].start != tokens[j].start
            or _inside(taken, item[0].start)
        ):
            break
        out.append(item[0])
        k = num
    return out


def _bracket_end(text: str, at: int) -> int:
    """Where the bracket opening after ``at`` closes (``at`` when none closes within a line)."""
    close = text.find(")", at, at + 60)
    return close + 1 if close >= 0 else at


def _bare_item_before(
    text: str, tokens: list[Tok], i: int, gazetteer: Gazetteer
) -> tuple[Mention, int] | None:
    """The known name right before the bracket at ``i``, as a bare mention with its level's rank."""
    found = _known_name_before(tokens, i, gazetteer)
    if found is None:
        return None
    start, end, name = found
    ranks = {_LEVEL_RANK[u.level] for u in _exactly_named(gazetteer, name)}
    if not ranks:
        return None
    rank = max(ranks)  # a bare name is the coarsest unit of that name
    return Mention(text[start:end], start, end, None, name, "", rank=rank, bare=True), rank


def _known_name_before(tokens: list[Tok], end: int, gazetteer: Gazetteer) -> tuple[int, int, str] | None:
    """The longest run of capitalised words ending right before token ``end`` that the gazetteer
    knows as a name: its offsets and the name."""
    for length in range(min(_MAX_NAME, end), 0, -1):
        words = tokens[end - length : end]
        if all(t.capitalised and t.text[:1].isalpha() for t in words):
            name = " ".join(t.text for t in words)
            if key(name) in gazetteer.by_key:
                return words[0].start, words[-1].end, name
    return None


def _bracketed_parent(text: str, tokens: list[Tok], i: int, gazetteer: Gazetteer) -> Mention | None:
    """The district or province alone in a bracket at ``i``: typed ("(huyện Tuyên Hóa)") or bare
    ("(Phù Cát)")."""
    typed = _parent_bracket(text, tokens, i, gazetteer.by_key)
    if typed is not None:
        return typed[0] if _rank(typed[0]) >= 1 else None
    item = _name_at(tokens, i + 1, gazetteer.by_key, text) if i + 1 < len(tokens) else None
    close = i + 1 + item[0] if item else 0
    if item is None or not item[1] or close >= len(tokens) or tokens[close].text != ")":
        return None
    name = " ".join(t.text for t in tokens[i + 1 : close])
    levels = {u.level for u in _exactly_named(gazetteer, name)} - {"commune"}
    if not levels:
        return None
    start, end = tokens[i + 1].start, tokens[close - 1].end
    rank = max(_LEVEL_RANK[level] for level in levels)
    return Mention(text[start:end], start, end, None, name, "", rank=rank, bare=True)


def _child_before(
    text: str, tokens: list[Tok], end: int, gazetteer: Gazetteer, parent: Mention
) -> Mention | None:
    """The known name ending right before token ``end`` that is a unit of ``parent``, if any."""
    found = _known_name_before(tokens, end, gazetteer)
    if found is None:
        return None
    start, stop, name = found
    units = [u for u in _exactly_named(gazetteer, name) if _unit_of(u, parent)]
    if not units:
        return None
    types = {u.type for u in units}
    unit_type = types.pop() if len(types) == 1 else None
    rank = min(_LEVEL_RANK[u.level] for u in units)
    return Mention(text[start:stop], start, stop, unit_type, name, "", rank=rank, bare=True)


def _unit_of(unit: Unit, parent: Mention) -> bool:
    """Whether ``unit`` lies in the district or province that ``parent`` names."""
    if _rank(parent) == 1:
        return unit.level == "commune" and key(unit.district or "") == key(parent.name)
    return unit.level != "province" and key(unit.province or "") == key(parent.name)


def _listed_on(
    tokens: list[Tok], k: int, names: dict[str, Any], text: str, gazetteer: Gazetteer, unit_type: str
) -> bool:
    """Whether a list goes on at ``k`` with a known item of ``unit_type`` (", B", " và B")."""
    if k < len(tokens) and tokens[k].text == ",":
        k += 1
    if k < len(tokens) and tokens[k].low == "và":
        k += 1
    item = _name_at(tokens, k, names, text)
    if item is None or not item[1] or k == 0 or tokens[k - 1].text not in (",", "và"):
        return False
    return _fits(gazetteer, " ".join(t.text for t in tokens[k : k + item[0]]), unit_type)


_EACH = frozenset({"mỗi", "từng"})
_LIST_WORDS = frozenset({"gồm", "là", "như"})
_DESCRIBED_MAX = 4  # words that may describe a list's units before it opens


def _list_opener(tokens: list[Tok], k: int) -> int | None:
    """Where a list opens after a type word without a name: ``:``, ``(``, ``gồm``, after other type
    words counted with it (``12 xã, thị trấn gồm: …``); None when no list opens there."""
    while (
        k < len(tokens)
        and tokens[k].text in (",", "và")
        and k + 1 < len(tokens)
        and (typed := _type_at(tokens, k + 1))
    ):
        k += 1 + typed[0]
    if k < len(tokens) and (tokens[k].text in (":", "(") or tokens[k].low in _LIST_WORDS):
        return k
    # A few words describing the units before the list: "5 xã vùng Loan gồm A, B".
    for j in range(k, min(k + _DESCRIBED_MAX, len(tokens))):
        if tokens[j].text == ":" or tokens[j].low in _LIST_WORDS:
            return j
        if not tokens[j].text[:1].isalpha() or _type_at(tokens, j):
            return None
    return None


def _described(
    tokens: list[Tok], i: int, length: int, unit_type: str, text: str, gazetteer: Gazetteer
) -> tuple[int, tuple[int, bool] | None]:
    """After the type word at ``i``: one or two lower-case words, then a known name of that type.
    Returns the type's length stretched over those words, and the name (or None)."""
    for extra in (1, 2):
        j = i + length + extra
        words = tokens[i + length : j]
        if len(words) < extra or any(
            not w.text.isalpha() or w.capitalised or w.low in _NOT_IN_NAMES for w in words
        ):
            return length, None
        if j < len(tokens) and "\n" in text[tokens[i].end : tokens[j].start]:
            return length, None  # "Xã hội\n\nKhánh Hòa": a section's name, then a title
        name = _name_at(tokens, j, gazetteer.by_key, text)
        written = " ".join(t.text for t in tokens[j : j + name[0]]) if name is not None else ""
        if (
            name is not None
            and name[1]
            and all(t.capitalised for t in tokens[j : j + name[0]])
            and _fits(gazetteer, written, unit_type)
            and _exactly_named(gazetteer, written)
        ):
            return length + extra, name
    return length, None


def _skip_bracket(tokens: list[Tok], i: int) -> int:
    """The index after a short bracket at ``i`` that holds no type word (``(13 hộ)``), else ``i``."""
    if i >= len(tokens) or tokens[i].text != "(":
        return i
    for j in range(i + 1, min(i + 10, len(tokens))):
        if tokens[j].text == ")":
            return j + 1
        if _type_at(tokens, j) or tokens[j].text == "(":
            return i
    return i


def _bare_parents(text: str, tokens: list[Tok], i: int, gazetteer: Gazetteer, mentions: list[Mention]) -> int:
    """Parents written without their type word after a place: ``xã Đức Quang (Hà Tĩnh)``,
    ``(huyện Sơn Dương, Tuyên Quang)``. Only names of a province or district count."""
    while i < len(tokens):
        j = i
        if j < len(tokens) and tokens[j].text in (",", "("):
            j += 1
        if j == i or j >= len(tokens) or _type_at(tokens, j):
            if j < len(tokens) and _type_at(tokens, j) and tokens[j - 1].text in (",", "("):
                return i  # a typed parent: the main loop reads it
            return i
        item = _name_at(tokens, j, gazetteer.by_key, text) if tokens[j].text[:1].isalpha() else None
        if item is None or not item[1]:
            return i
        after = j + item[0]
        if (
            after < len(tokens)
            and tokens[after].capitalised
            and text[tokens[after - 1].end : tokens[after].start] == " "
        ):
            return i
        name = " ".join(t.text for t in tokens[j:after])
        rank = _coarse_rank(gazetteer, name)
        if rank is None:
            return i
        start, end = tokens[j], tokens[after - 1]
        mentions.append(
            Mention(text[start.start : end.end], start.start, end.end, None, name, "", rank=rank, bare=True)
        )
        i = after
    return i


def _exactly_named(gazetteer: Gazetteer, name: str) -> list[Unit]:
    """Units whose name is ``name`` with the same diacritics: a bare name has no type word to
    vouch for it, so "Bộ" is not Thị trấn Bo."""
    wanted = name.casefold()
    if name.isupper() and key(name) in PROVINCE_ABBREVIATIONS:  # "TPHCM", "HCM", "BRVT"
        return [u for u in gazetteer.named(name) if u.level == "province"]
    return [
        u
        for u in gazetteer.named(name)
        if u.name.casefold() == wanted or wanted in (a.casefold() for a in u.aliases)
    ]


def _coarse_rank(gazetteer: Gazetteer, name: str) -> int | None:
    """The rank of a bare name that can only be a province (2) or a district (1); None otherwise."""
    levels = {u.level for u in _exactly_named(gazetteer, name)}
    return 2 if "province" in levels else 1 if "district" in levels else None


def _bare_after_preposition(
    tokens: list[Tok], i: int, text: str, gazetteer: Gazetteer
) -> tuple[Mention, int] | None:
    """A known name without its type word right after a preposition of place (``tại Hữu Lũng``)
    or the people of a place (``người dân Quảng Ngãi``)."""
    if i + 1 >= len(tokens):
        return None
    if tokens[i].low not in PLACE_PREPOSITIONS and not (
        i and f"{tokens[i - 1].low} {tokens[i].low}" in PEOPLE_OF
    ):
        return None
    j = i + 1
    if not tokens[j].text[:1].isalpha():  # "đến 3 xã": a count, not Quận 3
        return None
    if _type_at(tokens, j) or text[tokens[i].end : tokens[j].start] != " ":
        return None
    found = _bare_name_at(tokens, j, text, gazetteer)
    if found is None:
        return None
    mention, after, ranks = found
    mention.rank = max(ranks)
    return mention, after


def _bare_name_at(
    tokens: list[Tok], j: int, text: str, gazetteer: Gazetteer
) -> tuple[Mention, int, set[int]] | None:
    """The known name without a type word at ``j`` that ends there (no capital or number goes on
    with it): its bare mention (rank not set), the index after it, and its units' level ranks."""
    item = _name_at(tokens, j, gazetteer.by_key, text)
    if item is None or not item[1]:
        return None
    after = j + item[0]
    if _longer_name(tokens, text, after):
        return None
    name = " ".join(t.text for t in tokens[j:after])
    ranks = {_LEVEL_RANK[u.level] for u in _exactly_named(gazetteer, name)}
    if not ranks:
        return None
    start, end = tokens[j].start, tokens[after - 1].end
    return Mention(text[start:end], start, end, None, name, "", bare=True), after, ranks


def _longer_name(tokens: list[Tok], text: str, after: int) -> bool:
    """Whether the token at ``after`` goes on with the name before it: a capital or a number on
    the same line ("Hữu Lũng Xanh", "Quảng Trung 1"); a title's last word goes on with nothing."""
    if after >= len(tokens) or "\n" in text[tokens[after - 1].end : tokens[after].start]:
        return False
    return tokens[after].capitalised or tokens[after].text[:1].isdigit()


def _bare_after_joiner(
    tokens: list[Tok], i: int, text: str, gazetteer: Gazetteer, rank: int | None
) -> tuple[Mention, int] | None:
    """The next item of a list of bare names (", B", " và B", ", và B") of the same level, if any."""
    j = i
    if j < len(tokens) and tokens[j].text == ",":
        j += 1
    if j < len(tokens) and tokens[j].low == "và":
        j += 1
    if j == i or j >= len(tokens) or not tokens[j].text[:1].isalpha() or _type_at(tokens, j):
        return None
    found = _bare_name_at(tokens, j, text, gazetteer)
    if found is None or rank not in found[2]:
        return None
    found[0].rank = rank
    return found[0], found[1]


def _bare_list(
    tokens: list[Tok], i: int, names: dict[str, Any], text: str, gazetteer: Gazetteer
) -> tuple[list[Mention], int]:
    """Known names without a type word that a colon or a bracket opens, and the index after them.

    After a colon, two or more names of one level ("các đơn vị: Ngô Quyền, Kiến An"); in a
    bracket closed right after them, districts or provinces ("chùa Phước Quang (Lấp Vò, Đồng
    Tháp)"). Anything else, and the names stay unread.
    """
    opener = tokens[i].text
    if opener not in (":", "("):
        return [], i + 1
    found: list[tuple[Mention, set[str]]] = []
    j = i + 1
    while j < len(tokens) and len(found) < 12:
        typed = _type_at(tokens, j) if opener == ":" else None
        if typed is not None:  # "gồm: Phú Tân (30 căn), TX. Tân Châu (40 căn), An Phú (20 căn)"
            item = _name_at(tokens, j + typed[0], names, text)
            if item is None or not item[1]:
                break
            after = j + typed[0] + item[0]
            name = " ".join(t.text for t in tokens[j + typed[0] : after])
            levels = set(TYPE_LEVELS[typed[1]])
            mention = Mention(text[tokens[j].start : tokens[after - 1].end], tokens[j].start,
                              tokens[after - 1].end, typed[1], name, "")  # fmt: skip
        else:
            item = _name_at(tokens, j, names, text) if tokens[j].text[:1].isalpha() else None
            if item is None or not item[1]:  # "(1 triệu đồng/suất)": a number is no name here
                break
            after = j + item[0]
            name = " ".join(t.text for t in tokens[j:after])
            levels = {u.level for u in _exactly_named(gazetteer, name)}
            if not levels or (after < len(tokens) and tokens[after].capitalised):
                break
            start, end = tokens[j], tokens[after - 1]
            rank = max(_LEVEL_RANK[level] for level in levels)
            mention = Mention(
                text[start.start : end.end], start.start, end.end, None, name, "", rank=rank, bare=True
            )
        found.append((mention, levels))
        j = _skip_bracket(tokens, after) if opener == ":" else after
        if j < len(tokens) and tokens[j].text == "," and j + 1 < len(tokens) and tokens[j + 1].low == "và":
            j += 2
        elif j < len(tokens) and (tokens[j].text == "," or tokens[j].low == "và"):
            j += 1
        else:
            break
    if not found:
        return [], i + 1
    if opener == "(":
        closed = j < len(tokens) and tokens[j].text == ")" and text[found[-1][0].end : tokens[j].start] == ""
        if not closed or any(not levels & {"district", "province"} for _, levels in found):
            return [], i + 1
    elif len(found) < 2 or not set.intersection(*(levels for _, levels in found)):
        return [], i + 1
    return [m for m, _ in found], j


def _organisation_heads(tokens: list[Tok]) -> dict[int, int]:
    """Tok index → length of each organisation head there (``Đồn Biên phòng``, ``Huyện đoàn``)."""
    heads: dict[int, int] = {}
    for i, tok in enumerate(tokens):
        for words in _HEADS_BY_FIRST.get(tok.low, ()):
            n = len(words)
            if tuple(t.low for t in tokens[i : i + n]) != words:
                continue
            phrase = " ".join(words)
            following = tokens[i + n] if i + n < len(tokens) else None
            if (
                phrase in LOWER_CASE_COMMON
                and not tok.text[:1].isupper()
                and not (following is not None and following.capitalised and following.text[:1].isalpha())
            ):
                continue
            heads[i] = n
            break
    return heads


def _mark_actors(
    text: str, tokens: list[Tok], heads: dict[int, int], mentions: list[Mention], gazetteer: Gazetteer
) -> None:
    """Mark the places inside organisation names as actors; add the bare ones (``Đồn Biên phòng Ba Sơn``).

    From each head, the name runs over capitalised words and the lower-case syllables of its
    words (not function words or verbs) for at most eight tokens, up to the first place: a typed
    mention (with the parents chained to it) or a known name.
    """
    by_start = {m.start: k for k, m in enumerate(mentions)}
    added: list[Mention] = []
    for i, n in sorted(heads.items()):
        j, lower_run = i + n, 0
        while j < len(tokens) and j - i - n <= 8:
            skipped = _skip_in_name(tokens, j, heads)
            if skipped is not None:
                j, lower_run = skipped, 0
                continue
            tok = tokens[j]
            k = by_start.get(tok.start)
            if k is not None:
                _mark_typed_actor(text, tokens, i, k, mentions, by_start)
                break
            if tok.text == "(" and j > i + n:  # "nhóm Thiện Ý (TP Hồ Chí Minh)": where it is from,
                home = _bracketed_place(text, mentions, by_start, tokens, j)
                if home is not None:  # a place, but not where the activity was
                    home.origin = True
                break
            bare = _bare_actor(text, tokens, i, j, gazetteer) if tok.capitalised else None
            if bare is not None:
                added.append(bare)
                _mark_branch(text, mentions, by_start, tokens[i].start, bare.end)
                after = next(
                    x for x in range(j, len(tokens) + 1) if x == len(tokens) or tokens[x].start >= bare.end
                )
                if after < len(tokens) and tokens[after].text == "(":  # "Bệnh viện A (TP Hồ Chí Minh)"
                    home = _bracketed_place(text, mentions, by_start, tokens, after)
                    if home is not None:
                        home.org_bracket = True  # where it comes from, if outside the article's province
                break
            lower_run = _name_goes_on(tokens, j, lower_run)
            if lower_run < 0:
                break
            j += 1
    mentions.extend(m for m in added if not any(o.start <= m.start < o.end for o in mentions))
    mentions.sort(key=lambda m: m.start)


def _skip_in_name(tokens: list[Tok], j: int, heads: dict[int, int]) -> int | None:
    """Where an organisation's name goes on past words that hold no place, or None: a body inside
    the name ("Đảng ủy Bộ Tư lệnh …"), an acronym in brackets ("Ban chỉ huy (BCH) Quân sự huyện
    A"), the country's name ("UBMTTQ Việt Nam thành phố A")."""
    if j in heads:
        return j + heads[j]
    if _acronym_bracket(tokens, j):
        return j + 3
    if tokens[j].low == "việt" and j + 1 < len(tokens) and tokens[j + 1].low == "nam":
        return j + 2
    return None


def _name_goes_on(tokens: list[Tok], j: int, lower_run: int) -> int:
    """The count of lower-case syllables after token ``j`` of an organisation's name, or -1 when
    the name ends there."""
    tok = tokens[j]
    if tok.text == "-" or tok.capitalised:
        return 0
    if tok.low == "và" and j + 1 < len(tokens) and tokens[j + 1].capitalised:
        return 0  # "Sở Nông nghiệp và Môi trường", "Lao động - Thương binh và Xã hội"
    if tok.text[:1].isalpha() and tok.low not in _NOT_IN_NAMES and lower_run < 4:
        return lower_run + 1
    return -1


def _mark_typed_actor(
    text: str, tokens: list[Tok], i: int, k: int, mentions: list[Mention], by_start: dict[int, int]
) -> None:
    """The typed place ``mentions[k]`` that ends the organisation heading at token ``i``, and the
    parents chained to it, become its actors."""
    org = text[tokens[i].start : mentions[k].end]
    venue = _venue(tokens, i)
    for m in mentions:
        parent = m.chain_head == k and m.start > mentions[k].start
        if parent and "(" in text[mentions[k].end : m.start]:
            # "UBND xã Đồng Phú (Long Hồ)": the bracket locates the organisation; a place, but
            # not where the activity was
            m.origin = True
            continue
        if m is mentions[k] or parent:
            m.role, m.organisation, m.org_start = "actor", " ".join(org.split()), tokens[i].start
            m.venue = venue
    _mark_branch(text, mentions, by_start, tokens[i].start, mentions[k].end)


def _bare_actor(text: str, tokens: list[Tok], i: int, j: int, gazetteer: Gazetteer) -> Mention | None:
    """A unit's name written without its type word at token ``j`` of the organisation heading at
    ``i`` ("Đồn Biên phòng Ba Sơn"), as an actor; None when the words there name no unit."""
    item = _name_at(tokens, j, gazetteer.by_key, text)
    if item is None or not item[1] or _type_at(tokens, j):
        return None
    words = tokens[j : j + item[0]]
    name = " ".join(t.text for t in words)
    if not all(t.capitalised for t in words) or not _exactly_named(gazetteer, name):  # "Hội Liên hiệp"
        return None
    tok, end = words[0], words[-1]
    org = " ".join(text[tokens[i].start : end.end].split())
    return Mention(text[tok.start : end.end], tok.start, end.end, None, name, name,
                   role="actor", organisation=org, org_start=tokens[i].start, bare=True,
                   venue=_venue(tokens, i), rank=_body_rank(text[tokens[i].start : tok.start]))  # fmt: skip


_FROM = re.compile(r"\btừ\s*$", re.IGNORECASE)
_TO = re.compile(r"\b(?:đến|tới|sang|về)\b|[-–]", re.IGNORECASE)


def _from_elsewhere(text: str, mention: Mention) -> bool:
    """Whether a place is where someone comes from: "từ TP HCM", not a route ("từ xã A đến xã B")."""
    if mention.role != "place" or not _FROM.search(text, max(0, mention.start - 8), mention.start):
        return False
    return not _TO.search(text, mention.end, min(len(text), mention.end + 40))


_FUNDED_BY = re.compile(r"\bdo\b[^.;:!?\n]{0,120}$", re.IGNORECASE)
_FUNDED = re.compile(r"[^.;:!?\n]{0,80}?\b(?:tài trợ|ủng hộ)\b", re.IGNORECASE)


def _funder_address(text: str, mention: Mention) -> bool:
    """Whether a place is the address of whoever paid: "do Công ty A, xã B, huyện C tài trợ"."""
    if mention.role != "place":
        return False
    before = text[max(0, mention.start - 120) : mention.start]
    return bool(_FUNDED_BY.search(before)) and bool(_FUNDED.match(text, mention.end, mention.end + 80))


def _other_day(result: Result | None) -> bool:
    """Whether an answer is a unit of another day than the article's."""
    return result is not None and "other_vintage" in result.flags


def _acronym_bracket(tokens: list[Tok], j: int) -> bool:
    """Whether an acronym in brackets opens at token ``j``: "(BCH)", "(UBND)"."""
    return (
        j + 2 < len(tokens)
        and tokens[j].text == "("
        and tokens[j + 1].text.isupper()
        and tokens[j + 1].text.isalpha()
        and tokens[j + 2].text == ")"
    )


def _village(text: str, mention: Mention) -> bool:
    """Whether a bare name follows a word of a place below the commune ("thôn Nguyên Khê")."""
    if not mention.bare:
        return False
    before = text[max(0, mention.start - 12) : mention.start].split()
    return bool(before) and before[-1].lower() in BELOW_COMMUNE_WORDS


def _venue(tokens: list[Tok], i: int) -> bool:
    """Whether the organisation heading at token ``i`` is where something happens: "tại Đồn Biên
    phòng X", "tại điểm khám Trung tâm Y tế X" (a venue word, then at most two lower-case words)."""
    for back in range(1, 4):
        if i - back < 0:
            return False
        tok = tokens[i - back]
        if tok.low in VENUE_WORDS:
            return True
        if tok.capitalised or not tok.text.isalpha():
            return False
    return False


_BODY_LEVEL = re.compile(r"\b(xã|phường|thị trấn|huyện|quận|thị xã|tỉnh|thành phố)\b", re.IGNORECASE)


def _body_rank(head: str) -> int | None:
    """The level a body's name gives the bare place after it: "Huyện đoàn Thuận Bắc" a district,
    "Tỉnh đoàn Gia Lai" a province; None when its words say no level."""
    found = _BODY_LEVEL.search(head)
    if found is None:
        return None
    level = found.group(1).lower()
    return 1 if level == "thành phố" else max(_LEVEL_RANK[lv] for lv in TYPE_LEVELS[level])


_CAPTION = re.compile(r"\(?Ảnh\s*:|Ảnh minh họa|Ảnh minh hoạ")


def caption_lines(text: str) -> list[tuple[int, int]]:
    """The photo captions' lines ("… xã Lai Hòa. Ảnh: XUÂN HƯƠNG"), as (start, end), in order."""
    lines: list[tuple[int, int]] = []
    for match in _CAPTION.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        if not lines or lines[-1][0] != start:
            lines.append((start, end if end >= 0 else len(text)))
    return lines


def in_caption(captions: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies on one of the caption lines (:func:`caption_lines`)."""
    return _inside(captions, pos)


_COMMUNE_TYPE = re.compile(r"(?:xã|phường|thị trấn)\s", re.IGNORECASE)


def commune_body(mention: Mention) -> bool:
    """Whether an organisation is a commune's own body, named with the commune's type word
    ("UBND xã A", "Đoàn phường B"): it works in its commune. Not a post named after a commune
    ("Đồn Biên phòng A")."""
    return (
        mention.role == "actor"
        and mention.unit is not None
        and mention.unit.level == "commune"
        and bool(_COMMUNE_TYPE.match(mention.text))
    )


def _mark_branch(text: str, mentions: list[Mention], by_start: dict[int, int], start: int, end: int) -> None:
    """Mark the place of an organisation's branch, right after the place that ends its name at
    ``end``, as part of the name: "Hội đồng hương Bến Tre tại Bình Dương" is one organisation."""
    after = re.match(r"\s+tại\s+", text[end : end + 12])
    k = by_start.get(end + after.end()) if after else None
    if k is not None:
        branch = mentions[k]
        branch.role, branch.organisation = "actor", " ".join(text[start : branch.end].split())
        branch.org_start = start


def _bracketed_place(
    text: str, mentions: list[Mention], by_start: dict[int, int], tokens: list[Tok], j: int
) -> Mention | None:
    """The place alone in the bracket that opens at token ``j``, if any."""
    k = by_start.get(tokens[j + 1].start) if j + 1 < len(tokens) else None
    if k is None:
        return None
    place = mentions[k]
    return place if text[place.end : place.end + 1] == ")" else None


def _fits(gazetteer: Gazetteer, name: str, unit_type: str) -> bool:
    levels = TYPE_LEVELS[unit_type]
    return any(u.level in levels and u.type == unit_type for u in gazetteer.named(name))


def _link_chains(text: str, mentions: list[Mention]) -> None:
    """Join each mention to the coarser ones that follow it as its parents (``, huyện Y``, ``(tỉnh Z)``,
    `` của huyện Y``, ``(Hà Tĩnh)``)."""
    for k, mention in enumerate(mentions):
        if mention.chain_head is not None or (mention.bare and mention.type is None and mention.rank is None):
            continue
        parts = [mention]
        # Items of a coordinated list share the parents written after the last item.
        group = [mention]
        m = k + 1
        while (
            m < len(mentions)
            and mentions[m].type == mention.type
            and mention.type is not None
            and _only_joiners(text[group[-1].end : mentions[m].start])
        ):
            group.append(mentions[m])
            m += 1
        rank = _rank(mention)
        previous = group[-1]
        while (
            m < len(mentions)
            and _rank(mentions[m]) > rank
            and _PARENT_JOINER.fullmatch(text[previous.end : mentions[m].start])
        ):
            parts.append(mentions[m])
            rank = _rank(mentions[m])
            previous = mentions[m]
            m += 1
        for member_index, member in enumerate(group):
            chain = [member, *parts[1:]]
            member.query = ", ".join(_part(p) for p in chain)
            if member_index:
                member.chain_head = k
        for parent in parts[1:]:
            parent.chain_head = k
            parent.query = ", ".join(_part(p) for p in parts[parts.index(parent) :])


_PARENT_JOINER = re.compile(r"\s*(?:\([^()]{0,40}\))?\s*(?:[,(]|của|thuộc)?\s*")


def _part(mention: Mention) -> str:
    return f"{mention.type} {mention.name}" if mention.type else mention.name


def _only_joiners(between: str) -> bool:
    return re.fullmatch(r"\s*(?:\([^()]{0,40}\))?\s*(,|:|;|và|,\s*và)?\s*", between) is not None


def _rank(mention: Mention | str | None) -> int:
    if isinstance(mention, Mention):
        if mention.type is None:
            return -1 if mention.rank is None else mention.rank
        mention = mention.type
    if mention is None:
        return -1
    return max(_LEVEL_RANK[level] for level in TYPE_LEVELS[mention]) if mention != "thành phố" else 1


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans joined where they overlap, in order (for :func:`_inside`)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of the merged, ordered ``spans``, by bisection."""
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _back_references(text: str, mentions: list[Mention], tokens: list[Tok]) -> list[Mention]:
    """Bare repeats of names already resolved in the document (``về Trấn Ninh``)."""
    known = {
        key(m.unit.name): m
        for m in mentions
        if m.unit is not None
        and m.unit.level != "province"
        and m.role == "place"
        and any(ch.isalpha() for ch in m.unit.name)  # "Phường 1": a bare "1" is a number
    }
    if not known:
        return []
    covered = _merged([(m.start if m.org_start is None else m.org_start, m.end) for m in mentions])
    first_words = {fold(m.place.name.split()[0]) for m in known.values()}
    out = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok.capitalised or fold(tok.text) not in first_words or _inside(covered, tok.start):
            i += 1
            continue
        hit = None
        for length in range(_MAX_NAME, 0, -1):
            seq = tokens[i : i + length]
            if len(seq) < length or not all(t.capitalised for t in seq):
                continue
            if key(" ".join(t.text for t in seq)) in known:
                hit = length
                break
        if hit is None:
            i += 1
            continue
        seq = tokens[i : i + hit]
        source = known[key(" ".join(t.text for t in seq))]
        # A capital that only starts a sentence ("Tại Trấn Ninh") does not make a longer name.
        sentence_start = (
            i < 2 or tokens[i - 2].text[-1] in ".!?:" or "\n" in text[tokens[i - 2].end : tokens[i - 1].start]
        )
        before = tokens[i - 1].text if i and not sentence_start else ""
        after = tokens[i + hit].text if i + hit < len(tokens) else ""
        if before[:1].isupper() or after[:1].isupper():
            i += hit  # part of a longer proper name (a person, an organisation)
            continue
        mention = Mention(
            text[seq[0].start : seq[-1].end], seq[0].start, seq[-1].end, None, source.name, source.query
        )
        mention.result = source.result
        out.append(mention)
        i += hit
    return out


# ------------------------------------------------------------------------------------------- read


def read_article(
    text: str,
    gazetteer: Gazetteer,
    *,
    date: dt.date | None = None,
    province: str | None = None,
) -> Reading:
    """Read one article (see the module docstring). Pure: no I/O."""
    text = nfc_keep_offsets(text)
    day, date_source, header, years, warnings = document_date(text, date)
    prov, prov_source = document_province(text, gazetteer, province, day)
    every = tokenize(text)  # one tokenisation for the places and the figures
    tokens = _tokens(text, every)
    mentions = [m for m in find_mentions(text, gazetteer, tokens) if not _village(text, m)]
    as_of = day
    if as_of is None:
        as_of, note = assumed_day(mentions, gazetteer, years)
        warnings.append(note)
    if prov is None:
        prov, prov_source = _majority_province(mentions, gazetteer, as_of)
    context = Context(province=prov)
    known: set[str] = set()
    answers: dict[tuple[object, ...], Result] = {}  # a long text names the same places again and again
    for mention in sorted(mentions, key=_rank, reverse=True):
        mention.result = _resolve_in_context(text, mention, mentions, gazetteer, as_of, context, answers)
        if mention.unit is not None and mention.unit.id not in known:
            # an organisation's unit also tells the area ("Huyện đoàn Thới Lai"); each unit once,
            # so that a long text's repeats cost nothing
            known.add(mention.unit.id)
            context.units.append(mention.unit)
            district = gazetteer[mention.unit.parent_id] if mention.unit.parent_id else None
            if district is not None and district.level == "district" and district.id not in known:
                # a commune's district tells the area too: "các xã: A, B, C, Thái Hưng" (two
                # Thái Hưng in the province: the one of its neighbours' district)
                known.add(district.id)
                context.units.append(district)
    # A place named without its type word counts only as a unit of the article's day: "quê hương
    # Nguyên Khê" in 2025 is a village, not the Hà Nội commune of that name merged away in 2025
    # (a body keeps an old name: "Đồn Biên phòng Ba Sơn").
    mentions = [
        m
        for m in mentions
        if not m.bare or (m.unit is not None and (m.role == "actor" or not _other_day(m.result)))
    ]
    for mention in mentions:
        if _from_elsewhere(text, mention) or _funder_address(text, mention):
            mention.origin = True  # "nhóm thiện nguyện từ TP HCM trao …": where the givers come from
        if mention.org_bracket and mention.unit is not None and prov is not None:
            # "Bệnh viện A (TP Hồ Chí Minh)" in a Vĩnh Long article: where the donor comes from;
            # "Trường THCS A (Việt Yên)" in a Bắc Giang one: where the school is.
            mention.origin = gazetteer.province_of(mention.unit).id != prov.id
    mentions += _back_references(text, mentions, tokens)
    mentions.sort(key=lambda m: m.start)
    document = Document(day, date_source, prov, prov_source, header, years, warnings, as_of)
    for mention in mentions:
        if mention.result and mention.result.status != "resolved":
            document.warnings.append(
                f"Place {mention.text!r} (at {mention.start}) is {mention.result.status.replace('_', ' ')}: {mention.result.message}"
            )
    # The places that tell what the text is about: places, venues, a commune's own bodies; not
    # those of a photo's caption.
    captions = caption_lines(text)
    places = [
        m.unit
        for m in mentions
        if m.unit is not None
        and ((m.role == "place" and not m.origin) or m.venue or commune_body(m))
        and not in_caption(captions, m.start)
    ]
    units = [m.unit for m in mentions if m.unit is not None]
    parents = {p.id: gazetteer[p.parent_id] for u in units for p in (u, *gazetteer.parents(u)) if p.parent_id}
    bodies = [m.unit for m in mentions if m.unit is not None and m.role == "actor" and _names_district(m)]
    focus = focus_unit(places, gazetteer, bodies)
    return Reading(text, document, mentions, find_figures(text, every), focus, parents, captions)


def focus_unit(units: list[Unit], gazetteer: Gazetteer, bodies: list[Unit] | None = None) -> Unit | None:
    """The unit the article is about: the finest unit such that every unit named is it, one of its
    ancestors or one of its descendants; else the commune or district named more often than any
    other of its level (units compared by level and name: the parents of a 2008 commune and the
    district named in the text may be records of different generations). ``bodies``: the units
    of the district bodies named ("Huyện đoàn X"), which count when a commune is named once."""

    def ident(unit: Unit) -> tuple[str, str]:
        return unit.level, key(unit.name)

    lines = {u.id: {ident(u), *(ident(p) for p in gazetteer.parents(u))} for u in units}
    common = next(
        (
            unit
            for unit in sorted(units, key=lambda u: _LEVEL_RANK[u.level])
            if all(ident(unit) in lines[u.id] or ident(u) in lines[unit.id] for u in units)
        ),
        None,
    )
    if common is not None and common.level == "commune":
        # Named once, under a district the text names more often, the commune is an example of
        # the district's work (a venue, a caption), not what the article is about.
        named = Counter(ident(u) for u in [*units, *(bodies or [])])
        district = next((p for p in gazetteer.parents(common) if p.level == "district"), None)
        if named[ident(common)] == 1 and district is not None and named[ident(district)] > 1:
            return next(u for u in [*units, *(bodies or [])] if ident(u) == ident(district))
        return common
    for level in ("commune", "district"):
        ranked = Counter(u.id for u in units if u.level == level).most_common(2)
        if ranked and ranked[0][1] > 1 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return next(u for u in units if u.id == ranked[0][0])
    if common is None and units:  # "xã A và xã B" of one district that the text does not name
        shared = set.intersection(*lines.values())
        parent = next((p for p in gazetteer.parents(units[0]) if ident(p) in shared), None)
        return parent if parent is not None and parent.level == "district" else None
    return common


# The three generations of units, each by a day inside it (see DATA.md: 2019–2020 and 1 Jul 2025).
_ERAS = (
    (dt.date(2017, 6, 1), "2008–2019"),
    (dt.date(2022, 6, 1), "2020 – 30/6/2025"),
    (dt.date(2025, 12, 31), "from 1/7/2025"),
)


def assumed_day(mentions: list[Mention], gazetteer: Gazetteer, years: list[int]) -> tuple[dt.date, str]:
    """The day to read an undated text's places on: inside the generation of units its names fit.

    Each generation scores the names that resolve to a unit valid then; the best wins, ties going
    to the one holding the text's latest event year, then to the latest. Returns the day and the
    warning that says what was assumed.
    """
    queries = [m.query or _part(m) for m in mentions if m.role == "place"]
    scores = []
    for day, label in _ERAS:
        fit = []
        for query in queries:
            result = resolve(query, gazetteer, day, suggest=False)
            if result.status == "resolved" and "other_vintage" not in result.flags:
                fit.append(query)
        holds_year = bool(years) and _era_of(max(years)) == day
        scores.append((len(fit), holds_year, day, label, fit))
    if any(_names_district(m) for m in mentions):
        # Districts were abolished on 1 July 2025: a text naming one by its type word ("huyện",
        # "TX.") was written before, unless no earlier generation holds any of its names.
        earlier = [s for s in scores if s[2] < _ERAS[-1][0]]
        if max(s[0] for s in earlier) > 0:
            scores = earlier
    count, _, day, label, fit = max(scores, key=lambda s: s[:3])
    fitting = [s[3] for s in scores if s[0] == count]
    names = ", ".join(dict.fromkeys(fit))[:200]
    if not count:
        why = "none of its places names a unit"
    elif len(fitting) == 1:
        why = f"the places it names ({names}) fit the units of {label} only"
    else:
        why = f"the places it names ({names}) fit the units of {' and of '.join(fitting)}"
    if years and (not count or len(fitting) > 1):
        day = dt.date(max(years), 6, 30)
        why += f"; its latest event year is {max(years)}"
    return (
        day,
        f"No date in the text: give --date or a date line. Places read as of {day.isoformat()}: {why}.",
    )


_DISTRICT_TYPES = frozenset({"huyện", "quận", "thị xã"})
# A district's own bodies ("Huyện đoàn X", "Huyện ủy X", "UBND quận Y") name a district as well.
_DISTRICT_BODY = re.compile(r"\b(?:huyện|quận|thị xã)\b", re.IGNORECASE)


def _names_district(mention: Mention) -> bool:
    """Whether a mention names a district by its type word, as a place or in a body's name."""
    if mention.type in _DISTRICT_TYPES:
        return True
    return mention.role == "actor" and bool(_DISTRICT_BODY.search(mention.organisation))


def _era_of(year: int) -> dt.date:
    return _ERAS[0][0] if year < 2020 else _ERAS[1][0] if year < 2025 else _ERAS[2][0]


def _resolve_in_context(
    text: str,
    mention: Mention,
    mentions: list[Mention],
    gazetteer: Gazetteer,
    as_of: dt.date,
    context: Context,
    answers: dict[tuple[object, ...], Result] | None = None,
) -> Result:
    """Resolve a mention with the province its paragraph names before it (else the article's);
    a name the article's province does not hold is looked for in the whole country. ``answers``
    keeps the answers already given in this text: the same mention in the same setting (paragraph
    province, units known so far, which only grow) gets the same one."""
    province = context.province
    if mention.type is None and province is not None and key(mention.name) == key(province.name):
        # A bare name that is the article's province's ("trên địa bàn tỉnh tại Đăk Nông"): the
        # province, not a commune of another province spelt the same.
        return Result(
            mention.text,
            as_of,
            "resolved",
            0.9,
            province,
            [],
            ["bare_province"],
            [],
            gazetteer.path(province),
        )
    local = _paragraph_province(text, mention, mentions)
    setting = (mention.query, mention.name, mention.type, mention.rank, mention.bare, local and local.id)
    memo_key = (*setting, len(context.units))
    if answers is not None and memo_key in answers:
        return answers[memo_key]
    result = _resolve_uncached(mention, local, gazetteer, as_of, context)
    if answers is not None:
        answers[memo_key] = result
    return result


def _resolve_uncached(
    mention: Mention, local: Unit | None, gazetteer: Gazetteer, as_of: dt.date, context: Context
) -> Result:
    scoped = (
        context if local is None else Context(province=local, district=context.district, units=context.units)
    )
    result = _resolve_mention(mention, gazetteer, as_of, scoped)
    stale = result.status == "resolved" and "other_vintage" in result.flags
    if (result.status != "resolved" or stale) and scoped.province is not None:
        # Not in the paragraph's province, or only as a unit of another date ("tại Hà Nội … xã
        # Xuân Mai" in 2019: Hà Nội's xã Xuân Mai dates from 2025): the article's province, then
        # the whole country, valid on the day.
        for province in dict.fromkeys(p for p in (context.province, None) if p is not scoped.province):
            wider = _resolve_mention(
                mention, gazetteer, as_of, Context(province=province, units=context.units)
            )
            if wider.status == "resolved" and not (stale and "other_vintage" in wider.flags):
                return wider
    if result.status == "not_found" and mention.query and mention.query != _part(mention):
        # A parent that names nothing ("xã Tả Lèng, huyện Cam Đường": a typo) does not lose the
        # place: the name alone, said so in the flags.
        alone = resolve(_part(mention), gazetteer, as_of, scoped, suggest=False)
        if alone.status == "resolved" and not {"diacritics_differ", "other_vintage"} & set(alone.flags):
            alone.flags.append("parent_not_found")
            return alone
    if result.status == "not_found" and mention.type is not None and scoped.province is not None:
        # A typed name one letter from a unit of the article's province ("xã Đác Nhoong" for Đăk
        # Nhoong): that unit, flagged as a typo; never a guess across the country.
        typo = resolve(_part(mention), gazetteer, as_of, Context(province=scoped.province), suggest=False)
        if typo.status == "resolved" and "typo" in typo.flags:
            return typo
    return result


_PARAGRAPH_REACH = 3000  # characters back a paragraph's province is looked for (a long paragraph)


def _paragraph_province(text: str, mention: Mention, mentions: list[Mention]) -> Unit | None:
    """The province last named (resolved) before ``mention`` in its paragraph, if any
    (``mentions`` in text order: found by bisection, so a long text stays linear)."""
    paragraph_start = max(text.rfind("\n", 0, mention.start) + 1, mention.start - _PARAGRAPH_REACH)
    first = bisect.bisect_left(mentions, paragraph_start, key=lambda m: m.start)
    last = bisect.bisect_left(mentions, mention.start, lo=first, key=lambda m: m.start)
    for m in reversed(mentions[first:last]):
        if m.result is not None and m.unit is not None and m.unit.level == "province":
            return m.unit
    return None


def _resolve_mention(mention: Mention, gazetteer: Gazetteer, as_of: dt.date, context: Context) -> Result:
    """The geocoder's answer. A name without its type word is a unit of the level it was found
    as (a parent in brackets: a province or district), else the coarsest unit of that name
    (people write "tại Hữu Lũng" for the district, "thị trấn Hữu Lũng" for its town)."""
    result = resolve(mention.query or _part(mention), gazetteer, as_of, context, suggest=not mention.bare)
    if not mention.bare or not result.candidates:
        return result
    kept = [c for c in result.candidates if c.kept and c.unit.valid_at(as_of)]
    if mention.rank is not None and mention.type is None:
        at_rank = [c for c in kept if _LEVEL_RANK[c.unit.level] == mention.rank]
        if (
            result.status == "resolved"
            and result.unit is not None
            and _LEVEL_RANK[result.unit.level] == mention.rank
        ):
            return result
        kept = at_rank or kept
    if not kept or (result.status == "resolved" and result.unit in [c.unit for c in kept]):
        return result
    best = max(c.score for c in kept)
    tied = [c.unit for c in kept if c.score == best]
    top = max(_LEVEL_RANK[u.level] for u in tied)
    coarsest = [u for u in tied if _LEVEL_RANK[u.level] == top]
    if len(coarsest) != 1:
        return result
    unit = coarsest[0]
    message = f"{gazetteer.path(unit)} (a name without its type word: the coarsest unit of that name)"
    return dataclasses.replace(result, status="resolved", unit=unit, confidence=0.7, message=message)


def _majority_province(
    mentions: list[Mention], gazetteer: Gazetteer, as_of: dt.date
) -> tuple[Unit | None, str]:
    votes: dict[str, float] = {}
    for mention in mentions:
        result = resolve(mention.query or _part(mention), gazetteer, as_of, suggest=False)
        if result.status == "resolved" and result.unit is not None:
            prov = gazetteer.province_of(result.unit)
            # An organisation's place ("Hội ... thành phố Hồ Chí Minh") weighs half a place.
            votes[prov.id] = votes.get(prov.id, 0) + (1.0 if mention.role == "place" else 0.5)
    district = _common_district(mentions, gazetteer, as_of)
    if district is not None:
        prov = gazetteer.province_of(district)
        # Several communes named without a province that one district holds together ("các xã,
        # phường: Mỹ Phước, An Điền và Phú An" of thị xã Bến Cát) outweigh a name that is unique
        # elsewhere.
        votes[prov.id] = votes.get(prov.id, 0) + 1.0
    if not votes:
        return None, "none"
    best = max(votes, key=lambda pid: votes[pid])
    return gazetteer[best], "places named in the text"


def _common_district(mentions: list[Mention], gazetteer: Gazetteer, as_of: dt.date) -> Unit | None:
    """The one district holding three or more of the communes named (by name, valid on the day),
    when no other district holds as many."""
    iso = as_of.isoformat()
    holding: Counter[str] = Counter()
    for name in {key(m.name) for m in mentions if m.type in (None, "xã", "phường", "thị trấn")}:
        districts = {
            u.parent_id
            for u in gazetteer.by_key.get(name, ())
            if u.level == "commune" and u.parent_id and u.valid_on(iso)
        }
        holding.update(d for d in districts if d is not None)
    ranked = holding.most_common(2)
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    unit = gazetteer[ranked[0][0]]
    return unit if unit.level == "district" else None


def nfc_keep_offsets(text: str) -> str:
    """NFC-normalise (offsets of mentions and figures refer to this form; news text is NFC already)."""
    return unicodedata.normalize("NFC", text)
