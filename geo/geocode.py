"""Resolve Vietnamese place text to administrative units, using the admin chain, context and date.

``resolve("xã Xuân Mai, huyện Văn Quan", gazetteer, as_of=2017-06-01)`` reads the chain written in
the text (type words and parents in any order, with commas, parentheses or none, diacritics
optional), finds every unit whose name matches a part, keeps those whose ancestors explain the
other parts, and ranks them by: valid on ``as_of`` (other vintages only as an explicit fallback),
type word, context (province, district, units already resolved in the document) and diacritics.
It never picks across provinces silently and says why it kept or dropped each candidate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from geo import _addresses
from geo._answers import CONFIDENCE, Candidate, Result, reading_kind
from geo._chain import Part, parse_chain, read_parts
from geo._text import fold, iso_date, key, tone_key
from geo.gazetteer import PROVINCE_RENAMED, Gazetteer, Unit, final_i_key, named_later, same_name

__all__ = ["MAX_TEXT", "Context", "Part", "Result", "parse_chain", "resolve"]

MAX_TEXT = 500  # characters: a longer text is not one place (an article, a list) and is not read


@dataclass
class Context:
    """What the surrounding document tells: its province, a district, units already resolved."""

    province: Unit | None = None
    district: Unit | None = None
    units: list[Unit] = field(default_factory=list)


_NO_CONTEXT = Context()  # read only: resolve never changes a context


# ----------------------------------------------------------------------------------------- resolve


def _type_ok(part: Part, unit: Unit) -> bool:
    if part.type is None:
        return True
    if part.type == "thành phố":
        return unit.type == "thành phố"
    return unit.type == part.type


def _explains(part: Part, unit: Unit) -> bool:
    if unit.level not in part.levels:
        return False
    if same_name(part.name, unit.name) and _type_ok(part, unit):
        return True
    # An older name or type of the unit ("tỉnh Thừa Thiên Huế", "huyện Quế Võ").
    for alias in unit.aliases:
        alias_type, alias_name = alias.split("|", 1)
        if same_name(part.name, alias_name) and (part.type is None or part.type == alias_type):
            return True
    return False


def _years_apart(unit: Unit, day: dt.date) -> float:
    iso = day.isoformat()
    if unit.valid_to is not None and unit.valid_to < iso:
        return (day - dt.date.fromisoformat(unit.valid_to)).days / 365.25
    if unit.valid_from is not None and iso < unit.valid_from:
        return (dt.date.fromisoformat(unit.valid_from) - day).days / 365.25
    return 0.0


def resolve(
    text: str,
    gazetteer: Gazetteer,
    as_of: dt.date,
    context: Context | None = None,
    *,
    suggest: bool = True,
) -> Result:
    """Resolve one place text (see the module docstring). Pure: no I/O.

    ``suggest=False`` skips the search for close names of a text that names nothing known.
    """
    context = context or _NO_CONTEXT
    if len(text) > MAX_TEXT:
        message = (
            f"No unit found for a text of {len(text):,} characters on {as_of.isoformat()}: a place is "
            f"written in fewer than {MAX_TEXT}; give one place per line."
        )
        return Result(text, as_of, "not_found", 0.0, None, [], [], [], message)
    if not context.units and context.district is None:
        found = _addresses.find(text, gazetteer, as_of, context.province)
        if found is not None:
            return _fast_answer(text, as_of, found, gazetteer, suggest=suggest)
    parts = read_parts(text, gazetteer)
    set_aside = [p for p in parts if p.ignored]
    parts = [p for p in parts if not p.ignored]
    matched = [p for p in parts if p.matched]
    unknown = [p for p in parts if not p.matched]
    if not parts:
        below = [p.name for p in set_aside if p.ignored == "below_commune"]
        unread = [p for p in set_aside if p.ignored == "unread"]  # the closest names to these are suggested
        if unread:
            why = f"no unit named {'; '.join(p.name for p in unread)}"
        elif below:
            why = f"only a place below the commune ({'; '.join(below)})"
        else:
            why = "no place name in the text"
        return _not_found(text, as_of, gazetteer, unread, context, why, suggest=suggest)
    if unknown:
        return _not_found(
            text, as_of, gazetteer, parts, context, f"no unit named {unknown[0]}", suggest=suggest
        )

    candidates: list[Candidate] = []
    seen: set[str] = set()
    for target in matched:
        named = gazetteer.by_key.get(key(target.name), [])
        if not any(u.valid_at(as_of) for u in named if u.level in target.levels):
            # "Mỹ Quí" in 2020 is the Mỹ Quý of that date (the 2025 unit is spelt Quí)
            named = [*named, *(u for u in gazetteer.spelled_alike(target.name) if u.valid_at(as_of))]
        for unit in named:
            if unit.id in seen or unit.level not in target.levels:
                continue
            seen.add(unit.id)
            candidates.append(_score(unit, target, parts, gazetteer, as_of, context, text))
    if not candidates:
        return _not_found(
            text,
            as_of,
            gazetteer,
            parts,
            context,
            f"no unit of that type named {matched[0]}",
            suggest=suggest,
        )
    candidates.sort(key=lambda c: (-c.kept, -c.score, c.unit.id))
    kept = [c for c in candidates if c.kept]
    if not kept:
        listed = _listed_places(matched, gazetteer, as_of)
        if listed:  # "các xã Xuân Mai, Tràng Các": each part is the other's sibling, not its parent
            paths = [gazetteer.path(u) for u in listed]
            message = f"{text!r} names several places: {'; '.join(paths)}. Give one place at a time."
            return Result(text, as_of, "not_found", 0.0, None, candidates, ["several_places"], paths, message)
        why = candidates[0].reason
        return _not_found(text, as_of, gazetteer, parts, context, why, candidates, suggest=suggest)
    return _decide(text, as_of, kept, candidates, gazetteer, context, set_aside)


def _fast_answer(
    text: str, as_of: dt.date, found: _addresses.Found, gazetteer: Gazetteer, *, suggest: bool
) -> Result:
    """The answer of the fast path (``geo._addresses``), worded and flagged as the full resolver's."""
    units = found.units
    if not units:
        return _fast_not_found(text, as_of, found, gazetteer, suggest=suggest)
    if (
        len(units) == 1
        and found.valid
        and not found.loose
        and not found.aside
        and not found.unknown
        and True not in map(_addresses.TYPO_OF, found.parts)
    ):  # the common case: one unit, named outright
        unit = units[0]
        candidates = [Candidate(unit, 10.0, True, _OUTRIGHT)]
        if text.isascii() or _addresses.same_diacritics(unit, found.parts, gazetteer):
            return Result(text, as_of, "resolved", _CHAIN, unit, candidates, [], [], gazetteer.path(unit))
    return _fast_flagged(text, as_of, found, gazetteer)


