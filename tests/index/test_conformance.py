"""Conformance with the reference implementations (issue 12, point 4).

Each test pins a figure derived by hand (or from the reference's own rule) so that a
drift from COINr (treatment) or CDC SVI (percentile ranks, sums of ranks) fails.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.catalogue import Catalogue
from kloof.index import build, presets
from kloof.index.aggregate import deprivation_rank, exponential_transform
from kloof.index.classes import percentile
from kloof.index.normalise import MinMax, PercentileRank, ZScore, percentile_rank
from kloof.index.spec import IndexSpec
from kloof.index.treat import Log, Winsorise, is_outlying
from kloof.index.weights import resolve


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


# --------------------------------------------------------------------- CDC SVI 2020
# Five regions (N - 1 = 4, so every percentile rank is a multiple of 1/4 and every sum
# is exact). EPL = PERCENTRANK.INC in the vulnerable direction, ties at the lowest rank
# (= least vulnerable); woz is "higher is better", so its vulnerability is -woz.
#
#        bijstand youth | woz  gp   one-p |  EPL: bij  yc   | woz  gp   1p  | SPL1 SPL2 SPLS
#   A    10       9     | 300  1.0  40    |       0    1    | 0    .5   .5  | 1    1    2
#   B    20       5     | 200  0.5  30    |       .25  0    | .75  0    .25 | .25  1    1.25
#   C    20       7     | 250  1.5  50    |       .25  .5   | .25  1    .75 | .75  2    2.75
#   D    40       7     | 250  0.5  60    |       .75  .5   | .25  0    1   | 1.25 1.25 2.5
#   E    50       5     | 100  1.0  20    |       1    0    | 1    .5   0   | 1    1.5  2.5
#
# RPL_THEME1 (rank of SPL1): B 0, C .25, A = E .5 (tie: lowest), D 1
# RPL_THEME2 (rank of SPL2): A = B 0 (tie), D .5, E .75, C 1
# RPL_THEMES (rank of the sum of ALL five ranks): B 0, A .25, D = E .5 (tie), C 1
# An equal-weight mean of the themes would rank differently (C and D tie, E above them).
SVI_CODES = [f"BU999901{i:02d}" for i in range(1, 6)]
SVI_FRAME = pd.DataFrame(
    {
        "inhabitants": 1000.0,
        "bijstand_per_1000": [10.0, 20, 20, 40, 50],
        "youth_care_pct": [9.0, 5, 7, 7, 5],
        "woz_mean": [300.0, 200, 250, 250, 100],
        "distance_gp_km": [1.0, 0.5, 1.5, 0.5, 1.0],
        "one_person_households_pct": [40.0, 30, 50, 60, 20],
    },
    index=pd.Index(SVI_CODES, name="code"),
)
EPL = {
    "bijstand_per_1000": [0, 0.25, 0.25, 0.75, 1],
    "youth_care_pct": [1, 0, 0.5, 0.5, 0],
    "woz_mean": [0, 0.75, 0.25, 0.25, 1],
    "distance_gp_km": [0.5, 0, 1, 0, 0.5],
    "one_person_households_pct": [0.5, 0.25, 0.75, 1, 0],
}
RPL_THEME1 = [0.5, 0, 0.25, 1, 0.5]
RPL_THEME2 = [0, 0, 1, 0.5, 0.75]
RPL_THEMES = [0.25, 0, 1, 0.5, 0.5]


def _svi_spec() -> IndexSpec:
    base = presets.load("svi").to_dict()
    base.update(
        reference="GM9999",
        screening={"min_population": 0, "min_coverage": 0.0},
        domains=[
            {
                "id": "work",
                "indicators": [{"id": "bijstand_per_1000"}, {"id": "youth_care_pct"}],
            },
            {
                "id": "housing",
                "indicators": [
                    {"id": "woz_mean"},
                    {"id": "distance_gp_km"},
                    {"id": "one_person_households_pct", "direction": "higher_is_worse"},
                ],
            },
        ],
    )
    return IndexSpec.from_dict(base)


def test_svi_preset_follows_cdc_steps() -> None:
    svi = presets.load("svi")
    assert svi.normalisation.method == "percentile"
    assert svi.domain_level.aggregation == svi.index_level.aggregation == "sum"
    assert svi.domain_level.weighting == svi.index_level.weighting == "equal"
    assert svi.imputation.method == "none" and svi.flag_percentile == 0.9


def test_result_percentile_and_rank_conventions() -> None:
    index = np.array([100.0, 90, 90, 120, np.nan])
    # RPL of the vulnerability -index: 120 -> 0, 100 -> 1/3, the tied 90s -> 2/3
    assert (1 - percentile(index)[:4] / 100).tolist() == pytest.approx([1 / 3, 2 / 3, 2 / 3, 0])
    assert np.isnan(percentile(index)[4])
    assert percentile(np.array([5.0])).tolist() == [0.0]  # one region: unchanged


def test_cdc_percentile_ranks_ties_least_vulnerable() -> None:
    # vulnerable direction: PERCENTRANK.INC, ties at the lowest rank
    got = percentile_rank(np.array([10.0, 20, 20, 40, 50]))
    assert got.tolist() == EPL["bijstand_per_1000"]
    # oriented (higher is better) normaliser: 1 - EPL, so ties get the higher value
    norm = PercentileRank().fit_transform(-np.array([10.0, 20, 20, 40, 50]))
    assert norm.tolist() == [1.0, 0.75, 0.75, 0.25, 0.0]


def test_svi_by_hand(toy_catalogue: Catalogue) -> None:
    r = build(SVI_FRAME, _svi_spec(), catalogue=toy_catalogue)
    epl = 1.0 - r.normalised.loc[SVI_CODES]
    for col, expected in EPL.items():
        assert epl[col].tolist() == pytest.approx(expected, abs=1e-12), col
    scores = r.scores.loc[SVI_CODES]
    # themes: percentile rank of the theme sums (vulnerable direction)
    assert (1 - percentile(scores["work"].to_numpy()) / 100).tolist() == pytest.approx(RPL_THEME1)
    assert (1 - percentile(scores["housing"].to_numpy()) / 100).tolist() == pytest.approx(
        RPL_THEME2
    )
    # overall: percentile rank of the sum of all five ranks, D and E tied at 0.5
    assert (1 - scores["percentile"] / 100).tolist() == pytest.approx(RPL_THEMES)
    assert scores.loc[SVI_CODES[3], "index"] == scores.loc[SVI_CODES[4], "index"]
    assert scores["rank"].tolist() == [4, 5, 1, 3, 3]  # 1 = most vulnerable, ties share 3
    # flags: EPL >= 0.9 (CDC F_*), counted per region (F_TOTAL)
    assert scores["n_flags"].tolist() == [1, 0, 1, 1, 2]
    # the sum, not an equal-weight mean of themes, decides: that would tie C with D
    work = epl[["bijstand_per_1000", "youth_care_pct"]].mean(axis=1)
    housing = epl[["woz_mean", "distance_gp_km", "one_person_households_pct"]].mean(axis=1)
    mean_of_themes = ((work + housing) / 2).to_numpy()
    assert mean_of_themes[2] == pytest.approx(mean_of_themes[3])
    assert scores.loc[SVI_CODES[2], "index"] < scores.loc[SVI_CODES[3], "index"]


# --------------------------------------------------------------------- English IMD 2019
def test_imd_preset_has_one_barriers_domain_with_equal_sub_domains() -> None:
    imd = presets.load("imd")
    assert imd.domain_ids == ("income", "work", "care", "barriers")
    barriers = {d.id: d for d in imd.domains}["barriers"]
    assert barriers.imd_domain == "barriers"
    weights = {i.id: i.weight for i in barriers.indicators}
    wider = ["woz_mean", "one_person_households_pct", "social_rent_pct", "owner_occupied_pct"]
    geographical = [
        "distance_gp_km",
        "distance_supermarket_km",
        "distance_daycare_km",
        "distance_school_km",
        "schools_within_3km",
    ]
    assert set(weights) == set(wider) | set(geographical)
    assert sum(weights[i] for i in wider) == pytest.approx(0.5)  # type: ignore[misc]
    assert sum(weights[i] for i in geographical) == pytest.approx(0.5)  # type: ignore[misc]
    # IMD 2019 weights 22.5 / 22.5 / 13.5 / 9.3: barriers keeps its whole 9.3
    keys = [d.imd_domain for d in imd.domains]
    got = resolve("imd", list(imd.domain_ids), {}, keys=keys)
    assert got == pytest.approx(np.array([22.5, 22.5, 13.5, 9.3]) / 67.8)


def test_imd_barriers_domain_is_ranked_once(toy_catalogue: Catalogue) -> None:
    # two wider-barrier indicators and one geographical one: halves of 1/4 + 1/4 and 1/2
    spec = IndexSpec.from_dict(
        {
            **presets.load("imd").to_dict(),
            "reference": "GM9999",
            "screening": {"min_population": 0, "min_coverage": 0.0},
            "imputation": {"method": "none"},
            "domains": [
                {"id": "work", "indicators": [{"id": "bijstand_per_1000"}]},
                {
                    "id": "barriers",
                    "imd_domain": "barriers",
                    "indicators": [
                        {"id": "woz_mean", "weight": 0.25},
                        {
                            "id": "one_person_households_pct",
                            "direction": "higher_is_worse",
                            "weight": 0.25,
                        },
                        {"id": "distance_gp_km", "weight": 0.5},
                    ],
                },
            ],
        }
    )
    frame = SVI_FRAME.drop(columns="youth_care_pct")
    r = build(frame, spec, catalogue=toy_catalogue)
    assert r.domain_weights.to_dict() == pytest.approx(
        {"work": 22.5 / 31.8, "barriers": 9.3 / 31.8}
    )
    assert r.indicator_weights[
        ["woz_mean", "one_person_households_pct", "distance_gp_km"]
    ].tolist() == (pytest.approx([0.25, 0.25, 0.5]))
    # the combined barriers score (not each half) is ranked and exponentially
    # transformed: the index follows 100 - mean of X(domain ranks) with IMD weights
    z = r.normalised.loc[SVI_CODES].to_numpy()
    barriers = z[:, 1:] @ np.array([0.25, 0.25, 0.5])
    ranks = np.column_stack(
        [deprivation_rank(z[:, [0]])[:, 0, 0], deprivation_rank(barriers[:, None])[:, 0, 0]]
    )
    composite = 100 - exponential_transform(ranks) @ np.array([22.5, 9.3]) / 31.8
    index = r.scores.loc[SVI_CODES, "index"].to_numpy()  # affine in the composite

    def standard(v: np.ndarray) -> np.ndarray:
        return (v - v.mean()) / v.std()

    assert standard(index) == pytest.approx(standard(composite), abs=1e-9)


def test_build_log_names_the_indicator_that_stays_outlying(toy_catalogue: Catalogue) -> None:
    n = 106
    codes = [f"BU9999{1 + i // 50:02d}{1 + i % 50:02d}" for i in range(n)]
    frame = pd.DataFrame(
        {
            "inhabitants": 1000.0,
            "bijstand_per_1000": np.r_[np.zeros(100), np.arange(1.0, 7.0) * 1e6],
            "woz_mean": np.linspace(150, 450, n),
        },
        index=pd.Index(codes, name="code"),
    )
    spec = IndexSpec.from_dict(
        {
            "name": "t",
            "reference": "GM9999",
            "screening": {"min_population": 0, "min_coverage": 0.0},
            "treatment": {"method": "winsorise"},
            "domains": [
                {"id": "work", "indicators": [{"id": "bijstand_per_1000"}]},
                {"id": "housing", "indicators": [{"id": "woz_mean"}]},
            ],
        }
    )
    r = build(frame, spec, catalogue=toy_catalogue)
    (line,) = [e.message for e in r.log if e.step == "treatment"]
    assert "bijstand_per_1000: winsorise -> log: still outlying after the log" in line
    assert "woz_mean" not in line
