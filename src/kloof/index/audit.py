"""Fairness audit: does the index proxy origin/ethnicity?

Sensitive indicators (catalogue flag ``sensitive``: the shares of inhabitants by
origin) are never part of a preset, but an index built from income, benefits and
housing can still track them closely. The audit correlates the index and every
domain score with each sensitive indicator present in the frame, so users see it:

* Pearson's *r* and Spearman's *ρ* over the scored regions, and a population-weighted
  Pearson *r* (regions weighted by inhabitants);
* ``strength`` from ``|ρ|``: ``weak`` (< 0.3), ``moderate`` (< 0.5), ``strong``.

A strong correlation is not proof of bias — deprivation and origin overlap in Dutch
cities — but it tells the reader that targeting by this index is, in effect, also
targeting by origin, which must then be justified on the index's own merits.

References
----------
Cohen J. (1988), *Statistical Power Analysis for the Behavioral Sciences* (the 0.3/0.5
conventions). CBS (2022), *Herziening indeling naar herkomst* (origin categories).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof import regions
from kloof.catalogue import Catalogue
from kloof.index.result import IndexResult
from kloof.index.spec import IndexSpec

__all__ = ["AuditResult", "audit"]


@dataclass(frozen=True, eq=False)
class AuditResult:
    """Correlations of the index and domain scores with sensitive indicators.

    Attributes
    ----------
    table
        One row per (score, sensitive indicator): ``score``, ``indicator``, ``n``,
        ``pearson``, ``spearman``, ``weighted_pearson``, ``strength``.
    index_name
        Name of the audited index spec.
    sensitive
        The sensitive indicators found in the frame.
    spec, seed, params, provenance
        What recomputes it: the audited result's spec and seed, the arguments of
        :func:`audit` that determine it (``sensitive``: the indicators asked for, or
        ``None`` for the catalogue's) and the data provenance (the audited result's,
        updated with the one given to :func:`audit`).
    """

    table: pd.DataFrame
    index_name: str
    sensitive: tuple[str, ...]
    spec: IndexSpec | None = None
    seed: int | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    provenance: Mapping[str, Any] = field(default_factory=dict)

    def strongest(self) -> pd.DataFrame:
        """Rows sorted by ``|spearman|``, strongest first."""
        order = self.table["spearman"].abs().sort_values(ascending=False).index
        return self.table.loc[order].reset_index(drop=True)

    def proxies(self, threshold: float = 0.5) -> pd.DataFrame:
        """Rows with ``|spearman| >= threshold``."""
        return self.table[self.table["spearman"].abs() >= threshold].reset_index(drop=True)


def _strength(rho: float) -> str:
    if not np.isfinite(rho):
        return "n/a"
    size = abs(rho)
    return "weak" if size < 0.3 else "moderate" if size < 0.5 else "strong"


def _weighted_pearson(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    if w.sum() <= 0:
        return float("nan")
    mx, my = np.average(x, weights=w), np.average(y, weights=w)
    cov = np.average((x - mx) * (y - my), weights=w)
    var = np.average((x - mx) ** 2, weights=w) * np.average((y - my) ** 2, weights=w)
    return float(cov / np.sqrt(var)) if var > 0 else float("nan")


def audit(
    result: IndexResult,
    frame: pd.DataFrame,
    *,
    catalogue: Catalogue | None = None,
    sensitive: Sequence[str] | None = None,
    provenance: Mapping[str, str] | None = None,
) -> AuditResult:
    """Correlate ``result``'s index and domains with the sensitive indicators of ``frame``.

    Parameters
    ----------
    result
        An index result.
    frame
        The analysis frame (codes as index) holding the sensitive indicators, or their
        counts and ``inhabitants`` so that shares can be derived via the catalogue.
    catalogue
        Which indicators are sensitive (default: the built-in catalogue).
    sensitive
        The indicator ids to audit; default every sensitive indicator of the catalogue
        that is a share (not a count, which mostly measures size) and in ``frame``.
    provenance
        Where ``frame`` came from; kept on the result over ``result.provenance``.
    """
    cat = catalogue or _catalogue.load()
    data = frame.set_index("code") if "code" in frame.columns else frame
    data = data.copy()
    data.index = pd.Index(regions.normalise_series(pd.Series(data.index)).to_numpy())
    data = cat.derive(data)
    wanted = (
        list(sensitive)
        if sensitive is not None
        else [i.id for i in cat if i.sensitive and i.kind != "count" and i.id in data.columns]
    )
    codes = result.scores.index
    aligned = data.reindex(codes)
    weights = (
        pd.to_numeric(aligned["inhabitants"], errors="coerce").fillna(0.0).to_numpy()
        if "inhabitants" in aligned.columns
        else np.ones(len(codes))
    )
    from scipy import stats  # lazily: importing scipy.stats costs ~0.5 s

    rows = []
    for score in ("index", *result.domains):
        s = result.scores[score].to_numpy(dtype="float64")
        for ind in wanted:
            if ind not in aligned.columns:
                continue
            v = pd.to_numeric(aligned[ind], errors="coerce").to_numpy(dtype="float64")
            ok = np.isfinite(s) & np.isfinite(v)
            n = int(ok.sum())
            if n >= 3 and np.ptp(s[ok]) > 0 and np.ptp(v[ok]) > 0:
                pearson = float(stats.pearsonr(s[ok], v[ok])[0])
                spearman = float(stats.spearmanr(s[ok], v[ok])[0])
                wp = _weighted_pearson(s[ok], v[ok], weights[ok])
            else:
                pearson = spearman = wp = float("nan")
            rows.append(
                {
                    "score": score,
                    "indicator": ind,
                    "n": n,
                    "pearson": pearson,
                    "spearman": spearman,
                    "weighted_pearson": wp,
                    "strength": _strength(spearman),
                }
            )
    table = pd.DataFrame(
        rows,
        columns=["score", "indicator", "n", "pearson", "spearman", "weighted_pearson", "strength"],
    )
    found = tuple(dict.fromkeys(table["indicator"].tolist()))
    return AuditResult(
        table=table,
        index_name=result.spec.name,
        sensitive=found,
        spec=result.spec,
        seed=result.seed,
        params={"sensitive": None if sensitive is None else tuple(sensitive)},
        provenance={**result.provenance, **(provenance or {})},
    )
