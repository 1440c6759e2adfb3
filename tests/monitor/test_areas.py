"""Area definitions: built-in sets, YAML round-trip, validation, user files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kloof.app.files import read_area_set
from kloof.errors import SpecError
from kloof.monitor import areas
from kloof.monitor.areas import Area, AreaSet

CONTEXT = Path(__file__).parents[2] / ".." / "shared" / "context" / "areas.csv"


def test_builtin_sets_sizes() -> None:
    assert areas.list_builtin() == ("nplv", "dichtdekloof")
    nplv = areas.builtin("nplv")
    ddk = areas.builtin("Dicht de kloof")
    assert len(nplv) == 20
    assert len(ddk) == 16
    assert nplv["rotterdam-zuid"].codes == ("WK059910", "WK059912", "WK059915")
    assert nplv["rotterdam-zuid"].year == 2024
    assert nplv["rotterdam-zuid"].population == 215000
    assert len({a.gemeente for a in nplv}) == 19


def test_every_builtin_area_has_a_composition() -> None:
    """areas.csv gives codes for all 20 NPLV and 16 Dicht de kloof areas (Dec 2026)."""
    for name in ("nplv", "dichtdekloof"):
        s = areas.builtin(name)
        assert len(s.known()) == len(s)
        assert all(a.confidence for a in s)
    nplv = areas.builtin("nplv")
    assert {a.id for a in nplv if a.joined == 2022} == {
        "vlaardingen-westwijk",
        "delft-west",
        "dordrecht-west",
        "roosendaal-stad",
    }


def test_unknown_composition_is_kept_with_note() -> None:
    text = """
name: own
year: 2024
areas:
  - {id: somewhere, name: Somewhere, gemeente: GM0363, confidence: "composition unknown"}
"""
    own = areas.loads(text)
    assert [a.id for a in own if not a.known] == ["somewhere"]
    assert len(own.known()) == 0


def test_yaml_round_trip() -> None:
    for name in areas.list_builtin():
        s = areas.builtin(name)
        assert areas.loads(s.to_yaml()) == s


def test_user_file_correction(tmp_path: Path) -> None:
    nplv = areas.builtin("nplv")
    fixed = Area(
        id="breda-noord",
        name="Breda Noord",
        programme="NPLV",
        gemeente="GM0758",
        year=2024,
        codes=("wk075801",),
        confidence="user: whole CBS wijk Breda noord",
    )
    mine = nplv.with_area(fixed, version="2024.1-mine")
    assert mine["breda-noord"].codes == ("WK075801",)
    assert len(mine) == 20
    assert mine.version == "2024.1-mine"
    path = tmp_path / "my.yaml"
    path.write_text(mine.to_yaml(), encoding="utf-8")
    assert read_area_set(path) == mine
    extra = mine.with_area(
        Area(id="x", name="X", programme="own", gemeente="GM0599", year=2023, codes=("WK059901",))
    )
    assert len(extra) == 21
    m = extra.membership()
    assert list(m.columns) == ["area", "code", "year", "gemeente"]
    assert m[m.area == "x"].code.tolist() == ["WK059901"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"id": "Not A Slug"},
        {"codes": ("WK059910", "WK059910")},
        {"codes": ("WK036301",)},  # not in GM0599
        {"codes": ("XX1",)},
    ],
)
def test_invalid_area(kwargs: dict[str, object]) -> None:
    base: dict[str, object] = {
        "id": "a",
        "name": "A",
        "programme": "p",
        "gemeente": "GM0599",
        "year": 2024,
    }
    base.update(kwargs)
    with pytest.raises(SpecError):
        Area(**base)  # type: ignore[arg-type]


def test_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="unknown keys"):
        areas.loads("areas:\n- {id: a, name: A, gemeente: GM0599, year: 2024, colour: red}\n")
    with pytest.raises(SpecError, match="no year"):
        areas.loads("areas:\n- {id: a, name: A, gemeente: GM0599}\n")
    with pytest.raises(SpecError, match="duplicate"):
        areas.loads(
            "year: 2024\nareas:\n- {id: a, name: A, gemeente: GM0599}\n"
            "- {id: a, name: B, gemeente: GM0599}\n"
        )
    with pytest.raises(SpecError, match="cannot read"):
        read_area_set(tmp_path / "missing.yaml")
    with pytest.raises(SpecError, match="no built-in"):
        areas.builtin("g4")
    with pytest.raises(SpecError, match="no area"):
        areas.builtin("nplv")["nowhere"]
    assert isinstance(AreaSet(name="e", areas=()).table(), pd.DataFrame)


@pytest.mark.realdata
def test_builtin_matches_context_table() -> None:
    """The shipped YAML reproduces the codes and populations of areas.csv."""
    table = pd.read_csv(CONTEXT, dtype=str)
    for programme, name in (("NPLV", "nplv"), ("DichtDeKloof16", "dichtdekloof")):
        rows = table[table.programme == programme]
        s = areas.builtin(name)
        assert len(rows) == len(s)
        for (_, row), area in zip(rows.iterrows(), s, strict=True):
            codes = tuple(row.cbs_codes.split(";")) if isinstance(row.cbs_codes, str) else ()
            assert area.codes == codes
            assert area.gemeente == row.gm_code
            if isinstance(row.population, str):
                assert area.population == int(float(row.population))


def test_public_api() -> None:
    import kloof.monitor as monitor

    assert sorted(monitor.__all__) == [
        "Aggregation", "Area", "AreaSeries", "AreaSet", "Evaluation", "Group", "Outlook",
        "Peers", "Rule", "TASKS", "Target", "TargetSet", "Task", "Trend", "aggregate",
        "area_peers", "assess", "build_panel", "build_series", "builtin", "comparison_groups",
        "evaluate", "fit", "gap", "list_builtin", "outlook", "peers", "rebase",
        "standing", "task_view",
    ]  # fmt: skip
    assert all(hasattr(monitor, name) for name in monitor.__all__)
