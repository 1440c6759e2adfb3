"""Property tests (Hypothesis): invariances every index must have."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kloof.catalogue import Catalogue
from kloof.index import NORMALISERS, build
from kloof.index.spec import IndexSpec

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
value = st.floats(min_value=0.5, max_value=1000.0, allow_nan=False)


@st.composite
def frames(draw: st.DrawFn, missing: bool = False) -> pd.DataFrame:
    n = draw(st.integers(min_value=4, max_value=25))
    codes = [f"BU9999{1 + i // 10:02d}{1 + i % 10:02d}" for i in range(n)]
    cols = {}
    for col in ("bijstand_per_1000", "woz_mean", "distance_gp_km"):
        xs = draw(st.lists(value, min_size=n, max_size=n))
        if missing:
            holes = draw(st.lists(st.booleans(), min_size=n, max_size=n))
            xs = [np.nan if h else x for x, h in zip(xs, holes, strict=True)]
        cols[col] = xs
    cols["inhabitants"] = draw(st.lists(st.floats(100, 10_000), min_size=n, max_size=n))
    frame = pd.DataFrame(cols, index=pd.Index(codes, name="code"))
    if not missing:
        for col in ("bijstand_per_1000", "woz_mean", "distance_gp_km"):
            if frame[col].nunique() < 2:
                frame.loc[codes[0], col] += 1.0
    return frame


def spec(**changes: object) -> IndexSpec:
    data: dict[str, object] = {
        "name": "p",
        "reference": "GM9999",
        "screening": {"min_population": 0, "min_coverage": 0.0},
        "domains": [
            {"id": "work", "indicators": [{"id": "bijstand_per_1000"}]},
            {"id": "housing", "indicators": [{"id": "woz_mean"}, {"id": "distance_gp_km"}]},
        ],
    }
    data.update(changes)
    return IndexSpec.from_dict(data)


@SETTINGS
@given(
    frames(),
    st.floats(min_value=1e-3, max_value=1e3),
    st.sampled_from(["woz_mean", "bijstand_per_1000", "distance_gp_km"]),
)
def test_unit_change_does_not_change_a_zscore_index(
    toy_catalogue: Catalogue, frame: pd.DataFrame, factor: float, column: str
) -> None:
    a = build(frame, spec(), catalogue=toy_catalogue)
    scaled = frame.copy()
    scaled[column] = scaled[column] * factor  # euros -> thousands of euros, km -> m
    b = build(scaled, spec(), catalogue=toy_catalogue)
    assert b.scores["index"].to_numpy() == pytest.approx(a.scores["index"].to_numpy(), abs=1e-6)


@SETTINGS
@given(
    st.lists(st.integers(1, 10_000).map(float), min_size=3, max_size=30, unique=True),
    # goalposts clip the tails (ties at 0 and 1), so no strict ranking to reverse
    st.sampled_from(sorted(set(NORMALISERS) - {"goalposts"})),
)
def test_reversing_the_direction_reverses_a_single_indicator_ranking(
    toy_catalogue: Catalogue, xs: list[float], method: str
) -> None:
    codes = [f"BU9999{1 + i // 10:02d}{1 + i % 10:02d}" for i in range(len(xs))]
    frame = pd.DataFrame({"woz_mean": xs, "inhabitants": 1000.0}, index=codes)

    def one(direction: str) -> pd.Series:
        s = spec(
            domains=[{"id": "housing", "indicators": [{"id": "woz_mean", "direction": direction}]}],
            normalisation={"method": method},
        )
        return build(frame, s, catalogue=toy_catalogue).scores["rank"]

    up, down = one("higher_is_better"), one("higher_is_worse")
    order = np.argsort(xs)
    assert up.to_numpy()[order].tolist() == list(range(1, len(xs) + 1))
    assert down.to_numpy()[order].tolist() == list(range(len(xs), 0, -1))


@SETTINGS
@given(frames(), st.lists(st.floats(0.05, 5.0), min_size=3, max_size=3), st.floats(0.01, 100.0))
def test_weights_in_any_scale_give_the_same_index(
    toy_catalogue: Catalogue, frame: pd.DataFrame, w: list[float], scale: float
) -> None:
    def with_weights(k: float) -> np.ndarray:
        s = spec(
            domain_level={
                "weighting": "explicit",
                "weights": {
                    "woz_mean": w[1] * k,
                    "distance_gp_km": w[2] * k,
                    "bijstand_per_1000": 1.0,
                },
            },
            index_level={
                "weighting": "explicit",
                "weights": {"work": w[0] * k, "housing": (w[1] + w[2]) * k},
            },
        )
        return build(frame, s, catalogue=toy_catalogue).scores["index"].to_numpy()

    assert with_weights(scale) == pytest.approx(with_weights(1.0), abs=1e-6)


@SETTINGS
@given(
    frames(missing=True),
    st.sampled_from(["none", "gemeente_mean", "mean"]),
    st.sampled_from(["zscore", "minmax", "percentile"]),
)
def test_no_nan_leaks_into_a_score_without_a_flag(
    toy_catalogue: Catalogue, frame: pd.DataFrame, imputation: str, method: str
) -> None:
    s = spec(imputation={"method": imputation}, normalisation={"method": method})
    try:
        r = build(frame, s, catalogue=toy_catalogue)
    except Exception as exc:  # every region screened out, or no data for an indicator
        assert "screened out" in str(exc) or "no data" in str(exc)
        return
    scores = r.scores
    missing = r.filled.isna().sum(axis=1)
    assert (scores["n_missing"] == missing).all()
    assert (scores["n_imputed"] == r.imputed.sum(axis=1)).all()
    for dom in r.domains:
        nan = scores[dom].isna()
        assert (scores.loc[nan, "n_missing"] > 0).all(), f"NaN {dom} without a flag"
    nan_index = scores["index"].isna()
    assert (scores.loc[nan_index, "n_missing"] > 0).all()
    assert np.isfinite(scores["index"]).all()  # a scored region always has some data
    coded = set(scores.index) | set(r.screened["code"])
    assert coded == set(frame.index)
    assert (r.screened["reason"] != "").all()


@SETTINGS
@given(st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=40))
def test_bounded_normalisers_stay_in_range(xs: list[float]) -> None:
    x = np.asarray(xs)
    for name in ("minmax", "goalposts", "percentile"):
        out = NORMALISERS[name]().fit_transform(x, np.ones_like(x))
        assert ((out >= 0) & (out <= 1)).all(), name


@SETTINGS
@given(frames(missing=True), st.sampled_from(["arithmetic", "geometric", "exponential"]))
def test_contributions_always_sum_to_the_gap(
    toy_catalogue: Catalogue, frame: pd.DataFrame, agg: str
) -> None:
    s = spec(
        normalisation={"method": "minmax"},
        index_level={"aggregation": agg},
        imputation={"method": "mean"},
    )
    try:
        r = build(frame, s, catalogue=toy_catalogue)
    except Exception:
        return
    total = r.contributions().sum(axis=1).to_numpy()
    assert total == pytest.approx(r.scores["gap"].to_numpy(), abs=1e-6)


def test_toy_catalogue_is_consistent(toy_catalogue: Catalogue) -> None:
    assert toy_catalogue["origin_outside_europe_pct"].sensitive
