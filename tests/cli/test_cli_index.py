"""``kloof index`` on the real store (everything `make demo` imports)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from kloof.cli.main import app

runner = CliRunner()


def _kloof(store: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--store", str(store), *args])
    return result.exit_code, result.output


@pytest.mark.realdata
def test_build_to_csv_has_the_promised_columns(full_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "wijken.csv"
    code, text = _kloof(
        full_store_path, "index", "build", "--year", "2023", "--level", "wijk", "--output", str(out)
    )
    assert code == 0, text
    table = pd.read_csv(out, encoding="utf-8-sig")
    for col in ("code", "name", "index", "rank", "decile", "class", "gap", "income", "work"):
        assert col in table.columns
    scored = table[table["index"].notna()]
    assert len(scored) > 3000
    assert scored["rank"].min() == 1
    # reference is NL = 100: the population-weighted mean gap is close to zero
    assert abs(scored["gap"].median()) < 10
    screened = table[table["index"].isna()]
    assert screened["screened"].notna().all()


@pytest.mark.realdata
def test_explain_and_screened(full_store_path: Path) -> None:
    code, text = _kloof(full_store_path, "index", "explain", "WK059910", "--year", "2023")
    assert code == 0, text
    assert "WK059910" in text and "klasse" in text
    code, text = _kloof(full_store_path, "index", "explain", "WK999999", "--year", "2023")
    assert code == 1 and "staat niet in de wijk-gegevens" in text  # Dutch by default


@pytest.mark.realdata
def test_uncertainty_and_audit(full_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "mc.xlsx"
    code, text = _kloof(
        full_store_path,
        "index",
        "uncertainty",
        "--runs",
        "20",
        "--level",
        "gemeente",
        "--year",
        "2023",
        "--output",
        str(out),
    )
    assert code == 0, text
    table = pd.read_excel(out, sheet_name="uncertainty", engine="calamine")
    assert (table["index_p05"] <= table["index_p95"]).all()
    code, text = _kloof(full_store_path, "index", "audit", "--level", "gemeente", "--year", "2023")
    assert code == 0, text


def test_presets_and_bad_spec(tmp_path: Path) -> None:
    code, text = _kloof(tmp_path / "s.duckdb", "index", "presets")
    assert code == 0 and "kloof" in text and "imd" in text
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ndomains: []\n")
    store = tmp_path / "s.duckdb"
    from kloof.store import open_store

    open_store(store).close()
    code, text = _kloof(store, "index", "build", "--spec", str(bad))
    assert code == 1 and "Traceback" not in text
