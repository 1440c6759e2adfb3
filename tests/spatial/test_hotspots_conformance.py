"""Hot spots follow esda's significance convention: ``p < cutoff`` (issue 12, point 4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.spatial.graph import GraphSpec, build
from kloof.spatial.hotspots import HotspotSpec, local_moran

pytestmark = pytest.mark.filterwarnings("ignore:The alternative hypothesis:DeprecationWarning")


def test_p_equal_to_the_cutoff_is_not_significant(grid) -> None:
    g = grid(5, 5)
    values = pd.Series(np.arange(25.0) % 7 + (np.arange(25) // 5), index=g["code"])
    graph = build(g, GraphSpec("rook"))
    loose = local_moran(values, graph, HotspotSpec(permutations=99, alpha=0.5, correction="none"))
    p = loose.regions["p"].to_numpy()
    # with 99 permutations every pseudo p-value is k / 100 exactly
    assert np.allclose(p * 100, np.round(p * 100))
    boundary = float(np.sort(p)[len(p) // 3])  # a p-value some regions reach exactly
    spec = HotspotSpec(permutations=99, alpha=boundary, correction="none")
    strict = local_moran(values, graph, spec)
    assert strict.cutoff == boundary
    table = strict.regions
    assert table["p"].tolist() == p.tolist()  # same seed, same draws
    at = table["p"] == boundary
    assert at.any() and not table.loc[at, "significant"].any()
    assert (table.loc[at, "label"] == "ns").all()
    assert table["significant"].tolist() == (table["p"] < boundary).tolist()
    assert (table["p"] < boundary).any()
    assert any(f"p < {boundary:.6g}" in line for line in strict.log)
