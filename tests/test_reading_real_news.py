"""The reader on the structures of real news (fixtures written in our own words, shaped like the
labelled real articles of benchmarks/data/extract_real): date lines, lists, organisations,
bare names, context numbers, and the place each figure belongs to."""

from __future__ import annotations

import datetime as dt

import pytest

from geo import _dates
from geo._outlets import outlet_province
from geo.activities import build_activities
from geo.extract import document_date, read_article
from geo.figures import find_figures

# ------------------------------------------------------------------------------------------ dates

DATED = [
    ("Bộ đội làm đường\n\n18:22, 30/03/2019\nTrong các ngày 29 - 30/3, đoàn đã ...", "2019-03-30"),
    ("Tin vùng cao\n\n07:24 03-10-2019 | :1722\n\nĐài - Đồn Biên phòng đã ...", "2019-10-03"),
    ("Thứ Sáu, 15/02/2019 - 10:20\nTiêu đề bài", "2019-02-15"),
    ("Tiêu đề\n\nPhóng viên A, Báo B-Chủ nhật, ngày 25/12/2022 11:39 GMT+7\n\nNội dung", "2022-12-25"),
    ("Cập nhật: 09:30 Thứ Hai, 08/10/2018\nTiêu đề", "2018-10-08"),
    ("Tiêu đề bài viết\n23/06/2020 21:41\nNội dung", "2020-06-23"),
    (" date 2025-10-03 Nước rút đến đâu, người dân dọn dẹp đến đó\n\nSáng 3/10, ...", "2025-10-03"),
    ("Ngày đăng: 12/05/2021 | Tác giả: Văn Bình\nNội dung", "2021-05-12"),
    # A stored date field with day and month swapped; the weekday says which reading is right
    # (1 October 2025 was a Wednesday, 10 January 2025 a Friday).
    (" date 2025-01-10 Thứ Tư, 1/10/2025\nTiêu đề\n\nA 01/10/2025 22:42\n", "2025-10-01"),
    (" date 2025-01-10 Thứ 4, 1/10/2025\nTiêu đề", "2025-10-01"),
    # The weekday agrees with the field: the field stands.
    (" date 2025-01-10 Thứ Sáu, 10/01/2025\nTiêu đề\n\n(1/10/2025)", "2025-01-10"),
    # A wrong weekday proves nothing: the first date line stands.
    (" date 2025-01-10 Thứ Hai, 1/10/2025\nTiêu đề", "2025-01-10"),
    # A site's clock told to the second above the title; the byline's date is the article's.
    (
        "Thứ Sáu, ngày 23 tháng 08 năm 2019, 09:25:27\n\nTiêu đề\n\nPhóng viên A - 09:50, 27/05/2022\n",
        "2022-05-27",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DATED)
def test_date_lines(text, expected):
    line = _dates.date_line(text)
    assert line is not None and line.day.isoformat() == expected


NOT_DATE_LINES = [
    "Sáng ngày 05/8/2020, đoàn công tác của tỉnh đã đến thăm và tặng quà các hộ nghèo.",
    "Tiêu đề\n\nÔng A (sinh năm 1976) kể lại chuyện năm 1978.",
]


@pytest.mark.parametrize("text", NOT_DATE_LINES)
def test_dates_in_sentences_are_not_date_lines(text):
    assert _dates.date_line(text) is None


def test_event_years_leave_out_births_periods_and_targets():
    text = (
        "Ông sinh năm 1950, hy sinh năm 1972. Năm 2019, xã đã làm đường; giai đoạn 2021-2025 "
        "và từ năm 2016 đến nay; phấn đấu đến năm 2030. Tháng 8/2025, xã mới ra mắt."
    )
    assert _dates.event_years(text) == [2019, 2025]


def test_day_month_takes_the_year_of_the_sentence_then_of_the_date_line():
    text = "Tiêu đề\n20/04/2016 08:00\nNgày 24-4, hơn 70 cán bộ ra quân. Sáng 17/3 năm 2015, đoàn đến."
    got = [(f.day.isoformat(), f.kind) for f in _dates.body_dates(text)]
    assert got == [("2016-04-20", "line"), ("2016-04-24", "day_month"), ("2015-03-17", "day_month")]


ARTICLE_DATES = [
    # A year in the body never moves a date line.
    (
        "Tiêu đề\n15/01/2019 10:00\nNăm 2018, xã Mai Pha, thành phố Lạng Sơn đã làm 5 km đường.",
        "2019-01-15",
        "date line",
    ),
    # Without a date line, the first dated event.
    (
        "Sáng ngày 05/8/2020, đoàn đến xã Mai Pha, thành phố Lạng Sơn trao 20 suất quà.",
        "2020-08-05",
        "event date in the text",
    ),
    (
        "Trao quà Tết ở Văn Quan\n\nNhân dịp Tết Nguyên đán Bính Ngọ 2026, ngày 5/2, đoàn đến xã Xuân Mai.",
        "2026-02-05",
        "event date in the text",
    ),
    (
        "Trong 2 ngày (9 và 10/1), hội thăm hội viên xã Mai Pha nhân dịp Tết Nguyên đán năm 2023.",
        "2023-01-09",
        "event date in the text",
    ),
    # A day told without its year takes none from history: a birth, a war.
    ("Ngày 15-5, Hội LHPN xã Mai Pha trao bò cho chị Hồng (sinh năm 1989), ở thôn Nà Pàn.", None, "none"),
    (
        "Hội CCB giao nhà cho hội viên. Bà Đông tham gia chiến đấu ở biên giới phía Bắc năm 1978. "
        "Ngày 14/10, ngôi nhà được khánh thành.",
        None,
        "none",
    ),
    # A page whose date field read the byline month first: the byline, told with its time, says.
    (
        " date 2025-06-10 Xã hộiĐoàn về xã Mai PhaLê Thạch • 06/10/2025 16:56Hòa chung không khí Tết Trung thu.",
        "2025-10-06",
        "date line",
    ),
    # A page whose date field gives its month only: the day told in the text, the field's year.
    (
        " date 2020-10 (LS) - Từ trưa đến chiều nay 11.10, mưa lớn làm ngập nhà dân ở xã Mai Pha.",
        "2020-10-11",
        "the page's month",
    ),
    # A year planned for is no event's ("dự kiến hoàn thành vào tháng 1/2024"): the start's year
    # dates the day; with no other year, the plan's.
    (
        "Trao nhà\n\nChiều 12/12, đoàn trao nhà ở xã Mai Pha. Nhà được khởi công từ tháng 9/2023, "
        "dự kiến hoàn thành vào tháng 1/2024.",
        "2023-12-12",
        "event date in the text",
    ),
    (
        "Trao nhà\n\nNgày 4/2, huyện bàn giao 9 căn nhà ở xã Mai Pha; 3 căn dự kiến bàn giao sau Tết Giáp Thìn 2024.",
        "2024-02-04",
        "event date in the text",
    ),
    # A range of days: its first ("Từ ngày 26 đến ngày 30/8").
    (
        "Trồng rừng\n\nTừ ngày 26 đến ngày 30/8, xã Mai Pha trồng lại 17 ha rừng keo năm 2021.",
        "2021-08-26",
        "event date in the text",
    ),
    # A time word glued to its day by a lost space.
    (
        "Nhà nhân ái\n\nSáng15/5, đoàn viên xã Mai Pha bàn giao nhà nhân ái năm 2020.",
        "2020-05-15",
        "event date in the text",
    ),
    # No other year: the year the story's work started in, to the month or said so.
    (
        "Bàn giao nhà\n\nNgày 1-10, Hội Cựu chiến binh xã Mai Pha bàn giao nhà.\n\nTừ tháng 3-2024, hội đã vận động.",
        "2024-10-01",
        "event date in the text",
    ),
    (
        "Giúp hội viên khó khăn\n\nChiều ngày 28.3, chi hội xã Mai Pha giúp một hội viên. Bắt đầu từ "
        "năm 2019, chi hội góp gạo.",
        "2019-03-28",
        "event date in the text",
    ),
]


@pytest.mark.parametrize(("text", "expected", "source"), ARTICLE_DATES)
def test_article_date(gazetteer, text, expected, source):
    doc = read_article(text, gazetteer).document
    assert (doc.date.isoformat() if doc.date else None, doc.date_source) == (expected, source)


def test_a_tenure_gives_no_year_to_a_day_told_without_one(gazetteer):
    text = (
        "Trao nhà ở Mai Pha\n\nNgày 9/10, đoàn trao nhà ở xã Mai Pha. Ông A làm phó chủ tịch hội từ năm 2009."
    )
    assert read_article(text, gazetteer).document.date is None


@pytest.mark.parametrize(
    ("text", "era"),
    [
        ("Đoàn đã đến xã Trùng Quán, huyện Văn Lãng, tỉnh Lạng Sơn giúp dân làm đường.", dt.date(2017, 6, 1)),
        ("Đoàn đã đến phường Đông Kinh, tỉnh Lạng Sơn giúp dân dọn vệ sinh.", dt.date(2025, 12, 31)),
        # a typed commune of 2020–2025 outweighs a bare name that is a commune only from 2025
        ("Phụ nữ xã Suối Tiên (Diên Khánh) trao 10 con bò cho hội viên nghèo.", dt.date(2022, 6, 1)),
        # a commune with its district in a bracket (here in a body's name) holds only while
        # districts did, though both names are communes from 2025
        (
            "Hội Cựu chiến binh xã Bảo Hà (Bảo Yên) cùng doanh nghiệp tỉnh Lào Cai làm nhà cho hội "
            "viên ở xã Bảo Hà.",
            dt.date(2022, 6, 1),
        ),
    ],
)
def test_undated_text_is_read_on_the_units_its_places_fit(gazetteer, text, era):
    reading = read_article(text, gazetteer)
    assert reading.document.date is None
    assert reading.document.as_of == era
    assert "No date in the text: give --date or a date line" in reading.document.warnings[0]
    assert all(m.unit is not None and m.unit.valid_at(era) for m in reading.mentions)


# --------------------------------------------------------------------------------------- mentions

D2019 = dt.date(2019, 6, 1)


def _places(gazetteer, text, day=D2019):
    reading = read_article(text, gazetteer, date=day)
    return [(m.text, m.role, gazetteer.path(m.unit) if m.unit else None) for m in reading.mentions]


def test_a_list_opened_by_a_colon_and_the_parent_after_cua(gazetteer):
    got = _places(gazetteer, "Đoàn đã đến 3 xã: Cao Lâu, Xuất Lễ và Mẫu Sơn của huyện Cao Lộc.")
    assert got == [
        ("Cao Lâu", "place", "Xã Cao Lâu, huyện Cao Lộc, tỉnh Lạng Sơn"),
        ("Xuất Lễ", "place", "Xã Xuất Lễ, huyện Cao Lộc, tỉnh Lạng Sơn"),
        ("Mẫu Sơn", "place", "Xã Mẫu Sơn, huyện Cao Lộc, tỉnh Lạng Sơn"),
        ("huyện Cao Lộc", "place", "Huyện Cao Lộc, tỉnh Lạng Sơn"),
    ]


def test_a_colon_list_with_a_figure_after_each_item(gazetteer):
    got = _places(
        gazetteer, "Mưa lớn ở nhiều nơi như: Cao Lâu (Cao Lộc) 261.6mm, Xuất Lễ 191mm, Mẫu Sơn 180mm."
    )
    assert [p for _, _, p in got if p and p.startswith("Xã")] == [
        "Xã Cao Lâu, huyện Cao Lộc, tỉnh Lạng Sơn",
        "Xã Xuất Lễ, huyện Cao Lộc, tỉnh Lạng Sơn",
        "Xã Mẫu Sơn, huyện Cao Lộc, tỉnh Lạng Sơn",
    ]


def test_a_typed_list_with_a_figure_after_each_item(gazetteer):
    got = _places(
        gazetteer, "Tỉnh trồng rừng ở các huyện Văn Quan trên 300 ha; Cao Lộc 275 ha, Bình Gia 250 ha."
    )
    assert [p for _, _, p in got] == [
        "Huyện Văn Quan, tỉnh Lạng Sơn",
        "Huyện Cao Lộc, tỉnh Lạng Sơn",
        "Huyện Bình Gia, tỉnh Lạng Sơn",
    ]
    got = dict(
        _owners(
            gazetteer, "Tỉnh trồng rừng ở các huyện Văn Quan trên 300 ha; Cao Lộc 275 ha, Bình Gia 250 ha."
        )
    )
    assert got["275 ha"] == ["Cao Lộc"] and got["250 ha"] == ["Bình Gia"]


def test_a_list_with_a_figure_in_brackets_after_each_item(gazetteer):
    got = _places(
        gazetteer, "Các hộ ở xã Bình Khánh (13 hộ), An Thới Đông (17 hộ) và Tam Thôn Hiệp (6 hộ), H.Cần Giờ."
    )
    assert [p for _, _, p in got] == [
        "Xã Bình Khánh, huyện Cần Giờ, thành phố Hồ Chí Minh",
        "Xã An Thới Đông, huyện Cần Giờ, thành phố Hồ Chí Minh",
        "Xã Tam Thôn Hiệp, huyện Cần Giờ, thành phố Hồ Chí Minh",
        "Huyện Cần Giờ, thành phố Hồ Chí Minh",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hôm qua, đoàn trao quà tại Hữu Lũng.", ("Hữu Lũng", "Huyện Hữu Lũng, tỉnh Lạng Sơn")),
        ("Bà con xã Đức Quang (Hà Tĩnh) đón đoàn.", ("Hà Tĩnh", "Tỉnh Hà Tĩnh")),
        ("Con đường ở huyện Sơn Dương, Tuyên Quang đã xong.", ("Tuyên Quang", "Tỉnh Tuyên Quang")),
        (
            "Tặng quà ở xã Trùng\nQuán hôm qua.",
            ("xã Trùng\nQuán", "Xã Trùng Quán, huyện Văn Lãng, tỉnh Lạng Sơn"),
        ),
        ("Người dân Lạng Sơn đón Tết.", ("Lạng Sơn", "Tỉnh Lạng Sơn")),
        ("Mưa lớn trên địa bàn Hữu Lũng.", ("Hữu Lũng", "Huyện Hữu Lũng, tỉnh Lạng Sơn")),
        ("Dự án giúp 340 hộ nghèo Lạng Sơn.", ("Lạng Sơn", "Tỉnh Lạng Sơn")),
        ("Hai xã thuộc TX Bình Minh nhận bò.", ("TX Bình Minh", "Thị xã Bình Minh, tỉnh Vĩnh Long")),
        (
            "Phật tử chùa Tam Thanh (Văn Lãng, Lạng Sơn) tặng quà.",
            ("Văn Lãng", "Huyện Văn Lãng, tỉnh Lạng Sơn"),
        ),
        ("Phật tử chùa Tam Thanh (Văn Lãng, Lạng Sơn) tặng quà.", ("Lạng Sơn", "Tỉnh Lạng Sơn")),
        (
            "Đội hình hỗ trợ tại các đơn vị: Cao Lộc, Văn Lãng và Hữu Lũng.",
            ("Văn Lãng", "Huyện Văn Lãng, tỉnh Lạng Sơn"),
        ),
    ],
)
def test_names_without_type_word_or_broken_by_a_line_end(gazetteer, text, expected):
    got = [(t, p) for t, role, p in _places(gazetteer, text) if role == "place"]
    assert expected in got


@pytest.mark.parametrize(
    "text",
    [
        "Học sinh nhận (1 triệu đồng/suất) và 10 quyển tập.",  # numbers are no names here
        "Ông Bình (Hải) cho biết: Thanh, Bình và An đều đến.",  # names that are no units' alone
        "Người đạt giải: Cao Lâu.",  # one name after a colon is no list
        "Trường (Văn Lãng cũ) nay.",  # a bracket of districts only when it closes right after them
        "Ông Nguyễn Thái Bình cho biết.",  # a province's name ending a person's
        "Mỗi căn được Agribank Kiên Giang hỗ trợ.",  # ... or a capitalised name
        "Công ty Xổ số kiến thiết Sóc Trăng tài trợ.",  # ... or an organisation's, its head words before it
        "Hàng rào tại Trường Trung học Cơ sở bị đổ.",  # a body after a preposition is no bare place
    ],
)
def test_bare_names_after_a_colon_or_in_a_bracket_need_the_whole_shape(gazetteer, text):
    assert [(t, p) for t, role, p in _places(gazetteer, text) if role == "place" and p] == []


def test_a_province_needs_no_type_word_and_the_givers_home_owns_no_figure(gazetteer):
    text = "Ngày 5/1/2020, đoàn trao 500 phần quà, tặng bà con biên giới Lạng Sơn."
    got = {f: u for f, u in _owners(gazetteer, text)}
    assert got["500 phần quà"] == ["Lạng Sơn"]
    text = (
        "Ngày 5/1/2020, xã Mai Pha, thành phố Lạng Sơn tổ chức ngày hội.\n\n"
        "Dịp này, các nhà hảo tâm Hà Nội trao 500 phần quà cho người dân."
    )
    places = [(t, role) for t, role, _p in _places(gazetteer, text)]
    assert ("Hà Nội", "place") in places  # named, as where the givers come from
    got = {f: u for f, u in _owners(gazetteer, text)}
    assert got["500 phần quà"] == ["Mai Pha"]


