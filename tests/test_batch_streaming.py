"""Batches at scale: outcomes as articles finish, bounded work in flight, records appended in chunks,
an interrupted batch resumed, a re-run with nothing new that reads (and starts) nothing it need not."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from geo import _csvio, _streaming, cli
from geo.batch import Tally, collect, read_batch
from geo.errors import InvalidRecord
from geo.records_file import append_records, read_records


def _articles(folder: Path, n: int) -> list[Path]:
    """``n`` short dated articles, each one different (its own day and figure)."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        day = dt.date(2018, 3, 1) + dt.timedelta(days=k)
        text = (
            f"Thứ hai, {day:%d/%m/%Y}\n\nBộ đội giúp xã Mai Pha, thành phố Lạng Sơn làm {100 + k} ngày công."
        )
        (folder / f"a{k:03d}.txt").write_text(text, encoding="utf-8")
    return collect([folder])


def test_outcomes_come_while_later_files_are_not_read_yet(tmp_path, gazetteer):
    paths = _articles(tmp_path / "articles", 60)
    outcomes = read_batch(paths, gazetteer, jobs=2, quiet=True)
    first = next(outcomes)
    assert first.name == str(paths[0]) and not first.error
    for path in paths[45:]:  # not read yet: a bounded number of articles is in flight
        path.unlink()
    rest = list(outcomes)
    gone = [o for o in rest if "does not exist" in o.error]
    assert [o.name for o in gone] == [str(p) for p in paths[45:]]
    assert all(not o.error for o in [first, *rest] if o not in gone)


def test_the_loader_is_not_called_when_every_file_is_skipped(tmp_path):
    paths = _articles(tmp_path / "articles", 3)

    def no_gazetteer():
        raise AssertionError("the gazetteer was loaded with nothing to read")

    tally = Tally()
    assert list(read_batch(paths, no_gazetteer, skip=lambda digest: True, tally=tally, quiet=True)) == []
    assert tally.skipped == 3


@pytest.fixture
def chunky(monkeypatch):
    """Every article's records are appended on their own (a chunk as small as can be)."""
    monkeypatch.setattr(_streaming, "CHUNK_MIN", 1)
    monkeypatch.setattr(_streaming, "CHUNK_MAX", 1)


class Killed(BaseException):
    """Stands for a kill: nothing runs after it (unlike Ctrl-C, which saves what was read)."""


def test_an_interrupted_batch_leaves_the_file_whole_and_the_next_run_completes_it(
    tmp_path, chunky, monkeypatch, capsys
):
    folder = tmp_path / "articles"
    _articles(folder, 5)
    whole = tmp_path / "whole.csv"
    assert cli.main(["extract", str(folder), "--write", str(whole), "--quiet"]) == 0

    out = tmp_path / "records.csv"
    writes = []

    def kill_on_the_third_write():
        writes.append(out.read_bytes() if out.exists() else b"")
        if len(writes) == 3:
            raise Killed

    monkeypatch.setattr(_csvio, "_AFTER_PARTIAL_WRITE", kill_on_the_third_write)
    with pytest.raises(Killed):
        cli.main(["extract", str(folder), "--write", str(out), "--quiet"])
    monkeypatch.setattr(_csvio, "_AFTER_PARTIAL_WRITE", None)
    assert out.read_bytes() == writes[2]  # as after the second article: no temporary file, no torn row
    assert len({r.values["id"][:11] for r in read_records(out)}) == 2
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    capsys.readouterr()

    assert cli.main(["extract", str(folder), "--write", str(out), "--quiet"]) == 0
    assert "3 article(s) read" in capsys.readouterr().out
    assert out.read_bytes() == whole.read_bytes()


