"""``kloof index`` on the real store (everything `make demo` imports)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from kloof.cli.main import app
from kloof.index import CLASS_LABELS, CLASS_LABELS_EN

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
    table = pd.read_csv(out, encoding="utf-8-sig", sep=";", decimal=",")
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


def _words(labels: dict[int, str]) -> set[str]:
    """The words of class labels that the other language's labels do not use."""
    other = CLASS_LABELS_EN if labels is CLASS_LABELS else CLASS_LABELS
    mine = {w for label in labels.values() for w in label.split()}
    return mine - {w for label in other.values() for w in label.split()}


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("lang", "labels"), [("nl", CLASS_LABELS), ("en", CLASS_LABELS_EN)], ids=["nl", "en"]
)
def test_class_labels_speak_the_language(
    full_store_path: Path, lang: str, labels: dict[int, str]
) -> None:
    """``index build`` (table, CSV, JSON) and ``index explain`` show the nine classes in
    the run's language; Dutch stays the default."""
    other = CLASS_LABELS_EN if lang == "nl" else CLASS_LABELS
    build = ("index", "build", "--year", "2023", "--level", "wijk")
    head = ["--store", str(full_store_path)] + (["--lang", lang] if lang == "en" else [])
    env = {"COLUMNS": "80"}
    table = runner.invoke(app, [*head, *build, "--top", "40"], env=env)
    assert table.exit_code == 0, table.output
    words = set(table.stdout.split())
    assert words & _words(labels), table.stdout
    assert not words & _words(other), table.stdout
    csv = runner.invoke(app, [*head, *build, "--format", "csv"], env=env)
    assert csv.exit_code == 0, csv.output
    frame = pd.read_csv(io.StringIO(csv.stdout))
    scored = frame[frame["class"].notna()]
    assert list(scored["class_label"]) == [labels[int(c)] for c in scored["class"]]
    rows = json.loads(runner.invoke(app, [*head, *build, "--format", "json"], env=env).stdout)
    assert {r["class_label"] for r in rows if r["class"] is not None} <= set(labels.values())
    explain = runner.invoke(app, [*head, "index", "explain", "WK059910", "--year", "2023"], env=env)
    assert explain.exit_code == 0, explain.output
    first = " ".join(explain.stdout.split())  # the summary line may wrap at 80 columns
    cls = int(scored.loc[scored["code"] == "WK059910", "class"].iloc[0])
    assert f"{cls} {labels[cls]}" in first, first
    assert other[cls] not in first


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
