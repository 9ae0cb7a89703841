"""Scaling: many articles, the whole country. Does any step grow faster than linearly?

    .venv/bin/python benchmarks/bench_scaling.py            # full run (about 10 minutes)
    .venv/bin/python benchmarks/bench_scaling.py --quick    # reduced sizes, a fast check

Three steps, each size measured in a fresh subprocess of the command line (so that start-up is
included and the peak memory is that of the measurement alone):

1. ``build_map.py extract FOLDER --write OUT.csv --quiet`` on 10 … 10 000 generated articles
   (``article_corpus.generate``, one corpus, prefixes hard-linked into one folder per size), with
   ``--jobs 1``, ``--jobs 2`` and ``--dask local`` (1 000 and 10 000). The records files of
   ``--jobs 2`` and ``--dask local`` are compared byte for byte with those of ``--jobs 1``. The
   largest folder also holds one file that is not UTF-8: the run must name it on standard error,
   read the others and exit with 1.
2. ``build_map.py build --province all --as-of 2026-07-01`` of 100 … 100 000 activities spread
   over the communes of the 34 provinces of 2026, and the first render of the map in headless
   chromium (another subprocess): median of fresh pages, from navigation start to the markers (or
   their clusters) and every province path in the DOM.
3. The same for 1 000 activities in all spread over 1, 5, 15 and 34 provinces, with the default
   scope (the records' own provinces: all their communes drawn), and ``--province all`` at 34.

Wall time is the subprocess's, start-up included (best of 3 below 10 000). Peak memory is
``ru_maxrss`` from ``os.wait4``: the largest single process of the measurement's process tree
(for ``--jobs 2`` and Dask the largest worker or the parent, not their sum). Each series gets a
least-squares line (seconds per 1 000) and log-log slopes: of the wall time, and of the marginal
time above the smallest size (``t - t_min`` against ``n - n_min``), which start-up does not
flatten (increments under 10 % of t_min are left out as noise); a step is called linear when
that slope is ≤ 1.15, quadratic-like from 1.6.

Writes ``benchmarks/results/scaling/`` (README.md with the tables, PNG plots) and the section
"Scaling" at the end of ``benchmarks/README.md``. ``--quick`` writes to a temporary folder
(printed) and leaves the README alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import json
import math
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from article_corpus import generate, write  # noqa: E402
from bench_map import CHROMIUM, CHROMIUM_ARGS, chromium_version, spread_draws, spread_record  # noqa: E402

from geo.gazetteer import Gazetteer, Unit  # noqa: E402
from geo.gazetteer_cache import load_gazetteer  # noqa: E402
from geo.records import Record  # noqa: E402
from geo.records_file import append_records  # noqa: E402

PYTHON = sys.executable
CLI = str(ROOT / "build_map.py")
RESULTS = ROOT / "benchmarks" / "results" / "scaling"
README = ROOT / "benchmarks" / "README.md"
SECTION = "## Scaling (many articles, the whole country)"
AS_OF = dt.date(2026, 7, 1)
FIRST_DAY = dt.date(2026, 1, 1)  # activities start between this day and AS_OF
HOME = "Lạng Sơn"  # the one-province map
SEED = 2026
LINEAR_MAX = 1.15  # a log-log slope above this is not linear
QUADRATIC_MIN = 1.6  # ... and from this one on, nearer quadratic than linear
NOISE = 0.10  # marginal increments below this share of the smallest size's value are noise
RENDER_LIMIT_S = 60.0  # the single page of a map above Plan.rendered activities gets this long
CORRUPT_NAME = "article_corrupt.txt"
CORRUPT = "Thứ hai, 02/03/2026\n\nBài viết hỏng\n\n".encode() + b"x\xc3\x28 \xff\xfe ng\xe0y c\xf4ng\n"
GOALS = {"extract_10k_s": 120.0, "html_mb": 15.0, "render_s": 5.0, "build_mb": 2000.0}
MODES = {"--jobs 1": ["--jobs", "1"], "--jobs 2": ["--jobs", "2"], "--dask local": ["--dask", "local"]}
OWN = "own provinces"


@dataclass(frozen=True)
class Plan:
    articles: tuple[int, ...]
    dask_articles: tuple[int, ...]
    activities: tuple[int, ...]
    provinces: tuple[int, ...]
    rendered: int  # maps up to this many activities: 3 pages; above: 1 page within RENDER_LIMIT_S


FULL = Plan((10, 100, 1_000, 10_000), (1_000, 10_000), (100, 1_000, 10_000, 100_000), (1, 5, 15, 34), 10_000)
QUICK = Plan((10, 100), (100,), (100, 1_000), (1, 5), 1_000)  # dask at 100 to try its path


# ------------------------------------------------------------------------------ measuring


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int
    out: str
    err: str


def run_measured(args: list[str], *, repeat: int = 1, before=None) -> Run:
    """Best wall time of ``repeat`` fresh subprocesses, their largest peak RSS, that run's outputs."""
    runs = []
    for _ in range(max(1, repeat)):
        if before is not None:
            before()
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(args, stdout=out, stderr=err, cwd=ROOT)
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = code = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
            out.seek(0)
            err.seek(0)
            peak = usage.ru_maxrss * 1024 / 1e6  # KiB on Linux
            runs.append(Run(seconds, peak, code, out.read().decode(), err.read().decode()))
    best = min(runs, key=lambda r: r.seconds)
    best.peak_mb = max(r.peak_mb for r in runs)
    return best


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


