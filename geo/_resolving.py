"""Each place of an article resolved on the article's day, in its context (the province of its
paragraph, the units named so far, a bare name's level), the day of an undated text, and the
unit the article is about (see ``extract.read_article``)."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Callable

from geo._answers import Result
from geo._mention import (
    _LEVEL_RANK,
    Mention,
    _part,
)
from geo._text import TYPE_LEVELS, key, type_words
from geo.gazetteer import Gazetteer, Unit, named_later
from geo.geocode import Context, resolve


def _other_day(result: Result | None) -> bool:
    """Whether an answer is a unit of another day than the article's."""
    return result is not None and "other_vintage" in result.flags


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
    if common is not None and common.level == "district":
        # the same, a level up: a district named once in a text naming its province as the place
        # again and again ("Nghệ An: Trao gần 6 nghìn suất học bổng …", then one district's event)
        named = Counter(ident(u) for u in units)
        province = next((p for p in gazetteer.parents(common) if p.level == "province"), None)
        if named[ident(common)] == 1 and province is not None and named[ident(province)] > 1:
            return next(u for u in units if ident(u) == ident(province))
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


def assumed_day(
    mentions: list[Mention],
    gazetteer: Gazetteer,
    years: list[int],
    text: str = "",
    province: Unit | None = None,
    site: Callable[[dt.date], Unit | None] | None = None,
) -> tuple[dt.date, str]:
    """The day to read an undated text's places on: inside the generation of units its names fit.

    Each generation scores the names that resolve to a unit valid then, and the communes named with
    their district in a bracket ("xã Bảo Hà (Bảo Yên)": a pair that holds only while districts
    did); the best wins, ties going to the one holding the text's latest event year, then to the
    latest. A name fits only as a unit of the text's province (``province``, else the one its
    places name most on that day): "xã Tân Xuân" in a text about Sơn La is Sơn La's until 2025, not
    Vĩnh Long's after. Returns the day and the warning that says what was assumed.
    """

    queries = [(m.query or _part(m), m.bare) for m in mentions if m.role == "place"]
    queries += [(f"{a.text}, {b.text}", False) for a, b in _bracketed_parents(text, mentions)]
    scores = []
    for day, label in _ERAS:
        fit = []
        weight = 0.0
        voted = province or _majority_province(mentions, gazetteer, day, site(day) if site else None)[0]
        context = Context(province=voted)
        for query, bare in queries:
            result = resolve(query, gazetteer, day, context, suggest=False)
            if result.status == "resolved" and _OFF.isdisjoint(result.flags):
                fit.append(query)
                weight += _evidence(bare, result.unit)
        holds_year = bool(years) and _era_of(max(years)) == day
        scores.append((weight, holds_year, day, label, fit))
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


_OFF = frozenset(
    {"other_vintage", "outside_context_province"}
)  # a name that fits no unit of the day or place


def _evidence(bare: bool, unit: Unit | None) -> float:
    """How much a name that fits a generation of units says for it: a name without its type word
    less, a commune's bare name least ("Trà Vinh": the province until 2025, a ward's after)."""
    if not bare:
        return 1.0
    return 0.25 if unit is not None and unit.level == "commune" else 0.5


_DISTRICT_TYPES = frozenset({"huyện", "quận", "thị xã"})
_OPEN_BRACKET = re.compile(r"\s*\(\s*")


