"""The article reader: golden test on the sample article and short texts of the same register."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from builders import SAMPLE_FIGURES

from geo import cli
from geo._phrases import period
from geo.activities import build_activities
from geo.extract import read_article

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "articles" / "000_cce5422ce9ab3938.txt"


@pytest.fixture(scope="module")
def sample(gazetteer):
    text = SAMPLE.read_text(encoding="utf-8")
    reading = read_article(text, gazetteer)
    return text, reading, build_activities(reading)


def _paths(gazetteer, reading):
    return [(m.text, gazetteer.path(m.unit) if m.unit else None) for m in reading.mentions]


def test_sample_places_resolved_at_the_article_date(gazetteer, sample):
    text, reading, _ = sample
    assert _paths(gazetteer, reading) == [
        ("xã Trùng Quán", "Xã Trùng Quán, huyện Văn Lãng, tỉnh Lạng Sơn"),
        ("huyện Văn Lãng", "Huyện Văn Lãng, tỉnh Lạng Sơn"),
        ("xã Xuân Mai", "Xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn"),
        ("huyện Văn Quan", "Huyện Văn Quan, tỉnh Lạng Sơn"),
        ("xã Mai Pha", "Xã Mai Pha, thành phố Lạng Sơn, tỉnh Lạng Sơn"),
        ("thành phố Lạng Sơn", "Thành phố Lạng Sơn, tỉnh Lạng Sơn"),
    ]
    for m in reading.mentions:
        assert text[m.start : m.end] == m.text
        assert m.unit.valid_at(reading.document.date)


def test_sample_document_date_province_and_warning(sample):
    _, reading, _ = sample
    doc = reading.document
    assert doc.date == dt.date(2017, 6, 1)
    assert doc.header_date == dt.date(2023, 6, 1)
    assert doc.province.name == "Lạng Sơn"
    assert doc.province_source == "dateline LSO-"
    assert len(doc.warnings) == 1 and "2023-06-01 disagrees" in doc.warnings[0]


def test_sample_figures(sample):
    _, reading, _ = sample
    got = [(f.value, f.unit, f.qualifier) for f in reading.figures]
    assert got == SAMPLE_FIGURES  # the same figures as the figure finder's golden test
    assert [v for v, _, _ in got].count(123) == 1  # "Trung đoàn 123" is a name


def test_sample_activities(gazetteer, sample):
    _, _, activities = sample
    workdays = next(a for a in activities if any(f.value == 1445 for f in a.figures))
    assert workdays.shared
    assert sorted(u.name for u in workdays.units) == ["Mai Pha", "Xuân Mai"]
    assert workdays.actor == "Trung đoàn 123, Bộ Chỉ huy Quân sự tỉnh"
    assert (workdays.start, workdays.end) == (dt.date(2017, 1, 1), dt.date(2017, 3, 31))
    caption = next(a for a in activities if not a.figures)
    assert [u.name for u in caption.units] == ["Trùng Quán"]
    assert "bê tông đường giao thông nông thôn" in caption.phrase
    recruits = next(a for a in activities if any(f.value == 2650 for f in a.figures))
    assert recruits.province_wide and recruits.units[0].level == "province"
    assert [f.value for f in recruits.figures] == [2650, 100]
    counted = [f.value for a in activities for f in a.figures]
    assert counted.count(1445) == 1  # a shared figure is never counted once per place


TEXTS = [
    (
        # A coordinated list under one type word, the city inside an organisation's name.
        "Năm 2018, Ban Chỉ huy Quân sự huyện Chi Lăng, Hữu Lũng và thành phố Lạng Sơn tổ chức "
        "12 lớp tập huấn cho 480 dân quân.",
        dt.date(2018, 6, 1),
        [
            ("huyện Chi Lăng", "Huyện Chi Lăng, tỉnh Lạng Sơn"),
            ("Hữu Lũng", "Huyện Hữu Lũng, tỉnh Lạng Sơn"),
            ("thành phố Lạng Sơn", "Thành phố Lạng Sơn, tỉnh Lạng Sơn"),
        ],
        [(12, "lớp", "exact"), (480, "dân quân", "exact")],
    ),
    (
        # "các xã A, B và C (huyện Y, tỉnh Z)", a decision number, money with a decimal comma.
        "Từ đầu năm 2019, các xã Tân Lập, Tân Hương và Tân Thành (huyện Bắc Sơn, tỉnh Lạng Sơn) đã "
        "làm mới hơn 12 km đường bê tông với kinh phí khoảng 2,5 tỷ đồng theo Quyết định số 99/QĐ-UBND.",
        dt.date(2019, 12, 1),
        [
            ("xã Tân Lập", "Xã Tân Lập, huyện Bắc Sơn, tỉnh Lạng Sơn"),
            ("Tân Hương", "Xã Tân Hương, huyện Bắc Sơn, tỉnh Lạng Sơn"),
            ("Tân Thành", "Xã Tân Thành, huyện Bắc Sơn, tỉnh Lạng Sơn"),
            ("huyện Bắc Sơn", "Huyện Bắc Sơn, tỉnh Lạng Sơn"),
            ("tỉnh Lạng Sơn", "Tỉnh Lạng Sơn"),
        ],
        [(12, "km", "at_least"), (2_500_000_000, "đồng", "approx")],
    ),
    (
        # Another province; Hà Nội's thị trấn Xuân Mai is not Lạng Sơn's xã.
        "Ngày 12/5/2018, Đoàn thanh niên thị trấn Xuân Mai và xã Thủy Xuân Tiên, huyện Chương Mỹ, "
        "thành phố Hà Nội trao 200 suất quà cho hộ nghèo.",
        dt.date(2018, 5, 12),
        [
            ("thị trấn Xuân Mai", "Thị trấn Xuân Mai, huyện Chương Mỹ, thành phố Hà Nội"),
            ("xã Thủy Xuân Tiên", "Xã Thủy Xuân Tiên, huyện Chương Mỹ, thành phố Hà Nội"),
            ("huyện Chương Mỹ", "Huyện Chương Mỹ, thành phố Hà Nội"),
            ("thành phố Hà Nội", "Thành phố Hà Nội"),
        ],
        [(200, "suất quà", "exact")],
    ),
    (
        # A bare name that refers back, and numbers that are names, not figures.
        "Đợt 2 năm 2019, bộ đội Trung đoàn 123 về xã Trấn Ninh, huyện Văn Quan giúp dân. Tại Trấn Ninh, "
        "đơn vị sửa 3 km đường và tặng 50 suất quà cho thôn Quảng Trung 1, gần cột mốc số 962.",
        dt.date(2019, 9, 1),
        [
            ("xã Trấn Ninh", "Xã Trấn Ninh, huyện Văn Quan, tỉnh Lạng Sơn"),
            ("huyện Văn Quan", "Huyện Văn Quan, tỉnh Lạng Sơn"),
            ("Trấn Ninh", "Xã Trấn Ninh, huyện Văn Quan, tỉnh Lạng Sơn"),
        ],
        [(3, "km", "exact"), (50, "suất quà", "exact")],
    ),
    (
        # A 2025 unit at a 2026 date; "tỉnh" alone and "các huyện, thành phố" name nothing.
        "Thứ hai, 16/03/2026\nTháng 3/2026, lực lượng vũ trang tỉnh giúp 120 ngày công làm đường tại "
        "xã Na Sầm, tỉnh Lạng Sơn; các huyện, thành phố cũ nay không còn.",
        None,
        [
            ("xã Na Sầm", "Xã Na Sầm, tỉnh Lạng Sơn"),
            ("tỉnh Lạng Sơn", "Tỉnh Lạng Sơn"),
        ],
        [(120, "ngày công", "exact")],
    ),
]


@pytest.mark.parametrize(("text", "date", "mentions", "figures"), TEXTS)
def test_short_texts(gazetteer, text, date, mentions, figures):
    reading = read_article(text, gazetteer, date=date)
    assert _paths(gazetteer, reading) == mentions
    assert [(f.value, f.unit, f.qualifier) for f in reading.figures] == figures
    for m in reading.mentions:
        assert text[m.start : m.end] == m.text


def test_places_in_a_list_share_a_figure(gazetteer):
    reading = read_article(TEXTS[1][0], gazetteer, date=TEXTS[1][1])
    activities = build_activities(reading)
    roads = next(a for a in activities if any(f.unit == "km" for f in a.figures))
    assert roads.shared
    assert sorted(u.name for u in roads.units) == ["Tân Hương", "Tân Lập", "Tân Thành"]


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("từ năm 2016 đến nay", dt.date(2016, 1, 1), dt.date(2017, 6, 1)),
        ("năm 2016 và 5 tháng đầu năm nay", dt.date(2016, 1, 1), dt.date(2017, 5, 31)),
        ("đầu năm 2017", dt.date(2017, 1, 1), dt.date(2017, 3, 31)),
        ("cuối năm 2016", dt.date(2016, 10, 1), dt.date(2016, 12, 31)),
        ("năm nay", dt.date(2017, 1, 1), dt.date(2017, 6, 1)),
    ],
)
def test_periods(sentence, start, end):
    assert period(sentence, dt.date(2017, 6, 1)) == (start, end)


def test_no_period_named():
    assert period("trong đó đóng góp 1.445 ngày công", dt.date(2017, 6, 1)) is None


def test_date_override_still_warns(gazetteer):
    text = SAMPLE.read_text(encoding="utf-8")
    reading = read_article(text, gazetteer, date=dt.date(2017, 5, 20))
    assert reading.document.date == dt.date(2017, 5, 20)
    assert reading.document.date_source == "argument"
    assert any("disagrees" in w for w in reading.document.warnings)


def test_extract_command_json(capsys):
    assert cli.main(["extract", str(SAMPLE), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["document"]["date"] == "2017-06-01"
    assert payload["document"]["province"] == "Lạng Sơn"
    assert len(payload["mentions"]) == 6
    assert {"value", "unit", "qualifier", "text", "start", "end"} <= set(payload["figures"][0])
    money = next(f for f in payload["figures"] if f["unit"] == "đồng")
    assert money["value"] == 3_000_000_000
    shared = [a for a in payload["activities"] if a["shared"]]
    assert len(shared) == 1 and len(shared[0]["units"]) == 2


def test_extract_shows_a_reading_without_making_records(monkeypatch, tmp_path, capsys):
    """`extract FILE` only shows what it read: the records (a tenth of a long text's time) are made
    for --write alone."""
    import geo.pipeline

    def refuse(*_args: object, **_kwargs: object) -> list[object]:
        raise AssertionError("records made for a reading only shown")

    monkeypatch.setattr(geo.pipeline, "records_from_activities", refuse)
    assert cli.main(["extract", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Date: 2017-06-01") and "Activities:\n  - " in out
    with pytest.raises(AssertionError, match="records made"):
        cli.main(["extract", str(SAMPLE), "--write", str(tmp_path / "activities.csv")])


def test_extract_write_skips_what_is_already_there(tmp_path, capsys):
    records = tmp_path / "activities.csv"
    assert cli.main(["extract", str(SAMPLE), "--write", str(records)]) == 0
    first = records.read_bytes()
    assert cli.main(["extract", str(SAMPLE), "--write", str(records)]) == 0
    assert records.read_bytes() == first
    assert f"Đã thêm 0 bản ghi vào {records}; " in capsys.readouterr().err
    assert cli.main(["validate", str(records)]) == 0


def test_an_article_copied_on_one_line_is_written_with_a_short_source(tmp_path, capsys):
    # A page copied without its line ends: the "title" line is the whole article.
    lead = "Ngày 05/8/2020, đoàn viên xã Mai Pha, thành phố Lạng Sơn làm 2 km đường. "
    text = lead + "Bà con trong thôn cùng góp công, góp sức dọn dẹp đường làng ngõ xóm. " * 80
    article = tmp_path / "mot_dong.txt"
    article.write_text(text, encoding="utf-8")
    records = tmp_path / "activities.csv"
    assert len(text) > 5_000
    assert cli.main(["extract", str(article), "--write", str(records)]) == 0
    capsys.readouterr()
    rows = records.read_text(encoding="utf-8")
    assert "làm 2 km đường." in rows
    assert max(len(line) for line in rows.splitlines()) < 1_000


def test_records_sharing_an_id_are_refused_and_nothing_is_written(gazetteer, tmp_path):
    import dataclasses

    from geo.errors import InvalidRecord
    from geo.pipeline import append_new, extract_text

    done = extract_text(SAMPLE.read_text(encoding="utf-8"), SAMPLE.name, gazetteer, date=None, province=None)
    first, second = done.records[:2]
    path = tmp_path / "activities.csv"
    with pytest.raises(InvalidRecord, match="duplicate ids"):
        append_new(path, [first, dataclasses.replace(second, id=first.id)], gazetteer)
    assert not path.exists()
    added, skipped = append_new(path, [first, second], gazetteer)
    assert [r.id for r in added] == [first.id, second.id] and skipped == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\xff\xfe\x00garbage", "not UTF-8"), (None, "does not exist")],
)
def test_extract_bad_files(tmp_path, capsys, content, message):
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    assert cli.main(["extract", str(path)]) == 1
    assert message in capsys.readouterr().err


def test_extract_takes_where_one_article_was_published(tmp_path, capsys):
    article = tmp_path / "bai.txt"
    article.write_text("Ngày 5/3/2019, đoàn đã trao 30 suất quà cho hộ nghèo xã Quảng Lạc.", encoding="utf-8")
    assert cli.main(["extract", str(article), "--json", "--url", "https://baolangson.vn/a.html"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["document"]["province"] == "Lạng Sơn"
    other = tmp_path / "bai2.txt"
    other.write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["extract", str(article), str(other), "--url", "https://baolangson.vn/a.html"]) == 2
    assert "--url" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("head", "address"),
    [
        ('<link rel="canonical" href="https://baolangson.vn/a.html">', "https://baolangson.vn/a.html"),
        ("<meta content='https://baolangson.vn/b.html' property='og:url'>", "https://baolangson.vn/b.html"),
        ('<link rel="stylesheet" href="https://cdn.example/s.css">', None),
    ],
)
def test_a_saved_page_tells_where_it_was_published(tmp_path, capsys, head, address):
    from geo._article_text import page_address

    page = f"<html><head>{head}</head><body><p>Ngày 5/3/2019, đoàn trao 30 suất quà cho hộ nghèo xã Quảng Lạc.</p></body></html>"
    assert page_address("bai.html", page.encode()) == address
    path = tmp_path / "bai.html"
    path.write_text(page, encoding="utf-8")
    assert cli.main(["extract", str(path), "--json"]) == 0
    province = json.loads(capsys.readouterr().out)["document"]["province"]
    assert province == ("Lạng Sơn" if address else None)
