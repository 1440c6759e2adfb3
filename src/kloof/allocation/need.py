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
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kloof.errors import SpecError

__all__ = ["TRANSFORMS", "transform_need"]

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
