"""Ranks, deciles, the nine Leefbaarometer-style classes and SVI-style flags.

Conventions (higher index = more liveable, less vulnerable):

* **rank** 1 is the *most vulnerable* region (lowest index); tied regions share the
  *least vulnerable* of their ranks, ``#{j : index_j <= index_i}``, as CDC SVI gives
  ties the lowest ``PERCENTRANK.INC`` when ranking by vulnerability;
* **percentile** ``100 × (rank − 1) / (N − 1)`` ``= 100 × (1 − RPL)`` with ``RPL`` the
  CDC percentile rank of the vulnerability (``−index``): 0 = most vulnerable;
* **decile** ``ceil(10 × rank / N)``: decile 1 holds the 10 % most vulnerable regions;
* **class** 1-9 by fixed bands of the index scale, so a class means the same distance
  to the reference in every year and at every level. With the default
  :data:`~kloof.index.spec.CLASS_BREAKS` every class is half a standard deviation wide
  (5 index points) and class 5 "voldoende" is centred on the reference (97.5-102.5).
  As in the Leefbaarometer, the Dutch label "zwak" (4) ranks *above* "onvoldoende" (3);
* **flags** (CDC SVI): an indicator is flagged when the region's vulnerability
  percentile rank (SVI convention, :func:`~kloof.index.normalise.percentile_rank`) is at
  or above 0.90.

References
----------
Leefbaarometer 3.0, *Instrumentontwikkeling* (2021): nine classes "zeer onvoldoende" …
"uitstekend". CDC/ATSDR SVI 2020 documentation: flags at the 90th percentile.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kloof.index._stats import FloatArray, as_float
from kloof.index.normalise import percentile_rank

__all__ = [
    "CLASS_LABELS",
    "CLASS_LABELS_EN",
    "FLAG_THRESHOLD",
    "bins",
    "class_label",
    "class_labels",
    "classify",
    "decile",
    "percentile",
    "rank",
    "svi_flags",
    "vulnerability_percentile",
]

#: Vulnerability percentile rank from which a value is flagged (CDC SVI: 0.90).
FLAG_THRESHOLD = 0.9

#: The nine classes in Dutch, from 1 (worst) to 9 (best).
CLASS_LABELS: dict[int, str] = {
    1: "zeer onvoldoende",
    2: "ruim onvoldoende",
    3: "onvoldoende",
    4: "zwak",
    5: "voldoende",
    6: "ruim voldoende",
    7: "goed",
    8: "zeer goed",
    9: "uitstekend",
}

#: English translations of :data:`CLASS_LABELS`.
CLASS_LABELS_EN: dict[int, str] = {
    1: "very insufficient",
    2: "highly insufficient",
    3: "insufficient",
    4: "weak",
    5: "sufficient",
    6: "amply sufficient",
    7: "good",
    8: "very good",
    9: "excellent",
}


def class_labels(language: str = "nl") -> dict[int, str]:
    """The nine class labels in ``language``: the one place a face picks them.

    The result's ``class_label`` column is Dutch; every face (CLI tables, reports, the
    dashboard's legends and API) asks this function for the user's language.

    Parameters
    ----------
    language
        ``en`` for English; anything else gives the Dutch labels (the default).

    >>> class_labels("en")[4], class_labels()[4]
    ('weak', 'zwak')
    """
    return CLASS_LABELS_EN if language == "en" else CLASS_LABELS


def class_label(cls: object, language: str = "nl") -> str:
    """The label of class ``cls`` (1-9) in ``language``; ``""`` when there is none.

    >>> class_label(9, "en"), class_label(5.0), class_label(None)
    ('excellent', 'voldoende', '')
    """
    try:
        key = int(cls)  # type: ignore[call-overload]
    except (TypeError, ValueError):  # None, pd.NA, NaN
        return ""
    return class_labels(language).get(key, "")


def _comparable(index: FloatArray) -> FloatArray:
    """Index values rounded to 1e-9 so that float noise does not break a tie.

    Sums of the same percentile ranks added in another order can differ in the last
    bit; CDC rounds its sums to four decimals before ranking.
    """
    return np.round(as_float(index), 9)


def rank(index: FloatArray) -> FloatArray:
    """Rank 1 = lowest index (most vulnerable); NaN stays NaN.

    Tied regions take the highest of their ranks (the least vulnerable position),
    ``rank_i = #{j : index_j <= index_i}``: CDC SVI ranks by vulnerability with ties
    at the lowest ``PERCENTRANK.INC``, i.e. the least vulnerable.

    >>> rank(np.array([90.0, 110, 90, np.nan])).tolist()
    [2.0, 3.0, 2.0, nan]
    """
    x = _comparable(index)
    ok = np.isfinite(x)
    srt = np.sort(x[ok])
    out = np.searchsorted(srt, x, side="right").astype("float64")
    return np.where(ok, out, np.nan)


def percentile(index: FloatArray) -> FloatArray:
    """``100 × (rank − 1) / (N − 1)``: 0 = most vulnerable, 100 = least.

    Equal to ``100 × (1 − RPL)`` with ``RPL`` the CDC SVI percentile rank
    (``PERCENTRANK.INC``, ties lowest) of the vulnerability ``−index``; a single
    region gets 0, as before.

    >>> percentile(np.array([100.0, 90, 90, 120])).round(2).tolist()
    [66.67, 33.33, 33.33, 100.0]
    """
    x = _comparable(index)
    if np.isfinite(x).sum() < 2:
        return np.where(np.isfinite(x), 0.0, np.nan)
    return 100.0 * (1.0 - percentile_rank(-x))


def decile(index: FloatArray) -> FloatArray:
    """``ceil(10 × rank / N)``: 1 = the 10 % most vulnerable regions."""
    r = rank(index)
    n = np.isfinite(r).sum()
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(r), np.ceil(10.0 * r / max(n, 1)), np.nan)


def bins(values: FloatArray | Sequence[float], breaks: Sequence[float]) -> np.ndarray:
    """Class ``0 … len(breaks)`` of each value, ``-1`` for a missing one.

    The one rule for classes in kloof (index classes, map legends): class ``j`` holds
    ``breaks[j-1] <= value < breaks[j]``, so a value equal to a break is in the upper
    class (as the index classes: 97.5 is class 5, "voldoende").

    >>> bins([1.0, 2.5, 4.0, float("nan")], (2.5,)).tolist()
    [0, 1, 1, -1]
    """
    x = as_float(np.asarray(values, dtype="float64"))
    cls = np.searchsorted(np.asarray(breaks, dtype="float64"), x, side="right")
    return np.where(np.isfinite(x), cls, -1).astype(int)


def classify(index: FloatArray, breaks: tuple[float, ...]) -> FloatArray:
    """Class 1-9: class ``c`` holds ``breaks[c-2] <= index < breaks[c-1]`` (:func:`bins`).

    >>> classify(np.array([80.0, 100, 117.5]), (82.5, 87.5, 92.5, 97.5, 102.5,
    ...                                          107.5, 112.5, 117.5)).tolist()
    [1.0, 5.0, 9.0]
    """
    cls = bins(index, breaks).astype("float64") + 1.0
    return np.where(cls > 0, cls, np.nan)


def vulnerability_percentile(values: FloatArray, x: float, direction: str) -> float:
    """Where ``x`` stands among ``values`` in the vulnerable direction, 0-100.

    The same rule as :func:`svi_flags` (CDC ``PERCENTRANK.INC``, ties at the lowest,
    least vulnerable position), for a value that need not be one of ``values`` (an
    area scored against the wijken):

    .. math:: V = 100 \\times \\#\\{j : s v_j < s x\\} / (N - 1),\\quad
       s = -1 \\text{ if higher is better, else } 1

    clipped to 0-100; NaN for a missing ``x``, a ``neutral`` direction or fewer than
    two values. A value is flagged from ``100 × FLAG_THRESHOLD``.

    >>> vulnerability_percentile(np.array([5.0, 3, 3, 8, 1]), 5.0, "higher_is_worse")
    75.0
    >>> vulnerability_percentile(np.array([5.0, 3, 3, 8, 1]), 3.0, "higher_is_better")
    50.0
    """
    arr = as_float(values)
    arr = arr[np.isfinite(arr)]
    if direction == "neutral" or not np.isfinite(x) or arr.size < 2:
        return float("nan")
    sign = -1.0 if direction == "higher_is_better" else 1.0
    below = float(np.sum(sign * arr < sign * x))
    return float(min(100.0, 100.0 * below / (arr.size - 1)))


def svi_flags(
    values: pd.DataFrame, directions: dict[str, str], threshold: float = FLAG_THRESHOLD
) -> pd.DataFrame:
    """Flag every indicator at or beyond the ``threshold`` vulnerability percentile.

    Parameters
    ----------
    values
        Regions × indicators, raw (observed) values.
    directions
        ``higher_is_worse`` or ``higher_is_better`` per indicator; the vulnerable
        direction is ranked (CDC SVI convention, ties at the lowest rank).
    threshold
        Percentile rank from which a value is flagged (CDC: 0.90).

    Returns
    -------
    pandas.DataFrame
        Boolean, same shape; missing values are never flagged.
    """
    out = {}
    for col in values.columns:
        sign = -1.0 if directions.get(col) == "higher_is_better" else 1.0
        pr = percentile_rank(sign * values[col].to_numpy(dtype="float64"))
        out[col] = np.nan_to_num(pr, nan=-1.0) >= threshold
    return pd.DataFrame(out, index=values.index, columns=values.columns)
