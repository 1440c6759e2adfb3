"""``kloof simulate`` in-process, with its chart and workbook."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from kloof.cli._common import state
from kloof.cli.simulate import simulate
from kloof.housing import initial_state, run_experiment, shipped
from kloof.report.housing_charts import area_inflow_share, concentration_figure
from kloof.report.housing_xlsx import experiment_sheets

runner = CliRunner()


@pytest.fixture
def app() -> Iterator[typer.Typer]:
    app = typer.Typer()

    @app.callback()
    def root(store: Path = typer.Option(None, "--store")) -> None:
        state.store_path = store

    app.command("simulate")(simulate)
    yield app
    state.store_path = None


def test_simulate_writes_tables_chart_and_workbook(app: typer.Typer, tmp_path: Path) -> None:
    variant = shipped("toy").variant(
        name="toy-cap", policies=[*shipped("toy").policies, {"name": "priority_cap", "cap": 0.3}]
    )
    other = tmp_path / "toy-cap.yaml"
    other.write_text(variant.to_yaml())
    out = tmp_path / "toy.xlsx"
    args = ["--store", str(tmp_path / "none.duckdb"), "simulate", "toy", "--compare",
            str(other), "--runs", "3", "--serial", "--output", str(out)]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "geen store" in result.output and "waterbed: toy-cap − toy" in result.output
    assert "Oost" in result.output
    assert out.exists() and out.with_suffix(".png").stat().st_size > 10_000
    sheets = pd.read_excel(out, sheet_name=None, engine="calamine")
    # sheet names and headers in the run's language, Dutch by default
    names = {"Overzicht", "Regio per jaar", "Jaren", "Groepen woningzoekenden"}
    assert names | {"Verschil met basisscenario", "Beginstand"} <= set(sheets)
    regions = sheets["Regio per jaar"]
    assert set(regions["Scenario"]) == {"toy", "toy-cap"}
    assert "Aandeel kwetsbaar in voorraad (0–1) (p95)" in regions.columns
    assert (sheets["Beginstand"]["Woningen (bron)"] == "scenario").all()
    assert sheets["Scenario 2"].iloc[:, 0].str.contains("priority_cap").any()
    # one number for "vulnerable % of inflow" and "priority % of lettings" (issue 16)
    assert "Aandeel voorrang in verhuringen (0–1) (gemiddelde)" not in regions.columns
    assert "Aandeel kwetsbaar in instroom (0–1) (gemiddelde)" in regions.columns
    assert "voorrang % verhuringen" not in result.output
    flat = " ".join(result.output.split())
    assert "(hh," in flat and "som" in flat  # cumulative counts say their unit
    assert "Nieuwe concentraties" in sheets


def test_simulate_speaks_one_language(app: typer.Typer, tmp_path: Path) -> None:
    """An English run has English tables, waterbed and concentration lines (issue 16)."""
    variant = shipped("toy").variant(
        name="toy-cap", policies=[*shipped("toy").policies, {"name": "priority_cap", "cap": 0.3}]
    )
    other = tmp_path / "toy-cap.yaml"
    other.write_text(variant.to_yaml())
    args = ["--store", str(tmp_path / "none.duckdb"), "simulate", "toy", "--compare",
            str(other), "--runs", "2", "--serial",
            "--output", str(tmp_path / "en.xlsx")]  # fmt: skip
    state.language = "en"
    try:
        result = runner.invoke(app, args)
    finally:
        state.language = None
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "vulnerable % of stock" in flat and "mean [90% interval]" in flat
    assert "waterbed: toy-cap − toy" in flat and "sum of" in flat
    assert "initial values" in flat and "D end" in flat
    for dutch in ("kwetsbaar", "gemiddelde", "voorraad", " jaar", "naam", "beginwaarden"):
        assert dutch not in flat, dutch
    regions = pd.read_excel(tmp_path / "en.xlsx", sheet_name="Region by year", engine="calamine")
    assert "Vulnerable share of stock (0–1) (p95)" in regions.columns  # the workbook too


def test_simulate_reports_bad_scenarios(app: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(shipped("toy").to_yaml().replace("turnover: 0.08", "turnover: 1.5"))
    result = runner.invoke(app, ["simulate", str(bad), "--runs", "1", "--serial"])
    assert result.exit_code == 1
    assert "stock.turnover" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["simulate", str(tmp_path / "missing.yaml"), "--serial"])
    assert (
        result.exit_code == 1 and "dit scenariobestand bestaat niet" in result.output
    )  # Dutch by default


def test_chart_and_sheets_directly() -> None:
    base = shipped("toy").variant(years=3)
    result = run_experiment(initial_state(None, base), [base], seeds=2, parallel=False)
    shares = area_inflow_share(result, "toy")
    assert list(shares.columns) == ["weak", "rest"]
    assert shares.index.tolist() == [2024, 2025, 2026]
    fig = concentration_figure(result, language="en")
    assert len(fig.axes) == 2
    styles = [line.get_linestyle() for line in fig.axes[0].get_lines()]
    assert styles == ["-", "--"]  # D and isolation of the one scenario
    sheets = experiment_sheets(result)
    assert sheets["overzicht"].loc[0, "runs"] == 2
    assert sheets["verschil"].empty
