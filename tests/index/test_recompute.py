"""Index results carry what recomputes them: spec, params, seed, provenance (issue 14)."""

from __future__ import annotations

import pandas as pd

from kloof.catalogue import Catalogue
from kloof.index import audit, build, sobol
from kloof.index.spec import IndexSpec
from kloof.index.uncertainty import Choices

PROV = {"store": "/data/kloof.duckdb", "level": "buurt", "years": "2023"}


def test_sobol_carries_spec_params_seed_provenance_and_rebuilds(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    choices = Choices(perturbation=0.3, normalisations=("zscore", "minmax"))
    first = sobol(
        toy_frame,
        toy_spec,
        n=16,
        choices=choices,
        codes=["BU99990202"],
        seed=4,
        catalogue=toy_catalogue,
        provenance=PROV,
    )
    assert first.seed == 4 and first.provenance == PROV
    assert first.params == {"n": 16, "choices": choices, "codes": ("BU99990202",)}
    assert first.spec is not None and first.spec.name == toy_spec.name
    again = sobol(toy_frame, first.spec, **first.params, seed=first.seed, catalogue=toy_catalogue)
    pd.testing.assert_frame_equal(again.table, first.table)
    assert again.factors == first.factors and again.runs == first.runs
    other = sobol(toy_frame, first.spec, **first.params, seed=5, catalogue=toy_catalogue)
    assert not other.table.equals(first.table)


def test_audit_carries_the_index_spec_seed_and_provenance(
    toy_frame: pd.DataFrame, toy_spec: IndexSpec, toy_catalogue: Catalogue
) -> None:
    r = build(toy_frame, toy_spec, catalogue=toy_catalogue, provenance=PROV)
    a = audit(r, toy_frame, catalogue=toy_catalogue, provenance={"frame": "toy"})
    assert a.spec is r.spec and a.seed == r.seed
    assert a.provenance == {**PROV, "frame": "toy"}
    assert a.params == {"sensitive": None}
    again = audit(r, toy_frame, catalogue=toy_catalogue, **a.params)
    pd.testing.assert_frame_equal(again.table, a.table)
    asked = audit(r, toy_frame, catalogue=toy_catalogue, sensitive=["origin_outside_europe_pct"])
    assert asked.params == {"sensitive": ("origin_outside_europe_pct",)}
    assert asked.provenance == PROV
