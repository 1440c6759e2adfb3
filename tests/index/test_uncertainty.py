"""Monte Carlo uncertainty, Sobol sensitivity and the fairness audit on the toy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.catalogue import Catalogue
from kloof.index import Choices, audit, build, sobol, uncertainty
from kloof.index._parallel import evaluate, ranks_of
from kloof.index.draws import draw, spec_for_run
from kloof.index.spec import IndexSpec
from kloof.index.uncertainty import plan


@pytest.fixture
def messy(toy_frame: pd.DataFrame) -> pd.DataFrame:
    """The toy with a gap and an outlier, so imputation and treatment matter."""
    f = toy_frame.copy()
    f.loc["BU99990203", "woz_mean"] = np.nan
    f.loc["BU99990303", "bijstand_per_1000"] = 900.0
    return f


def test_vectorised_replications_equal_a_rebuild_per_replication(
    messy: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    spec = toy_spec.model_copy(
        update={
            "domains": (
                toy_spec.domains[0],
                toy_spec.domains[1].model_copy(
                    update={
                        "indicators": (
                            *toy_spec.domains[1].indicators,
                            *toy_spec.domains[2].indicators,
                        )
                    }
                ),
            )
        }
    )
    choices = Choices(leave_one_out=0.5, treatments=("none", "winsorise"))
    p = plan(messy, spec, choices, catalogue=toy_catalogue)
    design = draw(p, 40, choices, np.random.default_rng(3))
    assert (design.left_out >= 0).any() and len(set(design.variant)) > 3
    scores, ranks = evaluate(p, design, chunk=7)
    for run in range(40):
        again = build(messy, spec_for_run(p, design, run), catalogue=toy_catalogue)
        assert scores[:, run] == pytest.approx(again.scores["index"].to_numpy(), abs=1e-4)
    assert (ranks == ranks_of(scores.astype("float64"))).all()


def test_uncertainty_summary(
    messy: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    u = uncertainty(
        messy, toy_spec, runs=300, seed=11, focus=2, catalogue=toy_catalogue, keep_draws=True
    )
    t = u.table
    assert len(t) == 9 and u.runs == 300 and u.seed == 11
    assert (t["index_p05"] <= t["index_median"]).all()
    assert (t["index_median"] <= t["index_p95"]).all()
    assert (t["rank_p05"] <= t["rank_p95"]).all() and t["rank_p05"].min() >= 1
    assert t["p_bottom_decile"].sum() == pytest.approx(0.0)  # 9 buurten: no full decile
    assert t["p_focus"].sum() == pytest.approx(2.0)  # two regions per run
    assert t.loc["BU99990303", "p_focus"] > 0.9
    assert len(u.design) == 300 and {"normalisation", "left_out", "w_work"} <= set(u.design)
    assert u.scores is not None and u.scores.shape == (9, 300)
    again = uncertainty(messy, toy_spec, runs=300, seed=11, focus=2, catalogue=toy_catalogue)
    pd.testing.assert_frame_equal(again.table, t)
    assert list(u.to_frame().columns[:2]) == ["code", "index"]


def test_fixed_choices_give_no_uncertainty(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    fixed = Choices(
        weights="fixed",
        normalisations=("zscore",),
        treatments=("none",),
        imputations=("none",),
        leave_one_out=0.0,
    )
    u = uncertainty(
        toy_frame,
        toy_spec,
        runs=20,
        seed=1,
        choices=fixed,
        catalogue=toy_catalogue,
        focus_below=95.0,
    )
    t = u.table
    assert t["index_p05"].to_numpy() == pytest.approx(t["index"].to_numpy(), abs=1e-4)
    assert t["index_p95"].to_numpy() == pytest.approx(t["index"].to_numpy(), abs=1e-4)
    assert (t["rank_width"] == 0).all() and (t["mean_rank_shift"] == 0).all()
    assert set(t["p_focus"]) <= {0.0, 1.0}


def test_bottom_decile_probability_sums_to_decile_size(toy_catalogue: Catalogue) -> None:
    rng = np.random.default_rng(5)
    n = 40
    codes = [f"BU9999{1 + i // 10:02d}{1 + i % 10:02d}" for i in range(n)]
    frame = pd.DataFrame(
        {
            "bijstand_per_1000": rng.uniform(5, 90, n),
            "woz_mean": rng.uniform(150, 500, n),
            "distance_gp_km": rng.uniform(0.2, 3, n),
            "inhabitants": rng.uniform(200, 3000, n),
        },
        index=codes,
    )
    spec = IndexSpec.from_dict(
        {
            "name": "x",
            "domains": [
                {"id": "work", "indicators": [{"id": "bijstand_per_1000"}]},
                {"id": "housing", "indicators": [{"id": "woz_mean"}, {"id": "distance_gp_km"}]},
            ],
        }
    )
    u = uncertainty(frame, spec, runs=100, seed=2, catalogue=toy_catalogue)
    assert u.table["p_bottom_decile"].sum() == pytest.approx(4.0)
    assert u.table["rank_width"].max() > 0


def test_perturbed_weights_and_bad_choice(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    u = uncertainty(
        toy_frame,
        toy_spec,
        runs=50,
        seed=4,
        catalogue=toy_catalogue,
        choices=Choices(weights="perturb", perturbation=0.5),
    )
    w = u.design[["w_work", "w_housing", "w_facilities"]]
    assert w.sum(axis=1).to_numpy() == pytest.approx(np.ones(50))
    assert w.to_numpy().min() > 0.1
    with pytest.raises(ValueError, match="weights"):
        uncertainty(
            toy_frame, toy_spec, runs=5, catalogue=toy_catalogue, choices=Choices(weights="uniform")
        )


def test_geometric_spec_only_varies_nonnegative_normalisations(toy_spec: IndexSpec) -> None:
    spec = toy_spec.model_copy(
        update={
            "normalisation": toy_spec.normalisation.model_copy(update={"method": "minmax"}),
            "domain_level": toy_spec.domain_level.model_copy(update={"aggregation": "geometric"}),
        }
    )
    norms, _, _ = Choices(normalisations=("minmax", "zscore", "percentile")).options(spec)
    assert norms == ("minmax", "percentile")


def test_sobol_indices(messy: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue) -> None:
    s = sobol(messy, toy_spec, n=64, seed=1, codes=["BU99990101"], catalogue=toy_catalogue)
    assert s.factors[:3] == ("normalisation", "treatment", "imputation")
    assert {"left_out", "w_work", "w_housing", "w_facilities"} <= set(s.factors)
    assert s.runs == 64 * (len(s.factors) + 2)
    assert set(s.table["output"]) == {
        "mean_rank_shift",
        "bottom_decile_turnover",
        "index_BU99990101",
    }
    st = s.pivot("ST")["mean_rank_shift"]
    assert np.isfinite(st).all()
    assert st["left_out"] > st["w_work"]  # dropping one of three indicators matters most
    with pytest.raises(KeyError, match="no score"):
        sobol(messy, toy_spec, n=8, codes=["BU12345678"], catalogue=toy_catalogue)


def test_dask_client_gives_the_same_numbers(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    distributed = pytest.importorskip("distributed")
    local = uncertainty(toy_frame, toy_spec, runs=60, seed=9, catalogue=toy_catalogue)
    with distributed.Client(
        processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None
    ) as client:
        remote = uncertainty(
            toy_frame, toy_spec, runs=60, seed=9, catalogue=toy_catalogue, client=client, chunk=16
        )
    pd.testing.assert_frame_equal(local.table, remote.table)


def test_fairness_audit(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    r = build(toy_frame, toy_spec, catalogue=toy_catalogue)
    a = audit(r, toy_frame, catalogue=toy_catalogue)
    assert a.sensitive == ("origin_outside_europe_pct",)
    work = a.table.set_index("score").loc["work"]
    assert work["spearman"] == pytest.approx(-1.0) and work["strength"] == "strong"
    fac = a.table.set_index("score").loc["facilities"]
    assert fac["strength"] in ("weak", "moderate")
    assert set(a.proxies()["score"]) >= {"index", "work", "housing"}
    assert a.strongest()["spearman"].abs().is_monotonic_decreasing
    none = audit(r, toy_frame.drop(columns="origin_outside_europe_pct"), catalogue=toy_catalogue)
    assert none.table.empty and none.sensitive == ()