# ------------------------------------------------------------------------------ 1. extract


@dataclass
class ExtractRow:
    n: int
    mode: str
    seconds: float
    peak_mb: float
    code: int
    read: int
    records: int
    corrupt: bool  # the folder also holds the file that is not UTF-8


def extract_step(plan: Plan, gazetteer: Gazetteer, work: Path) -> tuple[list[ExtractRow], list[str]]:
    biggest = max(plan.articles)
    articles = generate(gazetteer, biggest, seed=SEED)
    folders = {n: work / f"articles-{n}" for n in plan.articles}
    write(articles, folders[biggest])
    for n in plan.articles[:-1]:
        folders[n].mkdir()
        for article in articles[:n]:
            os.link(folders[biggest] / article.name, folders[n] / article.name)
    (folders[biggest] / CORRUPT_NAME).write_bytes(CORRUPT)
    size_kb = statistics.mean(len(a.text.encode()) for a in articles) / 1000
    print(f"extract: {biggest:,} articles of {size_kb:.1f} kB generated", file=sys.stderr)

    run_measured([PYTHON, CLI, "extract", str(folders[plan.articles[0]]), "--quiet"])  # warm OS caches
    rows, runs = [], {}
    for n in plan.articles:
        for mode, flags in MODES.items():
            if mode == "--dask local" and n not in plan.dask_articles:
                continue
            out = work / f"records-{n}-{flags[1]}.csv"
            run = run_measured(
                [PYTHON, CLI, "extract", str(folders[n]), "--write", str(out), "--quiet", *flags],
                repeat=3 if n < 10_000 else 1,
                before=lambda out=out: out.unlink(missing_ok=True),  # else every article is skipped
            )
            found = re.search(r"(\d+) article\(s\) read, (\d+) record\(s\)", run.out)
            read, records = (int(found[1]), int(found[2])) if found else (0, 0)
            rows.append(ExtractRow(n, mode, run.seconds, run.peak_mb, run.code, read, records, n == biggest))
            runs[(n, mode)] = (out, run)
            print(
                f"extract {n:>6,} {mode:13} {run.seconds:7.2f} s  {n / run.seconds:6.0f} art/s  "
                f"{run.peak_mb:6.0f} MB  exit {run.code}  {records} records",
                file=sys.stderr,
            )

    checks = []
    for (n, mode), (out, _) in runs.items():
        if mode != "--jobs 1":
            reference = runs[(n, "--jobs 1")][0]
            same = reference.exists() and out.exists() and filecmp.cmp(reference, out, shallow=False)
            verdict = "byte-identical to" if same else "DIFFERENT from (MISSED)"
            checks.append(f"{n:,} articles: the records file of `{mode}` is {verdict} that of `--jobs 1`")
    for row in (r for r in rows if r.corrupt):
        named = CORRUPT_NAME in runs[(row.n, row.mode)][1].err
        ok = row.code == 1 and named and row.read == row.n
        checks.append(
            f"`{row.mode}` on {row.n:,} articles + 1 file that is not UTF-8: exit {row.code}, the file "
            f"{'named' if named else 'NOT named'} on stderr, {row.read:,} others read: {'ok' if ok else 'MISSED'}"
        )
    err = runs[(biggest, "--jobs 1")][1].err
    line = next((ln.strip() for ln in err.splitlines() if CORRUPT_NAME in ln), "")
    if line:
        checks.append(f"its message: `{line.replace(str(work), '…')}`")
    return rows, checks


