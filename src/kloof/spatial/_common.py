"""Small helpers shared by the spatial modules (private)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from kloof.errors import SpecError

Direction = Literal["higher_is_worse", "higher_is_better"]
Correction = Literal["fdr", "bonferroni", "none"]
CORRECTIONS: dict[str, str] = {
    "fdr": "Benjamini-Hochberg false discovery rate (esda.fdr)",
    "bonferroni": "Bonferroni: alpha / number of tests",
    "none": "no correction: p < alpha",
}


def gemeente_of(codes: Sequence[str] | pd.Index) -> pd.Series:
    """Gemeente code of each region code (a gemeente code maps to itself).

    ``WK036301`` → ``GM0363``; ``BU0363AA01`` → ``GM0363``; ``GM0599`` → ``GM0599``.
    """
    index = pd.Index([str(c) for c in codes])
    digits = index.str.slice(2, 6)
    prefix = index.str.slice(0, 2)
    out = np.where(prefix.isin(["GM", "WK", "BU"]), "GM" + digits, None)
    return pd.Series(out, index=index, name="gemeente", dtype=object)


def wijk_of(codes: Sequence[str] | pd.Index) -> pd.Series:
    """Wijk code of each buurt code (wijk codes map to themselves, others to None)."""
    index = pd.Index([str(c) for c in codes])
    prefix = index.str.slice(0, 2)
    out = np.where(
        prefix == "BU",
        "WK" + index.str.slice(2, 8),
        np.where(prefix == "WK", index, None),
    )
    return pd.Series(out, index=index, name="wijk", dtype=object)


def significance_cutoff(p: np.ndarray, alpha: float, correction: str) -> float:
    """The p-value *below* which a local test counts as significant (``p < cutoff``).

    ``none`` gives ``alpha``, ``bonferroni`` ``alpha / n``; ``fdr`` the Benjamini &
    Hochberg (1995) step-up bound ``k alpha / n`` of the largest ``k`` with
    ``p_(k) < k alpha / n`` (strict, as :func:`esda.fdr`; when no test passes, the
    Bonferroni bound ``alpha / n``, as esda returns). The comparison is strict as in esda's
    ``Moran_Local.get_cluster_labels`` (``p_sim < crit_value``).
    """
    if not 0 < alpha < 1:
        raise SpecError(f"alpha must lie between 0 and 1, not {alpha}")
    if correction not in CORRECTIONS:
        raise SpecError(f"correction {correction!r} unknown; choose from {list(CORRECTIONS)}")
    n = int(np.isfinite(p).sum())
    if n == 0:
        return float("nan")
    if correction == "none":
        return alpha
    if correction == "bonferroni":
        return alpha / n
    ranked = np.sort(p[np.isfinite(p)])  # p_(1) <= ... <= p_(n)
    bounds = np.arange(1, n + 1) * alpha / n
    passing = np.flatnonzero(ranked < bounds)
    return float(bounds[passing[-1]]) if len(passing) else alpha / n


def weighted_mean(values: pd.Series, weights: pd.Series | None) -> float:
    """Mean of the non-missing values, weighted by non-missing positive weights."""
    if weights is None:
        v = values.dropna()
        return float(v.mean()) if len(v) else float("nan")
    ok = values.notna() & weights.notna()
    if not ok.any() or float(weights[ok].sum()) <= 0:
        return float("nan")
    return float(np.average(values[ok], weights=weights[ok]))


def worst_share(
    values: pd.Series,
    share: float,
    direction: Direction,
    weights: pd.Series | None = None,
) -> pd.Series:
    """Mask of the regions in the worst ``share`` of the distribution.

    Without weights the worst ``share`` of regions (by rank, ties kept together:
    every region at least as bad as the ``1 - share`` quantile). With weights (e.g.
    residents) regions are sorted from worst to best and taken while the cumulative
    weight *before* them is below ``share`` of the total, so the worst decile of
    residents is covered with the fewest regions. Missing values are never worst.
    """
    if not 0 < share < 1:
        raise SpecError(f"share must lie between 0 and 1, not {share}")
    if direction not in ("higher_is_worse", "higher_is_better"):
        raise SpecError(f"direction {direction!r} must be higher_is_worse or higher_is_better")
    sign = 1.0 if direction == "higher_is_worse" else -1.0
    badness = sign * values.astype(float)
    mask = pd.Series(False, index=values.index)
    ok = badness.notna()
    if weights is not None:
        ok &= weights.notna() & (weights > 0)
    if not ok.any():
        return mask
    if weights is None:
        cut = float(np.quantile(badness[ok], 1 - share))
        mask[ok] = badness[ok] >= cut
        return mask
    order = badness[ok].sort_values(ascending=False, kind="mergesort")
    w = weights[order.index].astype(float)
    before = w.cumsum() - w
    mask[order.index[(before / w.sum()) < share]] = True
    return mask
