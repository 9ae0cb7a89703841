"""Places written without their type word: parents after a place (``xã Đức Quang (Hà Tĩnh)``),
names after a preposition or the people of a place (``tại Hữu Lũng``, ``người dân Quảng Ngãi``),
a province's name anywhere (``bà con biên giới Đắk Nông``), and lists a colon or a bracket opens
(``gồm: Phú Tân (30 căn), TX. Tân Châu (40 căn)``) (see ``extract.find_mentions``)."""

from __future__ import annotations

from typing import Any

from geo._mention import (
    _LEVEL_RANK,
    Mention,
    _coarse_rank,
    _exactly_named,
    _longer_name,
    _name_at,
    _skip_bracket,
    _skip_figure,
    _type_at,
)
from geo._text import TYPE_LEVELS
from geo._tokens import Tok
from geo._vocabulary import PEOPLE_OF, PLACE_PREPOSITIONS
from geo.gazetteer import Gazetteer

# Tokens after which a name without its type word may stand: prepositions of place, the last
# word of the people of a place ("người dân Quảng Ngãi"), a colon or bracket opening a list.
_OPENS_BARE = PLACE_PREPOSITIONS | {p.split()[-1] for p in PEOPLE_OF} | {":", "("}


def _bare_parents(text: str, tokens: list[Tok], i: int, gazetteer: Gazetteer, mentions: list[Mention]) -> int:
    """Parents written without their type word after a place: ``xã Đức Quang (Hà Tĩnh)``,
    ``(huyện Sơn Dương, Tuyên Quang)``. Only names of a province or district count."""
    while i < len(tokens):
        j = i
        if j < len(tokens) and tokens[j].text in (",", "(", "-", "–"):
            j += 1  # "(xã Hòa Bình- Trà Ôn)": a dash before the district too
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


def _bare_province(
    tokens: list[Tok], j: int, text: str, gazetteer: Gazetteer, heads: dict[int, int]
) -> tuple[Mention, int] | None:
    """A province's name of two words or more, written whole without a type word inside a
    sentence (``tặng bà con biên giới Đắk Nông``): not the end of a longer capitalised name nor
    of an organisation's (an organisation's head among the words before it, with no mark between:
    ``Công ty Xổ số kiến thiết Sóc Trăng``)."""
    if j and tokens[j - 1].upper and text[tokens[j - 1].end : tokens[j].start] == " ":
        return None  # "Nguyễn Thái Bình", "Agribank Kiên Giang": the end of a longer name
    for k in range(j - 1, max(-1, j - 17), -1):
        if tokens[k].kind not in ("word", "abbr") or "\n" in text[tokens[k].end : tokens[k + 1].start]:
            break
        if k in heads:
            return None
    found = _bare_name_at(tokens, j, text, gazetteer)
    if found is None:
        return None
    mention, after, ranks = found
    if mention.name not in gazetteer.province_names.get(mention.name.split(" ")[0].lower(), ()):
        return None
    mention.rank, mention.loose = max(ranks), True
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
    if not all(t.capitalised or not t.text[:1].isalpha() for t in tokens[j:after]):
        return None  # a name capitalises every word: "tại Trung tâm Y tế", "An toàn khu" are none
    name = " ".join(t.text for t in tokens[j:after])
    ranks = {_LEVEL_RANK[u.level] for u in _exactly_named(gazetteer, name)}
    if not ranks:
        return None
    start, end = tokens[j].start, tokens[after - 1].end
    return Mention(text[start:end], start, end, None, name, "", bare=True), after, ranks


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


def _next_item_clause(tokens: list[Tok], j: int) -> int | None:
    """After a listed name that its own clause goes on from, the token after the ";" that ends
    that clause (within its sentence), where the next item may open; else None."""
    for k in range(j, min(len(tokens), j + 30)):
        if tokens[k].text == ";":
            return k + 1
        if tokens[k].text in (".", ":", "!", "?", "(", ")"):
            return None
    return None


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
        j = _skip_figure(tokens, _skip_bracket(tokens, after)) if opener == ":" else after
        if j < len(tokens) and tokens[j].text == "," and j + 1 < len(tokens) and tokens[j + 1].low == "và":
            j += 2
        elif j < len(tokens) and (tokens[j].text == "," or tokens[j].low == "và"):
            j += 1
        elif opener == ":" and (k := _next_item_clause(tokens, j)) is not None:
            j = k  # "như: Chiêm Hóa trồng mới 2.000 ha, đạt 126%; Hàm Yên trồng mới 2.410 ha"
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