ORGANISATIONS = [
    ("Đồn Biên phòng Ba Sơn cùng xã Cao Lâu làm đường.", "Đồn Biên phòng Ba Sơn"),
    ("Huyện đoàn Cao Lộc tổ chức ra quân tại xã Cao Lâu.", "Huyện đoàn Cao Lộc"),
    ("Tỉnh Đoàn Lạng Sơn trao quà ở xã Cao Lâu.", "Tỉnh Đoàn Lạng Sơn"),
    ("Công an thành phố Hà Nội đến xã Cao Lâu.", "Công an thành phố Hà Nội"),
    ("Hội Nông dân huyện Văn Lãng giúp xã Cao Lâu.", "Hội Nông dân huyện Văn Lãng"),
    ("Bộ Chỉ huy Quân sự tỉnh Lạng Sơn làm nhà ở xã Cao Lâu.", "Bộ Chỉ huy Quân sự tỉnh Lạng Sơn"),
    ("UBND xã Mai Pha phối hợp với xã Cao Lâu.", "UBND xã Mai Pha"),
    (
        "Phòng Nông nghiệp và Phát triển nông thôn huyện Văn Lãng giúp xã Cao Lâu.",
        "Phòng Nông nghiệp và Phát triển nông thôn huyện Văn Lãng",
    ),
    ("Ngân hàng Phát triển tỉnh Lạng Sơn trao quà ở xã Cao Lâu.", "Ngân hàng Phát triển tỉnh Lạng Sơn"),
    ("UBMT TQ Việt Nam huyện Văn Lãng trao quà ở xã Cao Lâu.", "UBMT TQ Việt Nam huyện Văn Lãng"),
    ("Đoàn đại biểu Quốc hội tỉnh Lạng Sơn trao quà ở xã Cao Lâu.", "Đoàn đại biểu Quốc hội tỉnh Lạng Sơn"),
    ("Xã đoàn Mai Pha ra quân giúp xã Cao Lâu.", "Xã đoàn Mai Pha"),
]


@pytest.mark.parametrize(("text", "organisation"), ORGANISATIONS)
def test_places_inside_organisation_names_are_actors(gazetteer, text, organisation):
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    actors = [m for m in reading.mentions if m.role == "actor"]
    places = [m for m in reading.mentions if m.role == "place"]
    assert [m.organisation for m in actors] == [organisation]
    assert [m.unit.name for m in places] == ["Cao Lâu"]


def test_society_is_no_commune_type(gazetteer):
    # "xã hội" (society) in a bank's or a department's name, then the district: no commune
    # "described" as "hội huyện"; the district is the body's
    text = "Ngân hàng Chính sách xã hội huyện Châu Thành, tỉnh An Giang giải ngân cho 33 hộ ở xã Vĩnh An."
    reading = read_article(text, gazetteer, date=D2019)
    assert [(m.text, m.role, gazetteer.path(m.unit)) for m in reading.mentions] == [
        ("huyện Châu Thành", "actor", "Huyện Châu Thành, tỉnh An Giang"),
        ("tỉnh An Giang", "actor", "Tỉnh An Giang"),
        ("xã Vĩnh An", "place", "Xã Vĩnh An, huyện Châu Thành, tỉnh An Giang"),
    ]


def test_a_syllable_without_its_diacritics_is_not_a_bare_place(gazetteer):
    reading = read_article("Phòng Chính trị Bộ Chỉ huy Quân sự tỉnh cho biết.", gazetteer, date=D2019)
    assert reading.mentions == []  # "Bộ" is not Thị trấn Bo


# ---------------------------------------------------------------------------------------- figures

ROLES = [
    ("Toàn bản có 105 hộ với 685 nhân khẩu.", [("105 hộ", "context"), ("685 nhân khẩu", "context")]),
    ("Bản cách trung tâm xã hơn 10km.", [("hơn 10km", "context")]),
    ("Toàn tỉnh có 21 xã, thị trấn đạt chuẩn.", [("21 xã", "context")]),
    (
        "Đoàn trao quà cho 50 hộ, trong đó có 20 hộ nghèo.",
        [("50 hộ", "activity"), ("20 hộ nghèo", "activity")],
    ),
    ("Mặt đường rộng 2,2m, dày 20cm.", [("2,2m", "context"), ("20cm", "context")]),
    ("Đồn quản lý đoạn biên giới dài gần 42 km.", [("gần 42 km", "context")]),
    ("Đơn vị thi công tuyến đường dài 1,6 km.", [("1,6 km", "activity")]),
    ("Có 14 hộ hiến đất làm đường.", [("14 hộ", "activity")]),
    ("Thuê người cắt lúa (20.000 đồng/giờ).", [("20.000 đồng", "context")]),
    ("Trên 98% dân số là đồng bào dân tộc.", [("Trên 98%", "context")]),
    ("Mỗi suất trị giá một triệu đồng, sẻ chia một phần khó khăn.", [("một triệu đồng", "activity")]),
    ("Đoàn làm đường dài 350m.", [("350m", "activity")]),
    ("Hộ nghèo chiếm 5%.", [("5%", "context")]),
    ("Xã có 17 căn, xã Kim Sơn 08 căn.", [("17 căn", "activity"), ("08 căn", "activity")]),
    (
        "Các hộ được tặng bò ở xã A có 3 hộ; xã B có 2 hộ: ông Ba và bà Tư; xã C có 01 hộ là bà Năm.",
        [("3 hộ", "activity"), ("2 hộ", "activity"), ("01 hộ", "activity")],
    ),
    ("Thôn có 80 hộ; xã có 350 hộ.", [("80 hộ", "context"), ("350 hộ", "context")]),
    ("Có 40 hộ là người dân tộc Tày.", [("40 hộ", "context")]),
    (
        "Một mình chị nuôi 3 con nhỏ; bà có 4 người con.",
        [("3 con nhỏ", "context"), ("4 người con", "context")],
    ),
    ("Tỷ lệ hộ nghèo chiếm tới 60%. Đời sống còn khó.", [("60%", "context")]),
    ("Hộ nghèo đơn thân có 1 con; do 2 bên phối hợp.", [("1 con", "context"), ("2 bên phối", "context")]),
    ("Cầu có tải trọng thiết kế 1 tấn.", [("1 tấn", "context")]),
    ("Bò nặng khoảng 160 kg đến 200kg.", [("khoảng 160 kg", "context"), ("200kg", "context")]),
    ("Hơn 2.600 nhà bị ngập từ 1-3m.", [("Hơn 2.600 nhà", "context"), ("1-3m", "context")]),
    (  # what a storm caused ("khiến cho"), not whom something was given to
        "Lốc xoáy ở thôn Nà Lầu đã khiến cho 7 nhà bị tốc mái, 3 cột điện ngã đổ, 2 chiếc xe máy bị hư hỏng.",
        [("7 nhà", "context"), ("3 cột điện", "context"), ("2 chiếc xe", "context")],
    ),
    ("Cơn lốc thổi bay 12 mái nhà.", [("12 mái nhà", "context")]),
    ("Các đoàn đến 42 tổ dân phố trao quà.", [("42 tổ dân", "context")]),  # a count of settlements
    ("Xã có tới 95% người dân là đồng bào Dao.", [("95%", "context")]),
    ("Xã có 4.215 nhân khẩu trên tổng số 798 hộ.", [("4.215 nhân khẩu", "context"), ("798 hộ", "context")]),
    ("Xã Cao Bồ là xã vùng 3 đặc biệt khó khăn, đoàn trao 50 suất quà.", [("50 suất quà", "activity")]),
    ("Thu nhập trên địa bàn xã đạt trên 36 triệu đồng/người/năm.", [("trên 36 triệu đồng", "context")]),
    ("Huyện có trên 51.000 ha đất lâm nghiệp.", [("trên 51.000 ha", "context")]),
    ("Sản lượng măng tươi đạt khoảng 32 nghìn tấn.", [("khoảng 32 nghìn tấn", "context")]),
    ("Năm nay bà con trồng mới 40 ha quế.", [("40 ha", "activity")]),
    ("Chỉ trong 1 giờ, nước dâng cao gần 2m, cuốn đi nhiều tài sản.", [("gần 2m", "context")]),
    ("Gần 50ha lúa và 4ha ao cá bị mất trắng.", [("Gần 50ha", "context"), ("4ha", "context")]),
    ("Lũ làm gãy 5 cột điện; gió gãy 9 cây xà cừ.", [("5 cột điện", "context"), ("9 cây xà", "context")]),
    ("Đoàn đã trao quà cho 50 hộ bị thiệt hại.", [("50 hộ", "activity")]),
    (  # a verb inside a body's name is no act: the flood's toll stays the setting
        "Theo Phòng Nông nghiệp và Phát triển nông thôn huyện, có hơn 900ha lúa bị ngập sâu.",
        [("hơn 900ha", "context")],
    ),
    ("Đoàn tặng 6 con bò giống; xã Tân Bình 6 con.", [("6 con bò", "activity"), ("6 con", "activity")]),
    (
        "Gần 30 lượt cán bộ, chiến sĩ cùng với 80 người cao tuổi.",
        [("Gần 30 lượt cán bộ, chiến sĩ", "activity"), ("80 người cao tuổi", "activity")],
    ),
    (
        "Mưa lũ đã làm 89 nhà sập, đổ và 294 nhà hư hỏng nặng.",
        [("89 nhà", "context"), ("294 nhà", "context")],  # the damage is no part of the unit
    ),
    (
        "Địa bàn có 924 hộ, gồm 2 dân tộc chính là Nùng và Mông.",
        [("924 hộ", "context"), ("2 dân tộc", "context")],
    ),
    ("05/01/2026 - 08:49 - 59 lượt xem. Đoàn tặng 20 suất quà.", [("20 suất quà", "activity")]),
    ("Tân Thịnh là xã 135 đặc biệt khó khăn; mỗi xã 6 con bò.", [("6 con bò", "activity")]),
    ("Ông sống trong căn nhà cấp 4 cũ; Hội tặng 1 căn nhà mới.", [("1 căn nhà", "activity")]),
    ("Hai bà cháu sống nhờ trợ cấp hàng tháng hơn 500 ngàn đồng.", [("hơn 500 ngàn đồng", "context")]),
    ("Thành phố có 44 hộ được nhận tiền hỗ trợ.", [("44 hộ", "activity")]),
    ("Đồn quản lý, bảo vệ 17,5 km đường biên giới.", [("17,5 km", "context")]),
    (
        "Nhà có 3 phòng ngủ, 01 phòng bếp; đoàn tặng 1 tivi.",
        [("3 phòng ngủ", "context"), ("01 phòng bếp", "context"), ("1 tivi", "activity")],
    ),
    ("Hai mẹ con bà A được tặng 2 mẹ con.", [("2 mẹ con", "context")]),
    ("Trong 19 năm qua, chương trình đã chi trên 544 tỉ đồng.", [("trên 544 tỉ đồng", "context")]),
    ("Từ năm 2016 đến nay, hội đã trao 1.100 suất học bổng.", [("1.100 suất học bổng", "context")]),
    ("Từ đầu năm đến nay, hội đã trao 110 suất học bổng.", [("110 suất học bổng", "activity")]),
    ("Đoàn tặng quà cho 70 hộ gia đình là hộ nghèo.", [("70 hộ gia đình", "activity")]),
    ("Đoàn đã giúp 200 hộ dân bị thiệt hại.", [("200 hộ dân", "activity")]),
    ("Riêng huyện có 1.310 hộ dân tộc Chứt được hỗ trợ.", [("1.310 hộ dân", "activity")]),
    ("Lũ làm 700 căn nhà bị chia cắt.", [("700 căn nhà", "context")]),
    ("Hằng trăm suất quà đã được trao.", [("Hằng trăm suất quà", "activity")]),
    ("Gia đình hiến cả ngàn mét vuông đất.", [("cả ngàn mét vuông", "activity")]),
    (
        "Có 30 đồng chí ra quân, giúp 500 đồng bào.",
        [("30 đồng chí", "activity"), ("500 đồng bào", "activity")],
    ),
    (
        "Đến nay tỉnh có 128 ca mắc bệnh; đoàn tặng 200 suất quà.",
        [("128 ca", "context"), ("200 suất quà", "activity")],
    ),
    ("Hiện nay 100% tuyến đường thôn đã cứng hóa.", [("100%", "context")]),
    (
        "Đoàn đã thực hiện 3 tuyến đường cờ, kinh phí thực hiện 30 triệu đồng.",
        [("3 tuyến đường", "activity"), ("30 triệu đồng", "activity")],
    ),
    ("Xã còn 78 hộ nghèo (chiếm 1,23% tổng số hộ).", [("78 hộ nghèo", "context"), ("1,23%", "context")]),
    ("Đoàn xây một nhà văn hóa 2 tầng.", [("2 tầng", "context")]),
    (
        "Trong tổng số 428 thanh niên đủ sức khỏe, xã chọn được 270 thanh niên.",
        [("428 thanh niên", "context"), ("270 thanh niên", "activity")],
    ),
    ("Triều cường gây sạt lở, ảnh hưởng đến đời sống của 37 hộ dân.", [("37 hộ dân", "context")]),
    ("Đoàn đã hỗ trợ 30 hộ dân bị ảnh hưởng.", [("30 hộ dân", "activity")]),
    ("Lũ ảnh hưởng nhiều nơi, đoàn hỗ trợ 30 hộ dân.", [("30 hộ dân", "activity")]),
    (
        "Nhà có diện tích 32,8m2, trị giá 55 triệu đồng.",
        [("32,8m2", "context"), ("55 triệu đồng", "activity")],
    ),
    (
        "Mỗi hộ nhận 2 con bò nặng khoảng 160 kg đến 200kg.",
        [("2 con bò", "activity"), ("khoảng 160 kg", "context"), ("200kg", "context")],
    ),
    (
        "Đoàn tặng quà cho 876 hộ dân thuộc 20 bản và 81 học sinh.",
        [("876 hộ dân", "activity"), ("20 bản", "context"), ("81 học sinh", "activity")],
    ),
    (
        "Toàn huyện có 1.900 đoàn viên, 25 đoàn cơ sở và 1 CLB thanh niên.",
        [("1.900 đoàn viên", "context"), ("25 đoàn cơ sở", "context"), ("1 CLB", "context")],
    ),
    ("Ngày hội hiến máu thu được 170 đơn vị máu.", [("170 đơn vị", "activity")]),
    ("Đoàn trao 200 bao gạo.", [("200 bao gạo", "activity")]),
    ("Đoàn trao 5 suất quà. 1 BÌNH LUẬN", [("5 suất quà", "activity")]),
    ("Đoàn gồm 20 người, bao gồm 5 bác sĩ.", [("20 người", "activity"), ("5 bác sĩ", "activity")]),
    (
        "Xã có dân số 24.215 người (trong đó đồng bào dân tộc 1.983 người).",
        [("24.215 người", "context"), ("1.983 người", "context")],
    ),
    (
        "Đoàn tặng 20 suất quà (trong đó 5 suất cho trẻ em).",
        [("20 suất quà", "activity"), ("5 suất", "activity")],
    ),
    ("Trận lũ khiến hơn 100 trụ tiêu đổ.", [("hơn 100 trụ tiêu", "context")]),
    ("Dưới trời nắng 37 độ C, đoàn viên làm 2 km đường.", [("37 độ", "context"), ("2 km", "activity")]),
    ("Huyện có 21 đơn vị hành chính.", [("21 đơn vị", "context")]),
    (  # a range spaced around its dash is one measure; heights and diameters describe the setting
        "Đường rộng 3 - 5m; đoàn trồng 400 cây giống có chiều cao 1,5-2 m, đường kính gốc 3-4 cm.",
        [("3 - 5m", "context"), ("400 cây giống", "activity"), ("1,5-2 m", "context"), ("3-4 cm", "context")],
    ),
    (  # a storm's toll, clause by clause, and the damage's amount; the help that follows is what was done
        "Cơn bão làm 2 người chết, 5 người bị thương; 40 nhà tốc mái, hư hỏng; 120 ha lúa bị ngập. "
        "Thiệt hại ước tính khoảng 30 tỷ đồng. Huyện đoàn hỗ trợ 50 hộ bị thiệt hại, mỗi hộ 2 triệu đồng.",
        [
            ("2 người", "context"),
            ("5 người", "context"),
            ("40 nhà", "context"),
            ("120 ha", "context"),
            ("khoảng 30 tỷ đồng", "context"),
            ("50 hộ", "activity"),
            ("2 triệu đồng", "activity"),
        ],
    ),
    (  # livestock lost, the damage said after a list; a bridge's spans, a cow's weight, a flood's depth
        "Có 60 con gia súc, 900 con gia cầm bị chết, bị lũ cuốn trôi. Cầu mới dài 40m, có 3 nhịp. "
        "Mỗi con bò có trọng lượng từ 150 kg trở lên; nhà dân còn ngập với mực nước khoảng 30 cm.",
        [
            ("60 con", "context"),
            ("900 con", "context"),
            ("40m", "context"),
            ("3 nhịp", "context"),
            ("150 kg", "context"),
            ("khoảng 30 cm", "context"),
        ],
    ),
    (  # the criteria a commune meets are its standing, not what was done
        "Xã phấn đấu hoàn thành 19 tiêu chí; năm nay xã làm thêm 3 km đường.",
        [("19 tiêu chí", "context"), ("3 km", "activity")],
    ),
    (  # what a body or a place holds now, and a stock, are its standing
        "Hiện nay, Hội có 12 doanh nghiệp; đàn gia súc đạt hơn 3.000 con; tổng dư nợ 9 tỷ đồng.",
        [("12 doanh nghiệp", "context"), ("hơn 3.000 con", "context"), ("9 tỷ đồng", "context")],
    ),
    (  # what a disaster struck, said before it; crops and "gãy đổ" are no acts
        "Lũ quét làm trôi hoàn toàn 9 căn nhà; mưa lớn làm 120ha cây trồng bị ngập, gãy đổ.",
        [("9 căn nhà", "context"), ("120ha", "context")],
    ),
    (  # each place's share of a statistic is a statistic; a share of what was given is given
        "Có 15 nhà bị sạt lở (xã Mai Pha 9 nhà; Xuân Mai 6 nhà). Đoàn trao 20 suất quà (xã A 12 suất quà).",
        [
            ("15 nhà", "context"),
            ("9 nhà", "context"),
            ("6 nhà", "context"),
            ("20 suất quà", "activity"),
            ("12 suất quà", "activity"),
        ],
    ),
    (  # a toll told past the bracket naming its victims, and a count of the disaster's own points
        "Xã A: 1 người (ông B, SN 1978) bị lật thuyền; xã C 2 người chết; còn gần 100 điểm sạt lở. "
        "Đơn vị khắc phục 20 điểm sạt lở, thu gom 4 tấn rác, xác chết động vật.",
        [
            ("1 người", "context"),
            ("2 người", "context"),
            ("gần 100 điểm sạt", "context"),
            ("20 điểm sạt", "activity"),
            ("4 tấn", "activity"),
        ],
    ),
    (  # the length of what was built, however far its noun; not a damaged or a former one
        "Tuyến đường bê tông nối giữa thôn Nà Lầu và thôn Bản Làn, xã Xuân Mai có chiều dài 250m. "
        "Đoạn đê bị sạt lở mái với chiều dài hơn 25m. Trước đây, tuyến đường trong thôn với chiều "
        "dài gần 2km không có đèn.",
        [("250m", "activity"), ("hơn 25m", "context"), ("gần 2km", "context")],
    ),
    (
        "Công trình thắp sáng tại bản Nà Lầu, bản Pò Mã và bản Khòn Pầu gồm 30 cột, với chiều dài 3km "
        "được các cơ quan giúp đỡ.",
        [("30 cột", "activity"), ("3km", "activity")],
    ),
    (  # rainfall, a landslide's volume, those it threatens
        "Lượng mưa đo được tại đèo Khau Phạ 152 mm; tuyến đường sạt lở khoảng 500 m³ đất, khối lượng "
        "đất đá ước tính 1.000 m³, đe dọa 31 hộ dân.",
        [
            ("152 mm", "context"),
            ("khoảng 500 m³", "context"),
            ("ước tính 1.000 m³", "context"),
            ("31 hộ dân", "context"),
        ],
    ),
    (  # what a place has, a family, a container's size; a comment box's limit is no figure
        "Huyện đảo có trên 550 tàu cá, hơn 3.000 ngư dân. Chị có một con gái. Đoàn trao 950 can nước "
        "loại 30 lít. Tối đa: 1500 ký tự",
        [
            ("trên 550 tàu cá", "context"),
            ("hơn 3.000 ngư dân", "context"),
            ("một con gái", "context"),
            ("950 can nước", "activity"),
            ("30 lít", "context"),
        ],
    ),
    (  # the people of households counted as context are context; of those helped, helped
        "Đất đá trượt xuống làm ảnh hưởng trực tiếp đến 33 hộ dân với 111 nhân khẩu và gây cản trở lưu "
        "thông. Hiện xã có 9 điểm nguy cơ sạt lở cao, với khoảng 194 hộ/gần 800 nhân khẩu cần được sơ tán. "
        "Đoàn hỗ trợ 20 hộ với 80 nhân khẩu.",
        [
            ("33 hộ dân", "context"),
            ("111 nhân khẩu", "context"),
            ("9 điểm nguy", "context"),
            ("khoảng 194 hộ", "context"),
            ("gần 800 nhân khẩu", "context"),
            ("20 hộ", "activity"),
            ("80 nhân khẩu", "activity"),
        ],
    ),
    (  # a hospital's number is its name; a bridge's load is a measure
        "Các bác sĩ Bệnh viện Quân y 175 khám bệnh cho 300 người dân. Cầu trọng tải 3 tấn, chi phí "
        "310 triệu đồng.",
        [("300 người dân", "activity"), ("3 tấn", "context"), ("310 triệu đồng", "activity")],
    ),
    (  # a toll said as the consequence of the rain, and a fire's
        "Mưa lớn gây sạt lở đất. Hậu quả làm 4 người chết; vụ cháy làm 2 người bị thương. "
        "Đoàn hỗ trợ 4 gia đình.",
        [("4 người", "context"), ("2 người", "context"), ("4 gia đình", "activity")],
    ),
    (  # "hiện nay" before what has been done is no statistic
        "Hiện nay 02 tuyến đường nội thôn đã cơ bản hoàn thành. Hiện nay 50 hộ dân sinh sống ở thôn.",
        [("02 tuyến đường", "activity"), ("50 hộ dân", "context")],
    ),
    (  # ... but not what was done, nor those a loan reached
        "Hiện nay, Hội đã trao 12 suất quà; dư nợ 9 tỷ đồng cho 300 hộ vay.",
        [("12 suất quà", "activity"), ("9 tỷ đồng", "context"), ("300 hộ", "activity")],
    ),
    (  # a share paid back or a rating is no share given
        "Hội hỗ trợ 20 con bò, hộ nghèo hoàn trả 50% vốn. Nhà của bà A, thương binh 81%.",
        [("20 con bò", "activity"), ("50%", "context"), ("81%", "context")],
    ),
    ("Hộ được hỗ trợ 50% kinh phí mua giống.", [("50%", "activity")]),
    (  # what the whole place has, or lost, is its standing; not those who did something
        "Toàn thôn có 48 căn nhà. Phường ghi nhận 10 người tử vong. Toàn thôn có trên 50 hộ hiến đất.",
        [("48 căn nhà", "context"), ("10 người", "context"), ("trên 50 hộ", "activity")],
    ),
    (  # the missing, a vehicle's size, a crack's depth: the setting
        "Lực lượng tìm kiếm 6 người mất tích. Cầu cho xe dưới 16 chỗ lưu thông. "
        "Vết nứt có chiều sâu từ 20 - 80 cm.",
        [("6 người", "context"), ("dưới 16 chỗ", "context"), ("20 - 80 cm", "context")],
    ),
    (  # how far a place lies, and a hamlet's only households
        "Xã nằm cách trung tâm huyện Văn Quan hơn 35km. Thôn Nà Pàn chỉ 96 hộ dân, 360 nhân khẩu.",
        [("hơn 35km", "context"), ("96 hộ dân", "context"), ("360 nhân khẩu", "context")],
    ),
    (  # a weight is said right before it; a share of damage is the setting
        "Đoàn trao quà cho thương bệnh binh nặng và 91 phần quà cho gia đình chính sách. Bò nặng khoảng "
        "160 kg đến 200kg. 9 hộ có nhà hư hỏng 50%-70% được hỗ trợ 30 triệu đồng/hộ.",
        [
            ("91 phần quà", "activity"),
            ("khoảng 160 kg", "context"),
            ("200kg", "context"),
            ("9 hộ", "activity"),
            ("50%", "context"),
            ("30 triệu đồng", "activity"),
        ],
    ),
    (  # communes that reached the standard now, not those a province has
        "Tỉnh vừa công nhận 13 xã đạt chuẩn nông thôn mới. Toàn tỉnh có 86 xã đạt chuẩn, 36/118 xã hoàn thành.",
        [("13 xã", "activity"), ("86 xã", "context"), ("36/118 xã", "context")],
    ),
    (  # households whose road or life it is, not who got something; those taking part do take part
        "Con đường phục vụ đi lại của 350 hộ dân. Buổi lễ có sự tham gia của 30 hộ dân.",
        [("350 hộ dân", "context"), ("30 hộ dân", "activity")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), ROLES)
def test_figure_roles(text, expected):
    assert [(f.text, f.role) for f in find_figures(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Xã đạt tiêu chí “3 cứng” về giao thông.",
        "Chương trình gian hàng 0 đồng mở cửa.",
        "Lữ đoàn 198 ra quân.",
    ],
)
def test_named_numbers_are_no_figures(text):
    assert find_figures(text) == []


def test_leading_zeros_and_unit_nouns_whole():
    got = [(f.value, f.unit) for f in find_figures("Làm 02 km đường và tặng hàng trăm chiếc bánh chưng.")]
    assert got == [(2, "km"), (100, "chiếc bánh chưng")]


# ------------------------------------------------------------------------------------ attribution


def _owners(gazetteer, text, province="Lạng Sơn"):
    reading = read_article(text, gazetteer, date=D2019, province=province)
    return [(f.text, [u.name for u in a.units]) for a in build_activities(reading) for f in a.figures]


def test_each_item_of_a_list_gets_its_own_figure(gazetteer):
    text = "Năm nay, xã Cao Lâu nhận 17 căn nhà, xã Xuất Lễ 08 căn, xã Mai Pha 11 căn."
    assert _owners(gazetteer, text) == [
        ("17 căn nhà", ["Cao Lâu"]),
        ("08 căn", ["Xuất Lễ"]),
        ("11 căn", ["Mai Pha"]),
    ]


def test_a_place_after_its_figure(gazetteer):
    text = "Đoàn trao 20 suất quà cho xã Cao Lâu và 30 suất quà cho xã Xuất Lễ."
    assert _owners(gazetteer, text) == [("20 suất quà", ["Cao Lâu"]), ("30 suất quà", ["Xuất Lễ"])]


def test_the_paragraph_carries_its_place_and_the_province_needs_words(gazetteer):
    text = (
        "Đoàn đã đến xã Cao Lâu, huyện Cao Lộc. Tại đây, đoàn trao 50 suất quà cho hộ nghèo.\n"
        "Toàn tỉnh đã có 1.200 ngày công giúp dân."
    )
    assert _owners(gazetteer, text) == [("50 suất quà", ["Cao Lâu"]), ("1.200 ngày công", ["Lạng Sơn"])]


def test_a_figure_in_a_paragraph_without_places_goes_to_the_focus(gazetteer):
    text = (
        "Tuổi trẻ về với xã Cao Lâu\n"
        "Sáng nay, đoàn viên xã Cao Lâu, huyện Cao Lộc ra quân.\n"
        "Đoàn đã tặng 100 cuốn sách cho học sinh."
    )
    assert _owners(gazetteer, text) == [("100 cuốn sách", ["Cao Lâu"])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đoàn trao hai cặp bò giống và năm ngôi nhà.", [(2, "cặp bò"), (5, "ngôi nhà")]),
        ("Một người dân cho biết năm 2019 xã đổi mới.", []),
        ("Trên 1.200 ĐVTN tham gia dọn vệ sinh.", [(1200, "ĐVTN")]),
        ("Trong số 3 gia đình được hỗ trợ có 2 hộ nghèo.", [(3, "gia đình"), (2, "hộ nghèo")]),
        ("xã An Minh Bắc, huyện U Minh Thượng 03 căn\nThông qua việc hỗ trợ", [(3, "căn")]),
        ("Mỗi suất trị giá 300-350 ngàn đồng.", [(300_000, "đồng")]),  # a range: its low end
        ("Nhà giá từ 75–100 triệu đồng/căn.", [(75_000_000, "đồng")]),
        ("Ngày 10-12-2020 trao 5 suất; gọi 0912-345-678.", [(5, "suất")]),  # dates, phones: no range
        ("Giai đoạn 2019-2020 có 40-30 hộ.", []),  # years; a falling pair is no range
        ("Đoàn chúc Tết 15 gia đình chính sách.", [(15, "gia đình")]),  # "Tết" is no name
        ("Đội về thôn Quảng Trung 1.", []),  # a name's number
        ("Nhà thuộc Chương trình 100 nhà của tỉnh; 313 chia sẻ", []),  # a programme's name; page chrome
    ],
)
def test_number_words_acronym_units_and_items_closed_by_a_line_end(text, expected):
    assert [(f.value, f.unit) for f in find_figures(text)] == expected


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Thống kê sơ bộ, xã có gần 700 căn nhà bị chia cắt.", "context"),
        ("Buôn có hơn 90% là người dân tộc thiểu số.", "context"),
        ("Xã có 12 nhóm dân tộc thiểu số khác cùng sinh sống.", "context"),
        ("Hiện nay, toàn huyện có trên 1.900 đoàn viên, hơn 2.000 hội viên.", "context"),
        ("Bà con kê cao hàng chục tấn lúa.", "activity"),
        ("Thanh niên mở đường tổng chiều dài 1,5 km.", "activity"),
    ],
)
def test_statistics_are_told_by_their_words(text, role):
    assert {f.role for f in find_figures(text)} == {role}


