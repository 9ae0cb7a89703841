"""Organisation names that hold a place (``Đồn Biên phòng X``, ``Huyện đoàn Y``, ``UBND xã Z``):
their places are actors, venues or a commune's own bodies, not where the activity happened; photo
captions (see ``extract.find_mentions``)."""

from __future__ import annotations

import itertools
import re

from geo._mention import (
    _LEVEL_RANK,
    _NOT_IN_NAMES,
    Mention,
    _exactly_named,
    _inside,
    _merged,
    _name_at,
    _type_at,
)
from geo._text import TYPE_LEVELS, type_words
from geo._tokens import Tok
from geo._vocabulary import (
    ENFORCEMENT_WORDS,
    LOWER_CASE_COMMON,
    ORGANISATION_HEADS,
    ORGANISATION_NAME_WORDS,
    SURNAMES,
    VENUE_WORDS,
)
from geo.gazetteer import Gazetteer

_HEADS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
_HAMLETS = frozenset({"thôn", "bản", "ấp", "xóm", "làng", "khối"})  # below the commune


for _head in sorted(ORGANISATION_HEADS, key=lambda h: -len(h.split())):
    _HEADS_BY_FIRST.setdefault(_head.split()[0], []).append(tuple(_head.split()))


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
    for i, n in _free_heads(tokens, heads, mentions):
        j, lower_run = i + n, 0
        while j < len(tokens) and j - i - n <= 8:
            skipped = _skip_in_name(tokens, j, heads)
            if skipped is not None:
                j, lower_run = skipped, 0
                continue
            tok = tokens[j]
            k = by_start.get(tok.start)
            if k is not None:
                if not any(
                    t.low in _HAMLETS and after.capitalised
                    for t, after in itertools.pairwise(tokens[i + n : j + 1])
                ):
                    # not "điểm trường Răng Chuỗi thôn 1 xã Trà Tập": after a hamlet, an address
                    _mark_typed_actor(text, tokens, i, k, mentions, by_start)
                break
            if tok.text == "(" and j > i + n:  # "nhóm Thiện Ý (TP Hồ Chí Minh)": where it is from,
                for home in _bracketed_places(text, mentions, by_start, tokens, j):
                    home.origin = True  # a place, but not where the activity was
                break
            bare = _bare_actor(text, tokens, i, j, gazetteer) if tok.capitalised else None
            if bare is not None:
                added.append(bare)
                _mark_branch(text, mentions, by_start, tokens[i].start, bare.end)
                after = next(
                    x for x in range(j, len(tokens) + 1) if x == len(tokens) or tokens[x].start >= bare.end
                )
                while (
                    after < len(tokens)
                    and after - j < 4
                    and tokens[after].kind == "word"
                    and tokens[after].upper
                ):
                    after += 1  # the name goes on: "Công ty TNHH Sài Gòn Smile (TP Hà Nội)"
                if after < len(tokens) and tokens[after].text == "(":  # "Bệnh viện A (TP Hồ Chí Minh)"
                    for home in _bracketed_places(text, mentions, by_start, tokens, after):
                        home.org_bracket = True  # where it comes from, if outside the article's province
                break
            lower_run = _name_goes_on(tokens, j, lower_run)
            if lower_run < 0:
                if (
                    tok.text == ","
                    and j > i + n
                    and not _venue(tokens, i)
                    and not _in_a_place(tokens[i].start, mentions)
                ):
                    # "Công ty Vàng bạc Thu Nga, phường Hà Giang 2 trao …"; not "tại trường THCS A,
                    # thị xã B" (where it happened), nor "xã Trường Long, …" (no organisation)
                    for home in _address_after(mentions, by_start, tokens, j):
                        home.origin = True  # where it is, not where the activity was
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
    if j >= 1 and tokens[j - 1].upper and f"{tokens[j - 1].low} {tok.low}" in ORGANISATION_NAME_WORDS:
        return lower_run + 1  # "Ngân hàng Phát triển", "Phòng Nông nghiệp và Phát triển nông thôn"
    if j + 1 < len(tokens) and f"{tok.low} {tokens[j + 1].low}" in ORGANISATION_NAME_WORDS and lower_run < 3:
        return lower_run + 1  # "Hội từ thiện phường 15", "Quỹ hỗ trợ nông dân tỉnh A"
    return -1


