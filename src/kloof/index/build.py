"""Building an index: fit on a base year, score any year.

:func:`build` runs the whole pipeline on one frame —

    screening → imputation → outlier treatment → orientation → normalisation
    → weights → aggregation (indicator → domain → index) → scaling (reference = 100)

— and returns a frozen :class:`~kloof.index.result.IndexResult`. :func:`fit` returns the
fitted :class:`IndexModel` whose :meth:`IndexModel.apply` scores another year with the
base year's treatment bounds, normalisation parameters, weights and scale, so that a
change of score is a change in the data (Rotterdam Wijkprofiel: base year = 100).

Examples
--------
>>> result = build(frame, "kloof", reference=nl_row, year=2023)   # doctest: +SKIP
>>> result.to_frame().head()                                        # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof.catalogue import Catalogue
from kloof.errors import SpecError
from kloof.index._stats import BoolArray, FloatArray, wmean
from kloof.index.aggregate import RANK_BASED
from kloof.index.engine import Layout, Scale, compose, fit_scale, rescale
from kloof.index.impute import ImputeContext, impute
from kloof.index.normalise import NORMALISERS, Normaliser
from kloof.index.prepare import LogEntry, Prepared, ReferenceArg, prepare
from kloof.index.result import IndexResult, make_result
from kloof.index.spec import IndexSpec
from kloof.index.treat import TREATMENTS, Treatment
from kloof.index.weights import resolve

__all__ = [
    "IndexModel",
    "Normalised",
    "Treated",
    "build",
    "fit",
    "layout_of",
    "normalise_prepared",
    "normalise_treated",
    "treat_prepared",
]


@dataclass(frozen=True)
class Normalised:
    """The oriented, normalised matrix of one run (rows = regions, then the reference row)."""

    z: FloatArray
    fit: BoolArray
    reference_weights: FloatArray
    population: FloatArray
    filled: pd.DataFrame
    imputed: pd.DataFrame
    treatments: dict[str, Treatment]
    normalisers: dict[str, Normaliser]
    log: tuple[LogEntry, ...]


@dataclass(frozen=True, eq=False)
class IndexModel:
    """An index fitted on a base year; :meth:`apply` scores any frame on its scale."""

    spec: IndexSpec
    level: str
    year: int | None
    layout: Layout
    directions: dict[str, str]
    treatments: dict[str, Treatment]
    normalisers: dict[str, Normaliser]
    indicator_weights: FloatArray
    domain_weights: FloatArray
    index_scale: Scale
    domain_scale: Scale
    reference_label: str
    reference_z: FloatArray
    domain_fit: FloatArray | None = None
    index_fit: FloatArray | None = None
    catalogue: Catalogue | None = field(default=None, repr=False)

    def apply(
        self,
        frame: pd.DataFrame,
        *,
        parents: Mapping[str, pd.DataFrame] | None = None,
        reference: ReferenceArg = None,
        year: int | None = None,
        provenance: Mapping[str, Any] | None = None,
        areas: Mapping[str, str] | None = None,
    ) -> IndexResult:
        """Score ``frame`` on this model's scale (its base-year reference = 100).

        ``areas`` names rows that are areas, not CBS regions (key → the gemeente code
        they lie in, e.g. ``{"nplv:rotterdam-zuid": "GM0599"}``): each is scored as a
        region of the model's level under its key.
        """
        cat = self.catalogue or _catalogue.load()
        named = {k: (self.level, gm) for k, gm in (areas or {}).items()}
        prep = prepare(
            frame,
            self.spec,
            cat,
            reference=reference,
            parents=parents,
            areas=named,
            keep_optional=True,
        )
        if prep.spec.indicator_ids != self.spec.indicator_ids:
            lost = sorted(set(self.spec.indicator_ids) - set(prep.spec.indicator_ids))
            raise SpecError(f"domains: the frame has no data for {lost}, used by the base year")
        return _score(prep, self, year=year, provenance=provenance)


def layout_of(spec: IndexSpec) -> Layout:
    """Column layout and aggregators of a spec."""
    ids = spec.indicator_ids
    return Layout(
        indicators=ids,
        domains=spec.domain_ids,
        members=tuple(tuple(ids.index(i.id) for i in d.indicators) for d in spec.domains),
        domain_aggregation=spec.domain_level.aggregation,
        index_aggregation=spec.index_level.aggregation,
        domain_offset=float(spec.domain_level.params.get("offset", 0.0)),
        index_offset=float(spec.index_level.params.get("offset", 0.0)),
    )


def _normaliser(spec: IndexSpec, indicator_id: str, sign: float) -> Normaliser:
    params = dict(spec.normalisation.params)
    goal = spec.indicator(indicator_id).goalposts
    if spec.normalisation.method == "goalposts" and goal is not None:
        lo, hi = goal
        params.update(lower=lo, upper=hi) if sign > 0 else params.update(lower=-hi, upper=-lo)
    return NORMALISERS[spec.normalisation.method](**params)


def _treatment(spec: IndexSpec, indicator_id: str) -> Treatment:
    own = spec.indicator(indicator_id).treatment
    if own is not None and own != spec.treatment.method:
        return TREATMENTS[own]()
    return TREATMENTS[spec.treatment.method](**spec.treatment.params)


@dataclass(frozen=True)
class Treated:
    """Imputed and treated values of one run, before orientation and normalisation:
    per indicator the treated values and the treated reference value."""

    filled: pd.DataFrame
    imputed: pd.DataFrame
    values: dict[str, tuple[FloatArray, FloatArray]]
    treatments: dict[str, Treatment]
    log: tuple[LogEntry, ...]


def treat_prepared(
    prep: Prepared,
    model: IndexModel | None = None,
    *,
    imputed: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> Treated:
    """Impute (or take ``imputed``: filled values and mask) and treat (fitting unless a
    ``model`` is given)."""
    spec = prep.spec
    if imputed is None:
        context = ImputeContext(prep.groups, prep.population, prep.parents)
        imputed = impute(prep.values, spec.imputation.method, context)
    filled, mask = imputed
    has_row = prep.reference_row is not None and prep.reference_set is None
    pop = prep.population.to_numpy(dtype="float64")
    ref_row = prep.reference_row
    treatments: dict[str, Treatment] = {}
    values: dict[str, tuple[FloatArray, FloatArray]] = {}
    for ind_id in spec.indicator_ids:
        x = filled[ind_id].to_numpy(dtype="float64")
        ref_raw = np.array([ref_row[ind_id] if ref_row is not None and has_row else np.nan])
        treat = model.treatments[ind_id] if model else _treatment(spec, ind_id).fit(x, pop)
        values[ind_id] = (treat.transform(x), treat.transform(ref_raw))
        treatments[ind_id] = treat
    changed = [
        f"{k}: {t.summary()}"
        for k, t in treatments.items()
        if t.summary() not in ("none", "winsorise: not outlying")
    ]
    log = (
        LogEntry(
            "imputation",
            f"{spec.imputation.method}: {int(mask.to_numpy().sum())} values imputed",
        ),
        LogEntry(
            "treatment",
            f"{spec.treatment.method}: " + ("; ".join(changed) or "no indicator changed"),
        ),
    )
    return Treated(filled, mask, values, treatments, log)


def normalise_treated(
    prep: Prepared, treated: Treated, model: IndexModel | None = None
) -> Normalised:
    """Orient and normalise treated values with ``prep.spec``'s normalisation."""
    spec = prep.spec
    n = len(treated.filled)
    has_row = prep.reference_row is not None and prep.reference_set is None
    pop = prep.population.to_numpy(dtype="float64")
    in_set = (
        treated.filled.index.isin(prep.reference_set) if prep.reference_set is not None else None
    )
    normalisers: dict[str, Normaliser] = {}
    cols = []
    for ind_id in spec.indicator_ids:
        xt, rt = treated.values[ind_id]
        sign = -1.0 if prep.directions[ind_id] == "higher_is_worse" else 1.0
        o, ro = sign * xt, sign * rt
        if in_set is not None:
            ref_value: float | None = float(wmean(o[in_set], pop[in_set]))
        else:
            ref_value = float(ro[0]) if np.isfinite(ro[0]) else None
        norm = (
            model.normalisers[ind_id]
            if model
            else _normaliser(spec, ind_id, sign).fit(o, pop, ref_value)
        )
        col = norm.transform(o)
        if has_row:
            col = np.append(col, norm.transform(ro))
        cols.append(col)
        normalisers[ind_id] = norm
    log = (
        *treated.log,
        LogEntry("normalisation", f"{spec.normalisation.method} against {prep.reference_label}"),
    )
    z = np.column_stack(cols) if cols else np.empty((n + has_row, 0))
    fit_mask = np.r_[np.ones(n, dtype=bool), np.zeros(int(has_row), dtype=bool)]
    full_pop = np.r_[pop, np.zeros(int(has_row))]
    if has_row:
        ref_w = np.r_[np.zeros(n), 1.0]
    else:
        assert in_set is not None
        ref_w = np.where(in_set, pop, 0.0)
        if ref_w.sum() <= 0:
            ref_w = in_set.astype("float64")
    return Normalised(
        z,
        fit_mask,
        ref_w,
        full_pop,
        treated.filled,
        treated.imputed,
        dict(treated.treatments),
        normalisers,
        log,
    )