_OUTRIGHT = "the only unit with this name and these parents on that date"
_CHAIN = CONFIDENCE["chain"]


def _fast_not_found(
    text: str, as_of: dt.date, found: _addresses.Found, gazetteer: Gazetteer, *, suggest: bool
) -> Result:
    """A typed name that no unit bears, with the closest names when asked for (made when the
    answer's suggestions or message are first read)."""
    unit_type, name = next((u for u in found.unknown if u[0] is not None), found.unknown[0])
    written = f"{unit_type} {name}" if unit_type else name

    def worded() -> tuple[list[str], str]:
        close = _addresses.suggestions(name, found.parts, gazetteer, as_of) if suggest else []
        paths = [gazetteer.path(u) for u in close]
        hint = f" Did you mean: {'; '.join(paths)}?" if paths else ""
        return paths, f"No unit found for {text!r} on {iso_date(as_of)}: no unit named {written}.{hint}"

    if not suggest:
        paths, message = worded()
        return Result(text, as_of, "not_found", 0.0, None, [], [], paths, message)
    return Result.not_found(text, as_of, worded)


def _fast_flagged(text: str, as_of: dt.date, found: _addresses.Found, gazetteer: Gazetteer) -> Result:
    """The fast path's answer when it carries a doubt or names several units."""
    flags: list[str] = []
    notes: list[str] = []
    reason = _OUTRIGHT
    if not found.valid:
        flags.append("other_vintage")
    if found.loose:
        flags.append("type_differs")
        notes.append(" (a parent written with another type word)")
    if found.aside:
        flags.append("below_commune")
        notes.append(f" (holds {'; '.join(found.aside)}, below the commune level)")
    typos = [p for p in found.parts if p.typo]
    if typos:
        flags.append("typo")
        unit = found.units[0]
        if len(typos) == 1:  # the common case: one name written with a typo
            read_as = f"{typos[0].name} as {_typo_reading(typos[0], unit, gazetteer)}"
        else:
            read_as = "; ".join(f"{p.name} as {_typo_reading(p, unit, gazetteer)}" for p in typos)
        notes.append(f" (read {read_as})")
    if found.unknown:
        flags.append("words_ignored")
        notes.append(f" (not understood, left out: {'; '.join(n for _, n in found.unknown)})")
    if len(found.units) > 1:
        tied = "; ".join(gazetteer.path(u) for u in found.units)
        message = (
            f"{text!r} matches {len(found.units)} units equally well: {tied}. "
            "Add the district or province to choose."
        )
        candidates = [Candidate(u, 10.0, True, "name, type and parents match — tied") for u in found.units]
        return Result(text, as_of, "ambiguous", 0.5 / len(found.units), None, candidates, flags, [], message)
    unit = found.units[0]
    message = gazetteer.path(unit)
    if not found.valid:
        day = iso_date(as_of)
        message += f" (not valid on {day}: valid {unit.period()})"
        reason = f"not valid on {day} (valid {unit.period()}); {reason}"
    if not text.isascii() and not _addresses.same_diacritics(unit, found.parts, gazetteer):
        flags.append("diacritics_differ")
        notes.append(" (written with other diacritics)")
    if notes:
        message += "".join(notes)
    candidates = [Candidate(unit, 10.0, True, reason)]
    confidence = CONFIDENCE[reading_kind(flags, candidates) if flags else "chain"]  # one candidate kept
    return Result(text, as_of, "resolved", confidence, unit, candidates, flags, [], message)


