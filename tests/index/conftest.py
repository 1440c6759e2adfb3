"""Toy municipality GM9999 for the index tests: 3 wijken × 3 buurten, numbers by hand.

======================  =====  =========  ====  ========  =========
buurt                   inw    bijstand   woz   gp (km)   origin %
======================  =====  =========  ====  ========  =========
BU99990101 (WK999901)   1000   10         300   0.5       5
BU99990102              1000   20         280   1.0       10
BU99990103              1000   30         260   1.5       15
BU99990201 (WK999902)   1000   40         240   0.5       20
BU99990202              1000   50         220   1.0       25
BU99990203              1000   60         200   1.5       30
BU99990301 (WK999903)   1000   70         180   0.5       35
BU99990302              1000   80         160   1.0       40
BU99990303              1000   90         140   1.5       45
======================  =====  =========  ====  ========  =========

Equal populations make every population-weighted statistic an ordinary one: bijstand
has mean 50 and (population) SD sqrt(6000/9) = 25.820, woz mean 220 and SD 51.640,
distance mean 1.0 and SD sqrt(1.5/9) = 0.40825. NL00 (reference row): bijstand 40,
woz 250, distance 1.0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.catalogue import Catalogue
from kloof.index.spec import IndexSpec

BUURTEN = [f"BU9999{w:02d}{b:02d}" for w in (1, 2, 3) for b in (1, 2, 3)]
WIJKEN = ["WK999901", "WK999902", "WK999903"]


def _ind(id_: str, domain: str, direction: str = "neutral", **extra: object) -> dict:
    return {
        "id": id_,
        "label": {"nl": id_, "en": id_},
        "unit": "x",
        "domain": domain,
        "direction": direction,
        "kind": extra.pop("kind", "rate"),
        **extra,
    }


TOY_CATALOGUE = Catalogue.model_validate(
    {
        "version": 1,
        "indicators": [
            _ind("inhabitants", "population", kind="count"),
            _ind("bijstand_recipients", "work", "higher_is_worse", kind="count"),
            _ind(
                "bijstand_per_1000",
                "work",
                "higher_is_worse",
                derived={
                    "numerator": "bijstand_recipients",
                    "denominator": "inhabitants",
                    "scale": 1000,
                },
            ),
            _ind("woz_mean", "housing", "higher_is_better", kind="mean"),
            _ind("distance_gp_km", "facilities", "higher_is_worse", kind="mean"),
            _ind("youth_care_pct", "care", "higher_is_worse"),
            _ind("one_person_households_pct", "housing", "neutral"),
            _ind("origin_outside_europe_pct", "population", sensitive=True),
        ],
    }
)


@pytest.fixture
def toy_catalogue() -> Catalogue:
    return TOY_CATALOGUE


@pytest.fixture
def toy_frame() -> pd.DataFrame:
    """The nine buurten (see module docstring)."""
    return pd.DataFrame(
        {
            "inhabitants": [1000.0] * 9,
            "bijstand_per_1000": [10.0, 20, 30, 40, 50, 60, 70, 80, 90],
            "woz_mean": [300.0, 280, 260, 240, 220, 200, 180, 160, 140],
            "distance_gp_km": [0.5, 1.0, 1.5] * 3,
            "youth_care_pct": [5.0, 6, 7, 8, 9, 10, 11, 12, 13],
            "one_person_households_pct": [30.0, 35, 40, 45, 50, 55, 60, 65, 70],
            "origin_outside_europe_pct": [5.0, 10, 15, 20, 25, 30, 35, 40, 45],
        },
        index=pd.Index(BUURTEN, name="code"),
    )


@pytest.fixture
def toy_wijken(toy_frame: pd.DataFrame) -> pd.DataFrame:
    """Wijk values = means of their three buurten (populations are equal)."""
    groups = np.repeat(WIJKEN, 3)
    out = toy_frame.groupby(groups).mean()
    out["inhabitants"] = 3000.0
    out.index.name = "code"
    return out


@pytest.fixture
def toy_gemeente(toy_frame: pd.DataFrame) -> pd.DataFrame:
    out = toy_frame.mean().to_frame("GM9999").T
    out["inhabitants"] = 9000.0
    return out


@pytest.fixture
def toy_nl() -> pd.Series:
    return pd.Series(
        {
            "inhabitants": 17_800_000.0,
            "bijstand_per_1000": 40.0,
            "woz_mean": 250.0,
            "distance_gp_km": 1.0,
            "youth_care_pct": 9.0,
            "one_person_households_pct": 40.0,
            "origin_outside_europe_pct": 18.0,
        },
        name="NL00",
    )


@pytest.fixture
def toy_spec() -> IndexSpec:
    """Three one-indicator domains, z-scores against all nine buurten, arithmetic."""
    return IndexSpec.from_dict(
        {
            "name": "toy",
            "reference": "GM9999",
            "domains": [
                {"id": "work", "indicators": [{"id": "bijstand_per_1000"}]},
                {"id": "housing", "indicators": [{"id": "woz_mean"}]},
                {"id": "facilities", "indicators": [{"id": "distance_gp_km"}]},
            ],
            "screening": {"min_population": 100, "min_coverage": 0.5},
        }
    )
