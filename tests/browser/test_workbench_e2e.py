"""The workbench in Debian's chromium, driving the real server (``build_map.py serve``) end to end.

Every request the page makes must go to the workbench itself: anything else is aborted and
recorded, and each test ends with no such request and no JavaScript error.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from serving import ROOT, Served, running, xlsx_bytes

from geo.records_file import read_records

pytestmark = pytest.mark.browser
RECORDS = ROOT / "data" / "activities.csv"
ARTICLE = ROOT / "data" / "articles" / "000_cce5422ce9ab3938.txt"
TIMEOUT_MS = 15_000


@dataclass
class Bench:
    served: Served
    records: Path
    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def rows(self) -> list[dict[str, str]]:
        return [row.values for row in read_records(self.records)]


@pytest.fixture
def bench(browser, tmp_path) -> Iterator[Bench]:
    records = tmp_path / "activities.csv"
    # The header and the article's first four records: its other proposals are new to the file.
    lines = RECORDS.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    records.write_text("".join(lines[:5]), encoding="utf-8")
    with running(records, tmp_path / "map.html") as served:
        yield from _open(browser, served, records, {"width": 1200, "height": 900})


def _open(browser, served: Served, records: Path, viewport: dict) -> Iterator[Bench]:
    context = browser.new_context(viewport=viewport, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    opened = Bench(served, records, page)

    def abort(route) -> None:
        opened.blocked.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith((served.base + "/", "data:")), abort)
    page.on("pageerror", lambda error: opened.errors.append(f"uncaught: {error}"))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.goto(served.base + "/")
    try:
        yield opened
    finally:
        context.close()
    assert opened.blocked == []


def _pick_place(page, typed: str, expected: str) -> None:
    place = page.locator("#add-place")
    place.click()
    page.keyboard.type(typed, delay=20)
    option = page.locator("#add-place-list [role=option]", has_text=expected)
    option.wait_for()
    options = page.locator("#add-place-list [role=option]").all_inner_texts()
    for _ in range(next(i for i, text in enumerate(options) if expected in text)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert place.input_value().startswith(expected)


def test_type_a_place_without_diacritics_pick_it_save_and_see_marker_and_row(bench):
    page = bench.page
    page.locator("#add-start").fill("2017-04-10")
    _pick_place(page, "trung quan", "Xã Trùng Quán, huyện Văn Lãng")
    chosen = page.locator("#add-form .chosen").inner_text()
    assert "nay thuộc" in chosen and "Na Sầm" in chosen  # dissolved since: what holds it today
    page.locator(
        '#add-map path.leaflet-interactive[data-unit-id="2008/c/lang-son.van-lang.trung-quan"]'
    ).wait_for()
    page.keyboard.press("Tab")
    page.keyboard.type("bê tông đường liên thôn")
    page.locator("#add-value").fill("1.445")
    page.locator("#add-unit").fill("ngày công")
    page.locator("#add-form .read-as", has_text="1\u202f445").wait_for()
    page.locator("#add-unit").press("Enter")  # the keyboard submits the form

    row = page.locator("#records tbody tr.fresh")
    row.wait_for()
    line = row.get_attribute("data-line")
    assert "Trùng Quán" in row.inner_text() and "1.445 ngày công" in row.inner_text()
    marker = page.locator(f'#records-map .wb-pin[data-line="{line}"]')
    marker.wait_for()
    popup = page.locator("#records-map .leaflet-popup-content").inner_text()
    assert "bê tông đường liên thôn" in popup and "1.445 ngày công" in popup
    saved = next(r for r in bench.rows() if r["activity"] == "bê tông đường liên thôn")
    assert saved["value"] == "1445" and saved["unit_ids"] == "2008/c/lang-son.van-lang.trung-quan"
    assert bench.errors == []


def test_a_bad_date_shows_the_cli_error_next_to_the_field_and_writes_nothing(bench):
    page = bench.page
    before = bench.records.read_bytes()
    page.locator("#add-start").fill("2017-02-30")
    page.locator("#add-place").fill("xã Mai Pha, thành phố Lạng Sơn")
    page.locator("#add-activity").fill("trồng cây")
    page.get_by_role("button", name="Lưu hoạt động").click()
    error = page.locator('#add-form [data-field="start"] .error')
    error.wait_for()
    assert error.inner_text() == (
        "start '2017-02-30' không phải là một ngày có thật; kiểm tra ngày và tháng (YYYY-MM-DD), vd. 2017-02-28"
    )
    assert page.locator("#add-start").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "add-start"
    assert bench.records.read_bytes() == before
    # The answers refusing the date (422 for the form, 400 for the suggestions) are all the console saw.
    assert [e for e in bench.errors if "status of 422" not in e and "status of 400" not in e] == []


# Words of English sentences; none is a Vietnamese word, a column name or a qualifier the page shows.
_ENGLISH = re.compile(
    r"\b(the|is|not|and|of|with|line|lines|error|give|write|empty|nothing|was|has|does|cannot|must|"
    r"file|row|rows|problem|problems|date|place|unknown|missing|before|after|already|found|typo)\b",
    re.IGNORECASE,
)
_SHOWN_AS_IS = re.compile(r"\b(place|start|end|value|unit|unit_ids|source_date)\b(?=[\s:),]|$)")


def _english(text: str) -> list[str]:
    """English words in visible text, the records' column names (shown as the file's header) aside."""
    return _ENGLISH.findall(_SHOWN_AS_IS.sub("", text))


def test_every_message_is_vietnamese_and_a_refused_form_writes_nothing(browser, tmp_path):
    """A bad date, then a place that does not exist: the server's messages, next to their fields, in
    Vietnamese; the review, article and spreadsheet screens too; the records file byte for byte."""
    records = tmp_path / "activities.csv"
    lines = RECORDS.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    bad = lines[2].replace(",2016-01-01,", ",2016-13-01,", 1)
    assert bad != lines[2]
    records.write_text("".join([*lines[:2], bad]), encoding="utf-8")  # line 3: a month 13 to review
    with running(records, tmp_path / "map.html") as served:
        for opened in _open(browser, served, records, {"width": 1200, "height": 900}):
            page = opened.page
            before = records.read_bytes()
            page.locator("#add-start").fill("2017-02-30")
            page.locator("#add-place").fill("xã Không Có Thật, huyện Không Đâu")
            page.locator("#add-activity").fill("trồng cây")
            page.locator("#add-value").fill("1.445")
            page.get_by_role("button", name="Lưu hoạt động").click()
            start_error = page.locator('#add-form [data-field="start"] .error')
            start_error.wait_for()
            assert start_error.inner_text() == (
                "start '2017-02-30' không phải là một ngày có thật; kiểm tra ngày và tháng (YYYY-MM-DD), "
                "vd. 2017-02-28"
            )
            assert records.read_bytes() == before
            page.locator("#add-start").fill("2017-06-01")
            page.get_by_role("button", name="Lưu hoạt động").click()
            place_error = page.locator('#add-form [data-field="place"] .error')
            place_error.wait_for()
            said = place_error.inner_text()
            assert said.startswith(
                'Không có địa điểm "xã Không Có Thật, huyện Không Đâu" vào ngày 01/06/2017.'
            ), said
            assert "Ghi thêm huyện, tỉnh sau dấu phẩy" in said
            assert page.locator('#add-form [data-field="start"] .error').count() == 0
            assert page.locator("#add-place").get_attribute("aria-invalid") == "true"
            status = page.locator("#status").inner_text()
            assert "Chưa lưu" in status
            visible = page.locator("#panel-add").inner_text() + "\n" + status
            assert _english(visible) == [], visible
            assert records.read_bytes() == before

            page.get_by_role("tab", name="Xem lại").click()
            problems = page.locator("#problems li").first
            problems.wait_for()
            listed = page.locator("#problems").inner_text()
            assert "Dòng 3" in listed and "không phải là một ngày có thật" in listed, listed
            assert _english(page.locator("#panel-review").inner_text()) == []

            page.get_by_role("tab", name="Từ bảng tính").click()
            page.locator("#sheet-file").set_input_files(str(_xlsx(tmp_path / "trong_cay.xlsx")))
            page.get_by_role("button", name="Xem trước").click()
            page.locator("#sheet-rows tbody tr.bad").wait_for()
            sheet = page.locator("#panel-sheet").inner_text()
            assert "Không có địa điểm" in sheet and _english(sheet) == [], sheet
            assert records.read_bytes() == before
            assert [e for e in opened.errors if "status of 422" not in e and "status of 400" not in e] == []


def test_withdraw_a_row_and_find_it_in_the_history(bench):
    page = bench.page
    page.get_by_role("tab", name="Xem lại").click()
    first = page.locator("#records tbody tr").first
    first.wait_for()
    line = first.get_attribute("data-line")
    rid = next(r["id"] for r in bench.rows())
    first.get_by_role("button", name=f"Rút dòng {line}").click()
    page.locator("#withdraw-reason").fill("trùng với một bài khác")
    page.locator("#withdraw-reason").press("Enter")
    page.locator("#status", has_text="Đã rút").wait_for()
    assert page.locator(f'#records tbody tr[data-line="{line}"]').count() == 0  # hidden by default
    page.locator("#filter-withdrawn").check()
    assert "withdrawn" in page.locator(f'#records tbody tr[data-line="{line}"]').get_attribute("class")
    kept = next(r for r in bench.rows() if r["id"] == rid)
    assert kept["note"].startswith("[đã rút")

    page.get_by_role("tab", name="Lịch sử").click()
    entry = page.locator('#history li[data-action="withdraw"]').first
    entry.wait_for()
    assert rid in entry.inner_text() and "trùng với một bài khác" in entry.inner_text()
    assert bench.errors == []


def test_paste_the_sample_article_and_accept_two_proposals(bench):
    page = bench.page
    count = len(bench.rows())
    page.get_by_role("tab", name="Từ bài báo").click()
    page.locator("#article-text").fill(ARTICLE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Đọc bài").click()
    page.locator("#proposals .proposal").nth(5).wait_for()
    summary = page.locator("#article-summary").inner_text()
    assert "Ngày: 01/06/2017 (nội dung bài" in summary  # the content's date, not the page's
    assert "Ngày ở dòng ngày của bài (01/06/2023) khác ngày được dùng (01/06/2017)" in summary
    assert _english(summary) == []
    assert "null" not in summary and "undefined" not in summary
    for number in (5, 6):  # the first four are in the file already
        page.get_by_label(f"Nhận đề xuất {number}").check()
    page.get_by_role("button", name="Thêm các đề xuất đã nhận").click()
    page.locator("#status", has_text="Đã thêm 2 bản ghi").wait_for()
    ids = [r["id"] for r in bench.rows()]
    assert len(ids) == count + 2
    assert {i.rsplit("-", 1)[1] for i in ids[-2:]} == {"05", "06"}
    assert bench.errors == []


def _xlsx(path: Path) -> Path:
    good = {"id": "s-1", "place": "xã Mai Pha, thành phố Lạng Sơn", "activity": "trồng cây", "value": 500}
    bad = {**good, "id": "s-2", "place": "xã Không Có, huyện Không Đâu"}
    path.write_bytes(xlsx_bytes([{**row, "unit": "cây", "start": "2017-03-01"} for row in (good, bad)]))
    return path


def test_upload_a_spreadsheet_with_one_bad_row(bench, tmp_path):
    page = bench.page
    before = bench.records.read_bytes()
    page.get_by_role("tab", name="Từ bảng tính").click()
    page.locator("#sheet-file").set_input_files(str(_xlsx(tmp_path / "trong_cay.xlsx")))
    page.get_by_role("button", name="Xem trước").click()
    page.locator("#sheet-rows tbody tr").nth(1).wait_for()
    assert page.locator("#sheet-rows tbody tr.bad").count() == 1
    assert "Không Có" in page.locator("#sheet-rows tbody tr.bad").inner_text()
    assert bench.records.read_bytes() == before  # the preview wrote nothing
    page.get_by_role("button", name="Thêm 1 dòng không lỗi").click()
    page.locator("#status", has_text="Đã thêm 1 dòng").wait_for()
    ids = [r["id"] for r in bench.rows()]
    assert "s-1" in ids and "s-2" not in ids
    assert bench.errors == []


def test_build_the_map_and_open_it(bench):
    page = bench.page
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Dựng bản đồ").click()
    reader = opened.value
    reader.wait_for_load_state()
    assert reader.url.endswith("/map")
    reader.locator(".vnam-pin").first.wait_for()
    # Sandboxed: the map's scripts cannot read the workbench's page, where its CSRF token is.
    read = reader.evaluate("fetch('/').then(r => r.text()).then(() => 'read', () => 'refused')")
    assert read == "refused"
    # The readers' map asks for basemap tiles when online (aborted here); nothing else may leave.
    bench.blocked[:] = [url for url in bench.blocked if not url.startswith("https://tile.openstreetmap.org/")]


def test_on_a_phone_nothing_is_wider_than_the_screen(browser, tmp_path):
    records = tmp_path / "activities.csv"
    shutil.copyfile(RECORDS, records)
    with running(records, tmp_path / "map.html") as served:
        for opened in _open(browser, served, records, {"width": 390, "height": 844}):
            page = opened.page
            for tab in ("Thêm hoạt động", "Xem lại", "Từ bài báo", "Từ bảng tính", "Lịch sử"):
                page.get_by_role("tab", name=tab).click()
                page.wait_for_timeout(100)
                assert page.evaluate("document.documentElement.scrollWidth") <= 390, tab
            assert opened.errors == []


def _fill(page, activity: str, place: str = "xã Mai Pha, thành phố Lạng Sơn") -> None:
    page.locator("#add-start").fill("2017-04-10")
    page.locator("#add-place").fill(place)
    page.locator("#add-activity").fill(activity)


def test_a_value_that_looks_like_html_is_shown_as_text(bench):
    page = bench.page
    hostile = '<img src=x onerror="window.pwned=1"><b>đậm</b>'
    _fill(page, hostile)
    page.get_by_role("button", name="Lưu hoạt động").click()
    row = page.locator("#records tbody tr.fresh")
    row.wait_for()
    assert row.locator("td").nth(2).inner_text() == hostile
    assert row.locator("img, b").count() == 0
    marker = page.locator(f'#records-map .wb-pin[data-line="{row.get_attribute("data-line")}"]')
    marker.wait_for()
    assert hostile in page.locator("#records-map .leaflet-popup-content").inner_text()
    assert page.evaluate("window.pwned") is None
    assert bench.errors == []


def test_two_browsers_saving_at_once_both_get_their_row(bench, browser):
    second = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        other = second.new_page()
        other.goto(bench.served.base + "/")
        _fill(bench.page, "trồng cây (trình duyệt 1)")
        _fill(other, "trồng cây (trình duyệt 2)", "xã Hoàng Đồng, thành phố Lạng Sơn")
        bench.page.get_by_role("button", name="Lưu hoạt động").click(no_wait_after=True)
        other.get_by_role("button", name="Lưu hoạt động").click(no_wait_after=True)
        bench.page.locator("#status", has_text="Đã lưu").wait_for()
        other.locator("#status", has_text="Đã lưu").wait_for()
    finally:
        second.close()
    activities = [r["activity"] for r in bench.rows()]
    assert "trồng cây (trình duyệt 1)" in activities and "trồng cây (trình duyệt 2)" in activities
    assert bench.errors == []


def test_correct_a_row_with_the_keyboard_and_find_the_old_one_in_the_history(bench):
    page = bench.page
    page.get_by_role("tab", name="Xem lại").click()
    first = page.locator("#records tbody tr").first
    first.wait_for()
    line = first.get_attribute("data-line")
    old = next(r for r in bench.rows())
    first.get_by_role("button", name=f"Sửa dòng {line}").click()
    assert page.evaluate("document.activeElement.id") == "edit-place"
    page.locator("#edit-value").fill("2,5")
    page.locator("#edit-unit").fill("km")
    page.locator("#edit-start").fill("2017-13-01")
    page.locator("#edit-start").press("Enter")
    error = page.locator('#edit-form [data-field="start"] .error')
    error.wait_for()
    assert error.inner_text().startswith(
        "start '2017-13-01' không phải là một ngày có thật; kiểm tra ngày và tháng"
    )
    page.locator("#edit-start").fill(old["start"])
    page.locator("#edit-start").press("Enter")
    page.locator("#status", has_text="Đã sửa").wait_for()
    corrected = next(r for r in bench.rows() if r["id"] == old["id"])
    assert (corrected["value"], corrected["unit"], corrected["quote"]) == ("2.5", "km", old["quote"])
    page.get_by_role("tab", name="Lịch sử").click()
    entry = page.locator('#history li[data-action="correct"]').first
    entry.wait_for()
    assert f"“{old['unit']}” → “km”" in entry.inner_text()
    assert _english(page.locator("#panel-history").inner_text()) == []
    assert [e for e in bench.errors if "status of 422" not in e and "status of 400" not in e] == []
