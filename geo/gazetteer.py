"""The date-aware gazetteer: which units existed on a date, their names, parents, boundaries, successors.

:class:`Gazetteer` holds every unit of every vintage (each a :class:`Unit`) and answers the
look-ups: by id, by name (diacritics optional), by date, by parent; a unit's chain of parents as
written in its time, today's successors, boundaries on demand. It is built from the installed data
packages by ``geo._build`` and loaded, from its cache when it can be, by
:func:`geo.gazetteer_cache.load_gazetteer`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from geo._messages import date_fix, error, say
from geo._text import Memo, fold, key, split_type
from geo.errors import GeoError, InvalidDate

if TYPE_CHECKING:
    from geopandas import GeoDataFrame

    from geo._address_index import Ids
    from geo._addresses import Segment

EARLIEST = dt.date(2008, 8, 1)  # the oldest vintage the sources describe (Hà Tây joined Hà Nội)
REFORM_2025 = dt.date(2025, 7, 1)
LEVELS = ("province", "district", "commune")


class Unit(NamedTuple):
    """One administrative unit over the period it existed with these boundaries.

    A named tuple (immutable, compared by value): the index file holds some 17,000 of them, and
    tuples are read back from it several times faster than other objects.
    """

    id: str
    level: str
    type: str
    name: str
    code: str | None
    parent_id: str | None
    province: str
    district: str | None
    valid_from: str | None  # ISO date; None = already existing at the oldest vintage (2008)
    valid_to: str | None  # ISO date; None = still in force
    from_bounded: bool  # True: the start date is only bounded, not exact
    to_bounded: bool
    vintage: str
    geometry_quality: str  # exact | derived | approximate | missing
    area_km2: float | None
    official_area_km2: float | None
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...] = ()  # "type|name" it was also known by (older names and types)

    def valid_at(self, day: dt.date) -> bool:
        return self.valid_on(day.isoformat())

    def valid_on(self, iso: str) -> bool:
        """``valid_at`` for a day already written as ISO text (batches write each date once)."""
        return (self.valid_from is None or self.valid_from <= iso) and (
            self.valid_to is None or iso <= self.valid_to
        )

    @property
    def label(self) -> str:
        """``"Xã Xuân Mai"``: the type word capitalised, then the name."""
        return f"{self.type[:1].upper()}{self.type[1:]} {self.name}"

    def period(self, *, vietnamese: bool = False) -> str:
        """The validity period in words, saying where a date is only bounded."""
        before, about, now = (
            ("trước 2008", "khoảng", "nay") if vietnamese else ("before 2008", "about", "today")
        )
        start = before if self.valid_from is None else self.valid_from
        if self.valid_from and self.from_bounded:
            start = f"{about} {self.valid_from}"
        end = now if self.valid_to is None else self.valid_to
        if self.valid_to and self.to_bounded:
            end = f"{about} {self.valid_to}"
        return f"{start} – {end}"


def parse_date(text: str | dt.date, *, what: str = "date") -> dt.date:
    """Parse an ISO date and check it lies in the period the data covers (2008-08-01 onwards)."""
    if isinstance(text, dt.date):
        day = text
    else:
        try:
            day = dt.date.fromisoformat(text.strip())
        except ValueError as err:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
                raise error(InvalidDate, "date.impossible", what=what, text=text.strip()) from err
            raise error(
                InvalidDate, "date.unreadable", what=what, text=text.strip(), fix=date_fix(text)
            ) from err
    if day < EARLIEST:
        raise error(InvalidDate, "date.before_data", what=what, text=day.isoformat(), earliest=EARLIEST)
    return day


class Gazetteer:
    """Every unit of every vintage, indexed for look-ups by id, name key, date and parent."""

    def __init__(self, payload: dict[str, Any], geometry_path: Path | None) -> None:
        self.units: dict[str, Unit] = {
            u["id"]: Unit(**{**u, "aliases": tuple(u.get("aliases", ()))}) for u in payload["units"]
        }
        self.links: list[dict[str, Any]] = payload["links"]
        self._current: dict[str, list[tuple[str, float]]] = {}
        for row in payload["current"]:
            self._current.setdefault(row["unit_id"], []).append((row["current_id"], row["share"]))
        self.report: dict[str, Any] = payload.get("report", {})
        self.versions: dict[str, str] = payload.get("versions", {})
        self.geometry_path = geometry_path
        self.json_cache: dict[str, dict[str, Any]] = {}  # unit id -> its public JSON (see unit_json)
        # What an answer says -> its JSON (geocode.Result); a written part -> ids of its units (geocode).
        self.answer_cache: dict[tuple[Any, ...], bytes] = {}
        self.part_units: dict[tuple[Any, ...], Ids] = {}
        self.unit_keys: dict[str, list[tuple[str, str]]] = {}  # unit id -> keys and tone keys of its names
        self._paths: dict[str, str] = {}  # unit id -> path; every unit's is kept with the index
        self.predecessors: dict[str, list[str]] = {}
        for link in self.links:
            self.predecessors.setdefault(link["to_id"], []).append(link["from_id"])
        self.by_key: dict[str, list[Unit]] = {}
        self.children: dict[str, list[Unit]] = {}
        for unit in self.units.values():
            self.by_key.setdefault(key(unit.name), []).append(unit)
            for alias in {key(a.split("|", 1)[1]) for a in unit.aliases} - {key(unit.name)}:
                self.by_key.setdefault(alias, []).append(unit)
            if unit.parent_id:
                self.children.setdefault(unit.parent_id, []).append(unit)
        for alias, canonical in PROVINCE_ABBREVIATIONS.items():
            provinces = [u for u in self.by_key.get(canonical, ()) if u.level == "province"]
            self.by_key.setdefault(alias, provinces)

    # What a process fills as it answers: left out when the gazetteer is stored or sent to another.
    PER_PROCESS = (
        "json_cache",
        "answer_cache",
        "written_parts",
        "part_units",
        "unit_keys",
        "typo_index",
        "ends_before",
    )

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in self.PER_PROCESS}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__dict__.update(json_cache={}, answer_cache={}, part_units={}, unit_keys={})

    # --- look-ups ------------------------------------------------------------------------------
    def __getitem__(self, unit_id: str) -> Unit:
        return self.units[unit_id]

    def __len__(self) -> int:
        return len(self.units)

    def named(self, name: str) -> list[Unit]:
        """Every unit (any level, any vintage) whose name matches, diacritics optional."""
        return list(self.by_key.get(key(name), ()))

    @cached_property
    def by_final_i(self) -> dict[str, list[Unit]]:
        """Units by :func:`final_i_key` of their names (made on first use)."""
        out: dict[str, list[Unit]] = {}
        for unit in self.units.values():
            out.setdefault(final_i_key(unit.name), []).append(unit)
        return out

    def spelled_alike(self, name: str) -> list[Unit]:
        """Units whose name is ``name`` written with the other final i/y ("Mỹ Quí" for Mỹ Quý,
        "Sĩ" for Sỹ): one name that the sources and the papers spell either way."""
        own = key(name)
        return [u for u in self.by_final_i.get(final_i_key(name), ()) if key(u.name) != own]

    def parents(self, unit: Unit) -> list[Unit]:
        """The chain above a unit, nearest first (district, then province)."""
        chain = []
        while unit.parent_id and unit.parent_id in self.units:
            unit = self.units[unit.parent_id]
            chain.append(unit)
        return chain

    def chain(self, unit: Unit) -> list[tuple[str, str]]:
        """``[("xã", "Xuân Mai"), ("huyện", "Văn Quan"), ("tỉnh", "Lạng Sơn")]``, as written in its time.

        The parents of a unit of the 2008 data carry the names they had then: "tỉnh Thừa Thiên
        Huế", not today's "thành phố Huế"; "huyện Quế Võ", not "thị xã Quế Võ".
        """
        out = [(unit.type, unit.name)]
        for parent in self.parents(unit):
            if unit.vintage == "2008" and parent.aliases:
                parent_type, parent_name = parent.aliases[0].split("|", 1)
                out.append((parent_type, parent_name))
            else:
                out.append((parent.type, parent.name))
        return out

    def path(self, unit: Unit) -> str:
        """``"Xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn"`` (see ``chain``)."""
        cached = self._paths.get(unit.id)
        if cached is None:
            parts = [unit.label] + [f"{t} {n}" for t, n in self.chain(unit)[1:]]
            cached = self._paths[unit.id] = ", ".join(parts)
        return cached

    def current(self, unit: Unit) -> list[dict[str, Any]]:
        """The unit(s) in force today that contain it, largest share first (communes only)."""
        out = []
        for current_id, share in sorted(self._current.get(unit.id, ()), key=lambda t: -t[1]):
            c = self.units[current_id]
            out.append(
                {
                    "id": c.id,
                    "name": c.name,
                    "type": c.type,
                    "province": c.province,
                    "code": c.code,
                    "share": round(share, 4),
                }
            )
        return out

    def units_at(self, day: dt.date, *, level: str | None = None, province: Unit | None = None) -> list[Unit]:
        """Units valid on a day, optionally of one level and inside one province."""
        pool = self._in_province.get(province.id, ()) if province is not None else self.units.values()
        iso = day.isoformat()
        return [
            u
            for u in pool
            if (not level or u.level == level)
            and (u.valid_from is None or u.valid_from <= iso)
            and (u.valid_to is None or iso <= u.valid_to)
        ]

    def province_of(self, unit: Unit) -> Unit:
        """The province a unit lies in (itself for a province)."""
        return self.units[self._province_id[unit.id]]

    @cached_property
    def province_names(self) -> dict[str, frozenset[str]]:
        """The provinces' names of two words or more (any vintage), by their first word in lower
        case: "lạng" → {"Lạng Sơn"} (made on first use)."""
        out: dict[str, set[str]] = {}
        for unit in self.units.values():
            if unit.level == "province" and " " in unit.name:
                out.setdefault(unit.name.split(" ")[0].lower(), set()).add(unit.name)
        return {first: frozenset(names) for first, names in out.items()}

    @cached_property
    def typo_index(self) -> dict[str, tuple[str, ...]]:
        """Name keys under their one-letter deletions, for names written with a typo (kept with the index)."""
        from geo._address_index import deletions

        return deletions(self)

    @cached_property
    def name_keys(self) -> dict[str, tuple[str, str]]:
        """Every name and former name of the units with its key and tone key (kept with the index)."""
        from geo._address_index import name_keys

        return name_keys(self)

    @cached_property
    def key_units(self) -> dict[tuple[str | None, str], Ids]:
        """The units a name typed with a type word can name, by type and key (kept with the index)."""
        from geo._address_index import key_units

        return key_units(self)

    @cached_property
    def level_units(self) -> dict[tuple[tuple[str, ...], str], Ids]:
        """The units of a name at a type word's levels, whatever their type (kept with the index)."""
        from geo._address_index import level_units

        return level_units(self)

    @cached_property
    def under(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """Units by their parent's or grandparent's id and a name key (kept with the index)."""
        from geo._address_index import under_table

        return under_table(self)

    @cached_property
    def key_prefixes(self) -> frozenset[str]:
        """Every name key and each of its beginnings (kept with the index)."""
        from geo._address_index import key_prefixes

        return key_prefixes(self)

    @cached_property
    def ends_before(self) -> Memo[str, frozenset[str]]:
        """For a word's key, what may end right before it inside a name key (made per word, per process)."""
        from geo._address_index import ends_before

        return Memo(partial(ends_before, self), 1 << 10)

    @cached_property
    def known_segments(self) -> dict[tuple[str | None, str], Segment]:
        """The reading of each unit's name as it spells it, bare or typed (kept with the index)."""
        from geo._addresses import known_segments

        return known_segments(self)

    @cached_property
    def written_parts(self) -> Memo[str, Segment]:
        """Place-text parts read by the exact-address look-up, each once per process (not kept)."""
        from geo._addresses import written_parts

        return written_parts(self)

    @cached_property
    def json_texts(self) -> UnitTexts:
        """Every unit's JSON as UTF-8, made once and kept with the index (see ``UnitTexts``)."""
        return UnitTexts(self)

    @cached_property
    def _province_id(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for unit in self.units.values():
            chain = [unit, *self.parents(unit)]
            out[unit.id] = chain[-1].id
        return out

    @cached_property
    def _in_province(self) -> dict[str, list[Unit]]:
        out: dict[str, list[Unit]] = {}
        for unit in self.units.values():
            out.setdefault(self._province_id[unit.id], []).append(unit)
        return out

    def provinces_named(self, name: str, day: dt.date | None = None) -> list[Unit]:
        """Provinces matching a name (``"Lạng Sơn"``, ``"tỉnh Lạng Sơn"``, ``"lang son"``, ``"HCM"``)."""
        unit_type, rest = split_type(name)
        wanted = key(rest if unit_type in ("tỉnh", "thành phố") else name)
        wanted = PROVINCE_ABBREVIATIONS.get(wanted, wanted)
        found = [u for u in self.by_key.get(wanted, ()) if u.level == "province"]
        if day is not None:
            found = [u for u in found if u.valid_at(day)] or found
        return found

    def province(self, name: str, day: dt.date | None = None) -> Unit:
        """The one province a user means, or a GeoError naming the close names."""
        found = self.provinces_named(name, day)
        if not found:
            names = sorted({u.name for u in self.units.values() if u.level == "province"})
            close = closest(name, names, limit=3)
            hint = say("new.province_close", names=", ".join(close)) if close else say("new.province_check")
            raise error(GeoError, "new.no_province", name=name, fix=hint.fix)
        if day is not None:
            valid = [u for u in found if u.valid_at(day)]
            if valid:
                return valid[0]
        # The most recent one: e.g. "Bắc Ninh" without a date means today's.
        return sorted(found, key=lambda u: u.valid_to or "9999")[-1]

    # --- geometry --------------------------------------------------------------------------------
    def geodataframe(self, units: list[Unit]) -> GeoDataFrame:
        """The units with their boundaries (EPSG:4326), in the order given."""
        import geopandas as gpd
        import pyarrow.parquet as pq
        import shapely

        if self.geometry_path is None:
            msg = "This gazetteer was built without boundaries"
            raise GeoError(msg)
        wanted = [u.id for u in units]
        table = pq.read_table(self.geometry_path, filters=[("id", "in", wanted)] if wanted else None)
        wkb = dict(zip(table.column("id").to_pylist(), table.column("wkb").to_pylist(), strict=True))
        geoms: list[Any] = [shapely.from_wkb(wkb[i]) if wkb.get(i) else None for i in wanted]
        rows = [u._asdict() for u in units]
        return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


# The day the one province renamed between 2008 and 2025 took its name: tỉnh Thừa Thiên Huế became
# thành phố Huế on 1 January 2025 (Nghị quyết 1314/NQ-UBTVQH15). The data give a province its
# latest name and keep the older one as an alias, without a date.
PROVINCE_RENAMED = dt.date(2025, 1, 1)


def named_later(unit: Unit, name: str, day: dt.date) -> bool:
    """Whether ``name`` is a province's name it took only after ``day`` ("Huế" in 2017 is the city)."""
    return (
        unit.level == "province"
        and day < PROVINCE_RENAMED
        and any(alias.startswith("tỉnh|") for alias in unit.aliases)
        and same_name(name, unit.name)
    )


# Short names people use for provinces, as matching keys.
PROVINCE_ABBREVIATIONS = {
    "hcm": "hochiminh",
    "tphcm": "hochiminh",
    "hcmc": "hochiminh",
    "saigon": "hochiminh",
    "hn": "hanoi",
    "thuathienhue": "hue",
    "brvt": "bariavungtau",
}


# A syllable's final y after a consonant or "qu" is also written i (Quý/Quí, Mỹ/Mĩ, Kỳ/Kì);
# not "uy" of Thủy or Huy, nor an initial y (Yên).
_FINAL_Y = re.compile(r"(?:(?<=[bcdghklmnpstvx])|(?<=qu))y\b")


def final_i_key(name: str) -> str:
    """A name's matching key with a final y after a consonant written i."""
    return _FINAL_Y.sub("i", fold(name)).replace(" ", "")


def same_name(a: str, b: str) -> bool:
    """Do two names match for look-up (diacritics optional, province abbreviations allowed)?"""
    ka, kb = key(a), key(b)
    return PROVINCE_ABBREVIATIONS.get(ka, ka) == PROVINCE_ABBREVIATIONS.get(kb, kb)


def closest(text: str, names: list[str], *, limit: int = 5) -> list[str]:
    """The names closest to a text by diacritic-insensitive edit distance."""
    import difflib

    folded = {fold(n): n for n in names}
    hits = difflib.get_close_matches(fold(text), list(folded), n=limit, cutoff=0.6)
    return [folded[h] for h in hits]


def unit_json(gazetteer: Gazetteer, unit: Unit) -> dict[str, Any]:
    """The public JSON shape of a unit (shared by every command that prints units).

    Built once per unit and process (units never change); callers get a copy to modify.
    """
    cached = gazetteer.json_cache.get(unit.id)
    if cached is None:
        cached = gazetteer.json_cache[unit.id] = _unit_json(gazetteer, unit)
    return dict(cached)


class UnitTexts:
    """Every unit's public JSON (``unit_json``) serialised once, as UTF-8, for answers written in bulk.

    Kept in the index file: a batch of queries then copies bytes instead of serialising each unit
    it meets for the first time. ``unit`` is the JSON object; ``candidate`` is the same object
    without its closing brace, followed by the unit's ``"path"``, for the caller to complete.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        chunks: list[bytes] = []
        self.spans: dict[str, tuple[int, int, int]] = {}
        start = 0
        for unit in gazetteer.units.values():
            whole = json.dumps(_unit_json(gazetteer, unit), ensure_ascii=False).encode()
            path = b', "path": ' + json.dumps(gazetteer.path(unit), ensure_ascii=False).encode()
            chunks += (whole, path)
            self.spans[unit.id] = (start, start + len(whole), start + len(whole) + len(path))
            start = self.spans[unit.id][2]
        self.blob = b"".join(chunks)

    def unit(self, unit_id: str) -> bytes:
        start, end, _ = self.spans[unit_id]
        return self.blob[start:end]

    def candidate(self, unit_id: str) -> bytes:
        start, end, path_end = self.spans[unit_id]
        return self.blob[start : end - 1] + self.blob[end:path_end]


def _unit_json(gazetteer: Gazetteer, unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.id,
        "name": unit.name,
        "type": unit.type,
        "level": unit.level,
        "code": unit.code,
        "province": unit.province,
        "district": unit.district if unit.level == "commune" else None,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "lat": unit.lat,
        "lon": unit.lon,
        "current": [{k: v for k, v in c.items() if k != "id"} for c in gazetteer.current(unit)]
        if unit.level == "commune"
        else [],
    }
