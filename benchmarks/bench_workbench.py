"""Workbench benchmark: suggestion latency as a planner types, and save + refresh on the sample.

Run ``.venv/bin/python benchmarks/bench_workbench.py``. In one run it

* starts the real server (``build_map.py serve``) on a copy of ``data/activities.csv``;
* replays typing: every prefix (2 characters on) of addresses from the geocoder's seeded corpus
  (``geocode_corpus.py``: typed chains, no diacritics, abbreviations, dissolved communes…), each
  asked as ``GET /api/places?q=…&date=…`` over HTTP, as the page asks; and the same keystrokes
  answered in-process by ``Suggester.answers`` (the server's work without HTTP);
* times the peers on the same keystrokes: ``vietnamadminunits.parse_address`` in-process (the
  geocoder benchmark's peer, admin-level text only, network refused), and, on a sample,
  ``build_map.py geocode --json`` run once per keystroke (a form built on the command line);
* times a save and the refresh the page makes after it (``POST /api/records`` then
  ``GET /api/records``), and in Debian's chromium the whole of it: the click on "Lưu hoạt động"
  to the new row and its marker on the map;
* prints a Markdown report and writes it to ``benchmarks/results/workbench.md``.

Goals (issue 14): suggestions p95 ≤ 50 ms; save and map refresh ≤ 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_geocode import no_network, peer_parse
from geocode_corpus import build_corpus
from serving import ROOT, running

from geo.gazetteer_cache import load_gazetteer
from geo.workbench.places import Suggester

RESULTS = Path(__file__).resolve().parent / "results" / "workbench.md"
FORM = {"place": "xã Mai Pha, thành phố Lạng Sơn", "activity": "đo thử", "start": "2017-04-10", "unit": "lần"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def keystrokes(cases, limit: int, seed: int) -> list[tuple[str, str]]:
    """(prefix, date) for every prefix of ``limit`` corpus addresses, 2 characters on."""
    picked = random.Random(seed).sample(cases, min(limit, len(cases)))
    return [(case.query[:n], case.as_of) for case in picked for n in range(2, len(case.query) + 1)]


def row(name: str, times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return (
        f"| {name} | {len(ms):,} | {statistics.median(ms):.1f} | {percentile(ms, 0.95):.1f} | "
        f"{percentile(ms, 0.99):.1f} | {max(ms):.1f} |"
    )


def time_http(served, keys: list[tuple[str, str]]) -> list[float]:
    times = []
    for text, day in keys:
        start = time.perf_counter()
        status, _ = served.call("GET", f"/api/places?q={quote(text)}&date={day}")
        times.append(time.perf_counter() - start)
        if status != 200:
            raise SystemExit(f"/api/places answered {status} for {text!r}")
    return times


def time_in_process(keys: list[tuple[str, str]]) -> list[float]:
    suggester = Suggester(load_gazetteer())
    suggester.completions("xa", dt.date.today())
    times = []
    for text, day in keys:
        start = time.perf_counter()
        suggester.answers(text, dt.date.fromisoformat(day))
        times.append(time.perf_counter() - start)
    return times


def time_peer(keys: list[tuple[str, str]], cases_by_query) -> list[float]:
    from vietnamadminunits import parse_address

    times = []
    with no_network():
        for text, day in keys:
            case = cases_by_query(text, day)
            start = time.perf_counter()
            peer_parse(parse_address, case)
            times.append(time.perf_counter() - start)
    return times


def time_cli(keys: list[tuple[str, str]]) -> list[float]:
    times = []
    for text, day in keys:
        start = time.perf_counter()
        command = [sys.executable, str(ROOT / "build_map.py"), "geocode", text, "--as-of", day, "--json"]
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return times


def time_saves(served, repeats: int) -> list[float]:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        status, answer = served.call("POST", "/api/records", {**FORM, "value": str(i + 1)})
        listed = served.call("GET", "/api/records")[0]
        times.append(time.perf_counter() - start)
        if status != 200 or listed != 200:
            raise SystemExit(f"save failed: {status} {answer}")
    return times


def time_browser_saves(served, repeats: int) -> tuple[list[float], str]:
    from playwright.sync_api import sync_playwright

    from geo._browser import CHROMIUM, CHROMIUM_ARGS

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        version = browser.version
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(served.base + "/")
        for i in range(repeats):
            page.get_by_role("tab", name="Thêm hoạt động").click()
            for name, value in {**FORM, "value": str(100 + i)}.items():
                page.locator(f"#add-{name}").fill(value)
            start = time.perf_counter()
            page.get_by_role("button", name="Lưu hoạt động").click()
            fresh = page.locator("#records tbody tr.fresh")
            fresh.wait_for()
            line = fresh.get_attribute("data-line")
            page.locator(f'#records-map .wb-pin[data-line="{line}"]').wait_for()
            times.append(time.perf_counter() - start)
        browser.close()
    return times, version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--addresses", type=int, default=120, help="corpus addresses typed key by key")
    parser.add_argument("--cli-sample", type=int, default=20, help="keystrokes timed through the CLI")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    load_before = os.getloadavg()[0]

    gazetteer = load_gazetteer()
    corpus = build_corpus(gazetteer)
    keys = keystrokes(corpus.cases, args.addresses, args.seed)
    by_text = {}
    for case in corpus.cases:
        for n in range(2, len(case.query) + 1):
            by_text.setdefault((case.query[:n], case.as_of), case)

    def case_of(text: str, day: str):
        from dataclasses import replace

        return replace(by_text[(text, day)], query=text)

    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "activities.csv"
        shutil.copyfile(ROOT / "data" / "activities.csv", records)
        with running(records, Path(folder) / "map.html") as served:
            time_http(served, keys[:50])  # warm-up: the first answers fill the caches
            http = time_http(served, keys)
            saves = time_saves(served, args.saves)
            shutil.copyfile(ROOT / "data" / "activities.csv", records)
            browser_saves, chromium = time_browser_saves(served, max(5, args.saves // 2))
    in_process = time_in_process(keys)
    peer = time_peer(keys, case_of)
    cli = time_cli(random.Random(args.seed).sample(keys, args.cli_sample))

    out = [
        "# Workbench benchmark",
        "",
        f"Generated by `benchmarks/bench_workbench.py` on {dt.date.today().isoformat()} — "
        f"Python {platform.python_version()}, {platform.platform()}, {len(os.sched_getaffinity(0))} CPUs "
        f"(shared; load average {load_before:.2f} at the start, {os.getloadavg()[0]:.2f} at the end); "
        f"starlette {metadata.version('starlette')}, uvicorn {metadata.version('uvicorn')}, "
        f"vietnamadminunits {metadata.version('vietnamadminunits')}, Chromium {chromium}. "
        f"{time.perf_counter() - began:.0f} s in all.",
        "",
        "## Suggestions as one types",
        "",
        f"Every prefix (2 characters on) of {args.addresses} addresses of the geocoder's seeded corpus "
        f"(seed {args.seed}): {len(keys):,} keystrokes, each asked on the address's own date. Goal: p95 ≤ 50 ms "
        "over HTTP.",
        "",
        "| what answers | keystrokes | median (ms) | p95 (ms) | p99 (ms) | max (ms) |",
        "|---|---:|---:|---:|---:|---:|",
        row("ours: `GET /api/places` over HTTP (the real server)", http),
        row("ours: `Suggester.answers` in-process", in_process),
        row("peer: `vietnamadminunits.parse_address` in-process", peer),
        row("peer: `build_map.py geocode --json` once per keystroke", cli),
        "",
        "The peer `parse_address` gives one reading of the text (no list to pick from, no date); the command "
        "line pays its start-up on every keystroke, which is why the form asks a server.",
        "",
        "## Save and refresh (the sample records, 16 rows)",
        "",
        "| what | runs | median (ms) | p95 (ms) | p99 (ms) | max (ms) |",
        "|---|---:|---:|---:|---:|---:|",
        row("`POST /api/records` + `GET /api/records` (locked atomic append, validate, listing)", saves),
        row("chromium: click “Lưu hoạt động” → new row and its marker on the map", browser_saves),
        "",
        "Goal: ≤ 1 s.",
    ]
    text = "\n".join(out) + "\n"
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
