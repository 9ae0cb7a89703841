"""Shared fixtures: the real gazetteer, built from the installed packages (cached after the first run)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def gazetteer():
    from geo.gazetteer import load_gazetteer

    return load_gazetteer()
