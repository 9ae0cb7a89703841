"""Read a Vietnamese news article: its date and province, the places it names, its figures.

``read_article(text, gazetteer)`` is pure (text and gazetteer in, a :class:`Reading` out); the
activities built from it live in ``geo.activities``. Places are found where Vietnamese writes
them: a type word followed by a capitalised name (``xã Trùng Quán``), chained to its parents
(``xã Xuân Mai, huyện Văn Quan``; ``xã X (huyện Y, tỉnh Z)``), coordinated under one type word
(``huyện Chi Lăng, Hữu Lũng và thành phố Lạng Sơn``), inside organisation names (``Ban Chỉ huy
Quân sự thành phố Lạng Sơn``), repeated bare after a first mention (``về Trấn Ninh``), and a
province's name of two words or more anywhere (``bà con biên giới Đắk Nông``; another province's
then says where the givers come from: ``các nhà hảo tâm Hà Nội``). A type
word without a capitalised name (``tỉnh``, ``các huyện, thành phố``, ``24 xã``) names nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from geo import _dates
from geo._actors import (
    _from_elsewhere,
    _funder_address,
    _mark_actors,
    _organisation_heads,
    caption_lines,
    commune_body,
    in_caption,
    mark_former,
    suspects_home,
)
from geo._answers import Result
from geo._bare_names import (
    _OPENS_BARE,
    _bare_after_joiner,
    _bare_after_preposition,
    _bare_list,
    _bare_parents,
    _bare_province,
)
from geo._long_text import figures_found
from geo._mention import (
    _MAX_NAME,
    _TYPE_BY_FIRST,
    Mention,
    _coarse_rank,
    _inside,
    _merged,
    _name_at,
    _only_joiners,
    _part,
    _rank,
    _type_at,
)
from geo._no_place import no_place
from geo._outlets import site_province
from geo._place_lists import (
    _children_before_brackets,
    _coordinated,
    _described,
    _items_with_figures,
    _list_opener,
    _receivers,
    after_another_type,
)
from geo._resolving import (
    _majority_province,
    _names_district,
    _other_day,
    _resolve_in_context,
    assumed_day,
    focus_unit,
    resolve_pairs,
)
from geo._text import LIST_JOIN, fold, key
from geo._tokens import Tok, place_tokens, tokenize
from geo._vocabulary import (
    BELOW_COMMUNE_WORDS,
    EACH_WORDS,
    NEWSPAPER_DATELINES,
)
from geo.figures import Figure
from geo.gazetteer import Gazetteer, Unit
from geo.geocode import Context

# Newspaper datelines that name their province ("LSO-" opens every article of Báo Lạng Sơn).
DATELINES = {code: province for code, (province, _paper) in NEWSPAPER_DATELINES.items()}

_THIS_YEAR = re.compile(r"\bnăm\s+nay\b", re.IGNORECASE)
_DATELINE = re.compile(r"(?:^|\n)\s*([A-ZĐ]{2,5})\s*[-–—]\s*\S")


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
    code = dateline(text)
    if code is not None:
        return gazetteer.province(DATELINES[code], day), f"dateline {code}-"
    return None, "none"


def dateline(text: str) -> str | None:
    """The code of the newspaper whose dateline opens the text's first lines ("LSO - …"), when
    ``NEWSPAPER_DATELINES`` knows it: it gives the article's province and the records' source."""
    match = _DATELINE.search(text[:2000])
    return match.group(1) if match and match.group(1) in DATELINES else None


# --------------------------------------------------------------------------------------- mentions


def _types_nothing(tokens: list[Tok], i: int) -> bool:
    """Whether the type word at ``i`` types no unit: "mỗi xã 5 căn" (each commune), "Hợp tác xã
    Nông nghiệp Tiến Thành" (a cooperative)."""
    if i and tokens[i - 1].low in EACH_WORDS:
        return True
    return i > 1 and (tokens[i - 2].low, tokens[i - 1].low) == ("hợp", "tác")