def _typo_reading(part: _addresses.Part, unit: Unit, gazetteer: Gazetteer) -> str:
    """The name a part written with a typo was read as: the unit's or a parent's."""
    known = gazetteer.name_keys  # every unit's name with its key
    if known[unit.name][0] in part.keys:  # the common case: the unit's own name
        return unit.name
    for u in gazetteer.parents(unit):
        if known[u.name][0] in part.keys:
            return u.name
    return part.name


def _part_fit(
    part: Part, is_target: bool, unit: Unit, chain: list[Unit], gazetteer: Gazetteer
) -> tuple[float, str] | None:
    """How one written part fits a candidate: (score, note), or None when it names neither the
    unit nor one of its ancestors."""
    if any(_explains(part, u) for u in chain):
        return 1.0, ""
    if is_target and key(part.name) == key(unit.name) and not _type_ok(part, unit):
        # as strong as a province mismatch: the text says another kind of unit
        return -4.0, f"is a {unit.type}, not a {part.type}"
    if is_target and final_i_key(part.name) == final_i_key(unit.name) and _type_ok(part, unit):
        return 0.5, f"{part.name} written for {unit.name}"  # "Mỹ Quí" for Mỹ Quý: the other final i/y
    if _former_parent(part, unit, gazetteer):
        return 0.5, f"{part} was abolished; it was in it"
    parent = _same_name_other_type(part, chain[1:])
    if parent is not None:  # "xã A, huyện B" where B is a thị xã or a quận now
        return 0.5, f"{part.name} is a {parent.type}, not a {part.type}"
    return None


