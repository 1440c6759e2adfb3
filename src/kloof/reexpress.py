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

**Postcode areas.** :func:`reexpress_pc4` moves a frame keyed by 4-digit postcode areas
(``PC1011``) onto the gemeenten or wijken of a boundary year with the same formulas,
the weights being each PC4's address shares :math:`w_{p \\to t} = n_{pt} / \\sum_{t'}
n_{pt'}` (:func:`kloof.sources.pc4.read_pc4_crosswalk`). A rate whose weight is the
count it is a share of is then the ratio of the re-expressed counts,

.. math:: r_t = \\frac{\\sum_p w_{p \\to t} D_p r_p}{\\sum_p w_{p \\to t} D_p}
              = 100 \\, \\frac{\\sum_p w_{p \\to t} N_p}{\\sum_p w_{p \\to t} D_p}
   \\quad (r_p = 100 N_p / D_p),

e.g. ``social_rent_pct`` = Σ share × social-rent dwellings / Σ share × dwellings × 100:
never an average of rates. Because CBS suppresses small PC4 counts (``-99997``), a rate
or mean is computed over the PC4 parts whose value is known when those hold at least
``min_coverage`` of the target's weight (:math:`\\sum_{p\\,\\mathrm{known}} w D /
\\sum_p w D`); counts stay strict.

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
from typing import Literal

import numpy as np
import pandas as pd

from kloof import regions as _regions
from kloof.catalogue import Catalogue
from kloof.errors import KloofWarning, RegionCodeError, SpecError

__all__ = [
    "KINDS",
    "catalogue_plan",
    "pc4_transfer_weights",
    "reexpress",
    "reexpress_pc4",
    "transfer_table",
]

#: Kinds of column :func:`reexpress` can move: summed counts, weighted rates/means.
KINDS = ("count", "rate", "mean")
#: What :func:`reexpress` does with frame regions the crosswalk does not list.
Unmatched = Literal["identity", "drop"]


def transfer_table(
    crosswalk: pd.DataFrame, codes: pd.Index, *, unmatched: Unmatched = "identity"
) -> pd.DataFrame:
    """The crosswalk completed with one-to-one rows for unchanged regions.

    Parameters
    ----------
    crosswalk
        ``from_code``, ``to_code``, ``weight`` of one level and pair of years.
    codes
        Old-year codes of the frame to move.
    unmatched
        ``identity``: codes not in the crosswalk map onto themselves (a boundary
        crosswalk lists changed regions only); ``drop``: they are left out (a PC4
        crosswalk lists every postcode area it can place).

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
    if unmatched == "drop":
        return xw.reset_index(drop=True)
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
    unmatched: Unmatched = "identity",
    min_coverage: float | None = None,
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
    unmatched
        What becomes of frame regions the crosswalk does not list (see
        :func:`transfer_table`).
    min_coverage
        ``None`` (default): a rate/mean receiving anything from a missing value is
        missing. A share in (0, 1]: rates and means are computed over the parts whose
        value and weight are known, if those hold at least this share of the target's
        weight (parts with an unknown weight count as neither). Counts stay strict.

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
    if min_coverage is not None and not 0 < min_coverage <= 1:
        raise SpecError(f"min_coverage must lie in (0, 1], got {min_coverage}")
    table = transfer_table(crosswalk, frame.index, unmatched=unmatched)
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
        if min_coverage is not None:
            out[col] = _covered_ratio(x, big_w, w, to, min_coverage)
            continue
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


def _covered_ratio(
    x: np.ndarray, big_w: np.ndarray, w: np.ndarray, to: np.ndarray, min_coverage: float
) -> pd.Series:
    """Σ w W x / Σ w W over the known parts, where they cover enough of Σ w W."""
    weighable = ~np.isnan(big_w)
    known = weighable & ((big_w == 0) | ~np.isnan(x))
    part = np.where(weighable, w * big_w, 0.0)
    index = pd.Index(to, dtype="string")
    num = pd.Series(np.where(known & (big_w != 0), part * np.nan_to_num(x), 0.0), index=index)
    den = pd.Series(np.where(known, part, 0.0), index=index)
    full = pd.Series(part, index=index)
    num_t = num.groupby(level=0, sort=True).sum()
    den_t = den.groupby(level=0, sort=True).sum()
    full_t = full.groupby(level=0, sort=True).sum()
    enough = (den_t > 0) & (den_t >= min_coverage * full_t - 1e-12)
    return (num_t / den_t.where(den_t > 0)).where(enough)


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


def pc4_transfer_weights(crosswalk: pd.DataFrame) -> pd.DataFrame:
    r"""PC4 → region transfer weights from either crosswalk form.

    Parameters
    ----------
    crosswalk
        Either ``from_code, to_code, weight`` (as :meth:`kloof.store.Store.crosswalk`
        returns it) or the raw address table ``pc4, region_code, n_addresses`` of one
        year and level (``pc4_gemeente_wijk_address_crosswalk_2017_2024.csv`` filtered
        on ``year`` and ``level``), whose counts become shares
        :math:`n_{pt} / \sum_{t'} n_{pt'}`.

    Returns
    -------
    pandas.DataFrame
        ``from_code`` (``PC1011``), ``to_code``, ``weight``; weights of each PC4 sum to 1.

    Raises
    ------
    SpecError
        Other columns, several years or levels, a PC4 without addresses, a code that is
        not a postcode.

    Examples
    --------
    >>> raw = pd.DataFrame({"pc4": [1011, 1011], "region_code": ["WK036301", "WK036302"],
    ...                     "n_addresses": [30, 10]})
    >>> pc4_transfer_weights(raw)["weight"].tolist()
    [0.75, 0.25]
    """
    if {"from_code", "to_code", "weight"} <= set(crosswalk.columns):
        xw = crosswalk.loc[:, ["from_code", "to_code", "weight"]].copy()
    elif {"pc4", "region_code", "n_addresses"} <= set(crosswalk.columns):
        for key in ("year", "level"):
            if key in crosswalk.columns and crosswalk[key].nunique() > 1:
                raise SpecError(
                    f"the PC4 crosswalk mixes several {key}s {sorted(crosswalk[key].unique())}; "
                    "select one year and level"
                )
        n = crosswalk["n_addresses"].astype("float64")
        totals = n.groupby(crosswalk["pc4"]).transform("sum")
        if (totals <= 0).any():
            bad = crosswalk.loc[(totals <= 0).to_numpy(), "pc4"].iloc[0]
            raise SpecError(f"PC4 {bad} has no addresses; its weights are undefined")
        xw = pd.DataFrame(
            {
                "from_code": crosswalk["pc4"].to_numpy(),
                "to_code": crosswalk["region_code"].to_numpy(),
                "weight": (n / totals).to_numpy(),
            }
        )
    else:
        raise SpecError(
            "a PC4 crosswalk needs columns from_code, to_code, weight or pc4, region_code, "
            f"n_addresses; got {list(crosswalk.columns)}"
        )
    xw["from_code"] = _pc4_index(pd.Index(xw["from_code"])).to_numpy()
    xw["to_code"] = _regions.normalise_series(xw["to_code"].astype("string")).to_numpy()
    xw = xw[xw["weight"] > 0].reset_index(drop=True)
    return xw.astype({"from_code": "string", "to_code": "string", "weight": "float64"})


def _pc4_index(index: pd.Index) -> pd.Index:
    try:
        return pd.Index([_regions.pc4_code(c) for c in index], dtype="string")
    except RegionCodeError as exc:
        raise SpecError(f"a PC4 frame must be keyed by postcodes: {exc}") from None


def reexpress_pc4(
    frame: pd.DataFrame,
    crosswalk: pd.DataFrame,
    *,
    kinds: Mapping[str, str] | None = None,
    weights: pd.DataFrame | None = None,
    catalogue: Catalogue | None = None,
    min_coverage: float | None = 0.9,
) -> pd.DataFrame:
    """Re-express a frame keyed by 4-digit postcode areas onto gemeenten or wijken.

    Counts are split by each PC4's address shares and summed; rates and means are
    weighted by their count (so a rate is the ratio of re-expressed numerator and
    denominator, see the module docstring). PC4 areas the crosswalk does not list are
    left out (they have no addresses in the boundary year); crosswalk postcodes that are
    not in ``frame`` contribute nothing (CBS lists every PC4 with addresses at its
    reference date, so they were issued later, e.g. for new housing).

    Parameters
    ----------
    frame
        Indexed by postcode (``PC1011``, ``"1011"`` or ``1011``), one column per
        indicator.
    crosswalk
        PC4 → region weights of one boundary year and level, in either form
        :func:`pc4_transfer_weights` accepts.
    kinds, weights
        As for :func:`reexpress`. Default: from the catalogue (:func:`catalogue_plan`),
        which needs catalogue ids as columns; give ``kinds`` (and ``weights``) for
        columns of your own, e.g. a reference table ``{"score": "mean"}``.
    catalogue
        Catalogue for the default plan (default: the built-in one).
    min_coverage
        Rates and means over the known PC4 parts when these hold at least this share of
        the target's weight (default 0.9); ``None`` makes any missing part missing.

    Returns
    -------
    pandas.DataFrame
        Indexed by region code (``code``), same columns; regions that receive nothing
        are left out.

    Raises
    ------
    SpecError
        A frame not keyed by postcodes, a malformed crosswalk, a column without kind.

    Examples
    --------
    >>> frame = pd.DataFrame({"dwellings": [100.0, 50.0], "social_rent_dwellings": [40.0, 5.0],
    ...                       "social_rent_pct": [40.0, 10.0]}, index=["PC1011", "PC1012"])
    >>> xw = pd.DataFrame({"pc4": [1011, 1011, 1012], "n_addresses": [60, 40, 10],
    ...                    "region_code": ["WK036301", "WK036302", "WK036302"]})
    >>> out = reexpress_pc4(frame, xw)
    >>> out.round(2).to_dict("index")["WK036302"]
    {'dwellings': 90.0, 'social_rent_dwellings': 21.0, 'social_rent_pct': 23.33}
    """
    moved = frame.set_axis(_pc4_index(frame.index))
    xw = pc4_transfer_weights(crosswalk)
    # a crosswalk postcode absent from the table did not exist at its reference date
    xw = xw[xw["from_code"].isin(moved.index)]
    if kinds is None:
        from kloof import catalogue as _catalogue

        kinds, plan_weights = catalogue_plan(moved, catalogue or _catalogue.load())
        weights = plan_weights if weights is None else weights
    elif weights is not None:
        weights = weights.set_axis(_pc4_index(weights.index))
    return reexpress(
        moved, xw, kinds=kinds, weights=weights, unmatched="drop", min_coverage=min_coverage
    )