def test_a_quoted_name_before_a_figure_does_not_hide_it():
    text = 'Công trình "Hệ thống máy tính" trị giá 90 triệu đồng; 40 góc học tập "Cùng em" được trao.'
    assert [f.text for f in find_figures(text)] == ["90 triệu đồng", "40 góc học"]


def test_a_list_in_brackets_after_a_counted_type_word(gazetteer):
    text = "Giúp dân 02 xã (Cao Lâu, Xuất Lễ) và huyện Cao Lộc."
    got = [(t, p) for t, role, p in _places(gazetteer, text)]
    assert got[:2] == [
        ("Cao Lâu", "Xã Cao Lâu, huyện Cao Lộc, tỉnh Lạng Sơn"),
        ("Xuất Lễ", "Xã Xuất Lễ, huyện Cao Lộc, tỉnh Lạng Sơn"),
    ]


def test_words_that_describe_the_type_before_the_name(gazetteer):
    got = _places(gazetteer, "Đoàn đến 2 xã biên giới Cao Lâu và Xuất Lễ, huyện Cao Lộc.")
    assert [p for _, _, p in got][:2] == [
        "Xã Cao Lâu, huyện Cao Lộc, tỉnh Lạng Sơn",
        "Xã Xuất Lễ, huyện Cao Lộc, tỉnh Lạng Sơn",
    ]
    # A lower-case word that is not a name's own does not make one: "vạn Xuân nói" is no Xuân Nội.
    assert _places(gazetteer, "Anh xã vạn Xuân nói rằng đường đã xong.") == []


def test_the_province_before_the_title_colon_is_a_place_but_not_the_figure_owner(gazetteer):
    text = (
        "Lạng Sơn: Huy động 300 ngày công làm đường\n"
        "Đồn Biên phòng cùng nhân dân 2 xã Cao Lâu, Xuất Lễ của huyện Cao Lộc đã làm xong đường."
    )
    reading = read_article(text, gazetteer, date=D2019)
    assert reading.mentions[0].unit.name == "Lạng Sơn" and reading.mentions[0].role == "place"
    owners = [(f.text, sorted(u.name for u in a.units)) for a in build_activities(reading) for f in a.figures]
    assert owners == [("300 ngày công", ["Cao Lâu", "Xuất Lễ"])]


def test_each_activity_takes_the_date_of_its_own_sentence(gazetteer):
    text = (
        "Tiêu đề\n20/04/2016 08:00\nNgày 24-4, cán bộ về xã Mai Pha, thành phố Lạng Sơn làm 2 km đường. "
        "Năm 2015, xã đã nhận 30 suất quà. Đoàn cũng trao 5 triệu đồng."
    )
    reading = read_article(text, gazetteer)
    got = [(f.text, a.start.isoformat(), a.date_source) for a in build_activities(reading) for f in a.figures]
    assert got == [
        ("2 km", "2016-04-24", "sentence"),
        ("30 suất quà", "2015-01-01", "period"),
        ("5 triệu đồng", "2016-04-24", "lead"),
    ]


def test_lists_opened_by_words_and_parents_that_are_provinces(gazetteer):
    got = _places(gazetteer, "Quà cho 12 xã, thị trấn gồm: Cao Lâu, Xuất Lễ và thị trấn Cao Lộc.")
    assert [p for _, _, p in got][:2] == [
        "Xã Cao Lâu, huyện Cao Lộc, tỉnh Lạng Sơn",
        "Xã Xuất Lễ, huyện Cao Lộc, tỉnh Lạng Sơn",
    ]
    day = dt.date(2026, 2, 8)
    got = _places(gazetteer, "Trao quà cho 400 hộ ở xã A Sào, Hưng Yên.", day)
    assert [p for _, _, p in got] == ["Xã A Sào, tỉnh Hưng Yên", "Tỉnh Hưng Yên"]


def test_a_bracket_after_an_organisation_locates_it(gazetteer):
    got = _places(gazetteer, "UBND xã Đồng Phú (Long Hồ) khánh thành cầu.", dt.date(2021, 12, 26))
    assert ("Long Hồ", "place", "Huyện Long Hồ, tỉnh Vĩnh Long") in got
    assert ("xã Đồng Phú", "actor", "Xã Đồng Phú, huyện Long Hồ, tỉnh Vĩnh Long") in got


def test_a_commune_is_read_in_the_province_its_paragraph_names(gazetteer):
    text = (
        "Ba xã Cẩm Bình, Cẩm Duệ và Cẩm Lạc của Hà Tĩnh nhận quà.\n"
        "Tại tỉnh Cao Bằng, đoàn phát tiền cho các hộ ở xã Hòa An."
    )
    reading = read_article(text, gazetteer, date=dt.date(2025, 12, 2))
    hoa_an = next(m for m in reading.mentions if m.text == "xã Hòa An")
    assert hoa_an.unit is not None and hoa_an.unit.province == "Cao Bằng"