# ------------------------------------------------------------------------------ 2. and 3. maps


@dataclass
class MapRow:
    series: str  # "activities" or "provinces"
    n: int  # activities, or provinces
    scope: str
    activities: int
    seconds: float = 0.0
    html_mb: float = 0.0
    peak_mb: float = 0.0
    render_s: float | None = None
    heap_mb: float | None = None  # the page's JS heap after the first render
    communes: int = 0  # communes of the provinces drawn (all are simplified, even if not drawn)
    note: str = ""
    code: int = 0


def spread_records(gazetteer: Gazetteer, n: int, provinces: list[Unit], seed: int) -> list[Record]:
    """``n`` activities on the 2026 communes of ``provinces``, uniform over the communes.

    The mix of bench_map: 10 % shared by two communes of one province, 5 % province-wide.
    """
    span = (AS_OF - FIRST_DAY).days - 1
    records = []
    for rng, i, province, units, figure in spread_draws(gazetteer, n, provinces, AS_OF, seed):
        start = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
        records.append(spread_record(rng, f"scale-{i:06d}", province, units, start, figure))
    return records


def map_case(
    series: str, n: int, records: list[Record], province: str | None, work: Path, pages: int, communes: int
) -> MapRow:
    """Write the records, build the map in a subprocess, time its first render in another."""
    label = f"{series}-{n}-{province or 'own'}"
    csv, html = work / f"{label}.csv", work / f"{label}.html"
    append_records(csv, records)
    args = [PYTHON, CLI, "build", "--activities", str(csv), "--out", str(html), "--as-of", AS_OF.isoformat()]
    run = run_measured(
        [*args, "--quiet", *(["--province", province] if province else [])],
        repeat=3 if len(records) < 10_000 else 1,
    )
    row = MapRow(series, n, f"--province {province}" if province else OWN, len(records), communes=communes)
    row.seconds, row.peak_mb, row.code = run.seconds, run.peak_mb, run.code
    if run.code != 0:
        row.note = f"build failed (exit {run.code}): {_last_line(run.err)}"
    else:
        row.html_mb = html.stat().st_size / 1e6
        timeout = RENDER_LIMIT_S if pages == 1 else 2 * RENDER_LIMIT_S
        child = [
            PYTHON,
            __file__,
            "--render-child",
            str(html),
            "--pages",
            str(pages),
            "--timeout",
            str(timeout),
        ]
        rendered = run_measured(child)
        result = json.loads(_last_line(rendered.out)) if rendered.code == 0 and rendered.out.strip() else {}
        if "seconds" in result:
            row.render_s, row.heap_mb = result["seconds"], result["heap_mb"]
        else:
            row.note = f"first render skipped: {result.get('skipped') or _last_line(rendered.err)}"
    render = "-" if row.render_s is None else f"{row.render_s:.2f} s"
    print(
        f"map {label:26} build {row.seconds:6.2f} s  {row.html_mb:6.2f} MB  {row.peak_mb:5.0f} MB peak  "
        f"render {render} {row.note}",
        file=sys.stderr,
    )
    return row


def activities_step(plan: Plan, gazetteer: Gazetteer, work: Path) -> list[MapRow]:
    provinces = gazetteer.units_at(AS_OF, level="province")
    everywhere = len(gazetteer.units_at(AS_OF, level="commune"))
    rows = []
    for n in plan.activities:
        records = spread_records(gazetteer, n, provinces, SEED + n)
        pages = 3 if n <= plan.rendered else 1
        rows.append(map_case("activities", n, records, "all", work, pages, everywhere))
    return rows


