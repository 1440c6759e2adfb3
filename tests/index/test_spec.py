"""IndexSpec: YAML round-trip, presets, and bad specs failing before any computation."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from kloof.catalogue import Catalogue
from kloof.errors import SpecError
from kloof.index import build, presets
from kloof.index.spec import IndexSpec


def _spec(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "t",
        "reference": "GM9999",
        "domains": [
            {"id": "work", "indicators": [{"id": "bijstand_per_1000"}]},
            {"id": "housing", "indicators": [{"id": "woz_mean"}]},
        ],
    }
    base.update(changes)
    return base


def test_yaml_round_trip(toy_spec: IndexSpec) -> None:
    text = toy_spec.to_yaml()
    assert IndexSpec.from_yaml(text) == toy_spec
    assert "bijstand_per_1000" in text


def test_round_trip_keeps_every_field() -> None:
    spec = IndexSpec.from_dict(
        _spec(
            reference=["GM0363", "GM0599"],
            treatment={"method": "winsorise", "params": {"max_points": 3}},
            normalisation={"method": "goalposts"},
            domain_level={"aggregation": "geometric", "weights": {"woz_mean": 2.0}},
            index_level={"weighting": "explicit", "weights": {"work": 1, "housing": 3}},
            class_breaks=[80, 85, 90, 95, 105, 110, 115, 120],
        )
    )
    again = IndexSpec.from_yaml(spec.to_yaml())
    assert again == spec
    assert again.reference == ("GM0363", "GM0599")


@pytest.mark.parametrize("name", presets.NAMES)
def test_presets_load_check_and_round_trip(name: str) -> None:
    from kloof import catalogue

    spec = presets.load(name)
    assert IndexSpec.from_yaml(spec.to_yaml()) == spec
    spec.check(catalogue.load())
    assert spec.domain_ids


def test_default_preset_measures_the_programmes_tasks() -> None:
    """Facilities and care use are not part of the default; rates are shrunk."""
    spec = presets.load("kloof")
    assert spec.domain_ids == ("income", "work", "safety", "housing")
    assert spec.estimation.method == "shrinkage"
    ids = set(spec.indicator_ids)
    assert not ids & {"wmo_per_1000", "youth_care_pct", "one_person_households_pct"}
    assert not any(i.startswith("distance_") for i in ids)
    assert presets.load("voorzieningen").domain_ids == ("facilities",)


def test_estimation_accepts_a_bare_name() -> None:
    spec = IndexSpec.from_yaml(
        "name: x\nestimation: shrinkage\ndomains: [{id: w, indicators: [{id: bijstand_per_1000}]}]"
    )
    assert spec.estimation.method == "shrinkage"
    assert IndexSpec.from_yaml(spec.to_yaml()) == spec


def test_presets_never_hold_sensitive_indicators() -> None:
    from kloof import catalogue

    cat = catalogue.load()
    for name in presets.NAMES:
        for ind in presets.load(name).indicator_ids:
            assert ind not in cat or not cat[ind].sensitive, (name, ind)
            assert not ind.startswith("origin_"), (name, ind)


def test_preset_names_and_text() -> None:
    assert set(presets.names()) == {"kloof", "imd", "svi", "voorzieningen"}
    assert presets.text("imd").startswith("#")
    with pytest.raises(SpecError, match="unknown preset"):
        presets.load("nope")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {"domains": [{"id": "work", "indicators": [{"id": "no_such_thing"}]}]},
            r"domains\[0\]\.indicators\[0\]\.id: unknown indicator 'no_such_thing'",
        ),
        ({"index_level": {"weights": {"safety": 1.0}}}, r"index_level\.weights\.safety"),
        ({"domain_level": {"weights": {"woz": 1.0}}}, r"domain_level\.weights\.woz"),
        ({"index_level": {"weights": {"work": -1.0}}}, r"index_level\.weights\.work: negative"),
        (
            {"domains": [{"id": "w", "weight": -2, "indicators": [{"id": "woz_mean"}]}]},
            r"domains\[0\]\.weight: negative",
        ),
        (
            {"domains": [{"id": "w", "indicators": [{"id": "woz_mean", "weight": -1}]}]},
            r"domains\[0\]\.indicators\[0\]\.weight: negative",
        ),
        ({"domain_level": {"aggregation": "geometric"}}, r"domain_level\.aggregation: geometric"),
        ({"index_level": {"aggregation": "harmonic"}}, r"index_level\.aggregation: harmonic"),
        ({"normalisation": {"method": "zcore"}}, r"normalisation\.method: unknown method"),
        ({"treatment": {"method": "winsorise", "params": {"typo": 1}}}, r"treatment\.params"),
        ({"index_level": {"weighting": "explicit"}}, r"index_level\.weights\.work: .*explicit"),
        (
            {"domains": [{"id": "w", "indicators": [{"id": "one_person_households_pct"}]}]},
            r"domains\[0\]\.indicators\[0\]\.direction: .* neutral",
        ),
        (
            {
                "domains": [
                    {
                        "id": "w",
                        "indicators": [
                            {"id": "origin_outside_europe_pct", "direction": "higher_is_worse"}
                        ],
                    }
                ]
            },
            r"domains\[0\]\.indicators\[0\]\.id: .*sensitive",
        ),
        (
            {"domains": [{"id": "rank", "indicators": [{"id": "woz_mean"}]}]},
            r"domains\[0\]\.id: 'rank' is a result column",
        ),
        ({"reference": "XX12"}, r"reference: 'XX12' is not a CBS region code"),
        ({"class_breaks": [1, 2, 3]}, r"class_breaks"),
        ({"screening": {"min_coverage": 1.5}}, r"screening\.min_coverage"),
        ({"domain_level": {"weighting": "imd"}}, r"domain_level\.weighting"),
        (
            {
                "index_level": {"weighting": "imd"},
                "domains": [{"id": "xyz", "indicators": [{"id": "woz_mean"}]}],
            },
            r"index_level\.weighting: domain 'xyz' has no IMD counterpart",
        ),
    ],
)
def test_bad_specs_name_the_field(
    changes: dict[str, Any], field: str, toy_catalogue: Catalogue, toy_frame: pd.DataFrame
) -> None:
    spec = IndexSpec.from_dict(_spec(**changes))
    with pytest.raises(SpecError, match=field):
        spec.check(toy_catalogue)
    with pytest.raises(SpecError, match=field):
        build(toy_frame, spec, catalogue=toy_catalogue)


def test_bad_spec_fails_before_touching_the_data(toy_catalogue: Catalogue) -> None:
    spec = IndexSpec.from_dict(_spec(index_level={"weights": {"safety": 1.0}}))
    not_a_frame: Any = object()  # any computation would fail with another error
    with pytest.raises(SpecError, match="safety"):
        build(not_a_frame, spec, catalogue=toy_catalogue)


def test_structural_errors_become_spec_errors() -> None:
    with pytest.raises(SpecError, match=r"domains\.0\.indicators"):
        IndexSpec.from_dict({"name": "x", "domains": [{"id": "a", "indicators": []}]})
    with pytest.raises(SpecError, match="typo"):
        IndexSpec.from_dict({"name": "x", "typo": 1, "domains": []})
    with pytest.raises(SpecError, match="not valid YAML"):
        IndexSpec.from_yaml("name: [unclosed")


def test_geometric_allowed_with_nonnegative_normalisation(toy_catalogue: Catalogue) -> None:
    spec = IndexSpec.from_dict(
        _spec(
            normalisation={"method": "minmax"},
            domain_level={"aggregation": "geometric"},
            index_level={"aggregation": "geometric"},
        )
    )
    assert spec.check(toy_catalogue) is spec


def test_lookups(toy_spec: IndexSpec) -> None:
    assert toy_spec.domain_of("woz_mean") == "housing"
    assert toy_spec.indicator("woz_mean").id == "woz_mean"
    assert toy_spec.domain_ids == ("work", "housing", "facilities")
