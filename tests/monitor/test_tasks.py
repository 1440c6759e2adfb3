"""The five NPLV tasks as monitor domains (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kloof import catalogue
from kloof.monitor.series import AreaSeries
from kloof.monitor.tasks import TASKS, task_view

CAT = catalogue.load()


def test_five_tasks_with_catalogue_rates_or_sources() -> None:
    assert list(TASKS) == ["education", "work_income", "debts", "youth", "safety"]
    for task in TASKS.values():
        assert task.label("nl") and task.label("en")
        assert all(task.missing) and all(task.source_text(lang) for lang in ("nl", "en"))
        for ind in task.indicators:
            assert CAT[ind].kind in ("rate", "mean"), ind


def test_view_shows_data_and_says_plainly_what_is_missing() -> None:
    """Area bijstand 50, 45, 40 in 2019-2021 (trend -5/year), reference 30 in 2021."""
    rows = [
        (y, "area", "bijstand_per_1000", v, 1.0) for y, v in ((2019, 50), (2020, 45), (2021, 40))
    ]
    rows.append((2021, "ref", "bijstand_per_1000", 30.0, 1.0))
    values = pd.DataFrame(rows, columns=["year", "group", "indicator", "value", "coverage"])
    view = task_view(AreaSeries(values, pd.DataFrame(), 2024), "area", ["ref"], language="en")
    data = view[view["status"] == "data"]
    assert len(data) == 1
    row = data.iloc[0]
    assert (row["points"], row["first_year"], row["year"], row["value"]) == (3, 2019, 2021, 40)
    assert row["trend"] == pytest.approx(-5.0)
    assert row["gap_ref"] == pytest.approx(10.0)
    empty = set(view.loc[view["status"] == "no data yet", "task"])
    assert empty == {"Education", "Debts", "Youth", "Safety and undermining"}
    assert view.loc[view["status"] == "no data yet", "source"].str.len().gt(10).all()


@pytest.mark.realdata
def test_cli_tasks_on_the_shared_store(monitor_store_path: Path) -> None:
    from typer.testing import CliRunner

    from kloof.cli.monitor import app

    env = {"KLOOF_STORE": str(monitor_store_path), "COLUMNS": "80"}
    res = CliRunner().invoke(app, ["tasks", "amsterdam-nieuw-west"], env=env)
    assert res.exit_code == 0, res.output
    flat = " ".join(res.output.replace("│", " ").split())  # the table's wrapped names
    assert "Bijstand per 1.000 inwoners" in flat  # indicators by their names in the table
    assert "Totaal geregistreerde misdrijven per 1.000 inwoners" in flat
    assert "Schulden: nog geen gegevens" in res.output
    # education from the Amsterdam KWB 2019 counts (issue 15); school advice still missing
    assert "Aandeel inwoners met laag onderwijsniveau" in flat
    assert "Onderwijs, ontbreekt nog" in res.output
    assert "2.023" not in res.output and "2,023" not in res.output


def test_education_and_debts_are_measured_from_counts() -> None:
    """Two wijken: low 100 of 400 and 300 of 600 known → the area 400 / 1000 = 40 % low
    (weighted by inhabitants, here proportional to the residents with a known level);
    debts 30 of 600 households → 5 %."""
    from kloof.monitor.aggregate import Group
    from kloof.monitor.series import build_series

    frames = {}
    for k, year in enumerate((2021, 2022, 2023)):
        raw = pd.DataFrame(
            {
                "education_low": [100.0 - k, 300.0 - k, 2000.0],
                "education_middle": [200.0, 200.0, 4000.0],
                "education_high": [100.0 + k, 100.0 + k, 4000.0],
                "households": [250.0, 350.0, 10000.0],
                "inhabitants": [500.0, 750.0, 12500.0],  # 1.25 × the 15-75 with a level
                "households_problematic_debts": [10.0, 20.0, 300.0],
            },
            index=["WK000101", "WK000102", "GM0002"],
        )
        frames[year] = CAT.derive(raw)
    groups = [Group("area", ("WK000101", "WK000102")), Group("ref", ("GM0002",))]
    wanted = [i for t in TASKS.values() for i in t.indicators]
    result = build_series(frames, groups, to_year=2023, indicators=wanted)
    table = result.table("education_low_pct")
    assert table.loc[2021, "area"] == pytest.approx(40.0)
    assert table.loc[2023, "area"] == pytest.approx(100 * 396 / 1000)
    assert result.table("households_problematic_debts_pct").loc[2021, "area"] == pytest.approx(5.0)
    view = task_view(result, "area", ["ref"], language="en")
    measured = view[view["status"] == "data"].set_index("indicator")
    assert {"education_low_pct", "education_high_pct", "households_problematic_debts_pct"} <= set(
        measured.index
    )
    assert measured.loc["education_low_pct", "trend"] == pytest.approx(-0.2)
    assert measured.loc["education_low_pct", "gap_ref"] == pytest.approx(39.6 - 20.0)
    assert "no data yet" not in set(view.loc[view["task"].isin(["Education", "Debts"]), "status"])
