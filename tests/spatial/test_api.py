"""The public surface of kloof.spatial, and that importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kloof.spatial
from kloof.spatial.graph import build
from kloof.spatial.hotspots import global_moran


def test_public_api_is_pinned():
    assert sorted(kloof.spatial.__all__) == [
        "FocusResult",
        "FocusSpec",
        "GapResult",
        "GraphSpec",
        "HotspotResult",
        "HotspotSpec",
        "NeighbourGraph",
        "SegregationResult",
        "SegregationSpec",
        "Severity",
        "attach_values",
        "build",
        "compare",
        "detect",
        "getis_ord",
        "global_moran",
        "local_moran",
        "national_gap",
        "segregation_table",
    ]


def test_pysal_is_imported_only_when_used():
    code = (
        "import sys, kloof.spatial, kloof.report.choropleth, kloof.cli.spatial; "
        "heavy = {'esda', 'libpysal', 'segregation', 'inequality', 'mapclassify', "
        "'matplotlib', 'geopandas'} & set(sys.modules); print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@settings(max_examples=20, deadline=None)
@given(st.floats(0.01, 100), st.floats(-1e3, 1e3), st.integers(0, 1000))
def test_morans_i_is_invariant_to_units(grid, scale, shift, seed):
    """Changing the unit or origin of a variable does not change Moran's I."""
    g = grid(4, 4)
    values = pd.Series(np.random.default_rng(seed).normal(size=16), index=g["code"])
    graph = build(g)
    a = global_moran(values, graph, permutations=99, seed=seed)
    b = global_moran(values * scale + shift, graph, permutations=99, seed=seed)
    assert pytest.approx(a.I, rel=1e-9, abs=1e-12) == b.I and b.p_sim == a.p_sim
