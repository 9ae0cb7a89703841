"""Vietnamese number style: parsing, formatting and reader-facing figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo._numbers import (
    DEFAULT_QUALIFIER_WORDS,
    MULTIPLIERS,
    QUALIFIERS,
    format_figure,
    format_number,
    multiplier_value,
    parse_number,
    parse_user_number,
)

PARSE_ACCEPTED = [
    ("1.445", 1445),
    ("2,5", 2.5),
    ("12.461", 12461),
    ("1.234.567", 1234567),
    ("0,75", 0.75),
    ("100", 100),
    ("3", 3),
    ("0", 0),
    ("1445", 1445),
    ("2,0", 2),
    ("1.234,5", 1234.5),
    ("-2,5", -2.5),
    (" 18.391 ", 18391),
]

PARSE_REJECTED = [
    ("1.5", r"'1\.5' is not a number in Vietnamese style.*Write '1,5'"),
    ("1.23", r"Write '1,23'"),
    ("1.2345", r"exactly three digits after each '\.'"),
    ("05", "leading zero"),
    ("01.234", "leading zero"),
    ("1,2,3", "Only one ','"),
    ("1,234,567", "Only one ','"),
    ("", "Examples: '1.445'"),
    ("1 445", "not a number in Vietnamese style"),
    ("1.445.", "not a number in Vietnamese style"),
    (".5", "not a number in Vietnamese style"),
    ("1,", "not a number in Vietnamese style"),
    ("1234.567", "not a number in Vietnamese style"),
    ("١٢٣", "not a number in Vietnamese style"),  # Arabic-Indic digits are not ours
    ("abc", "not a number in Vietnamese style"),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_ACCEPTED)
def test_parse_number_accepts(text: str, expected: float) -> None:
    result = parse_number(text)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(("text", "message"), PARSE_REJECTED)
def test_parse_number_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_number(text)


USER_ACCEPTED = [
    ("1445", 1445),
    ("2.5", 2.5),
    ("1445.5", 1445.5),
    ("0.125", 0.125),
    ("1,5", 1.5),
    ("1.234.567", 1234567),
    ("1.234,5", 1234.5),
    ("12345.678", 12345.678),
    ("1234,567", 1234.567),
    ("1.2340", 1.234),
    ("-2.5", -2.5),
]

USER_REJECTED = [
    ("1.234", r"'1\.234' is ambiguous.*'\.' groups thousands.*'1234'.*'1\.2340'"),
    ("1,234", r"ambiguous.*'1234'.*'1,2340'"),
    ("1,234,567", "not a number we can read unambiguously.*Vietnamese style"),
    ("1,234.5", "not a number we can read unambiguously"),
    ("00.5", r"leading zero: write '0\.5'"),
    ("two", "not a number we can read unambiguously"),
]


@pytest.mark.parametrize(("text", "expected"), USER_ACCEPTED)
def test_parse_user_number_accepts(text: str, expected: float) -> None:
    result = parse_user_number(text)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(("text", "message"), USER_REJECTED)
def test_parse_user_number_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_user_number(text)


@pytest.mark.parametrize(
    ("word", "factor"),
    [
        ("nghìn", 1_000),
        ("ngàn", 1_000),
        ("triệu", 1_000_000),
        ("tỉ", 10**9),
        ("tỷ", 10**9),
        ("nghìn tỷ", 10**12),
    ],
)
def test_multiplier_value(word: str, factor: int) -> None:
    assert multiplier_value(word) == factor


@pytest.mark.parametrize(("word", "message"), [("vạn", "'vạn' is not a multiplier word"), ("", "Empty")])
def test_multiplier_value_rejects(word: str, message: str) -> None:
    assert "vạn" not in MULTIPLIERS
    with pytest.raises(ValueError, match=message):
        multiplier_value(word)


FORMAT_NUMBER = [
    (1445, "1.445"),
    (2.5, "2,5"),
    (3_000_000_000, "3.000.000.000"),
    (18391, "18.391"),
    (3.0, "3"),
    (0, "0"),
    (999, "999"),
    (1000, "1.000"),
    (-1234.5, "-1.234,5"),
    (0.1, "0,1"),
    (1e20, "100.000.000.000.000.000.000"),
    (Decimal("2.50"), "2,5"),
]


@pytest.mark.parametrize(("value", "expected"), FORMAT_NUMBER)
def test_format_number(value: float, expected: str) -> None:
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (float("nan"), ValueError, "only finite numbers"),
        (float("inf"), ValueError, "only finite numbers"),
        (True, TypeError, "Expected a number, got True"),
        ("12", TypeError, "Expected a number, got '12'"),
    ],
)
def test_format_number_rejects(value: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        format_number(value)  # type: ignore[arg-type]


FORMAT_FIGURE = [
    ((1445, "ngày công", "exact"), "1.445 ngày công"),
    ((3_000_000_000, "đồng", "approx", "gần"), "gần 3 tỉ đồng"),
    ((150, "km", "at_least", "hơn"), "hơn 150 km"),
    ((2000, "m³", "approx", "gần"), "gần 2 nghìn m³"),
    ((100, "%", "exact"), "100%"),
    ((5, "%", "at_most"), "dưới 5%"),
    ((300, "suất quà", "at_least", "trên"), "trên 300 suất quà"),
    ((1200, "hộ", "approx"), "khoảng 1.200 hộ"),  # default word; 1,2 nghìn would read worse
    ((2000, "người", "exact"), "2.000 người"),  # exact counts keep their digits
    ((2_500_000, "đồng", "exact"), "2,5 triệu đồng"),
    ((2_450_000, "đồng", "exact"), "2.450.000 đồng"),  # two decimals: digits read better
    ((3_000_000_000, "đồng", "exact", None, "tỷ"), "3 tỷ đồng"),
    ((2_500_000, "đồng", "exact", None, "nghìn"), "2.500 nghìn đồng"),
    ((10_000, "m", "vague", "hàng chục nghìn"), "hàng chục nghìn m"),
    ((10_000, "m", "vague"), "hàng chục nghìn m"),
    ((1000, "m³", "vague", "hàng"), "hàng nghìn m³"),
    ((100, "người", "vague"), "hàng trăm người"),
    ((3, "tỉ", "exact"), "3 tỉ"),
    ((7, "", "exact"), "7"),
]


@pytest.mark.parametrize(("args", "expected"), FORMAT_FIGURE)
def test_format_figure(args: tuple, expected: str) -> None:
    assert format_figure(*args) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((3, "km", "roughly"), "Unknown qualifier 'roughly'; expected one of exact, approx"),
        ((1445, "m", "vague"), "vague figure needs a magnitude.*got 1.445"),
        ((1, "người", "vague"), "vague figure needs a magnitude"),
        ((3, "km", "exact", None, "vạn"), "'vạn' is not a multiplier word"),
    ],
)
def test_format_figure_rejects(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        format_figure(*args)


def test_every_non_exact_qualifier_has_a_default_word() -> None:
    assert set(DEFAULT_QUALIFIER_WORDS) == set(QUALIFIERS) - {"exact"}


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_integers_round_trip(n: int) -> None:
    text = format_number(n)
    assert parse_number(text) == n
    assert "," not in text


@given(st.integers(min_value=-(10**14), max_value=10**14))
def test_one_decimal_values_round_trip(tenths: int) -> None:
    value = tenths / 10
    text = format_number(value)
    assert parse_number(text) == value
    assert text.count(",") == (0 if tenths % 10 == 0 else 1)
