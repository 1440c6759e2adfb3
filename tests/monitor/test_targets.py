"""Targets YAML and status rules, including the Rotterdam 2018 safety-index targets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kloof.app.files import read_targets
from kloof.errors import SpecError
from kloof.monitor import targets as tg
from kloof.monitor.targets import Target, assess

# Rotterdam Veiligheidsindex: 2014 baselines, target +5 points by 2018
ROTTERDAM = """
name: rotterdam-2018
version: "1"
description: Veiligheidsindex Rotterdam, +5 points by 2018 for the five lowest wijken
targets:
- {id: hillesluis, subject: Hillesluis, indicator: safety_index, kind: change, delta: 5,
   baseline_year: 2014, baseline: 73, target_year: 2018}
- {id: afrikaanderwijk, subject: Afrikaanderwijk, indicator: safety_index, kind: change,
   delta: 5, baseline_year: 2014, baseline: 80, target_year: 2018}
- {id: tarwewijk, subject: Tarwewijk, indicator: safety_index, kind: change, delta: 5,
   baseline_year: 2014, baseline: 81, target_year: 2018}
- {id: bloemhof, subject: Bloemhof, indicator: safety_index, kind: change, delta: 5,
   baseline_year: 2014, baseline: 82, target_year: 2018}
- {id: tussendijken, subject: Tussendijken, indicator: safety_index, kind: change,
   delta: 5, baseline_year: 2014, baseline: 85, target_year: 2018}
