"""Toy geographies for the spatial tests: grids of square wijken you can draw on paper."""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

Grid = Callable[..., gpd.GeoDataFrame]


def make_grid(
    nx: int, ny: int, *, split: int | None = None, size: float = 100.0
) -> gpd.GeoDataFrame:
    """``nx`` × ``ny`` square wijken (EPSG:28992), row-major from the south-west.

    Columns ``code, col, row``. Cells with ``col < split`` lie in gemeente GM0001, the
    others in GM0002 (all in GM0001 without ``split``). Codes count per gemeente.
    """
    rows, counters = [], {1: 0, 2: 0}
    for r in range(ny):
        for c in range(nx):
            gm = 1 if split is None or c < split else 2
            counters[gm] += 1
            x0, y0 = 100_000 + c * size, 400_000 + r * size
            rows.append(
                {
                    "code": f"WK{gm:04d}{counters[gm]:02d}",
                    "col": c,
                    "row": r,
                    "geometry": box(x0, y0, x0 + size, y0 + size),
                }
            )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992")


@pytest.fixture(scope="session")
def grid() -> Grid:
    return make_grid


@pytest.fixture
def line4() -> gpd.GeoDataFrame:
    """Four wijken in a row with values 1, 2, 3, 4 (hand-computed Moran's I = 0.4)."""
    g = make_grid(4, 1)
    g["value"] = np.array([1.0, 2.0, 3.0, 4.0])
    return g