def _typed_name(
    tokens: list[Tok], i: int, length: int, unit_type: str, text: str, gazetteer: Gazetteer
) -> tuple[int, tuple[int, bool] | None]:
    """The name after the type word at ``i`` (of ``length`` tokens), or after a word or two that
    describe the type ("xã biên giới Hưng Hà", "huyện miền núi A Lưới"): the type's length, stretched
    over those words, and the name; None for the association's levels ("cơ quan tỉnh Hội, huyện
    Hội"), whose "Hội" the returned length takes in."""
    if i + length < len(tokens) and "\n\n" in text[tokens[i + length - 1].end : tokens[i + length].start]:
        return length, None  # "công trình cấp huyện\n\n10:39 09/07/2019": a title's end, then a time
    name = _name_at(tokens, i + length, gazetteer.by_key, text)
    if name is None:
        return _described(tokens, i, length, unit_type, text, gazetteer)
    if not name[1] and name[0] == 1 and tokens[i + length].text == "Hội":
        return length + 1, None
    return length, name


def find_mentions(text: str, gazetteer: Gazetteer, tokens: list[Tok] | None = None) -> list[Mention]:
    """Every place named in the text (unresolved), with chains, lists and organisations marked.

    Typed names (``xã Trùng Quán``) and the names listed under one type word (``các xã: Cao Lâu,
    Xuất Lễ và Mẫu Sơn``, ``xã A (13 hộ), B (17 hộ)``); bare parents (``xã Đức Quang (Hà Tĩnh)``)
    and bare names after a preposition (``tại Hữu Lũng``); then the names inside organisation
    names, which become actors (:func:`_mark_actors`).
    """
    tokens = place_tokens(text) if tokens is None else tokens
    names = gazetteer.by_key
    heads = _organisation_heads(tokens)
    provinces = gazetteer.province_names
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        low = tokens[i].low
        if low not in _TYPE_BY_FIRST and low not in _OPENS_BARE:  # most words: nothing starts here
            province = _bare_province(tokens, i, text, gazetteer, heads) if low in provinces else None
            if province is not None:  # "tặng bà con biên giới Đắk Nông": a province needs no type word
                mentions.append(province[0])
                i = province[1]
                continue
            i += 1
            continue
        typed = _type_at(tokens, i)
        if typed is None:
            found = _bare_after_preposition(tokens, i, text, gazetteer)
            if found is not None and i + 1 not in heads:  # "tại Trường Trung học …" is a body
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
        if _types_nothing(tokens, i):  # "mỗi xã 5 căn", "Hợp tác xã Nông nghiệp"
            i += length
            continue
        if heads.get(i, 0) > length:  # "Huyện đoàn Cao Lộc", "Tỉnh ủy Lạng Sơn": an organisation
            i += heads[i]
            continue
        length, name = _typed_name(tokens, i, length, unit_type, text, gazetteer)
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
        mixed = after_another_type(
            tokens, i, mentions[-2] if len(mentions) > 1 else None
        )  # "11 xã, phường A, B"
        i = _coordinated(text, tokens, i + length + span, unit_type, gazetteer, mentions, mixed=mixed)
        i = _bare_parents(text, tokens, i, gazetteer, mentions)
    mentions.extend(_children_before_brackets(text, tokens, gazetteer, mentions))
    mentions.extend(_items_with_figures(text, tokens, gazetteer, mentions))
    mentions.extend(_receivers(text, tokens, gazetteer, mentions))
    mentions.sort(key=lambda m: m.start)
    title = _title_place(text, tokens, gazetteer)
    if title is not None:
        covering = [m for m in mentions if m.start <= title.start < m.end]
        if all(m.loose for m in covering):  # "Lạng Sơn: Huy động …": the title's, found bare too
            mentions = [title] + [m for m in mentions if m not in covering]
    _link_chains(text, mentions)
    _mark_actors(text, tokens, heads, mentions, gazetteer)
    mark_former(text, mentions)
    return [m for m in mentions if not no_place(text, m, gazetteer)]


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


