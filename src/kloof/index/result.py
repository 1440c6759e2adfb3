"""The frozen result of an index run.

An :class:`IndexResult` carries its spec, the fitted model (to score later years on the
same scale), the data provenance, a step log and, per scored region: the index, domain
scores, rank, percentile, decile, the nine-class label, the gap to the reference (total
and per domain), SVI-style flags and counts of imputed and missing values; plus the
screened-out regions with the reason. :meth:`IndexResult.explain` gives each indicator's
contribution to a region's score and gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kloof.index._stats import BoolArray, FloatArray
from kloof.index.classes import (
    class_labels,
    classify,
    decile,
    percentile,
    rank,
    svi_flags,
)
from kloof.index.prepare import LogEntry, Prepared
from kloof.index.spec import IndexSpec

if TYPE_CHECKING:
    from kloof.index.build import IndexModel, Normalised

__all__ = ["IndexResult", "make_result"]


@dataclass(frozen=True, eq=False)
class IndexResult:
    """A composite index for one frame (one level, one year).

    Attributes
    ----------
    spec
        The effective spec (optional indicators without data removed).
    model
        The fitted :class:`~kloof.index.build.IndexModel`.
    scores
        Per scored region (index = code): ``index``, one column per domain, ``rank``
        (1 = most vulnerable), ``percentile``, ``decile`` (1 = most vulnerable 10 %),
        ``class`` (1-9), ``class_label``, ``gap`` and ``gap_<domain>`` (score − 100),
        ``n_flags``, ``n_imputed``, ``n_missing``, ``complete`` and, with a baseline,
        ``baseline_index``.
    values, filled, normalised
        The values the index uses (observed values, or their small-area estimates when
        the spec's ``estimation`` is ``shrinkage``), values after imputation, oriented
        normalised values.
    raw, reliability
        The observed values, and per cell the share of the estimate that comes from
        the region's own data (``NaN`` where nothing was estimated); see
        :mod:`kloof.index.estimate`.
    imputed, flags
        Boolean frames: imputed cells; SVI-style flags (vulnerability percentile
        ≥ ``spec.flag_percentile``).
    screened
        ``code, reason`` of the regions without a score.
    """

    spec: IndexSpec
    model: IndexModel
    level: str
    year: int | None
    provenance: Mapping[str, Any]
    log: tuple[LogEntry, ...]
    scores: pd.DataFrame
    values: pd.DataFrame
    filled: pd.DataFrame
    normalised: pd.DataFrame
    imputed: pd.DataFrame
    flags: pd.DataFrame
    screened: pd.DataFrame
    reference: str
    indicator_weights: pd.Series
    domain_weights: pd.Series
    seed: int | None = None
    z: FloatArray = field(default_factory=lambda: np.empty((0, 0)), repr=False)
    fit_rows: BoolArray = field(default_factory=lambda: np.empty(0, dtype=bool), repr=False)
    reference_weights: FloatArray = field(default_factory=lambda: np.empty(0), repr=False)
    raw: pd.DataFrame | None = field(default=None, repr=False)
    reliability: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def domains(self) -> tuple[str, ...]:
        """Domain ids in order."""
        return self.spec.domain_ids

    @property
    def index(self) -> pd.Series:
        """The index per region."""
        return self.scores["index"]

    def to_frame(
        self,
        *,
        names: Mapping[str, str] | pd.Series | None = None,
        include_screened: bool = False,
        language: str = "nl",
    ) -> pd.DataFrame:
        """One row per region: ``code``, (``name``), ``index``, domains, ``rank``,
        ``decile``, ``class``, ``gap`` and the other score columns.

        Parameters
        ----------
        names
            Region names by code, added as column ``name`` after ``code``.
        include_screened
            Also list screened-out regions (scores missing) with a ``screened`` reason.
        language
            ``nl`` or ``en`` class labels (:func:`~kloof.index.classes.class_labels`).
        """
        out = self.scores.copy()
        if language != "nl":
            out["class_label"] = out["class"].map(class_labels(language)).astype("string")
        if include_screened:
            out["screened"] = pd.Series(pd.NA, index=out.index, dtype="string")
            extra = pd.DataFrame(index=pd.Index(self.screened["code"], name="code"))
            extra["screened"] = self.screened["reason"].to_numpy()
            out = pd.concat([out, extra.astype({"screened": "string"})])
        out = out.rename_axis("code").reset_index()
        if names is not None:
            lookup = pd.Series(names) if not isinstance(names, pd.Series) else names
            out.insert(1, "name", out["code"].map(lookup))
        return out

    def explain(self, code: str) -> pd.DataFrame:
        """Each indicator's contribution to ``code``'s score and gap (see
        :func:`kloof.index.explain.explain`)."""
        from kloof.index.explain import explain

        return explain(self, code)

    def contributions(self, level: str = "index") -> pd.DataFrame:
        """Regions × indicators contributions to the gap (see
        :func:`kloof.index.explain.contributions`)."""
        from kloof.index.explain import contributions

        return contributions(self, level=level)


def make_result(
    *,
    prep: Prepared,
    model: IndexModel,
    norm: Normalised,
    index: FloatArray,
    domains: FloatArray,
    year: int | None,
    provenance: dict[str, Any],
    log: tuple[LogEntry, ...],
    baseline: pd.Series | None,
) -> IndexResult:
    """Assemble an :class:`IndexResult` (used by :mod:`kloof.index.build`)."""
    spec = prep.spec
    codes = prep.values.index
    n = len(codes)
    idx = index[:n]
    scores = pd.DataFrame({"index": idx}, index=codes)
    for d, dom in enumerate(spec.domain_ids):
        scores[dom] = domains[:n, d]
    cls = classify(idx, spec.class_breaks)
    scores["rank"] = pd.array(rank(idx), dtype="Int64")
    scores["percentile"] = percentile(idx)
    scores["decile"] = pd.array(decile(idx), dtype="Int64")
    scores["class"] = pd.array(cls, dtype="Int64")
    scores["class_label"] = scores["class"].map(class_labels("nl")).astype("string")
    scores["gap"] = idx - 100.0
    for d, dom in enumerate(spec.domain_ids):
        scores[f"gap_{dom}"] = domains[:n, d] - 100.0
    flags = svi_flags(prep.values, prep.directions, spec.flag_percentile)
    missing = norm.filled.isna()
    scores["n_flags"] = pd.array(flags.sum(axis=1).to_numpy(), dtype="Int64")
    scores["n_imputed"] = pd.array(norm.imputed.sum(axis=1).to_numpy(), dtype="Int64")
    scores["n_missing"] = pd.array(missing.sum(axis=1).to_numpy(), dtype="Int64")
    scores["complete"] = ~missing.any(axis=1).to_numpy()
    if baseline is not None:
        scores["baseline_index"] = baseline.reindex(codes)
    ids = list(spec.indicator_ids)
    return IndexResult(
        spec=spec,
        model=model,
        level=prep.level,
        year=year,
        provenance=provenance,
        log=log,
        scores=scores,
        values=prep.values,
        filled=norm.filled,
        normalised=pd.DataFrame(norm.z[:n], index=codes, columns=ids),
        imputed=norm.imputed,
        flags=flags,
        screened=prep.screened,
        reference=model.reference_label,
        indicator_weights=pd.Series(model.indicator_weights, index=ids, name="weight"),
        domain_weights=pd.Series(model.domain_weights, index=list(spec.domain_ids), name="weight"),
        z=norm.z,
        fit_rows=norm.fit,
        reference_weights=norm.reference_weights,
        raw=prep.raw if prep.raw is not None else prep.values,
        reliability=prep.reliability,
    )
