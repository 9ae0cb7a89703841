"""Forms of address that real writers use and the geocoder once missed, table-driven (real gazetteer)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo._text import split_type_words
from geo.geocode import resolve

D2017 = dt.date(2017, 6, 1)
XUAN_MAI = "Xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn"
MAI_PHA = "Xã Mai Pha, thành phố Lạng Sơn, tỉnh Lạng Sơn"

READ = [
    # A word saying what kind of district it is, between the type word and the name.
    ("xã Xuân Mai, huyện miền núi Văn Quan", XUAN_MAI, []),
    ("huyện biên giới Văn Lãng, tỉnh Lạng Sơn", "Huyện Văn Lãng, tỉnh Lạng Sơn", []),
    # A mountain pass, a kilometre mark, a sub-zone: places below the commune, set aside.
    ("đèo Tam Canh, xã Xuân Mai, huyện Văn Quan", XUAN_MAI, ["below_commune"]),
    ("km 12, xã Mai Pha, thành phố Lạng Sơn", MAI_PHA, ["below_commune"]),
    (
        "tiểu khu 3, thị trấn Văn Quan, huyện Văn Quan",
        "Thị trấn Văn Quan, huyện Văn Quan, tỉnh Lạng Sơn",
        ["below_commune"],
    ),
    # A street whose own words hold a type word or a unit's name, in front of one commune.
    ("số 8 đường Tỉnh lộ 1B, xã Mai Pha, thành phố Lạng Sơn", MAI_PHA, ["below_commune"]),
    ("đường Tân Thành, xã Xuân Mai", XUAN_MAI, ["below_commune"]),
    # A parent written with another type word of its level (the city was a thị xã until 2002).
    ("xã Mai Pha, thị xã Lạng Sơn", MAI_PHA, ["type_differs"]),
    # One typed name with a typo, the only unit within one edit.
    ("xã Trùnh Quán", "Xã Trùng Quán, huyện Văn Lãng, tỉnh Lạng Sơn", ["typo"]),
    # A typo that is another commune's name elsewhere, read under the parents written.
    ("xã Mai Phụ, thành phố Lạng Sơn", MAI_PHA, ["typo"]),
    # A typo in the commune's name and two in its district's, read under the province written.
    ("xã Xuân Maii, huyện Vn Quan, tỉnh Lạng Sơn", XUAN_MAI, ["typo"]),
    # A bare name that is a district and the town inside it: the district.
    ("Văn Quan, Lạng Sơn", "Huyện Văn Quan, tỉnh Lạng Sơn", []),
]


@pytest.mark.parametrize(("query", "path", "flags"), READ)
def test_reads_the_form(gazetteer, query, path, flags):
    result = resolve(query, gazetteer, D2017)
    assert result.status == "resolved", result.message
    assert gazetteer.path(result.unit) == path
    assert [f for f in result.flags if f in ("below_commune", "type_differs", "typo")] == flags


NOT_READ = [
    # A descriptor is read past only when a known name follows.
    ("huyện miền núi Qqzz", "no unit named"),
    # A typo is not read under parents that hold no unit within one edit.
    ("xã Mai Phụ, huyện Tràng Định", "No unit found"),
]


@pytest.mark.parametrize(("query", "message"), NOT_READ)
def test_does_not_read_too_much(gazetteer, query, message):
    result = resolve(query, gazetteer, D2017)
    assert result.status == "not_found"
    assert message in result.message


def test_a_name_spelt_as_its_unit_spells_it_reads_as_it_would_word_by_word(gazetteer):
    # Such a segment is read by one look-up (Gazetteer.known_segments): the reading it gives must be
    # the one the segment's words give when no table is asked, for every name and type word.
    from geo import _addresses

    plain = object.__new__(type(gazetteer))
    plain.__dict__.update(
        {k: v for k, v in gazetteer.__dict__.items() if k != "written_parts"}, known_segments={}
    )
    table = gazetteer.known_segments
    assert len(table) > len(gazetteer.name_keys)  # bare and typed
    checked = 0
    for (unit_type, name), segment in table.items():
        written = f"{unit_type} {name}" if unit_type else name
        if split_type_words(written.split(), written) != (unit_type, name):
            continue  # "Phường Đúc", a commune's whole name, reads as a type word and "Đúc"
        assert _addresses._read_segment(plain, written) == segment, written
        checked += 1
    assert checked > 0.99 * len(table)


@pytest.mark.parametrize(
    "text",
    [
        "Xã Xuân Mai Huyện Văn Quan",
        "xa xuan mai  huyen van quan",
        "X.Xuân Mai, H.Văn Quan",
        "TP. Lạng Sơn (Lạng Sơn)",
        "Phan Rang - Tháp Chàm",
        "Xa\u0300 Xuân Mai",  # a combining grave: part of its letter
        "số 5\u00a0đường Trần Phú",  # a no-break space
        "P1 Q.3 tổ_dân_phố 12",
        "xãSen Thủy",  # a glued capital: the split would keep one word
        "12A Lê Lợi",
        "",
    ],
)
def test_the_words_of_a_segment_are_those_the_scanner_finds(text):
    from geo._tokens import ADDRESS_WORD, address_words

    assert address_words(text) == ADDRESS_WORD.findall(text)
