"""Figures in Vietnamese news text: the sample article, traps from other provinces, properties."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from builders import SAMPLE_FIGURES
from hypothesis import given
from hypothesis import strategies as st

from geo._numbers import QUALIFIERS
from geo.figures import Figure, find_figures

ARTICLE = Path(__file__).resolve().parents[1] / "data" / "articles" / "000_cce5422ce9ab3938.txt"


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def test_sample_article_golden(article: str) -> None:
    figures = find_figures(article)
    assert [(f.value, f.unit, f.qualifier) for f in figures] == SAMPLE_FIGURES
    assert all(type(f.value) is int for f in figures)
    for f in figures:
        assert f.text == article[f.start : f.end]


def test_sample_article_words_and_texts(article: str) -> None:
    figures = find_figures(article)
    assert [(f.text, f.qualifier_word, f.multiplier_word) for f in figures if f.qualifier != "exact"] == [
        ("gần 3 tỉ đồng", "gần", "tỉ"),
        ("hàng chục nghìn mét", "hàng chục nghìn", None),
        ("hàng nghìn mét khối", "hàng nghìn", None),
        ("gần 2 nghìn mét khối", "gần", "nghìn"),
        ("hơn 150 km", "hơn", None),
        ("hàng nghìn ngày công", "hàng nghìn", None),
    ]
    assert [f.display() for f in figures][8:13] == [
        "gần 3 tỉ đồng",
        "hàng chục nghìn m",
        "hàng nghìn m³",
        "gần 2 nghìn m³",
        "hơn 150 km",
    ]


@pytest.mark.parametrize(
    "trap",
    ["Trung đoàn 123", "01/06/2023", "năm 2016", "5 tháng đầu năm", "Từ năm 2015", "đầu năm 2017"],
)
def test_sample_article_traps_are_not_figures(article: str, trap: str) -> None:
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(trap), article)]
    assert spans
    figures = find_figures(article)
    assert not [f for f in figures for start, end in spans if f.start < end and start < f.end]


def test_number_123_is_a_figure_once(article: str) -> None:
    assert [f.text for f in find_figures(article) if f.value == 123] == ["123 lớp"]
    assert article.count("123") == 2


SHORT_TEXTS = [
    (  # Cao Bằng: decision number, date, "đợt 2", money with a decimal comma, "khoảng"
        "CBĐT-Thực hiện Quyết định số 1234/QĐ-UBND ngày 15/8/2022 của UBND tỉnh, đợt 2 năm 2022, "
        "huyện Hà Quảng hỗ trợ 2,5 triệu đồng/hộ cho khoảng 1.200 hộ nghèo.",
        [
            (2_500_000, "đồng", "exact", "2,5 triệu đồng"),
            (1200, "hộ nghèo", "approx", "khoảng 1.200 hộ nghèo"),
        ],
    ),
    (  # Hà Giang: border marker, a thôn with a number in its name, "trên"
        "Nhân dịp Tết, Đồn Biên phòng Lũng Cú trao trên 300 suất quà tại cột mốc số 428 "
        "và thôn Lô Lô Chải 2 cho hộ khó khăn.",
        [(300, "suất quà", "at_least", "trên 300 suất quà")],
    ),
    (  # Quảng Ninh: "dưới 5%", road codes, "hơn ... km", "gần ... tỷ"
        "Năm 2022, tỷ lệ hộ nghèo của huyện Bình Liêu giảm xuống dưới 5%; Quốc lộ 18C và QL 4B "
        "được nâng cấp hơn 25 km với tổng vốn gần 120 tỷ đồng.",
        [
            (5, "%", "at_most", "dưới 5%"),
            (25, "km", "at_least", "hơn 25 km"),
            (120_000_000_000, "đồng", "approx", "gần 120 tỷ đồng"),
        ],
    ),
    (  # Điện Biên: regiment, division and battalion names, a period, ordinals
        "Trung đoàn 741, Sư đoàn 316 và Tiểu đoàn 5 đã huy động 850 cán bộ, chiến sĩ, giúp dân "
        "3.200 ngày công; 6 tháng đầu năm, lần thứ 3 tổ chức khóa 10 học viên.",
        [
            (850, "cán bộ, chiến sĩ", "exact", "850 cán bộ, chiến sĩ"),
            (3200, "ngày công", "exact", "3.200 ngày công"),
        ],
    ),
    (  # Thái Nguyên: resolution number, a numbered ward, hectares and square metres
        "Theo Nghị quyết 855/NQ-UBTVQH14, từ ngày 1/2/2020, Phường 1 sáp nhập xã Tân Cương; "
        "nay có 12.540 nhân khẩu, 1,5 ha đất lúa và 2 nghìn mét vuông nhà văn hóa.",
        [
            (12540, "nhân khẩu", "exact", "12.540 nhân khẩu"),
            (1.5, "ha", "exact", "1,5 ha"),
            (2000, "m²", "exact", "2 nghìn mét vuông"),
        ],
    ),
    (  # Bắc Kạn: phone number, clock times, a duration; one vague figure
        "Mọi phản ánh gọi đường dây nóng 0209 3870 123 từ 7 giờ 30 phút đến 17 giờ; "
        "trong 3 năm qua, hàng trăm lượt người đã gọi.",
        [(100, "lượt người", "vague", "hàng trăm lượt người")],
    ),
    (  # Sơn La: year range, money in two parts, "lớp/học viên", a verb after the unit
        "Giai đoạn 2016 - 2020, toàn tỉnh huy động 1 tỷ 200 triệu đồng, mở 45 lớp/1.350 học viên "
        "và 8.600 lượt khám bệnh.",
        [
            (1_200_000_000, "đồng", "exact", "1 tỷ 200 triệu đồng"),
            (45, "lớp", "exact", "45 lớp"),
            (1350, "học viên", "exact", "1.350 học viên"),
            (8600, "lượt", "exact", "8.600 lượt"),
        ],
    ),
    (  # Tuyên Quang: units glued to the number, "phần trăm", counted nouns
        "Huyện trồng mới 1.250 ha rừng, làm 150km đường, 200m2 nhà, nuôi 12 con bò, "
        "đạt 100 phần trăm kế hoạch; Tổng số 350 hộ được hỗ trợ 500.000đ.",
        [
            (1250, "ha", "exact", "1.250 ha"),
            (150, "km", "exact", "150km"),
            (200, "m²", "exact", "200m2"),
            (12, "con bò", "exact", "12 con bò"),
            (100, "%", "exact", "100 phần trăm"),
            (350, "hộ", "exact", "350 hộ"),
            (500_000, "đồng", "exact", "500.000đ"),
        ],
    ),
    (  # Thanh Hóa-style flood report: a lost space glues the counting noun; "quân số" counts troops
        "Đồn Biên phòng di dời 52hộ/230 khẩu đến nơi an toàn; đơn vị lập 4 tổ, quân số 30 đồng chí.",
        [
            (52, "hộ", "exact", "52hộ"),
            (230, "khẩu", "exact", "230 khẩu"),
            (4, "tổ", "exact", "4 tổ"),
            (30, "đồng chí", "exact", "30 đồng chí"),
        ],
    ),
    (  # a part of a whole: the part, read with the whole's unit
        "Đến nay 6/20 ngôi nhà đã xong, 254/1.318 công dân nhập ngũ.",
        [(6, "ngôi nhà", "exact", "6/20 ngôi nhà"), (254, "công dân", "exact", "254/1.318 công dân")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SHORT_TEXTS)
def test_short_texts(text: str, expected: list[tuple]) -> None:
    figures = find_figures(text)
    assert [(f.value, f.unit, f.qualifier, f.text) for f in figures] == expected
    assert all(f.text == text[f.start : f.end] for f in figures)


# Each trap is followed by a noun that would be read as a unit if the rule that rejects it were gone.
NOT_FIGURES = [
    "năm 2016 nhân dân",
    "từ năm 2015 hội viên",
    "2017 người",
    "ngày 01/06/2023 nhân dân",
    "ngày 5/3 đoàn viên",
    "sáng 6/8 đoàn viên",  # a day and month after a word of dates
    "có 20/11 đoàn viên",  # a whole smaller than its part is no fraction
    "đợt 2 đoàn viên",
    "thôn Quảng Trung 1 xã Hùng Sơn",
    "thôn Quảng Trung 1 nhân dân",  # a name, then a noun that is not a measure
    "Trung đoàn 123 bộ binh",
    "Tiểu đoàn 5 công binh",
    "Sư đoàn 3 bộ binh",
    "cột mốc số 962 biên giới",
    "số 12 đường Trần Phú",
    "Quốc lộ 1A đoạn qua",
    "QL 4B đoạn qua",
    "khóa 10 học viên",
    "lần thứ 3 hội viên",
    "Phường 1 thành phố",
    "Quyết định 99/QĐ-UBND",
    "Nghị quyết 818/NQ-UBTVQH14",
    "Quyết định số 123 nhân dân",
    "Nghị định 15 quy định",
    "giai đoạn 2 dự án",
    "5 tháng đầu năm",
    "6 tháng cuối năm",
    "3 năm qua",
    "người 65 tuổi",
    "lúc 8 giờ sáng",
    "lúc 8h30 sáng",
    "lúc 8:30 sáng",
    "gọi 0912 345 678 người",
    "mã 123456 hồ sơ",
    "COVID-19 bệnh nhân",
    "cúm H5N1 gia cầm",
    "đội U23 cầu thủ",
    "1.5 người",
    "có 5A người",  # a code glued to its number, not a counted noun
    "có 12b hộ",
    "xe 29b người",
    "tại 1 số liên đội",  # "một số": some
    "tức là 26 tết, nhóm",  # a day of the lunar new year
    "thường trực 24/24 giúp nhân dân",  # round the clock
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text: str) -> None:
    assert find_figures(text) == []


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("2 ki-lô-mét", "km"),
        ("3 héc-ta", "ha"),
        ("4 mét", "m"),
        ("5 mét khối", "m³"),
        ("5 m3", "m³"),
        ("6 mét vuông", "m²"),
        ("7 phần trăm", "%"),
        ("7 %", "%"),
        ("8 VNĐ", "đồng"),
        ("9 USD", "USD"),
    ],
)
def test_units_are_normalised(text: str, unit: str) -> None:
    assert [f.unit for f in find_figures(text)] == [unit]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("5 hộ xã Phước Kháng", "hộ"),
        ("12 hộ thôn Nà Lầu", "hộ"),
        ("30 học sinh huyện Văn Quan", "học sinh"),
        ("40 hộ dân", "hộ dân"),  # a unit of two words still reads whole
    ],
)
def test_a_place_word_after_a_count_is_not_part_of_its_unit(text: str, unit: str) -> None:
    assert [f.unit for f in find_figures(text)] == [unit]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("2.650 công dân nhập ngũ", "công dân"),
        ("24 xã hoàn thành", "xã"),
        ("1.445 ngày công xây dựng", "ngày công"),
        ("18.391 ngày công, với trị giá", "ngày công"),
        ("37.167 người tham gia", "người"),
        ("12.461 lần với", "lần"),
        ("100 hồ sơ", "hồ sơ"),
        ("500 con gà giống", "con gà"),
        ("30 hộ/tháng", "hộ"),
        ("40 chiến sĩ Trung đoàn", "chiến sĩ"),
        ("50 đoàn viên\nthanh niên", "đoàn viên"),
    ],
)
def test_unit_is_the_noun_phrase(text: str, unit: str) -> None:
    assert [f.unit for f in find_figures(text)] == [unit]


@pytest.mark.parametrize(
    ("text", "qualifier", "word"),
    [
        ("gần 3 tỉ đồng", "approx", "gần"),
        ("Khoảng 20 hộ", "approx", "khoảng"),
        ("xấp xỉ 20 hộ", "approx", "xấp xỉ"),
        ("hơn 150 km", "at_least", "hơn"),
        ("trên 300 suất quà", "at_least", "trên"),
        ("ít nhất 4 xã", "at_least", "ít nhất"),
        ("dưới 5%", "at_most", "dưới"),
        ("tối đa 10 người", "at_most", "tối đa"),
        ("Hàng nghìn người", "vague", "hàng nghìn"),
        ("20 hộ", "exact", None),
    ],
)
def test_qualifiers(text: str, qualifier: str, word: str | None) -> None:
    [figure] = find_figures(text)
    assert (figure.qualifier, figure.qualifier_word, figure.start) == (qualifier, word, 0)


def test_figure_to_dict() -> None:
    [figure] = find_figures("đổ bê tông gần 2 nghìn mét khối;")
    assert figure.to_dict() == {
        "value": 2000,
        "unit": "m³",
        "qualifier": "approx",
        "qualifier_word": "gần",
        "multiplier_word": "nghìn",
        "text": "gần 2 nghìn mét khối",
        "start": 11,
        "end": 31,
        "role": "activity",
    }
    assert isinstance(figure, Figure)


def test_decomposed_text_keeps_original_offsets() -> None:
    text = unicodedata.normalize("NFD", "gần 3 tỷ đồng và hơn 150 km")
    figures = find_figures(text)
    assert [(f.value, f.unit, f.qualifier) for f in figures] == [
        (3_000_000_000, "đồng", "approx"),
        (150, "km", "at_least"),
    ]
    assert all(f.text == text[f.start : f.end] for f in figures)


def test_large_input_is_read_whole(article: str) -> None:
    repeats = 200_000 // len(article) + 1
    figures = find_figures(article * repeats)
    assert len(figures) == len(SAMPLE_FIGURES) * repeats
    for hostile in ("1." * 100_000, "1/" * 100_000, "a-" * 100_000, "hàng " * 40_000, "9" * 200_000):
        assert find_figures(hostile) == []


_PIECES = [
    *"0123456789.,/%-:()“”;\n ",
    "\u00a0",
    "\u0301",
    "hàng ",
    "chục ",
    "nghìn ",
    "tỷ ",
    "gần ",
    "hơn ",
    "km",
    "m",
    "mét ",
    "khối ",
    "người ",
    "ngày ",
    "công ",
    "năm ",
    "Trung đoàn ",
    "số ",
    "tổng ",
]


def _check(text: str) -> None:
    figures = find_figures(text)
    previous_end = 0
    for f in figures:
        assert f.text == text[f.start : f.end]
        assert previous_end <= f.start < f.end
        assert f.qualifier in QUALIFIERS
        previous_end = f.end


@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    _check(text)


@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_newspaper_like_text_never_raises(text: str) -> None:
    _check(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("giúp xã Mai Pha, thành phố Lạng Sơn 120 ngày công làm đường", (120, "ngày công")),
        ("tặng xã Trấn Ninh 50 suất quà", (50, "suất quà")),
        ("nạo vét kênh ở Văn Quan 2 km", (2, "km")),
    ],
)
def test_a_measure_after_a_place_name_is_a_figure(text, expected):
    assert [(f.value, f.unit) for f in find_figures(text)] == [expected]
