"""What the command itself costs: the real ``build_map.py`` in fresh processes, warm caches, and where
its time goes.

    .venv/bin/python benchmarks/bench_command.py [--peer REV] [--runs 7]

Side by side in one run: this checkout (``ours``) and the code of git revision ``--peer`` (default
``4426df1``, before the command line moved to ``geo.cli`` and the map's imports were cut), extracted
with ``git archive`` (as ``bench_map_cost.py`` does) and run with the same Python; the peer has
its own gazetteer cache folder (a temporary one, filled by its first run: a cache is keyed by the
code that builds it, and building one removes those of other versions). Cases, each a fresh
process, after one run that fills the caches:

* ``build --province all`` of the sample's 16 records (``data/activities.csv``): the national map,
  goal ≤ 2 s warm;
* ``build`` of the same records (the Lạng Sơn map);
* ``geocode`` of one place: the lightest command, whose start is mostly imports.

Ours and the peer take turns, run after run. Each case gives the best and median wall time of
``--runs`` processes and their median CPU time (user + system, from ``wait4``): on a shared
machine the wall time includes waiting for a core, the CPU time does not. "Where the time goes"
runs the national map three more times under ``python -X importtime`` and sums the import time of
the main pieces (the least of the three), next to the time of the map itself (``render_map``,
in-process, warm: the figure ``bench_map_cost.py`` reports).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
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

from bench_map_cost import peer_tree  # noqa: E402

PEER = "4426df1"
RESULTS = ROOT / "benchmarks" / "results" / "command.md"
SAMPLE = ROOT / "data" / "activities.csv"
GOAL_NATIONAL_S = 2.0
# Import time is summed under these names (a module is counted under the first that holds it).
PIECES = (
    ("pandas (imported by folium)", ("pandas",)),
    ("folium, branca, jinja2, requests", ("folium", "branca", "jinja2", "requests", "urllib3")),
    ("numpy, shapely", ("numpy", "shapely")),
    ("geo (our modules)", ("geo",)),
)


@dataclass
class Timing:
    case: str
    code: str
    best_s: float
    median_s: float
    cpu_s: float
    peak_mb: float
    status: int


def environment(tree: Path) -> dict[str, str]:
    """The tree's own geo package; the peer's own gazetteer cache, next to its tree."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    if tree != ROOT:
        env["VN_ACTIVITY_MAP_CACHE"] = str(tree.parent / f"{tree.name}-cache")
    return env


