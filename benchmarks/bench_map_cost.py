"""What a map costs with quotes of real length: HTML size, build time and memory, time to interactive.

    .venv/bin/python benchmarks/bench_map_cost.py [--peer REV] [--no-browser]

Side by side in one run: this checkout (``ours``) and the map code of git revision ``--peer``
(default ``94e625b``, the code before quotes were cut and stored once, the background cached and
records read once), extracted with ``git archive`` into a temporary folder and run with the same
Python and the same gazetteer cache.

Cases (each timed as the real command, ``build_map.py build`` in a fresh process, start-up
included, with its peak RSS; ours also in-process, warm: the gazetteer loaded and a first map
built before timing):

* the sample article's records (``data/activities.csv``): goal ≤ 1.5 MB, interactive ≤ 1 s;
* 10,000 Lạng Sơn activities on the 2017 communes: goal ≤ 5 MB;
* 10,000 activities over the whole country on the 2017 communes (``--province all``):
  goals ≤ 12 MB, build ≤ 8 s, peak memory ≤ 800 MB;
* the national map of the sample's records: goal ≤ 2 s warm (second run: the caches are filled).

Quotes: each generated record has its own quote (the worst case for size: nothing shared),
whose length is drawn from the sentences with a figure of the real articles in ``data/articles``
(the sample article: 254–661 characters, median 443; real news sentences run 100–400 and more).
Interactive: navigation start → the markers in the DOM and the page's script done (chromium,
every request other than file:/data: aborted), median of 3 fresh pages.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_map import ACTIVITIES, spread_draws, spread_record  # noqa: E402
from bench_scaling import run_measured  # noqa: E402

from geo._browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from geo.gazetteer import Gazetteer  # noqa: E402
from geo.gazetteer_cache import load_gazetteer  # noqa: E402
from geo.records import Record  # noqa: E402
from geo.records_file import append_records, read_records  # noqa: E402

D2017 = dt.date(2017, 1, 1)
PEER = "94e625b"
RESULTS = ROOT / "benchmarks" / "results" / "map_cost.md"
ARTICLES = ROOT / "data" / "articles"
SAMPLE = ROOT / "data" / "activities.csv"
GOALS = {
    "sample_mb": 1.5,
    "sample_ready_s": 1.0,
    "ls_mb": 5.0,
    "nat_mb": 12.0,
    "nat_s": 8.0,
    "nat_peak_mb": 800.0,
}
GOALS |= {"nat_sample_s": 2.0}
READY = """() => (window.vnActivityMap || window.vnamap) &&
  document.querySelectorAll('.vnam-pin, .marker-cluster').length > 0 ? performance.now() : false"""
FIGURES = (
    ("ngày công", "exact"),
    ("người", "exact"),
    ("m", "approx"),
    ("đồng", "approx"),
    ("km", "at_least"),
)


def real_sentence_lengths() -> list[int]:
    """Lengths of the sentences with a digit in the real articles of ``data/articles``."""
    lengths = []
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lengths += [len(s.strip()) for s in re.split(r"(?<=[.!?])\s+", text) if re.search(r"\d", s)]
    return lengths


def _quote(rng: random.Random, length: int, head: str, words: list[str]) -> str:
    out = head
    while len(out) < length:
        out += " " + rng.choice(words)
    return out[:length].rstrip() + "."


def generated(gazetteer: Gazetteer, n: int, provinces: list, seed: int) -> list[Record]:
    """``n`` activities on the 2017 communes of ``provinces`` (10 % shared by two, 5 % province-wide)."""
    lengths = real_sentence_lengths()
    words = " ".join(p.read_text(encoding="utf-8") for p in ARTICLES.glob("*.txt")).split()
    records = []
    for rng, i, province, units, figure in spread_draws(gazetteer, n, provinces, D2017, seed, FIGURES):
        value, noun, _qualifier = figure
        start = D2017 + dt.timedelta(days=rng.randint(-400, 700))
        base = spread_record(rng, f"cost-{i:05d}", province, units, start, figure)
        head = f"{rng.choice(ACTIVITIES)} tại {units[0].type} {units[0].name}, đóng góp {value:,} {noun}".replace(
            ",", "."
        )
        records.append(dataclasses.replace(base, quote=_quote(rng, rng.choice(lengths), head, words)))
    return records


@dataclass
class Row:
    case: str
    code: str
    records: int
    first_s: float | None = None
    cli_s: float | None = None
    peak_mb: float | None = None
    mb: float | None = None
    warm_s: float | None = None
    ready_s: float | None = None
    note: str = ""


def peer_tree(rev: str, folder: Path) -> Path:
    """The files of ``rev`` (``git archive``) in ``folder``."""
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def cli(tree: Path, csv: Path, html: Path, extra: list[str], repeat: int) -> tuple[float, float, int, str]:
    args = [sys.executable, str(tree / "build_map.py"), "build", "--activities", str(csv), "--out", str(html)]
    env_before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(tree)  # the tree's own geo package, not this checkout's
    try:
        run = run_measured([*args, *extra, "--quiet"], repeat=repeat)
    finally:
        if env_before is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = env_before
    return run.seconds, run.peak_mb, run.code, run.err.strip().splitlines()[-1] if run.err.strip() else ""


def ready_seconds(html: Path, pages: int = 3) -> float | None:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(pages):
                context = browser.new_context(
                    viewport={"width": 1280, "height": 800}, service_workers="block"
                )
                context.route(
                    lambda url: not url.startswith(("file:", "data:", "blob:")), lambda r: r.abort()
                )
                page = context.new_page()
                page.goto(html.as_uri(), wait_until="commit")
                times.append(page.wait_for_function(READY, polling="raf", timeout=60_000).json_value() / 1000)
                context.close()
        finally:
            browser.close()
    return statistics.median(times) if times else None


def in_process(records: list[Record], gazetteer: Gazetteer, scope) -> float:
    from geo.render import render_map

    render_map(records, gazetteer, tiles=True, scope=scope)  # warm: caches filled
    start = time.perf_counter()
    render_map(records, gazetteer, tiles=True, scope=scope)
    return time.perf_counter() - start


def run(peer: str, browser: bool) -> list[Row]:
    gazetteer = load_gazetteer()
    lang_son = gazetteer.province("Lạng Sơn", D2017)
    sample = read_records(SAMPLE).records()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        trees = {"ours": ROOT, f"peer {peer}": peer_tree(peer, work / "peer")}
        ls = generated(gazetteer, 10_000, [lang_son], seed=2017)
        nat = generated(gazetteer, 10_000, gazetteer.units_at(D2017, level="province"), seed=2018)
        cases = [
            ("sample (data/activities.csv)", sample, [], None, 2),
            ("10,000 Lạng Sơn activities", ls, ["--as-of", "2017-01-01"], None, 1),
            (
                "10,000 national activities, 2017 communes",
                nat,
                ["--as-of", "2017-01-01", "--province", "all"],
                "all",
                1,
            ),
            ("sample, national map", sample, ["--province", "all"], "all", 2),
        ]
        for name, records, extra, scope, repeat in cases:
            csv = work / f"{len(rows)}.csv"
            append_records(csv, records)
            for code, tree in trees.items():
                html = work / f"{len(rows)}-{code.split()[0]}.html"
                first, _, _, _ = cli(tree, csv, html, extra, 1)  # fills the caches (ours) if they are cold
                seconds, peak, status, last = cli(tree, csv, html, extra, repeat)
                row = Row(name, code, len(records), first, seconds, peak)
                if status != 0:
                    row.note = f"exit {status}: {last}"
                else:
                    row.mb = html.stat().st_size / 1e6
                    if browser and (records is sample or name.startswith("10,000 Lạng")):
                        row.ready_s = ready_seconds(html)
                if code == "ours":
                    row.warm_s = in_process(records, gazetteer, scope)
                print(row, file=sys.stderr)
                rows.append(row)
    return rows


def report(rows: list[Row], peer: str) -> str:
    chromium = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout.strip()
    lengths = real_sentence_lengths()
    out = [
        "# Map cost with quotes of real length",
        "",
        f"Run {dt.datetime.now():%Y-%m-%dT%H:%M} with `benchmarks/bench_map_cost.py` on CPython "
        f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores (shared), {chromium}.",
        f"Peer: the map code of revision `{peer}` (before this work), same Python, same gazetteer cache.",
        f"Quotes: one per record, lengths drawn from the {len(lengths)} sentences with a figure of the real "
        f"articles in data/articles ({min(lengths)}–{max(lengths)} characters, median "
        f"{statistics.median(lengths):.0f}).",
        "`first command`: `build_map.py build` in a fresh process, the first time (ours fills its display cache",
        "if it is cold: the first national map on a machine simplifies all 11,163 communes once); `command`:",
        "the same again (best of 1–2, start-up included) and its peak RSS;",
        "`in-process`: `render_map` warm (gazetteer loaded, caches filled); `interactive`: navigation start →",
        "markers in the DOM and the page script done, median of 3 chromium pages.",
        "",
        "| case | code | records | first command (s) | command (s) | peak RSS (MB) | HTML (MB) | in-process warm (s) "
        "| interactive (s) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def f(v, fmt=".2f"):
        return "–" if v is None else format(v, fmt)

    for r in rows:
        out.append(
            f"| {r.case} | {r.code} | {r.records:,} | {f(r.first_s)} | {f(r.cli_s)} | {f(r.peak_mb, '.0f')} | {f(r.mb)} | "
            f"{f(r.warm_s)} | {f(r.ready_s)} |" + (f" {r.note}" if r.note else "")
        )
    ours = {r.case: r for r in rows if r.code == "ours"}
    keys = list(ours)

    def check(text, value, limit, unit):
        ok = value is not None and value <= limit
        return f"- {text}: {f(value)} {unit} ≤ {limit} {unit}: {'ok' if ok else 'NOT MET'}"

    out += ["", "Goals (ours):", ""]
    out.append(check("sample map size", ours[keys[0]].mb, GOALS["sample_mb"], "MB"))
    out.append(check("sample map interactive", ours[keys[0]].ready_s, GOALS["sample_ready_s"], "s"))
    out.append(check("10,000 Lạng Sơn activities, size", ours[keys[1]].mb, GOALS["ls_mb"], "MB"))
    out.append(check("10,000 national, size", ours[keys[2]].mb, GOALS["nat_mb"], "MB"))
    out.append(check("10,000 national, build (command)", ours[keys[2]].cli_s, GOALS["nat_s"], "s"))
    out.append(
        check("10,000 national, peak memory (command)", ours[keys[2]].peak_mb, GOALS["nat_peak_mb"], "MB")
    )
    out.append(
        check(
            "national map of the sample, warm (in-process)", ours[keys[3]].warm_s, GOALS["nat_sample_s"], "s"
        )
    )
    out.append(
        check(
            "national map of the sample, warm cache (command)",
            ours[keys[3]].cli_s,
            GOALS["nat_sample_s"],
            "s",
        )
    )
    load = os.getloadavg()
    out += [
        "",
        f"Load average at the end of the run: {load[0]:.1f} (1 min), {load[2]:.1f} (15 min), {os.cpu_count()} cores.",
    ]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", default=PEER, help="git revision of the peer (default %(default)s)")
    parser.add_argument("--no-browser", action="store_true", help="skip the time to interactive")
    args = parser.parse_args(argv)
    rows = run(args.peer, not args.no_browser)
    text = report(rows, args.peer)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
