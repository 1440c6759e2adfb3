"""Re-express indicator values on another year's regions through a crosswalk.

Region codes are re-issued every year, so a 2016 wijk frame must be moved onto the 2024
wijken before the two years can be compared. A crosswalk (read by
:func:`kloof.sources.crosswalk.read_crosswalk`) gives transfer weights
:math:`w_{s \\to t}`: the share of old region *s*'s addresses that lie in new region *t*
(:math:`\\sum_t w_{s \\to t} = 1`). Regions that are not in the crosswalk did not change
and map one-to-one onto the same code (:math:`w_{s \\to s} = 1`).

* **counts** (inhabitants, recipients) are split by weight and summed:

  .. math:: x_t = \\sum_s w_{s \\to t} \\, x_s

  so the total over all regions is conserved;
* **rates and means** (``%``, per 1 000, mean WOZ) are averaged with the count they are
  a rate of (the catalogue's ``weight``: inhabitants, households, dwellings):

  .. math:: r_t = \\frac{\\sum_s w_{s \\to t} W_s r_s}{\\sum_s w_{s \\to t} W_s}

  Without a weight count every part of an old region counts as much as its address
  share (:math:`W_s = 1`), which a :class:`~kloof.errors.KloofWarning` points out.

Both assume values are spread over an old region in proportion to its addresses (the
crosswalk's premise). A new region receiving anything from a missing value (NaN, or an
old region absent from the frame) is missing: a partial sum is never passed off as a
total.

This module is pure (pandas, numpy, the catalogue): no files, no settings.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"inhabitants": [100.0, 50.0]}, index=["GM0001", "GM0002"])
>>> xwalk = pd.DataFrame({"from_code": ["GM0001", "GM0001"], "to_code": ["GM0003", "GM0002"],
...                       "weight": [0.6, 0.4]})
>>> reexpress(frame, xwalk, kinds={"inhabitants": "count"})["inhabitants"].to_dict()
{'GM0002': 90.0, 'GM0003': 60.0}
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from kloof.catalogue import Catalogue
from kloof.errors import KloofWarning, SpecError

__all__ = ["KINDS", "catalogue_plan", "reexpress", "transfer_table"]

#: Kinds of column :func:`reexpress` can move: summed counts, weighted rates/means.
KINDS = ("count", "rate", "mean")


def transfer_table(crosswalk: pd.DataFrame, codes: pd.Index) -> pd.DataFrame:
    """The crosswalk completed with one-to-one rows for unchanged regions.

    Parameters
    ----------
    crosswalk
        ``from_code``, ``to_code``, ``weight`` of one level and pair of years.
    codes
        Old-year codes of the frame to move.

    Returns
    -------
    pandas.DataFrame
        ``from_code``, ``to_code``, ``weight`` for every code of ``codes`` (codes not in
        the crosswalk map onto themselves with weight 1) and every crosswalk row.

    Raises
    ------
    SpecError
        If the crosswalk mixes levels or years, lacks columns, or its weights per
        ``from_code`` do not sum to 1.
    """
    needed = {"from_code", "to_code", "weight"}
    if not needed <= set(crosswalk.columns):
        raise SpecError(
            f"a crosswalk needs columns {sorted(needed)}; got {list(crosswalk.columns)}"
        )
    for key in ("level", "from_year", "to_year"):
        if key in crosswalk.columns and crosswalk[key].nunique() > 1:
            raise SpecError(
                f"the crosswalk mixes several {key}s {sorted(crosswalk[key].unique())}; "
                "select one level and pair of years"
            )
    xw = crosswalk.loc[:, ["from_code", "to_code", "weight"]].astype(
        {"from_code": "string", "to_code": "string", "weight": "float64"}
    )
    sums = xw.groupby("from_code")["weight"].sum()
    off = sums[(sums - 1.0).abs() > 1e-6]
    if len(off):
        raise SpecError(
            f"crosswalk weights of {off.index[0]!r} sum to {off.iloc[0]:.6g}, not 1 "
            f"({len(off)} such regions); weights must be shares of each old region"
        )
    index = pd.Index(codes.astype("string"))
    same = index[~index.isin(xw["from_code"])]
    identity = pd.DataFrame({"from_code": same, "to_code": same, "weight": 1.0})
    return pd.concat([xw, identity], ignore_index=True)


def reexpress(
    frame: pd.DataFrame,
    crosswalk: pd.DataFrame,
    *,
    kinds: Mapping[str, str],
    weights: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Re-express a wide frame on the crosswalk's target-year regions.

    Parameters
    ----------
    frame
        Indexed by old-year region codes, one column per indicator.
    crosswalk
        Transfer weights of one level and pair of years (``from_code``, ``to_code``,
        ``weight``); unchanged regions may be left out.
    kinds
        ``count``, ``rate`` or ``mean`` for every column of ``frame``.
    weights
        Indexed like ``frame``: for a rate/mean column, the count it is a rate of
        (``weights["woz_mean"]`` = dwellings). See :func:`catalogue_plan`.

    Returns
    -------
    pandas.DataFrame
        Indexed by new-year codes (sorted, named ``code``), same columns. New regions
        that receive nothing from ``frame`` are left out.

    Raises
    ------
    SpecError
        A column without a kind, an unknown kind, a malformed crosswalk.

    Warns
    -----
    KloofWarning
        When a rate/mean has no weight count and address shares alone weight it.
    """
    unknown = [c for c in frame.columns if c not in kinds]
    if unknown:
        raise SpecError(f"no kind given for columns {unknown}; say count, rate or mean")
    bad = {c: k for c, k in kinds.items() if c in frame.columns and k not in KINDS}
    if bad:
        raise SpecError(f"cannot re-express {bad}; kinds are {', '.join(KINDS)}")
    if frame.index.has_duplicates:
        raise SpecError(f"the frame repeats region {frame.index[frame.index.duplicated()][0]!r}")
    table = transfer_table(crosswalk, frame.index)
    present = table["from_code"].isin(frame.index.astype("string"))
    # keep targets that receive something from the frame
    targets = pd.Index(table.loc[present, "to_code"].unique())
    table = table[table["to_code"].isin(targets)].reset_index(drop=True)
    src = table["from_code"].to_numpy()
    to = table["to_code"].to_numpy()
    w = table["weight"].to_numpy()
    aligned = frame.set_axis(frame.index.astype("string")).reindex(src)
    unweighted = []
    out: dict[str, pd.Series] = {}
    for col in frame.columns:
        x = aligned[col].to_numpy(dtype="float64")
        if kinds[col] == "count":
            out[col] = _weighted_sum(w * x, to)
            continue
        if weights is not None and col in weights.columns:
            big_w = weights[col].set_axis(weights.index.astype("string")).reindex(src)
            big_w = big_w.to_numpy(dtype="float64")
        else:
            big_w = np.where(present.to_numpy(), 1.0, np.nan)
            unweighted.append(col)
        # a part with weight 0 contributes nothing, even when its rate is undefined
        num = _weighted_sum(np.where(big_w == 0, 0.0, w * big_w * x), to)
        den = _weighted_sum(w * big_w, to)
        out[col] = num / den.where(den > 0)
    if unweighted:
        warnings.warn(
            f"no weight count for {unweighted}: parts of old regions are weighted by their "
            "address share only; pass weights= (see catalogue_plan) for exact rates",
            KloofWarning,
            stacklevel=2,
        )
    result = pd.DataFrame(out, columns=list(frame.columns)).sort_index()
    result.index.name = "code"
    return result


