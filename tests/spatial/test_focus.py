"""Focus areas on a 4 × 3 toy grid whose candidates you can find on paper.

Codes run row by row from the south-west::

    09 10 11 [12]      [..] = severe (value >= 10)
   [05]06 07  08       residents 1000 each, 12 has 5000
   [01][02]03 04

Group A = {01, 02, 05} (3000 residents, value 12), group B = {12} (5000, value 15).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

from kloof.errors import SpecError
from kloof.spatial.focus import FocusSpec, Severity, compare, detect
from kloof.spatial.graph import build

A = ("WK000101", "WK000102", "WK000105")
B = ("WK000112",)


@pytest.fixture
def toy(grid):
    g = grid(4, 3)
    frame = pd.DataFrame(index=pd.Index(g["code"], name="code"))
    frame["value"] = 2.0
    frame.loc[list(A), "value"] = 12.0
    frame.loc[list(B), "value"] = 15.0
    frame["other"] = 0.0
    frame.loc["WK000101", "other"] = 1.0
    frame["inhabitants"] = 1000.0
    frame.loc[list(B), "inhabitants"] = 5000.0
    return frame, build(g)


def _threshold(column="value", value=10.0):
    return Severity(column, threshold=value)


def test_candidates_by_hand(toy):
    frame, graph = toy
    result = detect({2023: frame}, graph, FocusSpec((_threshold(),), min_residents=2500))
    assert [c.members for c in result.candidates] == [B, A]  # largest first
    b, a = result.candidates
    assert (b.id, b.residents, a.id, a.residents) == ("F01", 5000.0, "F02", 3000.0)
    assert a.gemeenten == ("GM0001",)
    # rest of A: eight regions of 2 (8000 residents) and B: (16000 + 75000) / 13000 = 7
    assert a.mean_score == 12.0 and a.gap == pytest.approx(12.0 - 7.0)
    assert b.gap == pytest.approx(15.0 - 52_000 / 11_000)
    assert any("duration not assessed" in line for line in result.log)
    regions = result.regions.set_index("code")
    assert (
        regions.loc["WK000105", "candidate"] == "F02" and regions.loc["WK000103", "candidate"] == ""
    )
    table = result.table()
    assert table.loc[1, "members"] == ";".join(A)


def test_size_criterion(toy):
    frame, graph = toy
    result = detect({2023: frame}, graph, FocusSpec((_threshold(),), min_residents=4000))
    assert [c.members for c in result.candidates] == [B]
    assert any("below 4,000 residents" in line for line in result.log)


def test_worst_share_criterion(toy):
    frame, graph = toy
    # the 0.75 quantile of (2 ×8, 12 ×3, 15) is 12: A and B qualify
    spec = FocusSpec((Severity("value", share=0.25),), min_residents=0)
    assert {c.members for c in detect({2023: frame}, graph, spec).candidates} == {A, B}
    better = FocusSpec((Severity("value", "higher_is_better", share=0.25),), min_residents=0)
    members = {m for c in detect({2023: frame}, graph, better).candidates for m in c.members}
    assert not members & set(A + B)


def test_several_criteria_and_require(toy):
    frame, graph = toy
    both = FocusSpec((_threshold(), _threshold("other", 1.0)), min_residents=0)
    assert [c.members for c in detect({2023: frame}, graph, both).candidates] == [("WK000101",)]
    either = FocusSpec((_threshold(), _threshold("other", 1.0)), require=1, min_residents=0)
    assert len(detect({2023: frame}, graph, either).candidates) == 2


def test_duration_over_years(toy):
    frame, graph = toy
    earlier = frame.copy()
    earlier.loc["WK000105", "value"] = 3.0  # 05 was not severe the year before
    frames = {2022: earlier, 2023: frame}
    spec = FocusSpec((_threshold(),), min_residents=2500)
    result = detect(frames, graph, spec)  # default: every year
    assert [c.members for c in result.candidates] == [B]  # A shrank to 2000 residents
    assert result.regions.set_index("code").loc["WK000105", "years_qualifying"] == 1
    lenient = detect(frames, graph, FocusSpec((_threshold(),), min_residents=2500, min_years=1))
    assert [c.members for c in lenient.candidates] == [B, A]
    with pytest.raises(SpecError):
        detect(frames, graph, FocusSpec((_threshold(),), min_years=3))


def test_missing_values_and_regions_without_geometry_are_reported(toy):
    frame, graph = toy
    frame = frame.copy()
    frame.loc["WK000103", "value"] = float("nan")
    frame.loc["WK000199"] = [20.0, 0.0, 9000.0]  # severe but not on the map
    result = detect({2023: frame}, graph, FocusSpec((_threshold(),), min_residents=0))
    assert any("miss a severity value" in line for line in result.log)
    assert any("without geometry" in line and "WK000199" in line for line in result.log)
    regions = result.regions.set_index("code")
    assert regions.loc["WK000199", "qualifies"] and not regions.loc["WK000199", "in_graph"]


def test_spec_validation():
    with pytest.raises(SpecError):
        FocusSpec(())
    with pytest.raises(SpecError):
        FocusSpec((_threshold(),), require=2)


@dataclass(frozen=True)
class _Area:
    id: str
    name: str
    codes: tuple[str, ...]


def test_compare_with_named_areas_by_hand(toy):
    frame, graph = toy
    result = detect({2023: frame}, graph, FocusSpec((_threshold(),), min_residents=2500))
    areas = [
        _Area("x", "X", ("WK000101", "WK000102")),
        _Area("y", "Y", ("WK000107",)),
        _Area("z", "Z", ()),
        _Area("w", "W", ("BU00010501",)),
    ]
    cmp = compare(result, areas, frame["inhabitants"])
    rows = cmp.areas.set_index("id")
    assert rows.loc["x", "status"] == "covered" and rows.loc["x", "covered"] == 1.0
    assert rows.loc["x", "jaccard"] == pytest.approx(2 / 3)  # {01,02} vs candidate {01,02,05}
    assert rows.loc["x", "jaccard_residents"] == pytest.approx(2 / 3)
    assert rows.loc["y", "status"] == "missed" and rows.loc["y", "jaccard"] == 0
    assert rows.loc["z", "status"] == "undefined"
    assert rows.loc["w", "candidates"] == "F02"
    assert any("BU00010501" in note for note in cmp.notes)
    cands = cmp.candidates.set_index("id")
    assert cands.loc["F01", "status"] == "not official"
    assert cands.loc["F02", "areas"] == "w;x" and cands.loc["F02", "official_share"] == 1.0
    # official {01,02,05,07}, candidates {01,02,05,12}: 3 of 5 regions, 3000 of 9000 residents
    assert cmp.summary["jaccard"] == pytest.approx(3 / 5)
    assert cmp.summary["jaccard_residents"] == pytest.approx(1 / 3)
    assert cmp.summary["areas_missed"] == 1 and cmp.summary["candidates_not_official"] == 1


def test_compare_accepts_gemeente_codes(toy):
    frame, graph = toy
    result = detect({2023: frame}, graph, FocusSpec((_threshold(),), min_residents=2500))
    cmp = compare(
        result.candidates, [_Area("gm", "whole gemeente", ("GM0001",))], frame["inhabitants"]
    )
    assert cmp.areas.loc[0, "regions"] == 12 and cmp.summary["candidates_not_official"] == 0