def test_a_rerun_with_nothing_new_loads_nothing_parses_no_record_and_starts_no_cluster(
    tmp_path, monkeypatch, capsys
):
    pytest.importorskip("dask.distributed", reason="dask is part of the test extra")
    import dask.distributed

    import geo.batch
    import geo.commands.extract
    import geo.gazetteer_cache
    import geo.pipeline
    import geo.records_file

    folder = tmp_path / "articles"
    _articles(folder, 4)
    out = tmp_path / "records.csv"
    assert cli.main(["extract", str(folder), "--write", str(out), "--quiet"]) == 0
    before = out.read_bytes()
    capsys.readouterr()

    def refused(what):
        def call(*_args, **_kwargs):
            raise AssertionError(f"{what} on a re-run with nothing new")

        return call

    monkeypatch.setattr(dask.distributed, "LocalCluster", refused("a Dask cluster was started"))
    for module in (geo.gazetteer_cache, geo.commands.extract):
        monkeypatch.setattr(module, "load_gazetteer", refused("the gazetteer was loaded"))
    for module in (geo.records_file, geo.pipeline):
        monkeypatch.setattr(module, "read_records", refused("the records file was read as records"))
    monkeypatch.setattr(_csvio, "parse_csv", refused("the records file was parsed whole"))
    monkeypatch.setattr(geo.batch, "read_regular", refused("an unchanged article was read again"))
    argv = ["extract", str(folder), "--write", str(out), "--dask", "local", "--quiet"]
    assert cli.main(argv) == 0
    said = capsys.readouterr().out
    assert "0 article(s) read, 0 record(s)" in said and "4 article(s) skipped" in said
    assert out.read_bytes() == before


def test_a_changed_article_is_read_again_and_the_others_are_not(tmp_path, capsys):
    folder = tmp_path / "articles"
    paths = _articles(folder, 3)
    out = tmp_path / "records.csv"
    assert cli.main(["extract", str(folder), "--write", str(out), "--quiet"]) == 0
    paths[1].write_text(paths[1].read_text(encoding="utf-8") + " Thêm 5 km đường.", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["extract", str(folder), "--write", str(out), "--quiet"]) == 0
    said = capsys.readouterr().out
    assert "1 article(s) read" in said and "2 article(s) skipped" in said


def test_the_same_text_twice_in_one_batch_is_recorded_once(tmp_path, capsys):
    folder = tmp_path / "articles"
    paths = _articles(folder, 2)
    (folder / "copy.txt").write_bytes(paths[0].read_bytes())
    out = tmp_path / "records.csv"
    assert cli.main(["extract", str(folder), "--write", str(out), "--quiet"]) == 0
    assert "1 article(s) skipped" in capsys.readouterr().out
    assert len({r.values["id"][:11] for r in read_records(out)}) == 2


# --------------------------------------------------------------------------- the streaming append


def _records(gazetteer, folder: Path, n: int):
    outcomes = list(read_batch(_articles(folder, n), gazetteer, quiet=True))
    return [(o.digest, o.records) for o in outcomes]


@pytest.mark.parametrize(
    ("old", "expected_end"),
    [
        (
            b"id;place;unit_ids;level;activity;kind;actor;value;unit;qualifier;start;end;shared_group;"
            b"source;source_date;quote;note",
            b"\n",
        ),
        (
            b"\xef\xbb\xbfid,place,unit_ids,level,activity,kind,actor,value,unit,qualifier,start,end,"
            b"shared_group,source,source_date,quote,note\r\n",
            b"\r\n",
        ),
    ],
    ids=["semicolons, LF, no final line ending", "BOM, commas, CRLF"],
)
def test_rows_are_appended_in_the_file_s_dialect_without_changing_a_byte(
    tmp_path, gazetteer, chunky, old, expected_end
):
    target = tmp_path / "records.csv"
    target.write_bytes(old)
    articles = _records(gazetteer, tmp_path / "articles", 2)
    with _streaming.StreamingAppend(_streaming.scan_ids(target)) as sink:
        sink.add(*articles[0])
        assert target.read_bytes().startswith(old) and len(read_records(target)) == len(articles[0][1])
        sink.add(*articles[1])
    data = target.read_bytes()
    assert data.startswith(old) and data.endswith(expected_end)
    delimiter = ";" if b";" in old else ","
    assert read_records(target).dialect.delimiter == delimiter
    assert [r.values["id"] for r in read_records(target)] == [r.id for _, rs in articles for r in rs]


