"""The text index (geo/_marks.py) gives each window the answer the window's own scan gives."""

from __future__ import annotations

import random
import re

import pytest

from geo._marks import any_syllable, cuts_between, last_chunk_match, last_mark, literals

_CLAUSE = re.compile(r"[;:!?\n]|\.(?!\d)")
_CUT = re.compile(r"[,;:]")
_VERB = re.compile(r"(?:^|\s)(?:hỗ\s+trợ|trao|tặng)\b")
_PIECES = [
    "xã",
    "Năm",
    "năm",
    "1.200",
    "3.",
    ".5",
    ";",
    ":",
    ",",
    " ",
    "\n",
    "hỗ trợ",
    "trao",
    "NĂM",
    "İ",
    "mỗi",
    "a.",
]


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def _windows(text: str) -> list[tuple[int, int]]:
    return [(lo, hi) for lo in range(0, len(text) + 1, 3) for hi in range(lo, len(text) + 1, 2)]


@pytest.mark.parametrize("text", _texts(60, 1))
def test_last_mark_is_the_windows_own_last_match(text: str) -> None:
    for lo, hi in _windows(text):
        found = list(_CLAUSE.finditer(text[lo:hi]))
        assert last_mark(text, lo, hi, _CLAUSE) == (lo + found[-1].start() if found else -1)


@pytest.mark.parametrize("text", _texts(60, 2))
def test_any_syllable_is_a_search_of_the_windows_lower_case(text: str) -> None:
    syllables = ("năm", "mỗi", "i̇")
    for lo, hi in _windows(text):
        low = text[lo:hi].lower()
        assert any_syllable(text, lo, hi, syllables) == any(s in low for s in syllables)


@pytest.mark.parametrize("text", _texts(60, 3))
def test_chunks_with_a_match_are_the_chunks_searched_one_by_one(text: str) -> None:
    for lo, hi in _windows(text):
        base, cuts = cuts_between(text, lo, hi, _CUT)
        assert cuts == [m.start() for m in _CUT.finditer(text, lo, hi)]
        for last in range(1, len(cuts)):
            expected = next(
                ((j, m) for j in range(last, 0, -1) if (m := _VERB.search(text, cuts[j - 1] + 1, cuts[j]))),
                None,
            )
            found = last_chunk_match(text, _CUT, _VERB, base + 1, base + last)
            got = (found[0] - base, found[1].span()) if found else None
            assert got == ((expected[0], expected[1].span()) if expected else None)


@pytest.mark.parametrize(
    ("pattern", "phrases"),
    [
        (r"toàn tỉnh|cả tỉnh", ("toàn tỉnh", "cả tỉnh")),
        (r"các huyện, thành phố", ("các huyện, thành phố",)),
        (r"lớp", ("lớp",)),
    ],
)
def test_literals_of_a_plain_alternation(pattern: str, phrases: tuple[str, ...]) -> None:
    assert literals(re.compile(pattern)) == phrases


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [(r"toàn\s+tỉnh", 0), (r"(?:a|b)c", 0), (r"toàn tỉnh", re.IGNORECASE), (r"a||b", 0), (r"\bxã\b", 0)],
)
def test_no_literals_for_a_pattern_that_is_more(pattern: str, flags: int) -> None:
    assert literals(re.compile(pattern, flags)) is None
