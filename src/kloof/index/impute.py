"""Imputation of missing indicator values, with a flag for every imputed value.

CBS suppresses small-area values (``.`` in KWB files) for privacy and reliability. An
imputer fills some of those gaps from related regions; whatever stays missing is
handled by the aggregation (weights re-normalised over the available indicators) and
flagged in the result. Every imputer is a pure function with the same signature::

    imputer(values: DataFrame, context: ImputeContext) -> DataFrame

returning a frame of the same shape; :func:`impute` adds the boolean mask of the cells
it filled. The registry :data:`IMPUTERS` maps spec names to the functions.

=================  =========================================================
``none``           leave gaps (aggregation re-weights over available values)
``parent``         the value of the parent region: buurt → wijk → gemeente → NL
``gemeente_mean``  population-weighted mean of the other regions in the gemeente
``gemeente_median``median of the other regions in the same gemeente
``mean``           population-weighted mean of all regions
=================  =========================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["IMPUTERS", "ImputeContext", "impute"]


@dataclass(frozen=True)
class ImputeContext:
    """What imputers may use besides the values themselves.

    Attributes
    ----------
    groups
        The gemeente code of every region (index = region codes); NaN for gemeenten.
    weights
        Population weights of the regions (inhabitants).
    parents
        Frames of parent levels aligned to the regions (same index and columns), from
        the nearest parent (wijk for buurten) to the farthest (NL).
    """

    groups: pd.Series
    weights: pd.Series
    parents: tuple[pd.DataFrame, ...] = field(default_factory=tuple)


def impute_none(values: pd.DataFrame, context: ImputeContext) -> pd.DataFrame:
    """Leave missing values missing."""
    return values.copy()


def impute_parent(values: pd.DataFrame, context: ImputeContext) -> pd.DataFrame:
    """Fill from the nearest parent region that has a value (buurt → wijk → gemeente → NL)."""
    out = values.copy()
    for parent in context.parents:
        out = out.fillna(parent.reindex(index=out.index, columns=out.columns))
    return out


def _group_fill(values: pd.DataFrame, context: ImputeContext, how: str) -> pd.DataFrame:
    groups = context.groups.reindex(values.index)
    if groups.isna().all():
        return values.copy()
    key = groups.fillna("__none__").astype(str)
    if how == "median":
        fill = values.groupby(key).transform("median")
    else:
        w = context.weights.reindex(values.index).fillna(0.0).clip(lower=0.0)
        present = values.notna()
        num = values.fillna(0.0).mul(w, axis=0).groupby(key).transform("sum")
        den = present.mul(w, axis=0).groupby(key).transform("sum")
        fill = num / den.where(den > 0)
    fill = fill.where(groups.notna(), np.nan, axis=0)
    return values.fillna(fill)


def impute_gemeente_mean(values: pd.DataFrame, context: ImputeContext) -> pd.DataFrame:
    """Fill with the population-weighted mean of the gemeente's other regions."""
    return _group_fill(values, context, "mean")


def impute_gemeente_median(values: pd.DataFrame, context: ImputeContext) -> pd.DataFrame:
    """Fill with the median of the gemeente's other regions."""
    return _group_fill(values, context, "median")


def impute_mean(values: pd.DataFrame, context: ImputeContext) -> pd.DataFrame:
    """Fill with the population-weighted mean of all regions."""
    w = context.weights.reindex(values.index).fillna(0.0).clip(lower=0.0)
    present = values.notna()
    num = values.fillna(0.0).mul(w, axis=0).sum()
    den = present.mul(w, axis=0).sum()
    return values.fillna(num / den.where(den > 0))


Imputer = Callable[[pd.DataFrame, ImputeContext], pd.DataFrame]

#: Imputers by the name used in specs.
IMPUTERS: dict[str, Imputer] = {
    "none": impute_none,
    "parent": impute_parent,
    "gemeente_mean": impute_gemeente_mean,
    "gemeente_median": impute_gemeente_median,
    "mean": impute_mean,
}


def impute(
    values: pd.DataFrame, method: str, context: ImputeContext
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run an imputer and return the filled values and the mask of imputed cells.

    Parameters
    ----------
    values
        Regions × indicators, NaN = missing.
    method
        Key of :data:`IMPUTERS`.
    context
        Groups, weights and parent frames.

    Returns
    -------
    filled, imputed
        The filled frame and a boolean frame, ``True`` where a value was imputed.
    """
    filled = IMPUTERS[method](values, context)
    imputed = values.isna() & filled.notna()
    return filled, imputed
