"""Shared fixtures: the real gazetteer, built from the installed packages (cached after the first run),
and a project folder holding a copy of the records, to run commands in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

RECORDS = Path(__file__).resolve().parents[1] / "data" / "activities.csv"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with data/activities.csv (a copy of the project's), made the current folder."""
    (tmp_path / "data").mkdir()
    shutil.copyfile(RECORDS, tmp_path / "data" / "activities.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def gazetteer():
    from geo.gazetteer_cache import load_gazetteer

    return load_gazetteer()
