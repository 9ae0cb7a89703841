"""The one date reader (geo/_dates.py) as the records' source label uses it: the page's date line
is not the title, and the newspaper comes from the reader's own dateline."""

from __future__ import annotations

import pytest

from geo._dates import opens_with_date
from geo.extract import dateline
from geo.pipeline import source_label


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("30/03/2019", True),
        ("30/03/2019 18:22", True),
        ("Thứ Sáu, 15/02/2019 - 10:20", True),
        ("Chủ nhật, 25/12/2022", True),
        ("thứ 2, 03-10-2019", True),
        ("15.02.2019", True),
        ("Ngày 30/3/2019, xã Tân Thành tổ chức ra quân", False),  # a sentence that opens with its day
        ("Trao 20 suất quà ngày 30/3/2019", False),
        ("date 2025-10-03 Title", False),
        ("Thứ trưởng thăm xã 30/3/2019", False),  # "thứ" not of a weekday
        ("Sáng 17/3", False),  # no year: no full date
    ],
)
def test_a_line_that_opens_with_a_date(line, expected):
    assert opens_with_date(line) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ Sáu, 15/02/2019 - 10:20\nTiêu đề bài\nLSO - Sáng nay…", "Báo Lạng Sơn: Tiêu đề bài (a.txt)"),
        ("15/02/2019\nTiêu đề bài\nNội dung", "Tiêu đề bài (a.txt)"),
        ("Tiêu đề bài\n15/02/2019\nLSO – Nội dung", "Báo Lạng Sơn: Tiêu đề bài (a.txt)"),
        ("Tiêu đề bài\nUBND - xã A họp\nLSO - Nội dung", "Tiêu đề bài (a.txt)"),  # the first dateline is none
        ("15/02/2019\n02/03/2019\n03/04/2019\nTiêu đề", "a.txt"),
    ],
)
def test_the_source_label_skips_the_date_line_and_names_the_dateline_paper(text, expected):
    assert source_label(text, "a.txt") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LSO - Sáng 5/8, đoàn…", "LSO"),
        ("Tiêu đề\n  LSO – Sáng 5/8", "LSO"),
        ("ABC - Sáng 5/8", None),  # a code the table does not know
        ("Tiêu đề có LSO - ở giữa dòng", None),  # not at a line's start
    ],
)
def test_the_dateline(text, expected):
    assert dateline(text) == expected