def test_a_sentence_after_a_list_speaks_of_all_its_places(gazetteer):
    text = (
        "Đoàn trao 70 suất quà gồm xã Cao Lâu 20 suất, xã Xuất Lễ 20 suất và xã Mai Pha 30 suất. "
        "Mỗi suất quà trị giá 1 triệu đồng."
    )
    got = _owners(gazetteer, text)
    assert got[1:4] == [("20 suất", ["Cao Lâu"]), ("20 suất", ["Xuất Lễ"]), ("30 suất", ["Mai Pha"])]
    assert sorted(got[4][1]) == ["Cao Lâu", "Mai Pha", "Xuất Lễ"]


def test_a_scope_after_the_figure_and_carried_to_the_next_paragraph(gazetteer):
    text = (
        "Chiều nay, tại xã Cao Lâu, huyện Cao Lộc tổ chức lễ trao học bổng.\n"
        "Ban tổ chức trao 40 suất học bổng cho học sinh nghèo trên địa bàn huyện.\n"
        "Trong đó có 25 suất cho học sinh tiểu học.\n"
        "Tại xã Xuất Lễ, đoàn tặng 10 suất quà."
    )
    assert _owners(gazetteer, text) == [
        ("40 suất học bổng", ["Cao Lộc"]),
        ("25 suất", ["Cao Lộc"]),
        ("10 suất quà", ["Xuất Lễ"]),
    ]


def test_a_scope_after_the_figure_does_not_beat_the_commune_of_its_sentence(gazetteer):
    text = "Về xã Cao Lâu, huyện Cao Lộc, gặp trên 200 đoàn viên trên địa bàn huyện làm đường."
    assert _owners(gazetteer, text) == [("trên 200 đoàn viên", ["Cao Lâu"])]


def test_a_total_goes_to_all_the_places_of_the_list_it_sums(gazetteer):
    text = (
        "Bàn giao 30 căn nhà cho hộ nghèo\n"
        "Năm nay, xã Cao Lâu có 12 căn, xã Xuất Lễ 08 căn, xã Mai Pha 10 căn.\n"
        "Riêng xã Cao Lâu còn nhận 12 suất quà."
    )
    got = _owners(gazetteer, text)
    assert got[0][0] == "30 căn nhà" and sorted(got[0][1]) == ["Cao Lâu", "Mai Pha", "Xuất Lễ"]
    assert got[1:] == [
        ("12 căn", ["Cao Lâu"]),
        ("08 căn", ["Xuất Lễ"]),
        ("10 căn", ["Mai Pha"]),
        ("12 suất quà", ["Cao Lâu"]),  # same number, another thing: not a total
    ]


def test_a_set_of_communes_named_with_the_focus_carries_to_the_next_paragraphs(gazetteer):
    text = (
        "Đoàn đến xã Cao Lâu, huyện Cao Lộc trao quà cho hộ nghèo các xã: Cao Lâu, Xuất Lễ và Mẫu Sơn.\n"
        "Có 45 suất quà được trao cho các gia đình.\n"
    )
    got = _owners(gazetteer, text)
    assert got[0][0] == "45 suất quà" and sorted(got[0][1]) == ["Cao Lâu", "Mẫu Sơn", "Xuất Lễ"]


def test_two_communes_named_together_do_not_replace_the_focus(gazetteer):
    text = (
        "Đoàn về xã Cao Lâu, huyện Cao Lộc.\n"
        "Đoàn trao nhà cho hộ nghèo tại xã Cao Lâu và Xuất Lễ; ở xã Cao Lâu dựng sân chơi.\n"
        "Đoàn còn tặng 30 suất quà cho học sinh.\n"
    )
    assert _owners(gazetteer, text)[-1] == ("30 suất quà", ["Cao Lâu"])


def test_with_nothing_else_an_organisations_unit_places_its_figures(gazetteer):
    text = (
        "Hội Khuyến học huyện Cao Lộc vừa trao 60 suất học bổng cho học sinh nghèo. "
        "Trong đó, mỗi suất 1 triệu đồng.\n"
    )
    assert _owners(gazetteer, text) == [("60 suất học bổng", ["Cao Lộc"]), ("1 triệu đồng", ["Cao Lộc"])]


def test_amounts_per_item_are_not_summed_into_a_total(gazetteer):
    text = (
        "Đoàn trao 4 triệu đồng cho Trường Tiểu học.\n"
        "Tại xã Cao Lâu, đoàn trao học bổng, mỗi suất 3 triệu đồng.\n"
        "Tại xã Tân Mỹ, huyện Văn Lãng, đoàn trao quà, mỗi suất 1 triệu đồng.\n"
    )
    assert _owners(gazetteer, text)[0] == ("4 triệu đồng", ["Lạng Sơn"])


def test_a_communes_own_body_places_figures_finer_than_the_province_named(gazetteer):
    text = "Ủy ban MTTQ xã Cao Lâu trao 120 phần quà cho hộ nghèo ở Lạng Sơn."
    assert _owners(gazetteer, text) == [("120 phần quà", ["Cao Lâu"])]


def test_a_post_named_after_a_commune_is_not_the_communes_body(gazetteer):
    text = "Đồn Biên phòng Xuất Lễ trao 20 suất quà cho hộ nghèo ở huyện Cao Lộc."
    assert _owners(gazetteer, text) == [("20 suất quà", ["Cao Lộc"])]


def test_where_a_donor_comes_from_is_a_place_but_owns_no_figure(gazetteer):
    text = (
        "Cầu dài 25m. Kinh phí 250 triệu đồng do nhóm Thiện Tâm (TP Hà Nội) hỗ trợ, "
        "UBND xã Cao Lâu huy động 100 ngày công."
    )
    assert ("TP Hà Nội", "place", "Thành phố Hà Nội") in _places(gazetteer, text)
    assert _owners(gazetteer, text) == [("250 triệu đồng", ["Cao Lâu"]), ("100 ngày công", ["Cao Lâu"])]


def test_an_association_of_one_place_in_another_is_one_organisation(gazetteer):
    got = _places(gazetteer, "Hội đồng hương Cao Bằng tại Lạng Sơn trao 20 suất học bổng.")
    assert [(text, role) for text, role, _ in got] == [("Cao Bằng", "actor"), ("Lạng Sơn", "actor")]


def test_a_syllable_listed_after_a_commune_must_be_spelled_as_a_unit(gazetteer):
    got = _places(gazetteer, "Tại Trạm Y tế xã Cao Lâu, Đảng ủy – UBND xã tổ chức khám bệnh.")
    assert [text for text, _, _ in got] == ["xã Cao Lâu"]


def test_a_parent_with_a_typo_does_not_lose_the_commune(gazetteer):
    reading = read_article("Đoàn trao quà ở xã Trùng Quán, huyện Cam Lãng.", gazetteer, date=D2019)
    commune = next(m for m in reading.mentions if m.text == "xã Trùng Quán")
    assert gazetteer.path(commune.unit) == "Xã Trùng Quán, huyện Văn Lãng, tỉnh Lạng Sơn"
    assert "parent_not_found" in commune.result.flags


def test_a_figure_in_the_title_belongs_to_the_titles_district(gazetteer):
    text = (
        "Cao Lộc: Trao 50 suất học bổng cho học sinh\n"
        "Chiều 14/9, tại xã Cao Lâu, Hội Khuyến học tổ chức lễ trao học bổng.\n"
    )
    assert _owners(gazetteer, text) == [("50 suất học bổng", ["Cao Lộc"])]


def test_houses_total_the_households_of_a_list_and_a_closing_rate_is_every_items(gazetteer):
    text = (
        "Khởi công 3 căn nhà tình nghĩa\n"
        "Quỹ hỗ trợ 2 hộ gia đình ở xã Cao Lâu và 1 hộ ở xã Xuất Lễ với số tiền 50 triệu đồng/hộ.\n"
    )
    got = [(f, sorted(u)) for f, u in _owners(gazetteer, text)]
    assert got == [
        ("3 căn nhà", ["Cao Lâu", "Xuất Lễ"]),
        ("2 hộ gia đình", ["Cao Lâu"]),
        ("1 hộ", ["Xuất Lễ"]),
        ("50 triệu đồng", ["Cao Lâu", "Xuất Lễ"]),  # the figure is the amount; "/hộ" follows it
    ]


def test_a_commune_named_once_in_a_districts_article_is_not_its_focus(gazetteer):
    text = (
        "Cao Lộc trao 1.200 suất quà Tết\n"
        "Huyện Cao Lộc (Lạng Sơn) đã trao 1.200 suất quà Tết cho các đối tượng.\n"
        "Lãnh đạo huyện Cao Lộc trao quà cho gia đình ông Nông Văn A ở xã Cao Lâu\n"
        "Các suất quà có tổng trị giá hơn 520 triệu đồng.\n"
    )
    got = _owners(gazetteer, text)
    assert got[-1] == ("hơn 520 triệu đồng", ["Cao Lộc"])


def test_a_list_goes_on_after_a_parent_in_brackets_and_past_an_unknown_name(gazetteer):
    text = (
        "Nhà được xây ở các xã: Cao Lâu, Xuất Lễ (huyện Cao Lộc) và Trùng Quán, Tân Mỹ (huyện Văn Lãng). "
        "Quà trao cho 4 xã vùng biên gồm Mẫu Sơn, Khau Pác Nhàu, Công Sơn và Hải Yến."
    )
    got = {text: path for text, role, path in _places(gazetteer, text) if role == "place"}
    assert got["Trùng Quán"] == "Xã Trùng Quán, huyện Văn Lãng, tỉnh Lạng Sơn"
    assert got["Tân Mỹ"] == "Xã Tân Mỹ, huyện Văn Lãng, tỉnh Lạng Sơn"
    assert got["Xuất Lễ"] == "Xã Xuất Lễ, huyện Cao Lộc, tỉnh Lạng Sơn"
    assert "Khau Pác Nhàu" in got and got["Khau Pác Nhàu"] is None  # no such commune: kept, reported
    assert got["Hải Yến"] == "Xã Hải Yến, huyện Cao Lộc, tỉnh Lạng Sơn"


def test_an_organisation_named_as_the_venue_places_the_article(gazetteer):
    text = (
        "Sáng nay, tại Đồn Biên phòng xã Cao Lâu (tỉnh Lạng Sơn), Hội Thầy thuốc trẻ khám bệnh cho dân.\n"
        "Đoàn đã trao 300 phần quà cho các hộ khó khăn.\n"
    )
    reading = read_article(text, gazetteer, date=D2019)
    cao_lau = next(m for m in reading.mentions if "Cao Lâu" in m.text)
    assert cao_lau.role == "actor" and cao_lau.venue
    assert _owners(gazetteer, text) == [("300 phần quà", ["Cao Lâu"])]


def test_a_communes_own_body_makes_the_article_about_its_commune(gazetteer):
    text = (
        "Ngày 13/8, Ủy ban MTTQ xã Cao Lâu (huyện Cao Lộc, tỉnh Lạng Sơn) đã trao nhà cho hộ nghèo.\n"
        "Ngôi nhà được hỗ trợ 50 triệu đồng.\n"
    )
    assert _owners(gazetteer, text) == [("50 triệu đồng", ["Cao Lâu"])]


def test_a_total_said_again_takes_the_places_of_the_one_that_names_them(gazetteer):
    text = (
        "Khởi công 10 ngôi nhà cho người nghèo ở Lạng Sơn\n"
        "Theo đó, 10 gia đình được xây nhà thuộc các xã: Cao Lâu, Xuất Lễ và Mẫu Sơn (huyện Cao Lộc).\n"
        "Tại xã Cao Lâu, đoàn còn tặng 10 suất quà.\n"
    )
    got = [(f, sorted(u)) for f, u in _owners(gazetteer, text)]
    assert got[0] == ("10 ngôi nhà", ["Cao Lâu", "Mẫu Sơn", "Xuất Lễ"])
    assert got[-1] == ("10 suất quà", ["Cao Lâu"])  # another thing, and named in its sentence


def test_a_site_clock_above_the_articles_own_date_line_is_passed_over():
    text = (
        "Tất cả chuyên mục\nLong An|\n30°C\nThứ Năm, 28/11/2024 04:42 (GMT +7)\n"
        "Đồn Biên phòng trao quà Tết\nThứ 7, 07/01/2023 | 08:00:00 [GMT +7]\n"
        "Đồn Biên phòng trao 200 phần quà cho hộ nghèo."
    )
    assert document_date(text)[:2] == (dt.date(2023, 1, 7), "date line")


def test_a_place_at_the_end_of_a_figures_clause_is_its_own(gazetteer):
    text = (
        "Đoàn thăm 15 gia đình chính sách, hộ nghèo của huyện Cao Lộc; "
        "12 gia đình chính sách, hộ nghèo của huyện Văn Lãng."
    )
    assert _owners(gazetteer, text) == [("15 gia đình", ["Cao Lộc"]), ("12 gia đình", ["Văn Lãng"])]


def test_a_list_of_bare_districts_with_counts_in_an_undated_text_naming_a_district(gazetteer):
    text = (
        "Công ty tài trợ 70 căn nhà tại các địa phương, gồm: Cao Lộc (30 căn), huyện Chi Lăng (10 căn), "
        "Văn Lãng (20 căn) và Lộc Bình (10 căn)."
    )
    reading = read_article(text, gazetteer, province="Lạng Sơn")
    assert reading.document.as_of < dt.date(2025, 7, 1)  # a district named by its type word
    got = {m.text: gazetteer.path(m.unit) for m in reading.mentions if m.unit is not None}
    assert got["Văn Lãng"] == "Huyện Văn Lãng, tỉnh Lạng Sơn"
    assert got["Lộc Bình"] == "Huyện Lộc Bình, tỉnh Lạng Sơn"


def test_two_communes_of_one_unnamed_district_share_the_figures_and_a_caption_is_no_lead(gazetteer):
    text = (
        "Đại biểu trao nhà cho hộ anh A, thôn Nà Cạo, xã Cao Lâu. Ảnh: MINH ANH\n"
        "Nhà được bàn giao cho hộ chị B ở xã Xuất Lễ và hộ anh A ở xã Cao Lâu.\n"
        "Nhân dịp này, Hội Khuyến học trao 6 suất học bổng cho học sinh nghèo.\n"
    )
    got = _owners(gazetteer, text)
    assert got[0][0] == "6 suất học bổng" and sorted(got[0][1]) == ["Cao Lâu", "Xuất Lễ"]


def test_an_undated_text_about_a_districts_body_is_read_before_2025_and_on_its_district(gazetteer):
    text = (
        "Huyện đoàn Văn Quan: Nhiều hoạt động hè\n\n"
        "Huyện đoàn Văn Quan đã tổ chức nhiều hoạt động hè ý nghĩa. Các xã đoàn tổ chức 6 buổi ra quân, "
        "dọn hơn 3 km đường làng; phối hợp với một đoàn từ thiện tại Hà Nội tặng 40 suất quà cho "
        "thiếu nhi xã Xuân Mai."
    )
    reading = read_article(text, gazetteer)
    assert reading.document.date is None and reading.document.as_of < dt.date(2025, 7, 1)
    actor = next(m for m in reading.mentions if m.role == "actor")
    assert gazetteer.path(actor.unit) == "Huyện Văn Quan, tỉnh Lạng Sơn"  # "Huyện đoàn": a district
    got = dict(_owners(gazetteer, text))
    assert got["6 buổi"] == ["Văn Quan"] and got["hơn 3 km"] == ["Văn Quan"]  # the subject's district
    assert got["40 suất quà"] == ["Xuân Mai"]  # its own clause, not the donor's city


def test_a_typed_name_one_letter_off_is_read_within_the_articles_province_only(gazetteer):
    text = "Đoàn trao 20 suất quà cho các hộ nghèo xã Quang Trungg."  # a name many communes bear
    inside = read_article(text, gazetteer, province="Lạng Sơn", date=dt.date(2019, 1, 1))
    mention = next(m for m in inside.mentions if m.text == "xã Quang Trungg")
    assert gazetteer.path(mention.unit).startswith("Xã Quang Trung, huyện Bình Gia")
    assert "typo" in mention.result.flags
    anywhere = read_article(text, gazetteer, date=dt.date(2019, 1, 1))
    assert all(m.unit is None for m in anywhere.mentions if m.text == "xã Quang Trungg")


def test_a_paragraph_opening_on_here_goes_on_with_the_place_just_named(gazetteer):
    text = (
        "Đoàn công tác đến thăm, tặng quà tại xã Xuân Mai, huyện Văn Quan.\n\n"
        "Tại đây, đoàn đã trao 10 suất quà cho các cụ già.\n\n"
        "Trước đó, đoàn đến xã Mai Pha, thành phố Lạng Sơn trao 20 suất quà.\n\n"
        "Đoàn cũng tặng 5 chiếc xe đạp cho học sinh nghèo."
    )
    got = dict(_owners(gazetteer, text))
    assert got["10 suất quà"] == ["Xuân Mai"]  # "Tại đây": the previous paragraph's place
    assert got["5 chiếc xe đạp"] != ["Mai Pha"]  # no "tại đây": a paragraph starts afresh


