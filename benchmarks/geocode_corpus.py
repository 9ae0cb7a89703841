"""A reproducible set of admin-level addresses, generated from the gazetteer, to benchmark geocoders.

Every case is written from one gazetteer unit, and that unit is the expected answer: the corpus
states what the gazetteer says, so it measures the resolver, not the data. Units are drawn
province first (a random province, then a random unit in it), so the whole country is covered.

Formats (``Case.format``), with the date each is asked at:

``full``                 ``xã X, huyện Y, tỉnh Z`` — the typed chain (2017-06-01 or 2023-06-01).
``ascii_lower``          ``xa x, huyen y, tinh z`` — the same without diacritics, lower-case.
``abbrev``               ``X. X, H. Y, T. Z`` / ``P. X, Q. Y, TP. Z`` / ``TT. X, TX. Y, T. Z``.
``abbrev_no_province``   ``TT. X, H. Y`` — a thị trấn and its district only (kept only when that
                         pair is unique in the whole country on the date).
``parentheses``          ``xã X (huyện Y, tỉnh Z)``.
``reversed``             ``tỉnh Z, huyện Y, xã X``.
``no_commas``            ``xa x huyen y tinh z`` — no punctuation, no diacritics.
``commune_province``     ``xã X, tỉnh Z`` — no district (kept only when type + name is unique in
                         the province on the date).
``historical_2017``      a 2008-vintage commune dissolved in 2019–2020 (its name gone from the
                         province afterwards), full chain, asked at 2017-06-01.
``historical_2021``      the same communes asked at 2021-06-01: the old unit is still the answer,
                         found by the resolver's other-vintage fallback.
``same_name_district``   a commune whose name occurs in ≥ 2 districts of its province, full chain.
``units_2025``           ``xã X, tỉnh Z`` for a 2025 unit (two levels), asked at 2026-01-01.
``numbered_ward_2017``   ``Phường 1, Quận 3, TP. Hồ Chí Minh`` — numbered wards at 2017-06-01,
                         half of them in Hồ Chí Minh.

The hard cases (history, same names, numbered wards, no commas, no province) weigh more.

Left out, and counted in ``Corpus.skipped``: units ambiguous even with the full chain (another
unit of the same type and name in a district of the same type and name, valid on the date);
units whose chain holds a malformed name (e.g. ``huyện Cao Lãnh (Thành phố)``); and, per format,
units that format cannot name uniquely (see above).

Run ``python benchmarks/geocode_corpus.py -o corpus.jsonl`` to write the cases as JSON Lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field

from geo.gazetteer import Gazetteer, Unit, load_gazetteer

SEED = 20170601
D2017 = dt.date(2017, 6, 1)
D2021 = dt.date(2021, 6, 1)
D2023 = dt.date(2023, 6, 1)
D2026 = dt.date(2026, 1, 1)
STANDARD_DATES = (D2017, D2023)

# Cases per format (the hard ones weigh more).
COUNTS: dict[str, int] = {
    "full": 45,
    "ascii_lower": 45,
    "abbrev": 45,
    "abbrev_no_province": 30,
    "parentheses": 40,
    "reversed": 40,
    "no_commas": 55,
    "commune_province": 55,
    "historical_2017": 60,
    "historical_2021": 60,
    "same_name_district": 65,
    "units_2025": 50,
    "numbered_ward_2017": 60,
}

ABBREVIATIONS = {
    "xã": "X.",
    "phường": "P.",
    "thị trấn": "TT.",
    "đặc khu": "ĐK.",
    "huyện": "H.",
    "quận": "Q.",
    "thị xã": "TX.",
    "thành phố": "TP.",
    "tỉnh": "T.",
}
# A commune name that carries its own type word and a number ("Phường 10" typed as a xã).
_TYPED_NUMBER = re.compile(r"^(Phường|Xã|Thị trấn)\s+(\d+)$")
_MALFORMED = re.compile(r"[()\[\],;]")

Link = tuple[str, str]  # (type word, name) of one level, e.g. ("huyện", "Văn Quan")


@dataclass(frozen=True)
class Case:
    query: str
    as_of: str  # ISO date
    format: str
    expected_id: str
    expected_path: str
    expected_names: tuple[str, ...]  # commune, (district,) province — as the gazetteer names them


@dataclass
class Corpus:
    seed: int
    cases: list[Case]
    skipped: Counter[str] = field(default_factory=Counter)

    def formats(self) -> list[str]:
        return list(dict.fromkeys(c.format for c in self.cases))


# ------------------------------------------------------------------------------------------ text


def strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics (``đ`` → ``d``), keeping punctuation and case."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _name_key(text: str, *, folded: bool = True) -> str:
    """Matching key of a name: without diacritics (``folded``) or with them, case and spacing ignored."""
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[^\w]", "", strip_marks(text) if folded else text)


def spoken(unit: Unit) -> Link:
    """The type and name a person writes: ``("phường", "10")`` for a ward stored as ``xã Phường 10``."""
    match = _TYPED_NUMBER.match(unit.name)
    if match:
        return match.group(1).lower(), match.group(2)
    return unit.type, unit.name


def chain(gazetteer: Gazetteer, unit: Unit) -> list[Link]:
    """``[("xã", "Xuân Mai"), ("huyện", "Văn Quan"), ("tỉnh", "Lạng Sơn")]``: the unit, then its parents."""
    return [spoken(unit), *gazetteer.chain(unit)[1:]]


def _typed(link: Link) -> str:
    return f"{link[0]} {link[1]}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def write_full(links: list[Link], rng: random.Random) -> str:
    text = ", ".join(_typed(link) for link in links)
    return _capital(text) if rng.random() < 0.5 else text


def write_ascii_lower(links: list[Link], rng: random.Random) -> str:
    return strip_marks(", ".join(_typed(link) for link in links)).lower()


def write_abbrev(links: list[Link], rng: random.Random) -> str:
    return ", ".join(f"{ABBREVIATIONS[t]} {n}" for t, n in links)


def write_parentheses(links: list[Link], rng: random.Random) -> str:
    head, *rest = links
    return f"{_typed(head)} ({', '.join(_typed(link) for link in rest)})"


def write_reversed(links: list[Link], rng: random.Random) -> str:
    return ", ".join(_typed(link) for link in reversed(links))


def write_no_commas(links: list[Link], rng: random.Random) -> str:
    return strip_marks(" ".join(_typed(link) for link in links)).lower()


def write_numbered(links: list[Link], rng: random.Random) -> str:
    (_, number), (d_type, d_name), (p_type, p_name) = links
    province = f"TP. {p_name}" if p_type == "thành phố" else f"tỉnh {p_name}"
    return f"Phường {number}, {_capital(d_type)} {d_name}, {province}"


Writer = Callable[[list[Link], random.Random], str]


# ----------------------------------------------------------------------------------------- pools


class _Pools:
    """Commune pools per date, with the units no text can name uniquely already removed."""

    def __init__(self, gazetteer: Gazetteer, skipped: Counter[str]) -> None:
        self.g = gazetteer
        self.skipped = skipped
        self._valid: dict[dt.date, list[Unit]] = {}
        self._folded: dict[dt.date, list[Unit]] = {}

    def valid(self, day: dt.date) -> list[Unit]:
        """Communes valid on a day that the full chain names unambiguously."""
        if day in self._valid:
            return self._valid[day]
        units = sorted(self.g.units_at(day, level="commune"), key=lambda u: u.id)
        sound = []
        for unit in units:
            links = chain(self.g, unit)
            if any(_MALFORMED.search(name) for _, name in links):
                self.skipped[f"malformed name in the chain ({day})"] += 1
            elif len(links) != (2 if unit.vintage == "2025" else 3):
                self.skipped[f"incomplete chain ({day})"] += 1
            else:
                sound.append(unit)
        groups: dict[tuple[str, ...], list[Unit]] = defaultdict(list)
        for unit in sound:
            groups[self.full_key(unit)].append(unit)
        kept = []
        for unit in sound:
            if len(groups[self.full_key(unit)]) > 1:
                self.skipped[f"ambiguous with the full chain ({day})"] += 1
            else:
                kept.append(unit)
        self._valid[day] = kept
        return kept

    def full_key(self, unit: Unit, *, folded: bool = False) -> tuple[str, ...]:
        return tuple(f"{t}|{_name_key(n, folded=folded)}" for t, n in chain(self.g, unit))

    def without_diacritics(self, day: dt.date) -> list[Unit]:
        """``valid(day)`` less the units whose chain is ambiguous once diacritics are removed."""
        if day not in self._folded:
            self._folded[day] = self.unique_by(
                self.valid(day), day, "ambiguous without diacritics", lambda u: self.full_key(u, folded=True)
            )
        return self._folded[day]

    def unique_by(
        self, units: list[Unit], day: dt.date, what: str, keyer: Callable[[Unit], tuple]
    ) -> list[Unit]:
        """The units whose ``keyer`` value no other unit valid on the day shares."""
        counts = Counter(keyer(u) for u in self.g.units_at(day, level="commune"))
        kept = [u for u in units if counts[keyer(u)] == 1]
        self.skipped[f"{what} ({day})"] += len(units) - len(kept)
        return kept


def _pick(units: Sequence[Unit], n: int, rng: random.Random, *, group: Callable[[Unit], str]) -> list[Unit]:
    """``n`` distinct units, spread over the groups: a random group, then a random unit in it."""
    buckets: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        buckets[group(unit)].append(unit)
    for bucket in buckets.values():
        rng.shuffle(bucket)
    picked: list[Unit] = []
    names = sorted(buckets)
    while len(picked) < n and names:
        name = rng.choice(names)
        picked.append(buckets[name].pop())
        if not buckets[name]:
            names.remove(name)
    return picked


# ---------------------------------------------------------------------------------------- corpus


def build_corpus(gazetteer: Gazetteer, *, seed: int = SEED, counts: dict[str, int] | None = None) -> Corpus:
    """Generate the cases (same seed and gazetteer → same cases, in the same order)."""
    counts = {**COUNTS, **(counts or {})}
    rng = random.Random(seed)
    corpus = Corpus(seed, [])
    pools = _Pools(gazetteer, corpus.skipped)
    g = gazetteer

    def add(fmt: str, units: Iterable[Unit], day: dt.date, writer: Writer) -> None:
        for unit in units:
            links = chain(g, unit)
            corpus.cases.append(
                Case(
                    query=writer(links, rng),
                    as_of=day.isoformat(),
                    format=fmt,
                    expected_id=unit.id,
                    expected_path=g.path(unit),
                    expected_names=tuple(name for _, name in links),
                )
            )

    def province(unit: Unit) -> str:
        return unit.province

    def standard(fmt: str, writer: Writer, pool: Callable[[dt.date], list[Unit]] | None = None) -> None:
        # Half the cases at each standard date.
        n = counts[fmt]
        for i, day in enumerate(STANDARD_DATES):
            share = n // 2 + (n % 2 if i == 0 else 0)
            units = pool(day) if pool else pools.valid(day)
            add(fmt, _pick(units, share, rng, group=province), day, writer)

    standard("full", write_full)
    standard("ascii_lower", write_ascii_lower, pools.without_diacritics)
    standard("abbrev", write_abbrev)

    def towns_with_district(day: dt.date) -> list[Unit]:
        towns = [u for u in pools.valid(day) if u.type == "thị trấn"]
        return pools.unique_by(
            towns, day, "abbrev_no_province: not unique without the province", _district_pair(g)
        )

    standard("abbrev_no_province", lambda links, r: write_abbrev(links[:2], r), towns_with_district)
    standard("parentheses", write_parentheses)
    standard("reversed", write_reversed)
    standard("no_commas", write_no_commas, pools.without_diacritics)

    def unique_in_province(day: dt.date) -> list[Unit]:
        return pools.unique_by(
            pools.valid(day), day, "commune_province: not unique in the province", _province_pair(g)
        )

    standard("commune_province", lambda links, r: write_full([links[0], links[-1]], r), unique_in_province)

    dissolved = _dissolved(g, pools)
    chosen = _pick(dissolved, max(counts["historical_2017"], counts["historical_2021"]), rng, group=province)
    add("historical_2017", chosen[: counts["historical_2017"]], D2017, write_full)
    add("historical_2021", chosen[: counts["historical_2021"]], D2021, write_full)

    for i, day in enumerate(STANDARD_DATES):
        n = counts["same_name_district"]
        share = n // 2 + (n % 2 if i == 0 else 0)
        add(
            "same_name_district",
            _pick(_same_names(g, pools, day), share, rng, group=province),
            day,
            write_full,
        )

    units_2025 = [u for u in pools.valid(D2026) if u.vintage == "2025"]
    units_2025 = pools.unique_by(
        units_2025, D2026, "units_2025: not unique in the province", _province_pair(g)
    )
    add("units_2025", _pick(units_2025, counts["units_2025"], rng, group=province), D2026, write_full)

    numbered = [u for u in pools.valid(D2017) if spoken(u)[0] == "phường" and spoken(u)[1].isdigit()]
    in_hcm = [u for u in numbered if u.province == "Hồ Chí Minh"]
    elsewhere = [u for u in numbered if u.province != "Hồ Chí Minh"]
    n = counts["numbered_ward_2017"]
    picked = _pick(in_hcm, n // 2, rng, group=lambda u: u.district or "")
    picked += _pick(elsewhere, n - len(picked), rng, group=province)
    add("numbered_ward_2017", picked, D2017, write_numbered)
    return corpus


def _district_pair(g: Gazetteer) -> Callable[[Unit], tuple]:
    def keyer(unit: Unit) -> tuple:
        links = chain(g, unit)
        return tuple(f"{t}|{_name_key(n, folded=False)}" for t, n in links[:2])

    return keyer


def _province_pair(g: Gazetteer) -> Callable[[Unit], tuple]:
    def keyer(unit: Unit) -> tuple:
        links = chain(g, unit)
        return tuple(f"{t}|{_name_key(n, folded=False)}" for t, n in (links[0], links[-1]))

    return keyer


def _dissolved(g: Gazetteer, pools: _Pools) -> list[Unit]:
    """2008 communes that ended with the 2019–2020 wave and whose name left their province."""
    later = Counter((u.province, _name_key(spoken(u)[1])) for u in g.units_at(D2021, level="commune"))
    out = []
    for unit in pools.valid(D2017):
        if unit.vintage != "2008" or unit.valid_to is None or not unit.valid_to.startswith("2019"):
            continue
        if later[(unit.province, _name_key(spoken(unit)[1]))]:
            pools.skipped["historical: name still used in the province in 2021"] += 1
            continue
        out.append(unit)
    return out


def _same_names(g: Gazetteer, pools: _Pools, day: dt.date) -> list[Unit]:
    """Communes whose name occurs in two or more districts of their province on the day."""
    districts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for unit in g.units_at(day, level="commune"):
        districts[(unit.province, _name_key(spoken(unit)[1]))].add(unit.parent_id or "")
    return [u for u in pools.valid(day) if len(districts[(u.province, _name_key(spoken(u)[1]))]) >= 2]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the geocoder benchmark corpus as JSON Lines.")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    corpus = build_corpus(load_gazetteer(), seed=args.seed)
    lines = [json.dumps(asdict(c), ensure_ascii=False) for c in corpus.cases]
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    else:
        print("\n".join(lines))
    summary = Counter(c.format for c in corpus.cases)
    print(f"{len(corpus.cases)} cases (seed {corpus.seed}): {dict(summary)}", file=sys.stderr)
    for reason, count in sorted(corpus.skipped.items()):
        print(f"skipped {count}: {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