def test_rows_added_by_someone_else_during_the_batch_are_kept_and_checked(tmp_path, gazetteer, chunky):
    target = tmp_path / "records.csv"
    (first, first_records), (second, second_records) = _records(gazetteer, tmp_path / "articles", 2)
    sink = _streaming.StreamingAppend(_streaming.scan_ids(target))
    sink.add(first, first_records)
    planner = dataclasses.replace(first_records[0], id="ls-2018-001")
    append_records(target, [planner])  # an add while the batch runs
    sink.add(second, second_records)
    ids = [r.values["id"] for r in read_records(target)]
    assert ids == [*(r.id for r in first_records), "ls-2018-001", *(r.id for r in second_records)]

    append_records(target, [dataclasses.replace(planner, id="a0000000000-01")])
    sink.pending.clear()
    sink.known.state = None  # the next chunk reads the ids again
    with pytest.raises(InvalidRecord, match=r"mã a0000000000-01 đã có trong tệp .*; chạy lại lần nữa"):
        sink.add("0000000000", [dataclasses.replace(planner, id="a0000000000-01")])


def test_the_scan_refuses_what_reading_refuses(tmp_path):
    target = tmp_path / "records.csv"
    target.write_bytes(b"id,place\r\nx,y\r\n")
    with pytest.raises(InvalidRecord, match="thiếu cột 'unit_ids'"):
        _streaming.scan_ids(target)
    target.write_bytes(
        b"id,place,unit_ids,level,activity,kind,actor,value,unit,qualifier,start,end,shared_group,"
        b'source,source_date,quote,note\r\nx,"y\r\n'
    )
    with pytest.raises(InvalidRecord, match="không được đóng, nên mọi dòng đến cuối tệp"):
        _streaming.scan_ids(target)


HEADER = (
    "id,place,unit_ids,level,activity,kind,actor,value,unit,qualifier,start,end,shared_group,"
    "source,source_date,quote,note"
)
ROW = ",xã Mai Pha,2008/c/05992,commune,làm đường,,,120,ngày công,,2018-03-05,,,,,{quote},"


@pytest.mark.parametrize(
    ("body", "ids"),
    [
        ([f"a0123456789-01{ROW.format(quote='q')}"], {"a0123456789-01"}),
        (  # a quote spanning lines, whose second line looks like a row
            [f"a0123456789-01{ROW.format(quote=chr(34) + 'một' + chr(10) + 'a9999999999-01,x' + chr(34))}"],
            {"a0123456789-01"},
        ),
        ([f"ls-2018-001{ROW.format(quote='q')}", "", f"a0123456789-02{ROW.format(quote='q')}"], None),
        ([f'"a01,23"{ROW.format(quote="q")}'], {"a01,23"}),  # a quoted id: read by the CSV reader
        ([f"'=1+1{ROW.format(quote='q')}"], {"=1+1"}),  # stored behind an apostrophe, read back without
    ],
    ids=["plain", "line break in a quote", "planner id and a blank line", "quoted id", "neutralised id"],
)
@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_reading_the_ids_alone_finds_what_the_csv_reader_finds(tmp_path, body, ids, newline):
    target = tmp_path / "records.csv"
    target.write_bytes((newline.join([HEADER, *body]) + newline).encode("utf-8"))
    found = _streaming.scan_ids(target)
    expected = {r.values["id"] for r in read_records(target)}
    if ids is not None:
        assert expected == ids
    assert {i.decode() if isinstance(i, bytes) else i for i in found.ids} == expected
    assert found.digests == {i[1:11] for i in expected if _streaming.ARTICLE_ID.fullmatch(i)}