def _village(text: str, mention: Mention) -> bool:
    """Whether a bare name follows a word of a place below the commune ("thôn Nguyên Khê")."""
    if not mention.bare:
        return False
    before = text[max(0, mention.start - 12) : mention.start].split()
    return bool(before) and before[-1].lower() in BELOW_COMMUNE_WORDS


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


_PARENT_JOINER = re.compile(r"\s*(?:\([^()]{0,40}\))?\s*(?:[,(\-–]|của|thuộc)?\s*")


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
    url: str | None = None,
) -> Reading:
    """Read one article (see the module docstring); ``url``: where it was published. Pure: no I/O (a
    text far larger than an article has its figures found on two processes: ``_long_text``)."""
    text = nfc_keep_offsets(text)
    every = tokenize(text)  # one tokenisation for the places and the figures
    with figures_found(text, every) as figures:
        return _read(text, every, figures, gazetteer, date, province, url)


def _read(
    text: str,
    every: list[Tok],
    figures: Callable[[], list[Figure]],
    gazetteer: Gazetteer,
    date: dt.date | None,
    province: str | None,
    url: str | None,
) -> Reading:
    day, date_source, header, years, warnings = document_date(text, date)
    prov, prov_source = document_province(text, gazetteer, province, day)
    tokens = place_tokens(text, every)
    mentions = [m for m in find_mentions(text, gazetteer, tokens) if not _village(text, m)]
    as_of = day
    if as_of is None:
        as_of, note = assumed_day(
            mentions, gazetteer, years, text, prov, lambda day: site_province(url, gazetteer, day)
        )
        warnings.append(note)
    if prov is None:
        prov, prov_source = _majority_province(
            mentions, gazetteer, as_of, site_province(url, gazetteer, as_of)
        )
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
    paired = resolve_pairs(mentions, gazetteer)
    if paired and prov is None:  # "huyện Châu Thành … xã Mỹ Chánh" with no province named
        prov, prov_source = gazetteer.province_of(paired[0]), "places named in the text"
    # A place named without its type word counts only as a unit of the article's day: "quê hương
    # Nguyên Khê" in 2025 is a village, not the Hà Nội commune of that name merged away in 2025
    # (a body keeps an old name: "Đồn Biên phòng Ba Sơn").
    mentions = [
        m
        for m in mentions
        if not m.bare or (m.unit is not None and (m.role == "actor" or not _other_day(m.result)))
        if not m.loose or (m.unit is not None and m.unit.level == "province")
    ]
    _mark_origins(text, mentions, prov, gazetteer)
    _mark_abolished_parents(text, mentions, as_of)
    mentions += _back_references(text, mentions, tokens)
    mentions.sort(key=lambda m: m.start)
    document = Document(day, date_source, prov, prov_source, header, years, warnings, as_of)
    for mention in mentions:
        if mention.result and mention.result.status != "resolved":
            document.warnings.append(
                f"Place {mention.text!r} (at {mention.start}) is {mention.result.status.replace('_', ' ')}: {mention.result.message}"
            )
    captions = caption_lines(text)
    places = _telling_places(mentions, prov, gazetteer, captions)
    units = [m.unit for m in mentions if m.unit is not None]
    parents = {p.id: gazetteer[p.parent_id] for u in units for p in (u, *gazetteer.parents(u)) if p.parent_id}
    bodies = [m.unit for m in mentions if m.unit is not None and m.role == "actor" and _names_district(m)]
    focus = focus_unit(places, gazetteer, bodies)
    return Reading(text, document, mentions, figures(), focus, parents, captions)


