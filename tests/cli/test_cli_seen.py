"""What an analyst sees on an 80-column Dutch terminal: no ids, no reprs, whole numbers.

Each test runs a documented command in-process on the shared real-data store at
``COLUMNS=80`` in Dutch (the default) and checks one defect that was found by running
them as a user would: English column ids and values in Dutch tables, a Python list in
``data status``, a table sent to the vertical view by one unbreakable cell, a summary
of ids, counts without a thousands separator in notes, JSON rounded to 10 decimals, an
empty table, an English error, a number wrapped into two.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from kloof.cli._table import keep_numbers
from kloof.cli.main import app
from kloof.report.messages import note_text

pytestmark = pytest.mark.realdata

runner = CliRunner()


def _run(store: Path, *args: str, **env: str) -> Any:
    return runner.invoke(app, ["--store", str(store), *args], env={"COLUMNS": "80", **env})


def _fits(text: str) -> None:
    assert max(len(line) for line in text.splitlines()) <= 80, text


def _headers(text: str) -> str:
    """The header rows of every table in ``text``, one string."""
    return " ".join(line for line in text.splitlines() if line.startswith("┃"))


def test_data_status_writes_years_not_a_python_list(full_store_path: Path) -> None:
    result = _run(full_store_path, "data", "status")
    assert result.exit_code == 0, result.output
    sources = result.stdout.split("bronnen", 1)[1]
    assert "[" not in sources and "]" not in sources, sources
    assert re.search(r"│ 20\d\d–20\d\d\s+│", sources), sources  # the KWB panel: a span
    assert "85618NED" in sources  # the CBS table id stays (the kind is left out first)
    _fits(result.stdout)


def test_indicator_domains_by_their_dutch_name(full_store_path: Path) -> None:
    result = _run(full_store_path, "data", "indicators", "--domain", "population")
    assert result.exit_code == 0, result.output
    assert "Bevolking en huishoudens" in result.stdout
    assert not re.search(r"\bpopulation\b", result.stdout)  # ids such as population_density stay


def test_index_tables_name_domains_not_ids(full_store_path: Path) -> None:
    built = _run(full_store_path, "index", "build", "--year", "2023", "--top", "3")
    assert built.exit_code == 0, built.output
    dropped = [line for line in built.stderr.splitlines() if "weggelaten om" in line]
    assert dropped and "Inkomen en armoede" in dropped[0], built.stderr
    assert not re.search(r"\b(income|work|housing)\b", dropped[0])
    wide = runner.invoke(
        app,
        ["--store", str(full_store_path), "index", "build", "--year", "2023", "--top", "3"],
        env={"COLUMNS": "200"},
    )
    assert "Werk en uitkeringen" in _headers(wide.stdout) and "Index" in _headers(wide.stdout)

    explained = _run(full_store_path, "index", "explain", "WK059910", "--year", "2023")
    assert explained.exit_code == 0, explained.output
    assert "Inkomen en" in explained.stdout and not re.search(r"│ income\s", explained.stdout)
    assert "persons_bottom40_pct" not in explained.stdout  # the indicator's name instead
    assert "Genormaliseerd" in _headers(explained.stdout)  # a header word is not broken
    _fits(explained.stdout.split("\n", 1)[1])  # the first line is a sentence


def test_audit_is_a_dutch_table(full_store_path: Path) -> None:
    result = _run(full_store_path, "index", "audit", "--year", "2023")
    assert result.exit_code == 0, result.output
    assert "┏" in result.stdout  # a table, not one "header: value" line per field
    heads = _headers(result.stdout)
    assert "Sterkte" in heads and "Pearson" in heads
    for english in ("pearson", "strength", "weighted", "moderate", "weak", "strong"):
        assert english not in result.stdout, english
    assert re.search(r"\b(zwak|matig|sterk)\b", result.stdout)
    _fits(result.stdout)


def test_uncertainty_shows_both_bounds_of_the_interval(full_store_path: Path) -> None:
    result = _run(full_store_path, "index", "uncertainty", "--runs", "20", "--year", "2023")
    assert result.exit_code == 0, result.output
    heads = _headers(result.stdout)
    assert "Index p5" in heads and "Index p95" in heads, heads
    assert "index_p" not in result.output and "rank_" not in result.output
    _fits(result.stdout)


def test_hot_spot_clusters_fit_as_a_table(full_store_path: Path) -> None:
    args = ("spatial", "hotspots", "--index", "kloof", "--year", "2023")
    result = _run(full_store_path, *args)
    assert result.exit_code == 0, result.output
    assert "┏" in result.stdout and "Gemeenten" in _headers(result.stdout), result.stdout[:800]
    assert "9.999 permutaties" in result.stderr  # a count in a note: thousands separated
    _fits(result.stdout)
    csv = _run(full_store_path, *args, "--format", "csv")
    assert "; " not in csv.stdout  # CSV keeps "GM0363;GM0376"


def test_focus_comparison_in_words(full_store_path: Path) -> None:
    args = ("spatial", "focus", "-s", "index", "--index", "kloof", "--year", "2023")
    result = _run(full_store_path, *args, "--compare", "nplv")
    assert result.exit_code == 0, result.output
    assert "Jaccard (inwoners)" in result.stderr
    for key in ("jaccard_residents", "residents_both", "areas_missed", "candidates_not"):
        assert key not in result.output, key


def test_gap_names_index_domains_and_indicators(full_store_path: Path) -> None:
    args = ("spatial", "gap", "-i", "bijstand_per_1000", "--index", "kloof", "--year", "2023")
    result = _run(full_store_path, *args)
    assert result.exit_code == 0, result.output
    assert "Inkomen en" in result.stdout and "Bijstand per" in result.stdout
    assert not re.search(r"│ (income|work|housing|bijstand_per_1000)\s", result.stdout)
    _fits(result.stdout)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "3481 regions: 3195 ok, 280 missing, 6 no_geometry, 0 island",
            "3.481 gebieden: 3.195 bruikbaar, 280 zonder waarde, 6 zonder grens, 0 eilanden",
        ),
        ("inhabitants among 2023: 14421 regions, 342 areas", "14.421 gebieden, 342 eenheden"),
    ],
)
def test_counts_in_notes_have_thousands_separators(message: str, expected: str) -> None:
    assert expected in note_text(message, "nl")
    assert note_text(message, "en") == message


def test_json_keeps_every_digit(full_store_path: Path) -> None:
    args = ("index", "build", "--year", "2023", "--level", "gemeente")
    records = json.loads(_run(full_store_path, *args, "--format", "json").stdout)
    import io

    csv = pd.read_csv(io.StringIO(_run(full_store_path, *args, "--format", "csv").stdout))
    from_json = pd.DataFrame(records)
    for column in ("index", "gap", "percentile"):
        assert from_json[column].tolist() == csv[column].tolist(), column


def test_monitor_series_dutch_headers_and_no_empty_table(full_store_path: Path) -> None:
    result = _run(full_store_path, "monitor", "series", "rotterdam-zuid")
    assert result.exit_code == 0, result.output
    heads = _headers(result.stdout)
    assert "Rest" in heads and "Kloof t.o.v." in heads, heads
    assert "rest_of" not in result.output and "gap_" not in result.output
    assert "Bijstand per 1.000 inwoners" in result.stdout  # a title names the indicator
    # every table has a row: a table header is never followed directly by its bottom
    assert not re.search(r"┡[━╇]+┩\n└", result.stdout), result.stdout
    _fits(result.stdout)


def test_monitor_tasks_is_a_table(full_store_path: Path) -> None:
    result = _run(full_store_path, "monitor", "tasks", "rotterdam-zuid")
    assert result.exit_code == 0, result.output
    assert "┏" in result.stdout and "Opgave" in _headers(result.stdout)
    assert "task:" not in result.stdout and "gap_" not in result.output
    _fits(result.stdout)


def test_monitor_evaluate_says_its_verdict_in_dutch(full_store_path: Path) -> None:
    args = ("monitor", "evaluate", "rotterdam-zuid", "--start", "2022", "--placebos", "50")
    result = _run(full_store_path, *args)
    assert result.exit_code == 0, result.output
    for english in ("verdict", "p_value", "effect by year", "in-time placebos", "placebo_time"):
        assert english not in result.stdout, english
    assert "Oordeel" in result.stdout or "Oordeel" in _headers(result.stdout)
    # the data, the assumptions and why not per wijk: Dutch sentences, no Python lists
    assert "behandelde eenhe(i)d(en) tegen" in result.stderr
    assert "veronderstelt: parallelle trends" in result.stderr
    assert "treated unit" not in result.output and "parallel trends" not in result.output
    assert not re.search(r"\[[\d, ]*\]", result.output), result.output
    # a narrow table is as wide as its title: the title on one line
    assert "verschil in verschillen: effect per jaar" in result.stdout


def test_prices_without_cpi_is_a_dutch_error(full_store_path: Path) -> None:
    args = ("monitor", "series", "rotterdam-zuid", "-i", "income_per_inhabitant")
    result = _run(full_store_path, *args, "--prices", "2024")
    assert result.exit_code == 1
    assert "consumentenprijsindex" in result.output and "needs" not in result.output


def test_a_number_in_a_label_is_never_wrapped_apart(full_store_path: Path) -> None:
    assert keep_numbers("per 1 000 inwoners", "nl") == "per 1.000 inwoners"
    assert keep_numbers("per 1 000 inhabitants", "en") == "per 1,000 inhabitants"
    assert keep_numbers("Wijk 12 Hoensbroek, 2016 2017", "nl") == "Wijk 12 Hoensbroek, 2016 2017"
    result = _run(full_store_path, "data", "show", "GM0363", "--year", "2023")
    assert "per 1.000 inwoners" in result.stdout
    assert not re.search(r"\b1\s*│?\s*\n?│?\s*000\b", result.stdout)


def test_monitor_areas_is_a_dutch_table(full_store_path: Path) -> None:
    result = _run(full_store_path, "monitor", "areas")
    assert result.exit_code == 0, result.output
    assert "┏" in result.stdout and "(versie " in result.stdout
    heads = _headers(result.stdout)
    assert "Naam" in heads and "Codes" in heads and "Inwoners" in heads
    assert "n_codes" not in result.output and "programme" not in result.output
    _fits(result.stdout)


def test_segregation_title_names_the_group(full_store_path: Path) -> None:
    args = ("spatial", "segregation", "--group", "bijstand_recipients", "--top", "3")
    result = _run(full_store_path, *args)
    assert result.exit_code == 0, result.output
    assert "segregatie Personen met bijstand" in result.stdout


def test_a_value_that_is_not_zero_never_reads_as_zero() -> None:
    from kloof.cli._output import Rows, display_frame, display_rows

    frame = pd.DataFrame({"p": [0.5, 0.00004, 0.0, -2e-15]})
    cells = list(display_frame(frame, "nl")["p"])
    assert cells == ["0,5000", "0,000040", "0,0000", ">-0,000000000001"]
    rows, _ = display_rows(Rows(("p",), [(0.5,), (0.00004,)]), "en")
    assert rows["p"] == ["0.5000", "0.000040"]


def test_errors_of_allocate_plans_and_focus_in_dutch(full_store_path: Path, tmp_path: Path) -> None:
    result = _run(full_store_path, "allocate", "nope")
    assert result.exit_code == 1
    assert "geen regelbestand 'nope' en geen scenario" in result.output
    plans = f"sqlite:///{tmp_path / 'plans.db'}"
    result = _run(full_store_path, "plans", "init", "nowhere", KLOOF_PLANS_DB=plans)
    assert result.exit_code == 1
    assert "'nowhere' is geen gebied van nplv of dichtdekloof" in result.output
    # -s index without --index: a usage error at once, not "no column 'index'" after the work
    result = _run(full_store_path, "spatial", "focus", "-s", "index", "--year", "2023")
    assert result.exit_code == 2
    assert "-s index heeft --index nodig" in result.output and "buren" not in result.output


def test_winners_and_losers_keep_the_difference(full_store_path: Path) -> None:
    result = _run(full_store_path, "allocate", "pmg2025", "--compare", "dichtdekloof2021")
    assert result.exit_code == 0, result.output
    compared = result.stdout.split("winnaars en verliezers", 1)[1]
    heads = _headers(compared)
    assert "Bedrag" in heads and "Vergeleken" in heads and "Verschil" in heads, heads
    for english in ("difference", "outcome", "other"):
        assert english not in result.output, english
    assert re.search(r"│ +−€ [\d.]+ │", compared)  # a loser's difference, in euros
    _fits(result.stdout)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (  # a decimal of three digits is no thousands group: 0,001 stays 0,001
            "with 999 permutations the smallest pseudo p-value is 0.001; fdr over 3250 "
            "regions needs about 1 regions at that level",
            "pseudo-p-waarde 0,001; fdr over 3.250 gebieden",
        ),
        (
            "heerlen-noord: in-space placebos are not centred on zero (mean 1.234): the "
            "estimator is biased for this donor pool; estimate, interval and p-value are "
            "corrected by the placebo median (1.5; uncorrected 2,345.5)",
            "heerlen-noord: placebo's over donoren liggen niet rond nul (gemiddelde 1,234)",
        ),
    ],
)
def test_decimals_in_notes_stay_decimals(message: str, expected: str) -> None:
    text = note_text(message, "nl")
    assert expected in text, text
    assert "ongecorrigeerd 2.345,5" in text or "2,345" not in message


def test_written_files_counted_and_named_in_dutch(full_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "wijken.csv"
    args = ("data", "export", str(out), "--year", "2023", "--level", "wijk")
    result = _run(full_store_path, *args, "-i", "social_rent_pct")
    assert result.exit_code == 0, result.output
    assert re.search(r"\b\d\.\d{3} rijen →", result.output), result.output  # 3.352, not 3352
    args = ("spatial", "gap", "-i", "income_per_inhabitant", "--year", "2023", "--spatial-gini")
    gap = _run(full_store_path, *args)
    assert gap.exit_code == 0, gap.output
    assert "spatial_gini" not in gap.output and "(ruimtelijke" in gap.stdout
