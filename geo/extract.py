"""Read a Vietnamese news article: its date and province, the places it names, its figures.

``read_article(text, gazetteer)`` is pure (text and gazetteer in, a :class:`Reading` out); the
activities built from it live in ``geo._grouping``. Places are found where Vietnamese writes
them: a type word followed by a capitalised name (``xã Trùng Quán``), chained to its parents
(``xã Xuân Mai, huyện Văn Quan``; ``xã X (huyện Y, tỉnh Z)``), coordinated under one type word
(``huyện Chi Lăng, Hữu Lũng và thành phố Lạng Sơn``), inside organisation names (``Ban Chỉ huy
Quân sự thành phố Lạng Sơn``), and repeated bare after a first mention (``về Trấn Ninh``). A type
word without a capitalised name (``tỉnh``, ``các huyện, thành phố``, ``24 xã``) names nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from geo._text import TYPE_LEVELS, fold, key
from geo.figures import Figure, find_figures
from geo.gazetteer import Gazetteer, Unit, unit_json
from geo.geocode import Context, Result, resolve

# Newspaper datelines that name their province ("LSO-" opens every article of Báo Lạng Sơn).
DATELINES = {"LSO": "Lạng Sơn"}

# Words (with inner apostrophes: "Đắk R'Lấp"), abbreviations that keep their dot, punctuation.
_WORD = re.compile(r"(?:TP|Tp|tp|TX|tx|TT|tt)\.|\w+(?:['’]\w+)*|[^\w\s]", re.UNICODE)
_HEADER_DATE = re.compile(
    r"^\s*(?:(?:Thứ\s+\w+|Chủ\s+nhật)\s*,\s*)?(\d{1,2})/(\d{1,2})/(\d{4})\b", re.IGNORECASE | re.MULTILINE
)
_DATE_IN_TEXT = re.compile(r"\b(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})\b")
_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_DATELINE = re.compile(r"(?:^|\n)\s*([A-ZĐ]{2,5})\s*[-–—]\s*\S")
# Type words as they appear in running text, longest first; abbreviations keep their dot.
_TYPE_TOKENS: list[tuple[tuple[str, ...], str]] = sorted(
    [
        (("thành", "phố"), "thành phố"),
        (("thị", "xã"), "thị xã"),
        (("thị", "trấn"), "thị trấn"),
        (("đặc", "khu"), "đặc khu"),
        (("tỉnh",), "tỉnh"),
        (("huyện",), "huyện"),
        (("quận",), "quận"),
        (("phường",), "phường"),
        (("xã",), "xã"),
        (("tp.",), "thành phố"),
        (("tp",), "thành phố"),
        (("tx.",), "thị xã"),
        (("tt.",), "thị trấn"),
    ],
    key=lambda t: -len(t[0]),
)
_LEVEL_RANK = {"commune": 0, "district": 1, "province": 2}
_MAX_NAME = 4


class Token(NamedTuple):
    text: str
    start: int
    end: int
    capitalised: bool  # starts with a capital letter, or is a number ("Phường 1")


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

    @property
    def unit(self) -> Unit | None:
        return self.result.unit if self.result and self.result.status == "resolved" else None

    def to_json(self, gazetteer: Gazetteer) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "status": self.result.status if self.result else "not_found",
            "unit": unit_json(gazetteer, self.unit) if self.unit else None,
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

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat() if self.date else None,
            "date_source": self.date_source,
            "province": self.province.name if self.province else None,
            "warnings": self.warnings,
        }


@dataclass
class Reading:
    text: str
    document: Document
    mentions: list[Mention]
    figures: list[Figure]


# --------------------------------------------------------------------------------------- document


def document_date(
    text: str, override: dt.date | None = None
) -> tuple[dt.date | None, str, dt.date | None, list[int], list[str]]:
    """The date of the events: ``--date``, else the header, corrected when the content disagrees."""
    header = None
    head = _HEADER_DATE.search(text[:300])
    if head:
        header = _safe_date(int(head.group(3)), int(head.group(2)), int(head.group(1)))
    body = text[head.end() :] if head else text
    years = sorted({int(y) for y in _YEAR.findall(body)})
    years += sorted({int(m.group(3)) for m in _DATE_IN_TEXT.finditer(body)} - set(years))
    years = sorted(set(years))
    warnings: list[str] = []
    if override is not None:
        if header and years and max(years) < header.year:
            warnings.append(_disagreement(header, years, override, "--date"))
        return override, "argument", header, years, warnings
    if header is None:
        if years:
            return (
                dt.date(max(years), 12, 31),
                "content years",
                None,
                years,
                [
                    f"No date line; the text names the years {', '.join(map(str, years))}: dated to the end of "
                    f"{max(years)}. Give --date for a better date."
                ],
            )
        return None, "none", None, years, ["No date found in the text; give --date YYYY-MM-DD."]
    if years and max(years) < header.year:
        fixed = _safe_date(max(years), header.month, header.day) or dt.date(max(years), 12, 31)
        warnings.append(_disagreement(header, years, fixed, "content"))
        return fixed, "content (the header's year disagrees)", header, years, warnings
    return header, "header", header, years, warnings


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


def _tokens(text: str) -> list[Token]:
    return [
        Token(w := m.group(), m.start(), m.end(), w[:1].isupper() or w.isdigit())
        for m in _WORD.finditer(text)
    ]


_TYPE_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _spelling, _canonical in _TYPE_TOKENS:
    _TYPE_BY_FIRST.setdefault(_spelling[0], []).append((_spelling, _canonical))


def _type_at(tokens: list[Token], i: int) -> tuple[int, str] | None:
    for spelling, canonical in _TYPE_BY_FIRST.get(tokens[i].text.lower(), ()):
        if tuple(t.text.lower() for t in tokens[i : i + len(spelling)]) == spelling:
            return len(spelling), canonical
    return None


def _name_at(tokens: list[Token], i: int, names: dict[str, Any], text: str) -> tuple[int, bool] | None:
    """The name starting at ``i``: (number of tokens, known to the gazetteer), or None.

    The longest known name wins; it may hold lower-case words ("Nông trường Việt Lâm") and a
    spaced hyphen ("Phan Rang - Tháp Chàm"). An unknown name is the run of capitalised words.
    """
    if i >= len(tokens) or not tokens[i].capitalised:
        return None
    span, capitalised_run = 0, 0
    while i + span < len(tokens) and span < _MAX_NAME + 2:
        tok = tokens[i + span]
        if span and text[tokens[i + span - 1].end : tok.start] != " ":
            break
        if tok.text[-1] == "." or not (tok.text[0].isalnum() or tok.text == "-"):
            break
        if capitalised_run == span and tok.capitalised:
            capitalised_run += 1
        span += 1
    for length in range(span, 0, -1):
        if tokens[i + length - 1].text == "-":
            continue
        if key(" ".join(t.text for t in tokens[i : i + length])) in names:
            return length, True
    return capitalised_run, False


def find_mentions(text: str, gazetteer: Gazetteer, tokens: list[Token] | None = None) -> list[Mention]:
    """Every place named in the text (unresolved), with chains and coordinated lists linked."""
    tokens = _tokens(text) if tokens is None else tokens
    names = gazetteer.by_key
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        typed = _type_at(tokens, i)
        if typed is None:
            i += 1
            continue
        length, unit_type = typed
        name = _name_at(tokens, i + length, names, text)
        if name is None:
            i += length
            continue
        span, _known = name
        first, last = tokens[i], tokens[i + length + span - 1]
        name_text = " ".join(t.text for t in tokens[i + length : i + length + span])
        mentions.append(
            Mention(text[first.start : last.end], first.start, last.end, unit_type, name_text, "")
        )
        i += length + span
        # Coordinated names under the same type word: ", Hữu Lũng", " và Cao Lộc".
        while i < len(tokens):
            j = i
            if tokens[j].text == ",":
                j += 1
            if j < len(tokens) and tokens[j].text.lower() == "và":
                j += 1
            if j == i or j >= len(tokens) or _type_at(tokens, j):
                break
            item = _name_at(tokens, j, names, text)
            if item is None or not item[1]:
                break
            start, end = tokens[j], tokens[j + item[0] - 1]
            if not _fits(gazetteer, " ".join(t.text for t in tokens[j : j + item[0]]), unit_type):
                break
            mentions.append(
                Mention(
                    text[start.start : end.end],
                    start.start,
                    end.end,
                    unit_type,
                    text[start.start : end.end],
                    "",
                )
            )
            i = j + item[0]
    _link_chains(text, mentions)
    return mentions


def _fits(gazetteer: Gazetteer, name: str, unit_type: str) -> bool:
    levels = TYPE_LEVELS[unit_type]
    return any(u.level in levels and u.type == unit_type for u in gazetteer.named(name))


def _link_chains(text: str, mentions: list[Mention]) -> None:
    """Join each mention to the coarser ones that follow it as its parents (``, huyện Y``, ``(tỉnh Z)``)."""
    for k, mention in enumerate(mentions):
        if mention.chain_head is not None:
            continue
        parts = [mention]
        # Items of a coordinated list share the parents written after the last item.
        group = [mention]
        m = k + 1
        while (
            m < len(mentions)
            and mentions[m].type == mention.type
            and _only_joiners(text[group[-1].end : mentions[m].start])
        ):
            group.append(mentions[m])
            m += 1
        rank = _rank(mention.type)
        previous = group[-1]
        while (
            m < len(mentions)
            and _rank(mentions[m].type) > rank
            and re.fullmatch(r"\s*[,(]?\s*", text[previous.end : mentions[m].start])
        ):
            parts.append(mentions[m])
            rank = _rank(mentions[m].type)
            previous = mentions[m]
            m += 1
        for member_index, member in enumerate(group):
            chain = [member, *parts[1:]]
            member.query = ", ".join(f"{p.type} {p.name}" for p in chain)
            if member_index:
                member.chain_head = k
        for parent in parts[1:]:
            parent.chain_head = k
            parent.query = ", ".join(f"{p.type} {p.name}" for p in parts[parts.index(parent) :])


def _only_joiners(between: str) -> bool:
    return re.fullmatch(r"\s*(,|và|,\s*và)?\s*", between) is not None


def _rank(unit_type: str | None) -> int:
    if unit_type is None:
        return -1
    return max(_LEVEL_RANK[level] for level in TYPE_LEVELS[unit_type]) if unit_type != "thành phố" else 1


def _back_references(text: str, mentions: list[Mention], tokens: list[Token]) -> list[Mention]:
    """Bare repeats of names already resolved in the document (``về Trấn Ninh``)."""
    known = {key(m.unit.name): m for m in mentions if m.unit is not None and m.unit.level != "province"}
    if not known:
        return []
    covered = [(m.start, m.end) for m in mentions]
    first_words = {fold(m.unit.name.split()[0]) for m in known.values()}
    out = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (
            not tok.capitalised
            or fold(tok.text) not in first_words
            or any(s <= tok.start < e for s, e in covered)
        ):
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
    tokens = _tokens(text)
    mentions = find_mentions(text, gazetteer, tokens)
    as_of = day or dt.date.today()
    if prov is None:
        prov, prov_source = _majority_province(mentions, gazetteer, as_of)
    context = Context(province=prov)
    for mention in sorted(mentions, key=lambda m: _rank(m.type), reverse=True):
        mention.result = resolve(mention.query, gazetteer, as_of, context)
        if mention.unit is not None:
            context.units.append(mention.unit)
    mentions += _back_references(text, mentions, tokens)
    mentions.sort(key=lambda m: m.start)
    document = Document(day, date_source, prov, prov_source, header, years, warnings)
    for mention in mentions:
        if mention.result and mention.result.status != "resolved":
            document.warnings.append(
                f"Place {mention.text!r} (at {mention.start}) is {mention.result.status.replace('_', ' ')}: {mention.result.message}"
            )
    return Reading(text, document, mentions, find_figures(text))


def _majority_province(
    mentions: list[Mention], gazetteer: Gazetteer, as_of: dt.date
) -> tuple[Unit | None, str]:
    votes: dict[str, int] = {}
    for mention in mentions:
        result = resolve(mention.query or f"{mention.type} {mention.name}", gazetteer, as_of, suggest=False)
        if result.status == "resolved":
            prov = gazetteer.province_of(result.unit)
            votes[prov.id] = votes.get(prov.id, 0) + 1
    if not votes:
        return None, "none"
    best = max(votes, key=lambda pid: votes[pid])
    return gazetteer[best], "places named in the text"


def nfc_keep_offsets(text: str) -> str:
    """NFC-normalise (offsets of mentions and figures refer to this form; news text is NFC already)."""
    return unicodedata.normalize("NFC", text)
