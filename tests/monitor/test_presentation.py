"""Presentation that cannot mislead (issue 15): percent gaps, baseline = 100, nominal money."""

from __future__ import annotations

import pandas as pd
import pytest

from kloof import catalogue
from kloof.monitor.series import AreaSeries, nominal, relative_gap_allowed

CAT = catalogue.load()


def _series(indicator: str) -> AreaSeries:
    """Area 10, 12, 15 and reference 20, 20, 30 in 2017, 2019, 2023 (hand-checkable)."""
    rows = [
        (year, group, indicator, value, 1.0)
        for year, a, r in ((2017, 10.0, 20.0), (2019, 12.0, 20.0), (2023, 15.0, 30.0))
        for group, value in (("area", a), ("ref", r))
    ]
    values = pd.DataFrame(rows, columns=["year", "group", "indicator", "value", "coverage"])
    return AreaSeries(values=values, absent=pd.DataFrame(), to_year=2024)


@pytest.mark.parametrize("indicator", [i.id for i in CAT.indicators])
def test_percent_gaps_only_for_rates_and_means(indicator: str) -> None:
    """Every catalogue indicator: no percentage gap on a count (or a category), ever."""
    gaps = _series(indicator).gaps(indicator)
    assert gaps["gap"].tolist() == [-10.0, -8.0, -15.0]
    if CAT[indicator].kind in ("rate", "mean"):
        assert relative_gap_allowed(indicator)
        assert gaps["gap_pct"].tolist() == pytest.approx([-50.0, -40.0, -50.0])
    else:
        assert not relative_gap_allowed(indicator)
        assert gaps["gap_pct"].isna().all()


def test_uncatalogued_columns_have_no_percent_gap() -> None:
    assert not relative_gap_allowed("kloof_index")


@pytest.mark.parametrize("indicator", ["bijstand_per_1000", "inhabitants"])
def test_baseline_applies_to_levels_and_gaps(indicator: str) -> None:
    """With 2017 = 100: area 100, 120, 150; reference 100, 100, 150; gaps 0, 20, 0 points."""
    s = _series(indicator)
    rebased = s.rebased(indicator, 2017)
    assert rebased["area"].tolist() == pytest.approx([100.0, 120.0, 150.0])
    gaps = s.gaps(indicator, baseline=2017)
    assert gaps["value"].tolist() == pytest.approx([100.0, 100.0, 150.0])
    assert gaps["gap"].tolist() == pytest.approx([0.0, 20.0, 0.0])
    assert gaps["gap_pct"].isna().all()


def test_money_is_flagged_nominal() -> None:
    flagged = {i.id for i in CAT.indicators if nominal(i.id)}
    assert {"income_per_inhabitant", "woz_mean"} <= flagged
    assert not nominal("bijstand_per_1000") and not nominal("inhabitants")
    assert all("euro" in CAT[i].unit for i in flagged)


def test_cli_prints_no_percent_gap_for_a_count_and_states_the_baseline(
    monitor_store_path: object,
) -> None:
    from typer.testing import CliRunner

    from kloof.cli.monitor import app

    env = {"KLOOF_STORE": str(monitor_store_path), "COLUMNS": "80"}
    runner = CliRunner()
    out = runner.invoke(
        app,
        ["series", "amsterdam-nieuw-west", "-i", "inhabitants", "--format", "csv"],
        env=env,
    ).output
    header = next(line for line in out.splitlines() if line.startswith("year,"))
    assert "gap_rest_of_gemeente" in header and "_pct" not in header
    res = runner.invoke(
        app,
        ["series", "amsterdam-nieuw-west", "-i", "income_per_inhabitant", "--baseline", "2017"],
        env=env,
    )
    assert res.exit_code == 0, res.output
    assert "2017 = 100" in res.output and "nomina" in res.output
    years = [line.split("│")[1].strip() for line in res.output.splitlines() if "│ 20" in line]
    assert years and all(y.isdigit() and len(y) == 4 for y in years)


