"""Winners and losers: an allocation against another rule or a previous year.

:func:`compare` lines up two sets of amounts per recipient and says who gains and who
loses, by how much in euros, in percent and per resident. It is re-exported from
:mod:`kloof.allocation.explain` and :mod:`kloof.allocation`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kloof.allocation.result import Allocation

__all__ = ["compare"]


def compare(
    alloc: Allocation, other: Allocation | pd.Series, *, label: str = "other"
) -> pd.DataFrame:
    """Winners and losers: this allocation against another rule or a previous year.

    Parameters
    ----------
    alloc
        The allocation.
    other
        Another :class:`Allocation` or euros by recipient id (a previous year).
    label
        Name of the other side in the ``outcome`` text.

    Returns
    -------
    pandas.DataFrame
        ``recipient, name, population, amount, other, difference, difference_pct,
        difference_per_resident, outcome`` (``winner``, ``loser``, ``unchanged``,
        ``new`` or ``gone``), sorted from the largest gain to the largest loss;
        recipients with nothing on either side are left out.
    """
    if isinstance(other, Allocation):
        theirs = other.euros
        frames = [alloc.recipients, other.recipients]
    else:
        theirs = other.copy()
        theirs.index = theirs.index.astype(str)
        frames = [alloc.recipients]
    ours = alloc.euros
    ids = ours.index.union(theirs.index, sort=False)
    info = pd.concat([f.reindex(columns=["name", "population"]) for f in frames])
    info = info[~info.index.duplicated()].reindex(ids)
    out = pd.DataFrame(index=pd.Index(ids, name="recipient"))
    out["name"] = info["name"].fillna(pd.Series(ids, index=ids))
    out["population"] = info["population"]
    out["amount"] = ours.reindex(ids)
    out["other"] = theirs.reindex(ids)
    a, b = out["amount"].fillna(0.0), out["other"].fillna(0.0)
    out["difference"] = a - b
    with np.errstate(divide="ignore", invalid="ignore"):
        out["difference_pct"] = np.where(b > 0, 100 * (a - b) / b, np.nan)
        pop = out["population"].where(out["population"] > 0)
        out["difference_per_resident"] = out["difference"] / pop
    outcome = np.select(
        [out["other"].isna(), out["amount"].isna(), a - b > 0.005, a - b < -0.005],
        ["new", "gone", "winner", "loser"],
        "unchanged",
    )
    out["outcome"] = outcome
    out = out[(a != 0) | (b != 0)]  # recipients with nothing on either side say nothing
    out.attrs["other"] = label
    return out.sort_values("difference", ascending=False, kind="stable").reset_index()
