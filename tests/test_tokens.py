"""The one tokeniser (geo/_tokens.py): kinds, offsets, and the views the reader takes of it."""

from __future__ import annotations

import pytest

from geo._mention import _tokens
from geo._tokens import tokenize

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
    assert [t.text for t in _tokens(text)] == expected
