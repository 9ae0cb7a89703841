"""`python build_map.py` (= build): reads data/activities.csv, writes the map, prints its path."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import cli

RECORDS = Path(__file__).resolve().parents[1] / "data" / "activities.csv"


def test_no_arguments_builds_the_default_map(project, capsys):
    assert cli.main([]) == 0
    out = project / "maps" / "lang_son_activities.html"
    assert capsys.readouterr().out.strip() == str(Path("maps/lang_son_activities.html"))
    html = out.read_text(encoding="utf-8")
    assert "Hoạt động tại tỉnh Lạng Sơn" in html
    assert 100_000 < len(html.encode()) <= 1_500_000


def test_quiet_and_a_national_map(project, capsys):
    assert cli.main(["--quiet", "--province", "all"]) == 0
    assert (project / "maps" / "vietnam_activities.html").is_file()
    assert "vietnam_activities.html" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--province", "Hà Nội"], "No activity records in thành phố Hà Nội"),
        (["--province", "Lang Sonn"], "tên 'Lang Sonn'; có phải: Lạng Sơn"),
        (["--activities", "missing.csv"], "missing.csv không tồn tại; tạo nó bằng: python build_map.py add"),
    ],
)
def test_build_refusals_write_nothing(project, capsys, argv, message):
    assert cli.main(argv) == 1
    assert message in capsys.readouterr().err
    assert not (project / "maps").exists()


def test_a_records_file_with_problems_is_refused_with_its_lines(project, capsys):
    path = project / "data" / "activities.csv"
    text = path.read_text(encoding="utf-8-sig").replace(",2650,", ",-2650,", 1)
    path.write_text(text, encoding="utf-8")
    assert cli.main([]) == 1
    err = capsys.readouterr().err
    assert "có lỗi; sửa chúng (python build_map.py validate " in err
    assert '\n  dòng 3, value: "-2650" là số âm; ghi một số ≥ 0' in err
    assert not (project / "maps").exists()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("maps", "is a folder; give the path of a file to write"),  # an existing folder
        ("records.csv/map.html", "Cannot write"),  # inside what is a file, not a folder
    ],
)
def test_a_map_that_cannot_be_written_there_is_refused_with_what_to_do(project, capsys, out, message):
    (project / "maps").mkdir()
    (project / "records.csv").write_text("not a folder", encoding="utf-8")
    assert cli.main(["--out", out]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert list((project / "maps").iterdir()) == []  # no temporary file left behind
    assert (project / "records.csv").read_text(encoding="utf-8") == "not a folder"