def normalise_prepared(prep: Prepared, model: IndexModel | None = None) -> Normalised:
    """Impute, treat, orient and normalise (fitting unless a ``model`` is given)."""
    return normalise_treated(prep, treat_prepared(prep, model), model)


def _weights(spec: IndexSpec, layout: Layout, norm: Normalised) -> tuple[FloatArray, FloatArray]:
    z_fit = norm.z[norm.fit]
    iw = np.zeros(len(layout.indicators))
    for d, cols in zip(spec.domains, layout.members, strict=True):
        overrides = {i.id: spec.domain_level.weights.get(i.id, i.weight) for i in d.indicators}
        iw[list(cols)] = resolve(
            spec.domain_level.weighting,
            [i.id for i in d.indicators],
            overrides,
            data=z_fit[:, list(cols)],
            field=f"domain_level (domain {d.id})",
        )
    data = None
    if spec.index_level.weighting == "pca":
        domains, _ = compose(norm.z, iw, np.ones(len(layout.domains)), layout, norm.fit)
        data = domains[norm.fit, :, 0]
    dw = resolve(
        spec.index_level.weighting,
        list(layout.domains),
        {d.id: spec.index_level.weights.get(d.id, d.weight) for d in spec.domains},
        data=data,
        keys=[d.imd_domain for d in spec.domains],
        field="index_level",
    )
    return iw, dw


