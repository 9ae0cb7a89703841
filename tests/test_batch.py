"""Reading many articles: folders, formats, parallel workers, Dask, skipping, failures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo import cli
from geo._article_text import article_text
from geo.batch import collect
from geo.errors import GeoError
from geo.records_file import read_records

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "articles" / "000_cce5422ce9ab3938.txt"

SHORT = [
    "Thứ hai, 05/03/2018\n\nNăm 2018, bộ đội giúp xã Mai Pha, thành phố Lạng Sơn làm 120 ngày công.",
    "Thứ ba, 06/03/2018\n\nĐoàn thanh niên xã Trấn Ninh, huyện Văn Quan trao 50 suất quà cho hộ nghèo.",
    "Thứ tư, 07/03/2018\n\nCác xã Tân Lập và Tân Thành (huyện Bắc Sơn, tỉnh Lạng Sơn) làm mới hơn 12 km đường.",
]


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "articles"
    (folder / "2018").mkdir(parents=True)
    shutil.copyfile(SAMPLE, folder / "sample.txt")
    for k, text in enumerate(SHORT):
        (folder / "2018" / f"short{k}.txt").write_text(text, encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>x</title><script>var a = 'xã Giả';</script></head><body>"
        "<p>Thứ năm, 08/03/2018</p><p>Bộ đội làm đường tại <b>xã Quốc Khánh</b>, huyện Tràng Định.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    (folder / "note.md").write_text(
        "# Tin\n\nThứ sáu, 09/03/2018\n\n**Bộ đội** giúp [xã Chi Lăng](http://x), huyện Tràng Định 30 ngày công.",
        encoding="utf-8",
    )
    (folder / "ignored.pdf").write_bytes(b"%PDF-1.4")
    (folder / "broken.txt").write_bytes("10/03/2018 xa Mai Phà".encode("latin-1"))
    return folder


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("a.txt", "Thứ hai\r\n\r\n\r\n\r\nxã  Mai Pha".encode(), "Thứ hai\n\nxã Mai Pha"),
        (
            "a.html",
            "<p>xã <b>Mai Pha</b></p><script>no</script><p>huyện &amp; tỉnh</p>".encode(),
            "xã Mai Pha\n\nhuyện & tỉnh",
        ),
        ("a.md", "## Tiêu đề\n\n*xã* [Mai Pha](u)".encode(), "Tiêu đề\n\nxã Mai Pha"),
        ("a.txt", "\ufeffxã Mai Pha".encode(), "xã Mai Pha"),
    ],
)
def test_article_text(name, raw, expected):
    assert article_text(name, raw) == expected


@pytest.mark.parametrize(("raw", "message"), [(b"\xff\xfe\xfd", "not UTF-8"), (b"abc\x00def", "binary")])
def test_article_text_refuses(raw, message):
    with pytest.raises(GeoError, match=message):
        article_text("a.txt", raw)


def test_collect_walks_folders_and_keeps_articles(corpus):
    names = sorted(p.name for p in collect([corpus]))
    assert names == [
        "broken.txt",
        "note.md",
        "page.html",
        "sample.txt",
        "short0.txt",
        "short1.txt",
        "short2.txt",
    ]
    with pytest.raises(GeoError, match="does not exist"):
        collect([corpus / "missing"])


def _ids_and_places(path):
    return sorted((r.values["id"], r.values["unit_ids"]) for r in read_records(path))


def test_batch_reads_everything_reports_the_broken_file_and_skips_on_rerun(corpus, tmp_path, capsys):
    out = tmp_path / "records.csv"
    assert cli.main(["extract", str(corpus), "--jobs", "2", "--write", str(out)]) == 1
    captured = capsys.readouterr()
    assert "broken.txt: not UTF-8" in captured.err
    assert "6 article(s) read" in captured.out
    units = {r.values["unit_ids"] for r in read_records(out)}
    assert "2008/c/05992" in units  # Mai Pha, from the first short text
    assert any("2008/c/06" in u for u in units)  # Quốc Khánh, from the HTML page
    first = out.read_bytes()
    assert cli.main(["extract", str(corpus), "--write", str(out), "--quiet"]) == 1
    assert out.read_bytes() == first
    assert "6 article(s) skipped" in capsys.readouterr().out


def test_parallel_and_serial_give_the_same_records(corpus, tmp_path):
    (corpus / "broken.txt").unlink()
    serial, parallel = tmp_path / "serial.csv", tmp_path / "parallel.csv"
    assert cli.main(["extract", str(corpus), "--write", str(serial)]) == 0
    assert cli.main(["extract", str(corpus), "--jobs", "2", "--write", str(parallel)]) == 0
    assert serial.read_bytes() == parallel.read_bytes()


def test_dask_local_cluster_gives_the_same_records(corpus, tmp_path):
    pytest.importorskip("dask.distributed", reason="dask is part of the test extra")
    (corpus / "broken.txt").unlink()
    serial, distributed = tmp_path / "serial.csv", tmp_path / "dask.csv"
    assert cli.main(["extract", str(corpus), "--write", str(serial)]) == 0
    assert cli.main(["extract", str(corpus), "--dask", "local", "--write", str(distributed)]) == 0
    assert serial.read_bytes() == distributed.read_bytes()


def test_unreachable_dask_scheduler_is_a_clear_error(corpus, capsys):
    assert cli.main(["extract", str(corpus), "--dask", "tcp://127.0.0.1:9"]) == 1
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err


def test_an_article_without_a_date_is_read_reported_and_not_recorded(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "dated.txt").write_text(SHORT[0], encoding="utf-8")
    (folder / "undated.txt").write_text(
        "Đoàn thanh niên về xã Trùng Quán, huyện Văn Lãng giúp dân làm 2 km đường.", encoding="utf-8"
    )
    out = tmp_path / "records.csv"
    assert cli.main(["extract", str(folder), "--write", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "no date: give --date or a date line" in err and "undated.txt" in err
    assert "Trùng Quán" not in err.split("no date")[0]  # the message never blames the place text
    rows = read_records(out).rows
    assert len(rows) == 1 and "Mai Pha" in rows[0].values["place"]
    # Given a date, the same article is recorded.
    assert (
        cli.main(["extract", str(folder / "undated.txt"), "--date", "2019-05-01", "--write", str(out)]) == 0
    )
    assert len(read_records(out)) == 2


def test_a_saved_page_in_a_batch_tells_where_it_was_published(gazetteer):
    from geo.batch import read_one

    body = "<p>Ngày 5/3/2019, đoàn trao 30 suất quà cho hộ nghèo xã Quảng Lạc.</p>"
    bare = f"<html><head></head><body>{body}</body></html>"
    saved = f'<html><head><link rel="canonical" href="https://baolangson.vn/a.html"></head><body>{body}</body></html>'
    assert read_one("a.html", bare.encode(), gazetteer, None, None).records == []  # ambiguous: no place
    (record,) = read_one("b.html", saved.encode(), gazetteer, None, None).records
    assert record.places == ("xã Quảng Lạc, tỉnh Lạng Sơn",)