def _score(
    unit: Unit,
    target: Part,
    parts: list[Part],
    gazetteer: Gazetteer,
    as_of: dt.date,
    context: Context,
    text: str,
) -> Candidate:
    chain = [unit, *gazetteer.parents(unit)]
    notes: list[str] = []
    score = 0.0
    # Every part must be the unit itself or one of its ancestors.
    for part in parts:
        fit = _part_fit(part, part is target, unit, chain, gazetteer)
        if fit is None:
            return Candidate(unit, score - 10, False, f"not in {part}")
        score += fit[0]
        if fit[1]:
            notes.append(fit[1])
    if not unit.valid_at(as_of):
        years = _years_apart(unit, as_of)
        score -= 2.0 + min(years, 20) * 0.1
        notes.append(f"not valid on {as_of.isoformat()} (valid {unit.period()})")
    if named_later(unit, target.name, as_of):
        score -= 1.5  # less than a unit not valid on the day: in 2021 "Huế" is still the province
        notes.append(f"named {unit.name} only from {PROVINCE_RENAMED.isoformat()}")
    if context.province is not None:
        if gazetteer.province_of(unit).id == context.province.id or unit.province == context.province.name:
            score += 1.0
        else:
            score -= 4.0
            notes.append(f"outside the document's province ({context.province.name})")
    if context.district is not None and (
        unit.parent_id == context.district.id or unit.id == context.district.id
    ):
        score += 0.5
    for other in context.units:
        if other.id == unit.id:
            score += 1.0
        elif other.level == "district" and unit.parent_id == other.id:
            score += 0.5
    if len(parts) == 1 and unit.level == "province":
        score += 0.6  # a bare "Lạng Sơn" names the province before the city
    # Typed with diacritics, but not those of the unit's name (nor of an older name it matched by).
    names = [unit.name, *(alias.split("|", 1)[1] for alias in unit.aliases)]
    written = [(p.name, n) for p in parts for n in names if key(p.name) == key(n)]
    if fold(text) != text.lower() and written and all(tone_key(a) != tone_key(b) for a, b in written):
        score -= 1.5
        notes.append("diacritics differ")
    reason = "; ".join(notes) if notes else "name, type and parents match"
    return Candidate(unit, score, True, reason)


def _listed_places(matched: list[Part], gazetteer: Gazetteer, as_of: dt.date) -> list[Unit]:
    """The units of a list of places: units valid on the date, named by different parts, that
    share a parent (and a level), one per part; [] when the parts do not read as such a list."""
    named = [
        [u for u in gazetteer.by_key.get(key(p.name), ()) if u.level in p.levels and u.valid_at(as_of)]
        for p in matched
    ]
    by_parent: dict[tuple[str | None, str], dict[int, Unit]] = {}
    for i, units in enumerate(named):
        for unit in units:
            by_parent.setdefault((unit.parent_id, unit.level), {}).setdefault(i, unit)
    groups = []
    for (parent_id, _), group in by_parent.items():
        # A part that can name the parent itself is the parent ("…, Tràng Các (Văn Quan)").
        members = {i: u for i, u in group.items() if all(v.id != parent_id for v in named[i])}
        if len({u.id for u in members.values()}) >= 2:
            groups.append(members)
    if len(groups) != 1:
        return []  # none, or several families that would do: not sure enough to say
    return [unit for _, unit in sorted(groups[0].items())]


def _same_name_other_type(part: Part, parents: list[Unit]) -> Unit | None:
    """The parent of the part's name and level that bears another type word of that level."""
    if part.type is None:
        return None
    for parent in parents:
        if parent.level in part.levels and same_name(part.name, parent.name):
            return parent
    return None


def _former_parent(part: Part, unit: Unit, gazetteer: Gazetteer) -> bool:
    """For a 2025 unit: does an abolished district of that name contain one of its predecessors?"""
    if unit.vintage != "2025" or "district" not in part.levels:
        return False
    for before_id in gazetteer.predecessors.get(unit.id, ()):
        before = gazetteer.units[before_id]
        if before.district and key(before.district) == key(part.name):
            return True
    return False


