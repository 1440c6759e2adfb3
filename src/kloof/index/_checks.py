"""Semantic validation of an index spec (private; see :meth:`IndexSpec.check`).

Every check raises :class:`~kloof.errors.SpecError` with the dotted path of the field at
fault, before any data is touched.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kloof import regions
from kloof.catalogue import Catalogue
from kloof.errors import RegionCodeError, SpecError
from kloof.index.aggregate import AGGREGATORS, NEEDS_NONNEGATIVE
from kloof.index.estimate import ESTIMATORS
from kloof.index.impute import IMPUTERS
from kloof.index.normalise import NORMALISERS
from kloof.index.spec import RESERVED, IndexSpec, LevelSpec
from kloof.index.treat import TREATMENTS
from kloof.index.weights import WEIGHTINGS, imd_key

__all__ = ["check_spec"]


def check_spec(spec: IndexSpec, catalogue: Catalogue) -> None:
    """Validate ``spec`` against ``catalogue`` and the step registries."""
    _check_methods(spec)
    _check_indicators(spec, catalogue)
    _check_weights(spec)
    _check_combinations(spec)
    _check_scalars(spec)


def _choose(field: str, value: str, registry: dict[str, Any]) -> None:
    if value not in registry:
        raise SpecError(f"{field}: unknown method {value!r}; choose from {sorted(registry)}")


def _check_methods(spec: IndexSpec) -> None:
    _choose("estimation.method", spec.estimation.method, ESTIMATORS)
    _choose("treatment.method", spec.treatment.method, TREATMENTS)
    _choose("imputation.method", spec.imputation.method, IMPUTERS)
    _choose("normalisation.method", spec.normalisation.method, NORMALISERS)
    for name in ("domain_level", "index_level"):
        level: LevelSpec = getattr(spec, name)
        _choose(f"{name}.weighting", level.weighting, WEIGHTINGS)
        _choose(f"{name}.aggregation", level.aggregation, AGGREGATORS)
        if set(level.params) - {"offset"}:
            raise SpecError(f"{name}.params: only 'offset' is known, got {sorted(level.params)}")
    for field, step, registry in (
        ("treatment", spec.treatment, TREATMENTS),
        ("normalisation", spec.normalisation, NORMALISERS),
    ):
        try:
            registry[step.method](**step.params)
        except TypeError as exc:
            raise SpecError(f"{field}.params: {exc}") from None
    if spec.imputation.params:
        raise SpecError("imputation.params: imputers take no parameters")
    for di, d in enumerate(spec.domains):
        for ii, ind in enumerate(d.indicators):
            if ind.treatment is not None:
                _choose(f"domains[{di}].indicators[{ii}].treatment", ind.treatment, TREATMENTS)


def _check_indicators(spec: IndexSpec, catalogue: Catalogue) -> None:
    seen_domains: set[str] = set()
    seen: set[str] = set()
    for di, d in enumerate(spec.domains):
        if d.id in RESERVED:
            raise SpecError(f"domains[{di}].id: {d.id!r} is a result column name; rename it")
        if d.id in seen_domains:
            raise SpecError(f"domains[{di}].id: domain {d.id!r} appears twice")
        seen_domains.add(d.id)
        for ii, ind in enumerate(d.indicators):
            where = f"domains[{di}].indicators[{ii}]"
            if ind.id not in catalogue:
                raise SpecError(
                    f"{where}.id: unknown indicator {ind.id!r}; `kloof data indicators` lists them"
                )
            if ind.id in seen:
                raise SpecError(f"{where}.id: indicator {ind.id!r} appears twice")
            seen.add(ind.id)
            if ind.denominator is not None and ind.denominator not in catalogue:
                raise SpecError(f"{where}.denominator: unknown indicator {ind.denominator!r}")
            entry = catalogue[ind.id]
            if (ind.direction or entry.direction) == "neutral":
                raise SpecError(
                    f"{where}.direction: {ind.id!r} is neutral in the catalogue; give "
                    "higher_is_worse or higher_is_better"
                )
            if entry.sensitive and not spec.allow_sensitive:
                raise SpecError(
                    f"{where}.id: {ind.id!r} is a sensitive (origin) indicator; it belongs in "
                    "the fairness audit, not in an index (set allow_sensitive to override)"
                )
            if ind.weight is not None and ind.weight < 0:
                raise SpecError(f"{where}.weight: negative weight {ind.weight}")


def _check_weights(spec: IndexSpec) -> None:
    ids = set(spec.indicator_ids)
    domains = set(spec.domain_ids)
    for di, d in enumerate(spec.domains):
        if d.weight is not None and d.weight < 0:
            raise SpecError(f"domains[{di}].weight: negative weight {d.weight}")
    for name, members, what in (
        ("domain_level", ids, "indicator"),
        ("index_level", domains, "domain"),
    ):
        level: LevelSpec = getattr(spec, name)
        for key, value in level.weights.items():
            if key not in members:
                raise SpecError(
                    f"{name}.weights.{key}: no {what} {key!r} in this spec "
                    f"(known: {sorted(members)})"
                )
            if value < 0:
                raise SpecError(f"{name}.weights.{key}: negative weight {value}")
    lw, iw = spec.domain_level.weights, spec.index_level.weights
    for d in spec.domains:
        if spec.domain_level.weighting == "explicit":
            lacking = [i.id for i in d.indicators if i.weight is None and i.id not in lw]
            if lacking:
                raise SpecError(
                    f"domain_level.weights: weighting 'explicit' needs weights for {lacking}"
                )
        if spec.index_level.weighting == "explicit" and d.weight is None and d.id not in iw:
            raise SpecError(f"index_level.weights.{d.id}: weighting 'explicit' needs a weight")
        unmapped = imd_key(d.id, d.imd_domain) is None
        if spec.index_level.weighting == "imd" and unmapped and d.weight is None and d.id not in iw:
            raise SpecError(
                f"index_level.weighting: domain {d.id!r} has no IMD counterpart; set its "
                "imd_domain or give it a weight"
            )
    if spec.domain_level.weighting == "imd":
        raise SpecError("domain_level.weighting: 'imd' weights domains, use it at index_level")


def _check_combinations(spec: IndexSpec) -> None:
    nonneg = NORMALISERS[spec.normalisation.method].nonnegative
    offset = spec.domain_level.params.get("offset", 0.0)
    if spec.domain_level.aggregation in NEEDS_NONNEGATIVE and not nonneg and offset <= 0:
        raise SpecError(
            f"domain_level.aggregation: {spec.domain_level.aggregation} mean over "
            f"'{spec.normalisation.method}' values, which can be negative; use minmax, "
            "goalposts, percentile or rank normalisation"
        )
    domain_nonneg = nonneg or spec.domain_level.aggregation == "exponential"
    offset = spec.index_level.params.get("offset", 0.0)
    if spec.index_level.aggregation in NEEDS_NONNEGATIVE and not domain_nonneg and offset <= 0:
        raise SpecError(
            f"index_level.aggregation: {spec.index_level.aggregation} mean over domain "
            f"scores of '{spec.normalisation.method}' values, which can be negative"
        )


def _check_scalars(spec: IndexSpec) -> None:
    s = spec.screening
    if not 0.0 <= s.min_coverage <= 1.0:
        raise SpecError(f"screening.min_coverage: {s.min_coverage} is not in [0, 1]")
    if s.min_population < 0:
        raise SpecError(f"screening.min_population: {s.min_population} is negative")
    if spec.points <= 0:
        raise SpecError(f"points: {spec.points} must be positive")
    if not 0.0 < spec.flag_percentile <= 1.0:
        raise SpecError(f"flag_percentile: {spec.flag_percentile} is not in (0, 1]")
    breaks = np.asarray(spec.class_breaks)
    if breaks.size != 8 or not (np.diff(breaks) > 0).all():
        raise SpecError("class_breaks: give 8 increasing upper bounds of classes 1-8")
    refs = (spec.reference,) if isinstance(spec.reference, str) else spec.reference
    if not refs:
        raise SpecError("reference: empty; use NL, G4 or region codes")
    for ref in refs:
        if ref.upper() in ("NL", "G4"):
            continue
        try:
            regions.parse(ref)
        except RegionCodeError as exc:
            raise SpecError(f"reference: {exc}") from None
