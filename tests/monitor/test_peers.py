"""Peer comparison by standardised context distance, and standing among peers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.errors import SpecError
from kloof.monitor.areas import Area
from kloof.monitor.peers import area_peers, default_context, peers, standing

CODES = [f"WK0001{i:02d}" for i in range(6)]
FRAME = pd.DataFrame(
    {
        "inhabitants": [1000.0, 1100.0, 10000.0, 950.0, 5000.0, 1000.0],
        "households": [500.0, 520.0, 4000.0, 480.0, 2000.0, 300.0],
        "household_size_mean": [2.0, 2.1, 2.5, 2.0, 2.4, 3.3],
        "one_person_households_pct": [40.0, 41.0, 20.0, 39.0, 25.0, 10.0],
        "bijstand_per_1000": [60.0, 55.0, 10.0, 70.0, 20.0, 5.0],
    },
    index=CODES,
)
CTX = ("inhabitants", "household_size_mean", "one_person_households_pct")


def test_nearest_by_hand() -> None:
    p = peers(FRAME, CODES[0], k=2, context=CTX)
    assert p.codes == [CODES[3], CODES[1]] or p.codes == [CODES[1], CODES[3]]
    assert CODES[0] not in p.codes
    assert list(p.table.columns) == ["distance", *CTX]
    assert p.table["distance"].is_monotonic_increasing
    assert p.candidates == 5 and p.dropped == 0
    # distance is the weighted Euclidean distance of z-scores (log10 for sizes)
    z = FRAME.loc[CODES[1:], list(CTX)].copy()
    z["inhabitants"] = np.log10(z["inhabitants"])
    t = FRAME.loc[CODES[0], list(CTX)].copy()
    t["inhabitants"] = np.log10(t["inhabitants"])
    zs = (z - z.mean()) / z.std(ddof=1)
    tz = (t - z.mean()) / z.std(ddof=1)
    d = np.sqrt(((zs - tz) ** 2).mean(axis=1))
    assert p.table["distance"].to_numpy() == pytest.approx(d.sort_values().head(2).to_numpy())


def test_weights_and_candidates() -> None:
    only_size = peers(
        FRAME,
        CODES[0],
        k=1,
        context=CTX,
        weights={"household_size_mean": 0, "one_person_households_pct": 0},
    )
    assert only_size.codes in ([CODES[5]], [CODES[1]], [CODES[3]])
    limited = peers(FRAME, CODES[0], k=1, context=CTX, candidates=CODES[2:5])
    assert limited.codes == [CODES[3]]
    with pytest.raises(SpecError, match="non-negative"):
        peers(FRAME, CODES[0], k=1, context=CTX, weights={"inhabitants": -1})
    with pytest.raises(SpecError, match="candidates"):
        peers(FRAME, CODES[0], k=9, context=CTX)
    with pytest.raises(SpecError, match="not in the data"):
        peers(FRAME, CODES[0], context=("woz_mean",))
    with pytest.raises(SpecError, match="not in the data"):
        peers(FRAME, "WK999999", context=CTX)


def test_area_peers_aggregates_the_profile() -> None:
    area = Area("a", "A", "p", "GM0001", 2023, (CODES[0], CODES[1]))
    p = area_peers(FRAME, area, k=2)
    assert p.profile["inhabitants"] == 2100.0
    # household-weighted household size: (500*2 + 520*2.1) / 1020
    assert p.profile["household_size_mean"] == pytest.approx((1000 + 1092) / 1020)
    assert not set(area.codes) & set(p.codes)
    assert p.target == "A"
    assert "bijstand_per_1000" not in p.context  # an outcome is not context
    assert default_context(["inhabitants", "woz_mean", "age_65_plus_pct"]) == (
        "inhabitants",
        "woz_mean",
        "age_65_plus_pct",
    )
    with pytest.raises(SpecError, match="too few"):
        default_context(["bijstand_per_1000"])


def test_standing() -> None:
    s = standing(60.0, pd.Series([55.0, 70.0, 20.0, np.nan]), higher_is_better=False)
    assert s["rank"] == 3.0 and s["n"] == 4.0
    assert s["share_below"] == pytest.approx(200 / 3)
    assert s["peer_median"] == 55.0
    assert standing(60.0, pd.Series([55.0, 70.0]))["rank"] == 2.0
    with pytest.raises(SpecError):
        standing(1.0, pd.Series([np.nan]))