def _mark_typed_actor(
    text: str, tokens: list[Tok], i: int, k: int, mentions: list[Mention], by_start: dict[int, int]
) -> None:
    """The typed place ``mentions[k]`` that ends the organisation heading at token ``i``, and the
    parents chained to it, become its actors."""
    org = text[tokens[i].start : mentions[k].end]
    venue = _venue(tokens, i)
    last = mentions[k]
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
            last = m
    # "Hội Chữ thập đỏ phường 15, quận Bình Thạnh (TP Hồ Chí Minh)": the bracket after a chain
    # locates the organisation, as after a bare name (``org_bracket``); after one place ("UBND xã
    # A (huyện B)") it is the place's own parent, said for where the activity was
    after = next((x for x in range(i, min(len(tokens), i + 40)) if tokens[x].start >= last.end), None)
    chained = last is not mentions[k] or "commune" not in TYPE_LEVELS.get(
        (mentions[k].type or "").lower(), ("commune",)
    )
    if chained and after is not None and tokens[after].text == "(":
        for home in _bracketed_places(text, mentions, by_start, tokens, after):
            home.org_bracket = True
    _mark_branch(text, mentions, by_start, tokens[i].start, mentions[k].end)


def _free_heads(tokens: list[Tok], heads: dict[int, int], mentions: list[Mention]) -> list[tuple[int, int]]:
    """The heads in text order, but those whose word lies inside a place's name ("huyện Chợ Đồn và
    Chợ Mới", "phường Yên Sở và Lĩnh Nam"): they head nothing."""
    spans = _merged(sorted((m.start, m.end) for m in mentions))  # by bisection: linear in the text
    return [(i, n) for i, n in sorted(heads.items()) if not _inside(spans, tokens[i].start)]


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
    if not name[:1].isalpha():
        return None  # "Hội Lái xe 28": a number after a body's name is no Phường 28 without its type word
    if len(words) == 1 and (
        (j + 1 < len(tokens) and tokens[j + 1].kind == "word" and not tokens[j + 1].upper)
        or (j > 0 and tokens[j - 1].kind == "word" and tokens[j - 1].upper and j - 1 >= i + 1)
    ):
        # one syllable that a lower-case word goes on ("Công ty Lâm nghiệp") or that ends a
        # capitalised word of the name ("Đại học Nông Lâm TP. Hồ Chí Minh") names no "Lâm"
        return None
    if j > 0 and tokens[j - 1].low in SURNAMES and tokens[j - 1].upper:
        return None  # a person's name after the body's: "Phó Trưởng Ban Nội chính Tỉnh ủy Trần Quang Minh"
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


def suspects_home(text: str, mention: Mention) -> bool:
    """Whether a place is where a suspect lives, in a report of a seizure or an arrest: "phát hiện
    Võ Văn A (35 tuổi, trú tại xã B, tỉnh C) vận chuyển …" (the goods were seized elsewhere)."""
    if mention.role != "place" or not _RESIDENT.search(text, max(0, mention.start - 70), mention.start):
        return False
    start = text.rfind("\n", 0, mention.start) + 1
    end = text.find("\n", mention.end)
    paragraph = text[start : end if end >= 0 else len(text)].lower()
    return any(word in paragraph for word in ENFORCEMENT_WORDS)


# A person's bracket up to where they live: "(35 tuổi, trú tại", "(sinh năm 1989, trú tại phường
# A, …", "(SN 2006, trú", with the places of the same bracket before this one.
_RESIDENT = re.compile(r"\([^()]{0,30}(?:tuổi|sinh năm|SN)\b[^()]{0,12},\s*(?:thường\s+|tạm\s+)?trú\b[^()]*$")


_FUNDED_BY = re.compile(r"\bdo\b[^.;:!?\n]{0,120}$", re.IGNORECASE)


_FUNDED = re.compile(r"[^.;:!?\n]{0,80}?\b(?:tài trợ|ủng hộ)\b", re.IGNORECASE)