def _bracketed_parents(text: str, mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """The typed communes each followed by a bare name alone in a bracket: "xã Bảo Hà (Bảo Yên)"."""
    ordered = sorted(mentions, key=lambda m: m.start)
    return [
        (a, b)
        for a, b in itertools.pairwise(ordered)
        if a.type is not None
        and TYPE_LEVELS.get(a.type) == ("commune",)
        and b.bare
        and _OPEN_BRACKET.fullmatch(text, a.end, b.start)
        and text.startswith(")", b.end)
    ]


# A district's own bodies ("Huyện đoàn X", "Huyện ủy X", "UBND quận Y") name a district as well.
_DISTRICT_BODY = re.compile(rf"\b(?:{type_words('district')})\b", re.IGNORECASE)


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
    if (
        mention.type is None
        and province is not None
        and key(mention.name) == key(province.name)
        and not named_later(province, mention.name, as_of)
    ):
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
    reach = max(0, mention.start - _PARAGRAPH_REACH)  # no line end looked for further back than that
    paragraph_start = max(text.rfind("\n", reach, mention.start) + 1, mention.start - _PARAGRAPH_REACH)
    first = bisect.bisect_left(mentions, paragraph_start, key=lambda m: m.start)
    last = bisect.bisect_left(mentions, mention.start, lo=first, key=lambda m: m.start)
    for m in reversed(mentions[first:last]):
        unit = m.unit  # None until resolved
        if unit is not None and unit.level == "province":
            return unit
    return None


def _resolve_mention(mention: Mention, gazetteer: Gazetteer, as_of: dt.date, context: Context) -> Result:
    """The geocoder's answer. A name without its type word is a unit of the level it was found
    as (a parent in brackets: a province or district), else the coarsest unit of that name
    (people write "tại Hữu Lũng" for the district, "thị trấn Hữu Lũng" for its town)."""
    result = resolve(mention.query or _part(mention), gazetteer, as_of, context, suggest=not mention.bare)
    if not mention.bare or not result.candidates:
        return result
    kept = [c for c in result.candidates if c.kept and c.unit.valid_at(as_of)]
    # A unit of the article's province before a coarser one elsewhere: "Xuân Trường" in a story
    # from Đồng Nai is its xã Xuân Trường, not huyện Xuân Trường of Nam Định.
    province = context.province
    written = _part(mention).casefold()
    inside = [
        c
        for c in kept
        if province is not None
        and gazetteer.province_of(c.unit).id == province.id
        and c.unit.name.casefold() == written  # spelt as written: "Văn Quan" is no "Văn Quán"
    ]
    kept = inside or kept
    if mention.rank is not None and mention.type is None:
        at_rank = [
            c
            for c in kept
            if _LEVEL_RANK[c.unit.level] == mention.rank and not named_later(c.unit, mention.name, as_of)
        ]
        if (
            result.status == "resolved"
            and result.unit is not None
            and _LEVEL_RANK[result.unit.level] == mention.rank
            and result.unit in [c.unit for c in kept]
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
    mentions: list[Mention], gazetteer: Gazetteer, as_of: dt.date, site: Unit | None = None
) -> tuple[Unit | None, str]:
    """The province the text's places name most (``site``: the province of the site it was
    published on, one place's vote)."""
    votes: dict[str, float] = {site.id: 1.0} if site is not None else {}
    answers: dict[str, Result] = {}  # a long text names the same places again and again
    for mention in mentions:
        said = mention.query or _part(mention)
        if said not in answers:
            answers[said] = resolve(said, gazetteer, as_of, suggest=False)
        result = answers[said]
        if result.status == "resolved" and result.unit is not None:
            prov = gazetteer.province_of(result.unit)
            # An organisation's place ("Hội ... thành phố Hồ Chí Minh") weighs half a place.
            # A province named bare anywhere may be where help came from: a tie-breaker only.
            weight = 0.25 if mention.loose else 1.0 if mention.role == "place" else 0.5
            votes[prov.id] = votes.get(prov.id, 0) + weight
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
    alone = site is not None and best == site.id and votes[best] == 1.0  # no place voted with the site
    return gazetteer[best], "the site it was published on" if alone else "places named in the text"


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


def resolve_pairs(mentions: list[Mention], gazetteer: Gazetteer) -> list[Unit]:
    """Names left ambiguous that one pairing only fits: "huyện Châu Thành" (ten districts) and "xã
    Mỹ Chánh" (three communes) named in one text are the Mỹ Chánh of the one Châu Thành that holds
    one; both are resolved so. Returns the units so found."""
    found: list[Unit] = []
    groups: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:
        if m.result is not None and m.result.status == "ambiguous":
            groups.setdefault((m.type or "", key(m.name)), []).append(m)
    kept = {
        name: [c.unit for c in ms[0].result.candidates if c.kept]
        for name, ms in groups.items()
        if ms[0].result
    }
    for outer, inner in itertools.permutations(kept, 2):
        pairs = [(d, c) for d in kept[outer] for c in kept[inner] if c.parent_id == d.id]
        if len({d.id for d, _ in pairs}) != 1 or len({c.id for _, c in pairs}) != 1:
            continue
        found.extend(pairs[0])
        for name, unit in zip((outer, inner), pairs[0], strict=True):
            for m in groups[name]:
                if m.result is not None and m.result.status == "ambiguous":
                    m.result = _paired(m.result, unit, gazetteer)
    return found


def _paired(result: Result, unit: Unit, gazetteer: Gazetteer) -> Result:
    return Result(
        result.query, result.as_of, "resolved", 0.8, unit, result.candidates, [*result.flags, "paired"], [],
        f"{gazetteer.path(unit)} (the one that holds, or lies in, another place the text names)",
    )  # fmt: skip