def _telling_places(
    mentions: list[Mention], prov: Unit | None, gazetteer: Gazetteer, captions: list[tuple[int, int]]
) -> list[Unit]:
    """The units that tell what the text is about: its places, venues and a commune's own bodies,
    not those of a photo's caption; with none, the units of its bodies ("Hội Cựu chiến binh huyện
    Vĩnh Cửu họp mặt …": a text that names places only in its bodies' names is about theirs)."""
    places = [
        m.unit
        for m in mentions
        if m.unit is not None
        and (
            (m.role == "place" and not m.origin)
            or m.venue
            or (commune_body(m) and _in_province(m, prov, gazetteer))
        )
        and not in_caption(captions, m.start)
    ]
    return places or [
        m.unit
        for m in mentions
        if m.unit is not None and m.role == "actor" and _in_province(m, prov, gazetteer)
    ]


def _mark_origins(text: str, mentions: list[Mention], prov: Unit | None, gazetteer: Gazetteer) -> None:
    """Mark the places that say where the givers come from: they are places, not the gift's."""
    for mention in mentions:
        if mention.loose and mention.role == "place" and prov is not None and mention.place.id != prov.id:
            # "… cùng các nhà hảo tâm Hà Nội trao quà" in another province's article: the givers' home
            mention.origin = True
        if _SUPERLATIVE.search(text, max(0, mention.start - 24), mention.start) and mention.role == "place":
            mention.origin = True  # "1 trong 2 xã có tỷ lệ hộ nghèo cao nhất huyện A": a frame, not a place
        if _from_elsewhere(text, mention) or _funder_address(text, mention) or suspects_home(text, mention):
            mention.origin = True  # "nhóm thiện nguyện từ TP HCM trao …": where the givers come from
        if mention.org_bracket and mention.unit is not None and prov is not None:
            # "Bệnh viện A (TP Hồ Chí Minh)" in a Vĩnh Long article: where the donor comes from;
            # "Trường THCS A (Việt Yên)" in a Bắc Giang one: where the school is.
            mention.origin = gazetteer.province_of(mention.unit).id != prov.id
    # The places listed after one the givers come from come from there too: "nhà tài trợ từ
    # TPHCM, Quảng Trị, Đà Nẵng, Lâm Đồng … ủng hộ 6,5 tỷ đồng".
    for before, mention in itertools.pairwise(mentions):
        if before.origin and mention.role == "place" and LIST_JOIN.fullmatch(text, before.end, mention.start):
            mention.origin = True


_SUPERLATIVE = re.compile(r"\bnhất\s+(?:(?:của|trong|toàn|cả)\s+)?$", re.IGNORECASE)


def _mark_abolished_parents(text: str, mentions: list[Mention], day: dt.date) -> None:
    """A district named after a commune in a text of the days without districts ("phường Vĩnh
    Tế (TP Châu Đốc)" after 1 July 2025) is what the place used to be in."""
    if day < _NO_DISTRICTS:
        return
    for before, mention in itertools.pairwise(mentions):
        if (
            mention.unit is not None
            and before.unit is not None
            and mention.role == "place"
            and not mention.unit.valid_at(day)
            and before.unit.valid_at(day)
            and before.unit.level == "commune"
            and mention.unit.level == "district"
            and _PARENT_JOIN.fullmatch(text, before.end, mention.start)
        ):
            mention.role = "former"


_NO_DISTRICTS = dt.date(2025, 7, 1)
_PARENT_JOIN = re.compile(r"\s*[,(]\s*")


def _in_province(mention: Mention, province: Unit | None, gazetteer: Gazetteer) -> bool:
    """Whether a mention's unit lies in the article's province (any, when that is not known): a
    commune's body from elsewhere ("Hội chữ thập đỏ phường 15, Quận Bình Thạnh" in a Nghệ An
    article) is a visitor, not what the article is about."""
    return province is None or mention.unit is None or gazetteer.province_of(mention.unit).id == province.id


def nfc_keep_offsets(text: str) -> str:
    """NFC-normalise (offsets of mentions and figures refer to this form; news text is NFC already)."""
    return unicodedata.normalize("NFC", text)