def _funder_address(text: str, mention: Mention) -> bool:
    """Whether a place is the address of whoever paid: "do Công ty A, xã B, huyện C tài trợ"."""
    if mention.role != "place":
        return False
    before = text[max(0, mention.start - 120) : mention.start]
    return bool(_FUNDED_BY.search(before)) and bool(_FUNDED.match(text, mention.end, mention.end + 80))


def _acronym_bracket(tokens: list[Tok], j: int) -> bool:
    """Whether an acronym in brackets opens at token ``j``: "(BCH)", "(UBND)"."""
    return (
        j + 2 < len(tokens)
        and tokens[j].text == "("
        and tokens[j + 1].text.isupper()
        and tokens[j + 1].text.isalpha()
        and tokens[j + 2].text == ")"
    )


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


_BODY_LEVEL = re.compile(rf"\b({type_words('commune', 'district', 'province')})\b", re.IGNORECASE)


def _body_rank(head: str) -> int | None:
    """The level a body's name gives the bare place after it: "Huyện đoàn Thuận Bắc" a district,
    "Tỉnh đoàn Gia Lai" a province; None when its words say no level."""
    found = _BODY_LEVEL.search(head)
    if found is None:
        return None
    level = " ".join(found.group(1).lower().split())
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


_COMMUNE_TYPE = re.compile(rf"(?:{type_words('commune')})\s", re.IGNORECASE)


def local_bodies(actors: list[Mention]) -> list[Mention]:
    """The bodies that work where they are named: a commune's own (``UBND xã A``) and the venues
    (``tại Đồn Biên phòng B``); not those whose place is a unit no longer valid on the text's day
    ("Đồn Biên phòng Thanh Lân" after its commune joined đặc khu Cô Tô: the name stays, the place
    is gone)."""
    return [
        m
        for m in actors
        if (commune_body(m) or m.venue) and not (m.result is not None and "other_vintage" in m.result.flags)
    ]


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


def _in_a_place(pos: int, mentions: list[Mention]) -> bool:
    return any(m.start <= pos < m.end for m in mentions)


def _address_after(
    mentions: list[Mention], by_start: dict[int, int], tokens: list[Tok], j: int
) -> list[Mention]:
    """The typed place and the parents chained to it right after the comma at token ``j``: an
    organisation's address ("Công ty A, phường B, tỉnh C")."""
    k = by_start.get(tokens[j + 1].start) if j + 1 < len(tokens) else None
    if k is None or mentions[k].type is None:
        return []
    return [m for m in mentions if m is mentions[k] or (m.chain_head == k and m.start > mentions[k].start)]


def _bracketed_places(
    text: str, mentions: list[Mention], by_start: dict[int, int], tokens: list[Tok], j: int
) -> list[Mention]:
    """The places that alone fill the bracket opening at token ``j`` (one, or a chain: "(Quận 11,
    TP. Hồ Chí Minh)"), else none."""
    k = by_start.get(tokens[j + 1].start) if j + 1 < len(tokens) else None
    if k is None:
        return []
    places = [mentions[k]]
    while k + 1 < len(mentions) and re.fullmatch(r"\s*,\s*", text[mentions[k].end : mentions[k + 1].start]):
        k += 1
        places.append(mentions[k])
    return places if text[places[-1].end : places[-1].end + 1] == ")" else []


# What a unit used to be, said beside the name: "tỉnh Phú Yên (cũ)", "xã Lập Chiệng (nay là xã
# Kim Lập)", "huyện Lục Nam, tỉnh Bắc Giang (cũ)".
_FORMER_AFTER = re.compile(r"\s*\(\s*(?:cũ\s*\)|nay\s+(?:là|thuộc)\b)", re.IGNORECASE)


def mark_former(text: str, mentions: list[Mention]) -> None:
    """Mark the units named as what a place used to be (``role`` ``former``), with the mentions
    chained before them: the activity happened in what the place is now, named beside them."""
    for k, mention in enumerate(mentions):
        if mention.role != "place" or not _FORMER_AFTER.match(text, mention.end):
            continue
        mention.role = "former"
        j = k - 1
        while (
            j >= 0
            and mentions[j].role == "place"
            and re.fullmatch(r"\s*,\s*", text[mentions[j].end : mentions[j + 1].start])
        ):
            mentions[j].role = "former"  # "huyện Lục Nam, tỉnh Bắc Giang (cũ)": the whole chain
            j -= 1
