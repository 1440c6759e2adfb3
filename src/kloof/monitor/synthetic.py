"""Synthetic control weights and gaps (Abadie, Diamond & Hainmueller 2010).

For a treated unit with pre-period outcomes :math:`y_1 \\in \\mathbb{R}^{T_0}` and donor
outcomes :math:`Y_0 \\in \\mathbb{R}^{T_0 \\times J}`, the weights solve

.. math:: \\hat w = \\arg\\min_{w \\ge 0,\\ \\mathbf 1^\\top w = 1} \\lVert y_1 - Y_0 w \\rVert^2 ,

matching on the pre-period outcomes themselves. The synthetic unit is
:math:`\\hat y_{1t} = \\sum_j \\hat w_j y_{jt}` and the effect in year :math:`t` is the gap
:math:`y_{1t} - \\hat y_{1t}`. With ``demean=True`` every unit's pre-period mean is
subtracted first (the de-meaned synthetic control of Ferman & Pinto 2021, i.e. a
synthetic control with an intercept), so a treated unit whose level lies outside the
donors' range can still be matched on its path.

The simplex constraint is imposed by non-negative least squares on the system augmented
with a heavily weighted row :math:`\\lambda \\mathbf 1^\\top w = \\lambda`
(Lawson–Hanson, :func:`scipy.optimize.nnls`), after which the weights are rescaled to
sum to exactly 1.

References: Abadie, A., Diamond, A., Hainmueller, J. (2010), JASA 105:493-505; Ferman,
B., Pinto, C. (2021), *Synthetic controls with imperfect pretreatment fit*, QE 12.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kloof.errors import SpecError

__all__ = ["SyntheticFit", "simplex_weights", "synthetic_fit"]


def simplex_weights(target: np.ndarray, donors: np.ndarray) -> np.ndarray:
    """Non-negative weights summing to 1 that best reproduce ``target``.

    Parameters
    ----------
    target
        Shape ``(T0,)``.
    donors
        Shape ``(T0, J)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(J,)``, :math:`w \\ge 0`, :math:`\\sum w = 1`.
    """
    y = np.asarray(target, dtype="float64")
    x = np.asarray(donors, dtype="float64")
    if x.ndim != 2 or x.shape[0] != y.shape[0] or x.shape[1] == 0:
        raise SpecError(f"donor matrix {x.shape} does not fit the target {y.shape}")
    scale = max(float(np.abs(x).max(initial=0.0)), float(np.abs(y).max(initial=0.0)), 1.0)
    lam = 1e3 * scale * np.sqrt(x.shape[0])
    a = np.vstack([x, np.full((1, x.shape[1]), lam)])
    b = np.concatenate([y, [lam]])
    from scipy import optimize  # lazily: scipy is an optional extra

    w, _ = optimize.nnls(a, b, maxiter=50 * x.shape[1])
    total = w.sum()
    if total <= 0:
        return np.full(x.shape[1], 1.0 / x.shape[1])
    return np.asarray(w / total)


@dataclass(frozen=True)
class SyntheticFit:
    """One treated unit and its synthetic counterpart.

    Attributes
    ----------
    unit
        The treated unit.
    weights
        Donor weights (non-zero ones only, largest first).
    actual, synthetic
        Outcome by year.
    gap
        ``actual - synthetic`` by year.
    pre_rmspe, post_rmspe
        Root mean squared gap before / after the start.
    """

    unit: str
    weights: pd.Series
    actual: pd.Series
    synthetic: pd.Series
    gap: pd.Series
    pre_rmspe: float
    post_rmspe: float

    @property
    def ratio(self) -> float:
        """Post/pre RMSPE ratio (Abadie et al. 2010's placebo statistic)."""
        return self.post_rmspe / self.pre_rmspe if self.pre_rmspe > 0 else np.inf

    def effect(self, post: list[int]) -> float:
        """Mean gap over the post years."""
        return float(self.gap.loc[post].mean())


def synthetic_fit(
    panel: pd.DataFrame,
    unit: str,
    donors: list[str],
    pre: list[int],
    *,
    demean: bool = False,
) -> SyntheticFit:
    """Fit the synthetic control of ``unit`` from ``donors`` on the ``pre`` years.

    Parameters
    ----------
    panel
        Balanced wide panel: index = units, columns = years.
    unit, donors
        Treated unit and donor pool (the unit must not be a donor).
    pre
        Pre-period years.
    demean
        Match on deviations from each unit's pre-period mean.
    """
    if unit in donors:
        raise SpecError(f"{unit!r} is both treated and donor")
    y = panel.loc[unit].astype("float64")
    d = panel.loc[donors].astype("float64")
    if demean:
        y_fit = y - y[pre].mean()
        d_fit = d.sub(d[pre].mean(axis=1), axis=0)
    else:
        y_fit, d_fit = y, d
    w = simplex_weights(y_fit[pre].to_numpy(), d_fit[pre].to_numpy().T)
    synth = pd.Series(w @ d_fit.to_numpy(), index=panel.columns)
    actual = y_fit
    gap = actual - synth
    post = [c for c in panel.columns if c not in pre]
    weights = pd.Series(w, index=donors)
    weights = weights[weights > 1e-6].sort_values(ascending=False)
    if demean:  # report on the original scale
        actual = y
        synth = synth + y[pre].mean()
    return SyntheticFit(
        unit=unit,
        weights=weights,
        actual=actual,
        synthetic=synth,
        gap=gap,
        pre_rmspe=float(np.sqrt((gap[pre] ** 2).mean())),
        post_rmspe=float(np.sqrt((gap[post] ** 2).mean())) if post else np.nan,
    )