"""
BASE = {
    "Hillesluis": 73,
    "Afrikaanderwijk": 80,
    "Tarwewijk": 81,
    "Bloemhof": 82,
    "Tussendijken": 85,
}


def _obs(values: dict[str, dict[int, float]], indicator: str = "safety_index") -> pd.DataFrame:
    rows = [(s, indicator, y, v) for s, by in values.items() for y, v in by.items()]
    return pd.DataFrame(rows, columns=["subject", "indicator", "year", "value"])


def test_rotterdam_2018_both_sides_of_the_line() -> None:
    tset = tg.loads(ROTTERDAM)
    # made-up 2018 values: just at / above the line for three, just below for two
    made_up = {
        "Hillesluis": 78.0,
        "Afrikaanderwijk": 84.9,
        "Tarwewijk": 86.5,
        "Bloemhof": 86.0,
        "Tussendijken": 90.0,
    }
    data = _obs({s: {2014: BASE[s], 2018: v} for s, v in made_up.items()})
    rep = assess(tset, data).set_index("subject")
    assert rep.loc["Hillesluis", "target"] == 78.0
    assert rep.loc["Hillesluis", "status"] == "on track"  # 78 >= 73 + 5
    assert rep.loc["Afrikaanderwijk", "status"] == "off track"  # 84.9 < 85
    assert rep.loc["Tarwewijk", "status"] == "on track"
    assert rep.loc["Bloemhof", "status"] == "off track"  # 86 < 87
    assert rep.loc["Tussendijken", "status"] == "on track"
    assert rep["rule"].str.startswith("deadline").all()
    # halfway (2016): glide path 75.5 for Hillesluis
    mid = _obs(
        {
            "Hillesluis": {2014: 73, 2016: 75.5},
            "Afrikaanderwijk": {2014: 80, 2016: 81.5},
            "Tarwewijk": {2014: 81, 2016: 81.0},
            "Bloemhof": {2014: 82, 2016: 81.0},
        }
    )
    rep = assess(tset, mid).set_index("subject")
    assert rep.loc["Hillesluis", "status"] == "on track"  # 50 % of the way after 50 %
    assert rep.loc["Afrikaanderwijk", "status"] == "at risk"  # 30 % >= 25 %
    assert rep.loc["Tarwewijk", "status"] == "off track"  # no progress
    assert rep.loc["Bloemhof", "status"] == "off track"  # wrong direction
    assert rep.loc["Tussendijken", "status"] == "no data"
    assert "glide path" in rep.loc["Afrikaanderwijk", "rule"]


def test_reproducible_for_a_past_year() -> None:
    tset = tg.loads(ROTTERDAM)
    data = _obs({"Hillesluis": {2014: 73, 2016: 76, 2018: 74}})
    then = assess(tset, data, as_of=2016).set_index("subject")
    now = assess(tset, data).set_index("subject")
    assert then.loc["Hillesluis", "status"] == "on track"
    assert then.loc["Hillesluis", "year"] == 2016
    assert now.loc["Hillesluis", "status"] == "off track"


def test_select_five_lowest() -> None:
    data = _obs(
        {**{s: {2014: v, 2018: v + 5} for s, v in BASE.items()}, "Kralingen": {2014: 95, 2018: 94}}
    )
    t = Target(
        "lowest5", "safety_index", "change", 2018, delta=5, baseline_year=2014, select={"lowest": 5}
    )
    rep = assess([t], data)
    assert sorted(rep["subject"]) == sorted(BASE)
    assert (rep["status"] == "on track").all()
    assert rep["id"].str.startswith("lowest5/").all()


def test_a_select_that_selects_nothing_is_reported_not_dropped() -> None:
    data = _obs({s: {2016: v} for s, v in BASE.items()})  # nothing in the baseline year
    t = Target(
        "lowest5", "safety_index", "change", 2018, delta=5, baseline_year=2014, select={"lowest": 5}
    )
    rep = assess([t], data)
    assert len(rep) == 1
    row = rep.iloc[0]
    assert row["id"] == "lowest5" and row["status"] == "no data"
    assert "baseline year 2014" in row["rule"]


def test_level_gap_and_trend_rules() -> None:
    years = [2022, 2023, 2024, 2025]
    data = _obs(
        {
            "area": dict(zip(years, [80.0, 82.0, 84.0, 86.0], strict=True)),
            "nl": dict.fromkeys(years, 100.0),
        },
        "index",
    )
    level = Target("idx100", "index", "level", 2040, subject="area", value=100.0)
    r = assess([level], data).iloc[0]
    assert r["status"] == "on track" and r["rule"].startswith("trend")
    assert r["projected"] == pytest.approx(116.0)
    far = Target("idx150", "index", "level", 2040, subject="area", value=150.0)
    assert assess([far], data).iloc[0]["status"] == "off track"
    halve = Target(
        "halve", "index", "gap", 2030, subject="area", reference="nl", share=0.5, baseline_year=2022
    )
    r = assess([halve], data).iloc[0]
    assert r["baseline"] == -20.0 and r["target"] == -10.0
    assert r["status"] == "on track"  # gap -14 in 2025, trend reaches -10 by 2027
    noisy = _obs({"area": {2022: 80.0, 2023: 81.5, 2024: 80.5, 2025: 83.0}}, "index")
    r = assess([Target("x", "index", "level", 2030, subject="area", value=88.0)], noisy).iloc[0]
    assert r["status"] == "at risk"


def test_yaml_round_trip_and_errors(tmp_path: Path) -> None:
    tset = tg.loads(ROTTERDAM)
    assert tg.loads(tset.to_yaml()) == tset
    p = tmp_path / "t.yaml"
    p.write_text(tset.to_yaml(), encoding="utf-8")
    assert read_targets(p).targets[0].baseline == 73
    bad = [
        ("targets: [{id: a, indicator: i, kind: change, target_year: 2020, subject: s}]", "delta"),
        ("targets: [{id: a, indicator: i, kind: level, target_year: 2020, value: 1}]", "subject"),
        (
            "targets: [{id: a, indicator: i, kind: gap, share: .5, target_year: 2030, "
            "subject: s, baseline_year: 2020}]",
            "reference",
        ),
        ("targets: [{id: a, indicator: i, kind: odd, target_year: 2020}]", "unknown kind"),
        ("targets: [{id: a, colour: red}]", "unknown keys"),
        ("name: x", "targets"),
        (
            "targets: [{id: a, indicator: i, kind: change, delta: 1, target_year: 2010, "
            "baseline_year: 2014, subject: s}]",
            "after",
        ),
    ]
    for text, match in bad:
        with pytest.raises(SpecError, match=match):
            tg.loads(text)
    with pytest.raises(SpecError, match="columns"):
        assess(tset, pd.DataFrame({"x": [1]}))
    with pytest.raises(SpecError, match="cannot read"):
        read_targets(tmp_path / "none.yaml")