def run_once(args: list[str], tree: Path, cwd: Path) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system), peak RSS (MB) and exit code of one process."""
    env = environment(tree)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, cwd=cwd, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def cases(tree: Path, work: Path) -> list[tuple[str, list[str]]]:
    script = [sys.executable, str(tree / "build_map.py")]
    records = ["--activities", str(SAMPLE)]
    return [
        (
            "national map of the 16 sample records",
            [*script, "build", *records, "--province", "all", "--out", str(work / "nat.html"), "--quiet"],
        ),
        (
            "Lạng Sơn map of the same records",
            [*script, "build", *records, "--out", str(work / "ls.html"), "--quiet"],
        ),
        ("geocode one place", [*script, "geocode", "xã Trùng Quán, huyện Văn Lãng", "--as-of", "2017-06-01"]),
    ]


def measure(trees: dict[str, Path], runs: int, work: Path) -> list[Timing]:
    """Each case: one run per tree to fill the caches, then ``runs`` rounds, the trees taking turns
    (on a shared machine the load changes from minute to minute: both see the same)."""
    rows = []
    for index in range(3):
        found: dict[str, list[tuple[float, float, float, int]]] = {code: [] for code in trees}
        for tree in trees.values():
            run_once(cases(tree, work)[index][1], tree, work)  # fills the caches
        for _ in range(runs):
            for code, tree in trees.items():
                found[code].append(run_once(cases(tree, work)[index][1], tree, work))
        for code, tree in trees.items():
            walls = [f[0] for f in found[code]]
            row = Timing(
                cases(tree, work)[index][0],
                code,
                min(walls),
                statistics.median(walls),
                statistics.median(f[1] for f in found[code]),
                max(f[2] for f in found[code]),
                max(f[3] for f in found[code]),
            )
            print(row, file=sys.stderr)
            rows.append(row)
    return rows


def import_times(tree: Path, work: Path, runs: int) -> tuple[dict[str, float], float, float]:
    """Seconds of import by piece, all imports, and the whole process, for the national map: the
    least of ``runs`` processes, each figure on its own."""
    found = [_import_times(tree, work) for _ in range(runs)]
    pieces = {name: min(f[0][name] for f in found) for name, _ in PIECES}
    return pieces, min(f[1] for f in found), min(f[2] for f in found)


def _import_times(tree: Path, work: Path) -> tuple[dict[str, float], float, float]:
    args = cases(tree, work)[0][1]
    args = [args[0], "-X", "importtime", *args[1:]]
    env = environment(tree)
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, cwd=work, env=env, check=False)
    seconds = time.perf_counter() - start
    pieces = dict.fromkeys((name for name, _ in PIECES), 0.0)
    total = 0.0
    for line in done.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if not found:
            continue
        self_us, module = int(found[1]), found[4]  # self: without the modules it imported
        total += self_us / 1e6
        top = module.split(".")[0]
        for name, roots in PIECES:
            if top in roots:
                pieces[name] += self_us / 1e6
                break
    return pieces, total, seconds


def in_process_seconds() -> float:
    """``render_map`` of the national map of the sample, warm (gazetteer loaded, caches filled)."""
    from geo.gazetteer_cache import load_gazetteer
    from geo.pipeline import load_records
    from geo.render import render_map

    records = load_records(SAMPLE)
    gazetteer = load_gazetteer()
    render_map(records, gazetteer, scope="all")
    start = time.perf_counter()
    render_map(records, gazetteer, scope="all")
    return time.perf_counter() - start


def report(
    rows: list[Timing],
    imports: dict[str, tuple[dict[str, float], float, float]],
    warm: float,
    peer: str,
    runs: int,
) -> str:
    load = os.getloadavg()
    out = [
        "# The command's own cost",
        "",
        f"Run {dt.datetime.now():%Y-%m-%dT%H:%M} with `benchmarks/bench_command.py` on CPython "
        f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores shared with other work "
        f"(load average {load[0]:.1f} at the end, {load[2]:.1f} over 15 min).",
        f"Peer: revision `{peer}` (before this work), same Python, its own warm gazetteer cache. Each case: "
        f"{runs} fresh processes (ours and the peer taking turns) after one that fills the caches; wall "
        "time best and median, CPU time "
        "(user + system) median, peak RSS the largest.",
        "",
        "| case | code | wall, best (s) | wall, median (s) | CPU, median (s) | peak RSS (MB) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        note = "" if r.status == 0 else f" exit {r.status}"
        out.append(
            f"| {r.case} | {r.code} | {r.best_s:.2f} | {r.median_s:.2f} | {r.cpu_s:.2f} | {r.peak_mb:.0f} |{note}"
        )
    out += [
        "",
        "Where the time of the national map goes (under `python -X importtime`, which slows imports a",
        "little; seconds of import summed by piece, the least of 3 processes):",
        "",
        "| | " + " | ".join(imports) + " |",
        "|---|" + "---:|" * len(imports),
    ]
    names = [name for name, _ in PIECES]
    for name in names:
        out.append(f"| import {name} | " + " | ".join(f"{v[0][name]:.2f}" for v in imports.values()) + " |")
    out.append("| import, everything | " + " | ".join(f"{v[1]:.2f}" for v in imports.values()) + " |")
    out.append("| the whole process | " + " | ".join(f"{v[2]:.2f}" for v in imports.values()) + " |")
    out += [
        "",
        f"The map itself (`render_map`, ours, in-process, warm): {warm:.2f} s.",
        "",
    ]
    ours = next(r for r in rows if r.code == "ours")
    ok = ours.best_s <= GOAL_NATIONAL_S
    out.append(
        f"Goal: national map of the 16 sample records ≤ {GOAL_NATIONAL_S} s warm (command, best of {runs}): "
        f"{ours.best_s:.2f} s: {'ok' if ok else 'NOT MET'} (median {ours.median_s:.2f} s, CPU {ours.cpu_s:.2f} s)."
    )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", default=PEER, help="git revision of the peer (default %(default)s)")
    parser.add_argument("--runs", type=int, default=7, help="processes per case (default %(default)s)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        trees = {"ours": ROOT, f"peer {args.peer}": peer_tree(args.peer, work / "peer")}
        rows = measure(trees, args.runs, work)
        imports = {code: import_times(tree, work, 3) for code, tree in trees.items()}
    text = report(rows, imports, in_process_seconds(), args.peer, args.runs)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
