"""The geocoder's answers: a ranked candidate, and the result of one query with its JSON forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from json.encoder import encode_basestring as _json_text  # a JSON string, non-ASCII kept
from typing import Any

from geo._text import iso_date
from geo.gazetteer import Gazetteer, Unit, unit_json

MAX_CANDIDATES = 12  # ranked candidates reported per answer (every tied one is always among them)

# What ``confidence`` means: the share of answers of the same kind that were right on addresses
# labelled by hand (the strings people wrote in ``benchmarks/data/geocode_real``) and on the
# generated corpus, fitted on the even lines of both and checked on the odd lines
# (``benchmarks/bench_geocode_real.py --fit``; the reliability table is in
# ``benchmarks/results/geocode_real.md``). A kind is the first doubt of ``DOUBTS`` the answer
# carries; without one, ``chain`` when the text named one unit outright, ``ranked`` when other
# units were kept and ranked lower. Each share is smoothed as (right + 1) / (answers + 2), so a
# kind seen rarely stays near one half rather than at 0 or 1.
DOUBTS = (
    "other_vintage",
    "outside_context_province",
    "words_ignored",
    "typo",
    "diacritics_differ",
    "type_differs",
)
CONFIDENCE: dict[str, float] = {  # fitted: answers (right) on the even lines → (right + 1) / (answers + 2)
    "chain": 0.999,  # 5,538 (5,538) → 1.000, kept below 1: no reading is certain
    "ranked": 0.958,  # 22 (22)
    "typo": 0.993,  # 300 (299)
    "type_differs": 0.875,  # 6 (6)
    "other_vintage": 0.857,  # 5 (5)
    "diacritics_differ": 0.833,  # 4 (4)
    "words_ignored": 0.667,  # 1 (1)
    "outside_context_province": 0.5,  # not seen: the prior
}


_DOUBT_RANK = {doubt: rank for rank, doubt in enumerate(DOUBTS)}


def reading_kind(flags: list[str], candidates: list[Candidate]) -> str:
    """The kind of a resolved answer (see ``CONFIDENCE``): its first doubt, else how it was chosen."""
    if len(flags) == 1 and flags[0] in _DOUBT_RANK:  # the common case: one doubt ("typo")
        return flags[0]
    doubts = [flag for flag in flags if flag in _DOUBT_RANK]  # an answer carries few flags
    if doubts:
        return min(doubts, key=_DOUBT_RANK.__getitem__)
    return "ranked" if sum(c.kept for c in candidates) > 1 else "chain"


@dataclass(slots=True)
class Candidate:
    unit: Unit
    score: float
    kept: bool
    reason: str


@dataclass(slots=True)
class Result:
    query: str
    as_of: dt.date
    status: str  # resolved | ambiguous | not_found
    confidence: float
    unit: Unit | None
    candidates: list[Candidate]
    flags: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    message: str = ""
    # A ``not_found`` answer's closest names and its message, made when first read (``not_found``).
    _later: Callable[[], tuple[list[str], str]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def not_found(cls, query: str, as_of: dt.date, later: Callable[[], tuple[list[str], str]]) -> Result:
        """A ``not_found`` answer whose suggestions and message (``later()``) are made when first
        read: a caller that only wants the status, as a batch counting its misses, never pays for
        the search of close names."""
        result = cls(query, as_of, "not_found", 0.0, None, [], [], [], "", later)
        del result.suggestions, result.message  # read through __getattr__, once
        return result

    def __getattr__(self, name: str) -> Any:
        """``suggestions`` and ``message`` of an answer made by ``not_found``, on their first reading."""
        if name not in ("suggestions", "message"):
            raise AttributeError(name)
        later = self._later
        if later is None:
            raise AttributeError(name)
        self.suggestions, self.message = later()
        self._later = None
        return self.suggestions if name == "suggestions" else self.message

    def __getstate__(self) -> tuple[None, dict[str, Any]]:
        """What pickling and copying keep: every field, the suggestions made now, not how to make them."""
        names = ("query", "as_of", "status", "confidence", "unit", "candidates", "flags")
        state = {name: getattr(self, name) for name in (*names, "suggestions", "message")}
        return None, {**state, "_later": None}

    def to_json(self, gazetteer: Gazetteer) -> dict[str, Any]:
        return {
            "query": self.query,
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "confidence": round(self.confidence, 3),
            "unit": unit_json(gazetteer, self.unit) if self.unit else None,
            "candidates": [
                {
                    **unit_json(gazetteer, c.unit),
                    "path": gazetteer.path(c.unit),
                    "score": round(c.score, 3),
                    "kept": c.kept,
                    "reason": c.reason,
                }
                for c in self.candidates[:MAX_CANDIDATES]
            ],
            "flags": self.flags,
            "suggestions": self.suggestions,
            "message": self.message,
        }

    def json_line(self, gazetteer: Gazetteer) -> str:
        """``json.dumps(self.to_json(gazetteer), ensure_ascii=False)``: the same text (see ``json_bytes``)."""
        return self.json_bytes(gazetteer).decode()

    def json_bytes(self, gazetteer: Gazetteer) -> bytes:
        """``json_line`` as UTF-8, made faster for answers written in bulk.

        Units come serialised from the gazetteer (``Gazetteer.json_texts``), and the rest of an
        answer after its query and date is serialised once per process for answers that say the
        same thing: a batch of queries spends its time resolving, not re-encoding the same units.
        """
        head = b'{"query": ' + _json_text(self.query).encode() + _as_of_text(self.as_of)
        if self.status != "resolved" or len(self.candidates) != 1 or self.suggestions:
            # Kept only for answers whose words never quote the query: one entry per unit and way
            # of being sure of it, however many queries a batch holds.
            return head + self._json_rest(gazetteer)
        c = self.candidates[0]
        key = (c.unit.id, c.score, c.kept, c.reason, self.status, self.confidence, self.message, *self.flags)
        cache = gazetteer.answer_cache
        rest = cache.get(key)
        if rest is None:
            rest = cache[key] = self._json_rest(gazetteer)
        return head + rest

    def _json_rest(self, gazetteer: Gazetteer) -> bytes:
        """Everything of the JSON line after the query and the date."""
        texts = gazetteer.json_texts
        candidates = b", ".join(
            texts.candidate(c.unit.id)
            + f', "score": {round(c.score, 3)!r}, "kept": {"true" if c.kept else "false"}, '
            f'"reason": {_json_text(c.reason)}}}'.encode()
            for c in self.candidates[:MAX_CANDIDATES]
        )
        unit = texts.unit(self.unit.id) if self.unit else b"null"
        return (
            f'"status": "{self.status}", "confidence": {round(self.confidence, 3)!r}, "unit": '.encode()
            + unit
            + b', "candidates": ['
            + candidates
            + f'], "flags": [{", ".join(map(_json_text, self.flags))}], '
            f'"suggestions": [{", ".join(map(_json_text, self.suggestions))}], '
            f'"message": {_json_text(self.message)}}}'.encode()
        )


@lru_cache(maxsize=64)
def _as_of_text(day: dt.date) -> bytes:
    """``, "as_of": "2017-06-01", ``: made once per date (a batch asks about few dates)."""
    return f', "as_of": "{iso_date(day)}", '.encode()