def test_a_paragraph_opening_on_the_things_just_listed_goes_on_with_their_places(gazetteer):
    text = (
        "Xã Xuân Mai khánh thành cầu dân sinh\n\n"
        "Ngày 5/9, xã Xuân Mai, huyện Văn Quan khánh thành hai cây cầu dân sinh.\n\n"
        "Hai cây cầu gồm: cầu Bản Làn (xã Xuân Mai) và cầu Pác Vằn (xã Yên Phúc).\n\n"
        "Các công trình được xây từ tháng 3 với tổng kinh phí hơn 2 tỷ đồng.\n\n"
        "Đoàn cũng trao 40 suất quà cho học sinh nghèo."
    )
    got = dict(_owners(gazetteer, text))
    assert got["hơn 2 tỷ đồng"] == ["Xuân Mai", "Yên Phúc"]  # "Các công trình": the bridges just listed
    assert got["40 suất quà"] == ["Xuân Mai"]  # a paragraph of its own: the place the article is about


def test_a_venue_with_words_before_it_and_a_donors_home_outside_the_province(gazetteer):
    text = (
        "Chương trình khám bệnh cho người dân xã Xuân Mai. Người dân xã Xuân Mai rất phấn khởi.\n\n"
        "Tại điểm khám Trạm Y tế Tràng Phái, bác sĩ Bệnh viện An Bình (Thành phố Hồ Chí Minh) "
        "đã khám cho 300 người dân."
    )
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    hcm = next(m for m in reading.mentions if m.text == "Thành phố Hồ Chí Minh")
    assert hcm.origin  # where the hospital comes from: outside the article's province
    got = dict(_owners(gazetteer, text))
    assert got["300 người dân"] == ["Tràng Phái"]  # "tại điểm khám <the post of> Tràng Phái"


def test_a_bracket_after_a_body_inside_the_province_is_where_it_is(gazetteer):
    text = "Đoàn hỗ trợ 30 triệu đồng cho một học sinh Trường THCS Mai Pha (Văn Quan)."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert not any(m.origin for m in reading.mentions)


def test_a_body_inside_a_bodys_name_hides_its_words_from_places(gazetteer):
    text = "Thực hiện chỉ đạo của Đảng ủy Bộ Tư lệnh Quân khu. Đơn vị đã cử 200 cán bộ giúp xã Mai Pha."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [m.text for m in reading.mentions if m.unit is not None] == ["xã Mai Pha"]


def test_an_abbreviated_type_word_does_not_end_a_sentence():
    from geo.activities import sentences

    text = "Hộ bà A (phường Vĩnh Trại, TP. Lạng Sơn) nhận nhà. Hộ ông B (H. Văn Quan) cũng vậy."
    assert [text[s:e] for s, e in sentences(text)] == [
        "Hộ bà A (phường Vĩnh Trại, TP. Lạng Sơn) nhận nhà.",
        "Hộ ông B (H. Văn Quan) cũng vậy.",
    ]


def test_a_count_followed_by_as_many_places_is_theirs_and_a_total_count_is_all_places(gazetteer):
    text = (
        "Đồn Biên phòng vừa bàn giao nhà cho hộ ông A (thôn Nà Lầu, xã Mai Pha, TP. Lạng Sơn).\n"
        "Hai hộ được tặng nhà trước đó là hộ bà B (thôn Khòn Phổ, xã Xuân Mai, huyện Văn Quan); "
        "ông C (thôn Nà Thâm, xã Tràng Phái, huyện Văn Quan).\n"
        "Tổng trị giá 3 căn nhà khoảng 150 triệu đồng."
    )
    got = {f: sorted(u) for f, u in _owners(gazetteer, text)}
    assert got["Hai hộ"] == ["Tràng Phái", "Xuân Mai"]
    assert got["3 căn nhà"] == ["Mai Pha", "Tràng Phái", "Xuân Mai"]


def test_a_figure_given_from_outside_the_province_goes_to_the_place_inside_it(gazetteer):
    text = (
        "LẠNG SƠN – Đoàn từ thiện tại Hà Nội tặng 10 chiếc xe đạp và 35 suất quà (200.000 đồng/suất) "
        "cho học sinh nghèo thôn Nà Lầu (xã Mai Pha)."
    )
    got = dict(_owners(gazetteer, text))
    assert got["10 chiếc xe đạp"] == ["Mai Pha"] and got["35 suất quà"] == ["Mai Pha"]


def test_the_ends_of_an_anniversarys_period_date_no_event_but_lend_their_year():
    text = (
        "Hướng đến kỷ niệm 45 năm Ngày thành lập công ty (7.10.1975 - 7.10.2020), ngày 18.8, "
        "đơn vị bàn giao 3 ngôi nhà."
    )
    assert [(f.day.isoformat(), f.kind) for f in _dates.body_dates(text)] == [("2020-08-18", "day_month")]


def test_a_communes_own_body_as_subject_places_the_next_sentences_figures(gazetteer):
    text = (
        "Huyện Văn Quan có nhiều hoạt động. Xã Xuân Mai ra quân làm đường. Xã Xuân Mai hoàn thành sớm.\n"
        "Chiều 18/8, Ủy ban MTTQ huyện Văn Quan phối hợp với Ủy ban MTTQ xã Tràng Phái bàn giao nhà "
        "cho hộ bà A. Ngôi nhà được xây dựng với kinh phí 120 triệu đồng."
    )
    assert dict(_owners(gazetteer, text))["120 triệu đồng"] == ["Tràng Phái"]


def test_a_count_of_items_may_name_one_commune_twice(gazetteer):
    text = (
        "Tại huyện Văn Quan, đơn vị bàn giao 3 nhà tình nghĩa cho các hộ: bà A (thôn Nà Thâm, xã Xuân Mai); "
        "bà B (thôn Khòn Phổ, xã Tràng Phái); bà C (thôn Nà Lầu, xã Xuân Mai)."
    )
    got = {f: sorted(u) for f, u in _owners(gazetteer, text)}
    assert got["3 nhà tình nghĩa"] == ["Tràng Phái", "Xuân Mai"]


def test_a_bracketed_count_after_its_place_is_an_item_not_a_total(gazetteer):
    text = (
        "Công ty tài trợ 60 căn nhà tại các huyện, gồm: Cao Lộc (20 căn), Văn Lãng (40 căn).\n"
        "Một nhà tài trợ khác giúp 40 căn, gồm: Lộc Bình (30 căn), Chi Lăng (10 căn)."
    )
    got = [(f, sorted(u)) for f, u in _owners(gazetteer, text)]
    assert got[2] == ("40 căn", ["Văn Lãng"])  # the first list's item
    assert got[3] == ("40 căn", ["Chi Lăng", "Lộc Bình"])  # the second list's total


def test_a_set_of_units_named_once_is_what_the_next_paragraphs_are_about(gazetteer):
    text = (
        "Tỉnh đoàn khánh thành công trình thắp sáng đường quê tại các xã Mai Pha (thành phố Lạng Sơn), "
        "xã Xuân Mai (huyện Văn Quan), xã Trùng Quán (huyện Văn Lãng).\n\n"
        "Công trình dài 15 km với 300 bóng điện."
    )
    got = {f: sorted(u) for f, u in _owners(gazetteer, text)}
    assert got["300 bóng điện"] == ["Mai Pha", "Trùng Quán", "Xuân Mai"]


def test_a_set_of_districts_holding_the_focus_is_what_the_next_paragraphs_are_about(gazetteer):
    text = (
        "Những phần quà Tết tại xã Xuân Mai, huyện Văn Quan\n\n"
        "Công an tỉnh trao quà Tết cho người nghèo tại 3 huyện: Văn Quan, Văn Lãng, Cao Lộc.\n\n"
        "Dịp này, đơn vị đã trao 600 suất quà tại 3 huyện nói trên."
    )
    got = {f: sorted(u) for f, u in _owners(gazetteer, text)}
    assert got["600 suất quà"] == ["Cao Lộc", "Văn Lãng", "Văn Quan"]


def test_a_paragraph_opening_on_the_ceremony_goes_on_with_its_place(gazetteer):
    text = (
        "Hội bàn giao 2 căn nhà tình thương cho hộ bà A, thuộc xã Mai Pha, thành phố Lạng Sơn.\n"
        "Tại lễ bàn giao, Hội còn tặng nhu yếu phẩm trị giá khoảng 4 triệu đồng/hộ.\n"
        "Trước đó, Hội đã bàn giao 2 căn nhà cho 2 hộ nghèo ở xã Xuân Mai (huyện Văn Quan)."
    )
    got = [(f, u) for f, u in _owners(gazetteer, text)]
    assert ("khoảng 4 triệu đồng", ["Mai Pha"]) in got


def test_a_numbered_wards_number_alone_is_not_a_place(gazetteer):
    text = "Căn nhà có diện tích 35,1 m, trị giá 40 triệu đồng. Chị A ngụ phường 1, thành phố Tây Ninh hỗ trợ thêm."
    reading = read_article(text, gazetteer, date=dt.date(2016, 1, 1), province="Tây Ninh")
    assert [m.text for m in reading.mentions if m.unit is not None] == ["phường 1", "thành phố Tây Ninh"]


def test_a_bare_name_spelt_like_the_articles_province_is_the_province(gazetteer):
    text = "Số bò trao cho hộ nghèo trên địa bàn tỉnh tại Đăk Nông trong đợt này là 100 con. Xã Thuận Hạnh nhận 20 con."
    reading = read_article(text, gazetteer, date=D2019, province="Đắk Nông")  # xã Đăk Nông: Kon Tum
    bare = next(m for m in reading.mentions if m.text == "Đăk Nông")
    assert bare.unit is not None and bare.unit.level == "province"


BODY_DATES = [
    # "Hôm nay, 31/1": the year of the sentence's "năm 2026"
    ("Ngày hội năm 2026 của phường.\nHôm nay, 31/1, tại công viên diễn ra ngày hội.", "2026-01-31"),
    # "từ ngày 8 đến 10-7": the first day, the year of the sentence
    ("Trong tháng hè năm 2016, từ ngày 8 đến 10-7, đoàn viên ra quân.", "2016-07-08"),
    # a year only in the title dates the lead's day and month
    (
        "Bàn giao nhà cho người nghèo dịp Tết Nguyên đán 2019\n\nNgày 24-1, tại xã A, đơn vị bàn giao nhà.",
        "2019-01-24",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BODY_DATES)
def test_body_dates_without_a_date_line(text, expected):
    assert [f.day.isoformat() for f in _dates.body_dates(text)] == [expected]


def test_a_list_of_districts_and_wards_after_a_figure_is_all_its_places(gazetteer):
    text = (
        "Đoàn đã trao 300 phần quà cho 900 hộ dân thuộc các huyện Văn Quan, Cao Lộc và người lao động "
        "tại phường Vĩnh Trại, Hoàng Văn Thụ, thành phố Lạng Sơn.\n"
        "Tại các nơi đến, đoàn cấp phát 1.000 tờ rơi."
    )
    got = {f: sorted(u) for f, u in _owners(gazetteer, text)}
    assert got["900 hộ dân"] == ["Cao Lộc", "Hoàng Văn Thụ", "Văn Quan", "Vĩnh Trại"]
    assert got["1.000 tờ rơi"] == got["900 hộ dân"]  # "Tại các nơi đến": the places just told


def test_communes_of_the_district_named_before_a_figure_further_on_are_its_places(gazetteer):
    text = (
        "Tại huyện Văn Quan, đoàn đã trao 140 phần quà tết cho các hộ nghèo, gia đình chính sách "
        "02 xã Xuân Mai và Tràng Phái, mỗi phần quà trị giá 700 nghìn đồng."
    )
    got = {f: sorted(u) for f, u in _owners(gazetteer, text)}
    assert got["140 phần quà"] == ["Tràng Phái", "Xuân Mai"]


def test_tphcm_in_brackets_is_the_city_and_a_section_name_is_no_commune(gazetteer):
    text = "Tin tức\nXã hội\n\nLạng Sơn: hỗ trợ người dân\nSáng 27-1, UBND phường Tân Sơn Nhất (TPHCM) trao quà Tết."
    reading = read_article(text, gazetteer, date=dt.date(2026, 1, 27))
    got = [(m.text, m.unit.level if m.unit else None) for m in reading.mentions]
    assert ("TPHCM", "province") in got
    assert not any(m.text.startswith("Xã hội") for m in reading.mentions)


def test_a_villages_name_and_a_bare_name_of_another_day_are_no_places(gazetteer):
    text = (
        "Chiều 16/11/2025, thôn Nguyên Khê (xã Mai Pha) tổ chức Ngày hội Đại đoàn kết. "
        "Người dân chung sức xây dựng quê hương Nguyên Khê."
    )
    reading = read_article(text, gazetteer, date=dt.date(2025, 11, 17), province="Lạng Sơn")
    assert [m.text for m in reading.mentions if m.unit is not None] == ["xã Mai Pha"]


def test_two_counts_of_one_thing_closing_a_list_are_the_last_items_not_a_rate(gazetteer):
    text = (
        "Phân bổ cho huyện Văn Quan 11,64 tấn gạo (hỗ trợ 203 hộ/776 khẩu) và huyện Cao Lộc "
        "52,20 tấn gạo (hỗ trợ 986 hộ/ 3.480 khẩu)."
    )
    got = [(f, u) for f, u in _owners(gazetteer, text)]
    assert ("986 hộ", ["Cao Lộc"]) in got


def test_a_place_the_givers_come_from_is_no_place_of_the_gift_but_a_route_is(gazetteer):
    text = "LẠNG SƠN – 40 triệu đồng được nhóm thiện nguyện từ TP Hà Nội trao cho người dân xã Mai Pha."
    reading = read_article(text, gazetteer, date=D2019)
    hanoi = next(m for m in reading.mentions if m.text == "TP Hà Nội")
    assert hanoi.origin
    route = "Đoàn làm 2 km đường từ xã Mai Pha đến xã Hoàng Đồng."
    assert not any(m.origin for m in read_article(route, gazetteer, date=D2019, province="Lạng Sơn").mentions)


BODIES = [
    ("Ban Thường trực UBMTTQVN tỉnh Lạng Sơn bàn giao nhà.", "tỉnh Lạng Sơn"),
    ("Ban Thường trực UBMTTQ Việt Nam thành phố Lạng Sơn trao quà.", "thành phố Lạng Sơn"),
    ("Chủ tịch Hội Liên hiệp thanh niên Việt Nam huyện Văn Quan phát biểu.", "huyện Văn Quan"),
    ("Ban chỉ huy (BCH) Quân sự huyện Cao Lộc tổ chức ra quân.", "huyện Cao Lộc"),
    ("Huyện đoàn phối hợp với Đoàn Khối Cơ quan và Doanh nghiệp tỉnh Lạng Sơn trao quà.", "tỉnh Lạng Sơn"),
]


@pytest.mark.parametrize(("text", "actor"), BODIES)
def test_bodies_named_with_acronyms_the_countrys_name_or_a_bracket_are_actors(gazetteer, text, actor):
    reading = read_article(text, gazetteer, date=D2019)
    assert [(m.text, m.role) for m in reading.mentions if m.unit is not None] == [(actor, "actor")]


def test_the_address_of_whoever_paid_is_no_place_of_the_gift(gazetteer):
    text = (
        "Căn nhà trị giá 40 triệu đồng do Công ty TNHH A, xã Mai Pha, thành phố Lạng Sơn tài trợ "
        "cho hộ chị B ở xã Xuân Mai."
    )
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert {m.text for m in reading.mentions if m.origin} == {"xã Mai Pha", "thành phố Lạng Sơn"}


def test_words_glued_at_a_capital_are_two_words(gazetteer):
    text = "Đoàn trao 20 suất quà cho hộ nghèo xãXuân Mai, huyện VănQuan."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [(m.text, m.unit.name) for m in reading.mentions if m.unit is not None] == [
        ("xãXuân Mai", "Xuân Mai"),
        ("huyện VănQuan", "Văn Quan"),
    ]


def test_names_listed_before_a_bracket_holding_their_district_are_its_communes(gazetteer):
    text = (
        "Hội hỗ trợ 50 triệu đồng cho các địa phương, gồm Xuân Mai, Tràng Phái (huyện Văn Quan); "
        "Trùng Quán (huyện Văn Lãng)."
    )
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    got = [
        (m.text, m.unit.district)
        for m in reading.mentions
        if m.unit is not None and m.unit.level == "commune"
    ]
    assert got == [("Xuân Mai", "Văn Quan"), ("Tràng Phái", "Văn Quan"), ("Trùng Quán", "Văn Lãng")]


def test_a_figure_given_to_the_next_takes_its_place(gazetteer):
    text = (
        "Hội trao 10 tấn gạo cho 376 hộ dân ở 12 thôn thuộc xã Xuân Mai và trao 120 triệu đồng cho "
        "trên 100 hộ tại xã Mai Pha."
    )
    got = dict(_owners(gazetteer, text))
    assert got["10 tấn"] == ["Xuân Mai"]
    assert got["120 triệu đồng"] == ["Mai Pha"]


def test_a_figure_for_each_commune_listed_is_theirs_and_names_no_commune(gazetteer):
    text = (
        "Bốn địa phương nhận nhà gồm: xã Xuân Mai (5 căn), và các xã: Tràng Phái, Mai Pha, Hoàng Đồng, "
        "mỗi xã 4 căn."
    )
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert all(m.unit is not None for m in reading.mentions)
    got = dict(_owners(gazetteer, text))
    assert got["5 căn"] == ["Xuân Mai"]
    assert sorted(got["4 căn"]) == ["Hoàng Đồng", "Mai Pha", "Tràng Phái"]


def test_the_set_the_focus_commune_is_named_in_is_what_the_article_is_about(gazetteer):
    text = (
        "Ban tổ chức cho biết các lực lượng đã làm 14 căn nhà, sửa 1 tuyến đường.\n\n"
        "Dân quân xã Xuân Mai giúp dân dựng nhà.\n\n"
        "Chương trình được tổ chức ở các xã Xuân Mai, Tràng Phái và Mai Pha."
    )
    got = dict(_owners(gazetteer, text))
    assert sorted(got["14 căn nhà"]) == ["Mai Pha", "Tràng Phái", "Xuân Mai"]


def test_a_total_of_a_list_counts_each_of_the_units_a_figure_is_given_for(gazetteer):
    text = (
        "Quỹ trích 90 triệu đồng để làm 9 nhà cho hộ nghèo. Cụ thể huyện Văn Quan 03 nhà, "
        "các huyện Cao Lộc, Văn Lãng, Lộc Bình mỗi huyện 02 nhà."
    )
    got = dict(_owners(gazetteer, text))
    assert sorted(got["9 nhà"]) == ["Cao Lộc", "Lộc Bình", "Văn Lãng", "Văn Quan"]
    assert sorted(got["90 triệu đồng"]) == ["Cao Lộc", "Lộc Bình", "Văn Lãng", "Văn Quan"]


def test_a_total_with_its_value_adds_up_items_spelled_either_way(gazetteer):
    text = (
        "Huyện đoàn Văn Quan trao 60 suất quà, trị giá hơn 6 triệu đồng. Đoàn trao 40 suất cho bà con "
        "xã Xuân Mai. Cùng ngày, đoàn trao 20 xuất quà cho bà con xã Tràng Phái."
    )
    got = dict(_owners(gazetteer, text))
    assert sorted(got["60 suất quà"]) == ["Tràng Phái", "Xuân Mai"]


def test_a_total_said_on_the_district_again_takes_the_communes_that_name_it(gazetteer):
    text = (
        "Nông thôn huyện Văn Quan có thêm 3 cầu bê tông\n\n"
        "3 cây cầu được bàn giao gồm: cầu A ở thôn B, xã Xuân Mai; cầu C ở xã Tràng Phái và cầu D ở xã Tri Lễ."
    )
    got = dict(_owners(gazetteer, text))
    assert set(got["3 cầu bê tông"]) == {"Tràng Phái", "Tri Lễ", "Xuân Mai"}


def test_communes_listed_with_bare_district_brackets_are_read_with_their_districts(gazetteer):
    text = "Hội trao nhà cho các gia đình tại xã Tri Lễ (Văn Quan), Hoàng Đồng, Mai Pha (Lạng Sơn) và Trùng Quán (Văn Lãng)."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    got = {(m.text, m.unit.level) for m in reading.mentions if m.unit is not None}
    assert {("Văn Quan", "district"), ("Trùng Quán", "commune"), ("Văn Lãng", "district")} <= got


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Sáng 10.1, đoàn ra quân chào đón Tết Nguyên đán 2021.", [2021]),
        ("Ngày 6-1, đoàn trao quà Xuân Quý Mão 2023 cho bà con.", [2023]),
        ("Chương trình Tết 2026 đã trao 200 suất quà.", [2026]),
        ("Xuân này, xã có thêm 3 cây cầu.", []),
    ],
)
def test_the_tet_a_text_speaks_of_gives_its_year(text, years):
    assert _dates.event_years(text) == years


