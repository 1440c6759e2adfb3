"""Conditional permutation inference for local spatial statistics, in NumPy.

The local statistics of :mod:`kloof.spatial.hotspots` are judged by *conditional*
randomisation (Anselin 1995, section 4): region :math:`i` keeps its own value and
its :math:`c_i` neighbours' values are replaced by values drawn without replacement
from the other :math:`n - 1` regions. Every local statistic used here is linear in the
neighbours' values,

.. math:: S_i = a_i \\Big( \\sum_{j=1}^{c_i} w_{ij} v_{\\pi(j)} + s_i v_i \\Big),

with :math:`w_{ij}` the weights of row :math:`i`, :math:`s_i` the self-weight and
:math:`a_i` a per-region factor (local Moran: :math:`a_i = (n-1) z_i / \\sum_k z_k^2`
on standardised values; Getis-Ord :math:`G_i^*`: :math:`a_i = 1 / \\sum_k y_k`), so
one draw of neighbour positions serves every region, as in esda's ``crand``: a
(permutations × max cardinality) table of positions among the other :math:`n - 1`
regions, of which region :math:`i` uses the first :math:`c_i` columns (positions
at or above :math:`i` shift up by one, so :math:`i` itself is never drawn).

The pseudo p-value is esda's folded ("directed") one,

.. math:: p_i = \\frac{\\min(L_i, P - L_i) + 1}{P + 1}, \\quad
          L_i = \\#\\{p : S_i^{(p)} \\ge S_i\\},

with :math:`P` permutations; a permuted statistic within a relative :math:`10^{-10}`
of the observed one counts as a tie (:math:`\\ge`), so that a draw of the region's own
neighbours is a tie however the sums were rounded. Draws come from
``numpy.random.default_rng(seed)``: they repeat exactly for a seed, but are not
esda's draws (esda draws inside numba), so p-values agree with esda's within Monte
Carlo error, not digit for digit (``tests/spatial/test_hotspots.py`` compares them).
Regions are processed in groups of equal cardinality and in chunks of bounded size, so
memory stays at about ``chunk`` floats whatever the number of regions. No numba: esda
compiles its kernels in every new process (about 18 s), most of the time of a command.

References: Anselin, L. (1995) Local indicators of spatial association — LISA.
*Geographical Analysis* 27(2), 93-115. Rey, S.J. (2024) esda ``crand`` module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["neighbour_draws", "pseudo_p", "row_standardised", "weight_sums"]

#: relative tolerance under which a permuted statistic counts as equal to the observed one
_TIE = 1e-10


def row_standardised(adjacency: Any) -> Any:
    """Row-standardised copy of a sparse weights matrix (rows without links stay 0).

    >>> import scipy.sparse as sp
    >>> row_standardised(sp.csr_matrix([[0, 1, 1], [1, 0, 0], [0, 0, 0]])).toarray()
    array([[0. , 0.5, 0.5],
           [1. , 0. , 0. ],
           [0. , 0. , 0. ]])
    """
    import scipy.sparse as sp

    matrix = sp.csr_matrix(adjacency, dtype=float)
    sums = np.asarray(matrix.sum(axis=1)).ravel()
    scale = np.divide(1.0, sums, out=np.zeros_like(sums), where=sums != 0)
    return sp.csr_matrix(sp.diags(scale) @ matrix)


def weight_sums(weights: Any) -> tuple[float, float, float]:
    """Cliff & Ord's :math:`S_0, S_1, S_2` of a weights matrix.

    :math:`S_0 = \\sum_{ij} w_{ij}`, :math:`S_1 = \\tfrac12 \\sum_{ij} (w_{ij} + w_{ji})^2`,
    :math:`S_2 = \\sum_i (w_{i\\cdot} + w_{\\cdot i})^2`.

    >>> import scipy.sparse as sp
    >>> weight_sums(sp.csr_matrix([[0.0, 1.0], [1.0, 0.0]]))
    (2.0, 4.0, 8.0)
    """
    import scipy.sparse as sp

    w = sp.csr_matrix(weights, dtype=float)
    sym = w + w.T
    s0 = float(w.sum())
    s1 = 0.5 * float(sym.multiply(sym).sum())
    margins = np.asarray(w.sum(axis=1)).ravel() + np.asarray(w.sum(axis=0)).ravel()
    return s0, s1, float((margins**2).sum())


def neighbour_draws(
    n: int, max_cardinality: int, permutations: int, rng: np.random.Generator
) -> np.ndarray:
    """Positions drawn without replacement among ``n - 1`` regions, one row a permutation.

    >>> draws = neighbour_draws(10, 3, 5, np.random.default_rng(0))
    >>> draws.shape, bool(((draws >= 0) & (draws < 9)).all())
    ((5, 3), True)
    >>> all(len(set(row)) == 3 for row in draws)
    True
    """
    size = min(max_cardinality, n - 1)
    out = np.empty((permutations, size), dtype=np.intp)
    for k in range(permutations):
        out[k] = rng.choice(n - 1, size=size, replace=False)
    return out


def pseudo_p(
    values: np.ndarray,
    weights: Any,
    factor: np.ndarray,
    observed: np.ndarray,
    *,
    permutations: int,
    seed: int,
    self_weights: np.ndarray | None = None,
    chunk: int = 2_000_000,
) -> np.ndarray:
    """Folded conditional-permutation p-values of a linear local statistic.

    Parameters
    ----------
    values
        :math:`v`, the values that are permuted (standardised for local Moran, raw
        for :math:`G_i^*`), one per region.
    weights
        Sparse (n × n) weights without the diagonal: row :math:`i` holds
        :math:`w_{ij}`.
    factor
        :math:`a_i` per region.
    observed
        The observed statistic :math:`S_i` per region.
    permutations, seed
        Number of conditional permutations and the seed of their draws.
    self_weights
        :math:`s_i` per region (zero when omitted).
    chunk
        Upper bound on the floats held at once.

    Returns
    -------
    numpy.ndarray
        :math:`p_i` as defined in the module docstring; 1 for a region without
        neighbours (its statistic cannot move: there is nothing to test).

    Examples
    --------
    Four regions on a line with values 1-4 (row-standardised): an end region's
    neighbour is drawn from three values, so :math:`p \\ge 1/4` for every region.

    >>> import scipy.sparse as sp
    >>> w = row_standardised(sp.csr_matrix(np.eye(4, k=1) + np.eye(4, k=-1)))
    >>> z = np.array([-1.5, -0.5, 0.5, 1.5]) / np.sqrt(1.25)
    >>> a = 3 * z / (z @ z)
    >>> p = pseudo_p(z, w, a, a * (w @ z), permutations=999, seed=0)
    >>> bool((p >= 0.25).all())
    True
    """
    import scipy.sparse as sp

    values = np.asarray(values, dtype=float)
    n = len(values)
    w = sp.csr_matrix(weights, dtype=float)
    w.sort_indices()
    cardinality = np.diff(w.indptr)
    base = np.zeros(n) if self_weights is None else np.asarray(self_weights) * values
    rng = np.random.default_rng(seed)
    draws = neighbour_draws(n, int(cardinality.max(initial=0)), permutations, rng)
    larger = np.zeros(n, dtype=np.int64)
    floor = observed - _TIE * np.maximum(1.0, np.abs(observed))  # near-ties count as ties
    for c in np.unique(cardinality):
        sites = np.flatnonzero(cardinality == c)
        if c == 0:  # no neighbours: the statistic cannot move, nothing to test (p = 1)
            larger[sites] = -1
            continue
        row_w = w.data[w.indptr[sites][:, None] + np.arange(c)]
        uniform = bool((row_w == row_w[:, :1]).all())
        lags = _equal_weight_lags(values, draws[:, :c]) if uniform else None
        step = max(1, chunk // permutations)
        for start in range(0, len(sites), step):  # (permutations × sites) blocks
            part, part_w = sites[start : start + step], row_w[start : start + step]
            lag = lags(part) * part_w[:, 0] if lags else _lags(values, draws[:, :c], part, part_w)
            stats = factor[part] * (lag + base[part])
            larger[part] = (stats >= floor[part]).sum(axis=0)
    folded = np.minimum(larger, permutations - larger)
    return np.where(larger < 0, 1.0, (folded + 1.0) / (permutations + 1.0))


def _lags(values: np.ndarray, draws: np.ndarray, sites: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(permutations × sites) weighted sums of the drawn neighbours, column by column."""
    lag = np.zeros((draws.shape[0], len(sites)))
    for j in range(draws.shape[1]):  # neighbour j of every site, all permutations
        drawn = draws[:, j, None]
        lag += values[drawn + (drawn >= sites[None, :])] * w[None, :, j]
    return lag


