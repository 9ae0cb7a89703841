"""A place named in a text (:class:`Mention`) and the token-level readers of names: type words,
known names, ranks of levels, spans; shared by the readers of lists and of organisations."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from geo._answers import Result
from geo._text import RUNNING_TEXT_TYPES, TYPE_LEVELS, key
from geo._tokens import Tok
from geo.figures import STOP_WORDS, VERB_STARTS
from geo.gazetteer import PROVINCE_ABBREVIATIONS, Gazetteer, Unit, unit_json

# Type words as they appear in running text, longest first; abbreviations keep their dot.
_TYPE_TOKENS = RUNNING_TEXT_TYPES


_LEVEL_RANK = {"commune": 0, "district": 1, "province": 2}


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
    loose: bool = False  # a province named bare where no word calls for a place: "bà con biên giới Đắk Nông"

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


_TYPE_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}


for _spelling, _canonical in _TYPE_TOKENS:
    _TYPE_BY_FIRST.setdefault(_spelling[0], []).append((_spelling, _canonical))


def _type_at(tokens: list[Tok], i: int) -> tuple[int, str] | None:
    for spelling, canonical in _TYPE_BY_FIRST.get(tokens[i].low, ()):
        if tuple(t.low for t in tokens[i : i + len(spelling)]) == spelling:
            return len(spelling), canonical
    return None


_NAME_DASHES = ("-", "–")  # "Phan Rang - Tháp Chàm", "Xuân Hương – Đà Lạt"


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
        if tok.text[-1] == "." or not (tok.text[0].isalnum() or tok.text in _NAME_DASHES):
            break
        if capitalised_run == span and tok.capitalised and spaced:
            capitalised_run += 1
        span += 1
    for length in range(span, 0, -1):
        if tokens[i + length - 1].text in _NAME_DASHES:
            continue
        if key(" ".join(t.text for t in tokens[i : i + length])) in names:
            return length, True
    if tokens[i].low in _NOT_IN_NAMES:
        return None  # "… trung tâm xã\nNhững hoạt động …": a sentence's first word, no name
    return capitalised_run, False


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


def _skip_figure(tokens: list[Tok], j: int) -> int:
    """Past an item's figure up to the mark that ends it ("như: Lệ Thủy (Quảng Bình) 261.6mm,
    Phong Xuân …", "các huyện Yên Sơn trên 3.000 ha; Hàm Yên 2.750 ha"): a qualifier, a number
    and at most three words; else ``j``."""
    k = j + 1 if j < len(tokens) and tokens[j].low in _QUALIFIERS else j
    if k >= len(tokens) or not tokens[k].text[:1].isdigit():  # "261.6mm" is one token
        return j
    for end in range(k + 1, min(len(tokens), k + 5)):
        if tokens[end].text in (",", ";"):
            return end
        if tokens[end].kind not in ("word", "num", "abbr"):
            return j
    return j


_QUALIFIERS = frozenset({"trên", "hơn", "gần", "khoảng", "có"})


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


def _longer_name(tokens: list[Tok], text: str, after: int) -> bool:
    """Whether the token at ``after`` goes on with the name before it: a capital or a number on
    the same line ("Hữu Lũng Xanh", "Quảng Trung 1"); a title's last word goes on with nothing."""
    if after >= len(tokens) or "\n" in text[tokens[after - 1].end : tokens[after].start]:
        return False
    return tokens[after].capitalised or tokens[after].text[:1].isdigit()


def _fits(gazetteer: Gazetteer, name: str, unit_type: str) -> bool:
    levels = TYPE_LEVELS[unit_type]
    return any(u.level in levels and u.type == unit_type for u in gazetteer.named(name))


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
