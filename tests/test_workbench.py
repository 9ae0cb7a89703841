"""The workbench's server, started for real (``build_map.py serve``) and called as its page calls it.

Security (CSRF token, origin, host, size limits), the place answers against ``geocode --json``,
the add form's problems in the CLI's words, corrections and withdrawals with their history,
spreadsheets and articles, and saves running at once.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from serving import ROOT, running, xlsx_bytes

from geo import cli
from geo.records import COLUMNS, WITHDRAWN
from geo.records_file import read_records

RECORDS = ROOT / "data" / "activities.csv"
ARTICLE = ROOT / "data" / "articles" / "000_cce5422ce9ab3938.txt"
FORM = {
    "place": "xa trung quan, van lang",
    "activity": "bê tông đường liên thôn",
    "start": "2017-04-10",
    "value": "1,5",
    "unit": "km",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workbench")
    records = folder / "activities.csv"
    shutil.copyfile(RECORDS, records)
    with running(records, folder / "map.html") as server:
        server.records = records
        yield server


def rows_of(path: Path) -> list[dict[str, str]]:
    return [row.values for row in read_records(path)]


# --- security -------------------------------------------------------------------------------------


def test_a_write_without_the_csrf_token_is_refused_and_writes_nothing(served):
    before = served.records.read_bytes()
    status, answer = served.call("POST", "/api/records", FORM, csrf=False)
    assert status == 403
    assert "CSRF" in answer["error"]
    assert served.records.read_bytes() == before


def test_a_wrong_csrf_token_is_refused(served):
    before = served.records.read_bytes()
    status, _ = served.call("POST", "/api/records", FORM, headers={"X-CSRF-Token": "x" * 43})
    assert status == 403
    assert served.records.read_bytes() == before


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "http://127.0.0.1:1"},  # another port is another origin
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_request_from_another_origin_is_refused_even_with_the_token(served, headers):
    before = served.records.read_bytes()
    status, answer = served.call("POST", "/api/records", FORM, headers=headers)
    assert status == 403
    assert "trang khác" in answer["error"]
    assert served.records.read_bytes() == before
    status, _ = served.call("GET", "/api/records", headers=headers)
    assert status == 403


def test_a_write_without_any_origin_is_refused(served):
    status, _ = served.call("POST", "/api/records", FORM, headers={"Origin": None})
    assert status == 403


def test_another_host_name_is_refused(served):
    # A page on another site whose name was pointed at 127.0.0.1 (DNS rebinding) names itself.
    status, _ = served.call("GET", "/api/records", headers={"Host": "evil.example"})
    assert status == 400


def test_a_request_larger_than_the_limit_is_refused(served):
    before = served.records.read_bytes()
    status, answer = served.call("POST", "/api/records", {**FORM, "note": "x" * 100_000})
    assert status == 413
    assert "quá lớn" in answer["error"]
    assert served.records.read_bytes() == before


def test_every_answer_forbids_framing_and_inline_scripts(served):
    import urllib.request

    with urllib.request.urlopen(served.base + "/") as response:
        policy = response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
        page = response.read().decode()
    assert "script-src" not in policy and "default-src 'self'" in policy  # no inline script runs
    assert "<script>" not in page  # the page's scripts are files
    assert "http://" not in page and "https://" not in page  # nothing from a CDN


def test_off_the_loopback_an_access_token_is_required(tmp_path):
    records = tmp_path / "activities.csv"
    shutil.copyfile(RECORDS, records)
    with running(records, tmp_path / "map.html", host="0.0.0.0") as server:
        assert "?token=" in server.url
        status, answer = server.call("GET", "/api/records")
        assert status == 401
        assert "mã truy cập" in answer["error"]
        token = server.url.split("?token=")[1]
        status, _ = server.call("GET", "/api/records", headers={"Cookie": f"workbench_access={token}"})
        assert status == 200


# --- places ----------------------------------------------------------------------------------------


def test_the_places_answer_is_the_geocoders(served, capsys):
    status, answers = served.call("GET", "/api/places?q=xa%20trung%20quan%2C%20van%20lang&date=2017-06-01")
    assert status == 200
    assert cli.main(["geocode", "xa trung quan, van lang", "--as-of", "2017-06-01", "--json"]) == 0
    assert answers[0] == json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("typed", "day", "expected", "today"),
    [
        ("xuan m", "2017-06-01", "Xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn", "Yên Phúc"),
        ("trung qu", "2017-06-01", "Xã Trùng Quán, huyện Văn Lãng, tỉnh Lạng Sơn", "Na Sầm"),
        ("X. Mai Pha", "2017-06-01", "Xã Mai Pha, thành phố Lạng Sơn, tỉnh Lạng Sơn", "Đông Kinh"),
        ("tp lang son", "2017-06-01", "Thành phố Lạng Sơn, tỉnh Lạng Sơn", None),
        ("na sam", "2026-03-01", "Xã Na Sầm, tỉnh Lạng Sơn", None),
        ("Bình Phúc", "2021-01-01", "Xã Bình Phúc, huyện Văn Quan, tỉnh Lạng Sơn", "Yên Phúc"),
    ],
)
def test_suggestions_as_one_types(served, typed, day, expected, today):
    from urllib.parse import quote

    status, answers = served.call("GET", f"/api/places?q={quote(typed)}&date={day}")
    assert status == 200
    kept = {c["path"]: c for a in answers for c in a["candidates"] if c["kept"]}
    assert expected in kept
    if today is not None:  # a unit that no longer exists comes with what holds it today
        assert kept[expected]["valid_to"] is not None
        assert kept[expected]["current"][0]["name"] == today


def test_same_name_units_come_with_their_district_and_province(served):
    _, answers = served.call("GET", "/api/places?q=hoang%20van%20thu&date=2017-06-01")
    paths = {c["path"] for c in answers[0]["candidates"] if c["kept"]}
    assert {
        "Xã Hoàng Văn Thụ, huyện Bình Gia, tỉnh Lạng Sơn",
        "Xã Hoàng Văn Thụ, huyện Văn Lãng, tỉnh Lạng Sơn",
        "Phường Hoàng Văn Thụ, thành phố Lạng Sơn, tỉnh Lạng Sơn",
    } <= paths


def test_a_bad_date_for_suggestions_is_said(served):
    status, answer = served.call("GET", "/api/places?q=na%20sam&date=2017-13-01")
    assert status == 400
    assert "2017-13-01" in answer["error"] and "YYYY-MM-DD" in answer["error"]


# --- adding ---------------------------------------------------------------------------------------


def test_a_saved_form_is_a_row_as_add_writes_it(served):
    status, answer = served.call("POST", "/api/records", {**FORM, "value": "1.445", "unit": "ngày công"})
    assert status == 200, answer
    row = next(r for r in rows_of(served.records) if r["id"] == answer["row"]["id"])
    assert row["value"] == "1445"
    assert row["unit_ids"] == "2008/c/lang-son.van-lang.trung-quan"
    assert answer["read_as"]["value"].startswith(
        "value '1.445' được đọc là 1\u202f445 ('.' phân cách hàng nghìn"
    )
    assert cli.main(["validate", str(served.records)]) == 0


@pytest.mark.parametrize(
    ("field", "value", "flag"),
    [
        ("start", "2017-13-01", "--start"),
        ("start", "2999-01-01", "--start"),
        ("value", "1,234,567", "--value"),
        ("place", "xa khong co dau ca", None),  # the form has no --province: it says how to narrow
    ],
)
def test_a_problem_is_given_by_its_field_in_the_cli_words_and_writes_nothing(
    served, capsys, field, value, flag
):
    before = served.records.read_bytes()
    status, answer = served.call("POST", "/api/records", {**FORM, field: value})
    assert status == 422
    assert served.records.read_bytes() == before
    message = answer["problems"][field]
    typed = [a for k, v in {**FORM, field: value}.items() for a in (f"--{k}", v)]
    code = cli.main(["add", *typed, "--activity", "x", "--activities", str(served.records), "--no-build"])
    assert code == 1
    said = capsys.readouterr().err.removeprefix("Error: ").strip()
    assert answer["codes"][field]
    if flag:
        assert said.replace(flag, field) == message
    else:  # the same first line; the command line offers --province, the form a fuller place
        assert (
            said.splitlines()[0]
            == message.splitlines()[0]
            == ('Không có địa điểm "xa khong co dau ca" vào ngày 10/04/2017.')
        )
        assert said.splitlines()[-1] == "Nếu địa điểm ở một tỉnh nhất định, thêm --province TÊN."
        assert message.splitlines()[-1].startswith("Ghi thêm huyện, tỉnh sau dấu phẩy")


def test_the_number_reader_shows_how_a_figure_was_read(served):
    assert served.call("GET", "/api/number?text=1.445")[1]["value"] == 1445
    assert served.call("GET", "/api/number?text=2%2C5")[1] == {"value": 2.5, "shown": "2,5"}
    assert served.call("GET", "/api/number?text=1.234.567")[1]["shown"] == "1\u202f234\u202f567"
    status, answer = served.call("GET", "/api/number?text=1%2C234%2C567")
    assert status == 400
    assert "'1,234,567'" in answer["error"]


def test_two_browsers_and_the_cli_saving_at_once_lose_nothing(served):
    lines_before = len(rows_of(served.records))
    places = [
        "xã Mai Pha, thành phố Lạng Sơn",
        "xã Xuân Mai, huyện Văn Quan",
        "xã Hoàng Đồng, thành phố Lạng Sơn",
    ]
    results: list = []

    def browser(place: str) -> None:
        results.append(served.call("POST", "/api/records", {**FORM, "place": place, "activity": "cùng lúc"}))

    cli = [sys.executable, str(ROOT / "build_map.py"), "add", "--place", "xã Tân Thành, huyện Cao Lộc"]
    cli += [
        "--activity",
        "cùng lúc",
        "--start",
        "2017-04-10",
        "--activities",
        str(served.records),
        "--no-build",
    ]
    threads = [threading.Thread(target=browser, args=(p,)) for p in places]
    process = subprocess.Popen(cli, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    assert [status for status, _ in results] == [200, 200, 200], results
    rows = rows_of(served.records)
    assert len(rows) == lines_before + 4
    assert len({r["id"] for r in rows}) == len(rows)
    assert sum(r["activity"] == "cùng lúc" for r in rows) == 4


# --- review: correct, withdraw, history -----------------------------------------------------------


def test_a_correction_replaces_the_row_and_keeps_the_old_one_in_the_history(served):
    status, listing = served.call("GET", "/api/records")
    row = next(r for r in listing["rows"] if r["values"]["kind"] == "giúp dân" and not r["withdrawn"])
    fields = {
        k: row["values"][k]
        for k in ("place", "activity", "kind", "actor", "unit", "qualifier", "start", "end", "source", "note")
    }
    fields["value"] = "2.650"
    fields["activity"] = row["values"]["activity"] + " (đã sửa)"
    others_before = [r for r in rows_of(served.records) if r["id"] != row["values"]["id"]]
    status, answer = served.call(
        "POST", f"/api/records/{row['line']}/correct", {"seen": row["values"], "fields": fields}
    )
    assert status == 200, answer
    after = rows_of(served.records)
    changed = next(r for r in after if r["id"] == row["values"]["id"])
    assert changed["activity"].endswith("(đã sửa)")
    assert changed["quote"] == row["values"]["quote"]
    assert [r for r in after if r["id"] != row["values"]["id"]] == others_before
    entry = served.call("GET", "/api/history")[1]["entries"][0]
    assert entry["action"] == "correct"
    assert entry["before"] == row["values"]
    # The row changed: a second correction made from what was shown before is refused.
    status, answer = served.call(
        "POST", f"/api/records/{row['line']}/correct", {"seen": row["values"], "fields": fields}
    )
    assert status == 400
    assert f"dòng {row['line']} của " in answer["error"]
    assert (
        "đã thay đổi từ lúc được hiển thị (người khác đã lưu); không ghi gì; tải lại trang" in answer["error"]
    )
    assert answer["code"] == "edit.changed"


def test_a_withdrawn_row_is_kept_marked_and_off_the_map(served, tmp_path):
    listing = served.call("GET", "/api/records")[1]
    row = next(r for r in listing["rows"] if not r["withdrawn"])
    count = len(listing["rows"])
    status, answer = served.call(
        "POST", f"/api/records/{row['line']}/withdraw", {"seen": row["values"], "reason": "trùng"}
    )
    assert status == 200, answer
    rows = rows_of(served.records)
    assert len(rows) == count
    kept = next(r for r in rows if r["id"] == row["values"]["id"])
    assert kept["note"].startswith(f"{WITHDRAWN} ") and "trùng" in kept["note"]
    history = served.call("GET", "/api/history")[1]["entries"]
    assert history[0]["action"] == "withdraw" and history[0]["id"] == row["values"]["id"]
    from geo.pipeline import load_records

    assert row["values"]["id"] not in {r.id for r in load_records(served.records)}


# --- spreadsheets and articles ------------------------------------------------------------------


# As a planner fills a sheet: places as written, no unit ids (the preview finds them at the start date).
SHEET_ROWS = [
    {
        "id": "s-1",
        "place": "xã Mai Pha, thành phố Lạng Sơn",
        "activity": "trồng cây",
        "value": "500",
        "unit": "cây",
        "start": "2017-03-01",
    },
    {
        "id": "s-2",
        "place": "xã Mai Pha, thành phố Lạng Sơn",
        "activity": "trồng cây",
        "value": "500",
        "unit": "cây",
        "start": "2017-02-30",
    },
]


def test_a_spreadsheet_is_previewed_with_its_problems_then_its_good_rows_appended(served):
    body = {"file_name": "trong_cay.xlsx", "file_b64": base64.b64encode(xlsx_bytes(SHEET_ROWS)).decode()}
    before = served.records.read_bytes()
    status, preview = served.call("POST", "/api/sheet", body)
    assert status == 200, preview
    assert served.records.read_bytes() == before  # a preview writes nothing
    assert [bool(r["problems"]) for r in preview["rows"]] == [False, True]
    assert any("2017-02-30" in p for p in preview["rows"][1]["problems"])
    status, done = served.call("POST", "/api/sheet", {**body, "append": True})
    assert status == 200, done
    ids = [r["id"] for r in rows_of(served.records)]
    assert "s-1" in ids and "s-2" not in ids
    status, again = served.call("POST", "/api/sheet", body)
    assert again["rows"][0]["problems"]  # s-1 is there now


def test_a_sheet_row_without_an_id_gets_a_new_one(served):
    rows = [{k: v for k, v in row.items() if k != "id"} for row in SHEET_ROWS[:1]] * 2
    body = {"file_name": "trong_cay.csv", "file_b64": ""}
    import csv

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    body["file_b64"] = base64.b64encode(buffer.getvalue().encode()).decode()
    status, preview = served.call("POST", "/api/sheet", body)
    assert status == 200, preview
    assert [r["problems"] for r in preview["rows"]] == [[], []]
    ids = [r["values"]["id"] for r in preview["rows"]]
    assert ids[0] != ids[1] and ids[0].startswith("2017-03-01-mai-pha")
    assert not set(ids) & {r["id"] for r in rows_of(served.records)}


def test_an_article_gives_proposals_and_the_accepted_ones_are_appended(served):
    status, read = served.call("POST", "/api/article", {"text": ARTICLE.read_text(encoding="utf-8")})
    assert status == 200, read
    assert read["date"] and len(read["proposals"]) >= 2
    chosen = read["proposals"][:2]
    chosen[1]["fields"]["activity"] = chosen[1]["fields"]["activity"] + " (sửa)"
    count = len(rows_of(served.records))
    status, done = served.call("POST", "/api/article/accept", {"proposals": chosen})
    assert status == 200, done
    rows = rows_of(served.records)
    assert len(done["added"]) + done["skipped"] == 2
    assert len(rows) == count + len(done["added"])


def test_an_upload_that_is_not_an_article_is_said(served):
    body = {"file_name": "bai.pdf", "file_b64": base64.b64encode(b"%PDF-1.4").decode()}
    status, answer = served.call("POST", "/api/article", body)
    assert status == 400
    assert answer["error"] == "'bai.pdf' không phải là tệp bài báo; chọn một tệp .txt hoặc .html"


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (
            b"Xa Mai Pha\nH\xe0 N\xf4i",  # Latin-1
            "'bai.txt' không phải UTF-8 (byte 12, dòng 2); lưu bài dưới dạng UTF-8",
        ),
        (b"abc\x00def", "'bai.txt' là một tệp nhị phân, không phải bài báo; chọn một tệp .txt hoặc .html"),
    ],
)
def test_an_unreadable_article_is_said_in_vietnamese(served, raw, said):
    body = {"file_name": "bai.txt", "file_b64": base64.b64encode(raw).decode()}
    status, answer = served.call("POST", "/api/article", body)
    assert status == 400
    assert answer["error"].startswith(said)


def test_an_article_longer_than_the_cli_takes_is_refused(served):
    status, answer = served.call("POST", "/api/article", {"text": "Xã Mai Pha. " * 200_000})
    assert status == 400
    assert "bài dán vào: 2.600.000 byte chữ, nhiều hơn 2.000.000 byte một bài báo được có" in answer["error"]


def test_a_first_record_creates_the_file_with_its_header(tmp_path):
    records = tmp_path / "new" / "activities.csv"
    records.parent.mkdir()
    with running(records, tmp_path / "map.html") as server:
        assert server.call("GET", "/api/records") == (
            200,
            {"file": "activities.csv", "rows": [], "problems": []},
        )
        status, answer = server.call("POST", "/api/records", FORM)
        assert status == 200, answer
    assert [r["place"] for r in rows_of(records)] == [FORM["place"]]


def test_the_map_is_built_and_served(served):
    status, answer = served.call("POST", "/api/build", {})
    assert status == 200, answer
    import urllib.request

    with urllib.request.urlopen(served.base + answer["url"]) as response:
        assert "leaflet" in response.read().decode().lower()


def test_an_article_read_with_where_it_was_published_gets_the_sites_province(served):
    text = "Ngày 5/3/2019, đoàn trao 30 suất quà cho hộ nghèo xã Quảng Lạc."
    status, alone = served.call("POST", "/api/article", {"text": text})
    assert status == 200 and alone["province"] is None and alone["proposals"] == []
    status, read = served.call("POST", "/api/article", {"text": text, "url": "https://baolangson.vn/a.html"})
    assert status == 200 and read["province"] == "Lạng Sơn"
    assert [p["row"]["place"] for p in read["proposals"]] == ["xã Quảng Lạc, tỉnh Lạng Sơn"]
    page = f'<html><head><link rel="canonical" href="https://baolangson.vn/a.html"></head><body><p>{text}</p></body></html>'
    body = {"file_name": "bai.html", "file_b64": base64.b64encode(page.encode()).decode()}
    status, saved = served.call("POST", "/api/article", body)
    assert status == 200 and saved["province"] == "Lạng Sơn"
