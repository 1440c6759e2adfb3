"""Segregation indices: hand-computed toy, agreement with the segregation package.

PySAL's published Sacramento example (D = 0.32184656076566864) needs the remote
``Sacramento1`` data set, which is not installed offline; the toy below is computed
by hand instead, and both engines are checked against each other on random data.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kloof.errors import SpecError
from kloof.spatial.segregation import INDICES, SegregationSpec, location_quotients, table


def _two_buurten() -> pd.DataFrame:
    """Gemeente GM0001 with buurten of 10/100 and 40/100 group members."""
    return pd.DataFrame(
        {"x": [10.0, 40.0], "t": [100.0, 100.0]}, index=["BU00010101", "BU00010102"]
    )


def test_indices_by_hand():
    result = table(_two_buurten(), SegregationSpec("x", "t"))
    row = result.table.iloc[0]
    # P = 0.25; D = (100·0.15 + 100·0.15) / (2·200·0.25·0.75) = 30 / 75
    assert row["dissimilarity"] == pytest.approx(0.4)
    # xPx = (10/50)(0.1) + (40/50)(0.4) = 0.34 ; xPy = 0.2·0.9 + 0.8·0.6 = 0.66
    assert row["isolation"] == pytest.approx(0.34)
    assert row["exposure"] == pytest.approx(0.66)

    def e(p: float) -> float:
        return -(p * math.log(p) + (1 - p) * math.log(1 - p))

    h = (100 * (e(0.25) - e(0.1)) + 100 * (e(0.25) - e(0.4))) / (e(0.25) * 200)
    assert row["entropy"] == pytest.approx(h)
    lq = location_quotients(_two_buurten(), "x", "t")
    assert lq.tolist() == pytest.approx([0.4, 1.6])


def _random_frame(seed: int, gemeenten: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    codes = [
        f"BU{g:04d}01{b:02d}" for g in range(1, gemeenten + 1) for b in range(rng.integers(2, 9))
    ]
    t = rng.integers(0, 3000, len(codes)).astype(float)
    x = rng.binomial(t.astype(int), rng.uniform(0.01, 0.5, len(codes))).astype(float)
    return pd.DataFrame({"x": x, "t": t}, index=codes)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
@example(306)
def test_numpy_engine_equals_segregation_package(seed):
    frame = _random_frame(seed)
    ours = table(frame, SegregationSpec("x", "t")).table.set_index("gemeente")
    ref = table(frame, SegregationSpec("x", "t", engine="pysal")).table.set_index("gemeente")
    for name in INDICES:
        # indices lie in [0, 1]: rounding differences of 1e-16 on values near zero are
        # not disagreements (seed 306 gives 5.6e-7 against 5.6e-7 + 2e-16)
        np.testing.assert_allclose(ours[name], ref.loc[ours.index, name], rtol=1e-10, atol=1e-14)


def test_location_quotients_equal_segregation_multigroup_lq():
    from segregation.local import MultiLocationQuotient

    frame = _random_frame(3, gemeenten=1)
    frame = frame[frame["t"] > 0]
    ours = location_quotients(frame, "x", "t")
    data = pd.DataFrame({"x": frame["x"], "y": frame["t"] - frame["x"]})
    ref = MultiLocationQuotient(data, ["x", "y"]).statistics[:, 0]
    np.testing.assert_allclose(ours.loc[frame.index], ref, rtol=1e-10)


def test_missing_and_inconsistent_units_are_counted():
    frame = _random_frame(5, gemeenten=2)
    first = frame.index[0]
    frame.loc[first, "x"] = np.nan
    frame.loc[frame.index[1], "x"] = frame.loc[frame.index[1], "t"] + 5
    result = table(frame, SegregationSpec("x", "t"))
    row = result.table.set_index("gemeente").loc["GM0001"]
    assert row["units_missing"] == 1 and row["units_inconsistent"] == 1
    assert row["units_used"] == row["units"] - 2
    assert row["total_missing"] == frame.loc[frame.index[:2], "t"].sum()
    assert any("missing" in line for line in result.log)
    local = result.local.set_index("code")
    assert local.loc[first, "status"] == "missing" and np.isnan(local.loc[first, "lq"])


def test_ranking_and_undefined_areas():
    frame = pd.concat(
        [
            _two_buurten(),
            pd.DataFrame(
                {"x": [5.0, 45.0], "t": [100.0, 100.0]}, index=["BU00020101", "BU00020102"]
            ),
            pd.DataFrame({"x": [5.0], "t": [100.0]}, index=["BU00030101"]),  # one unit
        ]
    )
    result = table(frame, SegregationSpec("x", "t"))
    ranked = result.table.set_index("gemeente")
    assert ranked.loc["GM0002", "rank"] == 1 and ranked.loc["GM0001", "rank"] == 2
    assert pd.isna(ranked.loc["GM0003", "dissimilarity"]) and pd.isna(ranked.loc["GM0003", "rank"])
    assert result.table["gemeente"].tolist()[:2] == ["GM0002", "GM0001"]
    assert 0 < result.national["dissimilarity"] < 1


def test_inference_is_seeded_and_sensible():
    frame = pd.DataFrame(
        {"x": [0.0, 0.0, 0.0, 300.0, 300.0, 300.0], "t": [300.0] * 6},
        index=[f"BU00010{k}01" for k in range(6)],
    )
    spec = SegregationSpec("x", "t", permutations=199, seed=4)
    a, b = table(frame, spec), table(frame, spec)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert a.table.loc[0, "p_dissimilarity"] == pytest.approx(1 / 200)  # total segregation
    even = pd.DataFrame({"x": [30.0] * 6, "t": [300.0] * 6}, index=frame.index)
    assert table(even, spec).table.loc[0, "p_dissimilarity"] > 0.5  # nothing to explain


def test_spec_validation():
    with pytest.raises(SpecError):
        SegregationSpec("x", "t", indices=("gini",))
    with pytest.raises(SpecError):
        table(_two_buurten(), SegregationSpec("x", "missing"))
