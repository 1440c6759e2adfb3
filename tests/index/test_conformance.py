"""Conformance with the reference implementations (issue 12, point 4).

Each test pins a figure derived by hand (or from the reference's own rule) so that a
drift from COINr (treatment) or CDC SVI (percentile ranks, sums of ranks) fails.
"""

from __future__ import annotations

import numpy as np
import pytest

from kloof.index.normalise import MinMax, ZScore
from kloof.index.treat import Log, Winsorise, is_outlying


def _g1_g2(x: np.ndarray) -> tuple[float, float]:
    """e1071 type-2 skewness and kurtosis, written out as in COINr ``skew``/``kurt``."""
    n = x.size
    d = x - x.mean()
    m2, m3, m4 = (d**2).mean(), (d**3).mean(), (d**4).mean()
    g1 = m3 / m2**1.5 * np.sqrt(n * (n - 1)) / (n - 2)
    g2 = ((n + 1) * (m4 / m2**2 - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    return float(g1), float(g2)


# 30 regular values and four outliers: COINr's winsorise needs four one-point steps.
#
#  step  data (top values)            skew    kurtosis  outlying (|s|>=2 & k>=3.5)
#  0     ..., 30, 150, 300, 450, 600  3.285   10.52     yes
#  1     ..., 30, 150, 300, 450, 450  3.004    8.127    yes
#  2     ..., 30, 150, 300, 300, 300  2.701    6.018    yes
#  3     ..., 30, 150, 150, 150, 150  2.320    3.947    yes
#  4     ..., 30,  30,  30,  30,  30  -0.122  -1.303    no  -> 4 points moved
FOUR_OUTLIERS = np.r_[np.arange(1.0, 31.0), 150.0, 300.0, 450.0, 600.0]
TRACE = [(3.285, 10.52), (3.004, 8.127), (2.701, 6.018), (2.320, 3.947), (-0.122, -1.303)]


def test_winsorise_trace_by_hand() -> None:
    work = np.sort(FOUR_OUTLIERS)
    for step, (skew, kurt) in enumerate(TRACE):
        assert _g1_g2(work) == pytest.approx((skew, kurt), abs=5e-3), step
        assert is_outlying(work) == (step < 4)
        work[work == work[-1]] = work[work < work[-1]][-1]


def test_winsorise_counts_distinct_points_moved() -> None:
    w = Winsorise().fit(FOUR_OUTLIERS)  # max_points 5 as in COINr
    # the old count (1 + 2 + 3 = 6 after three steps) stopped one step early and fell
    # back to the log; four distinct values move, all to the 30th value
    assert w.points_ == 4 and w.upper_ == 30.0 and w.lower_ == -np.inf
    assert w.log_ is None and not w.still_outlying_
    out = w.transform(FOUR_OUTLIERS)
    assert out[:30].tolist() == FOUR_OUTLIERS[:30].tolist()
    assert out[30:].tolist() == [30.0] * 4
    assert w.summary() == "winsorise: 4 points to [-inf, 30]"


def test_winsorise_stops_at_max_points_exactly() -> None:
    w = Winsorise(max_points=3, fallback="none").fit(FOUR_OUTLIERS)
    # three steps: 600 -> 450, {450, 450} -> 300, {300, 300, 300} -> 150
    assert w.points_ == 3 and w.upper_ == 150.0 and w.still_outlying_
    assert w.transform(FOUR_OUTLIERS)[30:].tolist() == [150.0] * 4
    assert w.summary().endswith("still outlying")
    # default fallback: the log of the original values, checked again afterwards
    logged = Winsorise(max_points=3).fit(FOUR_OUTLIERS)
    assert logged.log_ is not None and not logged.still_outlying_
    assert "after the log: skew" in logged.summary()


def test_winsorise_three_low_outliers() -> None:
    # mirror image: the lowest values move up one step at a time
    x = -FOUR_OUTLIERS[[*range(30), 31, 32, 33]]  # 30 regular values, 3 low outliers
    w = Winsorise().fit(x)
    assert w.points_ == 3 and w.lower_ == -30.0 and w.upper_ == np.inf
    assert np.sort(w.transform(x))[:4].tolist() == [-30.0] * 4


def test_log_is_unit_independent() -> None:
    x = np.r_[np.ones(40), np.geomspace(10, 1e6, 12)]
    a, b = Log().fit(x), Log().fit(1000 * x)  # e.g. per 1 000 -> per 1 000 000
    assert b.transform(1000 * x) - a.transform(x) == pytest.approx(np.full(x.size, np.log(1000)))
    for norm in (MinMax, ZScore):
        za = norm().fit_transform(a.transform(x), np.ones(x.size))
        zb = norm().fit_transform(b.transform(1000 * x), np.ones(x.size))
        assert zb == pytest.approx(za, abs=1e-9)


def test_log_fallback_is_unit_independent_and_reports_outlying() -> None:
    # 100 zeros and six values of 1..6 million: five winsorised points leave six
    # values at 1 million (skew ~3.8), so Winsorise falls back to the log; the log
    # keeps two clusters (zeros at ln(0.01 range), the rest 4-6 units higher), so the
    # indicator stays outlying and the treatment log says so
    x = np.r_[np.zeros(100), np.arange(1.0, 7.0) * 1e6]
    w1, w2 = Winsorise().fit(x), Winsorise().fit(x / 1000)  # euros -> thousands
    assert w1.log_ is not None and w2.log_ is not None and w1.points_ == 5
    z1 = ZScore().fit_transform(w1.transform(x), np.ones(x.size))
    z2 = ZScore().fit_transform(w2.transform(x / 1000), np.ones(x.size))
    assert z2 == pytest.approx(z1, abs=1e-9)
    assert w1.still_outlying_ and w2.still_outlying_ and is_outlying(w1.log_.transform(x))
    assert w1.summary() == w2.summary()
    assert w1.summary().startswith("winsorise -> log: still outlying after the log (skew 4.03")
    assert Log().fit(x).still_outlying_
    assert "still outlying after the log" in Log().fit(x).summary()


def test_treatment_summaries_when_the_log_works() -> None:
    rng = np.random.default_rng(3)
    assert Winsorise().fit(rng.normal(50, 5, 60)).summary() == "winsorise: not outlying"
    lognormal = rng.lognormal(3, 1, 200)  # skew > 2 beyond five points; the log fixes it
    w = Winsorise().fit(lognormal)
    assert w.log_ is not None and not w.still_outlying_ and w.points_ == 5
    assert w.summary().startswith("winsorise -> log (outlying after 5 points; after the log")
    assert Log().fit(lognormal).summary() == "log"
