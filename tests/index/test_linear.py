"""The Monte Carlo's fast path for arithmetic means (``kloof.index._linear``) against
the general engine: the same composites up to float64 rounding, the same scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.catalogue import Catalogue
from kloof.index import Choices, uncertainty
from kloof.index._linear import (
    ScoreContext,
    is_linear,
    linear_composite,
    linear_scores,
    linear_variant,
)
from kloof.index._parallel import _run_rows, evaluate, run_block
from kloof.index.draws import draw
from kloof.index.engine import Layout, compose_index
from kloof.index.spec import IndexSpec
from kloof.index.uncertainty import _quantiles, plan

LAYOUT = Layout(
    indicators=tuple("abcdefg"),
    domains=("income", "work", "housing"),
    members=((0, 1, 2), (3, 4, 5), (6,)),
)


def _messy(n: int = 300, seed: int = 0) -> np.ndarray:
    """Values with gaps in many patterns: single values, whole domains, whole rows,
    plus a reference row at the end."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n + 1, 7))
    z[rng.random(z.shape) < 0.15] = np.nan
    z[5, :3] = np.nan  # a domain without values
    z[6, :] = np.nan  # a region without any value
    z[7, 3:] = np.inf  # not finite counts as missing
    return z


def _weights(r: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    iw = rng.random((7, r))
    iw[:, 0] = [0.0, 0.5, 0.5, 1.0, 0.0, 0.0, 0.0]  # one indicator per domain left out
    iw[6, 1] = 0.0  # the housing domain's only indicator left out
    dw = rng.random((3, r))
    dw[2, 2] = 0.0  # a domain weighted zero
    return iw, dw


def test_linear_composite_equals_the_general_engine() -> None:
    z = _messy()
    iw, dw = _weights(9)
    fit = np.r_[np.ones(len(z) - 1, dtype=bool), False]
    fast = linear_composite(linear_variant(z), iw, dw, LAYOUT).T
    slow = compose_index(z, iw, dw, LAYOUT, fit)
    assert (np.isnan(fast) == np.isnan(slow)).all()
    assert np.isnan(fast[6]).all()
    ok = np.isfinite(slow)
    assert fast[ok] == pytest.approx(slow[ok], rel=1e-12, abs=1e-12)


def test_complete_values_and_one_weight_set() -> None:
    z = np.random.default_rng(3).normal(size=(50, 7))
    lin = linear_variant(z)
    assert lin.patterns.shape == (0, 7) and lin.rows == ()
    iw, dw = _weights(3)
    fit = np.ones(50, dtype=bool)
    fast = linear_composite(lin, iw[:, 2], dw[:, 2], LAYOUT)
    slow = compose_index(z, iw[:, 2], dw[:, 2], LAYOUT, fit)
    assert fast.shape == (1, 50)
    assert fast[0] == pytest.approx(slow[:, 0], rel=1e-12, abs=1e-12)


def test_scores_and_ranks_match_the_general_path() -> None:
    z = _messy(2_000, seed=4)
    iw, dw = _weights(25, seed=5)
    n = len(z) - 1
    fit = np.r_[np.ones(n, dtype=bool), False]
    ref = np.r_[np.zeros(n), 1.0]
    pop = np.r_[np.random.default_rng(6).uniform(100, 5_000, n), 0.0]
    ctx = ScoreContext(LAYOUT, fit, ref, pop, 10.0)
    fast, fast_ranks = _run_rows(linear_variant(z), iw, dw, ctx)
    slow, slow_ranks = _run_rows(z, iw, dw, ctx)  # the general engine
    assert fast.dtype == np.float32 and fast.shape == (25, n)
    assert (np.isnan(fast) == np.isnan(slow)).all()
    ok = np.isfinite(slow)
    # float64 results agree to ~1e-13; stored as float32 they are the same numbers
    # (or one float32 step apart in a rare case)
    assert np.abs(fast[ok] - slow[ok]).max() <= 2e-5
    assert (fast_ranks == slow_ranks).mean() > 0.999
    scores, ranks = run_block(z, iw, dw, ctx)
    assert scores.shape == (n, 25) and np.array_equal(scores, fast.T, equal_nan=True)
    assert (ranks == fast_ranks.T).all()
    assert linear_scores(linear_variant(z), iw, dw, ctx).tobytes() == fast.tobytes()


def test_which_layouts_are_linear() -> None:
    assert is_linear(LAYOUT)
    assert not is_linear(Layout((), (), (), domain_aggregation="geometric"))
    assert not is_linear(Layout((), (), (), index_offset=1.0))


def test_small_rank_type_gives_the_same_ranks(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    choices = Choices(leave_one_out=0.3)
    p = plan(toy_frame, toy_spec, choices, catalogue=toy_catalogue)
    design = draw(p, 60, choices, np.random.default_rng(2))
    scores, ranks = evaluate(p, design, chunk=7)
    small_scores, small = evaluate(p, design, chunk=7, rank_dtype=np.int16)
    assert ranks.dtype == np.int32 and small.dtype == np.int16
    assert np.array_equal(scores, small_scores) and np.array_equal(ranks, small)
    u = uncertainty(toy_frame, toy_spec, runs=60, seed=2, catalogue=toy_catalogue, keep_draws=True)
    assert u.ranks is not None and u.ranks.dtype == np.int32


def test_quantiles_of_transposed_draws_are_the_same() -> None:
    rng = np.random.default_rng(7)
    rows = (100 + 10 * rng.normal(size=(50, 700))).astype(np.float32)  # (runs, regions)
    rows[:, 3] = np.nan
    rows[::7, 10] = np.nan
    qs = (0.05, 0.5, 0.95)
    plain = _quantiles(np.ascontiguousarray(rows.T), qs)
    tiled = _quantiles(rows.T, qs, tile=64)
    assert np.array_equal(plain, tiled, equal_nan=True)
    assert np.isnan(plain[:, 3]).all() and np.isfinite(plain[:, 10]).all()
    ranks = rng.integers(1, 700, size=(50, 700)).astype(np.int16)
    assert np.array_equal(_quantiles(ranks.T, qs), _quantiles(ranks.T.astype(np.int32), qs))