def provinces_step(plan: Plan, gazetteer: Gazetteer, work: Path) -> list[MapRow]:
    """1 000 activities over the first k provinces of: HOME, then the others in a seeded shuffle."""
    provinces = sorted(gazetteer.units_at(AS_OF, level="province"), key=lambda p: p.name)
    rest = [p for p in provinces if p.name != HOME]
    random.Random(SEED).shuffle(rest)
    order = [p for p in provinces if p.name == HOME] + rest
    rows = []
    for k in plan.provinces:
        records = spread_records(gazetteer, 1_000, order[:k], SEED + k)
        communes = sum(len(gazetteer.units_at(AS_OF, level="commune", province=p)) for p in order[:k])
        rows.append(map_case("provinces", k, records, None, work, 3, communes))
        if k == len(order):
            rows.append(map_case("provinces", k, records, "all", work, 3, communes))
    return rows


# ------------------------------------------------------------------------------ first render (child)

READY = """() => {
    const D = window.vnamap && window.vnamap.data;
    if (!D) return false;
    const wanted = (D.layers.provinces || []).filter((i) => D.u[i].g).length;
    const provinces = document.querySelectorAll('path.vnam-provinces').length;
    const markers = document.querySelectorAll('.vnam-pin, .marker-cluster').length;
    return provinces >= wanted && (markers > 0 || D.m.length === 0) ? performance.now() : false;
}"""
HEAP = "() => performance.memory ? performance.memory.usedJSHeapSize : 0"


