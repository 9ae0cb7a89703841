"""The catalogue of messages planners read: Vietnamese, one code each, values shown the Vietnamese way."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from geo import _messages
from geo._messages import date_fix, day, error, figure, number, say, spaced
from geo.errors import InvalidRecord

GEO = Path(__file__).resolve().parents[1] / "geo"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1445, "1.445"),
        (3_000_000_000, "3.000.000.000"),
        (2.5, "2,5"),
        (1445.5, "1.445,5"),
        (7, "7"),
        (0, "0"),
    ],
)
def test_numbers_are_shown_the_vietnamese_way(value: float, shown: str) -> None:
    assert number(value) == shown


def test_a_figure_read_back_groups_with_thin_spaces() -> None:
    assert spaced(1445) == "1\u202f445"
    assert spaced(2.5) == "2,5"
    assert figure(1445, "ngày công") == "1.445 ngày công"
    assert figure(None, "") == "không có số liệu"


def test_dates_are_shown_day_first() -> None:
    assert day(dt.date(2017, 6, 1)) == "01/06/2017"


def test_say_fills_numbers_and_dates_the_vietnamese_way_and_text_as_given() -> None:
    said = say(
        "shared_group.differs",
        group="g",
        first="1.445 người",
        first_start=dt.date(2017, 6, 1),
        where="dòng 2",
        this="9 m",
        this_start=dt.date(2017, 6, 2),
    )
    assert said.code == "shared_group.differs"
    assert (
        said.message
        == 'nhóm "g" có 1.445 người từ ngày 01/06/2017 ở dòng 2, nhưng dòng này có 9 m từ ngày 02/06/2017'
    )
    assert str(said) == f"{said.message}; {said.fix}"
    # A text is put in as given: a machine number the planner must type stays typeable.
    assert say("value.vn_thousands", text="1.445", plain="1445", also="").fix == "ghi 1445"
    assert say("unit_ids.count", ids=1445, places=2).message == "có 1.445 mã đơn vị cho 2 địa điểm"


def test_an_error_carries_its_code() -> None:
    err = error(InvalidRecord, "edit.already_withdrawn", line=12)
    assert isinstance(err, InvalidRecord)
    assert (str(err), err.code) == ("dòng 12 đã được rút rồi", "edit.already_withdrawn")


@pytest.mark.parametrize(
    ("typed", "fix"),
    [
        ("15/6/2017", "ghi theo dạng YYYY-MM-DD: 2017-06-15"),
        ("2017/6/1", "ghi theo dạng YYYY-MM-DD: 2017-06-01"),
        ("2017-06-01 08:30", "ghi ngày không kèm giờ: 2017-06-01"),
        ("31/02/2017", "ghi theo dạng YYYY-MM-DD, vd. 2017-06-01 (và kiểm tra ngày và tháng)"),
        ("hôm qua", "ghi theo dạng YYYY-MM-DD, vd. 2017-06-01"),
    ],
)
def test_a_date_not_in_iso_form_gets_the_same_day_in_that_form(typed: str, fix: str) -> None:
    assert date_fix(typed) == fix


def _codes_used() -> set[str]:
    used = set()
    for path in [*GEO.glob("*.py"), *GEO.glob("workbench/*.py")]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bsay\(\s*"([a-z_]+\.[a-z_]+)"', text))
        used |= set(re.findall(r'\berror\(\s*\w+,\s*"([a-z_]+\.[a-z_]+)"', text))
    return used


def test_every_code_the_package_says_is_in_the_catalogue() -> None:
    used = _codes_used()
    assert len(used) > 80  # the scan finds the calls
    assert used - set(_messages.codes()) == set()


def test_every_message_is_vietnamese_and_fills_from_named_values() -> None:
    for code in _messages.codes():
        message, fix = _messages._CATALOGUE[code]
        for text in (message, fix):
            fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
            assert all(name.isidentifier() for name in fields), (code, text)
            words = re.sub(r"\{[a-z_]+\}|'[^']*'|\"[^\"]*\"|--\w+|\(\*\.csv\)", "", text)
            english = re.findall(r"\b(the|is|not|and|of|with|give|write|must|was|has)\b", words)
            assert english == [], (code, text)