def _weighted_sum(parts: np.ndarray, to: np.ndarray) -> pd.Series:
    """Sum ``parts`` per target; missing if any part is missing."""
    series = pd.Series(parts, index=pd.Index(to, dtype="string"))
    grouped = series.groupby(level=0, sort=True)
    total = grouped.sum(min_count=1)
    any_missing = series.isna().groupby(level=0, sort=True).any()
    return total.mask(any_missing)


def catalogue_plan(
    frame: pd.DataFrame, catalogue: Catalogue
) -> tuple[dict[str, str], pd.DataFrame]:
    """Kinds and weight counts for :func:`reexpress` from the catalogue.

    A rate/mean column's weight is the column of its catalogue ``weight`` indicator
    when that is in ``frame`` (``bijstand_per_1000`` → ``inhabitants``).

    Raises
    ------
    CatalogueError
        A column that is not a catalogue indicator.
    SpecError
        A category indicator, which cannot be re-expressed.
    """
    kinds: dict[str, str] = {}
    weights: dict[str, pd.Series] = {}
    for col in frame.columns:
        ind = catalogue[str(col)]
        if ind.kind not in KINDS:
            raise SpecError(f"{col!r} is a {ind.kind}; only {', '.join(KINDS)} can be moved")
        kinds[str(col)] = ind.kind
        if ind.kind != "count" and ind.weight and ind.weight in frame.columns:
            weights[str(col)] = frame[ind.weight]
    return kinds, pd.DataFrame(weights, index=frame.index)
