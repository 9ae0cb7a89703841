"""How the article reader does on real published news, against labels made by hand.

Run: ``.venv/bin/python benchmarks/bench_extract_real.py TEXT_DIR [--labels FILE] [--out FILE]``.

``TEXT_DIR`` holds one ``<id>.txt`` per labelled article (the texts belong to their publishers and
are not in the repository: ``benchmarks/data/extract_real/README.md`` says how to get them back
from the URLs). The labels (``labels.jsonl`` beside that README, one article a line) were written
by reading each article before the reader was run on it; their format is in the same README.

Measures, summed over the articles:

* **date**: the article's date (``document.date``) equals the labelled one, over the articles
  whose text states a date; articles that state none must come out with no date.
* **mentions**: per article, the set of distinct units the text names *as places* (place names
  that only occur inside an organisation's name are actors, not places); precision and recall
  of the reader's resolved place mentions against it.
* **figure recall**: labelled activity figures that the reader finds (a figure whose span
  overlaps the labelled text), whatever role it gives them.
* **false figures per 100**: figures the reader gives the role ``activity`` that are not
  labelled activity figures (context numbers, designations, criteria), per 100 such figures.
* **attribution**: of the labelled activity figures that the reader puts into an activity, the
  share whose units are the labelled most specific units (a shared figure: the same set).

Every miss is printed with its article, so the failure patterns can be read off the output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.gazetteer import Gazetteer
from geo.gazetteer_cache import load_gazetteer
from geo.geocode import resolve
from geo.pipeline import extract_text

HERE = Path(__file__).resolve().parent
LABELS = HERE / "data" / "extract_real" / "labels.jsonl"
RESULTS = HERE / "results" / "extract_real.md"


@dataclass
class Tally:
    dated: int = 0
    date_right: int = 0
    undated: int = 0
    undated_right: int = 0
    label_places: int = 0
    found_places: int = 0
    right_places: int = 0
    activity_figures: int = 0
    figures_found: int = 0
    role_right: int = 0
    predicted_activity: int = 0
    false_figures: int = 0
    attributed: int = 0
    attribution_right: int = 0
    articles: int = 0
    missing_texts: list[str] = field(default_factory=list)
    label_problems: list[str] = field(default_factory=list)
    misses: Counter = field(default_factory=Counter)
    log: list[str] = field(default_factory=list)


def label_day(label: dict, gazetteer: Gazetteer, assumed: dt.date | None = None) -> dt.date:
    """The day on which the label's unit chains are read: its date. An undated label names its
    units by their chains only: it is read on the day the reader assumed when every chain names a
    unit valid then (the same names fit two generations of units: either reading is right);
    else, after the 2025 reform, on a day of 2026; else on a day of 2022, unless one of its places
    is a unit of the 2008–2019 generation only and all of them are units then."""
    if label.get("date"):
        return dt.date.fromisoformat(label["date"] + ("-15" if len(label["date"]) == 7 else ""))
    chains = [p["unit"] for p in label.get("places", []) if p.get("unit")]
    for fig in label.get("figures", []):
        place = fig.get("place")
        chains += [c for c in (place if isinstance(place, list) else [place]) if c]

    def fits(day: dt.date) -> bool:
        results = [resolve(chain, gazetteer, day, suggest=False) for chain in dict.fromkeys(chains)]
        return all(r.status == "resolved" and "other_vintage" not in r.flags for r in results)

    if assumed is not None and chains and fits(assumed):
        return assumed
    if label.get("published_after_2025_07_01"):
        return dt.date(2026, 1, 1)
    before_2020 = dt.date(2017, 6, 1)
    return (
        before_2020 if chains and not fits(dt.date(2022, 1, 1)) and fits(before_2020) else dt.date(2022, 1, 1)
    )


def label_unit(chain: str | None, gazetteer: Gazetteer, day: dt.date, tally: Tally, where: str):
    """The unit id a hand-written chain names (full chains: the geocoder only looks them up)."""
    if not chain:
        return None
    result = resolve(chain, gazetteer, day, suggest=False)
    if result.status != "resolved":
        tally.label_problems.append(f"{where}: label chain {chain!r} is {result.status} on {day}")
        return None
    return result.unit.id


def _span(text: str, snippet: str, occurrence: int) -> tuple[int, int] | None:
    start = -1
    for _ in range(max(1, occurrence)):
        start = text.find(snippet, start + 1)
        if start < 0:
            return None
    return start, start + len(snippet)


def _role(obj, default: str) -> str:
    return getattr(obj, "role", default) or default


def score_article(label: dict, text: str, gazetteer: Gazetteer, tally: Tally, *, url: bool = True) -> None:
    """Score the reading of one article; ``url``: give the reader where it was published (as a
    reader of the page knows it), else the text alone."""
    aid = label["id"]
    site = {"url": label["url"]} if url and label.get("url") else {}  # (readers of before took no url)
    done = extract_text(text, f"{aid}.txt", gazetteer, date=None, province=None, **site)
    reading = done.reading
    tally.articles += 1
    day = label_day(label, gazetteer, getattr(reading.document, "as_of", None))

    # Date.
    got = reading.document.date
    if label.get("date"):
        tally.dated += 1
        if got is not None and got.isoformat()[: len(label["date"])] == label["date"]:  # "2020-07": the month
            tally.date_right += 1
        else:
            tally.misses["date wrong"] += 1
            tally.log.append(f"{aid} date: want {label['date']}, got {got} ({reading.document.date_source})")
    else:
        tally.undated += 1
        if got is None:
            tally.undated_right += 1
        else:
            tally.log.append(f"{aid} date: the text states none, got {got} ({reading.document.date_source})")

    # Place mentions (distinct units).
    want = {u for p in label.get("places", []) if (u := label_unit(p["unit"], gazetteer, day, tally, aid))}
    got_places = {
        m.unit.id: m.text for m in reading.mentions if m.unit is not None and _role(m, "place") == "place"
    }
    tally.label_places += len(want)
    tally.found_places += len(got_places)
    tally.right_places += len(want & set(got_places))
    for uid in sorted(want - set(got_places)):
        tally.misses["place missed"] += 1
        tally.log.append(f"{aid} place missed: {gazetteer.path(gazetteer[uid])}")
    for uid in sorted(set(got_places) - want):
        tally.misses["place not labelled"] += 1
        tally.log.append(
            f"{aid} place not in the labels: {got_places[uid]!r} → {gazetteer.path(gazetteer[uid])}"
        )

    # Figures.
    in_activity: dict[tuple[int, int], set[str]] = {}
    for activity in done.activities:
        for figure in activity.figures:
            in_activity[(figure.start, figure.end)] = {u.id for u in activity.units}
    predicted = [(f, _role(f, "activity")) for f in reading.figures]
    labelled_activity_spans = []
    labelled_any_spans = []
    for fig in label.get("figures", []):
        span = _span(text, fig["text"], fig.get("occurrence", 1))
        if span is None:
            tally.label_problems.append(f"{aid}: figure text {fig['text']!r} not in the text")
            continue
        labelled_any_spans.append(span)
        if fig.get("role") != "activity":
            continue
        labelled_activity_spans.append(span)
        tally.activity_figures += 1
        hit = next(((f, r) for f, r in predicted if f.start < span[1] and span[0] < f.end), None)
        if hit is None:
            tally.misses["activity figure missed"] += 1
            tally.log.append(f"{aid} figure missed: {fig['text']!r}")
            continue
        tally.figures_found += 1
        figure, role = hit
        if role == "activity":
            tally.role_right += 1
        else:
            tally.log.append(f"{aid} figure {fig['text']!r} read as {role}")
        places = fig.get("place")
        chains = places if isinstance(places, list) else [places] if places else []
        want_units = {u for c in chains if (u := label_unit(c, gazetteer, day, tally, aid))}
        if not want_units or (figure.start, figure.end) not in in_activity:
            continue
        tally.attributed += 1
        got_units = in_activity[(figure.start, figure.end)]
        if got_units == want_units:
            tally.attribution_right += 1
        else:
            tally.misses["figure on the wrong unit"] += 1
            names = "; ".join(gazetteer[u].name for u in sorted(got_units)) or "nothing"
            wants = "; ".join(gazetteer[u].name for u in sorted(want_units))
            tally.log.append(f"{aid} figure {fig['text']!r} on {names}, want {wants}")
    for figure, role in predicted:
        if role != "activity":
            continue
        tally.predicted_activity += 1
        if not any(figure.start < e and s < figure.end for s, e in labelled_activity_spans):
            tally.false_figures += 1
            context = any(figure.start < e and s < figure.end for s, e in labelled_any_spans)
            tally.misses["false figure (context number)" if context else "false figure (not a figure)"] += 1
            tally.log.append(f"{aid} false figure: {figure.text!r}")


def _pct(a: int, b: int) -> str:
    return f"{a / b:.1%} ({a}/{b})" if b else "n/a"


def report(tally: Tally, labels: list[dict], seconds: float) -> list[str]:
    t = tally
    provinces = len({lab.get("province") for lab in labels})
    outlets = len({lab.get("outlet") for lab in labels})
    rows = [
        ("date right (articles that state one)", _pct(t.date_right, t.dated), "≥ 90 %"),
        ("no date where the text states none", _pct(t.undated_right, t.undated), ""),
        ("place mentions: precision", _pct(t.right_places, t.found_places), "≥ 95 %"),
        ("place mentions: recall", _pct(t.right_places, t.label_places), "≥ 95 %"),
        ("activity figures found (recall)", _pct(t.figures_found, t.activity_figures), "≥ 95 %"),
        ("… of which read as activity", _pct(t.role_right, t.figures_found), ""),
        (
            "false figures per 100 activity figures",
            f"{100 * t.false_figures / t.predicted_activity:.1f} ({t.false_figures}/{t.predicted_activity})"
            if t.predicted_activity
            else "n/a",
            "≤ 2",
        ),
        ("figures on the most specific unit", _pct(t.attribution_right, t.attributed), "≥ 85 %"),
    ]
    lines = [
        f"{t.articles} articles, {provinces} provinces, {outlets} outlets; read in {seconds:.2f} s.",
        "",
        "| measure | result | goal |",
        "|---|---:|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
        "Misses by kind: " + ", ".join(f"{k} {v}" for k, v in t.misses.most_common()),
    ]
    if t.missing_texts:
        lines += ["", f"Texts missing from the folder (not scored): {', '.join(t.missing_texts)}"]
    if t.label_problems:
        lines += ["", "Label problems (excluded):", *[f"- {p}" for p in t.label_problems]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("text_dir", type=Path, help="folder with one <id>.txt per labelled article")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--out", type=Path, help="write the report (Markdown) here")
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    parser.add_argument(
        "--text-only",
        action="store_true",
        help="do not tell the reader where each article was published (its URL): the text alone",
    )
    parser.add_argument(
        "--set",
        choices=(
            "all",
            "development",
            "held-out",
            "unseen",
            "unseen-2",
            "unseen-3",
            "unseen-4",
            "unseen-5",
            "unseen-6",
            "unseen-7",
            "unseen-8",
            "unseen-9",
            "unseen-10",
            "unseen-11",
            "unseen-12",
            "unseen-13",
            "unseen-14",
            "unseen-15",
            "unseen-16",
            "unseen-17",
            "unseen-18",
            "unseen-19",
            "unseen-20",
            "unseen-21",
            "unseen-22",
            "unseen-23",
            "unseen-24",
        ),
        default="all",
        help="the articles the rules were built on, those labelled afterwards, or both",
    )
    args = parser.parse_args(argv)
    lines = args.labels.read_text(encoding="utf-8").splitlines()
    labels = [json.loads(line) for line in lines if line.strip()]
    labels = [lab for lab in labels if args.set in ("all", lab.get("set", "development"))]
    gazetteer = load_gazetteer()
    tally = Tally()
    start = time.perf_counter()
    for label in labels:
        path = args.text_dir / f"{label['id']}.txt"
        if not path.exists():
            tally.missing_texts.append(label["id"])
            continue
        score_article(label, path.read_text(encoding="utf-8"), gazetteer, tally, url=not args.text_only)
    lines = report(tally, labels, time.perf_counter() - start)
    print("\n".join(lines))
    if args.verbose:
        print("\n".join(["", "Misses:", *tally.log]))
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
