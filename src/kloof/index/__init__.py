"""Composite indices: liveability/vulnerability per region, the gap to a reference, and
how sure we are.

The pipeline (screening → imputation → outlier treatment → normalisation → weights →
aggregation → scaling) follows the OECD/JRC *Handbook on Constructing Composite
Indicators* and its R implementation COINr; every step is a registry of pure functions
or fit/transform classes, specs and results are frozen. Higher is better (more liveable,
less vulnerable), the reference (NL by default) is 100, the gap is index − 100.

Examples
--------
>>> from kloof import index
>>> sorted(index.presets.NAMES)
['imd', 'kloof', 'svi', 'voorzieningen']
>>> result = index.build(frame, "kloof", reference=nl_row)          # doctest: +SKIP
>>> result.to_frame()[["code", "index", "rank", "decile", "class", "gap"]]  # doctest: +SKIP
>>> result.explain("WK036301")                                       # doctest: +SKIP
>>> index.uncertainty(frame, "kloof", runs=1000, seed=1).table       # doctest: +SKIP
"""

from __future__ import annotations

from kloof.index import presets
from kloof.index.aggregate import AGGREGATORS, exponential_transform
from kloof.index.audit import AuditResult, audit
from kloof.index.build import IndexModel, build, fit
from kloof.index.classes import CLASS_LABELS, CLASS_LABELS_EN, class_label, class_labels
from kloof.index.explain import contributions, explain
from kloof.index.impute import IMPUTERS
from kloof.index.normalise import NORMALISERS, percentile_rank
from kloof.index.prepare import LogEntry
from kloof.index.result import IndexResult
from kloof.index.screen import SCREENS
from kloof.index.sensitivity import SobolResult, sobol
from kloof.index.spec import (
    CLASS_BREAKS,
    DomainSpec,
    IndexSpec,
    IndicatorSpec,
    LevelSpec,
    ScreeningSpec,
    StepSpec,
)
from kloof.index.treat import TREATMENTS
from kloof.index.uncertainty import Choices, UncertaintyResult, uncertainty
from kloof.index.weights import IMD_WEIGHTS, WEIGHTINGS

__all__ = [
    "AGGREGATORS",
    "CLASS_BREAKS",
    "CLASS_LABELS",
    "CLASS_LABELS_EN",
    "IMD_WEIGHTS",
    "IMPUTERS",
    "NORMALISERS",
    "SCREENS",
    "TREATMENTS",
    "WEIGHTINGS",
    "AuditResult",
    "Choices",
    "DomainSpec",
    "IndexModel",
    "IndexResult",
    "IndexSpec",
    "IndicatorSpec",
    "LevelSpec",
    "LogEntry",
    "ScreeningSpec",
    "SobolResult",
    "StepSpec",
    "UncertaintyResult",
    "audit",
    "build",
    "class_label",
    "class_labels",
    "contributions",
    "explain",
    "exponential_transform",
    "fit",
    "percentile_rank",
    "presets",
    "sobol",
    "uncertainty",
]
