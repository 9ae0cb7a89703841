"""Screenshots of the workbench for the README, taken in Debian's headless chromium.

Run ``.venv/bin/python docs/screenshots.py``: starts ``build_map.py serve`` on a copy of the sample
records, fills the add form (a commune typed without diacritics, picked from the suggestions, the
figure ``1.445``), saves it, and writes ``docs/workbench-add.png`` (the form and the chosen
unit's boundary) and ``docs/workbench-review.png`` (the table and its map after the save), plus a
phone-width view of the form, ``docs/workbench-phone.png``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from serving import ROOT, running  # noqa: E402 - the test suite's way of starting the real server

from geo._browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def fill(page) -> None:
    page.locator("#add-start").fill("2017-04-10")
    page.locator("#add-place").click()
    page.keyboard.type("trung quan", delay=30)
    page.locator("#add-place-list [role=option]").first.wait_for()
    page.keyboard.press("Enter")
    page.locator("#add-map path.leaflet-interactive").first.wait_for()
    page.wait_for_timeout(800)  # the province's outline
    page.locator("#add-activity").fill("bê tông đường liên thôn")
    page.locator("#add-kind").fill("nông thôn mới")
    page.locator("#add-value").fill("1.445")
    page.locator("#add-unit").fill("ngày công")
    page.locator("#add-form .read-as", has_text="Đọc là").wait_for()


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "activities.csv"
        shutil.copyfile(ROOT / "data" / "activities.csv", records)
        with running(records, Path(folder) / "map.html") as served, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(served.base + "/")
            fill(page)
            page.screenshot(path=HERE / "workbench-add.png")
            page.get_by_role("button", name="Lưu hoạt động").click()
            page.locator("#records tbody tr.fresh").wait_for()
            page.wait_for_timeout(1000)
            page.screenshot(path=HERE / "workbench-review.png")
            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
            phone.goto(served.base + "/")
            fill(phone)
            phone.evaluate("window.scrollTo(0, 0)")
            phone.screenshot(path=HERE / "workbench-phone.png")
            browser.close()
    for name in ("workbench-add.png", "workbench-review.png", "workbench-phone.png"):
        print(HERE / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
