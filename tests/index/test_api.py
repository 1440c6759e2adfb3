"""The public API of kloof.index is pinned; heavy optional imports stay lazy."""

from __future__ import annotations

import subprocess
import sys

import kloof.index

PUBLIC = {
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
    "exponential_transform",
    "explain",
    "fit",
    "percentile_rank",
    "presets",
    "sobol",
    "uncertainty",
}


def test_public_api_is_pinned() -> None:
    assert set(kloof.index.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(kloof.index, name) is not None


def test_registries_are_plain_dicts() -> None:
    for name in ("AGGREGATORS", "IMPUTERS", "NORMALISERS", "SCREENS", "TREATMENTS", "WEIGHTINGS"):
        registry = getattr(kloof.index, name)
        assert type(registry) is dict and registry
        assert all(isinstance(key, str) for key in registry)


def test_salib_and_dask_are_imported_lazily() -> None:
    code = (
        "import sys, kloof.index; "
        "print(any(m.split('.')[0] in ('SALib', 'distributed', 'dask') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_nine_classes_in_leefbaarometer_order() -> None:
    labels = kloof.index.CLASS_LABELS
    assert list(labels) == list(range(1, 10))
    assert labels[1] == "zeer onvoldoende" and labels[9] == "uitstekend"
    assert labels[3] == "onvoldoende" and labels[4] == "zwak"  # zwak ranks above onvoldoende
