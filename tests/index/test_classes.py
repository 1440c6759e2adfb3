"""Ranks, deciles, the nine classes and SVI-style flags."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.index.classes import classify, decile, percentile, rank, svi_flags
from kloof.index.spec import CLASS_BREAKS


def test_class_breaks_are_half_sd_bands_around_the_reference() -> None:
    got = classify(
        np.array([50.0, 82.4999, 82.5, 97.5, 100.0, 102.4999, 117.5, 150, np.nan]), CLASS_BREAKS
    )
    assert got[:-1].tolist() == [1, 1, 2, 5, 5, 5, 9, 9] and np.isnan(got[-1])
    centres = 100 + 5 * (np.arange(1, 10) - 5)
    assert classify(centres.astype(float), CLASS_BREAKS).tolist() == list(range(1, 10))


def test_rank_percentile_decile() -> None:
    x = np.array([100.0, 90, 90, 120, np.nan])
    # ties take the least vulnerable rank (CDC SVI: PERCENTRANK.INC ties lowest)
    assert rank(x)[:4].tolist() == [3, 2, 2, 4] and np.isnan(rank(x)[4])
    assert percentile(x)[:4].tolist() == pytest.approx([200 / 3, 100 / 3, 100 / 3, 100])
    d = decile(np.arange(20.0))
    assert d.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10]


def test_svi_flags_follow_direction() -> None:
    values = pd.DataFrame({"bad": np.arange(10.0), "good": np.arange(10.0)})
    flags = svi_flags(values, {"bad": "higher_is_worse", "good": "higher_is_better"})
    assert flags["bad"].tolist() == [False] * 9 + [True]
    assert flags["good"].tolist() == [True] + [False] * 9
    values.loc[0, "good"] = np.nan
    assert not svi_flags(values, {"good": "higher_is_better"})["good"].iloc[0]