def render_child(path: Path, pages: int, timeout_s: float) -> int:
    """Print ``{"seconds": median, "runs": [...], "heap_mb": max}`` or ``{"skipped": why}`` as JSON.

    The page loading of bench_map.first_render_seconds (fresh context, every request other than
    file: and data: aborted), with a readiness test for a national map: its 226-commune test
    is Lạng Sơn's.
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    times: list[float] = []
    heap = 0
    with sync_playwright() as playwright:
        args = [*CHROMIUM_ARGS, "--enable-precise-memory-info"]
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
        try:
            for _ in range(pages):
                context = browser.new_context(
                    viewport={"width": 1024, "height": 640}, service_workers="block"
                )
                context.route(lambda url: not url.startswith(("file:", "data:")), lambda route: route.abort())
                page = context.new_page()
                try:
                    page.goto(path.as_uri(), wait_until="commit", timeout=timeout_s * 1000)
                    handle = page.wait_for_function(READY, polling="raf", timeout=timeout_s * 1000)
                    times.append(handle.json_value() / 1000)
                    heap = max(heap, page.evaluate(HEAP))
                except PlaywrightError as err:
                    why = str(err).splitlines()[0]
                    print(json.dumps({"skipped": f"not rendered within {timeout_s:.0f} s ({why})"}))
                    return 0
                finally:
                    context.close()
        finally:
            browser.close()
    print(json.dumps({"seconds": statistics.median(times), "runs": times, "heap_mb": heap / 1e6}))
    return 0


# ------------------------------------------------------------------------------ 4. fits


@dataclass
class Fit:
    step: str
    unit: str  # what the slope is per: "s per 1,000 articles", ...
    per: float  # n in one unit
    xs: list[float]
    ys: list[float]

    def line(self) -> tuple[float, float] | None:
        """(slope per unit, value at n = 0) of the least-squares line."""
        if len(self.xs) < 2:
            return None
        slope, intercept = statistics.linear_regression(self.xs, self.ys)
        return slope * self.per, intercept

    def loglog(self) -> float | None:
        return _loglog(self.xs, self.ys)

    def marginal(self) -> float | None:
        """Log-log slope of (t - t_min) against (n - n_min): start-up does not flatten it.

        Increments below NOISE of t_min are left out: they are mostly timing noise.
        """
        if not self.xs:
            return None
        x0, y0 = min(zip(self.xs, self.ys, strict=True))
        pairs = [
            (x - x0, y - y0) for x, y in zip(self.xs, self.ys, strict=True) if x > x0 and y - y0 > NOISE * y0
        ]
        return _loglog([x for x, _ in pairs], [y for _, y in pairs])

    def verdict(self) -> str:
        slope, which = self.marginal(), "marginal"
        if slope is None:
            slope, which = self.loglog(), "wall"
        if slope is None:
            return "–"
        kind = "linear" if slope <= LINEAR_MAX else "super-linear, not quadratic"
        kind = "QUADRATIC-like" if slope >= QUADRATIC_MIN else kind
        return f"{kind} ({which} {slope:.2f})"


def _loglog(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 2 or min(xs) <= 0 or min(ys) <= 0:
        return None
    return statistics.linear_regression([math.log(x) for x in xs], [math.log(y) for y in ys]).slope


def fits(extract: list[ExtractRow], maps: list[MapRow]) -> list[Fit]:
    def fit(step: str, unit: str, per: float, rows: list, attr: str, x: str = "n") -> Fit:
        rows = [r for r in rows if getattr(r, attr) is not None]
        return Fit(step, unit, per, [getattr(r, x) for r in rows], [getattr(r, attr) for r in rows])

    modes = {mode: [r for r in extract if r.mode == mode] for mode in MODES}
    national = [r for r in maps if r.series == "activities" and r.code == 0]
    own = [r for r in maps if r.series == "provinces" and r.scope == OWN and r.code == 0]
    return [
        *(
            fit(f"extract `{m}`", "s per 1,000 articles", 1_000, rows, "seconds")
            for m, rows in modes.items()
            if rows
        ),
        fit("extract `--jobs 1`: peak RSS", "MB per 1,000 articles", 1_000, modes["--jobs 1"], "peak_mb"),
        fit("map build, national", "s per 1,000 activities", 1_000, national, "seconds"),
        fit("HTML size, national", "MB per 1,000 activities", 1_000, national, "html_mb"),
        fit("map build, national: peak RSS", "MB per 1,000 activities", 1_000, national, "peak_mb"),
        fit("first render, national", "s per 1,000 activities", 1_000, national, "render_s"),
        fit("map build vs provinces", "s per province", 1, own, "seconds"),
        fit(
            "map build vs communes of those provinces",
            "s per 1,000 communes",
            1_000,
            own,
            "seconds",
            "communes",
        ),
        fit("HTML size vs provinces", "MB per province", 1, own, "html_mb"),
        fit("first render vs provinces", "s per province", 1, own, "render_s"),
    ]


# ------------------------------------------------------------------------------ 5. plots and tables


def plots(extract: list[ExtractRow], maps: list[MapRow], folder: Path) -> list[tuple[str, str]]:
    """Write the PNGs; returns (file name, caption) pairs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter

    made = []
    national = [r for r in maps if r.series == "activities" and r.code == 0]
    own = [r for r in maps if r.series == "provinces" and r.code == 0 and r.scope == OWN]
    whole = [r for r in maps if r.series == "provinces" and r.code == 0 and r.scope != OWN]
    by_mode = {mode: [r for r in extract if r.mode == mode] for mode in MODES}

    def line(ax, rows, attr, label, style="o-", **kw) -> None:
        rows = [r for r in rows if getattr(r, attr) is not None]
        if rows:
            ax.plot([r.n for r in rows], [getattr(r, attr) for r in rows], style, label=label, **kw)

    def fitted(ax, rows, attr) -> None:
        """The least-squares line t = a + b·n, dotted: on log axes it flattens where start-up dominates."""
        rows = [r for r in rows if getattr(r, attr) is not None]
        if len(rows) >= 2:
            b, a = statistics.linear_regression([r.n for r in rows], [getattr(r, attr) for r in rows])
            xs = [rows[0].n * (rows[-1].n / rows[0].n) ** (i / 40) for i in range(41)]
            ax.plot(xs, [a + b * x for x in xs], ":", color="grey", label="least-squares line a + b·n")

    def goal(ax, x, y, label) -> None:
        ax.plot([x], [y], marker="_", markersize=22, mew=2, color="red", ls="none", label=label)

    def plain(value: float, _pos=None) -> str:
        return f"{value:,.0f}" if value >= 10 else f"{value:g}"

    def some(value: float, _pos=None) -> str:  # minor ticks of a log axis: label 2 and 5 only
        mantissa = value / 10 ** math.floor(math.log10(value))
        return plain(value) if any(math.isclose(mantissa, m) for m in (2, 5)) else ""

    def finish(fig, axes, name: str, caption: str) -> None:
        for ax in axes:
            if ax.get_xscale() == "log":
                ax.xaxis.set_major_formatter(FuncFormatter(plain))
                ax.xaxis.set_minor_formatter(NullFormatter())
            if ax.get_yscale() == "log":
                ax.yaxis.set_major_formatter(FuncFormatter(plain))
                ax.yaxis.set_minor_formatter(FuncFormatter(some))
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(folder / name, dpi=110)
        plt.close(fig)
        made.append((name, caption))

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    for mode, rows in by_mode.items():
        line(ax1, rows, "seconds", mode)
        if rows:
            ax2.plot([r.n for r in rows], [r.n / r.seconds for r in rows], "o-", label=mode)
    fitted(ax1, by_mode["--jobs 1"], "seconds")
    goal(ax1, 10_000, GOALS["extract_10k_s"], "goal: 10,000 with --jobs 2")
    ax1.set(
        xscale="log",
        yscale="log",
        xlabel="articles",
        ylabel="wall time (s, start-up included)",
        title="extract: time vs articles",
    )
    ax2.set(
        xscale="log",
        ylim=(0, None),
        xlabel="articles",
        ylabel="articles / s (wall, start-up included)",
        title="extract: throughput",
    )
    finish(fig, [ax1, ax2], "extract.png", "Extract: wall time and articles/s against the number of articles")

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    line(ax1, national, "seconds", "build, --province all")
    fitted(ax1, national, "seconds")
    ax1.set(
        xscale="log",
        yscale="log",
        xlabel="activities",
        ylabel="build wall time (s)",
        title="national map: build time",
    )
    line(ax2, national, "html_mb", "HTML", color="C1")
    fitted(ax2, national, "html_mb")
    goal(ax2, 10_000, GOALS["html_mb"], "goal at 10,000")
    ax2.set(
        xscale="log", yscale="log", xlabel="activities", ylabel="HTML (MB)", title="national map: HTML size"
    )
    finish(fig, [ax1, ax2], "map_build.png", "National map: build time and HTML size against the activities")

    fig, ax = plt.subplots(figsize=(6, 4.2))
    line(ax, national, "render_s", "first render", color="C2")
    fitted(ax, national, "render_s")
    goal(ax, 10_000, GOALS["render_s"], "goal at 10,000")
    skipped = ", ".join(f"{r.n:,}" for r in national if r.render_s is None)
    if skipped:
        ax.annotate(
            f"not rendered: {skipped}", (0.97, 0.04), xycoords="axes fraction", ha="right", fontsize=8
        )
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="activities",
        ylabel="first render in chromium (s)",
        title="national map: first render",
    )
    finish(fig, [ax], "browser.png", "National map: time to first render in headless chromium")

    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
    titles = {"seconds": "build time (s)", "html_mb": "HTML size (MB)", "render_s": "first render (s)"}
    for ax, (attr, title) in zip(axes, titles.items(), strict=True):
        line(ax, own, attr, "own provinces (default)")
        fitted(ax, own, attr)
        line(ax, whole, attr, "--province all", style="s", color="C3")
        for r in own if attr == "seconds" else []:
            ax.annotate(
                f"{r.communes:,} communes", (r.n, r.seconds), (4, -12), textcoords="offset points", fontsize=7
            )
        ax.set(
            xlabel="provinces (1,000 activities in all)",
            ylabel=title,
            title=title.split(" (")[0],
            ylim=(0, None),
        )
    finish(fig, axes, "provinces.png", "1,000 activities over 1 … 34 provinces: build, size, first render")

    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
    for mode, rows in by_mode.items():
        line(axes[0], rows, "peak_mb", mode)
    axes[0].set(xscale="log", xlabel="articles", title="extract")
    line(axes[1], national, "peak_mb", "build (peak RSS)")
    line(axes[1], national, "heap_mb", "first render (page JS heap)")
    goal(axes[1], 10_000, GOALS["build_mb"], "build goal at 10,000")
    axes[1].set(xscale="log", xlabel="activities", title="national map")
    line(axes[2], own, "peak_mb", "build, own provinces")
    line(axes[2], whole, "peak_mb", "build, --province all", style="s", color="C3")
    axes[2].set(xlabel="provinces (1,000 activities in all)", title="map vs provinces")
    for ax in axes:
        ax.set(ylabel="peak memory (MB)", ylim=(0, None))
    finish(fig, axes, "memory.png", "Peak memory (largest single process) of each measurement")
    return made


