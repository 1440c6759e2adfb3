"""Monitor results carry what recomputes them: params, seed and provenance (issue 14)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.monitor.aggregate import comparison_groups
from kloof.monitor.areas import Area
from kloof.monitor.evaluate import Evaluation, evaluate
from kloof.monitor.series import build_series

YEARS = list(range(2016, 2026))
PROV = {"store": "/data/kloof.duckdb", "years": "2016, 2025", "level": "wijk"}


def _panel(seed: int, n: int = 25) -> pd.DataFrame:
    """Units with a common trend and noise; the first two get +4 from 2022."""
    rng = np.random.default_rng(seed)
    y = rng.normal(50, 5, n)[:, None] + np.arange(len(YEARS))[None, :]
    y = y + rng.normal(0, 0.8, (n, len(YEARS)))
    panel = pd.DataFrame(y, index=[f"U{i:02d}" for i in range(n)], columns=YEARS)
    panel.iloc[:2, YEARS.index(2022) :] += 4.0
    return panel


def _numbers(e: Evaluation) -> tuple[float, ...]:
    return (e.estimate, e.low, e.high, e.p_value, e.raw_estimate, e.bias, e.pre_rmspe)


@pytest.mark.parametrize("method", ["did", "synthetic"])
def test_evaluation_carries_params_seed_provenance_and_rebuilds(method: str) -> None:
    panel = _panel(3)
    first = evaluate(
        panel,
        ["U00", "U01"],
        2022,
        method=method,
        exclude=["U24"],
        n_placebo=40,
        confidence=0.8,
        seed=17,
        provenance=PROV,
    )
    assert first.seed == 17
    assert first.provenance == PROV
    p = first.params
    assert p["method"] == method and p["start"] == 2022
    assert p["treated"] == ("U00", "U01")
    assert "U24" not in p["donors"] and len(p["donors"]) == 22
    assert (p["confidence"], p["n_placebo"], p["demean"]) == (0.8, 40, False)
    # the params and seed alone recompute the same numbers (exclude is in the donors)
    again = evaluate(panel, **first.params, seed=first.seed)
    np.testing.assert_array_equal(_numbers(again), _numbers(first))
    pd.testing.assert_series_equal(again.placebo_space, first.placebo_space)
    pd.testing.assert_series_equal(again.placebo_time, first.placebo_time)
    pd.testing.assert_series_equal(again.effects, first.effects)
    assert again.params == first.params
    # another seed draws other placebos: the seed is what the numbers depend on
    other = evaluate(panel, **first.params, seed=18)
    assert not other.placebo_space.equals(first.placebo_space)


def test_evaluation_defaults_keep_old_constructors() -> None:
    e = evaluate(_panel(4), ["U00"], 2022, n_placebo=10)
    assert e.provenance == {} and e.seed == 0
    bare = Evaluation(
        method="did",
        start=2022,
        estimate=1.0,
        low=0.0,
        high=2.0,
        p_value=0.1,
        confidence=0.9,
        effects=e.effects,
        placebo_space=e.placebo_space,
        placebo_time=e.placebo_time,
        size=e.size,
        assumptions=(),
    )
    assert bare.params == {} and bare.seed is None and bare.provenance == {}


def test_series_carries_params_and_provenance_and_rebuilds() -> None:
    area = Area("a", "A", "test", "GM9999", 2024, ("WK999901", "WK999902"))
    frames = {
        y: pd.DataFrame(
            {
                "inhabitants": [10000.0, 600.0, 200.0, 200.0, 200.0],
                "bijstand_per_1000": [25.0 + d, 20.0 + d, 30.0, 10.0 - d, 20.0],
            },
            index=["NL00", "GM9999", "WK999901", "WK999902", "WK999903"],
        )
        for y, d in ((2023, 1.0), (2024, 0.0))
    }
    groups = comparison_groups(area, ("rest_of_gemeente", "nl"))
    s = build_series(
        frames, groups, to_year=2024, indicators=["bijstand_per_1000"], provenance=PROV
    )
    assert s.provenance == PROV
    assert s.params["groups"] == tuple(groups)
    assert s.params["to_year"] == 2024
    assert s.params["indicators"] == ("bijstand_per_1000",)
    assert s.params["min_coverage"] == 0.9
    again = build_series(frames, **s.params)
    pd.testing.assert_frame_equal(again.values, s.values)
    assert again.provenance == {}
