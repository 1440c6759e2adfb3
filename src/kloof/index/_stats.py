"""Weighted, missing-aware statistics shared by the index steps (private).

All functions work along axis 0 and ignore missing values (NaN) together with their
weights, so a region without data never pulls a mean towards zero.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

__all__ = ["BoolArray", "FloatArray", "as_float", "wmean", "wquantile", "wstd"]


def as_float(values: Any) -> FloatArray:
    """``values`` as a float64 array (pandas NA → NaN)."""
    return np.asarray(values, dtype="float64")


def _expand(weights: FloatArray, values: FloatArray) -> FloatArray:
    w = np.asarray(weights, dtype="float64")
    return w.reshape(w.shape + (1,) * (values.ndim - w.ndim))


def wmean(values: FloatArray, weights: FloatArray | None = None) -> FloatArray:
    r"""Weighted mean along axis 0, ignoring NaN values and their weights.

    .. math:: \bar x_w = \sum_i w_i x_i / \sum_i w_i \quad (x_i \text{ observed})

    A column without any observed value (or with zero total weight) gives NaN.
    """
    x = as_float(values)
    w = np.ones(x.shape[0]) if weights is None else as_float(weights)
    w = np.where(np.isfinite(w) & (w > 0), w, 0.0)
    we = _expand(w, x) * np.isfinite(x)
    total = we.sum(axis=0)
    num = (np.where(we > 0, x, 0.0) * we).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / total
    return np.where(total > 0, out, np.nan)


def wstd(values: FloatArray, weights: FloatArray | None = None) -> FloatArray:
    r"""Weighted (population) standard deviation along axis 0, ignoring NaN.

    .. math:: s_w = \sqrt{\sum_i w_i (x_i - \bar x_w)^2 / \sum_i w_i}
    """
    x = as_float(values)
    w = np.ones(x.shape[0]) if weights is None else as_float(weights)
    w = np.where(np.isfinite(w) & (w > 0), w, 0.0)
    if x.ndim > 1 and x[0].size > 1 and np.isfinite(x).all():  # rows added in order
        return _wstd_finite(x, w)
    mean = wmean(x, w)
    we = _expand(w, x) * np.isfinite(x)
    total = we.sum(axis=0)
    dev = np.where(we > 0, x - mean, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (we * dev * dev).sum(axis=0) / total
    return np.where(total > 0, np.sqrt(var), np.nan)


def _wstd_finite(x: FloatArray, w: FloatArray) -> FloatArray:
    """:func:`wstd` of values without NaN: the same sums in the same order (rows added
    one after another, as a reduction along axis 0 adds them) with fewer temporaries."""
    we = _expand(w, x)
    total = np.full(x.shape[1:], np.cumsum(w)[-1] if w.size else 0.0)  # sequential sum
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (x * we).sum(axis=0) / total
        dev = x - mean
        sq = dev * we
        sq *= dev
        var = sq.sum(axis=0) / total
    return np.where(total > 0, np.sqrt(var), np.nan)


def wquantile(values: FloatArray, q: float, weights: FloatArray | None = None) -> float:
    """Weighted quantile of a 1-d array (inverted weighted CDF, NaN ignored)."""
    x = as_float(values)
    w = np.ones(x.shape[0]) if weights is None else as_float(weights)
    ok = np.isfinite(x) & np.isfinite(w) & (w > 0)
    if not ok.any():
        return float("nan")
    order = np.argsort(x[ok], kind="stable")
    xs, ws = x[ok][order], w[ok][order]
    cdf = np.cumsum(ws) / ws.sum()
    return float(xs[min(int(np.searchsorted(cdf, q, side="left")), xs.size - 1)])
