"""How divided communes are shared out: the area each successor wants, and the cut that gives it."""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import LineString, box

from geo._build_2025 import divide as _divide
from geo._build_2025 import wanted as _wanted
from geo._build_geom import strip as _strip


@pytest.mark.parametrize(
    ("area", "official", "merged", "expected"),
    [
        # Each successor ends at the same ratio of its official area.
        (10.0, [20.0, 20.0], [15.0, 5.0], [0.0, 10.0]),
        (10.0, [20.0, 20.0], [10.0, 10.0], [5.0, 5.0]),
        (30.0, [100.0, 50.0], [80.0, 40.0], [20.0, 10.0]),
        # One already over its share: it gets nothing, the other takes all.
        (10.0, [20.0, 20.0], [30.0, 0.0], [0.0, 10.0]),
        # An unknown official area: no wish, the caller falls back to the Voronoi cut.
        (10.0, [20.0, 0.0], [5.0, 5.0], [0.0, 0.0]),
        # Ratio (144 + 244.5 + 143.5) / (164.66 + 417.78) = 0.9134: 150.40 - 144 and 381.60 - 244.5.
        (143.5, [164.66, 417.78], [144.0, 244.5], pytest.approx([6.40, 137.10], abs=0.01)),
    ],
)
def test_wanted_shares_bring_successors_to_one_ratio_of_their_official_area(area, official, merged, expected):
    wanted = _wanted(area, official, merged)
    assert wanted == expected
    if any(wanted):
        assert sum(wanted) == pytest.approx(area)


@pytest.mark.parametrize("fraction", [0.05, 0.25, 0.5, 0.9])
def test_strip_along_a_border_has_the_wanted_share_and_tiles_the_polygon(fraction):
    square = box(0, 0, 10, 10)
    border = LineString([(0, 0), (0, 10)])  # the west side
    part, rest = _strip(square, border, fraction)
    assert part.area / square.area == pytest.approx(fraction, abs=0.002)
    assert (part.area + rest.area) == pytest.approx(square.area)
    assert part.intersection(rest).area == pytest.approx(0, abs=1e-9)
    assert part.touches(border) or part.intersects(border)  # it lies against the border…
    assert part.bounds[2] < 10  # …and does not reach the far side


def test_divide_cuts_the_part_of_each_successor_next_to_its_own_land():
    commune = box(10, 0, 20, 10)
    west, east = box(0, 0, 10, 10), box(20, 0, 30, 10)  # land each successor already has
    targets = [("p", "west"), ("p", "east")]
    parts = _divide(commune, targets, [2.0, 8.0], {targets[0]: [west], targets[1]: [east]}, [(5, 5), (25, 5)])
    assert parts[0].area / commune.area == pytest.approx(0.2, abs=0.002)
    assert parts[0].intersects(west) and not parts[0].intersects(east)
    assert parts[1].intersects(east)
    assert shapely.union_all(parts).area == pytest.approx(commune.area)


def test_divide_falls_back_to_voronoi_cells_without_areas():
    commune = box(0, 0, 10, 10)
    targets = [("p", "a"), ("p", "b")]
    parts = _divide(commune, targets, [0.0, 0.0], {}, [(2.5, 5), (7.5, 5)])
    assert [p.area for p in parts] == pytest.approx([50.0, 50.0])
