"""Place suggestions as a planner types: the geocoder's answers for the text and for the units it begins.

The geocoder reads whole place texts ("xuan mai, van quan"); a planner half-way through a word
("xuan m") gets, besides the geocoder's answer for what is typed, its answers for the units valid
on the date whose name starts that way (diacritics and type words optional; the parts after a
comma narrow by district and province).
"""

from __future__ import annotations

import bisect
import datetime as dt
from functools import cached_property
from typing import Any

from geo._text import fold, split_type
from geo.gazetteer import Gazetteer, Unit
from geo.geocode import MAX_TEXT, resolve

MAX_SUGGESTIONS = 8
_LEVEL_ORDER = {"commune": 0, "district": 1, "province": 2}


class Suggester:
    """Answers for a typed place text on a date, over one gazetteer (its name index is made once)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    @cached_property
    def _names(self) -> tuple[list[str], list[Unit]]:
        pairs = sorted(((fold(u.name), u) for u in self.gazetteer.units.values()), key=lambda p: p[0])
        return [name for name, _ in pairs], [unit for _, unit in pairs]

    def answers(self, text: str, day: dt.date, *, limit: int = MAX_SUGGESTIONS) -> list[dict[str, Any]]:
        """The geocoder's answer for ``text``, then its answers for the units the text begins."""
        text = " ".join(text.split())[:MAX_TEXT]
        if not text:
            return []
        first = resolve(text, self.gazetteer, day)
        out = [first.to_json(self.gazetteer)]
        seen = {c.unit.id for c in first.candidates if c.kept}
        for unit in self.completions(text, day, limit=limit):
            if unit.id in seen:
                continue
            seen.add(unit.id)
            out.append(resolve(self.gazetteer.path(unit), self.gazetteer, day).to_json(self.gazetteer))
        return out

    def completions(self, text: str, day: dt.date, *, limit: int = MAX_SUGGESTIONS) -> list[Unit]:
        """Units valid on ``day`` whose name begins with the text's first part, narrowed by the others."""
        head, *rest = [part.strip() for part in text.split(",")]
        typed, name = split_type(head)
        prefix = fold(name)
        if len(prefix) < 2:
            return []
        names, units = self._names
        iso = day.isoformat()
        narrowing = [fold(split_type(part)[1]) for part in rest if part]
        found: list[Unit] = []
        for i in range(bisect.bisect_left(names, prefix), len(names)):
            if not names[i].startswith(prefix):
                break
            unit = units[i]
            if unit.valid_on(iso) and self._within(unit, narrowing):
                found.append(unit)
        found.sort(
            key=lambda u: (
                typed is not None and u.type != typed,
                fold(u.name) != prefix,
                _LEVEL_ORDER.get(u.level, 3),
                fold(u.name),
            )
        )
        return found[:limit]

    def _within(self, unit: Unit, narrowing: list[str]) -> bool:
        """Whether every later part begins the name of one of the unit's parents."""
        if not narrowing:
            return True
        parents = [fold(p.name) for p in self.gazetteer.parents(unit)]
        return all(any(name.startswith(part) for name in parents) for part in narrowing)


def options(answers: list[dict[str, Any]], day: dt.date) -> list[dict[str, Any]]:
    """The units a planner can pick from the answers: kept candidates valid on the day, each once."""
    iso = day.isoformat()
    picked: dict[str, dict[str, Any]] = {}
    for answer in answers:
        for candidate in answer["candidates"]:
            valid = (candidate["valid_from"] or "") <= iso <= (candidate["valid_to"] or "9999")
            if candidate["kept"] and valid and candidate["id"] not in picked:
                picked[candidate["id"]] = candidate
    return list(picked.values())