def test_gap_target_on_a_count_is_refused() -> None:
    from kloof.errors import SpecError
    from kloof.monitor.targets import Target

    with pytest.raises(SpecError, match="is a count"):
        Target(
            "inh",
            "inhabitants",
            "gap",
            2030,
            subject="x",
            share=0.5,
            reference="nl",
            baseline_year=2022,
        )
    Target(
        "bij",
        "bijstand_per_1000",
        "gap",
        2030,
        subject="x",
        share=0.5,
        reference="nl",
        baseline_year=2022,
    )
    Target("idx", "index", "gap", 2030, subject="x", share=0.5, reference="nl", baseline_year=2022)


def test_index_target_is_assessed_on_the_index(
    monitor_store_path: object, tmp_path: object
) -> None:
    """`indicator: index` as documented: the area's index score of 2023 is its baseline."""
    from pathlib import Path

    from typer.testing import CliRunner

    from kloof.cli.monitor import app

    path = Path(str(tmp_path)) / "t.yaml"
    path.write_text(
        "name: t\ntargets:\n- {id: index-100, subject: amsterdam-nieuw-west, indicator: index,"
        " kind: level, value: 100, target_year: 2040}\n",
        encoding="utf-8",
    )
    env = {"KLOOF_STORE": str(monitor_store_path), "COLUMNS": "80"}
    res = CliRunner().invoke(app, ["targets", str(path), "--format", "csv"], env=env)
    assert res.exit_code == 0, res.output
    row = next(line for line in res.output.splitlines() if line.startswith("index-100"))
    baseline = float(row.split(",")[2])
    assert 50 < baseline < 150


def test_gemeente_from_its_wijken_when_the_year_has_no_gemeente_row() -> None:
    """2024: GM0001 = WK000101 (60) + WK000102 (40); 2020 has wijken only (70 + 50):
    the rest of the gemeente in 2020 is 50 (WK000102); Nederland is never built from it."""
    from kloof.monitor.aggregate import Group
    from kloof.monitor.series import build_series

    f24 = pd.DataFrame(
        {"inhabitants": [100.0, 60.0, 40.0, 1000.0]},
        index=pd.Index(["GM0001", "WK000101", "WK000102", "NL00"], name="code"),
    )
    f20 = pd.DataFrame(
        {"inhabitants": [70.0, 50.0]}, index=pd.Index(["WK000101", "WK000102"], name="code")
    )
    groups = [
        Group("area", ("WK000101",)),
        Group("rest_of_gemeente", ("GM0001",), ("WK000101",)),
        Group("rest_of_nl", ("NL00",), ("WK000101",)),
    ]
    res = build_series({2020: f20, 2024: f24}, groups, to_year=2024, indicators=["inhabitants"])
    table = res.table("inhabitants")
    assert table.loc[2020, "rest_of_gemeente"] == 50.0
    assert pd.isna(table.loc[2020, "rest_of_nl"])
    assert any("sum of its 2 wijken" in n for n in res.notes)
    # a wijk missing (as Weesp's wijken are before 2022 for Amsterdam): no total at all
    res = build_series(
        {2020: f20.iloc[:1], 2024: f24}, groups, to_year=2024, indicators=["inhabitants"]
    )
    assert pd.isna(res.table("inhabitants").loc[2020].get("rest_of_gemeente"))


def test_targets_on_money_say_nominal(monitor_store_path: object, tmp_path: object) -> None:
    from pathlib import Path

    from typer.testing import CliRunner

    from kloof.cli.monitor import app

    path = Path(str(tmp_path)) / "t.yaml"
    path.write_text(
        "name: t\ntargets:\n- {id: inc, subject: GM0363, indicator: income_per_inhabitant,"
        " kind: change, delta: 2, baseline_year: 2017, target_year: 2030}\n",
        encoding="utf-8",
    )
    env = {"KLOOF_STORE": str(monitor_store_path), "COLUMNS": "80"}
    res = CliRunner().invoke(app, ["targets", str(path)], env=env)
    assert res.exit_code == 0, res.output
    assert "nominale euro's" in res.output
