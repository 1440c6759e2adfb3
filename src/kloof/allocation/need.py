r"""Turning an indicator or index value into the ``need`` a key weighs.

=============  ===============================================================
``value``      :math:`n = x`
``gap``        :math:`n = \max(0, x - r)` (higher is worse) or
               :math:`\max(0, r - x)` (higher is better): the gap to the
               reference :math:`r`, usually the national value
``ratio``      :math:`n = x / r` (higher is worse) or :math:`r / x`
``percentile`` rank among the recipients in :math:`(0, 1]`, ties averaged,
               1 = most vulnerable
``decile``     :math:`\lceil 10 \cdot \text{percentile} \rceil`, 1-10
=============  ===============================================================

All transforms work along the last axis, so a 2-D array of Monte Carlo draws
(draws × recipients) is transformed draw by draw. Missing values stay missing.

**Sampling error of an indicator** (:func:`poisson_draws`). A rate
:math:`x_i = k_i / d_i \cdot c` from a count :math:`k_i` (bijstand recipients) over a
denominator :math:`d_i` (inhabitants) is uncertain because :math:`k_i` is one
realisation of a Poisson process: a draw is :math:`x^{(d)}_i = x_i \, K^{(d)}_i / k_i`
with :math:`K^{(d)}_i \sim \text{Poisson}(k_i)`, so its relative standard error is
:math:`1/\sqrt{k_i}` and the interval narrows as the count grows. A count indicator is
drawn as :math:`\text{Poisson}(x_i)` itself. The national reference is kept fixed (its
count is in the hundreds of thousands). Poisson sampling error of small-area rates is the
standard model of small-area estimation (e.g. Clayton & Kaldor 1987, *Biometrics* 43).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kloof.errors import SpecError

__all__ = ["TRANSFORMS", "poisson_draws", "transform_need"]

FloatArray = NDArray[np.float64]

#: The need transforms by name.
TRANSFORMS: tuple[str, ...] = ("value", "gap", "ratio", "percentile", "decile")


def _percentile(x: FloatArray) -> FloatArray:
    """Average-rank percentile along the last axis, NaN kept (1 = largest)."""
    out = np.full(x.shape, np.nan)
    flat_x = x.reshape(-1, x.shape[-1])
    flat_o = out.reshape(-1, x.shape[-1])
    for row, res in zip(flat_x, flat_o, strict=True):
        ok = np.isfinite(row)
        vals = row[ok]
        if not vals.size:
            continue
        sorter = np.sort(vals)
        lo = np.searchsorted(sorter, vals, side="left")
        hi = np.searchsorted(sorter, vals, side="right")
        res[ok] = (lo + hi + 1) / 2.0 / vals.size
    return out


def transform_need(
    values: ArrayLike,
    transform: str = "value",
    *,
    reference: float | None = None,
    direction: Literal["higher_is_worse", "higher_is_better"] = "higher_is_worse",
) -> FloatArray:
    """Need from raw values (see the module docstring for the formulas).

    Parameters
    ----------
    values
        1-D (recipients) or 2-D (draws × recipients) values.
    transform
        One of :data:`TRANSFORMS`.
    reference
        Needed by ``gap`` and ``ratio``.
    direction
        Whether higher values mean more vulnerable.

    Examples
    --------
    >>> transform_need([10.0, 30.0], "gap", reference=20.0).tolist()
    [0.0, 10.0]
    >>> transform_need([10.0, 30.0, 20.0], "decile").tolist()
    [4.0, 10.0, 7.0]
    """
    x = np.asarray(values, dtype="float64")
    if transform not in TRANSFORMS:
        raise SpecError(f"need.transform: unknown {transform!r}; choose from {TRANSFORMS}")
    worse = direction == "higher_is_worse"
    if transform == "value":
        return x.copy()
    if transform in ("gap", "ratio"):
        if reference is None or not np.isfinite(reference):
            raise SpecError(f"need.transform {transform!r} needs a reference value")
        if transform == "gap":
            return np.maximum(0.0, x - reference if worse else reference - x)
        if reference <= 0:
            raise SpecError(f"need.transform 'ratio' needs a positive reference, got {reference}")
        with np.errstate(divide="ignore", invalid="ignore"):
            out = x / reference if worse else np.where(x > 0, reference / x, np.nan)
        return np.asarray(out, dtype="float64")
    pct = _percentile(x if worse else -x)
    if transform == "percentile":
        return pct
    return np.ceil(np.round(pct * 10.0, 9))


def poisson_draws(
    values: ArrayLike,
    counts: ArrayLike | None,
    runs: int,
    rng: np.random.Generator,
) -> FloatArray:
    r"""Draws × recipients of an indicator under Poisson sampling error of its count.

    Parameters
    ----------
    values
        The indicator per recipient (a rate, or the count itself when ``counts`` is
        ``None``).
    counts
        The rate's numerator per recipient (:math:`k_i`); ``NaN`` keeps that recipient's
        value fixed (no count known), and so does a zero count (no information on the
        rate's spread; it stays 0).
    runs
        Number of draws.
    rng
        The random generator (nothing touches global random state).

    Returns
    -------
    numpy.ndarray
        Shape ``(runs, n)``: :math:`x_i K^{(d)}_i / k_i`, :math:`K \sim 	ext{Poisson}(k_i)`.

    Examples
    --------
    >>> d = poisson_draws([50.0, 50.0], [25.0, 2500.0], 2000, np.random.default_rng(1))
    >>> bool(d[:, 0].std() > 5 * d[:, 1].std())  # 100× the count: 1/10 of the spread
    True
    """
    x = np.asarray(values, dtype="float64")
    if runs < 1:
        raise SpecError(f"runs: {runs} is not a positive number of draws")
    if counts is None:
        lam = np.where(np.isfinite(x) & (x > 0), x, 0.0)
        out = rng.poisson(lam, size=(runs, x.size)).astype("float64")
        return np.where(np.isfinite(x), out, np.nan)
    k = np.asarray(counts, dtype="float64")
    if k.shape != x.shape:
        raise SpecError(f"counts: shape {k.shape} does not match the values' {x.shape}")
    ok = np.isfinite(k) & (k > 0) & np.isfinite(x)
    lam = np.where(ok, k, 0.0)
    draws = rng.poisson(lam, size=(runs, x.size)).astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = x * draws / np.where(ok, k, 1.0)
    return np.where(ok, scaled, np.broadcast_to(x, scaled.shape))
