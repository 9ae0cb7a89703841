"""Outputs never replace inputs or special files; inputs that are not regular files are refused.

Each case names the command a person typed and what must hold afterwards: exit 1, a message
that says what to do, and every file as it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from geo import cli

RECORDS = Path(__file__).resolve().parents[1] / "data" / "activities.csv"
ADD = ["--place", "xã Mai Pha, thành phố Lạng Sơn", "--activity", "làm đường", "--start", "2017-03-01"]


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "--out", "data/activities.csv"],
        ["add", *ADD, "--out", "data/activities.csv"],
        [
            "units",
            "--province",
            "Lạng Sơn",
            "--as-of",
            "2017-06-01",
            "--level",
            "district",
            "-o",
            "data/activities.csv",
        ],
    ],
)
def test_an_output_never_replaces_the_records(project, argv, capsys):
    before = (project / "data" / "activities.csv").read_bytes()
    code = cli.main(argv)
    err = capsys.readouterr().err
    after = (project / "data" / "activities.csv").read_bytes()
    assert code == 1 and after == before  # refused before anything was written (add: no row either)
    assert "activity records" in err or "being read" in err


def test_a_records_file_given_as_the_map_of_another_records_file(project, capsys):
    other = project / "other.csv"
    shutil.copyfile(RECORDS, other)
    assert cli.main(["build", "--activities", str(other), "--out", str(other)]) == 1
    assert other.read_bytes() == RECORDS.read_bytes()
    assert "being read" in capsys.readouterr().err


def test_a_fifo_as_output_is_refused_and_left_alone(project, capsys):
    fifo = project / "pipe"
    os.mkfifo(fifo)
    assert cli.main(["build", "--out", str(fifo)]) == 1
    assert fifo.exists() and not fifo.is_file()
    assert "not a regular file" in capsys.readouterr().err


def test_a_link_to_a_file_is_written_through_at_its_target(project):
    target = project / "real.html"
    target.write_text("old", encoding="utf-8")
    link = project / "maps.html"
    link.symlink_to(target)
    assert cli.main(["build", "--out", str(link), "--quiet"]) == 0
    assert link.is_symlink() and "leaflet" in target.read_text(encoding="utf-8").lower()


RECORDS_NOT_REGULAR = "fifo.txt không phải là một tệp thường (mà là một thư mục, thiết bị, FIFO hoặc socket)"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["build", "--activities", "{fifo}"], RECORDS_NOT_REGULAR),
        (["validate", "{fifo}"], RECORDS_NOT_REGULAR),
        (["extract", "{fifo}"], "not a regular file"),  # an article, not a records file
        (["extract", "{article}", "--write", "{fifo}"], RECORDS_NOT_REGULAR),
    ],
)
def test_inputs_that_are_not_regular_files_are_refused(project, argv, said, capsys):
    fifo = project / "fifo.txt"
    os.mkfifo(fifo)  # reading it would wait for ever
    article = project / "a.txt"
    article.write_text(
        "Thứ hai, 05/03/2018\n\nBộ đội giúp xã Mai Pha, thành phố Lạng Sơn làm 120 ngày công.", "utf-8"
    )
    argv = [a.format(fifo=fifo, article=article) for a in argv]
    assert cli.main(argv) == 1
    assert said in capsys.readouterr().err


def test_a_text_too_large_to_be_an_article_is_refused(project, capsys):
    big = project / "dump.txt"
    big.write_bytes(b"1 " * 1_100_000)
    assert cli.main(["extract", str(big)]) == 1
    assert "more than the 2,000,000 accepted" in capsys.readouterr().err


def test_add_says_when_the_row_is_saved_but_the_map_is_not(project, capsys, monkeypatch):
    import geo.pipeline

    def broken(*_args, **_kwargs):
        from geo.errors import GeoError

        raise GeoError("the disk is full")

    monkeypatch.setattr(geo.pipeline, "write_activity_map", broken)
    before = (project / "data" / "activities.csv").read_bytes()
    assert cli.main(["add", *ADD]) == cli.SAVED_NOT_BUILT
    err = capsys.readouterr().err
    assert "Bản ghi đã được lưu (data/activities.csv, dòng 18) nhưng bản đồ chưa được dựng lại: " in err
    assert "the disk is full; đừng thêm lại bản ghi; chạy `python build_map.py build`" in err
    assert (project / "data" / "activities.csv").read_bytes() != before


def test_add_says_how_it_read_a_value(project, capsys):
    assert cli.main(["add", *ADD, "--value", "2.500", "--unit", "km", "--no-build"]) == 0
    assert "--value '2.500' được đọc là 2\u202f500 ('.' phân cách hàng nghìn" in capsys.readouterr().err


HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["add", *ADD, "--value", HUGE, "--no-build"],
            "' có 5.000 chữ số; một số liệu có nhiều nhất 30 chữ số",
        ),
        (["geocode", "xã Mai Pha\udcff\udcfe"], "argument 2 is not valid UTF-8"),
        (["add", "--place", "x\ud800", "--activity", "x", "--start", "2017-03-01"], "not valid UTF-8"),
    ],
)
def test_no_traceback_for_huge_numbers_or_bad_text(project, argv, message, capsys):
    before = (project / "data" / "activities.csv").read_bytes()
    assert cli.main(argv) in (1, 2)
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err) < 500
    assert (project / "data" / "activities.csv").read_bytes() == before


def test_a_records_file_with_a_huge_value_is_reported_by_line(project, capsys):
    path = project / "data" / "activities.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(
            f'zz1,"xã Mai Pha, thành phố Lạng Sơn",2008/c/05992,commune,x,,,{HUGE},km,,2017-03-01,,,,,,\n'
        )
    lines = path.read_text(encoding="utf-8").count("\n")
    assert cli.main(["validate"]) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert f"dòng {lines}, value: " in text and "có 5.000 chữ số; một số liệu có nhiều nhất 30" in text
    assert len(text) < 2000


def test_undecodable_lines_on_standard_input_are_named(project, capsys, monkeypatch):
    import io

    stdin = io.TextIOWrapper(io.BytesIO(b"x\xc3\xa3 Mai Pha\n\xff\xfe\n"), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    assert cli.main(["geocode", "--from-file", "-", "--as-of", "2017-06-01"]) == 1
    captured = capsys.readouterr()
    assert "Mai Pha" in captured.out  # the good line was answered
    assert "is not UTF-8 (line 2" in captured.err


def test_a_field_too_long_for_the_csv_module_does_not_lock_the_file(project, capsys):
    """A legacy row with a 200,000-character quote: read, reported with its line, not refused."""
    path = project / "data" / "activities.csv"
    long_quote = "dài " * 50_000
    with path.open("a", encoding="utf-8") as handle:
        handle.write(
            f'zz2,"xã Mai Pha, thành phố Lạng Sơn",2008/c/05992,commune,x,,,,,,2017-03-01,,,,,"{long_quote}",\n'
        )
    lines = path.read_text(encoding="utf-8").count("\n")
    assert cli.main(["validate"]) == 0
    out = capsys.readouterr().out
    assert f"dòng {lines}: lưu ý: quote có 199.999 ký tự, nhiều hơn 5.000 ký tự một ô chứa được" in out
    assert cli.main(["build", "--quiet"]) == 0  # the map is still built


def test_rows_are_bounded_where_they_are_made(project, capsys):
    before = (project / "data" / "activities.csv").read_bytes()
    many = [arg for _ in range(21) for arg in ("--place", "xã Mai Pha, thành phố Lạng Sơn")]
    assert cli.main(["add", *many, "--activity", "x", "--start", "2017-03-01", "--no-build"]) == 1
    assert "21 --place trong một dòng, nhiều hơn 20 địa điểm một dòng chứa được" in capsys.readouterr().err
    assert cli.main(["add", *ADD, "--description", "x" * 6000, "--no-build"]) == 1
    assert "note có 6.000 ký tự, nhiều hơn 5.000 ký tự một ô chứa được" in capsys.readouterr().err
    assert (project / "data" / "activities.csv").read_bytes() == before


def test_a_long_sentence_gives_a_short_quote(gazetteer):
    from geo._phrases import MAX_QUOTE
    from geo.activities import build_activities
    from geo.extract import read_article

    text = (
        "Tiêu đề\n15/01/2019 10:00\nĐoàn trao "
        + ", ".join(f"{k} suất quà" for k in range(1, 400))
        + " tại xã Mai Pha."
    )
    activities = build_activities(read_article(text, gazetteer, province="Lạng Sơn"))
    assert len(activities) == 399
    assert all(len(a.quote) <= MAX_QUOTE + 2 for a in activities)
    assert all(f.text in a.quote for a in activities for f in a.figures)


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x/","y")', "+1 quà", "-giúp dân", "@ban", "'=x", "''=x", "'abc"]
)
def test_text_a_spreadsheet_would_run_is_stored_neutralised_and_read_back(project, text):
    from geo.records_file import read_records

    path = project / "data" / "activities.csv"
    before = path.read_bytes()
    assert cli.main(["add", *ADD[:2], "--activity", text, "--start", "2017-03-01", "--no-build"]) == 0
    written = path.read_bytes()[len(before) :].decode("utf-8")
    assert not any(cell.lstrip('"').startswith(("=", "+", "-", "@")) for cell in written.split(","))
    assert read_records(path).rows[-1].values["activity"] == text


def test_twenty_planners_adding_at_once_lose_nothing(project):
    """20 `add` processes at once: each waits for the lock, takes a free id under it: 20 rows."""
    import subprocess
    import sys

    from geo.records_file import read_records

    script = Path(__file__).resolve().parents[1] / "build_map.py"
    before = len(read_records(project / "data" / "activities.csv").rows)
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(script),
                "add",
                *ADD[:2],
                "--activity",
                f"làm đường đợt {k}",
                "--start",
                "2017-03-01",
                "--no-build",
                "--quiet",
            ],
            cwd=project,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(20)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 20, errors
    rows = read_records(project / "data" / "activities.csv").rows
    assert len(rows) == before + 20
    assert len({r.values["id"] for r in rows}) == len(rows)


def test_a_retried_add_adds_nothing(project, capsys):
    path = project / "data" / "activities.csv"
    assert cli.main(["add", *ADD, "--no-build"]) == 0
    once = path.read_bytes()
    assert cli.main(["add", *ADD, "--no-build"]) == 1
    assert "bản ghi này đã có ở dòng 18 (mã 2017-03-01-mai-pha)" in capsys.readouterr().err
    assert path.read_bytes() == once
