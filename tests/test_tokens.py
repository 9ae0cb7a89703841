"""The one tokeniser (geo/_tokens.py): kinds, offsets, and the views the reader takes of it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo._tokens import (
    ADDRESS_WORD,
    CHAIN_SEPARATORS,
    Tok,
    address_words,
    chain_tokens,
    place_tokens,
    tokenize,
)

CASES = [
    ("xã Mai Pha", [("word", "xã"), ("word", "Mai"), ("word", "Pha")]),
    ("1.445 ngày công", [("num", "1.445"), ("word", "ngày"), ("word", "công")]),
    ("2,5 km", [("num", "2,5"), ("word", "km")]),
    ("TP.HCM", [("abbr", "TP."), ("word", "HCM")]),
    ("H.Cần Giờ", [("abbr", "H."), ("word", "Cần"), ("word", "Giờ")]),
    ("h. gạo", [("word", "h"), ("punct", "."), ("word", "gạo")]),
    ("Đắk R'Lấp", [("word", "Đắk"), ("word", "R'Lấp")]),
    ("Ea-Kar", [("word", "Ea-Kar")]),
    ("xãSen Thủy", [("word", "xã"), ("word", "Sen"), ("word", "Thủy")]),
    ("UBND (huyện)", [("word", "UBND"), ("punct", "("), ("word", "huyện"), ("punct", ")")]),
    ("Q.3,", [("abbr", "Q."), ("num", "3"), ("punct", ",")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_kinds_and_texts(text, expected):
    toks = [t for t in tokenize(text) if t.kind != "space"]
    assert [(t.kind, t.text) for t in toks] == expected
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_every_character_is_in_one_token_and_spaces_tell_line_breaks():
    text = "Sáng 5/8,\n đoàn  trao 20 suất quà."
    toks = tokenize(text)
    assert "".join(t.text for t in toks) == text
    spaces = [(t.text, t.soft) for t in toks if t.kind == "space"]
    assert ("\n ", False) in spaces and ("  ", True) in spaces


def test_a_window_keeps_the_texts_offsets():
    text = "Mở đầu. Đoàn trao 20 suất quà."
    start = text.index("Đoàn")
    toks = tokenize(text, start, len(text))
    assert toks[0].start == start and toks[0].text == "Đoàn"


PLACE_VIEW = [
    ("Biên phòng Lạng Sơn-Chủ nhật", ["Biên", "phòng", "Lạng", "Sơn", "-", "Chủ", "nhật"]),
    ("cách trung tâm xã 8km", ["cách", "trung", "tâm", "xã", "8km"]),
    ("Quốc lộ QL4B", ["Quốc", "lộ", "QL4B"]),
    ("Phường 1, Quận 10.", ["Phường", "1", ",", "Quận", "10", "."]),
]


@pytest.mark.parametrize(("text", "expected"), PLACE_VIEW)
def test_the_place_readers_view(text, expected):
    assert [t.text for t in place_tokens(text)] == expected


# The reader and the geocoder cut a text into the same words: the geocoder's plain strings
# (``address_words``, and ``chain_tokens`` without separators) are the words of the reader's place
# view, an abbreviation's dot kept in any case before the next word (addresses are typed in any case).
SAME_WORDS = [
    ("P1, Q.3, TP.HCM", ["P1", "Q.", "3", "TP.", "HCM"]),
    ("X.Tân Thành H.Hữu Lũng", ["X.", "Tân", "Thành", "H.", "Hữu", "Lũng"]),
    ("x.tan thanh h.huu lung", ["x.", "tan", "thanh", "h.", "huu", "lung"]),
    ("t.p. Lạng Sơn", ["t.", "p.", "Lạng", "Sơn"]),
    ("huyện Đắk R'Lấp", ["huyện", "Đắk", "R'Lấp"]),
    ("Ia H’Drai", ["Ia", "H’Drai"]),
    ("xã Ea-Kar", ["xã", "Ea", "Kar"]),
    ("xãSen Thủy, YênBái", ["xã", "Sen", "Thủy", "Yên", "Bái"]),
    ("Phan Rang - Tháp Chàm", ["Phan", "Rang", "Tháp", "Chàm"]),
    ("số 12A Lê Lợi, cách 8km", ["số", "12A", "Lê", "Lợi", "cách", "8km"]),
    ("Phường 10. Quận 5", ["Phường", "10", "Quận", "5"]),
    ("xã Tân Lập.", ["xã", "Tân", "Lập"]),
    ("1.445 người, 2,5 km", ["1.445", "người", "2,5", "km"]),
    ("Xa\u0300 Xua\u0302n Mai", ["Xa\u0300", "Xua\u0302n", "Mai"]),  # combining accents
    ("tổ_dân_phố 3", ["tổ", "dân", "phố", "3"]),
    ("Việt Nam 700000", ["Việt", "Nam", "700000"]),
]
_LETTER = re.compile(r"[^\W_0-9]|[\u0300-\u036f]")  # a letter or an accent, as the reader's
_WORD_NEXT = re.compile(rf"\s*(?:{_LETTER.pattern}|[0-9])")


def _words_the_reader_sees(text: str) -> list[str]:
    """The words of the reader's place view (``place_tokens``), a word's dot kept before the next word."""
    toks = place_tokens(text)
    words: list[str] = []
    for i, t in enumerate(toks):
        if t.kind in ("word", "num", "abbr"):
            words.append(t.text)
        elif t.text == "." and i and _dot_of_abbreviation(text, toks[i - 1], t):
            words[-1] += "."
    return words


def _dot_of_abbreviation(text: str, before: Tok, dot: Tok) -> bool:
    """A dot right after a word that ends in a letter, with a word or a number next."""
    touching = before.end == dot.start and before.kind == "word"
    return touching and bool(_LETTER.match(before.text[-1]) and _WORD_NEXT.match(text, dot.end))


@pytest.mark.parametrize(("text", "expected"), SAME_WORDS)
def test_the_reader_and_the_geocoder_cut_the_same_words(text, expected):
    assert _words_the_reader_sees(text) == expected
    assert address_words(text) == expected
    assert [t for t in chain_tokens(text) if t not in CHAIN_SEPARATORS] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phan Rang - Tháp Chàm, Ninh Thuận", ["Phan", "Rang", "-", "Tháp", "Chàm", ",", "Ninh", "Thuận"]),
        ("Phan Rang-Tháp Chàm (cũ)", ["Phan", "Rang", "Tháp", "Chàm", "(", "cũ", ")"]),
        ("xã A; huyện B / tỉnh C", ["xã", "A", ";", "huyện", "B", "/", "tỉnh", "C"]),
    ],
)
def test_the_chain_keeps_the_separators_of_an_address(text, expected):
    assert chain_tokens(text) == expected


_PIECES = st.sampled_from(
    [*"aAbBxXhHpPqQtTđĐâẤ'’-.,;() 0123456789²٣_\n\u00a0", "\u0300", "TP.", "Tp.", "tx.", "H.", "Q.", " - "]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_the_geocoders_scan_is_the_readers_view_on_any_text(text):
    """Any text: one scan of strings, the split of plain texts and the reader's tokens agree."""
    words = _words_the_reader_sees(text)
    assert ADDRESS_WORD.findall(text) == words
    assert address_words(text) == words
