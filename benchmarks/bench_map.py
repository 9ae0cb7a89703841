"""Benchmark the activity map: build time, HTML size and time to first render in headless chromium.

    .venv/bin/python benchmarks/bench_map.py            # prints a markdown table
    .venv/bin/python benchmarks/bench_map.py --no-browser

Activities are generated (fixed seed) over Lạng Sơn's 226 communes of 2017, with the mix of a
real records file: 10 % shared by two communes, 5 % province-wide, figures in several units.
The gazetteer is warm (loaded, and one map built, before timing). Time to first render is
measured in the page, from navigation start to the moment the commune polygons and the markers
(or their clusters) are in the DOM, with Debian's chromium and the flags of tests/browser/conftest.py.

The peer, in the same run, is the plain folium way: one ``folium.Marker`` with a ``Popup`` per
activity and place in a MarkerCluster, and the communes as a full-resolution ``GeoJson`` with a
``GeoJsonTooltip``, inlined the same way.

Goals: the sample-like map (5 records) builds in ≤ 3 s warm and weighs ≤ 1.5 MB; 10 000
activities weigh ≤ 5 MB and render in ≤ 3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo._browser import CHROMIUM as _CHROMIUM  # noqa: E402
from geo._browser import CHROMIUM_ARGS  # noqa: E402
from geo.gazetteer import Gazetteer, Unit  # noqa: E402
from geo.gazetteer_cache import load_gazetteer  # noqa: E402
from geo.records import Record  # noqa: E402
from geo.render import render_map  # noqa: E402

SIZES = (1, 100, 1_000, 10_000)
PEER_SIZES = (1, 100, 1_000)  # the plain folium map of 10 000 is left out: see the table
D2017 = dt.date(2017, 1, 1)
CHROMIUM = str(_CHROMIUM)
RESULTS = ROOT / "benchmarks" / "results" / "map.md"
GOALS = {"sample_build_s": 3.0, "sample_mb": 1.5, "big_mb": 5.0, "big_render_s": 3.0}

ACTIVITIES = (
    "Làm công tác dân vận, giúp dân xây dựng nông thôn mới",
    "Bê tông hóa đường giao thông nông thôn",
    "Nạo vét kênh mương nội đồng",
    "Tu sửa trường học và công trình phúc lợi",
    "Giúp đỡ gia đình chính sách sửa nhà",
    "Tuyên truyền Luật Nghĩa vụ quân sự",
    "Khám bệnh, cấp thuốc miễn phí cho nhân dân",
    "Tuần tra bảo vệ an ninh trật tự",
)
KINDS = ("dân vận", "nông thôn mới", "tuyển quân", "an ninh", "y tế", "giáo dục")
ACTORS = (
    "Trung đoàn 123",
    "Đoàn Thanh niên huyện",
    "Hội Cựu chiến binh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Hội Phụ nữ xã",
)
FIGURES = (
    ("ngày công", "exact"),
    ("người", "exact"),
    ("mét", "approx"),
    ("đồng", "approx"),
    ("km", "at_least"),
)


def generated_records(gazetteer: Gazetteer, n: int, seed: int = 2017) -> list[Record]:
    rng = random.Random(seed)
    province = gazetteer.province("Lạng Sơn", D2017)
    communes = gazetteer.units_at(D2017, level="commune", province=province)
    sources = [f"Báo Lạng Sơn, số {i}: Phong trào chung sức xây dựng nông thôn mới" for i in range(40)]
    records = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.05:
            units = [province]
        elif roll < 0.15:
            units = rng.sample(communes, 2)
        else:
            units = [rng.choice(communes)]
        unit, qualifier = rng.choice(FIGURES)
        value = (
            rng.choice((rng.randint(5, 5_000), None)) if unit != "đồng" else rng.randint(1, 300) * 10_000_000
        )
        start = D2017 + dt.timedelta(days=rng.randint(0, 700))
        records.append(
            random_record(
                rng,
                f"bench-{i:05d}",
                units,
                start,
                (value, unit, qualifier),
                end_days=90,
                source=lambda r: r.choice(sources),
                source_date=start + dt.timedelta(days=120),
                quote_tail=", đóng góp nhiều ngày công",
            )
        )
    return records


def spread_draws(
    gazetteer: Gazetteer, n: int, provinces: list[Unit], day: dt.date, seed: int, figures=FIGURES
):
    """The draws of the scale benchmarks (bench_scaling.py, bench_map_cost.py) for ``n`` activities
    on the communes of ``provinces`` valid on ``day``: 10 % shared by two communes of one province,
    5 % province-wide. Yields (rng, i, province, units, (value, unit noun, qualifier)); the caller
    draws the rest of each record from ``rng``."""
    rng = random.Random(seed)
    communes = {p.id: gazetteer.units_at(day, level="commune", province=p) for p in provinces}
    pool = [(p, c) for p in provinces for c in communes[p.id]]
    for i in range(n):
        province, commune = rng.choice(pool)
        roll = rng.random()
        units = (
            [province] if roll < 0.05 else rng.sample(communes[province.id], 2) if roll < 0.15 else [commune]
        )
        noun, qualifier = rng.choice(figures)
        value = rng.randint(5, 5_000) if noun != "đồng" else rng.randint(1, 300) * 10_000_000
        yield rng, i, province, units, (value, noun, qualifier)


def spread_record(
    rng: random.Random, record_id: str, province: Unit, units: list[Unit], start: dt.date, figure
):
    """One record of the scale benchmarks' draws (:func:`spread_draws`): a source in the province's
    paper a month after the start, lasting up to two months."""
    return random_record(
        rng,
        record_id,
        units,
        start,
        figure,
        end_days=60,
        source=lambda r, name=province.name: f"Báo {name}, số {r.randint(1, 400)}",
        source_date=start + dt.timedelta(days=30),
    )


def random_record(
    rng: random.Random,
    record_id: str,
    units: list[Unit],
    start: dt.date,
    figure: tuple[int | None, str, str],
    *,
    end_days: int,
    source: Callable[[random.Random], str],
    source_date: dt.date,
    quote_tail: str = "",
) -> Record:
    """One generated activity on ``units`` (also used by bench_scaling.py): what was done, by whom,
    for how long and the quote are drawn from ``rng``; ``figure`` is (value or None, unit, qualifier)."""
    value, unit, qualifier = figure
    return Record(
        id=record_id,
        places=tuple(f"{u.type} {u.name}" for u in units),
        unit_ids=tuple(u.id for u in units),
        levels=(units[0].level,),
        activity=rng.choice(ACTIVITIES),
        kind=rng.choice(KINDS),
        actor=rng.choice(ACTORS),
        value=value,
        unit=unit if value is not None else "",
        qualifier=qualifier if value is not None else "",
        start=start,
        end=start + dt.timedelta(days=rng.randint(0, end_days)),
        source=source(rng),
        source_date=source_date,
        quote=f"{rng.choice(ACTIVITIES)} tại {units[0].type} {units[0].name}{quote_tail}.",
    )


def sample_records(gazetteer: Gazetteer) -> list[Record]:
    """Five records like those of the sample article (see tests/test_render.py)."""

    def commune(name: str, day: dt.date = D2017):
        (hit,) = [
            u
            for u in gazetteer.named(name)
            if u.province == "Lạng Sơn" and u.level == "commune" and u.valid_at(day)
        ]
        return hit

    province = gazetteer.province("Lạng Sơn", D2017)

    def rec(rid, units, activity, start=D2017, **fields):
        ids = tuple(u.id for u in units)
        places = tuple(u.label for u in units)
        return Record(
            id=rid,
            places=places,
            unit_ids=ids,
            levels=(units[0].level,),
            activity=activity,
            start=start,
            **fields,
        )

    return [
        rec("s1", [commune("Xuân Mai"), commune("Mai Pha")], "Dân vận", value=1445, unit="ngày công"),
        rec("s2", [commune("Trùng Quán")], "Bê tông đường giao thông nông thôn"),
        rec("s3", [province], "Tuyển quân", value=2650, unit="công dân"),
        rec("s4", [province], "Giá trị ngày công", value=3e9, unit="đồng", qualifier="approx"),
        rec("s5", [commune("Na Sầm", dt.date(2026, 1, 1))], "Sửa đường", start=dt.date(2026, 3, 1)),
    ]


def plain_folium(records: list[Record], gazetteer: Gazetteer) -> str:
    """The peer: what a first folium version looks like (one Marker + Popup per activity and place)."""
    import folium
    import folium.plugins

    from geo._assets import inline_assets

    province = gazetteer.province("Lạng Sơn", D2017)
    communes = gazetteer.units_at(D2017, level="commune", province=province)
    m = folium.Map(location=[21.85, 106.6], zoom_start=9, tiles=None, control_scale=True, maxZoom=18)
    frame = gazetteer.geodataframe(communes)[["name", "geometry"]]
    folium.GeoJson(frame, name="Xã", tooltip=folium.GeoJsonTooltip(fields=["name"])).add_to(m)
    cluster = folium.plugins.MarkerCluster(name="Hoạt động").add_to(m)
    for record in records:
        for uid in record.unit_ids:
            unit = gazetteer.units[uid]
            text = html.escape(f"{record.activity} · {record.actor} · {record.quote}")
            folium.Marker(
                [unit.lat, unit.lon], popup=folium.Popup(text), icon=folium.DivIcon(html="<b>•</b>")
            ).add_to(cluster)
    folium.LayerControl().add_to(m)
    inline_assets(m)
    return m.get_root().render()


def timed(build, repeat: int) -> tuple[str, float]:
    times, out = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        out = build()
        times.append(time.perf_counter() - start)
    return out, min(times)


READY = """() => {
    const polygons = document.querySelectorAll('path.vnam-communes, .leaflet-overlay-pane path').length;
    const markers = document.querySelectorAll('.vnam-pin, .marker-cluster, .leaflet-marker-icon').length;
    const expected = window.vnamap ? window.vnamap.data.m.length : 1;
    return polygons >= 226 && (markers > 0 || expected === 0) ? performance.now() : false;
}"""


def first_render_seconds(browser, path: Path, runs: int = 3) -> float:
    """Median over fresh pages of the in-page time from navigation start to polygons + markers."""
    times = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1024, "height": 640}, service_workers="block")
        context.route(lambda url: not url.startswith(("file:", "data:")), lambda route: route.abort())
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="commit")
        handle = page.wait_for_function(READY, polling="raf", timeout=60_000)
        times.append(handle.json_value() / 1000)
        context.close()
    return statistics.median(times)


def chromium_version() -> str:
    try:
        return subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "chromium (version unknown)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="skip the chromium timings")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS.relative_to(ROOT)}")
    args = parser.parse_args(argv)

    gazetteer = load_gazetteer()
    sample = sample_records(gazetteer)
    render_map(sample, gazetteer)  # warm: imports, geometry cache of the OS, parquet reader
    cases: list[tuple[str, str, int, object]] = [
        ("ours", "sample (5 records)", 3, lambda: render_map(sample, gazetteer))
    ]
    for n in SIZES:
        records = generated_records(gazetteer, n)
        label = f"{n:,} {'activity' if n == 1 else 'activities'}".replace(",", " ")
        repeat = 3 if n < 10_000 else 1
        cases.append(("ours", label, repeat, lambda r=records: render_map(r, gazetteer)))
        if n in PEER_SIZES:
            cases.append(("plain folium", label, 1, lambda r=records: plain_folium(r, gazetteer)))

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-map-") as folder:
        browser = playwright = None
        if not args.no_browser:
            from playwright.sync_api import sync_playwright

            playwright = sync_playwright().start()
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for k, (who, label, repeat, build) in enumerate(cases):
                page, seconds = timed(build, repeat)
                path = Path(folder) / f"map-{k}.html"
                path.write_text(page, encoding="utf-8")
                render = first_render_seconds(browser, path) if browser else None
                rows.append((who, label, seconds, len(page.encode("utf-8")) / 1e6, render))
                print(
                    f"{who:13} {label:20} build {seconds:6.2f} s  {rows[-1][3]:6.2f} MB  "
                    f"render {'-' if render is None else f'{render:.2f} s'}",
                    file=sys.stderr,
                )
        finally:
            if browser:
                browser.close()
                playwright.stop()

    table = [
        "| map | records | build (s, warm) | HTML (MB) | first render in chromium (s) |",
        "|---|---|---:|---:|---:|",
    ]
    for who, label, seconds, mb, render in rows:
        table.append(
            f"| {who} | {label} | {seconds:.2f} | {mb:.2f} | {'–' if render is None else f'{render:.2f}'} |"
        )
    sample_row = rows[0]
    big = next(r for r in rows if r[0] == "ours" and r[1].startswith("10 000"))
    checks = [
        f"sample build {sample_row[2]:.2f} s ≤ {GOALS['sample_build_s']} s: {'ok' if sample_row[2] <= GOALS['sample_build_s'] else 'MISSED'}",
        f"sample size {sample_row[3]:.2f} MB ≤ {GOALS['sample_mb']} MB: {'ok' if sample_row[3] <= GOALS['sample_mb'] else 'MISSED'}",
        f"10 000 activities {big[3]:.2f} MB ≤ {GOALS['big_mb']} MB: {'ok' if big[3] <= GOALS['big_mb'] else 'MISSED'}",
    ]
    if big[4] is not None:
        ok = "ok" if big[4] <= GOALS["big_render_s"] else "MISSED"
        checks.append(f"10 000 activities first render {big[4]:.2f} s ≤ {GOALS['big_render_s']} s: {ok}")
    machine = f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, {chromium_version()}"
    text = "\n".join(
        [
            "# Activity map benchmark",
            "",
            f"Run {dt.datetime.now().isoformat(timespec='minutes')} with `benchmarks/bench_map.py` on {machine}.",
            "Build: best of 3 (1 for 10 000) warm `render_map` calls, tiles on, assets inlined. First render:",
            "median of 3 fresh pages, navigation start → 226 commune paths and the markers in the DOM.",
            "",
            *table,
            "",
            "Goals:",
            "",
            *[f"- {c}" for c in checks],
            "",
            "The plain folium peer is not run at 10 000 activities (20 000 folium objects; it grows linearly",
            "from the 1 000 row).",
            "",
        ]
    )
    print(text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