def _num(value: float | None, fmt: str = ".2f") -> str:
    return "–" if value is None else format(value, fmt)


def report(extract, maps, checks, images, image_prefix: str, level: str) -> str:
    """The tables, checks, slopes, goals and image links; ``level`` is the headings' ``###``."""
    lines = [
        f"{level} Extract throughput vs articles",
        "",
        "| articles | mode | wall (s) | articles/s | peak RSS (MB) | exit | read | records |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in extract:
        code = f"{r.code}{' (+1 file not UTF-8)' if r.corrupt else ''}"
        lines.append(
            f"| {r.n:,} | `{r.mode}` | {r.seconds:.2f} | {r.n / r.seconds:.0f} | {r.peak_mb:.0f} | {code} "
            f"| {r.read:,} | {r.records:,} |"
        )
    lines += ["", *[f"- {c}" for c in checks], ""]

    def map_table(rows: list[MapRow], first: str) -> list[str]:
        table = [
            f"| {first} | scope | build (s) | HTML (MB) | build peak RSS (MB) | first render (s) | page JS heap (MB) |",
            "|---:|---|---:|---:|---:|---:|---:|",
        ]
        for r in rows:
            what = f"{r.n:,}" if first == "activities" else f"{r.n} ({r.communes:,} communes)"
            render = _num(r.render_s) if r.render_s is not None else r.note or "–"
            table.append(
                f"| {what} | `{r.scope}` | {r.seconds:.2f} | {r.html_mb:.2f} | {r.peak_mb:.0f} | {render} "
                f"| {_num(r.heap_mb, '.0f')} |"
            )
        return table

    lines += [f"{level} Map build vs activities (national map, 2026 communes)", ""]
    lines += map_table([r for r in maps if r.series == "activities"], "activities")
    lines += ["", f"{level} Map build vs provinces (1,000 activities in all, 2026 communes)", ""]
    lines += map_table([r for r in maps if r.series == "provinces"], "provinces")
    lines += [
        "",
        f"{level} Slopes",
        "",
        "Least-squares line against n (slope, and the value at n = 0: start-up and fixed work), and",
        "log-log slopes of the wall value and of the marginal value `t − t_min` against `n − n_min`",
        f"(≈ 1 linear, ≈ 2 quadratic; increments below {NOISE:.0%} of `t_min` are left out as timing noise).",
        "Verdict on the marginal slope (with only two sizes, on the wall slope, which start-up",
        f"flattens): linear ≤ {LINEAR_MAX} < super-linear < {QUADRATIC_MIN} ≤ quadratic-like.",
        "",
        "| step | sizes | slope | at n = 0 | log-log (wall) | log-log (marginal) | verdict |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for fit in fits(extract, maps):
        fitted = fit.line()
        slope = "–" if fitted is None else f"{fitted[0]:.3f} {fit.unit}"
        lines.append(
            f"| {fit.step} | {', '.join(f'{x:,}' for x in fit.xs) or '–'} | {slope} | "
            f"{_num(fitted and fitted[1])} | {_num(fit.loglog())} | {_num(fit.marginal())} | {fit.verdict()} |"
        )
    lines += ["", f"{level} Goals", "", *[f"- {g}" for g in goals(extract, maps)], ""]
    for name, caption in images:
        lines += [f"![{caption}]({image_prefix}{name})", ""]
    return "\n".join(lines)


def goals(extract: list[ExtractRow], maps: list[MapRow]) -> list[str]:
    def check(text: str, value: float, limit: float, unit: str, fmt: str = ".2f") -> str:
        return f"{text} {value:{fmt}} {unit} ≤ {limit:.0f} {unit}: {'ok' if value <= limit else 'MISSED'}"

    out = []
    two = next((r for r in extract if r.n == 10_000 and r.mode == "--jobs 2"), None)
    if two is None:
        out.append("10,000 articles with `--jobs 2`: not measured (quick run)")
    else:
        out.append(
            check("10,000 articles with `--jobs 2` in", two.seconds, GOALS["extract_10k_s"], "s", ".1f")
        )
    big = next((r for r in maps if r.series == "activities" and r.n == 10_000 and r.code == 0), None)
    if big is None:
        return [*out, "10,000 activities national: not measured (quick run)"]
    out.append(check("10,000 activities national: HTML", big.html_mb, GOALS["html_mb"], "MB"))
    if big.render_s is None:
        out.append(f"10,000 activities national: first render not measured ({big.note})")
    else:
        out.append(check("10,000 activities national: first render", big.render_s, GOALS["render_s"], "s"))
    out.append(
        check("10,000 activities national: peak build memory", big.peak_mb, GOALS["build_mb"], "MB", ".0f")
    )
    return out


def update_readme(body: str) -> None:
    """Replace (or append) the Scaling section of benchmarks/README.md; the others are kept."""
    text = README.read_text(encoding="utf-8")
    start = text.find(SECTION)
    if start < 0:
        head, tail = text.rstrip("\n") + "\n\n", ""
    else:
        end = text.find("\n## ", start + len(SECTION))
        head, tail = text[:start], ("" if end < 0 else text[end:])
    README.write_text(f"{head}{SECTION}\n\n{body.strip()}\n{tail}", encoding="utf-8")


INTRO = """\
```sh
.venv/bin/python benchmarks/bench_scaling.py [--quick]
```

Extract throughput against 10 … 10,000 generated articles (`--jobs 1`, `--jobs 2`, `--dask local`;
records files compared byte for byte; one file that is not UTF-8 in the largest folder), and the
national map's build time, HTML size, peak memory and first render in chromium against 100 …
100,000 activities and 1 … 34 provinces, with the slope of each step: does it stay linear? Writes
`results/scaling/` (README.md, PNG plots) and this section. Takes about {minutes:.0f} minutes; `--quick`
runs a reduced set in about a minute and writes to a temporary folder.
"""


# ------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="10, 100 articles; 100, 1,000 activities; 1, 5 provinces"
    )
    parser.add_argument("--render-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pages", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=RENDER_LIMIT_S, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.render_child:
        return render_child(args.render_child, args.pages, args.timeout)

    began, load_before = time.perf_counter(), os.getloadavg()
    plan = QUICK if args.quick else FULL
    out = Path(tempfile.mkdtemp(prefix="bench-scaling-quick-")) if args.quick else RESULTS
    out.mkdir(parents=True, exist_ok=True)
    gazetteer = load_gazetteer()  # builds the cache if needed, so that no measurement does
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as tmp:
        extract, checks = extract_step(plan, gazetteer, Path(tmp))
        maps = activities_step(plan, gazetteer, Path(tmp))
        maps += provinces_step(plan, gazetteer, Path(tmp))
    images = plots(extract, maps, out)
    minutes = (time.perf_counter() - began) / 60
    machine = (
        f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, {chromium_version()}"
    )
    header = (
        f"Run {dt.datetime.now().isoformat(timespec='minutes')} with `benchmarks/bench_scaling.py"
        f"{' --quick' if args.quick else ''}` on {machine}: {minutes:.1f} min in all; load average "
        f"{load_before[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end (a shared machine). "
        "Every figure is one fresh subprocess (best of 3 below 10,000), start-up included; peak RSS is "
        "`ru_maxrss` of the largest process of its tree (for `--jobs 2` and Dask: not the sum of the processes). "
        f"First render: median of 3 fresh chromium pages (1 page, given {RENDER_LIMIT_S:.0f} s, above "
        f"{plan.rendered:,} activities), navigation start → the markers and every province path in the "
        "DOM; page JS heap: `performance.memory` after it.\n"
    )
    body = report(extract, maps, checks, images, "", "##")
    (out / "README.md").write_text(
        f"# Scaling: many articles, the whole country\n\n{header}\n{body}\n", encoding="utf-8"
    )
    print(header + "\n" + body)
    if not args.quick:
        rel = f"{out.relative_to(README.parent).as_posix()}/"
        update_readme(
            INTRO.format(minutes=math.ceil(minutes))
            + "\n"
            + header
            + "\n"
            + report(extract, maps, checks, images, rel, "###")
        )
    print(f"\nWrote {out}/README.md and {len(images)} PNG(s) in {minutes:.1f} min.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
