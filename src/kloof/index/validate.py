"""Validation: does an index find the areas it exists to find, better than its parts?

A composite that passes its unit tests can still be wrong for its purpose. This module
checks an :class:`~kloof.index.result.IndexResult` against the outside world:

* **an official area set** (the NPLV focus areas, the "Dicht de kloof" areas, or any
  user set): for the index, every domain and every single indicator,

  - the ROC AUC of "more vulnerable" as a detector of the set's regions, nationally
    and within the set's municipalities (the Mann-Whitney statistic
    :math:`AUC = (R_1 - n_1(n_1+1)/2) / (n_1 n_0)` with mid-ranks for ties: the
    probability that a region of the set is ranked more vulnerable than one outside);
  - the share of the set's residents living in the national worst decile of regions;

  so a user sees at once whether the composite beats its parts (JRC/COINr practice of
  auditing an index before publishing it; DESIGN.md §20);
* **an external reference table** (any score keyed by region): Spearman's
  :math:`\\rho` and Kendall's :math:`\\tau_b` between the index and the reference, with
  the number of regions matched.

Everything here is pure: the caller gives membership per region (1 = in the set),
residents, gemeente per region and, optionally, the reference values. The application
layer (:mod:`kloof.report.validation`) assembles them from the store and the area sets.

Examples
--------
>>> s = pd.Series([3.0, 2.0, 1.0, 0.0], index=list("abcd"))
>>> auc(s, pd.Series([True, False, True, False], index=s.index))
0.75
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kloof.index.result import IndexResult

__all__ = ["Validation", "agreement", "auc", "detection", "measures", "validate", "worst_share"]

#: Share of regions counted as the worst decile.
WORST = 0.10


def auc(score: pd.Series, member: pd.Series) -> float:
    """ROC AUC of ``score`` (higher = more vulnerable) for the boolean ``member``.

    Regions with a missing score are left out; ``NaN`` when either class is empty.
    """
    ok = score.notna() & member.reindex(score.index).notna()
    s = score[ok].to_numpy(dtype="float64")
    m = member.reindex(score.index)[ok].to_numpy(dtype=bool)
    n1, n0 = int(m.sum()), int((~m).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    from scipy import stats  # lazily: importing scipy.stats costs ~0.5 s

    ranks = stats.rankdata(s)
    return float((ranks[m].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def worst_share(
    score: pd.Series, residents_in_set: pd.Series, *, share: float = WORST, among: pd.Index
) -> float:
    """Share of the set's residents (in ``among``) living in the worst ``share`` of
    ``among`` by ``score`` (higher = more vulnerable; missing scores are never worst)."""
    s = score.reindex(among)
    k = int(np.ceil(share * len(among)))
    worst = s.dropna().sort_values(ascending=False, kind="mergesort").index[:k]
    res = residents_in_set.reindex(among).fillna(0.0)
    total = float(res.sum())
    return float(res[worst].sum()) / total if total > 0 else float("nan")


def measures(result: IndexResult) -> pd.DataFrame:
    """Every measure of ``result`` oriented as "higher = more vulnerable".

    Columns: ``index``, one per domain (``domain:<id>``) and one per indicator
    (``indicator:<id>``, the *observed* values, so the composite is compared with its
    raw parts).
    """
    out = {"index": -result.scores["index"]}
    for d in result.spec.domain_ids:
        out[f"domain:{d}"] = -result.scores[d]
    raw = result.raw if result.raw is not None else result.values
    for ind in result.spec.indicator_ids:
        sign = 1.0 if result.model.directions[ind] == "higher_is_worse" else -1.0
        out[f"indicator:{ind}"] = sign * raw[ind].reindex(result.scores.index)
    return pd.DataFrame(out, index=result.scores.index)


def detection(
    scores: pd.DataFrame,
    share: pd.Series,
    residents: pd.Series,
    gemeente: pd.Series,
) -> pd.DataFrame:
    """Detection figures of each column of ``scores`` for the set given by ``share``.

    Parameters
    ----------
    scores
        Regions × measures, higher = more vulnerable.
    share
        Per region, the share of its residents that lives in the set (1 for a region
        listed whole, the listed buurten's share for a wijk listed in part). A region
        counts as a member for the AUC when at least half its residents are in the set.
    residents
        Inhabitants per region.
    gemeente
        Gemeente code per region ("within" = the gemeenten with residents in the set).

    Returns
    -------
    pandas.DataFrame
        Per measure: ``auc``, ``auc_within``, ``worst_decile_share`` (of the set's
        residents), ``n`` (regions with a value), ``n_members``.
    """
    among = scores.index
    sh = share.reindex(among).fillna(0.0).clip(0.0, 1.0)
    m = sh >= 0.5
    gm = gemeente.reindex(among)
    within = gm.isin(set(gm[sh > 0]))
    in_set = residents.reindex(among).fillna(0.0) * sh
    rows = []
    for col in scores.columns:
        s = scores[col]
        rows.append(
            {
                "measure": col,
                "auc": auc(s, m),
                "auc_within": auc(s[within], m[within]),
                "worst_decile_share": worst_share(s, in_set, among=among),
                "n": int(s.notna().sum()),
                "n_members": int((m & s.notna()).sum()),
            }
        )
    return pd.DataFrame(rows).set_index("measure")


def agreement(score: pd.Series, reference: pd.Series) -> dict[str, float]:
    """Spearman's rho and Kendall's tau-b of ``score`` and ``reference`` on the regions
    both have (``n``); ``NaN`` with fewer than three regions."""
    both = pd.concat([score, reference], axis=1, join="inner").dropna()
    n = len(both)
    if n < 3:
        return {"spearman": float("nan"), "kendall": float("nan"), "n": float(n)}
    from scipy import stats  # lazily: importing scipy.stats costs ~0.5 s

    rho = stats.spearmanr(both.iloc[:, 0], both.iloc[:, 1]).statistic
    tau = stats.kendalltau(both.iloc[:, 0], both.iloc[:, 1]).statistic
    return {"spearman": float(rho), "kendall": float(tau), "n": float(n)}


@dataclass(frozen=True)
class Validation:
    """The validation of one index result.

    Attributes
    ----------
    spec_name, level, year
        What was validated.
    against
        Name of the area set (or ``None``).
    table
        Rows ``(cohort, measure)``; columns of :func:`detection`. Cohort ``all`` is the
        whole set; further cohorts (e.g. the areas that joined later) are reported
        separately.
    reference
        ``spearman, kendall, n`` against the reference table (empty without one), per
        measure.
    notes
        Mapping caveats (codes not found, buurten counted as their wijk, ...).
    """

    spec_name: str
    level: str
    year: int | None
    against: str | None
    table: pd.DataFrame
    reference: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: tuple[str, ...] = ()

    def summary(self, cohort: str = "all") -> dict[str, Any]:
        """The index's figures for ``cohort``, and whether it beats every single
        indicator on each figure (``beats_<figure>``)."""
        t = self.table.loc[cohort]
        parts = t[t.index.str.startswith("indicator:")]
        out: dict[str, Any] = {k: float(t.loc["index", k]) for k in _FIGURES}
        for k in _FIGURES:
            out[f"beats_{k}"] = bool((t.loc["index", k] > parts[k].dropna()).all())
        return out


_FIGURES = ("auc", "auc_within", "worst_decile_share")


def validate(
    result: IndexResult,
    *,
    cohorts: Mapping[str, pd.Series] | None = None,
    residents: pd.Series,
    gemeente: pd.Series,
    against: str | None = None,
    reference: pd.Series | None = None,
    notes: Iterable[str] = (),
) -> Validation:
    """Validate ``result`` against area cohorts and/or a reference (see module).

    Parameters
    ----------
    cohorts
        Cohort name → share of each region's residents in the set's areas of that
        cohort (``all`` first; see :func:`detection`).
    residents, gemeente
        Inhabitants and gemeente code per region.
    reference
        External scores per region, oriented "higher = more vulnerable".
    """
    scores = measures(result)
    parts = []
    for name, share in (cohorts or {}).items():
        t = detection(scores, share, residents, gemeente)
        parts.append(t.assign(cohort=name).reset_index().set_index(["cohort", "measure"]))
    table = pd.concat(parts) if parts else pd.DataFrame()
    ref = pd.DataFrame()
    if reference is not None:
        ref = pd.DataFrame(
            {col: agreement(scores[col], reference) for col in scores.columns}
        ).T.rename_axis("measure")
        ref["n"] = ref["n"].astype(int)
    return Validation(
        spec_name=result.spec.name,
        level=result.level,
        year=result.year,
        against=against,
        table=table,
        reference=ref,
        notes=tuple(notes),
    )
