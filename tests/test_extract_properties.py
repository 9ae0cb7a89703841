"""Any text gets an answer: property-based tests of the article reader (hypothesis)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.activities import build_activities
from geo.extract import read_article

SAMPLE = (Path(__file__).resolve().parents[1] / "data" / "articles" / "000_cce5422ce9ab3938.txt").read_text(
    encoding="utf-8"
)
WORDS = [
    "xã",
    "huyện",
    "thành phố",
    "tỉnh",
    "phường",
    "thị trấn",
    "Xuân Mai",
    "Văn Quan",
    "Lạng Sơn",
    "Mai Pha",
    "Tân Thành",
    "1.445",
    "ngày công",
    "gần",
    "hơn",
    "3",
    "tỉ",
    "đồng",
    "năm",
    "2017",
    ",",
    ".",
    "(",
    ")",
    "và",
    "các",
    "Trung đoàn",
    "123",
    "/",
    "hàng",
    "nghìn",
    "\n",
    "Thứ năm, 01/06/2023",
    "LSO-",
]
settings.register_profile("reader", deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(text, gazetteer, date=None):
    reading = read_article(text, gazetteer, date=date)
    for m in reading.mentions:
        assert reading.text[m.start : m.end] == m.text
    for f in reading.figures:
        assert reading.text[f.start : f.end] == f.text
    activities = build_activities(reading)
    for a in activities:
        assert a.start is not None
        assert a.end is None or a.end >= a.start
    return reading, activities


@settings(settings.get_profile("reader"), max_examples=150)
@given(st.text(max_size=400))
def test_any_unicode_text_gets_an_answer(gazetteer, text):
    _check(text, gazetteer, dt.date(2020, 1, 1))


@settings(settings.get_profile("reader"), max_examples=150)
@given(st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join))
def test_newspaper_like_text_gets_an_answer(gazetteer, text):
    _check(text, gazetteer)


@settings(settings.get_profile("reader"), max_examples=30)
@given(st.binary(max_size=2000))
def test_decoded_binary_garbage_gets_an_answer(gazetteer, data):
    _check(data.decode("utf-8", errors="replace"), gazetteer, dt.date(2017, 6, 1))


def test_empty_text_names_nothing_and_says_it_has_no_date(gazetteer):
    reading, activities = _check("", gazetteer)
    assert reading.mentions == [] and reading.figures == [] and activities == []
    assert reading.document.date is None
    assert "No date in the text: give --date or a date line" in reading.document.warnings[0]


def test_not_vietnamese(gazetteer):
    reading, activities = _check("The quick brown fox jumps over 13 lazy dogs in 2019.", gazetteer)
    assert reading.mentions == []
    assert activities == [] or all(a.province_wide for a in activities)


def test_a_huge_text_scales_with_its_length(gazetteer):
    once, _ = _check(SAMPLE, gazetteer)
    many, _ = _check("\n\n".join([SAMPLE] * 60), gazetteer)  # about 250 kB
    assert len(many.figures) == 60 * len(once.figures)
    assert len(many.mentions) >= 60 * len(once.mentions)
