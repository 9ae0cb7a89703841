"""Places listed under one type word or bracketed: ``các xã: A, B và C``, ``xã A (huyện B)``,
``Châu Hóa (huyện Tuyên Hóa); Quảng Liên, Quảng Thạch (…)``, ``Cao Lâu nhận 4 nhà, Xuất Lễ 3 nhà``
(see ``extract.find_mentions``; names without a type word are in ``_bare_names``)."""

from __future__ import annotations

import bisect
from typing import Any

from geo._mention import (
    _LEVEL_RANK,
    _MAX_NAME,
    _NOT_IN_NAMES,
    Mention,
    _coarse_rank,
    _exactly_named,
    _fits,
    _inside,
    _merged,
    _name_at,
    _only_joiners,
    _rank,
    _skip_bracket,
    _skip_figure,
    _type_at,
)
from geo._text import TYPE_LEVELS, key
from geo._tokens import Tok
from geo._vocabulary import (
    PERSON_TITLES,
    RECEIVING_VERBS,
)
from geo.gazetteer import Gazetteer, Unit


def after_another_type(tokens: list[Tok], i: int, before: Mention | None = None) -> bool:
    """Whether the commune type word at ``i`` follows another ("xã, phường A, B"), or a commune
    of another type just named (``before``: "các xã Quỳnh Giang, thị trấn Cầu Giát và Quỳnh Diễn")."""
    if i < 2 or tokens[i - 1].text not in (",", "và"):
        return False
    if tokens[i - 1].text == "," and tokens[i - 2].low in ("xã", "phường", "trấn"):
        return True
    return (
        before is not None and before.end == tokens[i - 2].end and before.type in ("xã", "phường", "thị trấn")
    )


def _fits_commune(gazetteer: Gazetteer, name: str) -> bool:
    return any(_fits(gazetteer, name, unit_type) for unit_type in ("xã", "phường", "thị trấn"))


def _coordinated(
    text: str,
    tokens: list[Tok],
    i: int,
    unit_type: str,
    gazetteer: Gazetteer,
    mentions: list[Mention],
    *,
    opened: bool = False,
    mixed: bool = False,
) -> int:
    """Names listed under the type word before ``i`` (``, Hữu Lũng``, `` và Cao Lộc``, ``: A, B``,
    ``(A, B)`` when ``opened``); a bracket of figures after an item (``(13 hộ)``) is passed over.
    ``mixed``: the type word follows another of its level ("11 xã, phường A, B, C"), and an item
    may be a unit of either. Returns where the list ends."""
    names = gazetteer.by_key
    while i < len(tokens):
        parent = None if opened else _parent_bracket(text, tokens, i, names)
        if parent is not None and _listed_on(tokens, parent[1], names, text, gazetteer, unit_type):
            # "các xã: A, B (huyện X) và C, D (huyện Y)": the list goes on after a parent
            mentions.append(parent[0])
            i = parent[1]
        j = i if opened else _skip_figure(tokens, _skip_bracket(tokens, i))
        if j < len(tokens) and (tokens[j].text in (",", ":", ";") or (opened and tokens[j].text == "(")):
            j += 1
        elif opened and j < len(tokens) and tokens[j].low in _LIST_WORDS:
            j += 1 + (j + 1 < len(tokens) and tokens[j + 1].text == ":")
        opened = False
        if j < len(tokens) and tokens[j].low == "và":
            j += 1
        if j == i or j >= len(tokens):
            break
        typed_item = _typed_item(text, tokens, j, unit_type, gazetteer, mentions)
        if typed_item is not None:  # "Thạch Hà (20 chiếc); TP Hà Tĩnh (20 chiếc); Cẩm Xuyên (20 chiếc)"
            i = typed_item
            continue
        if _type_at(tokens, j):
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
        if not item[1] or not (
            _fits(gazetteer, written, unit_type) or (mixed and _fits_commune(gazetteer, written))
        ):
            break
        if not all(t.capitalised or not t.text[:1].isalpha() for t in tokens[j : j + item[0]]):
            break  # "xã Yên Nhân, Trung tâm Xúc tiến …": a name capitalises every word
        if item[0] == 1 and not _exactly_named(gazetteer, written):
            break  # "xã Minh Châu, Đảng ủy": one syllable must be the unit's own spelling ("Dang" is not "Đảng")
        if (
            _rank(unit_type) < 2
            and _coarse_rank(gazetteer, written) == 2
            and not _listed_on(tokens, j + item[0], names, text, gazetteer, unit_type)
        ):
            # "xã A Sào, Hưng Yên": a province's name after a commune is its parent, not the next
            # item; unless the list goes on ("các huyện như Lệ Thủy, Quảng Ninh, Tuyên Hóa")
            break
        place = text[start.start : end.end]
        mentions.append(Mention(place, start.start, end.end, unit_type, place, ""))
        i = j + item[0]
    return i