def test_the_people_of_a_place_name_it_as_a_place(gazetteer):
    text = "Hội đã trao 100 suất học bổng cho học sinh Văn Quan."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [(m.text, m.role) for m in reading.mentions if m.unit is not None] == [("Văn Quan", "place")]


@pytest.mark.parametrize(
    "text",
    [
        "Đoàn TNCS Hồ Chí Minh xã Xuân Mai ra quân làm 2 km đường.",
        "Xã Xuân Mai đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    ],
)
def test_the_presidents_name_is_no_city(gazetteer, text):
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [m.unit.name for m in reading.mentions if m.unit is not None] == ["Xuân Mai"]


def test_a_bare_name_ending_a_title_line_is_a_place(gazetteer):
    text = "Mùa hè xanh ở Văn Quan\nLSO - Ngày 10/8, đoàn viên làm 2 km đường."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [m.text for m in reading.mentions if m.unit is not None] == ["Văn Quan"]


def test_names_each_followed_by_its_figure_in_a_bracket_are_places(gazetteer):
    text = "Trong đó, 3 huyện có nhiều hộ được hỗ trợ nhất là Văn Quan (259 hộ); Văn Lãng (225 hộ) và Cao Lộc (221 hộ)."
    got = dict(_owners(gazetteer, text))
    assert got == {"259 hộ": ["Văn Quan"], "225 hộ": ["Văn Lãng"], "221 hộ": ["Cao Lộc"]}


RECEIVERS = [
    ("Đợt này, Cao Lâu nhận 4 nhà, Xuất Lễ 3 nhà.", {"4 nhà": ["Cao Lâu"], "3 nhà": ["Xuất Lễ"]}),
    ("Trong đó, Văn Quan được tặng 5 nhà đại đoàn kết.", {"5 nhà đại": ["Văn Quan"]}),
    ("Ông Hoàng Văn Quan nhận 3 triệu đồng.", {"3 triệu đồng": ["Lạng Sơn"]}),
]


@pytest.mark.parametrize(("text", "expected"), RECEIVERS)
def test_a_name_that_receives_a_figure_is_its_place_but_a_persons_is_not(gazetteer, text, expected):
    assert dict(_owners(gazetteer, text)) == expected


TYPED_ONCE_WITH_FIGURES = [
    (
        "Đợt này xã Cao Lâu 20 tấn; Xuất Lễ 11.320kg; Mẫu Sơn 5 tấn.",
        {"20 tấn": ["Cao Lâu"], "11.320kg": ["Xuất Lễ"], "5 tấn": ["Mẫu Sơn"]},
    ),
    (  # an item written without its diacritics keeps the list going, under the list's type word
        "Đợt này xã Cao Lâu 20 tấn, Xuat Le 11 tấn, Mẫu Sơn 5 tấn.",
        {"20 tấn": ["Cao Lâu"], "11 tấn": ["Xuất Lễ"], "5 tấn": ["Mẫu Sơn"]},
    ),
    (  # a figure that is no list's item: the name after it is not a place
        "Xã Cao Lâu 20 tấn, Ông Văn Lãng 3 tấn.",
        {"20 tấn": ["Cao Lâu"], "3 tấn": ["Cao Lâu"]},
    ),
]


@pytest.mark.parametrize(("text", "expected"), TYPED_ONCE_WITH_FIGURES)
def test_names_each_followed_by_a_figure_after_a_typed_place_are_its_list(gazetteer, text, expected):
    assert dict(_owners(gazetteer, text)) == expected
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert all(m.unit is not None for m in reading.mentions)  # no item invented from a person's name


def test_a_figure_that_opens_the_list_of_its_items_belongs_to_every_items_place(gazetteer):
    text = (
        "Hội bàn giao nhà cho 06 hộ gia đình gồm: ông A, bà D ở thôn Nà Pàn, xã Cao Lâu; bà B ở xã Xuất Lễ; "
        "ông C, ông E, ông G ở xã Mẫu Sơn. Đoàn tặng 5 suất quà cho hộ nghèo xã Cao Lâu, gồm cả ông A."
    )
    assert _owners(gazetteer, text) == [
        ("06 hộ gia đình", ["Cao Lâu", "Xuất Lễ", "Mẫu Sơn"]),
        ("5 suất quà", ["Cao Lâu"]),
    ]


FIGURES_PLACED_AWAY_FROM_THEIR_PLACES = [
    (  # a total counted in the sentence before its cost
        "Đồn Biên phòng bàn giao nhà cho hộ ông A (thôn Nà Pàn, xã Cao Lâu).\n"
        "Hai hộ được tặng nhà trước đó là hộ bà C (xã Xuất Lễ); ông D (xã Mẫu Sơn).\n"
        "Tổng trị giá 3 căn nhà khoảng 80 triệu đồng.",
        {"khoảng 80 triệu đồng": ["Cao Lâu", "Xuất Lễ", "Mẫu Sơn"]},
    ),
    (  # a total said again, far from its places, with what it cost
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh vừa phối hợp với các đoàn thể xã Cao Lâu, xã Xuất Lễ "
        "(huyện Cao Lộc), xã Tân Mỹ (huyện Văn Lãng) bàn giao 3 căn nhà “Mái ấm” cho 3 cán bộ của "
        "đơn vị là Thượng úy A; Trung úy B.\n\nĐồng chí A trước căn nhà mới\n\n"
        "Tổng kinh phí xây dựng 3 căn nhà là trên 500 triệu đồng, trong đó đơn vị vận động mỗi căn 60 triệu đồng.",
        {
            "trên 500 triệu đồng": ["Cao Lâu", "Xuất Lễ", "Tân Mỹ"],
            "60 triệu đồng": ["Cao Lâu", "Xuất Lễ", "Tân Mỹ"],
        },
    ),
    (  # receivers' places listed across semicolons share the figure and its measure
        "Đoàn đã trao 200 bao gạo, mỗi bao 10kg cho bà con ở thôn Nà Pàn, xã Cao Lâu (Cao Lộc); "
        "xã Tân Mỹ (Văn Lãng); thôn Khòn Pát, xã Xuân Mai. Đây là hoạt động ý nghĩa.",
        {"200 bao gạo": ["Cao Lâu", "Tân Mỹ", "Xuân Mai"], "10kg": ["Cao Lâu", "Tân Mỹ", "Xuân Mai"]},
    ),
    (  # a giver's bracketed address is where it comes from, not where it gave
        "Đoàn về xã Xuân Mai, huyện Văn Quan trao quà. "
        "Nhóm thiện nguyện Thiện Ý (Quận 11, TP. Hồ Chí Minh) tặng 200 suất quà.",
        {"200 suất quà": ["Xuân Mai"]},
    ),
]


@pytest.mark.parametrize(("text", "expected"), FIGURES_PLACED_AWAY_FROM_THEIR_PLACES)
def test_figures_said_away_from_their_places_find_them(gazetteer, text, expected):
    got = dict(_owners(gazetteer, text))
    assert {figure: got[figure] for figure in expected} == expected


def test_a_commune_whose_name_two_districts_have_is_the_one_of_its_neighbours_district(gazetteer):
    # Lạng Sơn has a xã Hồng Phong in Bình Gia and one in Cao Lộc; Cao Lâu and Xuất Lễ are Cao Lộc's.
    text = "Đoàn trao quà cho hộ nghèo các xã: Cao Lâu, Xuất Lễ, Hồng Phong."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    got = {m.text: m.unit.district for m in reading.mentions if m.unit is not None}
    assert got == {"Cao Lâu": "Cao Lộc", "Xuất Lễ": "Cao Lộc", "Hồng Phong": "Cao Lộc"}


def test_a_bare_name_is_a_unit_of_the_articles_province_before_a_coarser_one_elsewhere(gazetteer):
    # huyện Gia Lộc and huyện Quan Sơn lie in Hải Dương and Thanh Hóa; Lạng Sơn has xã Gia Lộc
    # and xã Quan Sơn
    text = (
        "Huyện Chi Lăng đã giao chỉ tiêu về 21 xã, thị trấn, trong đó một số xã có nhiều thanh "
        "niên trúng tuyển như: Gia Lộc, Quan Sơn, Vân Thủy."
    )
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    got = {m.text: (m.unit.level, m.unit.province) for m in reading.mentions if m.unit is not None}
    assert got["Gia Lộc"] == got["Quan Sơn"] == ("commune", "Lạng Sơn")


@pytest.mark.parametrize(
    ("text", "former", "place"),
    [
        (
            "Hội tặng 2 nhà cho hội viên xã Hoàng Văn Thụ (nay là xã Xuân Mai).",
            ["xã Hoàng Văn Thụ"],
            "Xuân Mai",
        ),
        (
            "Đoàn về xã Xuân Mai, huyện Văn Quan (cũ) tặng 30 suất quà.",
            ["xã Xuân Mai", "huyện Văn Quan"],
            "Lạng Sơn",
        ),
    ],
)
def test_a_unit_named_as_what_a_place_used_to_be_is_no_place_of_the_activity(gazetteer, text, former, place):
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [m.text for m in reading.mentions if m.role == "former"] == former
    assert [u.name for a in build_activities(reading) for u in a.units] == [place]


@pytest.mark.parametrize(
    "text",
    [
        "Đoàn trao quà cho hộ nghèo tại Trung tâm học tập cộng đồng.",  # not phường Trung Tâm
        "Những món quà trao tặng đồng bào An toàn khu Định Hóa tuy nhỏ.",  # not xã An Toàn
    ],
)
def test_common_words_written_in_lower_case_are_no_bare_names(gazetteer, text):
    reading = read_article(text, gazetteer, date=dt.date(2025, 11, 8))  # phường Trung Tâm exists then
    assert [m.text for m in reading.mentions if m.text in ("Trung tâm", "An toàn")] == []


def test_a_type_word_ending_a_line_takes_no_function_word_of_the_next_as_its_name(gazetteer):
    text = "Đoàn viên dọn cỏ tại khu vực trung tâm xã\nNhững hoạt động ý nghĩa đã làm 2 km đường."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert reading.mentions == []


def test_bare_names_listed_after_a_preposition_are_all_places(gazetteer):
    text = "Trao 24 nhà tình nghĩa tại Văn Quan, Văn Lãng và Cao Lộc."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [m.text for m in reading.mentions if m.unit is not None] == ["Văn Quan", "Văn Lãng", "Cao Lộc"]


def test_a_caption_line_without_its_photo_credit_does_not_replace_the_places_of_the_lead(gazetteer):
    text = (
        "Trao quà cho người dân vùng lũ\n\n"
        "Ngày 3/11/2019, Hội Chữ thập đỏ tỉnh trao quà cho các hộ bị lũ tại 2 xã Mai Pha và Xuân Mai.\n\n"
        "Lãnh đạo Hội Chữ thập đỏ tỉnh trao quà cho người dân xã Mai Pha\n\n"
        "Tại chương trình, Đoàn đã trao 40 suất quà, tổng trị giá 60 triệu đồng."
    )
    got = {f: sorted(u) for f, u in _owners(gazetteer, text)}
    assert got["40 suất quà"] == ["Mai Pha", "Xuân Mai"]  # the line above is a photo's caption
    sentence = text.replace("xã Mai Pha\n\n", "xã Mai Pha.\n\n")
    got = {f: sorted(u) for f, u in _owners(gazetteer, sentence)}
    assert got["40 suất quà"] == ["Mai Pha"]  # ended as a sentence, it is what "Tại chương trình" follows


def test_a_caption_line_is_no_lead_for_a_districts_article(gazetteer):
    text = (
        "Văn Quan trao học bổng cho học sinh nghèo\n\n"
        "Sáng 23/12/2021, Hội Khuyến học huyện Văn Quan (tỉnh Lạng Sơn) tổ chức trao học bổng.\n\n"
        "Trao học bổng cho học sinh tại xã Xuân Mai\n\n"
        "Đợt này, Hội Khuyến học huyện Văn Quan trao 163 suất học bổng cho học sinh."
    )
    got = {f: u for f, u in _owners(gazetteer, text)}
    assert got["163 suất học bổng"] == ["Văn Quan"]


def test_one_syllable_that_a_lower_case_word_goes_on_is_no_place_in_a_body(gazetteer):
    text = (
        "Ngày 5/1/2020, kỹ sư Công ty Lâm nghiệp Tuyên Bình kiểm tra rừng ở xã Mai Pha, thành phố Lạng Sơn."
    )
    assert "Lâm" not in [t for t, _role, _p in _places(gazetteer, text)]
    text = "Ngày 5/1/2020, sinh viên Đại học Nông Lâm TP. Hồ Chí Minh tình nguyện ở xã Mai Pha."
    assert "Lâm" not in [t for t, _role, _p in _places(gazetteer, text)]  # the end of a capitalised word


def test_a_bracket_after_a_body_whose_name_goes_on_past_a_place_says_where_it_comes_from(gazetteer):
    text = (
        "Ngày 9/2/2020, tại xã Mai Pha, thành phố Lạng Sơn, trao nhà cho hộ nghèo. "
        "Công ty TNHH Sài Gòn Smile (TP Hà Nội) đã tài trợ 150 triệu đồng."
    )
    got = {f: u for f, u in _owners(gazetteer, text)}
    assert got["150 triệu đồng"] == ["Mai Pha"]


def test_a_2025_wards_name_holds_a_spaced_dash_of_either_kind(gazetteer):
    for dash in ("-", "–"):
        text = f"Khu vực phường Xuân Hương {dash} Đà Lạt chịu ảnh hưởng mưa lớn."
        got = [(t, p) for t, role, p in _places(gazetteer, text, day=dt.date(2025, 11, 12))]
        assert got == [(f"phường Xuân Hương {dash} Đà Lạt", "Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng")]


def test_a_charitys_name_goes_on_past_its_words_and_a_body_from_elsewhere_is_no_focus(gazetteer):
    text = (
        "Ngày 11/11/2020, tại xã Mai Pha, thành phố Lạng Sơn, Hội chữ thập đỏ tỉnh phối hợp với Hội từ "
        "thiện phường 15, quận Bình Thạnh khám bệnh cho người nghèo.\n\n"
        "Hội từ thiện phường 15, quận Bình Thạnh ra đời gần 10 năm.\n\n"
        "Đoàn tặng 200 suất quà cho người nghèo."
    )
    reading = read_article(text, gazetteer, date=D2019)
    assert {m.text: m.role for m in reading.mentions}["phường 15"] == "actor"
    assert reading.focus is not None and reading.focus.name == "Mai Pha"


def test_a_list_after_a_colon_may_give_each_name_its_own_clause(gazetteer):
    text = (
        "Nhiều địa phương vượt kế hoạch như: Văn Quan trồng mới gần 2.000 ha rừng, đạt 126% kế hoạch; "
        "Văn Lãng trồng mới 2.410 ha; Cao Lộc trồng mới 3.210 ha."
    )
    got = {f: u for f, u in _owners(gazetteer, text)}
    assert (got["gần 2.000 ha"], got["2.410 ha"], got["3.210 ha"]) == (
        ["Văn Quan"],
        ["Văn Lãng"],
        ["Cao Lộc"],
    )


def test_a_listed_name_capitalises_every_word(gazetteer):
    text = "Ngày 15/12/2020, tại xã Xuân Mai, Trung tâm Xúc tiến Thương mại bàn giao 40 con trâu."
    assert [t for t, _role, _p in _places(gazetteer, text)] == ["xã Xuân Mai"]


def test_the_province_named_before_a_figure_as_a_partner_leaves_it_to_the_communes(gazetteer):
    text = (
        "Xã Xuân Mai và xã Yên Phúc là hai xã vùng cao vừa chịu ảnh hưởng của bão. Học viện Y "
        "đã phối hợp với tỉnh Lạng Sơn khám bệnh và cấp phát 200 suất thuốc cho bà con.\n\n"
        "Quỹ của tỉnh cũng giúp 340 hộ nghèo tỉnh Lạng Sơn có sinh kế."
    )
    got = dict(_owners(gazetteer, text))
    assert got["200 suất thuốc"] == ["Xuân Mai", "Yên Phúc"]  # the partner, not the place
    assert got["340 hộ nghèo"] == ["Lạng Sơn"]  # the province after the figure: whom it reached


def test_an_organisations_address_after_a_comma_is_not_where_it_gave(gazetteer):
    text = (
        "Xã Xuân Mai bàn giao nhà tình thương\n\n"
        "Ngày 5/3, xã Xuân Mai bàn giao nhà tình thương cho ông Hoàng Văn A ở thôn Bản Làn.\n\n"
        "Công ty Vàng bạc Thu Hà, xã Mai Pha trao tặng 1 con trâu sinh sản cho gia đình ông A.\n\n"
        "Sáng 6/3, tại trường THCS Hoàng Văn Thụ, xã Yên Phúc, hội khuyến học trao 20 chiếc xe đạp."
    )
    got = dict(_owners(gazetteer, text))
    assert got["1 con trâu"] == ["Xuân Mai"]  # the donor's address is not where the buffalo went
    assert got["20 chiếc xe đạp"] == ["Yên Phúc"]  # a venue's address is where it happened


def test_donors_from_a_list_of_provinces_are_not_where_the_money_went(gazetteer):
    text = (
        "Ngày 5/2, xã Xuân Mai, huyện Văn Quan tổ chức Tết cho bà con vùng biên.\n\n"
        "Chương trình thu hút các nhà tài trợ từ TPHCM, Hà Nội, Lạng Sơn, Bắc Giang ủng hộ 3 tỷ đồng."
    )
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    origins = [m.text for m in reading.mentions if m.origin]
    assert origins == ["TPHCM", "Hà Nội", "Lạng Sơn", "Bắc Giang"]  # where the givers come from
    assert dict(_owners(gazetteer, text))["3 tỷ đồng"] == ["Xuân Mai"]


def test_a_suspects_home_is_not_where_the_goods_were_seized(gazetteer):
    text = (
        "Ngày 9/12, tại thôn Bản Làn, xã Xuân Mai, tổ công tác phát hiện Hoàng Văn A (35 tuổi, "
        "trú tại xã Mai Pha, thành phố Lạng Sơn) vận chuyển 120 chai rượu nhập lậu.\n\n"
        "Cùng ngày, đoàn trao quà cho gia đình ông Lý Văn B (70 tuổi, trú tại xã Yên Phúc) với 2 triệu đồng."
    )
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [m.text for m in reading.mentions if m.origin] == ["xã Mai Pha", "thành phố Lạng Sơn"]
    got = dict(_owners(gazetteer, text))
    assert got["120 chai rượu"] == ["Xuân Mai"]  # seized where the patrol was
    assert got["2 triệu đồng"] == ["Yên Phúc"]  # a gift reaches the home of whom it is given to


def test_a_district_named_beside_a_commune_after_the_reform_is_what_it_was_in(gazetteer):
    text = "Ngày 28/11/2025, tổ tuần tra tại xã Na Sầm (huyện Văn Lãng) phát hiện 300 bao thuốc lá."
    roles = {m.text: m.role for m in read_article(text, gazetteer, province="Lạng Sơn").mentions}
    assert roles == {"xã Na Sầm": "place", "huyện Văn Lãng": "former"}
    before = "Ngày 28/11/2019, tổ tuần tra tại xã Tân Mỹ (huyện Văn Lãng) phát hiện 300 bao thuốc lá."
    assert {m.role for m in read_article(before, gazetteer, province="Lạng Sơn").mentions} == {"place"}


def test_a_district_after_a_superlative_is_a_frame_not_a_place(gazetteer):
    text = (
        "Ngày 17/12, bệnh viện khám bệnh, cấp thuốc cho người dân xã Xuân Mai, huyện Văn Quan.\n\n"
        "Đây là 1 trong 2 xã có tỷ lệ hộ nghèo cao nhất huyện Văn Quan. Đoàn trao 60 suất quà."
    )
    got = dict(_owners(gazetteer, text))
    assert got["60 suất quà"] == ["Xuân Mai"]  # "cao nhất huyện Văn Quan" compares, it places nothing


def test_people_of_other_communes_taking_part_where_it_was_held(gazetteer):
    text = (
        "Sáng 25/3, huyện ra quân nạo vét 1km kênh mương tại thôn Bản Làn, xã Xuân Mai với sự tham gia "
        "của 170 dân quân cùng đoàn viên của các xã Yên Phúc, Tri Lễ và Hữu Lễ."
    )
    assert dict(_owners(gazetteer, text))["170 dân quân"] == ["Xuân Mai"]


def test_givers_from_another_province_named_before_their_gift(gazetteer):
    text = (
        "Khánh thành cầu dân sinh ở xã Xuân Mai\n\n"
        "Ngày 8/10, huyện khánh thành cầu dân sinh ở thôn Bản Làn, xã Xuân Mai, huyện Văn Quan.\n"
        "Cầu có tổng kinh phí 89 triệu đồng, trong đó gia đình ông A ở phường Hiệp Phú, thành phố "
        "Thủ Đức hỗ trợ 70 triệu đồng, phần còn lại nhân dân đóng góp."
    )
    assert dict(_owners(gazetteer, text))["70 triệu đồng"] == ["Xuân Mai"]


def test_hue_before_2025_is_the_city_not_the_province_that_took_its_name(gazetteer):
    text = "Tại buổi lễ ở Huế, hội khuyến học trao 228 suất học bổng cho học sinh."
    reading = read_article(text, gazetteer, date=dt.date(2017, 5, 1), province="Thừa Thiên Huế")
    place = next(m for m in reading.mentions if m.text == "Huế")
    assert gazetteer.path(place.unit) == "Thành phố Huế, tỉnh Thừa Thiên Huế"
    later = read_article(text, gazetteer, date=dt.date(2025, 8, 1), province="Huế")
    assert next(m for m in later.mentions if m.text == "Huế").unit.level == "province"


def test_a_paragraph_opening_on_each_of_the_things_just_told_keeps_their_places(gazetteer):
    text = (
        "Ngày 17/10, tại xã Xuân Mai, huyện Văn Quan, đoàn kinh tế trao bò sinh sản cho các hộ dân.\n\n"
        "Đoàn phối hợp với chính quyền xã Xuân Mai và xã Yên Phúc chọn 25 hộ dân đủ điều kiện.\n\n"
        "Mỗi hộ được hỗ trợ 1 con bò trị giá 16 triệu đồng."
    )
    got = dict(_owners(gazetteer, text))
    assert got["1 con bò"] == ["Xuân Mai", "Yên Phúc"]  # each of the 25 households just chosen


def test_a_bracket_after_a_bodys_address_says_where_it_comes_from(gazetteer):
    text = (
        "Khám bệnh miễn phí cho người nghèo\n\n"
        "Ngày 11/11, tại xã Xuân Mai, huyện Văn Quan, hội chữ thập đỏ tỉnh phối hợp với Hội Chữ thập "
        "đỏ phường Hiệp Phú, quận 9 (TP Hồ Chí Minh) khám bệnh, cấp thuốc cho người dân.\n\n"
        "Tham gia còn có các bác sĩ đến từ Câu lạc bộ thầy thuốc trẻ tỉnh Bắc Giang.\n\n"
        "Trong ngày, hơn 300 người được khám và cấp thuốc miễn phí."
    )
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    roles = {m.text: (m.role, m.origin) for m in reading.mentions}
    assert roles["TP Hồ Chí Minh"] == ("place", True)  # the visitors' home
    assert roles["tỉnh Bắc Giang"][0] == "actor"  # a club's name
    assert dict(_owners(gazetteer, text))["hơn 300 người"] == ["Xuân Mai"]
    # after a district alone too: "Hội … quận 9 (TP Hồ Chí Minh)"
    district = text.replace("phường Hiệp Phú, quận 9", "quận 9")
    reading = read_article(district, gazetteer, date=D2019, province="Lạng Sơn")
    assert {m.text: m.origin for m in reading.mentions}["TP Hồ Chí Minh"]
    # after a commune alone, the bracket is the commune's own district: where it happened
    alone = "Ngày 5/3, UBND xã Xuân Mai (Văn Quan) bàn giao nhà cho hộ nghèo với 50 triệu đồng."
    assert dict(_owners(gazetteer, alone))["50 triệu đồng"] == ["Xuân Mai"]


def test_a_districts_body_acting_before_the_text_comes_to_its_commune_works_for_the_district(gazetteer):
    text = (
        "Hội Phụ nữ các cấp hưởng ứng ngày 8/3\n\n"
        "Ngày 4/3, Hội LHPN huyện Văn Quan trao hỗ trợ cho trẻ em, phụ nữ nghèo trên địa bàn.\n\n"
        "Hội LHPN huyện Văn Quan đã trao 2 triệu đồng cho 4 cháu mồ côi.\n\n"
        "Tại xã Xuân Mai, hội phụ nữ xã trao 20 suất quà cho hội viên nghèo. Hội phụ nữ xã Xuân Mai "
        "còn tặng 5 con lợn giống."
    )
    got = dict(_owners(gazetteer, text))
    assert got["2 triệu đồng"] == ["Văn Quan"]  # the district's union, before the commune's story
    assert got["20 suất quà"] == ["Xuân Mai"]
    # a post named after a district is no district body: its figures stay with the focus
    post = text.replace("Hội LHPN huyện Văn Quan đã", "Đồn Biên phòng Văn Quan đã")
    assert dict(_owners(gazetteer, post))["2 triệu đồng"] == ["Xuân Mai"]


def test_the_provinces_body_telling_its_total_for_a_period_gives_the_provinces_figure(gazetteer):
    text = (
        "Bàn giao nhà Mái ấm Công đoàn ở xã Xuân Mai\n\n"
        "Ngày 5/8, tại xã Xuân Mai, huyện Văn Quan, công đoàn bàn giao nhà cho chị A với 50 triệu đồng.\n\n"
        "Nhân dịp này, LĐLĐ tỉnh đã hỗ trợ xây mới 2 nhà, nâng tổng số nhà LĐLĐ tỉnh đã hỗ trợ "
        "trong năm 2019 là 18 nhà với số tiền 720 triệu đồng."
    )
    got = dict(_owners(gazetteer, text))
    assert got["50 triệu đồng"] == ["Xuân Mai"]
    assert got["2 nhà"] == ["Xuân Mai"]  # no period: the houses of this story
    assert got["18 nhà"] == ["Lạng Sơn"]  # the province's year


def test_before_the_text_comes_to_its_commune_a_provinces_body_keeps_its_figures(gazetteer):
    text = (
        "Nghĩa tình nơi biên giới\n\n"
        "Bộ đội Biên phòng tỉnh Lạng Sơn cùng các đồn biên phòng đã triển khai nhiều hoạt động chăm lo Tết.\n\n"
        "Nhân dịp Tết, BĐBP tỉnh Lạng Sơn tổ chức 28 chương trình, trao hàng nghìn phần quà.\n\n"
        "Ngoài ra, các đơn vị còn trao tặng 500 chăn ấm, 33 xe đạp.\n\n"
        "Tại xã Xuân Mai, huyện Văn Quan, đồn biên phòng trao 20 suất quà cho hộ nghèo."
    )
    got = dict(_owners(gazetteer, text))
    assert got["28 chương trình"] == ["Lạng Sơn"]  # the province's body, the commune not yet named
    assert got["500 chăn ấm"] == ["Lạng Sơn"]  # still before the commune
    assert got["20 suất quà"] == ["Xuân Mai"]


def test_a_district_named_once_in_a_text_about_its_province_is_no_focus(gazetteer):
    text = (
        "Lạng Sơn: Trao gần 6 nghìn suất học bổng\n\n"
        "Ngày 19/9, hội khuyến học tổng kết 5 năm chương trình học bổng cho học sinh Lạng Sơn.\n\n"
        "5 năm qua, chương trình đã trao 5.790 suất học bổng cho học sinh nghèo.\n\n"
        "Dịp này, chương trình trao thêm 40 suất học bổng cho học sinh huyện Văn Quan."
    )
    got = dict(_owners(gazetteer, text))
    assert got["5.790 suất học bổng"] == ["Lạng Sơn"]
    assert got["40 suất học bổng"] == ["Văn Quan"]


def test_a_provincial_prize_and_an_industrial_parks_board_scope_nothing(gazetteer):
    text = (
        "Ngày 1/9, tại huyện Văn Quan, quỹ khuyến học của Ban Quản lý Khu kinh tế cửa khẩu và các "
        "khu công nghiệp tỉnh Lạng Sơn trao học bổng cho học sinh.\n\n"
        "Trong đó, 9 học sinh đạt giải Nhì kỳ thi học sinh giỏi cấp tỉnh nhận học bổng 2 triệu đồng/em."
    )
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert {m.text: m.role for m in reading.mentions}["tỉnh Lạng Sơn"] == "actor"  # in the board's name
    got = dict(_owners(gazetteer, text))
    assert got["9 học sinh"] == ["Văn Quan"]  # "cấp tỉnh" says the prize's level, not a scope


def test_a_persons_name_after_a_bodys_is_no_place(gazetteer):
    text = (
        "Ngày 16/10, Ban Nội chính Tỉnh ủy phối hợp với Đảng ủy xã Xuân Mai trao nhà tình nghĩa.\n\n"
        "Phó Trưởng Ban Nội chính Tỉnh ủy Trần Quang Minh trao tặng gia đình 60 triệu đồng."
    )
    reading = read_article(text, gazetteer, date=dt.date(2025, 10, 16), province="Hà Nội")
    assert "Quang Minh" not in [m.text for m in reading.mentions]  # xã Quang Minh is a commune of Hà Nội


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the school year opens in September: its autumn days are in its first year
            "Trao học bổng cho học sinh\n\n(PV) - Nhân dịp đầu năm học mới 2017 - 2018, hội khuyến học "
            "trao học bổng.\n\nChiều ngày 1/9, tại huyện Văn Quan, hội trao 218 suất học bổng.",
            dt.date(2017, 9, 1),
        ),
        (  # ... its spring days in its second
            "Sơ kết học kỳ I\n\nHọc kỳ I năm học 2017-2018 khép lại.\n\nSáng 15/1, trường trao 20 suất quà.",
            dt.date(2018, 1, 15),
        ),
    ],
)
def test_a_day_told_without_its_year_in_a_school_year(text, expected):
    assert document_date(text)[0] == expected


