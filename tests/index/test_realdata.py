"""The presets on the national KWB 2023 file (../shared/data), through the store."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kloof.errors import KloofWarning
from kloof.index import audit, build, presets, uncertainty

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def kwb(kwb2023_store: object) -> dict[str, pd.DataFrame]:
    store = kwb2023_store
    return {
        level: store.frame(year=2023, level=level)  # type: ignore[attr-defined]
        for level in ("land", "gemeente", "wijk", "buurt")
    }


def test_default_preset_scores_every_wijk_with_enough_data(kwb: dict[str, pd.DataFrame]) -> None:
    wijken = kwb["wijk"]
    with pytest.warns(KloofWarning, match="social_rent_pct"):  # not in the 2023 file
        r = build(wijken, "kloof", reference=kwb["land"], year=2023)
    spec = r.spec
    scored, screened = set(r.scores.index), set(r.screened["code"])
    assert scored | screened == set(wijken.index) and not scored & screened
    assert len(scored) > 3000 and np.isfinite(r.scores["index"]).all()
    # screened out exactly when too small or too little data, and the reason says which
    values = wijken[list(spec.indicator_ids)]
    coverage = values.notna().sum(axis=1) / values.shape[1]
    small = wijken["inhabitants"].fillna(0) < spec.screening.min_population
    expected = set(wijken.index[small | (coverage < spec.screening.min_coverage)])
    assert screened == expected
    for reason in r.screened["reason"]:
        assert "inhabitants" in reason or "indicators" in reason
    assert "NL00" in r.reference
    # the index is the liveability side: lower where bijstand is high and income low
    rho = stats.spearmanr(
        r.scores["index"], wijken.loc[r.scores.index, "bijstand_per_1000"], nan_policy="omit"
    )[0]
    assert rho < -0.3
    assert set(r.scores["class"].dropna().unique()) == set(range(1, 10))
    assert r.scores["decile"].value_counts().min() >= 300
    worst = r.scores["index"].idxmin()
    assert r.explain(worst)["contribution"].sum() == pytest.approx(r.scores.loc[worst, "gap"])


@pytest.mark.parametrize("name", presets.NAMES)
def test_presets_on_buurten(name: str, kwb: dict[str, pd.DataFrame]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KloofWarning)
        r = build(kwb["buurt"], name, reference=kwb["land"], year=2023)
    assert len(r.scores) + len(r.screened) == 14_421
    assert len(r.scores) > 11_000
    assert np.isfinite(r.scores["index"]).all()
    assert (r.scores["n_flags"] >= 0).all()


def test_audit_and_uncertainty_on_wijken(kwb: dict[str, pd.DataFrame]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", KloofWarning)
        r = build(kwb["wijk"], "kloof", reference=kwb["land"])
        u = uncertainty(kwb["wijk"], "kloof", reference=kwb["land"], runs=100, seed=1)
    a = audit(r, kwb["wijk"])
    assert "origin_outside_europe_pct" in a.sensitive
    assert a.table["n"].min() > 3000
    t = u.table
    assert len(t) == len(r.scores)
    inside = (t["rank_p05"] <= t["rank"]) & (t["rank"] <= t["rank_p95"])
    assert inside.mean() > 0.8  # the nominal rank mostly lies within its 90 % interval
    assert t["p_bottom_decile"].sum() == pytest.approx(len(t) // 10, abs=1)
