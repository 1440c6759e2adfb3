"""Conditional permutation p-values (kloof.spatial.permutation): hand values, paths, chunks."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from kloof.spatial import permutation
from kloof.spatial.permutation import neighbour_draws, pseudo_p, row_standardised, weight_sums


def _line(n: int) -> sp.csr_matrix:
    return row_standardised(sp.csr_matrix(np.eye(n, k=1) + np.eye(n, k=-1)))


def test_line_of_four_every_region_has_p_one_third():
    """Values 1-4 on a line. Region 1 (z < 0) has neighbour 2, the lowest of the three
    values it can be given, so its I_1 is the largest of the three equally likely
    outcomes: a tie in a third of the draws, L = P/3, p = (P/3 + 1)/(P + 1). The middle
    regions' two neighbours are likewise the most extreme pair of three. Every p is 1/3."""
    w = _line(4)
    z = np.array([-1.5, -0.5, 0.5, 1.5]) / np.sqrt(1.25)
    a = 3 * z / (z @ z)
    p = pseudo_p(z, w, a, a * (w @ z), permutations=9999, seed=1)
    np.testing.assert_allclose(p, 1 / 3, atol=0.02)


def test_equal_weight_sums_equal_the_column_by_column_sums():
    rng = np.random.default_rng(5)
    values = rng.normal(size=40)
    draws = neighbour_draws(40, 6, 200, rng)
    sites = np.arange(40)
    for c in (1, 3, 6):
        fast = permutation._equal_weight_lags(values, draws[:, :c])(sites)
        slow = permutation._lags(values, draws[:, :c], sites, np.ones((40, c)))
        np.testing.assert_allclose(fast, slow, atol=1e-12)


def test_unequal_weights_and_small_chunks_give_the_same_p_values():
    rng = np.random.default_rng(2)
    n = 60
    adjacency = sp.random(n, n, density=0.08, random_state=3, format="csr")
    adjacency.setdiag(0)
    adjacency.eliminate_zeros()
    values = rng.normal(size=n)
    factor = np.ones(n)
    observed = adjacency @ values
    whole = pseudo_p(values, adjacency, factor, observed, permutations=499, seed=4)
    pieces = pseudo_p(values, adjacency, factor, observed, permutations=499, seed=4, chunk=600)
    np.testing.assert_array_equal(whole, pieces)
    assert ((whole > 0) & (whole <= 0.5 + 1 / 500)).all()


def test_cliff_ord_weight_sums_by_hand():
    """Line of three, binary: S0 = 4, S1 = ½·Σ(2w)² = ½·4·4 = 8, S2 = Σ(2·row)² = 4+16+4."""
    s0, s1, s2 = weight_sums(sp.csr_matrix(np.eye(3, k=1) + np.eye(3, k=-1)))
    assert (s0, s1, s2) == (4.0, 8.0, 24.0)


def test_a_region_without_neighbours_is_never_significant():
    """Its statistic cannot move under permutation: p = 1, not 1/(P + 1)."""
    w = row_standardised(sp.csr_matrix(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]])))
    z = np.array([-1.0, 0.2, 0.8])
    p = pseudo_p(z, w, z, z * (w @ z), permutations=99, seed=0)
    assert p[2] == 1.0 and (p[:2] < 1).all()