def test_a_province_name_inside_a_typed_list_is_an_item_when_the_list_goes_on(gazetteer):
    text = "Sau bão, các huyện như Lệ Thủy, Quảng Ninh, Tuyên Hóa, Minh Hóa có nhiều nhà tốc mái."
    reading = read_article(text, gazetteer, date=D2019, province="Quảng Bình")
    paths = [gazetteer.path(m.unit) for m in reading.mentions if m.unit is not None]
    assert "Huyện Quảng Ninh, tỉnh Quảng Bình" in paths and len(paths) == 4


def test_an_undated_text_naming_a_former_province_bare_is_read_before_the_reform(gazetteer):
    # "Trà Vinh" was a province until 2025 and is a ward's bare name since: a text naming it
    # without a type word (and no date) speaks of the province.
    text = "Tặng học bổng cho học sinh nghèo\n\nĐoàn đã trao 35 suất học bổng cho học sinh Trà Vinh."
    reading = read_article(text, gazetteer)
    unit = next(m.unit for m in reading.mentions if m.text == "Trà Vinh")
    assert unit.level == "province"
    assert reading.document.as_of < dt.date(2025, 7, 1)


def test_a_commune_after_a_bodys_hamlet_is_its_address_not_its_name(gazetteer):
    text = (
        "Mưa lớn gây sạt lở điểm trường Nà Lầu thôn 1 xã Xuân Mai. Phòng Nông nghiệp và Phát triển "
        "nông thôn huyện Văn Quan đã đến kiểm tra."
    )
    roles = {m.text: m.role for m in read_article(text, gazetteer, date=D2019, province="Lạng Sơn").mentions}
    assert roles == {"xã Xuân Mai": "place", "huyện Văn Quan": "actor"}  # "nông thôn" is no hamlet