def _typed_item(
    text: str, tokens: list[Tok], j: int, unit_type: str, gazetteer: Gazetteer, mentions: list[Mention]
) -> int | None:
    """An item of a list of places with figures that carries its own type word of the list's level
    ("huyện A (30 chiếc); TP B (20 chiếc); C (20 chiếc)"): appended, and the index after its
    bracket when the list goes on after it; else None (the main reading takes the typed name)."""
    typed = _type_at(tokens, j)
    if typed is None or set(TYPE_LEVELS[typed[1]]).isdisjoint(TYPE_LEVELS[unit_type]):
        return None
    length, own_type = typed
    name = _name_at(tokens, j + length, gazetteer.by_key, text)
    if name is None or not name[1]:
        return None
    after = j + length + name[0]
    if after >= len(tokens) or tokens[after].text != "(":
        return None
    close = _skip_bracket(tokens, after)
    if not _listed_on(tokens, close, gazetteer.by_key, text, gazetteer, unit_type):
        return None
    first, last = tokens[j], tokens[after - 1]
    written = " ".join(t.text for t in tokens[j + length : after])
    mentions.append(Mention(text[first.start : last.end], first.start, last.end, own_type, written, ""))
    return close


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
    run: list[Mention] = []  # consecutive items of one level
    ranks: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok.text != "(" or i + 1 >= len(tokens) or tokens[i + 1].kind != "num":
            continue
        item = _bare_item_before(text, tokens, i, gazetteer)
        if item is None or _inside(taken, item[0].start):
            run, ranks = [], set()
            continue
        if run and not _only_joiners(text[_bracket_end(text, run[-1].end) : item[0].start]):
            run, ranks = [], set()
        run.append(item[0])
        ranks.add(item[1])
        if len(ranks) == 1 and len(run) >= 2:  # the second item adds the first as well
            found.extend(run[-2:] if len(run) == 2 else run[-1:])
    return found


