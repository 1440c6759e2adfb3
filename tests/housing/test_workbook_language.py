"""The housing workbook in the run's language: readable sheet names and headers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from kloof.housing import initial_state, run_experiment, shipped
from kloof.housing.batch import ExperimentResult
from kloof.report.housing_words import COLUMNS, outcome_header
from kloof.report.housing_xlsx import experiment_sheets, write_experiment_xlsx


@pytest.fixture(scope="module")
def result() -> ExperimentResult:
    base = shipped("toy").variant(years=3)
    policy = base.variant(
        name="toy-cap", policies=[*base.policies, {"name": "priority_cap", "cap": 0.3}]
    )
    initial = {s.name: initial_state(None, s) for s in (base, policy)}
    return run_experiment(initial, [base, policy], seeds=2, parallel=False)


def _headers(path: Path) -> dict[str, list[str]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: [str(c.value) for c in ws[1] if c.value is not None] for ws in book}


def test_dutch_workbook_has_no_ids(result: ExperimentResult, tmp_path: Path) -> None:
    headers = _headers(write_experiment_xlsx(result, tmp_path / "nl.xlsx"))
    assert list(headers)[:3] == ["Overzicht", "Regio per jaar", "Jaren"]
    assert "Scenario 2" in headers and "Nieuwe concentraties" in headers
    for sheet, row in headers.items():
        assert "_" not in sheet
        if not sheet.startswith("Scenario "):  # its header is the scenario's name
            assert not [h for h in row if "_" in h], sheet
    assert "Aandeel kwetsbaar in voorraad (0–1) (p95)" in headers["Regio per jaar"]
    assert "Ongelijkheidsindex D (voorraad) (gemiddelde)" in headers["Jaren"]
    assert "Gemiddelde wachttijd (jaar) (gemiddelde)" in headers["Groepen woningzoekenden"]
    assert "Woningen (bron)" in headers["Beginstand"]
    assert headers["Scenario 2"] == ["toy-cap"]
    book = openpyxl.load_workbook(tmp_path / "nl.xlsx")
    assert book["Overzicht"]["B2"].value == "ja"  # the baseline, in words


def test_english_workbook(result: ExperimentResult, tmp_path: Path) -> None:
    headers = _headers(write_experiment_xlsx(result, tmp_path / "en.xlsx", language="en"))
    assert list(headers)[:3] == ["Overview", "Region by year", "Years"]
    assert "Vulnerable share of stock (0–1) (p95)" in headers["Region by year"]
    assert "Mean waiting time (years) (mean)" in headers["Applicant groups"]
    assert "Dwellings (source)" in headers["Initial state"]
    for sheet, row in headers.items():
        assert "_" not in sheet
        if not sheet.startswith("Scenario "):
            assert not [h for h in row if "_" in h], sheet


def test_every_column_id_has_a_header(result: ExperimentResult) -> None:
    """No column of the sheets falls back to its id, in either language."""
    for frame in list(experiment_sheets(result).values())[:-2]:  # not the YAML sheets
        for column in frame.columns:
            for language in ("nl", "en"):
                text = outcome_header(column, language)
                assert "_" not in text and text != str(column), (column, text)
    assert outcome_header("vulnerable_share (mean)", "nl").endswith("(gemiddelde)")
    assert len(set(COLUMNS.values())) == len(COLUMNS)