def test_each_item_of_a_list_cut_by_semicolons_names_its_place_after_its_figures(gazetteer):
    text = (
        "Chi đoàn Điện lực Văn Quan hoàn thành 1,5 km đường dây tại thôn 5 xã Xuân Mai; Chi đoàn Điện "
        "lực Văn Lãng kéo 500m đường dây, 17 cột đèn với tổng chi phí trên 15 triệu đồng ở xã Tân Mỹ; "
        "Công trình “Thắp sáng đường quê” tại thôn Nà Lầu (xã Yên Phúc) của Điện lực Văn Quan; Chi "
        "đoàn Điện lực Cao Lộc thay mới 300m đường dây, lắp 12 bộ đèn tại thôn Khòn Pầu, xã Mai Pha."
    )
    got = dict(_owners(gazetteer, text))
    assert got["1,5 km"] == ["Xuân Mai"]
    assert got["500m"] == got["17 cột đèn"] == got["trên 15 triệu đồng"] == ["Tân Mỹ"]
    assert got["300m"] == got["12 bộ đèn"] == ["Mai Pha"]


def test_a_persons_name_after_a_type_word_is_no_place(gazetteer):
    text = "Chủ tịch UBND tỉnh Trần Phong trao quà cho hộ nghèo xã Lê Lợi, huyện Chi Lăng."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [m.text for m in reading.mentions] == ["xã Lê Lợi", "huyện Chi Lăng"]  # a family name, a unit


def test_communes_joined_in_the_first_sentence_naming_the_focus_are_what_the_text_is_about(gazetteer):
    text = (
        "Trung thu cho trẻ em vùng biên\n\n"
        "Tối 28/9, tại các khu dân cư trên địa bàn xã Yên Phúc và xã Xuân Mai, đồn biên phòng tổ chức "
        "Trung thu cho trẻ em.\n\n"
        "Đơn vị đã tổ chức cho hơn 300 em nhỏ vui Trung thu và nhận quà.\n\n"
        "Trẻ em xã Xuân Mai rất vui."
    )
    assert dict(_owners(gazetteer, text))["hơn 300 em nhỏ"] == ["Yên Phúc", "Xuân Mai"]


def test_a_heads_word_inside_a_places_name_heads_no_body(gazetteer):
    # "Đồn" (a border post) and "Sở" (a department) are heads of bodies' names, and syllables of places
    text = "Đoàn trao 100 xe đạp cho học sinh hai huyện Chợ Đồn và Chợ Mới."
    roles = {m.text: m.role for m in read_article(text, gazetteer, date=D2019, province="Bắc Kạn").mentions}
    assert roles == {"huyện Chợ Đồn": "place", "Chợ Mới": "place"}


def test_a_list_of_districts_with_figures_goes_on_past_an_item_with_its_own_type_word(gazetteer):
    text = (
        "Hội đã trao 100 xe đạp cho học sinh các huyện như: Văn Quan (30 chiếc); Tràng Định (20 "
        "chiếc); TP Lạng Sơn (20 chiếc); Cao Lộc (20 chiếc); huyện Lộc Bình (10 chiếc)."
    )
    owners = _owners(gazetteer, text)
    assert dict(owners)["10 chiếc"] == ["Lộc Bình"]
    assert [n for f, n in owners if f == "20 chiếc"] == [["Tràng Định"], ["Lạng Sơn"], ["Cao Lộc"]]


def test_a_titles_figure_said_again_on_one_commune_goes_there(gazetteer):
    text = (
        "Trao 40 suất quà tết cho nông dân vùng lũ Lạng Sơn\n\n"
        "Ngày 30.1, lãnh đạo hội nông dân đã trao 40 suất quà Tết cho hộ nông dân nghèo tại xã Xuân Mai, "
        "huyện Văn Quan."
    )
    assert [n for f, n in _owners(gazetteer, text) if f == "40 suất quà"] == [["Xuân Mai"], ["Xuân Mai"]]


def test_a_post_named_after_a_commune_gone_in_2025_places_nothing(gazetteer):
    text = (
        "Biên phòng xã Văn Lãng giúp dân chống bão\n\n"
        "Ngày 21/9, các đồn biên phòng tại xã Văn Lãng đã giúp dân chằng chống nhà cửa.\n\n"
        "Tại Đồn Biên phòng Thanh Lòa, đơn vị đã huy động 2 lượt xuồng cùng 10 lượt cán bộ."
    )
    reading = read_article(text, gazetteer, date=dt.date(2025, 9, 22), province="Lạng Sơn")
    got = {f.text: [u.name for u in a.units] for a in build_activities(reading) for f in a.figures}
    assert got["2 lượt xuồng"] == ["Văn Lãng"]  # xã Thanh Lòa is no unit since 1 July 2025


def test_a_place_abroad_is_no_unknown_place(gazetteer):
    text = "Đêm hội có lãnh đạo huyện Văn Lãng và chính quyền huyện Bằng Tường (tỉnh Quảng Tây, Trung Quốc)."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [m.text for m in reading.mentions] == ["huyện Văn Lãng"]
    assert not any("not found" in w for w in reading.document.warnings)


def test_a_month_and_year_written_with_a_dot_dates_a_day_told_without_its_year():
    text = (
        "Hỗ trợ cây giống cho người dân\n\n(PV) - Ngày 24.7, chương trình hỗ trợ 500 cây giống. "
        "Theo kế hoạch, trong tháng 8.2018, chương trình hỗ trợ thêm 200 cây."
    )
    assert document_date(text)[0] == dt.date(2018, 7, 24)


def test_with_no_unit_above_the_rest_the_communes_the_lead_names_together_are_what_it_is_about(gazetteer):
    # Xuân Mai and Yên Phúc are named as often as each other: no one of them is the focus
    # (the cooperative's home district, in brackets, is not what the text is about)
    text = (
        "Trao bò giống tại xã Xuân Mai, Yên Phúc\n\n"
        "Chiều 22-8, Hội Nông dân tỉnh và Hợp tác xã Nông nghiệp Tiến Thành (Cao Lộc) trao bò giống cho "
        "các hộ tham gia dự án tại xã Xuân Mai, Yên Phúc (Văn Quan).\n\n"
        "Ngoài ra, mỗi hộ được hỗ trợ thêm 2 triệu đồng để làm chuồng.\n\n"
        "Người dân xã Yên Phúc nhận bò.\n\nNgười dân xã Xuân Mai nhận bò."
    )
    assert dict(_owners(gazetteer, text))["2 triệu đồng"] == ["Xuân Mai", "Yên Phúc"]


def test_a_cooperative_is_no_commune(gazetteer):
    reading = read_article(
        "Hợp tác xã Nông nghiệp Tiến Thành trao bò giống tại xã Xuân Mai.", gazetteer, date=D2019
    )
    assert [m.text for m in reading.mentions] == ["xã Xuân Mai"]


def test_an_undated_text_is_read_on_the_units_of_its_own_province(gazetteer):
    # Sơn La's xã Tân Xuân was merged on 1 July 2025; Vĩnh Long has a xã Tân Xuân since then
    text = (
        "Bộ đội Biên phòng tỉnh Sơn La khám bệnh cho đồng bào\n\n"
        "Đồn Biên phòng Chiềng Sơn (Bộ đội Biên phòng tỉnh Sơn La) khám bệnh, cấp thuốc cho 200 người "
        "dân xã Tân Xuân."
    )
    reading = read_article(text, gazetteer)
    assert reading.document.as_of is not None and reading.document.as_of < dt.date(2025, 7, 1)
    assert [m.unit.province for m in reading.mentions if m.text == "xã Tân Xuân"] == ["Sơn La"]


def test_the_associations_levels_are_no_places(gazetteer):
    text = (
        "Lãnh đạo cơ quan tỉnh Hội, huyện Hội dự lễ. Hội giải ngân 600 triệu đồng Quỹ Hỗ trợ nông dân "
        "nguồn tỉnh Hội tại phường Vĩnh Trại (TP. Lạng Sơn)."
    )
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [(m.text, m.role) for m in reading.mentions] == [
        ("phường Vĩnh Trại", "place"),
        ("TP. Lạng Sơn", "place"),
    ]


def test_two_names_each_of_several_units_are_the_pair_that_fits(gazetteer):
    # ten districts are named Châu Thành and three communes Mỹ Chánh; one Mỹ Chánh lies in a Châu Thành
    text = (
        "Ngày 01/01/2024, Huyện đoàn huyện Châu Thành phối hợp với xã Mỹ Chánh khánh thành cầu giao "
        "thông nông thôn trị giá 100 triệu đồng tại xã Mỹ Chánh."
    )
    reading = read_article(text, gazetteer)
    assert {m.text: gazetteer.path(m.unit) for m in reading.mentions if m.unit is not None} == {
        "huyện Châu Thành": "Huyện Châu Thành, tỉnh Trà Vinh",
        "xã Mỹ Chánh": "Xã Mỹ Chánh, huyện Châu Thành, tỉnh Trà Vinh",
    }
    assert reading.document.province is not None and reading.document.province.name == "Trà Vinh"


def test_a_family_name_and_a_middle_name_after_a_type_word_are_a_person(gazetteer):
    # "Đặng" is also the letters of xã Dang (Quảng Nam)
    text = "Bà con xã Xuân Mai làm đến đâu gọn đến đó, Bí thư Đoàn xã Đặng Thị Hải Lý cho biết."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [m.text for m in reading.mentions] == ["xã Xuân Mai"]


def test_a_list_under_two_type_words_takes_units_of_either(gazetteer):
    # Hoàng Văn Thụ, Tam Thanh, Vĩnh Trại, Đông Kinh are wards of thành phố Lạng Sơn; Mai Pha and
    # Hoàng Đồng were its communes in 2019
    text = "Thành phố giao chỉ tiêu cho 6 xã, phường Hoàng Văn Thụ, Mai Pha, Tam Thanh, Hoàng Đồng, Vĩnh Trại và Đông Kinh."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [m.text for m in reading.mentions] == [
        "phường Hoàng Văn Thụ", "Mai Pha", "Tam Thanh", "Hoàng Đồng", "Vĩnh Trại", "Đông Kinh"
    ]  # fmt: skip
    # a list of communes that goes on past an item of another type: "các xã A, thị trấn B và C"
    text = "Hàng được chia cho nhân dân ở các xã Yên Phúc, thị trấn Văn Quan và Bình Phúc."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [m.text for m in reading.mentions] == ["xã Yên Phúc", "thị trấn Văn Quan", "Bình Phúc"]


SITES = [
    ("https://baohagiang.vn/xa-hoi/202101/trao-qua.html", "Hà Giang"),
    ("http://admin.baothainguyen.vn/trang-in-272520.html", "Thái Nguyên"),
    ("https://www.baobariavungtau.com.vn/xa-hoi/a.html", "Bà Rịa - Vũng Tàu"),
    ("https://thaibinh.langson.gov.vn/tin-tuc/a", "Lạng Sơn"),  # a commune's site of Lạng Sơn
    ("https://anthi.hungyen.dcs.vn/", "Hưng Yên"),
    ("https://thanhdoanhaiphong.gov.vn/a", "Hải Phòng"),
    ("https://conganbackan.vn/vi/news/a", "Bắc Kạn"),
    ("https://vtv.vn/xa-hoi/a.htm", None),  # a national outlet
    ("baolangson.vn/xa-hoi/a.html", "Lạng Sơn"),  # pasted without its scheme
    ("https://huengaynay.vn/a", None),  # a name that is no province's
    ("https://doluong.gov.vn/khanh-thanh-nha-van-hoa/", "Nghệ An"),  # a district's site
    ("https://chauthanh.gov.vn/a", None),  # ten districts are named Châu Thành
    ("not a web address", None),
]


@pytest.mark.parametrize(("url", "province"), SITES)
def test_the_province_a_sites_address_tells(gazetteer, url, province):
    assert outlet_province(url, gazetteer) == province


def test_the_site_an_article_was_published_on_tells_its_province_when_its_places_do_not(gazetteer):
    # Lạng Sơn has one xã Quảng Lạc, another province the other; the text names no province
    text = "Ngày 5/3/2019, đoàn đã trao 30 suất quà cho hộ nghèo xã Quảng Lạc."
    alone = read_article(text, gazetteer)
    assert alone.document.province is None
    assert [m.unit for m in alone.mentions] == [None]  # ambiguous
    read = read_article(text, gazetteer, url="https://baolangson.vn/xa-hoi/a.html")
    assert read.document.province is not None and read.document.province.name == "Lạng Sơn"
    assert [m.unit.province for m in read.mentions if m.unit is not None] == ["Lạng Sơn"]
    assert read.document.province_source == "the site it was published on"
    # a text whose places name another province keeps it: the site is one vote among its places
    other = "Ngày 5/3/2019, tại tỉnh Cao Bằng, đoàn đã trao 30 suất quà. Người dân Cao Bằng rất vui."
    named = read_article(other, gazetteer, url="https://baolangson.vn/a")
    assert named.document.province is not None and named.document.province.name == "Cao Bằng"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a number after a body's name is no Phường 28 written without its type word
        (
            "UBND xã Xuân Mai phối hợp với Hội Lái xe 28; Hội lái xe Hà Nam tổ chức.",
            ["xã Xuân Mai", "Hà Nam"],
        ),
        # a title ending in a type word, then the page's time: no "huyện 10"
        (
            "Xây dựng công trình thanh niên cấp huyện\n\n10:39 09/07/2019\n\nĐoàn về xã Xuân Mai.",
            ["xã Xuân Mai"],
        ),
    ],
)
def test_numbers_named_without_a_type_word_next_to_them_are_no_places(gazetteer, text, expected):
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert [m.text for m in reading.mentions] == expected


def test_a_text_naming_places_only_in_its_bodies_names_is_about_their_unit(gazetteer):
    text = (
        "Hội Cựu chiến binh huyện Văn Quan họp mặt kỷ niệm ngày thành lập\n\n"
        "Ngày 4/12/2019, Hội Cựu chiến binh huyện Văn Quan tổ chức họp mặt.\n\nNăm qua, các cấp hội đã "
        "xây 16 căn nhà đồng đội và vận động hơn 1 ngàn lượt hội viên tham gia."
    )
    assert dict(_owners(gazetteer, text))["16 căn nhà"] == ["Văn Quan"]


def test_a_district_after_a_dash_is_the_communes_parent(gazetteer):
    text = "Các hộ CCB ông A (xã Xuân Mai- Văn Quan); bà B (xã Cao Lâu - Cao Lộc) đã thoát nghèo."
    reading = read_article(text, gazetteer, date=D2019, province="Lạng Sơn")
    assert {m.text: gazetteer.path(m.unit) for m in reading.mentions if m.unit is not None} == {
        "xã Xuân Mai": "Xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn",
        "Văn Quan": "Huyện Văn Quan, tỉnh Lạng Sơn",
        "xã Cao Lâu": "Xã Cao Lâu, huyện Cao Lộc, tỉnh Lạng Sơn",
        "Cao Lộc": "Huyện Cao Lộc, tỉnh Lạng Sơn",
    }


def test_a_town_written_with_a_dot_between_its_letters(gazetteer):
    text = "Ngày 15-5, Hội LHPN xã Hồng Phong (T.X Phổ Yên) trao bò cho hộ nghèo."
    reading = read_article(text, gazetteer, date=D2019, province="Thái Nguyên")
    assert [(m.text, m.unit.name if m.unit else None) for m in reading.mentions][-1] == (
        "T.X Phổ Yên",
        "Phổ Yên",
    )


def test_the_site_is_one_vote_among_the_provinces_the_text_names(gazetteer):
    # a giver from Cao Bằng (an organisation: half a place's vote) on Báo Lạng Sơn's site
    text = "Ngày 5/3/2019, Hội Chữ thập đỏ tỉnh Cao Bằng trao 30 suất quà cho hộ nghèo xã Quảng Lạc."
    read = read_article(text, gazetteer, url="https://baolangson.vn/a.html")
    assert read.document.province is not None and read.document.province.name == "Lạng Sơn"
    assert [m.unit.province for m in read.mentions if m.text == "xã Quảng Lạc" and m.unit] == ["Lạng Sơn"]


def test_an_undated_texts_generation_of_units_hears_the_site_too(gazetteer):
    # sixteen wards are named Phú Thịnh; Bình Long's site says which, and so which generation fits
    text = "Phường Phú Thịnh tổ chức trao 20 suất quà cho hộ nghèo trên địa bàn."
    read = read_article(text, gazetteer, url="https://binhlong.binhphuoc.gov.vn/tin-tuc/a")
    assert [m.unit.province for m in read.mentions if m.unit is not None] == ["Bình Phước"]