def _decide(
    text: str,
    as_of: dt.date,
    kept: list[Candidate],
    candidates: list[Candidate],
    gazetteer: Gazetteer,
    context: Context,
    set_aside: list[Part],
) -> Result:
    best = kept[0]
    rivals = [c for c in kept[1:] if best.score - c.score < 0.5]
    flags = []
    below = [p.name for p in set_aside if p.ignored == "below_commune"]
    unread = [p.name for p in set_aside if p.ignored == "unread"]
    if below:
        flags.append("below_commune")  # "thôn Nà Nọi, xã Sơn Thủy": the unit holds the place named
    if unread:
        flags.append("words_ignored")  # words that fit no reading: the answer may miss what they meant
    if not best.unit.valid_at(as_of):
        flags.append("other_vintage")
    if "not a" in best.reason:
        flags.append("type_differs")
    if "diacritics differ" in best.reason:
        flags.append("diacritics_differ")  # "xã Tứ" for Xã Tư: perhaps a typo, perhaps another place
    if (
        context.province is not None
        and gazetteer.province_of(best.unit).id != context.province.id
        and best.unit.province != context.province.name
    ):
        flags.append("outside_context_province")
    if rivals:
        names = "; ".join(gazetteer.path(c.unit) for c in [best, *rivals])
        for c in [best, *rivals]:
            c.reason += " — tied"
        message = f"{text!r} matches {len(rivals) + 1} units equally well: {names}. Add the district or province to choose."
        return Result(text, as_of, "ambiguous", 0.5 / (len(rivals) + 1), None, candidates, flags, [], message)
    confidence = CONFIDENCE[reading_kind(flags, kept)]
    for c in kept[1:]:
        c.reason = f"ranked lower: {c.reason}"
    message = gazetteer.path(best.unit)
    if "other_vintage" in flags:
        message += f" (not valid on {as_of.isoformat()}: valid {best.unit.period()})"
    if "outside_context_province" in flags and context.province is not None:
        message += f" (outside {context.province.type} {context.province.name})"
    if "diacritics_differ" in flags:
        message += " (written with other diacritics)"
    if below:
        message += f" (holds {'; '.join(below)}, below the commune level)"
    if unread:
        message += f" (not understood, left out: {'; '.join(unread)})"
    return Result(text, as_of, "resolved", confidence, best.unit, candidates, flags, [], message)


def _not_found(
    text: str,
    as_of: dt.date,
    gazetteer: Gazetteer,
    parts: list[Part],
    context: Context,
    why: str,
    candidates: list[Candidate] | None = None,
    *,
    suggest: bool = True,
) -> Result:
    """A ``not_found`` answer with the closest names, inside the named parent first."""
    if not suggest:
        message = f"No unit found for {text!r} on {as_of.isoformat()}: {why}."
        return Result(text, as_of, "not_found", 0.0, None, candidates or [], [], [], message)
    target = next((p for p in parts if not p.matched), parts[0] if parts else None)
    province = context.province  # as it is now: the caller may go on filling its context

    def worded() -> tuple[list[str], str]:
        suggestions: list[str] = []
        if target is not None:
            # Close names inside the parents written (or the document's province), from the
            # name-key index: never a scan of every name in the country.
            parents = [
                _addresses.Part(p.type, (key(p.name),), p.name)
                for p in parts
                if p.matched and p is not target
            ]
            if not parents and province is not None:
                parents = [_addresses.Part("tỉnh", (key(province.name),), province.name)]
            close = _addresses.suggestions(target.name, tuple(parents), gazetteer, as_of)
            suggestions = list(dict.fromkeys(gazetteer.path(u) for u in close))
        hint = f" Did you mean: {'; '.join(suggestions)}?" if suggestions else ""
        return suggestions, f"No unit found for {text!r} on {as_of.isoformat()}: {why}.{hint}"

    result = Result.not_found(text, as_of, worded)  # the closest names: made when first read
    result.candidates = candidates or []
    return result
