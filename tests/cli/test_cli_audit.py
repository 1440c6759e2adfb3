"""Defects of the user audit of 2026-12-06, on the shared real-data store.

* ``kloof allocate explain``: the composition's confidence in the run's language, lines
  wrapped to the terminal (80 columns);
* ``kloof monitor areas``: confidence marks in the run's language in the table, the
  set's own text in ``--yaml``;
* ``kloof index build``: a domain left without data named in the run's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kloof.cli.main import app
from kloof.report.confidence import confidence_mark, confidence_text, wrap_lines

runner = CliRunner()


def _kloof(store: Path, lang: str, *args: str, columns: int = 80) -> Any:
    return runner.invoke(
        app, ["--store", str(store), "--lang", lang, *args], env={"COLUMNS": str(columns)}
    )


def test_confidence_text_translates_the_mark_and_keeps_the_note() -> None:
    text = "medium [M] (buurt names [H] from verbeterbreda.nl; sum 60,760)"
    assert confidence_text(text, "en") == text
    assert confidence_text(text, "nl") == (
        "middel [M]; bronnotitie (Engels): buurt names [H] from verbeterbreda.nl; sum 60,760"
    )
    assert confidence_mark("'low-medium [L/M] (no source)'", "nl") == "laag-middel [L/M]"
    assert confidence_text("high", "nl") == "hoog"
    assert confidence_text("see the note", "nl") == "see the note"  # no mark: as written


def test_wrap_lines_continues_under_the_indentation() -> None:
    line = "  label: " + " ".join(["word"] * 30)
    out = wrap_lines(line + "\nshort", 40).splitlines()
    assert max(len(x) for x in out) <= 40 and out[-1] == "short"
    assert all(x.startswith("      ") for x in out[1:-1])
    assert " ".join(x.strip() for x in out[:-1]) == line.strip()


@pytest.mark.realdata
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_allocate_explain_confidence_in_the_language_within_80_columns(
    full_store_path: Path, lang: str
) -> None:
    result = _kloof(full_store_path, lang, "allocate", "explain", "pmg2025", "breda-noord")
    assert result.exit_code == 0, result.output
    out = result.output
    assert max(len(line) for line in out.splitlines()) <= 80, out
    flat = " ".join(line.strip() for line in out.splitlines())
    if lang == "nl":
        assert "samenstelling, betrouwbaarheid: middel [M]; bronnotitie (Engels): buurt" in flat
        assert "medium [M]" not in flat
    else:
        assert "composition, confidence: medium [M] (buurt names" in flat


@pytest.mark.realdata
def test_monitor_areas_confidence_marks_in_dutch_and_yaml_as_written(
    full_store_path: Path,
) -> None:
    wide = _kloof(full_store_path, "nl", "monitor", "areas", columns=400)
    assert wide.exit_code == 0, wide.output
    assert "hoog; bronnotitie (Engels): stadsdeel named by NUL20" in wide.output
    assert "high (" not in wide.output
    english = _kloof(full_store_path, "en", "monitor", "areas", columns=400)
    assert "high (stadsdeel named by NUL20" in english.output
    yaml_out = _kloof(full_store_path, "nl", "monitor", "areas", "--yaml")
    assert "high (stadsdeel named by NUL20" in yaml_out.output  # the set's data, as written


@pytest.mark.realdata
@pytest.mark.parametrize(("lang", "name"), [("nl", "Veiligheid"), ("en", "Safety")])
def test_index_build_names_an_empty_domain_in_the_language(
    full_store_path: Path, lang: str, name: str
) -> None:
    args = ("index", "build", "--year", "2023", "--level", "wijk", "--top", "3")
    result = _kloof(full_store_path, lang, *args)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    lead = "domein(en) zonder gegevens weggelaten" if lang == "nl" else "without data left out"
    assert f"{lead}: {name}" in flat, flat[:800]
    assert "(Veiligheid)" not in flat and "safety" not in flat


@pytest.mark.realdata
@pytest.mark.parametrize(("lang", "said"), [("nl", "bestand bestaat niet"), ("en", "no such file")])
def test_data_cpi_names_a_missing_file(
    full_store_path: Path, tmp_path: Path, lang: str, said: str
) -> None:
    missing = tmp_path / "cpi-2024.csv"
    result = _kloof(full_store_path, lang, "data", "cpi", str(missing))
    assert result.exit_code == 1, result.output
    flat = " ".join(result.output.split())
    assert f"{missing}: {said}" in flat
    assert "Errno" not in flat and "No such file or directory" not in flat


@pytest.mark.realdata
def test_report_output_must_have_the_format_suffix(full_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "rep"
    args = ("report", "GM0363", "--format", "html", "--output", str(out))
    result = _kloof(full_store_path, "nl", *args, columns=200)
    assert result.exit_code == 2, result.output
    assert f"{out}: schrijf een van .html" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_domains_named_by_the_spec_or_the_catalogue() -> None:
    from kloof.cli._columns import domains_named

    msg = "no data for optional indicator(s) ['x']: left out, weights re-normalised"
    assert domains_named(msg, "en") == msg  # no domain left out: as written
    msg += "; domain(s) without data left out: safety, income"
    assert domains_named(msg, "en", "kloof").endswith("left out: Safety, Income and poverty")
    assert domains_named(msg, "nl").endswith("left out: Veiligheid, Inkomen")


@pytest.mark.realdata
def test_a_warning_outside_index_commands_names_the_domain(full_store_path: Path) -> None:
    args = ("spatial", "focus", "-s", "index", "--index", "kloof", "--year", "2023")
    result = _kloof(full_store_path, "en", *args)
    assert result.exit_code == 0, result.output
    assert "without data left out: Safety" in " ".join(result.output.split())
