"""Screening: which regions get no score, and why.

Small areas carry little information: CBS suppresses most of their values and the few
published ones are noisy. Screening drops them *before* imputation and reports every
dropped region with its reason, so a missing score is never silent. Each rule is a pure
function in the registry :data:`SCREENS`::

    rule(values, population, spec) -> Series of reasons ("" = kept)

=============  ==============================================================
``population`` fewer inhabitants than ``min_population`` (or none known)
``coverage``   fewer observed indicators than ``min_coverage`` of the spec's
=============  ==============================================================
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from kloof.index.spec import ScreeningSpec

__all__ = ["SCREENS", "screen"]


def screen_population(
    values: pd.DataFrame, population: pd.Series, spec: ScreeningSpec
) -> pd.Series:
    """Reason for regions below ``min_population`` inhabitants."""
    reasons = pd.Series("", index=values.index, dtype="object")
    if spec.min_population <= 0:
        return reasons
    pop = population.reindex(values.index)
    reasons[pop.isna()] = "number of inhabitants unknown"
    low = pop.notna() & (pop < spec.min_population)
    reasons[low] = [f"{p:,.0f} inhabitants (< {spec.min_population:,.0f})" for p in pop[low]]
    return reasons


def screen_coverage(values: pd.DataFrame, population: pd.Series, spec: ScreeningSpec) -> pd.Series:
    """Reason for regions with too few observed indicators."""
    reasons = pd.Series("", index=values.index, dtype="object")
    k = values.shape[1]
    if k == 0:
        return reasons
    observed = values.notna().sum(axis=1)
    low = observed < spec.min_coverage * k
    if spec.min_coverage <= 0:
        low = observed == 0
    reasons[low] = [
        f"data for {n} of {k} indicators (< {spec.min_coverage:.0%})" for n in observed[low]
    ]
    return reasons


Screen = Callable[[pd.DataFrame, pd.Series, ScreeningSpec], pd.Series]

#: Screening rules, applied in this order.
SCREENS: dict[str, Screen] = {
    "population": screen_population,
    "coverage": screen_coverage,
}


def screen(
    values: pd.DataFrame, population: pd.Series, spec: ScreeningSpec
) -> tuple[pd.Index, pd.DataFrame]:
    """Apply every rule of :data:`SCREENS`.

    A region without any observed indicator is always screened out, whatever
    ``min_coverage`` says: it would get a score made of imputations only.

    Returns
    -------
    kept, screened
        The codes that get a score, and a frame ``code, reason`` (reasons of several
        rules joined by ``"; "``) of those that do not.
    """
    parts = [rule(values, population, spec) for rule in SCREENS.values()]
    joined = pd.Series("", index=values.index, dtype="object")
    for part in parts:
        sep = pd.Series(
            np.where((joined != "") & (part != ""), "; ", ""), index=values.index, dtype="object"
        )
        joined = joined + sep + part
    out = joined != ""
    screened = pd.DataFrame(
        {"code": values.index[out].astype(str), "reason": joined[out].astype(str).to_numpy()}
    )
    return values.index[~out.to_numpy()], screened
