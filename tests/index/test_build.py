"""The whole pipeline on the toy municipality GM9999, checked against hand computation.

With equal populations the weighted statistics are ordinary ones (see conftest):
z(bijstand) = -(b - 50) / 25.820, z(woz) = (w - 220) / 51.640 and
z(gp) = -(d - 1) / 0.40825. In the toy, bijstand and woz are perfectly correlated and
corr(bijstand, gp) = 1/sqrt(10), so the composite C = (z_b + z_w + z_d) / 3 has
SD sqrt((5 + 4/sqrt(10)) / 9) = 0.834296.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from kloof.catalogue import Catalogue
from kloof.errors import DataFormatError, KloofWarning, SpecError
from kloof.index import build, fit
from kloof.index.spec import IndexSpec

SD_B = math.sqrt(6000 / 9)
SD_W = math.sqrt(24000 / 9)
SD_D = math.sqrt(1.5 / 9)
SD_C = math.sqrt((5 + 4 / math.sqrt(10)) / 9)


def test_hand_computed_index(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    r = build(toy_frame, toy_spec, catalogue=toy_catalogue, year=2023)
    zb, zd = 40 / SD_B, 0.5 / SD_D
    c1 = (2 * zb + zd) / 3
    assert r.scores.loc["BU99990101", "index"] == pytest.approx(100 + 10 * c1 / SD_C)
    assert r.scores.loc["BU99990101", "work"] == pytest.approx(100 + 10 * zb)
    assert r.scores.loc["BU99990101", "facilities"] == pytest.approx(100 + 10 * zd)
    assert r.scores.loc["BU99990202", "index"] == pytest.approx(100.0)
    assert r.scores["gap"].to_numpy() == pytest.approx(r.scores["index"].to_numpy() - 100)
    assert r.scores.loc["BU99990303", "rank"] == 1 and r.scores.loc["BU99990101", "rank"] == 9
    assert r.scores["decile"].tolist() == [10, 9, 7, 8, 6, 4, 5, 3, 2]
    assert r.scores.loc["BU99990101", "class_label"] == "zeer goed"  # 117.27 < 117.5
    assert r.year == 2023 and r.level == "buurt"


def test_nl_row_is_the_reference(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue, toy_nl: pd.Series
) -> None:
    spec = toy_spec.model_copy(update={"reference": "NL"})
    with_row = pd.concat([toy_frame, toy_nl.to_frame().T])
    r = build(with_row, spec, catalogue=toy_catalogue)
    assert "NL00" in r.reference and "NL00" not in r.scores.index
    u = 40 / SD_B
    c1 = (u - 10 / SD_B + u - 30 / SD_W + 0.5 / SD_D) / 3  # z_b = 30 / SD_B
    assert r.scores.loc["BU99990101", "index"] == pytest.approx(100 + 10 * c1 / SD_C)
    assert r.scores.loc["BU99990101", "work"] == pytest.approx(100 + 10 * 30 / SD_B)
    # the same row passed as `reference=` gives the same numbers
    r2 = build(toy_frame, spec, catalogue=toy_catalogue, reference=toy_nl)
    pd.testing.assert_series_equal(r.scores["index"], r2.scores["index"])


def test_screened_regions_are_reported(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    f = toy_frame.copy()
    f.loc["BU99990303", "inhabitants"] = 50.0
    f.loc["BU99990302", ["woz_mean", "distance_gp_km"]] = np.nan
    r = build(f, toy_spec, catalogue=toy_catalogue)
    assert len(r.scores) == 7
    reasons = dict(zip(r.screened["code"], r.screened["reason"], strict=True))
    assert reasons == {
        "BU99990302": "data for 1 of 3 indicators (< 50%)",
        "BU99990303": "50 inhabitants (< 100)",
    }
    full = r.to_frame(include_screened=True)
    assert full.set_index("code").loc["BU99990303", "screened"] == "50 inhabitants (< 100)"
    assert np.isnan(full.set_index("code").loc["BU99990303", "index"])


@pytest.mark.parametrize(
    ("method", "expected"),
    [("gemeente_mean", (1980 - 200) / 8), ("gemeente_median", 230.0), ("parent", 220.0)],
)
def test_imputation_is_flagged(
    method: str,
    expected: float,
    toy_frame: pd.DataFrame,
    toy_spec: IndexSpec,
    toy_catalogue: Catalogue,
    toy_wijken: pd.DataFrame,
) -> None:
    f = toy_frame.copy()
    f.loc["BU99990203", "woz_mean"] = np.nan
    spec = toy_spec.model_copy(
        update={"imputation": toy_spec.imputation.model_copy(update={"method": method})}
    )
    r = build(f, spec, catalogue=toy_catalogue, parents={"wijk": toy_wijken})
    assert r.filled.loc["BU99990203", "woz_mean"] == pytest.approx(expected)
    assert r.imputed.loc["BU99990203", "woz_mean"]
    assert int(r.imputed.to_numpy().sum()) == 1
    assert r.scores.loc["BU99990203", "n_imputed"] == 1
    assert bool(r.scores.loc["BU99990203", "complete"])
    assert any(e.step == "imputation" and "1 values imputed" in e.message for e in r.log)


def test_missing_without_imputation_is_flagged_not_leaked(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    f = toy_frame.copy()
    f.loc["BU99990203", "woz_mean"] = np.nan
    r = build(f, toy_spec, catalogue=toy_catalogue)
    row = r.scores.loc["BU99990203"]
    assert np.isnan(row["housing"]) and np.isfinite(row["index"])
    assert row["n_missing"] == 1 and not row["complete"]
    assert np.isfinite(r.scores["index"]).all()


def test_parent_imputation_needs_parents(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    spec = toy_spec.model_copy(
        update={"imputation": toy_spec.imputation.model_copy(update={"method": "parent"})}
    )
    with pytest.raises(SpecError, match=r"imputation\.method: 'parent' needs parent"):
        build(toy_frame, spec, catalogue=toy_catalogue)


def test_flags_explanation_and_frame(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    r = build(toy_frame, toy_spec, catalogue=toy_catalogue)
    assert r.flags.loc["BU99990303"].tolist() == [True, True, False]
    assert r.scores.loc["BU99990303", "n_flags"] == 2
    ex = r.explain("bu99990101")
    assert ex["contribution"].sum() == pytest.approx(r.scores.loc["BU99990101", "gap"])
    # arithmetic: contribution = 10 / SD_C * (1/3) * (z - z_ref) exactly
    assert ex.set_index("indicator").loc["distance_gp_km", "contribution"] == pytest.approx(
        10 / SD_C / 3 * 0.5 / SD_D
    )
    assert ex["domain_contribution"].tolist() == pytest.approx(
        r.scores.loc["BU99990101", ["gap_work", "gap_housing", "gap_facilities"]].tolist()
    )
    assert ex["weight"].sum() == pytest.approx(1.0)
    frame = r.to_frame(names={"BU99990101": "Centrum"})
    assert list(frame.columns[:9]) == [
        "code",
        "name",
        "index",
        "work",
        "housing",
        "facilities",
        "rank",
        "percentile",
        "decile",
    ]
    assert {"class", "class_label", "gap", "gap_work"} <= set(frame.columns)
    assert frame.loc[0, "name"] == "Centrum"
    assert r.to_frame(language="en").loc[0, "class_label"] == "very good"
    with pytest.raises(KeyError, match="no score"):
        r.explain("BU12345678")


@pytest.mark.parametrize("agg", ["geometric", "harmonic", "exponential"])
def test_contributions_sum_to_gap_for_nonlinear_aggregation(
    agg: str, toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    spec = toy_spec.model_copy(
        update={
            "normalisation": toy_spec.normalisation.model_copy(update={"method": "minmax"}),
            "index_level": toy_spec.index_level.model_copy(update={"aggregation": agg}),
        }
    )
    r = build(toy_frame, spec, catalogue=toy_catalogue)
    c = r.contributions()
    assert c.sum(axis=1).to_numpy() == pytest.approx(r.scores["gap"].to_numpy())
    d = r.contributions("domain")
    assert d["woz_mean"].to_numpy() == pytest.approx(r.scores["gap_housing"].to_numpy())


def test_baseline_year_scaling(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    base = build(toy_frame, toy_spec, catalogue=toy_catalogue, year=2019)
    later = toy_frame.copy()
    later["bijstand_per_1000"] -= 10.0  # every buurt improves equally
    r = build(later, toy_spec, catalogue=toy_catalogue, year=2020, baseline=base)
    # against this year's own reference nothing changed ...
    assert r.scores["index"].to_numpy() == pytest.approx(base.scores["index"].to_numpy())
    # ... on the 2019 scale every buurt gained the same
    gain = 10 * (10 / SD_B) / 3 / SD_C
    assert (r.scores["baseline_index"] - base.scores["index"]).to_numpy() == pytest.approx(
        np.full(9, gain)
    )
    applied = fit(toy_frame, toy_spec, catalogue=toy_catalogue, year=2019).apply(later)
    assert applied.scores["index"].to_numpy() == pytest.approx(
        r.scores["baseline_index"].to_numpy()
    )


def test_denominator_and_derivation(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    counts = toy_frame.drop(columns="bijstand_per_1000")
    counts["bijstand_recipients"] = toy_frame["bijstand_per_1000"] * 1000 / 1000
    derived = build(counts, toy_spec, catalogue=toy_catalogue)
    plain = build(toy_frame, toy_spec, catalogue=toy_catalogue)
    pd.testing.assert_series_equal(derived.scores["index"], plain.scores["index"])
    spec = toy_spec.model_copy(
        update={
            "domains": (
                toy_spec.domains[0].model_copy(
                    update={
                        "indicators": (
                            toy_spec.domains[0]
                            .indicators[0]
                            .model_copy(
                                update={
                                    "id": "bijstand_recipients",
                                    "denominator": "inhabitants",
                                    "scale": 1000.0,
                                }
                            ),
                        )
                    }
                ),
                *toy_spec.domains[1:],
            )
        }
    )
    by_den = build(counts, spec, catalogue=toy_catalogue)
    assert by_den.scores["index"].to_numpy() == pytest.approx(plain.scores["index"].to_numpy())


def test_optional_and_required_indicators(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    f = toy_frame.drop(columns="distance_gp_km")
    with pytest.raises(SpecError, match=r"domains\[2\]\.indicators\[0\]\.id: the frame has no"):
        build(f, toy_spec, catalogue=toy_catalogue)
    d = toy_spec.domains[2]
    optional = toy_spec.model_copy(
        update={
            "domains": (
                *toy_spec.domains[:2],
                d.model_copy(
                    update={"indicators": (d.indicators[0].model_copy(update={"required": False}),)}
                ),
            )
        }
    )
    with pytest.warns(KloofWarning, match="distance_gp_km"):
        r = build(f, optional, catalogue=toy_catalogue)
    assert r.domains == ("work", "housing")
    assert r.scores.loc["BU99990101", "index"] == pytest.approx(100 + 10 * 40 / SD_B)


def test_bad_frames(toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue) -> None:
    mixed = pd.concat([toy_frame, toy_frame.iloc[:1].rename(index={"BU99990101": "WK999901"})])
    with pytest.raises(DataFormatError, match="mixes levels"):
        build(mixed, toy_spec, catalogue=toy_catalogue)
    bad = toy_frame.rename(index={"BU99990101": "Centrum"})
    with pytest.raises(DataFormatError, match="'CENTRUM' is not a CBS region code"):
        build(bad, toy_spec, catalogue=toy_catalogue)
    with pytest.raises(SpecError, match=r"reference: .* matches no scored region"):
        build(toy_frame, toy_spec.model_copy(update={"reference": "G4"}), catalogue=toy_catalogue)


def test_result_is_frozen_and_logged(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    r = build(toy_frame, toy_spec, catalogue=toy_catalogue, provenance={"source": "toy"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.year = 2000  # type: ignore[misc]
    assert r.provenance == {"source": "toy"} and r.spec.name == "toy"
    steps = [e.step for e in r.log]
    for step in (
        "screening",
        "reference",
        "imputation",
        "treatment",
        "normalisation",
        "weights",
        "aggregation",
        "scaling",
    ):
        assert step in steps
    assert r.domain_weights.sum() == pytest.approx(1.0)


def test_code_column_and_wijk_level(
    toy_wijken: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    r = build(toy_wijken.reset_index(), toy_spec, catalogue=toy_catalogue)
    assert r.level == "wijk" and list(r.scores.index) == ["WK999901", "WK999902", "WK999903"]
    assert r.scores.loc["WK999902", "index"] == pytest.approx(100.0)