def _reference_z(norm: Normalised) -> FloatArray:
    """The reference's normalised values: its row, or the weighted mean over the set."""
    w = norm.reference_weights
    ok = np.isfinite(norm.z) & (w[:, None] > 0)
    num = np.where(ok, norm.z * w[:, None], 0.0).sum(axis=0)
    den = np.where(ok, w[:, None], 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def _score(
    prep: Prepared,
    model: IndexModel | None,
    *,
    year: int | None,
    provenance: Mapping[str, Any] | None,
    baseline: IndexModel | None = None,
    catalogue: Catalogue | None = None,
    norm: Normalised | None = None,
) -> IndexResult:
    spec = prep.spec
    norm = norm if norm is not None else normalise_prepared(prep, model)
    layout = model.layout if model else layout_of(spec)
    iw, dw = (
        (model.indicator_weights, model.domain_weights) if model else _weights(spec, layout, norm)
    )
    dfit = model.domain_fit if model else None
    ifit = model.index_fit if model else None
    domains, composite = compose(norm.z, iw, dw, layout, norm.fit, domain_fit=dfit, index_fit=ifit)
    if model is None:
        index_scale = fit_scale(composite, norm.population, norm.fit, norm.reference_weights)
        domain_scale = fit_scale(domains, norm.population, norm.fit, norm.reference_weights)
        model = IndexModel(
            spec=spec,
            level=prep.level,
            year=year,
            layout=layout,
            directions=prep.directions,
            treatments=norm.treatments,
            normalisers=norm.normalisers,
            indicator_weights=iw,
            domain_weights=dw,
            index_scale=index_scale,
            domain_scale=domain_scale,
            reference_label=prep.reference_label,
            reference_z=_reference_z(norm),
            domain_fit=norm.z[norm.fit] if layout.domain_aggregation in RANK_BASED else None,
            index_fit=domains[norm.fit, :, 0] if layout.index_aggregation in RANK_BASED else None,
            catalogue=catalogue,
        )
    index = rescale(composite, model.index_scale, spec.points)[:, 0]
    dom = rescale(
        domains[:, :, 0],
        Scale(model.domain_scale.centre[:, 0], model.domain_scale.spread[:, 0]),
        spec.points,
    )
    log = [*prep.log, *norm.log]
    log.append(
        LogEntry(
            "weights", ", ".join(f"{d}={w:.3f}" for d, w in zip(layout.domains, dw, strict=True))
        )
    )
    log.append(
        LogEntry(
            "aggregation",
            f"domains: {layout.domain_aggregation}, index: {layout.index_aggregation}",
        )
    )
    log.append(
        LogEntry(
            "scaling",
            f"100 = {model.reference_label}"
            + (f" in {model.year}" if model.year is not None else "")
            + f"; {spec.points:g} points = 1 population-weighted SD",
        )
    )
    base = None
    if baseline is not None:
        if baseline.spec.indicator_ids != spec.indicator_ids:
            raise SpecError("baseline: the base-year model uses other indicators than this spec")
        base_result = _score(prep, baseline, year=year, provenance=provenance)
        base = base_result.scores["index"]
        log.append(
            LogEntry(
                "baseline", f"baseline_index: 100 = {baseline.reference_label} in {baseline.year}"
            )
        )
    return make_result(
        prep=prep,
        model=model,
        norm=norm,
        index=index,
        domains=dom,
        year=year,
        provenance=dict(provenance or {}),
        log=tuple(log),
        baseline=base,
    )


def fit(
    frame: pd.DataFrame,
    spec: IndexSpec | str = "kloof",
    *,
    catalogue: Catalogue | None = None,
    reference: ReferenceArg = None,
    parents: Mapping[str, pd.DataFrame] | None = None,
    year: int | None = None,
) -> IndexModel:
    """Fit an index on a base-year frame (see :func:`build` for the parameters)."""
    return build(
        frame, spec, catalogue=catalogue, reference=reference, parents=parents, year=year
    ).model


def build(
    frame: pd.DataFrame,
    spec: IndexSpec | str = "kloof",
    *,
    catalogue: Catalogue | None = None,
    reference: ReferenceArg = None,
    parents: Mapping[str, pd.DataFrame] | None = None,
    year: int | None = None,
    provenance: Mapping[str, Any] | None = None,
    baseline: IndexModel | IndexResult | None = None,
) -> IndexResult:
    """Build a composite index for every region of ``frame``.

    Parameters
    ----------
    frame
        Wide frame indexed by CBS code (one level; an ``NL00`` row is taken as the NL
        reference), one float column per catalogue indicator, ``inhabitants`` for
        population weights and screening.
    spec
        An :class:`~kloof.index.spec.IndexSpec` or a preset name (``kloof``, ``imd``,
        ``svi``).
    catalogue
        Indicator catalogue (default: the built-in one).
    reference
        Overrides ``spec.reference``: a row of values (e.g. NL00) or region codes.
    parents
        Frames of parent levels by level name (``wijk``, ``gemeente``, ``land``) for
        parent-value imputation.
    year, provenance
        Carried into the result.
    baseline
        A model (or result) of a base year: adds ``baseline_index``, this frame scored on
        the base year's scale (Rotterdam Wijkprofiel style, base-year reference = 100).

    Raises
    ------
    SpecError
        For an invalid spec, before any computation.
    """
    from kloof.index import presets

    cat = catalogue or _catalogue.load()
    the_spec = presets.load(spec) if isinstance(spec, str) else spec
    prep = prepare(frame, the_spec, cat, reference=reference, parents=parents)
    base = baseline.model if isinstance(baseline, IndexResult) else baseline
    return _score(prep, None, year=year, provenance=provenance, baseline=base, catalogue=catalogue)
