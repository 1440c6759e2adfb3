"""Where a focus comparison loses, on a 4 × 3 grid of two gemeenten you can draw.

Codes per gemeente, row by row from the south-west (GM0001 left, GM0002 right)::

    05* 06  | 05  06*          * = severe (value >= 10); 104 has no value
    03  04. | 03  04           residents 1000, except 101 (1500) and 206 (5000)
    01* 02* | 01  02

With at least 2500 residents the candidates are {206} (5000) and {101, 102} (2500);
105 is severe but alone (1000). The official area is {101, 103, 104, 105}.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

from kloof.spatial.focus import FocusSpec, Severity, compare, detect
from kloof.spatial.focus_loss import REASONS, breakdown
from kloof.spatial.graph import build


@dataclass(frozen=True)
class _Area:
    id: str
    name: str
    codes: tuple[str, ...]


AREA = _Area("x", "X", ("WK000101", "WK000103", "WK000104", "WK000105"))
SPEC = FocusSpec((Severity("value", threshold=10.0),), min_residents=2500)


@pytest.fixture
def two(grid):
    g = grid(4, 3, split=2)
    frame = pd.DataFrame(index=pd.Index(g["code"], name="code"))
    frame["value"] = 2.0
    frame.loc[["WK000101", "WK000102", "WK000105"], "value"] = 12.0
    frame.loc["WK000206", "value"] = 15.0
    frame.loc["WK000104", "value"] = float("nan")
    frame["inhabitants"] = 1000.0
    frame.loc["WK000101", "inhabitants"] = 1500.0
    frame.loc["WK000206", "inhabitants"] = 5000.0
    return frame, build(g)


def test_breakdown_by_hand(two):
    frame, graph = two
    result = detect({2023: frame}, graph, SPEC)
    assert [c.members for c in result.candidates] == [("WK000206",), ("WK000101", "WK000102")]
    out = breakdown(result, [AREA], frame["inhabitants"])
    s = out.summary
    assert (s["residents_both"], s["residents_outside"], s["residents_missed"]) == (
        1500.0,
        6000.0,
        3000.0,
    )
    # 102 lies in the area's gemeente, 206 in a gemeente without an area
    assert (s["outside_area_gemeenten"], s["outside_elsewhere"]) == (1000.0, 5000.0)
    assert out.outside["gemeente"].tolist() == ["GM0002", "GM0001"]
    assert out.outside["area_gemeente"].tolist() == [False, True]
    assert out.outside["mean_score"].tolist() == [15.0, 12.0]
    reasons = out.missed.set_index("code")["reason"].to_dict()
    assert reasons == {"WK000103": "severity", "WK000104": "no_value", "WK000105": "size"}
    assert set(out.missed["area"]) == {"x"}
    assert (s["missed_severity"], s["missed_no_value"], s["missed_size"]) == (1000.0,) * 3
    assert s["missed_duration"] == s["missed_no_geometry"] == 0.0
    # 1500 / (1500 + 6000 + 3000), the figure compare gives
    assert s["jaccard_residents"] == pytest.approx(1 / 7)
    cmp = compare(result, [AREA], frame["inhabitants"])
    assert s["jaccard_residents"] == pytest.approx(cmp.summary["jaccard_residents"])


def test_duration_and_missing_geometry(two):
    frame, graph = two
    now = frame.copy()
    now.loc["WK000103", "value"] = 12.0  # severe in 2023, not in 2022
    now.loc["WK000199"] = [20.0, 9000.0]  # severe, official, but not on the map
    earlier = now.copy()
    earlier.loc["WK000103", "value"] = 2.0
    result = detect({2022: earlier, 2023: now}, graph, SPEC)
    area = _Area("x", "X", (*AREA.codes, "WK000199"))
    out = breakdown(result, [area], now["inhabitants"])
    reasons = out.missed.set_index("code")["reason"]
    assert reasons["WK000103"] == "duration" and reasons["WK000199"] == "no_geometry"
    assert out.missed.iloc[0]["code"] == "WK000199"  # most residents first
    assert out.summary["missed_no_geometry"] == 9000.0
    assert set(out.missed["reason"]) <= set(REASONS)


def test_buurt_codes_are_noted_as_in_compare(two):
    frame, graph = two
    result = detect({2023: frame}, graph, SPEC)
    out = breakdown(result, [_Area("b", "B", ("BU00010301",))], frame["inhabitants"])
    assert out.missed["code"].tolist() == ["WK000103"]
    assert any("BU00010301" in note for note in out.notes)