def _equal_weight_lags(values: np.ndarray, draws: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """Unweighted sums of the drawn neighbours for rows whose weights are all equal.

    With the draws of permutation :math:`p` sorted, :math:`d_{p1} < \\dots < d_{pc}`, a
    site :math:`i` sees :math:`v_{d}` for a draw :math:`d < i` and :math:`v_{d+1}`
    otherwise, so its sum is :math:`\\sum_j v_{d_{pj}+1} + \\sum_{j: d_{pj} < i}
    (v_{d_{pj}} - v_{d_{pj}+1})`: a cumulative sum over the sorted draws read at the
    number of draws below :math:`i`. Counting needs only small-integer comparisons
    (vectorised by NumPy), one gather per site and permutation replaces :math:`c`
    gathers: the same sums, about four times as fast on queen graphs. Returns a
    function of the sites giving the (permutations × sites) sums.
    """
    k, c = draws.shape
    n = len(values)
    ordered = np.sort(draws, axis=1)
    below, above = values[ordered], values[ordered + 1]
    first = above.sum(axis=1)[:, None]
    steps = np.zeros((k, c + 1))
    np.cumsum(below - above, axis=1, out=steps[:, 1:])
    flat_steps = steps.ravel()
    small = np.int16 if n < 2**15 else np.int32
    ordered = ordered.astype(small)
    index = np.int32 if k * (c + 1) < 2**31 else np.int64
    row_start = (np.arange(k, dtype=index) * (c + 1))[:, None]

    def lags(sites: np.ndarray) -> np.ndarray:
        at = sites.astype(small)[None, :]
        count = np.zeros((k, len(sites)), dtype=small)
        for j in range(c):  # number of draws below each site
            count += ordered[:, j, None] < at
        return np.asarray(first + flat_steps[row_start + count])

    return lags