def _receivers(text: str, tokens: list[Tok], gazetteer: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """Names without a type word that receive a figure, and the list they open: "Cao Lâu nhận 4
    nhà, Xuất Lễ 3 nhà", "Trong đó Nghĩa Đàn được tặng 5 nhà". The name must stand alone (no
    capital or person's title before it: "ông Văn Bình nhận …" is a person). A typed place right
    before its figure opens such a list too ("xã A 20 tấn; B 11 tấn")."""
    taken = _merged([(m.start, m.end) for m in mentions])
    found: list[Mention] = []
    for i, tok in enumerate(tokens):
        verb = _receiving_verb(tokens, i) if tok.low in ("nhận", "được") else 0
        if not verb or i + verb >= len(tokens) or tokens[i + verb].kind != "num":
            continue
        item = _bare_item_before(text, tokens, i, gazetteer)
        if item is None or _inside(taken, item[0].start) or not _stands_alone(tokens, item[0].start):
            continue
        found.append(item[0])
        found.extend(_listed_after(text, tokens, i + verb, gazetteer, taken, item[1]))
    starts = [t.start for t in tokens]
    for mention in mentions:  # "xã A 26.575 kg; B 11.320 kg; C 21.200 kg": the type word once for all
        k = bisect.bisect_left(starts, mention.end)
        k += k < len(tokens) and tokens[k].low in ("có", ":")
        if mention.type is not None and k < len(tokens) and _numeric(tokens[k]):
            found.extend(_listed_after(text, tokens, k, gazetteer, taken, _rank(mention), mention.type))
    return found


def _receiving_verb(tokens: list[Tok], i: int) -> int:
    """How many tokens the receiving verb at ``i`` spans ("nhận"; "được tặng", "được hỗ trợ"), or 0."""
    if tokens[i].low == "nhận":
        return 1
    if i + 1 < len(tokens) and tokens[i + 1].low in RECEIVING_VERBS:
        return 3 if tokens[i + 1].low == "hỗ" and i + 2 < len(tokens) and tokens[i + 2].low == "trợ" else 2
    return 0


def _stands_alone(tokens: list[Tok], start: int) -> bool:
    k = bisect.bisect_left(tokens, start, key=lambda t: t.start)  # the name's first token
    before = tokens[k - 1] if k else None
    return before is None or not (before.capitalised or before.low in PERSON_TITLES)


def _listed_after(
    text: str,
    tokens: list[Tok],
    k: int,
    gazetteer: Gazetteer,
    taken: list[tuple[int, int]],
    rank: int,
    unit_type: str | None = None,
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
            (n for n in range(j + 1, min(j + _MAX_NAME + 1, len(tokens))) if _numeric(tokens[n])), None
        )
        if num is None:
            break
        item = _bare_item_before(text, tokens, num, gazetteer)
        if (
            item is None
            and tokens[j].low not in PERSON_TITLES
            and all(t.capitalised and t.text[:1].isalpha() for t in tokens[j:num])
        ):
            # an item written otherwise ("Đăk Buk So 5.640 kg"): under the list's type word, the
            # geocoder reads it (other diacritics, or not found with suggestions); the list goes on
            if unit_type is not None:
                written = text[tokens[j].start : tokens[num - 1].end]
                out.append(Mention(written, tokens[j].start, tokens[num - 1].end, unit_type, written, ""))
            k = num
            continue
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


def _numeric(tok: Tok) -> bool:
    """A number, or a number glued to its unit ("11.320kg")."""
    return tok.kind == "num" or tok.text[:1].isdigit()


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
    """Whether a list goes on at ``k`` with a known item of ``unit_type`` (", B", "; B", " và B")."""
    if k < len(tokens) and tokens[k].text in (",", ";"):
        k += 1
    if k < len(tokens) and tokens[k].low == "và":
        k += 1
    item = _name_at(tokens, k, names, text)
    if item is None or not item[1] or k == 0 or tokens[k - 1].text not in (",", ";", "và"):
        return False
    return _fits(gazetteer, " ".join(t.text for t in tokens[k : k + item[0]]), unit_type)


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


# A type word's syllable that makes another word with the next ("Ngân hàng Chính sách xã hội",
# "xã viên hợp tác xã"): no unit is described.
_NOT_A_TYPE = frozenset({"xã hội", "xã viên"})


def _described(
    tokens: list[Tok], i: int, length: int, unit_type: str, text: str, gazetteer: Gazetteer
) -> tuple[int, tuple[int, bool] | None]:
    """After the type word at ``i``: one or two lower-case words, then a known name of that type.
    Returns the type's length stretched over those words, and the name (or None)."""
    for extra in (1, 2):
        j = i + length + extra
        words = tokens[i + length : j]
        if len(words) < extra or any(
            not w.text.isalpha()
            or w.capitalised
            or w.low in _NOT_IN_NAMES
            or _type_at(tokens, i + length + k)
            for k, w in enumerate(words)
        ):
            return length, None  # "Chính sách xã hội huyện A": "huyện" types the name after it
        if f"{tokens[i].low} {words[0].low}" in _NOT_A_TYPE:
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
